#include "bench/load/echo_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/load/echo.grpc.pb.h"
#include "service/server_builder.h"

namespace gfo::load {
namespace {

class EchoServiceImpl final : public gfo::load::Echo::Service {
 public:
  explicit EchoServiceImpl(storage::Database* record) : record_(record) {}

  grpc::Status Echo(grpc::ServerContext*, const EchoMessage* request,
                    EchoMessage* response) override {
    if (record_ != nullptr) {
      storage::Database::WriteAnnouncement announcement(*record_);
      const int64_t now = absl::ToUnixMicros(absl::Now());
      absl::Status status = record_->Write(
          [&](storage::Db& db) -> absl::Status {
            auto stmt = db.Prepare("INSERT INTO load_records(time, payload) VALUES (?, ?)");
            if (!stmt.ok()) return stmt.status();
            (*stmt)->Bind(1, now).BindBlob(2, request->payload());
            return (*stmt)->Run();
          },
          [](storage::Db&) {}, &announcement);
      if (!status.ok()) {
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "echo: the call was not recorded");
      }
    }
    *response = *request;
    return grpc::Status::OK;
  }

 private:
  storage::Database* record_;
};

}  // namespace

struct EchoServer::Impl {
  explicit Impl(storage::Database* record) : service(record) {}
  EchoServiceImpl service;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
};

EchoServer::EchoServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EchoServer::~EchoServer() {
  if (impl_ != nullptr && impl_->server != nullptr) {
    impl_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    impl_->server->Wait();
  }
}

absl::Status EchoServer::CreateRecordTable(storage::Database& db) {
  return db.Write([](storage::Db& d) {
    return d.Exec(
        "CREATE TABLE IF NOT EXISTS load_records("
        "id INTEGER PRIMARY KEY, time INTEGER NOT NULL, payload BLOB NOT NULL)");
  });
}

absl::StatusOr<std::unique_ptr<EchoServer>> EchoServer::Start(const std::string& listen_address,
                                                              storage::Database* record) {
  auto impl = std::make_unique<Impl>(record);
  // The same builder settings as GfoServer::Start (service/server_builder.h), minus the gfo
  // services.
  grpc::ServerBuilder builder;
  ApplyServerSettings(builder);
  builder.AddListeningPort(listen_address, grpc::InsecureServerCredentials(), &impl->port);
  builder.RegisterService(&impl->service);
  impl->server = builder.BuildAndStart();
  if (impl->server == nullptr || impl->port == 0) {
    return absl::UnavailableError(absl::StrCat("echo: cannot listen on ", listen_address));
  }
  impl->server->GetHealthCheckService()->SetServingStatus(true);
  return std::unique_ptr<EchoServer>(new EchoServer(std::move(impl)));
}

std::string EchoServer::address() const { return absl::StrCat("127.0.0.1:", impl_->port); }

}  // namespace gfo::load
