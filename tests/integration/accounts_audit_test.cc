// The audit trail over a real channel: what one event records, "who looked at X", tamper
// evidence found by VerifyAuditChain and `gfo audit verify`, and that neither SQL nor the API
// can change or delete events.

#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cli/gfo_cli.h"
#include "gfo/v1/account.grpc.pb.h"
#include "gfo/v1/admin.grpc.pb.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/municipality.grpc.pb.h"
#include "gfo/v1/proposal.grpc.pb.h"
#include "service/server.h"
#include "service/storage/database.h"
#include "tests/support/cli_runner.h"
#include "tests/support/db_queries.h"
#include "tests/support/reader_blocker.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;
using grpc::StatusCode;

class AccountsAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    accounts_ = v1::AccountService::NewStub(server_->channel());
    audit_ = v1::AuditService::NewStub(server_->channel());
  }

  std::vector<v1::AuditEvent> List(const v1::AuditFilter& filter) {
    v1::ListAuditEventsRequest request;
    *request.mutable_filter() = filter;
    request.set_page_size(1000);
    v1::ListAuditEventsResponse response;
    grpc::Status s =
        audit_->ListAuditEvents(server_->Context(Who::kAuditor).get(), request, &response);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return {response.events().begin(), response.events().end()};
  }

  v1::AuditEvent LastEventOf(const std::string& method) {
    v1::AuditFilter filter;
    filter.set_method(method);
    std::vector<v1::AuditEvent> events = List(filter);
    EXPECT_FALSE(events.empty()) << method;
    return events.empty() ? v1::AuditEvent() : events.back();
  }

  // Runs SQL on the database file through a connection of the test's own, as someone with
  // access to the file would. Returns SQLite's result code; `error` gets its message.
  int RawSql(const std::string& sql, std::string* error = nullptr) {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open(server_->db_path().c_str(), &raw), SQLITE_OK);
    sqlite3_busy_timeout(raw, 5000);
    char* message = nullptr;
    const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &message);
    if (error != nullptr) *error = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(raw);
    return rc;
  }

  // Edits one byte of one column of one event, past the trigger.
  void TamperWith(int64_t sequence) {
    std::string error;
    ASSERT_EQ(
        RawSql(absl::StrCat("DROP TRIGGER audit_no_update; "
                            "UPDATE audit_events SET client_address = "
                            "substr(client_address, 1, length(client_address) - 1) || "
                            "CASE WHEN substr(client_address, -1) = '9' THEN '8' ELSE '9' END "
                            "WHERE sequence = ",
                            sequence, ";"),
               &error),
        SQLITE_OK)
        << error;
  }

  int Gfo(Who who, std::vector<std::string> args, std::string* out) {
    const CliResult r = RunGfoAs(*server_, who, args, {"--config", server_->dir() + "/gfo.json"});
    *out = r.out + r.err;
    return r.exit_code;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

TEST_F(AccountsAudit, AnAllowedCallRecordsWhoWhatWhenOutcomeWhereAndWhy) {
  auto ctx = server_->Context(Who::kCaseWorkerKramfors);
  ctx->AddMetadata("x-gfo-reason", "checking my own account");
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(ctx.get(), {}, &me));
  const v1::AuditEvent e = LastEventOf("gfo.v1.AccountService/GetCurrentAccount");
  EXPECT_EQ(e.account(), server_->account(Who::kCaseWorkerKramfors));
  EXPECT_EQ(e.role(), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(e.municipality_code(), 2282);
  EXPECT_EQ(e.status_code(), 0);
  EXPECT_EQ(e.reason(), "checking my own account");
  EXPECT_NE(e.client_address().find("127.0.0.1"), std::string::npos) << e.client_address();
  EXPECT_EQ(e.time().seconds(), absl::ToUnixSeconds(server_->clock().Now()));
  EXPECT_THAT(e.resources(), ::testing::ElementsAre(me.name()));
}

// A lookup by name reads in the write transaction that appends its event (Call::ReadRecorded):
// one commit holds the answer's record, and the event carries the lookup's own outcome.
TEST_F(AccountsAudit, ALookupIsRecordedOnceWithItsOwnOutcomeInOneCommit) {
  storage::Database& db = server_->server().database();
  auto homes = v1::HomeService::NewStub(server_->channel());
  auto proposals = v1::ProposalService::NewStub(server_->channel());

  int64_t commits = db.commits();
  int64_t writes = db.committed_writes();
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  EXPECT_EQ(db.commits() - commits, 1);
  EXPECT_EQ(db.committed_writes() - writes, 1);

  commits = db.commits();
  writes = db.committed_writes();
  v1::GetHomeRequest get_home;
  get_home.set_name("homes/424242");
  v1::Home home;
  EXPECT_THAT(homes->GetHome(server_->Context(Who::kStaff).get(), get_home, &home),
              StatusIs(StatusCode::NOT_FOUND, "homes/424242"));
  EXPECT_EQ(db.commits() - commits, 1);
  EXPECT_EQ(db.committed_writes() - writes, 1);

  v1::GetProposalRequest get_proposal;
  get_proposal.set_name("proposals/77");
  v1::Proposal proposal;
  EXPECT_THAT(proposals->GetProposal(server_->Context(Who::kCaseWorkerKramfors).get(), get_proposal,
                                     &proposal),
              StatusIs(StatusCode::NOT_FOUND, "proposals/77"));

  for (const auto& [method, resource, code] :
       {std::tuple{"gfo.v1.AccountService/GetCurrentAccount", me.name(), StatusCode::OK},
        std::tuple{"gfo.v1.HomeService/GetHome", std::string("homes/424242"),
                   StatusCode::NOT_FOUND},
        std::tuple{"gfo.v1.ProposalService/GetProposal", std::string("proposals/77"),
                   StatusCode::NOT_FOUND}}) {
    v1::AuditFilter filter;
    filter.set_method(method);
    const std::vector<v1::AuditEvent> events = List(filter);
    ASSERT_EQ(events.size(), 1u) << method;
    EXPECT_EQ(events[0].status_code(), static_cast<int>(code)) << method;
    EXPECT_THAT(events[0].resources(), ::testing::ElementsAre(resource)) << method;
  }
}

// The lookup reads on the writer, in the transaction of its event: it needs no reader connection,
// so it answers while the only reader is held (a list still waits for one).
TEST(AccountsAuditLookup, ALookupNeedsNoReaderConnection) {
  TestServerOptions options;
  options.readers = 1;
  auto server = TestServer::Start(options);
  auto accounts = v1::AccountService::NewStub(server->channel());
  v1::Account me;
  // The first call looks the token up on a reader; later calls find it in the cache.
  GFO_ASSERT_OK(accounts->GetCurrentAccount(server->Context(Who::kStaff).get(), {}, &me));
  ReaderBlocker blocker(*server);
  auto ctx = server->Context(Who::kStaff);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::Account again;
  GFO_ASSERT_OK(accounts->GetCurrentAccount(ctx.get(), {}, &again));
  EXPECT_EQ(again.name(), me.name());
  blocker.Release();
  EXPECT_EQ(QueryInt(*server,
                     "SELECT COUNT(*) FROM audit_events WHERE method = "
                     "'gfo.v1.AccountService/GetCurrentAccount' AND status_code = 0"),
            2);
}

// The trail holds no personal data: an identity number written into a reason is masked, other
// numbers are kept.
TEST_F(AccountsAudit, AnIdentityNumberInAReasonIsMasked) {
  auto ctx = server_->Context(Who::kStaff);
  // Percent-encoded as the CLI sends it: "–" is an en dash (U+2013), as pasted from documents.
  ctx->AddMetadata("x-gfo-reason",
                   "child 20150505-2348 and 1505052348 or 150505+2348, 150505%E2%80%932348, "
                   "150505 2348, case-201505052348, case SN-2026-0042, tel 070-1234567, "
                   "2026-12-07");
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(ctx.get(), {}, &me));
  EXPECT_EQ(LastEventOf("GetCurrentAccount").reason(),
            "child ********-**** and ********** or ******+****, ******\u2013****, ****** ****, "
            "case-************, case SN-2026-0042, tel 070-1234567, 2026-12-07");
}

