// A real gfo-server for tests: in-process, on 127.0.0.1 port 0, with a fresh SQLite file in a
// temporary directory, a FakeClock, and one account per role created at start.
//
//   auto server = gfo::testing::TestServer::Start();
//   auto stub = gfo::v1::HomeService::NewStub(server->channel());
//   auto ctx = server->Context(gfo::testing::Who::kStaff);
//   grpc::Status s = stub->CreateHome(ctx.get(), request, &home);

#ifndef GFO_TESTS_SUPPORT_TEST_SERVER_H_
#define GFO_TESTS_SUPPORT_TEST_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "service/clock.h"
#include "service/server.h"

namespace gfo::testing {

enum class Who {
  kAdmin,
  kStaff,
  kAuditor,
  kCaseWorkerHarnosand,  // municipality 2280, a GFO member
  kCaseWorkerKramfors,   // municipality 2282, a GFO member
  kCaseWorkerSundsvall,  // municipality 2281, not a member
  kNobody,               // no credential at all
};

// Every Who with a credential, for table-driven tests.
std::vector<Who> AllRoles();
std::string WhoName(Who who);

struct TestServerOptions {
  AppConfig config;
  // The clock starts here: 2026-11-23T09:00:00Z (a Monday) unless set.
  absl::Time start_time = absl::FromUnixSeconds(1795424400);
  int readers = 4;
};

class TestServer {
 public:
  static std::unique_ptr<TestServer> Start(TestServerOptions options = {});
  ~TestServer();

  FakeClock& clock() { return clock_; }
  std::string address() const;
  const std::string& db_path() const { return db_path_; }
  const std::string& dir() const { return dir_; }
  GfoServer& server() { return *server_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

  // The bearer token of `who` ("" for kNobody) and its account name.
  std::string token(Who who) const;
  std::string account(Who who) const;

  // A client context carrying `who`'s token and a 30-second deadline.
  std::unique_ptr<grpc::ClientContext> Context(Who who) const;

  // Creates one more account directly in the database and returns its token.
  std::string AddAccount(gfo::v1::Role role, int32_t municipality_code,
                         std::string* name = nullptr);

  // Stops the server (as on SIGTERM) and starts it again on the same database file.
  void Restart();
  // Stops the server; the database file stays.
  void Stop();

 private:
  TestServer() = default;
  void StartServer();

  TestServerOptions options_;
  FakeClock clock_;
  std::string dir_;
  std::string db_path_;
  std::unique_ptr<GfoServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::map<Who, std::string> tokens_;
  std::map<Who, std::string> accounts_;
};

}  // namespace gfo::testing

#endif  // GFO_TESTS_SUPPORT_TEST_SERVER_H_
