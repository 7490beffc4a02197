// The server framework over a real channel: health checking, authentication failures on the
// audit trail, persistence across restarts, and the gfo-server binary's start and clean stop.

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "gfo/v1/account.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/municipality.grpc.pb.h"
#include "gfo/v1/request.grpc.pb.h"
#include "service/accounts.h"
#include "service/audit_log.h"
#include "service/clock.h"
#include "service/server.h"
#include "service/storage/database.h"
#include "tests/support/db_queries.h"
#include "tests/support/files.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

int64_t CountAuditEvents(TestServer& server) {
  return QueryInt(server, "SELECT COUNT(*) FROM audit_events");
}

TEST(FrameworkServer, HealthCheckReportsServing) {
  auto server = TestServer::Start();
  grpc::GenericStub stub(server->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::ByteBuffer request;  // HealthCheckRequest{service: ""} is the empty message.
  grpc::Slice empty("");
  request = grpc::ByteBuffer(&empty, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = s;
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  ASSERT_TRUE(status.ok()) << Describe(status);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));  // status: SERVING
}

TEST(FrameworkServer, MissingOrUnknownTokenIsUnauthenticatedAndAudited) {
  auto server = TestServer::Start();
  auto stub = gfo::v1::MunicipalityService::NewStub(server->channel());
  const int64_t before = CountAuditEvents(*server);
  gfo::v1::ListMunicipalitiesResponse out;
  {
    auto ctx = server->Context(Who::kNobody);
    EXPECT_THAT(stub->ListMunicipalities(ctx.get(), {}, &out),
                StatusIs(grpc::StatusCode::UNAUTHENTICATED, "authorization: missing bearer token"));
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer gfo_not-a-real-token");
    EXPECT_THAT(stub->ListMunicipalities(&ctx, {}, &out),
                StatusIs(grpc::StatusCode::UNAUTHENTICATED, "authorization: unknown token"));
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Basic abc");
    EXPECT_THAT(stub->ListMunicipalities(&ctx, {}, &out),
                StatusIs(grpc::StatusCode::UNAUTHENTICATED, "Bearer"));
  }
  EXPECT_EQ(CountAuditEvents(*server), before + 3);
}

TEST(FrameworkServer, RoleOutsideThePolicyIsPermissionDenied) {
  auto server = TestServer::Start();
  auto stub = gfo::v1::HomeService::NewStub(server->channel());
  gfo::v1::ListHomesResponse out;
  auto ctx = server->Context(Who::kAuditor);
  EXPECT_THAT(stub->ListHomes(ctx.get(), {}, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "not allowed for role ROLE_AUDITOR"));
}

TEST(FrameworkServer, ARefusedCallNamesTheResourceItAskedFor) {
  auto server = TestServer::Start();
  auto stub = gfo::v1::RequestService::NewStub(server->channel());
  gfo::v1::GetRequestRequest get;
  get.set_name("requests/17");
  gfo::v1::PlacementRequest out;
  auto ctx = server->Context(Who::kAuditor);
  EXPECT_THAT(stub->GetRequest(ctx.get(), get, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "not allowed"));
  // "Who looked at requests/17?" finds the refused attempt.
  gfo::v1::AuditFilter filter;
  filter.set_resource("requests/17");
  std::vector<gfo::v1::AuditEvent> events;
  GFO_ASSERT_OK(server->server().database().Read([&](storage::Db& db) {
    return audit::Scan(db, filter, audit::SequenceRange{}, 0, [&](const gfo::v1::AuditEvent& e) {
      events.push_back(e);
      return true;
    });
  }));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].account(), server->account(Who::kAuditor));
  EXPECT_EQ(events[0].status_code(), static_cast<int>(grpc::StatusCode::PERMISSION_DENIED));
}

TEST(FrameworkServer, AccountsSurviveARestart) {
  auto server = TestServer::Start();
  server->Restart();
  auto stub = gfo::v1::MunicipalityService::NewStub(server->channel());
  gfo::v1::ListMunicipalitiesResponse out;
  auto ctx = server->Context(Who::kStaff);
  // The token created before the restart still authenticates.
  grpc::Status s = stub->ListMunicipalities(ctx.get(), {}, &out);
  EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << Describe(s);
}