// A number across the 200 bytes a reason keeps is masked before the cut, and the spaces documents
// put inside numbers (no-break, narrow no-break) separate its parts as a space does.
TEST_F(AccountsAudit, AnIdentityNumberIsMaskedAcrossTheCutAndWithNoBreakSpaces) {
  auto ctx = server_->Context(Who::kStaff);
  ctx->AddMetadata("x-gfo-reason", std::string(188, 'p') + " 198501011234 and more");
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(ctx.get(), {}, &me));
  const std::string cut = LastEventOf("GetCurrentAccount").reason();
  EXPECT_EQ(cut, std::string(188, 'p') + " ***********");
  EXPECT_EQ(cut.find_first_of("0123456789"), std::string::npos) << cut;

  // Characters that are dropped (tabs) or shrink ("?" for a 3-byte bidi override) must not pull
  // a piece of a number past the scan into the 200 bytes kept.
  std::string overrides;
  for (int i = 0; i < 100; ++i) overrides += "%E2%80%AE";
  for (const std::string& reason :
       {overrides + std::string(92, 'x') + "198501011234",
        std::string(210 * 3, '\t') + std::string(182, 'y') + "198501011234",
        std::string(390, 'z') + " 150505%E2%80%932348"}) {
    auto ctx_long = server_->Context(Who::kStaff);
    std::string encoded;
    for (size_t i = 0; i < reason.size(); ++i) {
      encoded += reason[i] == '\t' ? std::string("%09") : std::string(1, reason[i]);
    }
    ctx_long->AddMetadata("x-gfo-reason", encoded);
    GFO_ASSERT_OK(accounts_->GetCurrentAccount(ctx_long.get(), {}, &me));
    const std::string kept = LastEventOf("GetCurrentAccount").reason();
    EXPECT_EQ(kept.find_first_of("0123456789"), std::string::npos) << kept;
    EXPECT_LE(kept.size(), 200u);
  }

  auto spaced = server_->Context(Who::kStaff);
  spaced->AddMetadata("x-gfo-reason", "150505%C2%A02348 and 150505%E2%80%AF2348");
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(spaced.get(), {}, &me));
  EXPECT_EQ(LastEventOf("GetCurrentAccount").reason(), "******\u00a0**** and ******\u202f****");
}

