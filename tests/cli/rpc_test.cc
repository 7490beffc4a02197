// gfo against fake in-process services: metadata, login, paging, error mapping, the audit
// export stream. (End-to-end tests against the real gfo-server live in tests/integration.)

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "cli/audit_export.h"
#include "cli/client.h"
#include "cli/config_file.h"
#include "gfo/v1/account.grpc.pb.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "tests/cli/test_env.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using ::testing::ElementsAre;
using testing::GfoResult;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadFileOrEmpty;
using testing::RunGfoCapture;

constexpr char kGoodToken[] = "good-token";

// What the fakes saw of the last call.
struct Seen {
  std::mutex mu;
  std::string authorization;
  std::string reason;
  bool has_finite_deadline = false;
  std::vector<v1::ListHomesRequest> list_requests;
  v1::CreateHomeRequest create_request;
  v1::UpdateHomeRequest update_request;
};

std::string Metadata(const grpc::ServerContext& context, const std::string& key) {
  const auto it = context.client_metadata().find(key);
  if (it == context.client_metadata().end()) return "";
  return std::string(it->second.data(), it->second.size());
}

void Record(Seen& seen, const grpc::ServerContext& context) {
  std::lock_guard<std::mutex> lock(seen.mu);
  seen.authorization = Metadata(context, "authorization");
  seen.reason = Metadata(context, "x-gfo-reason");
  seen.has_finite_deadline =
      context.deadline() < std::chrono::system_clock::now() + std::chrono::hours(24);
}

class FakeAccounts final : public v1::AccountService::Service {
 public:
  explicit FakeAccounts(Seen& seen) : seen_(seen) {}
  grpc::Status GetCurrentAccount(grpc::ServerContext* context, const v1::GetCurrentAccountRequest*,
                                 v1::Account* account) override {
    Record(seen_, *context);
    if (Metadata(*context, "authorization") != std::string("Bearer ") + kGoodToken) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "token not valid");
    }
    account->set_name("accounts/3");
    account->set_display_name("Test Staff");
    account->set_role(v1::ROLE_GFO_STAFF);
    return grpc::Status::OK;
  }

 private:
  Seen& seen_;
};

class FakeHomes final : public v1::HomeService::Service {
 public:
  explicit FakeHomes(Seen& seen) : seen_(seen) {}
  grpc::Status ListHomes(grpc::ServerContext* context, const v1::ListHomesRequest* request,
                         v1::ListHomesResponse* response) override {
    Record(seen_, *context);
    {
      std::lock_guard<std::mutex> lock(seen_.mu);
      seen_.list_requests.push_back(*request);
    }
    if (request->page_token().empty()) {
      AddHome(response, 1, "Ånge");
      AddHome(response, 2, "Örnsköldsvik");
      response->set_next_page_token("p2");
    } else if (request->page_token() == "p2") {
      AddHome(response, 3, "Timrå");
    } else {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page_token: not valid");
    }
    return grpc::Status::OK;
  }
  grpc::Status GetHome(grpc::ServerContext* context, const v1::GetHomeRequest* request,
                       v1::Home* home) override {
    Record(seen_, *context);
    if (request->name() != "homes/7") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, request->name() + ": not found");
    }
    home->set_name("homes/7");
    home->set_capacity(2);
    return grpc::Status::OK;
  }
  grpc::Status CreateHome(grpc::ServerContext* context, const v1::CreateHomeRequest* request,
                          v1::Home* home) override {
    Record(seen_, *context);
    {
      std::lock_guard<std::mutex> lock(seen_.mu);
      seen_.create_request = *request;
    }
    *home = request->home();
    home->set_name("homes/10");
    home->set_code("FH-0010");
    home->set_etag("e0");
    return grpc::Status::OK;
  }
  grpc::Status UpdateHome(grpc::ServerContext* context, const v1::UpdateHomeRequest* request,
                          v1::Home* home) override {
    Record(seen_, *context);
    {
      std::lock_guard<std::mutex> lock(seen_.mu);
      seen_.update_request = *request;
    }
    if (request->home().etag() != "e1") {
      return grpc::Status(grpc::StatusCode::ABORTED, "homes/7: etag mismatch");
    }
    *home = request->home();
    return grpc::Status::OK;
  }
  grpc::Status ApproveHome(grpc::ServerContext* context, const v1::HomeTransitionRequest*,
                           v1::Home*) override {
    Record(seen_, *context);
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "homes/7: cannot move from closed to approved");
  }

 private:
  static void AddHome(v1::ListHomesResponse* response, int id, const std::string& note) {
    v1::Home* home = response->add_homes();
    home->set_name("homes/" + std::to_string(id));
    home->set_code("FH-000" + std::to_string(id));
    home->set_close_reason(note);
  }
  Seen& seen_;
};