// Starts the real binary, reads its first lines, stops it with SIGTERM: exit 0, database intact.
TEST(FrameworkBinary, StartsPrintsTheAdminTokenOnceAndStopsCleanlyOnSigterm) {
  const std::string dir = MakeTempDir("gfo-bin-");
  ASSERT_FALSE(dir.empty());
  const std::string db = dir + "/gfo.db";
  auto run_once = [&](bool expect_token) {
    int out_pipe[2];
    ASSERT_EQ(pipe(out_pipe), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      dup2(out_pipe[1], STDOUT_FILENO);
      close(out_pipe[0]);
      execl(GFO_SERVER_BINARY, GFO_SERVER_BINARY, "--listen", "127.0.0.1:0", "--db", db.c_str(),
            "--log-level", "off", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out_pipe[1]);
    FILE* out = fdopen(out_pipe[0], "r");
    std::string text;
    char line[512];
    while (fgets(line, sizeof(line), out) != nullptr) {
      text += line;
      if (text.find("listening on") != std::string::npos) break;
    }
    EXPECT_EQ(text.find("Admin token") != std::string::npos, expect_token) << text;
    kill(pid, SIGTERM);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    fclose(out);
    EXPECT_TRUE(WIFEXITED(wstatus)) << wstatus;
    EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  };
  run_once(true);
  run_once(false);  // accounts exist: no second token
  auto database = storage::Database::Open({.path = db});
  ASSERT_TRUE(database.ok()) << database.status();
  EXPECT_TRUE((*database)->CheckIntegrity().ok());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// Runs gfo-server with `args` to its end, with GFO_ADMIN_TOKEN set to `admin_token` when it is
// not empty; returns its exit code (-1 when it could not run or did not exit) and what it wrote
// to `stream` (STDOUT_FILENO or STDERR_FILENO).
int RunServerBinary(const std::vector<std::string>& args, std::string* text,
                    int stream = STDOUT_FILENO, const std::string& admin_token = "") {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(pipe_fds[1], stream);
    close(pipe_fds[0]);
    if (!admin_token.empty()) setenv("GFO_ADMIN_TOKEN", admin_token.c_str(), 1);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(GFO_SERVER_BINARY));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(GFO_SERVER_BINARY, argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  FILE* file = fdopen(pipe_fds[0], "r");
  text->clear();
  char line[512];
  while (fgets(line, sizeof(line), file) != nullptr) *text += line;
  fclose(file);
  int wstatus = 0;
  if (waitpid(pid, &wstatus, 0) != pid || !WIFEXITED(wstatus)) return -1;
  return WEXITSTATUS(wstatus);
}

// The admin token chosen through GFO_ADMIN_TOKEN lives 90 days: a short one is refused when it
// would create the first account, and no account is made.
TEST(FrameworkBinary, AShortChosenAdminTokenIsRefusedAtStart) {
  const std::string dir = MakeTempDir("gfo-bin-");
  ASSERT_FALSE(dir.empty());
  const std::string db = dir + "/gfo.db";
  std::string text;
  EXPECT_EQ(RunServerBinary({"--listen", "127.0.0.1:0", "--db", db, "--log-level", "off"}, &text,
                            STDERR_FILENO, "admin"),
            1);
  EXPECT_NE(text.find("GFO_ADMIN_TOKEN: at least 32 characters (got 5)"), std::string::npos)
      << text;
  auto database = storage::Database::Open({.path = db});
  ASSERT_TRUE(database.ok()) << database.status();
  int64_t accounts = -1;
  ASSERT_TRUE((*database)
                  ->Read([&](storage::Db& d) -> absl::Status {
                    auto count = accounts::CountAccounts(d);
                    if (!count.ok()) return count.status();
                    accounts = *count;
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(accounts, 0);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// The first admin token lives 90 days, as any token issued without a lifetime.
TEST(FrameworkServer, TheFirstAdminTokenExpiresLikeAnyOther) {
  const std::string dir = MakeTempDir("gfo-boot-");
  ASSERT_FALSE(dir.empty());
  FakeClock clock;
  clock.Set(absl::FromCivil(absl::CivilSecond(2026, 11, 23, 9, 0, 0), absl::UTCTimeZone()));
  ServerOptions o;
  o.listen_address = "127.0.0.1:0";
  o.db_path = dir + "/gfo.db";
  o.clock = &clock;
  auto server = GfoServer::Start(o);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string token = (*server)->bootstrap_admin_token();
  auto stub = gfo::v1::AccountService::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  auto me = [&] {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    gfo::v1::Account account;
    return stub->GetCurrentAccount(&ctx, {}, &account);
  };
  clock.Advance(absl::Hours(24 * 90) - absl::Seconds(1));
  GFO_EXPECT_OK(me());
  clock.Advance(absl::Seconds(1));
  EXPECT_THAT(me(), StatusIs(grpc::StatusCode::UNAUTHENTICATED, "token has expired"));
  (*server)->Shutdown(absl::Seconds(1));
  server->reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// No admin token works any more: the operator, as the database file's owner, makes a new admin
// with the binary while the server runs; the new token works at once and lives 90 days, the act
// is on the audit trail, and the chain still verifies.
TEST(FrameworkBinary, IssueAdminTokenLetsTheOperatorBackIn) {
  const std::string dir = MakeTempDir("gfo-bin-");
  ASSERT_FALSE(dir.empty());
  const std::string db = dir + "/gfo.db";
  ServerOptions o;
  o.listen_address = "127.0.0.1:0";
  o.db_path = db;
  auto server = GfoServer::Start(o);  // creates accounts/1, whose token is then lost
  ASSERT_TRUE(server.ok()) << server.status();

  std::string text;
  ASSERT_EQ(RunServerBinary({"--db", db, "--issue-admin-token"}, &text), 0) << text;
  EXPECT_NE(text.find("created the admin account accounts/2"), std::string::npos) << text;
  const std::string marker = "it expires in 90 days): ";
  const size_t at = text.find(marker);
  ASSERT_NE(at, std::string::npos) << text;
  const std::string token =
      text.substr(at + marker.size(), text.find('\n', at) - at - marker.size());
  ASSERT_FALSE(token.empty());

  auto channel = grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials());
  auto accounts = gfo::v1::AccountService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + token);
  gfo::v1::Account me;
  GFO_ASSERT_OK(accounts->GetCurrentAccount(&ctx, {}, &me));
  EXPECT_EQ(me.name(), "accounts/2");
  EXPECT_EQ(me.role(), gfo::v1::ROLE_ADMIN);
  EXPECT_EQ(me.display_name(), "Recovery administrator");
  int64_t recorded = 0;
  int64_t lifetime_days = 0;
  GFO_ASSERT_OK((*server)->database().Read([&](storage::Db& d) -> absl::Status {
    auto stmt = d.Prepare(
        "SELECT COUNT(*) FROM audit_events WHERE method = 'gfo-server/IssueRecoveryAdmin' AND "
        "resources = 'accounts/2' AND client_address = 'local' AND account = ''");
    if (!stmt.ok()) return stmt.status();
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    recorded = (*stmt)->ColumnInt(0);
    (*stmt)->Reset();
    auto lifetime = d.Prepare(
        "SELECT (expire_time - create_time) / 86400000000 FROM tokens WHERE account_id = 2");
    if (!lifetime.ok()) return lifetime.status();
    row = (*lifetime)->Step();
    if (!row.ok()) return row.status();
    lifetime_days = (*lifetime)->ColumnInt(0);
    (*lifetime)->Reset();
    auto verified = audit::Verify(d);
    if (!verified.ok()) return verified.status();
    EXPECT_TRUE(verified->ok()) << verified->detail();
    return absl::OkStatus();
  }));
  EXPECT_EQ(recorded, 1);
  EXPECT_EQ(lifetime_days, 90);
  (*server)->Shutdown(absl::Seconds(1));
  server->reset();

  // A path with no database fails, and makes none.
  const std::string wrong = dir + "/other.db";
  EXPECT_EQ(RunServerBinary({"--db", wrong, "--issue-admin-token", "--log-level", "off"}, &text), 1)
      << text;
  EXPECT_FALSE(std::filesystem::exists(wrong));
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace gfo::testing