// Log review (loggranskning) must find out who acted: an auditor reads the trail's account
// names in the account list, through the API and the CLI. It still cannot change accounts.
TEST_F(AccountsAudit, AnAuditorCanTellWhoAnAccountOnTheTrailIs) {
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  const std::string staff = LastEventOf("GetCurrentAccount").account();
  ASSERT_EQ(staff, server_->account(Who::kStaff));
  v1::ListAccountsResponse listed;
  GFO_ASSERT_OK(accounts_->ListAccounts(server_->Context(Who::kAuditor).get(), {}, &listed));
  bool found = false;
  for (const v1::Account& a : listed.accounts()) {
    if (a.name() == staff) found = a.role() == v1::ROLE_GFO_STAFF;
  }
  EXPECT_TRUE(found);
  std::string out;
  ASSERT_EQ(Gfo(Who::kAuditor, {"accounts", "list"}, &out), 0) << out;
  EXPECT_NE(out.find(staff), std::string::npos) << out;
  v1::DisableAccountRequest disable;
  disable.set_name(staff);
  disable.set_reason("x");
  EXPECT_THAT(accounts_->DisableAccount(server_->Context(Who::kAuditor).get(), disable, &me),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "ROLE_AUDITOR"));
}

TEST_F(AccountsAudit, RefusedAndUnauthenticatedCallsAreRecordedToo) {
  v1::CreateAccountRequest create;
  create.mutable_account()->set_display_name("Someone");
  create.mutable_account()->set_role(v1::ROLE_ADMIN);
  v1::CreateAccountResponse created;
  EXPECT_THAT(accounts_->CreateAccount(server_->Context(Who::kStaff).get(), create, &created),
              StatusIs(StatusCode::PERMISSION_DENIED, "not allowed for role"));
  v1::AuditEvent e = LastEventOf("CreateAccount");
  EXPECT_EQ(e.account(), server_->account(Who::kStaff));
  EXPECT_EQ(e.role(), v1::ROLE_GFO_STAFF);
  EXPECT_EQ(e.status_code(), static_cast<int>(StatusCode::PERMISSION_DENIED));

  v1::ListAccountsResponse listed;
  EXPECT_THAT(accounts_->ListAccounts(server_->Context(Who::kNobody).get(), {}, &listed),
              StatusIs(StatusCode::UNAUTHENTICATED, ""));
  e = LastEventOf("ListAccounts");
  EXPECT_EQ(e.account(), "");
  EXPECT_EQ(e.role(), v1::ROLE_UNSPECIFIED);
  EXPECT_EQ(e.status_code(), static_cast<int>(StatusCode::UNAUTHENTICATED));

  v1::AuditFilter denied;
  denied.set_outcome(v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(List(denied).size(), 2u);
}

// A name in a request reaches the trail only once it has parsed as a resource name, and then in
// its canonical form: a caller who puts a person's name or identity number where a resource name
// belongs is refused, and the text is not recorded.
TEST_F(AccountsAudit, ANameThatIsNotAResourceNameNeverReachesTheTrail) {
  const std::string personal = "19121212-1212 Tolvan Tolvansson, Storgatan 1";
  auto admin = v1::AdminService::NewStub(server_->channel());
  v1::ApplyRetentionRequest retention;
  retention.add_resources("homes/1");
  retention.add_resources(personal);
  v1::ApplyRetentionResponse applied;
  EXPECT_THAT(admin->ApplyRetention(server_->Context(Who::kAdmin).get(), retention, &applied),
              StatusIs(StatusCode::INVALID_ARGUMENT, "resources[1]"));
  v1::AuditEvent e = LastEventOf("ApplyRetention");
  EXPECT_EQ(e.status_code(), static_cast<int>(StatusCode::INVALID_ARGUMENT));
  EXPECT_THAT(e.resources(), ::testing::ElementsAre("homes/1"));

  auto municipalities = v1::MunicipalityService::NewStub(server_->channel());
  v1::JoinGfoRequest join;
  join.set_name(personal);
  v1::Municipality joined;
  EXPECT_THAT(municipalities->JoinGfo(server_->Context(Who::kAdmin).get(), join, &joined),
              StatusIs(StatusCode::INVALID_ARGUMENT, "name"));
  e = LastEventOf("JoinGfo");
  EXPECT_EQ(e.status_code(), static_cast<int>(StatusCode::INVALID_ARGUMENT));
  EXPECT_THAT(e.resources(), ::testing::IsEmpty());
  v1::LeaveGfoRequest leave;
  leave.set_name(personal);
  EXPECT_THAT(municipalities->LeaveGfo(server_->Context(Who::kAdmin).get(), leave, &joined),
              StatusIs(StatusCode::INVALID_ARGUMENT, "name"));
  e = LastEventOf("LeaveGfo");
  EXPECT_THAT(e.resources(), ::testing::IsEmpty());

  // No event anywhere holds the text.
  v1::AuditFilter all;
  for (const v1::AuditEvent& event : List(all)) {
    for (const std::string& r : event.resources()) {
      EXPECT_EQ(r.find("19121212"), std::string::npos) << event.sequence() << " " << r;
    }
  }
}

TEST_F(AccountsAudit, OneQueryAnswersWhoTouchedAResourceWhenAndFromWhichMunicipality) {
  std::string name;
  server_->AddAccount(v1::ROLE_CASE_WORKER, 2280, &name);
  v1::ListTokensRequest tokens;
  tokens.set_account(name);
  v1::ListTokensResponse listed;
  GFO_ASSERT_OK(accounts_->ListTokens(server_->Context(Who::kAdmin).get(), tokens, &listed));
  EXPECT_THAT(
      accounts_->ListTokens(server_->Context(Who::kCaseWorkerHarnosand).get(), tokens, &listed),
      StatusIs(StatusCode::PERMISSION_DENIED, ""));
  server_->clock().Advance(absl::Minutes(5));
  v1::DisableAccountRequest disable;
  disable.set_name(name);
  disable.set_reason("moved to another job");
  v1::Account account;
  GFO_ASSERT_OK(accounts_->DisableAccount(server_->Context(Who::kAdmin).get(), disable, &account));

  v1::AuditFilter filter;
  filter.set_resource(name);
  std::vector<v1::AuditEvent> events = List(filter);
  // The refused ListTokens is on the trail too: App::Handle names the request's resources
  // before it checks anything.
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].method(), "gfo.v1.AccountService/ListTokens");
  EXPECT_EQ(events[0].account(), server_->account(Who::kAdmin));
  EXPECT_EQ(events[1].method(), "gfo.v1.AccountService/ListTokens");
  EXPECT_EQ(events[1].account(), server_->account(Who::kCaseWorkerHarnosand));
  EXPECT_EQ(events[1].municipality_code(), 2280);
  EXPECT_EQ(events[1].status_code(), static_cast<int>(StatusCode::PERMISSION_DENIED));
  EXPECT_EQ(events[2].method(), "gfo.v1.AccountService/DisableAccount");
  EXPECT_EQ(events[2].account(), server_->account(Who::kAdmin));
  EXPECT_EQ(events[2].time().seconds() - events[0].time().seconds(), 300);

  // The same question on the command line.
  std::string out;
  ASSERT_EQ(Gfo(Who::kAuditor, {"--output", "csv", "audit", "list", "--resource", name}, &out), 0)
      << out;
  EXPECT_NE(out.find("ListTokens"), std::string::npos) << out;
  EXPECT_NE(out.find("DisableAccount"), std::string::npos) << out;
}