class FakeAudit final : public v1::AuditService::Service {
 public:
  explicit FakeAudit(Seen& seen) : seen_(seen) {}
  bool corrupt_digest = false;
  grpc::Status ExportAuditEvents(
      grpc::ServerContext* context, const v1::ExportAuditEventsRequest*,
      grpc::ServerWriter<v1::ExportAuditEventsResponse>* writer) override {
    Record(seen_, *context);
    v1::ExportAuditEventsResponse part;
    part.mutable_header()->set_matching_events(3);
    writer->Write(part);
    std::vector<std::string> hashes;
    for (int i = 1; i <= 3; ++i) {
      part.Clear();
      part.mutable_event()->set_sequence(i);
      part.mutable_event()->set_hash("hash" + std::to_string(i));
      hashes.push_back(part.event().hash());
      writer->Write(part);
    }
    part.Clear();
    v1::ExportTrailer* trailer = part.mutable_trailer();
    trailer->set_event_count(3);
    trailer->set_first_sequence(1);
    trailer->set_last_sequence(3);
    trailer->set_last_event_hash("hash3");
    trailer->set_digest(corrupt_digest ? std::string(64, '0') : ExportDigest(hashes));
    writer->Write(part);
    return grpc::Status::OK;
  }

 private:
  Seen& seen_;
};

class CliRpc : public testing::IsolatedEnvTest {
 protected:
  void SetUp() override {
    IsolatedEnvTest::SetUp();
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&accounts_);
    builder.RegisterService(&homes_);
    builder.RegisterService(&audit_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port, 0);
    address_ = "127.0.0.1:" + std::to_string(port);
  }
  void TearDown() override {
    server_->Shutdown();
    IsolatedEnvTest::TearDown();
  }

  // Runs gfo against the fake server with the good token.
  GfoResult Gfo(std::vector<std::string> args) {
    args.insert(args.begin(), {"--server", address_, "--token", kGoodToken});
    return RunGfoCapture(args);
  }

  Seen seen_;
  FakeAccounts accounts_{seen_};
  FakeHomes homes_{seen_};
  FakeAudit audit_{seen_};
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

TEST_F(CliRpc, LoginChecksTheTokenSavesItPrivatelyAndLaterCallsUseIt) {
  const GfoResult login = RunGfoCapture({"--server", address_, "login", "--token", kGoodToken});
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_THAT(login.out, HasSubstr("accounts/3 (Test Staff, role gfo_staff)"));

  struct stat info {};
  ASSERT_EQ(::stat(DefaultConfigPath().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const absl::StatusOr<ConfigValues> saved = LoadConfig(DefaultConfigPath());
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->server, address_);
  EXPECT_EQ(saved->token, kGoodToken);

  const GfoResult whoami = RunGfoCapture({"whoami", "-o", "json"});
  ASSERT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("\"role\": \"ROLE_GFO_STAFF\""));
  EXPECT_EQ(seen_.authorization, std::string("Bearer ") + kGoodToken);
  EXPECT_TRUE(seen_.has_finite_deadline);
}

TEST_F(CliRpc, LoginWithABadTokenIsExitEightAndSavesNothing) {
  const GfoResult login = RunGfoCapture({"--server", address_, "login", "--token", "wrong"});
  EXPECT_EQ(login.exit_code, 8);
  EXPECT_THAT(login.err, HasSubstr("error: UNAUTHENTICATED: token not valid"));
  EXPECT_FALSE(std::filesystem::exists(DefaultConfigPath()));
}

TEST_F(CliRpc, CallWithoutTokenGetsAHint) {
  const GfoResult result = RunGfoCapture({"--server", address_, "whoami"});
  EXPECT_EQ(result.exit_code, 8);
  EXPECT_EQ(seen_.authorization, "");
  EXPECT_THAT(result.err, HasSubstr("hint: no token given"));
}

TEST_F(CliRpc, SendsTheAuditReasonPercentEncoded) {
  ASSERT_EQ(Gfo({"whoami", "--reason", "granskning åä 100%"}).exit_code, 0);
  EXPECT_EQ(seen_.reason, "granskning %C3%A5%C3%A4 100%25");
  ASSERT_EQ(Gfo({"whoami"}).exit_code, 0);
  EXPECT_EQ(seen_.reason, "");
}

TEST_F(CliRpc, ListAllFollowsPagesIntoOneJsonObject) {
  const GfoResult result = Gfo({"homes", "list", "--all", "-o", "json", "--status", "approved",
                                "--accepts-age", "0", "--page-size", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::ListHomesResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &parsed).ok()) << result.out;
  EXPECT_EQ(parsed.homes_size(), 3);
  EXPECT_EQ(parsed.next_page_token(), "");
  ASSERT_EQ(seen_.list_requests.size(), 2u);
  EXPECT_EQ(seen_.list_requests[1].page_token(), "p2");
  EXPECT_EQ(seen_.list_requests[1].status(), v1::HOME_STATUS_APPROVED);
  EXPECT_EQ(seen_.list_requests[1].page_size(), 2);
  EXPECT_TRUE(seen_.list_requests[0].has_accepts_age());
  EXPECT_FALSE(seen_.list_requests[0].has_min_free_capacity());
}

