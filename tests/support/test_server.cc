#include "tests/support/test_server.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <grpc/grpc.h>

#include "absl/strings/str_cat.h"
#include "service/accounts.h"

namespace gfo::testing {

std::vector<Who> AllRoles() {
  return {Who::kAdmin,
          Who::kStaff,
          Who::kAuditor,
          Who::kCaseWorkerHarnosand,
          Who::kCaseWorkerKramfors,
          Who::kCaseWorkerSundsvall};
}

std::string WhoName(Who who) {
  switch (who) {
    case Who::kAdmin:
      return "admin";
    case Who::kStaff:
      return "gfo_staff";
    case Who::kAuditor:
      return "auditor";
    case Who::kCaseWorkerHarnosand:
      return "case_worker_2280";
    case Who::kCaseWorkerKramfors:
      return "case_worker_2282";
    case Who::kCaseWorkerSundsvall:
      return "case_worker_2281";
    case Who::kNobody:
      return "nobody";
  }
  return "?";
}

std::unique_ptr<TestServer> TestServer::Start(TestServerOptions options) {
  // The test process holds one reference to the gRPC library until it exits. Without it the
  // last channel's destructor shuts gRPC down at the end of each test and joins gRPC's executor
  // threads; after a call that gRPC refused mid-message (an oversized request) one of them may
  // still be polling a 10 s timer, and the test then waited those 10 s in its teardown.
  static const bool grpc_held = [] {
    grpc_init();
    return true;
  }();
  (void)grpc_held;
  std::unique_ptr<TestServer> ts(new TestServer());
  ts->options_ = std::move(options);
  ts->clock_.Set(ts->options_.start_time);
  std::string templ = (std::filesystem::temp_directory_path() / "gfo-test-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  ts->dir_ = templ;
  ts->db_path_ = ts->dir_ + "/gfo.db";
  ts->StartServer();
  ts->tokens_[Who::kAdmin] = ts->server_->bootstrap_admin_token();
  ts->accounts_[Who::kAdmin] = "accounts/1";
  struct Seed {
    Who who;
    gfo::v1::Role role;
    int32_t municipality;
  };
  for (const Seed& s : {Seed{Who::kStaff, gfo::v1::ROLE_GFO_STAFF, 0},
                        Seed{Who::kAuditor, gfo::v1::ROLE_AUDITOR, 0},
                        Seed{Who::kCaseWorkerHarnosand, gfo::v1::ROLE_CASE_WORKER, 2280},
                        Seed{Who::kCaseWorkerKramfors, gfo::v1::ROLE_CASE_WORKER, 2282},
                        Seed{Who::kCaseWorkerSundsvall, gfo::v1::ROLE_CASE_WORKER, 2281}}) {
    std::string name;
    ts->tokens_[s.who] = ts->AddAccount(s.role, s.municipality, &name);
    ts->accounts_[s.who] = name;
  }
  return ts;
}

TestServer::~TestServer() {
  Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void TestServer::StartServer() {
  ServerOptions o;
  o.listen_address = "127.0.0.1:0";
  o.db_path = db_path_;
  o.backup_dir = dir_ + "/backups";
  o.config = options_.config;
  o.clock = &clock_;
  o.readers = options_.readers;
  // Tests move the clock by years and still act as the first admin.
  o.bootstrap_token_ttl = std::nullopt;
  auto server = GfoServer::Start(o);
  if (!server.ok()) throw std::runtime_error(std::string(server.status().message()));
  server_ = std::move(*server);
  channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
}

void TestServer::Stop() {
  if (server_ != nullptr) {
    server_->Shutdown(absl::Seconds(5));
    server_.reset();
  }
}

void TestServer::Restart() {
  Stop();
  StartServer();
}

std::string TestServer::address() const { return server_->address(); }

std::string TestServer::token(Who who) const {
  auto it = tokens_.find(who);
  return it == tokens_.end() ? "" : it->second;
}

std::string TestServer::account(Who who) const {
  auto it = accounts_.find(who);
  return it == accounts_.end() ? "" : it->second;
}

std::unique_ptr<grpc::ClientContext> TestServer::Context(Who who) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  const std::string t = token(who);
  if (!t.empty()) ctx->AddMetadata("authorization", "Bearer " + t);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

std::string TestServer::AddAccount(gfo::v1::Role role, int32_t municipality_code,
                                   std::string* name) {
  std::string token;
  absl::Status status = server_->database().Write([&](storage::Db& db) -> absl::Status {
    gfo::v1::Account a;
    a.set_display_name(absl::StrCat("test ", gfo::v1::Role_Name(role)));
    a.set_role(role);
    a.set_municipality_code(municipality_code);
    auto account = accounts::InsertAccount(db, a, clock_.Now());
    if (!account.ok()) return account.status();
    if (name != nullptr) *name = account->name();
    const int64_t id = std::stoll(account->name().substr(sizeof("accounts/") - 1));
    auto issued = accounts::InsertToken(db, id, clock_.Now(), std::nullopt);
    if (!issued.ok()) return issued.status();
    token = issued->token;
    return absl::OkStatus();
  });
  if (!status.ok()) throw std::runtime_error(std::string(status.message()));
  return token;
}

}  // namespace gfo::testing