// Filtered queries ("who touched requests/17") read the lookup tables for indexed events, so a
// row deleted from them would hide an event without breaking the hash chain. Verify checks the
// tables against the events too, and names the mismatch.
TEST_F(AccountsAudit, VerifyFindsALookupRowRemoved) {
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  // Wait until the indexer (every 100 ms) has caught up with the trail.
  for (int i = 0; i < 100; ++i) {
    if (QueryInt(*server_, "SELECT indexed_through FROM audit_index_state") ==
        QueryInt(*server_, "SELECT MAX(sequence) FROM audit_events")) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  v1::VerifyAuditChainResponse verified;
  GFO_ASSERT_OK(audit_->VerifyAuditChain(server_->Context(Who::kAuditor).get(), {}, &verified));
  EXPECT_TRUE(verified.ok()) << verified.detail();

  const int64_t indexed = QueryInt(*server_, "SELECT indexed_through FROM audit_index_state");
  ASSERT_GE(indexed, 1);
  std::string error;
  ASSERT_EQ(RawSql(absl::StrCat("DELETE FROM audit_resources WHERE sequence = (SELECT MAX("
                                "sequence) FROM audit_resources WHERE sequence <= ",
                                indexed, ")"),
                   &error),
            SQLITE_OK)
      << error;
  GFO_ASSERT_OK(audit_->VerifyAuditChain(server_->Context(Who::kAuditor).get(), {}, &verified));
  EXPECT_FALSE(verified.ok());
  EXPECT_EQ(verified.first_broken_sequence(), 0);
  EXPECT_THAT(verified.detail(), ::testing::HasSubstr("audit lookup tables"));
  EXPECT_THAT(verified.detail(), ::testing::HasSubstr("matching audit_resources rows"));
  std::string out;
  EXPECT_EQ(Gfo(Who::kAuditor, {"audit", "verify"}, &out), 1) << out;
  EXPECT_THAT(out, ::testing::HasSubstr("the chain itself holds")) << out;
}

TEST_F(AccountsAudit, VerifyFindsTheIndexMovedPastTheTrail) {
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  std::string error;
  ASSERT_EQ(RawSql("UPDATE audit_index_state SET indexed_through = 1000000", &error), SQLITE_OK)
      << error;
  v1::VerifyAuditChainResponse verified;
  GFO_ASSERT_OK(audit_->VerifyAuditChain(server_->Context(Who::kAuditor).get(), {}, &verified));
  EXPECT_FALSE(verified.ok());
  EXPECT_THAT(verified.detail(), ::testing::HasSubstr("past the trail's last event"));
}

TEST_F(AccountsAudit, TheTriggersRefuseUpdateAndDeleteThroughSql) {
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  std::string error;
  EXPECT_NE(RawSql("UPDATE audit_events SET status_code = 0 WHERE sequence = 1", &error),
            SQLITE_OK);
  EXPECT_NE(error.find("append-only"), std::string::npos) << error;
  EXPECT_NE(RawSql("DELETE FROM audit_events WHERE sequence = 1", &error), SQLITE_OK);
  EXPECT_NE(error.find("append-only"), std::string::npos) << error;
  EXPECT_NE(RawSql("DELETE FROM audit_events", &error), SQLITE_OK);
  v1::VerifyAuditChainResponse verified;
  GFO_ASSERT_OK(audit_->VerifyAuditChain(server_->Context(Who::kAuditor).get(), {}, &verified));
  EXPECT_TRUE(verified.ok());
  EXPECT_GE(verified.events_checked(), 1);
}

TEST_F(AccountsAudit, NoMethodOfTheApiChangesOrDeletesEvents) {
  // The audit service only reads; the role matrix calls every other method as every role and
  // checks that earlier events are untouched.
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName("gfo.v1.AuditService");
  ASSERT_NE(service, nullptr);
  std::vector<std::string> methods;
  for (int i = 0; i < service->method_count(); ++i) methods.push_back(service->method(i)->name());
  EXPECT_THAT(methods, ::testing::UnorderedElementsAre("ListAuditEvents", "ExportAuditEvents",
                                                       "VerifyAuditChain"));
}

TEST_F(AccountsAudit, EditingOneByteWhileServingIsFoundAndNamedByVerify) {
  for (int i = 0; i < 5; ++i) {
    v1::Account me;
    GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  }
  std::string out;
  ASSERT_EQ(Gfo(Who::kAuditor, {"audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("ok:"), std::string::npos) << out;

  TamperWith(3);
  v1::VerifyAuditChainResponse verified;
  GFO_ASSERT_OK(audit_->VerifyAuditChain(server_->Context(Who::kAuditor).get(), {}, &verified));
  EXPECT_FALSE(verified.ok());
  EXPECT_EQ(verified.first_broken_sequence(), 3);
  EXPECT_EQ(verified.events_checked(), 2);
  EXPECT_NE(verified.detail().find("sequence 3"), std::string::npos) << verified.detail();

  EXPECT_NE(Gfo(Who::kAuditor, {"audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("sequence 3"), std::string::npos) << out;
  // An admin may run the check as well.
  EXPECT_NE(Gfo(Who::kAdmin, {"--output", "json", "audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("\"first_broken_sequence\": \"3\""), std::string::npos) << out;
}

// Verify reads the whole trail, so it runs under its own --deadline (an hour by default), not
// the single call's --timeout.
TEST_F(AccountsAudit, VerifyRunsUnderItsOwnDeadline) {
  std::string out;
  EXPECT_EQ(Gfo(Who::kAuditor, {"--timeout", "0.000001", "audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("ok:"), std::string::npos) << out;
  EXPECT_NE(Gfo(Who::kAuditor, {"audit", "verify", "--deadline", "0.000001"}, &out), 0) << out;
  EXPECT_NE(out.find("DEADLINE_EXCEEDED"), std::string::npos) << out;
}

// `audit verify` prints the head as SEQUENCE:HASH; given back later with --expect, it shows a
// trail cut short or rewritten, which the chain alone cannot (unit tests: AccountsAuditTrail).
TEST_F(AccountsAudit, VerifyChecksAHeadKeptOutsideTheServer) {
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  std::string out;
  ASSERT_EQ(Gfo(Who::kAuditor, {"audit", "verify"}, &out), 0) << out;
  const size_t at = out.find("; head ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string head = out.substr(at + 7, out.find_first_of("\n;", at + 7) - (at + 7));
  const size_t colon = head.find(':');
  ASSERT_NE(colon, std::string::npos) << out;
  EXPECT_EQ(head.size() - colon - 1, 64u) << head;
  const int64_t sequence = std::stoll(head.substr(0, colon));
  const std::string hash = head.substr(colon + 1);

  // Later events do not matter: the recorded one is still there with its hash.
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  EXPECT_EQ(Gfo(Who::kAuditor, {"audit", "verify", "--expect", head}, &out), 0) << out;
  EXPECT_NE(out.find(absl::StrCat("event ", sequence, " as expected")), std::string::npos) << out;

  std::string other = hash;
  other[0] = other[0] == '0' ? '1' : '0';
  EXPECT_EQ(
      Gfo(Who::kAuditor, {"audit", "verify", "--expect", absl::StrCat(sequence, ":", other)}, &out),
      1)
      << out;
  EXPECT_NE(out.find(absl::StrCat("first broken event is sequence ", sequence)), std::string::npos)
      << out;
  EXPECT_NE(out.find("differs from the expected one"), std::string::npos) << out;

  EXPECT_EQ(Gfo(Who::kAuditor,
                {"audit", "verify", "--expect", absl::StrCat(sequence + 1000, ":", hash)}, &out),
            1)
      << out;
  EXPECT_NE(out.find(absl::StrCat("before the expected event ", sequence + 1000)),
            std::string::npos)
      << out;

  // A malformed head is a usage error, and no call is made.
  const int64_t events = QueryInt(*server_, "SELECT MAX(sequence) FROM audit_events");
  EXPECT_EQ(Gfo(Who::kAuditor, {"audit", "verify", "--expect", hash}, &out), 2) << out;
  EXPECT_NE(out.find("must be SEQUENCE:HASH"), std::string::npos) << out;
  EXPECT_EQ(Gfo(Who::kAuditor, {"audit", "verify", "--expect", absl::StrCat("0:", hash)}, &out), 2)
      << out;
  EXPECT_EQ(QueryInt(*server_, "SELECT MAX(sequence) FROM audit_events"), events);

  // The server checks the pair as well.
  v1::VerifyAuditChainRequest request;
  request.set_expected_sequence(sequence);
  v1::VerifyAuditChainResponse verified;
  grpc::Status status =
      audit_->VerifyAuditChain(server_->Context(Who::kAuditor).get(), request, &verified);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("expected_hash"), std::string::npos)
      << status.error_message();
}

TEST_F(AccountsAudit, EditingOneByteWhileStoppedIsFoundAfterTheRestart) {
  v1::Account me;
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kStaff).get(), {}, &me));
  GFO_ASSERT_OK(accounts_->GetCurrentAccount(server_->Context(Who::kAdmin).get(), {}, &me));
  server_->Stop();
  TamperWith(2);
  server_->Restart();
  std::string out;
  EXPECT_NE(Gfo(Who::kAuditor, {"audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("first broken event is sequence 2"), std::string::npos) << out;
}

}  // namespace
}  // namespace gfo::testing