TEST_F(CliRpc, OnePageAsTableHintsAtTheNextPage) {
  const GfoResult result = Gfo({"homes", "list"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("homes/1"));
  EXPECT_THAT(result.out, Not(HasSubstr("homes/3")));
  EXPECT_THAT(result.err, HasSubstr("--page-token p2"));
}

TEST_F(CliRpc, ServerErrorsBecomeTheirExitCodesAndMessages) {
  GfoResult result = Gfo({"homes", "get", "99"});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_EQ(result.err, "error: NOT_FOUND: homes/99: not found\n");
  EXPECT_EQ(result.out, "");

  result = Gfo({"homes", "update", "7", "--etag", "stale", "--capacity", "3"});
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_THAT(result.err, HasSubstr("ABORTED: homes/7: etag mismatch"));

  result = Gfo({"homes", "approve", "homes/7"});
  EXPECT_EQ(result.exit_code, 6);
  EXPECT_THAT(result.err, HasSubstr("FAILED_PRECONDITION: homes/7: cannot move from closed"));
}

TEST_F(CliRpc, CreateSendsTheFlagsAndPrintsTheHome) {
  const GfoResult result = Gfo({"homes",
                                "create",
                                "--municipality",
                                "2280",
                                "--lat",
                                "62.632",
                                "--lon",
                                "17.938",
                                "--kind",
                                "long_term",
                                "--kind",
                                "emergency",
                                "--capacity",
                                "2",
                                "--max-age",
                                "17",
                                "--language",
                                "sv,ar",
                                "--no-pets",
                                "--experience",
                                "trauma",
                                "--adult",
                                "Anna Berg 198001010000",
                                "--available-from",
                                "2025-09-01",
                                "--initial-status",
                                "assessment",
                                "-o",
                                "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const v1::CreateHomeRequest& request = seen_.create_request;
  EXPECT_EQ(request.home().municipality_code(), 2280);
  EXPECT_THAT(request.home().kinds(),
              ElementsAre(v1::PLACEMENT_KIND_LONG_TERM, v1::PLACEMENT_KIND_EMERGENCY));
  EXPECT_THAT(request.home().languages(), ElementsAre("sv", "ar"));
  EXPECT_THAT(request.home().experience(), ElementsAre(v1::NEED_TRAUMA));
  EXPECT_EQ(request.home().adults(0).given_name(), "Anna");
  EXPECT_EQ(request.home().available_from().day(), 1);
  EXPECT_EQ(request.initial_status(), v1::HOME_STATUS_ASSESSMENT);
  EXPECT_EQ(result.out.rfind("NAME,CODE,STATUS,", 0), 0u);
  EXPECT_THAT(result.out, HasSubstr("\r\nhomes/10,FH-0010,"));
}

TEST_F(CliRpc, UpdateSendsOnlyTheGivenFieldsInTheMask) {
  const GfoResult result =
      Gfo({"homes", "update", "7", "--etag", "e1", "--smoking", "--max-age", "12"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(seen_.update_request.update_mask().paths(), ElementsAre("max_age", "smoking"));
  EXPECT_EQ(seen_.update_request.home().name(), "homes/7");
}

TEST_F(CliRpc, AuditExportWritesAVerifiedFile) {
  const std::string path = home() + "/audit.csv";
  const GfoResult result = Gfo({"audit", "export", "--format", "csv", "--out", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Exported 3 events"));
  EXPECT_EQ(result.err, "");  // not a terminal: no progress bar
  const std::string csv = ReadFileOrEmpty(path);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  EXPECT_THAT(ReadFileOrEmpty(path + ".trailer.json"), HasSubstr("\"event_count\": \"3\""));
}

TEST_F(CliRpc, AuditExportWithAWrongDigestFailsAndLeavesNoFile) {
  audit_.corrupt_digest = true;
  const std::string path = home() + "/audit.jsonl";
  const GfoResult result = Gfo({"audit", "export", "--format", "jsonl", "--out", path});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("digest mismatch"));
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".trailer.json"));
}

TEST(CliReasonHeader, EncodesNonAsciiControlAndPercent) {
  EXPECT_EQ(EncodeReasonHeader("plain reason"), "plain reason");
  EXPECT_EQ(EncodeReasonHeader("ö"), "%C3%B6");
  EXPECT_EQ(EncodeReasonHeader("a\nb"), "a%0Ab");
  EXPECT_EQ(EncodeReasonHeader("5%"), "5%25");
}

}  // namespace
}  // namespace gfo::cli
