// AccountService over a real channel: creating accounts and their tokens, disabling, issuing,
// revoking and listing tokens, and what each credential state means for authentication.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gfo/v1/account.grpc.pb.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "service/audit_log.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;
using grpc::StatusCode;

class AccountsService : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    stub_ = v1::AccountService::NewStub(server_->channel());
  }

  // A context with an arbitrary bearer token.
  std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  grpc::Status WhoAmI(const std::string& token, v1::Account* out = nullptr) {
    v1::Account ignored;
    return stub_->GetCurrentAccount(WithToken(token).get(), {}, out ? out : &ignored);
  }

  v1::CreateAccountResponse Create(v1::Role role, int32_t municipality = 0,
                                   const std::string& display_name = "Anna Andersson") {
    v1::CreateAccountRequest request;
    request.mutable_account()->set_display_name(display_name);
    request.mutable_account()->set_role(role);
    request.mutable_account()->set_municipality_code(municipality);
    v1::CreateAccountResponse response;
    grpc::Status s = stub_->CreateAccount(Admin().get(), request, &response);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return response;
  }

  std::unique_ptr<grpc::ClientContext> Admin() { return server_->Context(Who::kAdmin); }

  // Issues `account` one more token (default lifetime) into `out` and checks that it
  // authenticates; a fatal failure when either call fails.
  void IssueWorkingToken(const std::string& account, v1::IssueTokenResponse* out) {
    v1::IssueTokenRequest issue;
    issue.set_account(account);
    GFO_ASSERT_OK(stub_->IssueToken(Admin().get(), issue, out));
    GFO_ASSERT_OK(WhoAmI(out->token()));
  }

  // The last audit event in the database.
  v1::AuditEvent LastEvent() {
    v1::AuditEvent last;
    EXPECT_TRUE(server_->server()
                    .database()
                    .Read([&](storage::Db& db) {
                      return audit::Scan(db, {}, {}, 0, [&](const v1::AuditEvent& e) {
                        last = e;
                        return true;
                      });
                    })
                    .ok());
    return last;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::AccountService::Stub> stub_;
};

