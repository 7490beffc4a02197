// `gfo accounts create|list|disable|token issue|token revoke|token list` and `gfo login` end to
// end: the CLI called in-process against a real server, with a config file in the test's own
// directory.

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "cli/gfo_cli.h"
#include "gfo/v1/account.pb.h"
#include "tests/support/cli_runner.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;

class AccountsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    config_ = server_->dir() + "/config/gfo.json";
  }

  struct Result {
    int code;
    std::string out;
    std::string err;
  };

  // `gfo --config <test file> args...`
  Result Gfo(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", config_});
    return FromCli(RunGfoInProcess(args));
  }

  // `gfo --config <test file> --server <server> --token <who's token> args...`
  Result GfoAs(Who who, std::vector<std::string> args) {
    return FromCli(RunGfoAs(*server_, who, args, {"--config", config_}));
  }

  static Result FromCli(CliResult r) { return {r.exit_code, std::move(r.out), std::move(r.err)}; }

  v1::CreateAccountResponse CreateCaseWorker() {
    const Result r =
        GfoAs(Who::kAdmin, {"--output", "json", "accounts", "create", "--name", "Karin Berg",
                            "--role", "case_worker", "--municipality", "2280", "--ttl-days", "30"});
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    v1::CreateAccountResponse created;
    const auto status = google::protobuf::util::JsonStringToMessage(r.out, &created);
    EXPECT_TRUE(status.ok()) << status.ToString() << r.out;
    EXPECT_NE(r.err.find("only time the token is shown"), std::string::npos) << r.err;
    return created;
  }

  std::unique_ptr<TestServer> server_;
  std::string config_;
};

TEST_F(AccountsCli, CreateListLoginRevoke) {
  const v1::CreateAccountResponse created = CreateCaseWorker();
  EXPECT_EQ(created.account().role(), v1::ROLE_CASE_WORKER);
  EXPECT_EQ(created.account().municipality_code(), 2280);
  ASSERT_TRUE(created.token().starts_with("gfo_"));
  EXPECT_EQ(
      created.token_info().expire_time().seconds() - created.token_info().create_time().seconds(),
      30 * 24 * 3600);

  Result r = GfoAs(Who::kAdmin, {"--output", "csv", "accounts", "list"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Karin Berg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(created.account().name()), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(created.token()), std::string::npos);

  // Login checks the token and saves server and token; later commands need neither flag.
  r = Gfo({"--server", server_->address(), "--token", created.token(), "login"});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(absl::StrCat("as ", created.account().name(), " (Karin Berg")),
            std::string::npos)
      << r.out;
  struct stat st {};
  ASSERT_EQ(stat(config_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  r = Gfo({"--output", "json", "whoami"});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(created.account().name()), std::string::npos) << r.out;

  // The admin lists the tokens (never the token itself) and revokes the one in use.
  r = GfoAs(Who::kAdmin,
            {"--output", "csv", "accounts", "token", "list", created.account().name()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find(created.token_info().name()), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(created.token()), std::string::npos) << r.out;
  r = GfoAs(Who::kAdmin, {"accounts", "token", "revoke", created.token_info().name()});
  ASSERT_EQ(r.code, 0) << r.out << r.err;

  r = Gfo({"whoami"});
  EXPECT_EQ(r.code, cli::kExitUnauthenticated) << r.out << r.err;
  EXPECT_NE(r.err.find("UNAUTHENTICATED"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("revoked"), std::string::npos) << r.err;
  r = Gfo({"--server", server_->address(), "--token", created.token(), "login"});
  EXPECT_EQ(r.code, cli::kExitUnauthenticated) << r.out << r.err;
}

// A token that ran out: the error says so, and the hint says how to get a new one.
TEST_F(AccountsCli, AnExpiredTokenGetsAHintHowToGetANewOne) {
  const v1::CreateAccountResponse created = CreateCaseWorker();  // 30 days
  server_->clock().Advance(absl::Hours(24 * 30));
  const Result r = Gfo({"--server", server_->address(), "--token", created.token(), "whoami"});
  EXPECT_EQ(r.code, 8) << r.out << r.err;
  EXPECT_NE(r.err.find("token has expired"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: ask an admin for a new token (`gfo accounts token issue ACCOUNT`)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("gfo-server --db FILE --issue-admin-token"), std::string::npos) << r.err;
  // An unknown token gets no such hint: it is not a lifetime problem.
  const Result unknown = Gfo({"--server", server_->address(), "--token", "gfo_unknown", "whoami"});
  EXPECT_EQ(unknown.code, 8);
  EXPECT_EQ(unknown.err.find("hint: ask an admin"), std::string::npos) << unknown.err;
}

TEST_F(AccountsCli, IssueAndDisable) {
  const v1::CreateAccountResponse created = CreateCaseWorker();
  Result r = GfoAs(Who::kAdmin,
                   {"--output", "json", "accounts", "token", "issue", created.account().name()});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  v1::IssueTokenResponse issued;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &issued).ok()) << r.out;
  ASSERT_EQ(Gfo({"--server", server_->address(), "--token", issued.token(), "whoami"}).code, 0);

  r = GfoAs(Who::kAdmin, {"accounts", "disable", created.account().name(), "--reason", "on leave"});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  for (const std::string& token : {created.token(), issued.token()}) {
    r = Gfo({"--server", server_->address(), "--token", token, "whoami"});
    EXPECT_EQ(r.code, cli::kExitUnauthenticated) << r.err;
  }
  r = GfoAs(Who::kAdmin, {"accounts", "disable", server_->account(Who::kAdmin), "--reason", "x"});
  EXPECT_EQ(r.code, cli::kExitFailedPrecondition) << r.err;
}

TEST_F(AccountsCli, OnlyAdminsAdministerAccounts) {
  for (Who who : {Who::kStaff, Who::kAuditor, Who::kCaseWorkerHarnosand}) {
    const Result r = GfoAs(who, {"accounts", "create", "--name", "Eve", "--role", "admin"});
    EXPECT_EQ(r.code, cli::kExitPermissionDenied) << WhoName(who) << r.err;
    EXPECT_NE(r.err.find("PERMISSION_DENIED"), std::string::npos) << r.err;
  }
  const Result r = Gfo({"--server", server_->address(), "accounts", "list"});
  EXPECT_EQ(r.code, cli::kExitUnauthenticated) << r.err;
  const Result bad = GfoAs(Who::kAdmin, {"accounts", "create", "--name", "Eve", "--role",
                                         "case_worker", "--municipality", "9999"});
  EXPECT_EQ(bad.code, cli::kExitInvalidArgument) << bad.err;
  EXPECT_NE(bad.err.find("account.municipality_code"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace gfo::testing