TEST_F(AccountsService, CreateReturnsTheTokenOnceAndItAuthenticatesAsTheNewAccount) {
  const v1::CreateAccountResponse created = Create(v1::ROLE_CASE_WORKER, 2280, "Karin Berg");
  EXPECT_TRUE(created.account().name().starts_with("accounts/"));
  EXPECT_EQ(created.account().display_name(), "Karin Berg");
  EXPECT_FALSE(created.account().disabled());
  EXPECT_TRUE(created.account().has_create_time());
  EXPECT_TRUE(created.token().starts_with("gfo_"));
  EXPECT_TRUE(created.token_info().name().starts_with(created.account().name() + "/tokens/"));
  // Default lifetime: 90 days from the (fake) clock.
  EXPECT_EQ(
      created.token_info().expire_time().seconds() - created.token_info().create_time().seconds(),
      90 * 24 * 3600);

  v1::Account me;
  GFO_ASSERT_OK(WhoAmI(created.token(), &me));
  EXPECT_EQ(me.name(), created.account().name());
  EXPECT_EQ(me.role(), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(me.municipality_code(), 2280);

  // The audit event names the account and the token, never the token itself.
  v1::ListAuditEventsRequest list;
  list.mutable_filter()->set_method("CreateAccount");
  auto audit = v1::AuditService::NewStub(server_->channel());
  v1::ListAuditEventsResponse events;
  GFO_ASSERT_OK(audit->ListAuditEvents(server_->Context(Who::kAuditor).get(), list, &events));
  ASSERT_EQ(events.events_size(), 1);
  EXPECT_THAT(events.events(0).resources(),
              ::testing::ElementsAre(created.account().name(), created.token_info().name()));
  EXPECT_EQ(events.events(0).SerializeAsString().find(created.token()), std::string::npos);
}

TEST_F(AccountsService, CreateRefusesBadInputNamingTheField) {
  struct Case {
    std::string label;
    std::function<void(v1::CreateAccountRequest&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"no account", [](auto& r) { r.clear_account(); }, "account"},
      {"empty name", [](auto& r) { r.mutable_account()->set_display_name(""); },
       "account.display_name"},
      {"long name", [](auto& r) { r.mutable_account()->set_display_name(std::string(101, 'a')); },
       "account.display_name"},
      {"no role", [](auto& r) { r.mutable_account()->set_role(v1::ROLE_UNSPECIFIED); },
       "account.role"},
      {"case worker without municipality",
       [](auto& r) {
         r.mutable_account()->set_role(v1::ROLE_CASE_WORKER);
         r.mutable_account()->set_municipality_code(0);
       },
       "account.municipality_code"},
      {"unregistered municipality",
       [](auto& r) {
         r.mutable_account()->set_role(v1::ROLE_CASE_WORKER);
         r.mutable_account()->set_municipality_code(1280);
       },
       "account.municipality_code"},
      {"municipality for staff", [](auto& r) { r.mutable_account()->set_municipality_code(2280); },
       "account.municipality_code"},
      {"zero ttl", [](auto& r) { r.mutable_token_ttl()->set_seconds(0); }, "token_ttl"},
      {"ttl over 400 days", [](auto& r) { r.mutable_token_ttl()->set_seconds(401LL * 24 * 3600); },
       "token_ttl"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    v1::CreateAccountRequest request;
    request.mutable_account()->set_display_name("Erik Ek");
    request.mutable_account()->set_role(v1::ROLE_GFO_STAFF);
    c.change(request);
    v1::CreateAccountResponse response;
    EXPECT_THAT(stub_->CreateAccount(Admin().get(), request, &response),
                StatusIs(StatusCode::INVALID_ARGUMENT, c.field + ":"));
  }
  v1::ListAccountsResponse all;
  GFO_ASSERT_OK(stub_->ListAccounts(Admin().get(), {}, &all));
  EXPECT_EQ(all.accounts_size(), 6);  // the test server's six; nothing was created
}

TEST_F(AccountsService, CertificateSubjectsAreUnique) {
  v1::CreateAccountRequest request;
  request.mutable_account()->set_display_name("Service");
  request.mutable_account()->set_role(v1::ROLE_AUDITOR);
  request.mutable_account()->set_certificate_subject("CN=auditor,O=GFO");
  v1::CreateAccountResponse response;
  GFO_ASSERT_OK(stub_->CreateAccount(Admin().get(), request, &response));
  EXPECT_EQ(response.account().certificate_subject(), "CN=auditor,O=GFO");
  EXPECT_THAT(stub_->CreateAccount(Admin().get(), request, &response),
              StatusIs(StatusCode::ALREADY_EXISTS, "account.certificate_subject"));
}

TEST_F(AccountsService, ListPagesThroughEveryAccount) {
  for (int i = 0; i < 5; ++i) Create(v1::ROLE_GFO_STAFF);
  v1::ListAccountsRequest request;
  request.set_page_size(4);
  std::vector<std::string> names;
  int pages = 0;
  do {
    v1::ListAccountsResponse page;
    GFO_ASSERT_OK(stub_->ListAccounts(Admin().get(), request, &page));
    for (const auto& a : page.accounts()) names.push_back(a.name());
    request.set_page_token(page.next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(names.size(), 11u);
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i], absl::StrCat("accounts/", i + 1));

  request.set_page_token("not-a-token");
  v1::ListAccountsResponse page;
  EXPECT_THAT(stub_->ListAccounts(Admin().get(), request, &page),
              StatusIs(StatusCode::INVALID_ARGUMENT, "page_token"));
  request.set_page_token("");
  request.set_page_size(-1);
  EXPECT_THAT(stub_->ListAccounts(Admin().get(), request, &page),
              StatusIs(StatusCode::INVALID_ARGUMENT, "page_size"));
}

TEST_F(AccountsService, DisableRevokesEveryTokenAndNeedsAReason) {
  const v1::CreateAccountResponse created = Create(v1::ROLE_GFO_STAFF);
  v1::IssueTokenResponse second;
  ASSERT_NO_FATAL_FAILURE(IssueWorkingToken(created.account().name(), &second));

  v1::DisableAccountRequest disable;
  disable.set_name(created.account().name());
  v1::Account account;
  EXPECT_THAT(stub_->DisableAccount(Admin().get(), disable, &account),
              StatusIs(StatusCode::INVALID_ARGUMENT, "reason: required"));
  GFO_ASSERT_OK(WhoAmI(created.token()));

  disable.set_reason("left the organisation");
  GFO_ASSERT_OK(stub_->DisableAccount(Admin().get(), disable, &account));
  EXPECT_TRUE(account.disabled());
  EXPECT_THAT(WhoAmI(created.token()), StatusIs(StatusCode::UNAUTHENTICATED, ""));
  EXPECT_THAT(WhoAmI(second.token()), StatusIs(StatusCode::UNAUTHENTICATED, ""));

  v1::ListTokensRequest list;
  list.set_account(created.account().name());
  v1::ListTokensResponse tokens;
  GFO_ASSERT_OK(stub_->ListTokens(Admin().get(), list, &tokens));
  ASSERT_EQ(tokens.tokens_size(), 2);
  for (const auto& t : tokens.tokens()) EXPECT_TRUE(t.revoked());

  EXPECT_THAT(stub_->DisableAccount(Admin().get(), disable, &account),
              StatusIs(StatusCode::FAILED_PRECONDITION, "already disabled"));
  v1::IssueTokenRequest issue;
  issue.set_account(created.account().name());
  EXPECT_THAT(stub_->IssueToken(Admin().get(), issue, &second),
              StatusIs(StatusCode::FAILED_PRECONDITION, "disabled"));
  disable.set_name("accounts/999");
  EXPECT_THAT(stub_->DisableAccount(Admin().get(), disable, &account),
              StatusIs(StatusCode::NOT_FOUND, "accounts/999"));
}

TEST_F(AccountsService, AnAdminCannotDisableItself) {
  v1::DisableAccountRequest disable;
  disable.set_name(server_->account(Who::kAdmin));
  disable.set_reason("oops");
  v1::Account account;
  EXPECT_THAT(stub_->DisableAccount(Admin().get(), disable, &account),
              StatusIs(StatusCode::FAILED_PRECONDITION, "own account"));
  GFO_ASSERT_OK(WhoAmI(server_->token(Who::kAdmin)));
}

TEST_F(AccountsService, RevokedTokensStopWorkingAndOtherTokensDoNot) {
  const v1::CreateAccountResponse created = Create(v1::ROLE_AUDITOR);
  v1::IssueTokenRequest issue;
  issue.set_account(created.account().name());
  issue.mutable_token_ttl()->set_seconds(3600);
  v1::IssueTokenResponse second;
  GFO_ASSERT_OK(stub_->IssueToken(Admin().get(), issue, &second));
  EXPECT_NE(second.token(), created.token());
  // Used once first, so the server has it in its credential cache when it is revoked.
  GFO_ASSERT_OK(WhoAmI(created.token()));

  v1::RevokeTokenRequest revoke;
  revoke.set_name(created.token_info().name());
  v1::TokenInfo info;
  GFO_ASSERT_OK(stub_->RevokeToken(Admin().get(), revoke, &info));
  EXPECT_TRUE(info.revoked());
  EXPECT_THAT(WhoAmI(created.token()), StatusIs(StatusCode::UNAUTHENTICATED, "revoked"));
  GFO_ASSERT_OK(WhoAmI(second.token()));
  GFO_ASSERT_OK(stub_->RevokeToken(Admin().get(), revoke, &info));  // again: no change
  EXPECT_TRUE(info.revoked());

  revoke.set_name(
      absl::StrCat(server_->account(Who::kStaff), "/tokens/",
                   created.token_info().name().substr(created.token_info().name().rfind('/') + 1)));
  EXPECT_THAT(stub_->RevokeToken(Admin().get(), revoke, &info),
              StatusIs(StatusCode::NOT_FOUND, revoke.name()));
  revoke.set_name("tokens/1");
  EXPECT_THAT(stub_->RevokeToken(Admin().get(), revoke, &info),
              StatusIs(StatusCode::INVALID_ARGUMENT, "name:"));
}

TEST_F(AccountsService, ExpiredTokensAreRefusedOnceTheClockPassesTheirExpiry) {
  const v1::CreateAccountResponse created = Create(v1::ROLE_GFO_STAFF);
  GFO_ASSERT_OK(WhoAmI(created.token()));
  server_->clock().Advance(absl::Hours(24 * 90) - absl::Seconds(1));
  GFO_ASSERT_OK(WhoAmI(created.token()));
  server_->clock().Advance(absl::Seconds(1));
  EXPECT_THAT(WhoAmI(created.token()), StatusIs(StatusCode::UNAUTHENTICATED, "expired"));
}

TEST_F(AccountsService, UnknownAndMalformedCredentialsAreUnauthenticated) {
  EXPECT_THAT(WhoAmI("gfo_not-a-real-token"), StatusIs(StatusCode::UNAUTHENTICATED, "unknown"));
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Basic abc");
  v1::Account me;
  EXPECT_THAT(stub_->GetCurrentAccount(ctx.get(), {}, &me),
              StatusIs(StatusCode::UNAUTHENTICATED, "Bearer"));
  EXPECT_THAT(stub_->GetCurrentAccount(server_->Context(Who::kNobody).get(), {}, &me),
              StatusIs(StatusCode::UNAUTHENTICATED, "missing"));
}

TEST_F(AccountsService, ListTokensShowsMetadataButNeverTheTokenOrItsHash) {
  const v1::CreateAccountResponse created = Create(v1::ROLE_GFO_STAFF);
  v1::ListTokensRequest list;
  list.set_account(created.account().name());
  v1::ListTokensResponse tokens;
  GFO_ASSERT_OK(stub_->ListTokens(Admin().get(), list, &tokens));
  ASSERT_EQ(tokens.tokens_size(), 1);
  EXPECT_EQ(tokens.tokens(0).name(), created.token_info().name());
  EXPECT_FALSE(tokens.tokens(0).revoked());
  const std::string wire = tokens.SerializeAsString();
  EXPECT_EQ(wire.find(created.token()), std::string::npos);
  EXPECT_EQ(wire.find(created.token().substr(4, 16)), std::string::npos);
  EXPECT_EQ(LastEvent().resources(0), created.account().name());

  list.set_account("accounts/999");
  EXPECT_THAT(stub_->ListTokens(Admin().get(), list, &tokens),
              StatusIs(StatusCode::NOT_FOUND, "accounts/999"));
}

TEST_F(AccountsService, OnlyTheHashOfATokenReachesTheDatabaseFile) {
  const v1::CreateAccountResponse created = Create(v1::ROLE_GFO_STAFF);
  v1::IssueTokenResponse second;
  ASSERT_NO_FATAL_FAILURE(IssueWorkingToken(created.account().name(), &second));
  // Check the file and its write-ahead log both while serving and after a clean stop.
  auto bytes_of = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  for (int round = 0; round < 2; ++round) {
    const std::string db = bytes_of(server_->db_path()) + bytes_of(server_->db_path() + "-wal");
    ASSERT_GT(db.size(), 0u);
    for (const std::string& token : {created.token(), second.token(), server_->token(Who::kAdmin),
                                     server_->token(Who::kStaff)}) {
      EXPECT_EQ(db.find(token), std::string::npos) << "round " << round;
      EXPECT_EQ(db.find(token.substr(4)), std::string::npos) << "round " << round;
    }
    server_->Stop();
  }
}

}  // namespace
}  // namespace gfo::testing
