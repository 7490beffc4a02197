#include "bench/load/echo_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <unistd.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/load/echo.grpc.pb.h"
#include "service/server_builder.h"

namespace gfo::load {
namespace {

class EchoServiceImpl final : public gfo::load::Echo::Service {
 public:
  EchoServiceImpl(storage::Database* record, int journal_fd)
      : record_(record), journal_fd_(journal_fd) {}

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
    if (journal_fd_ >= 0) {
      const std::string& payload = request->payload();
      const int64_t now = absl::ToUnixMicros(absl::Now());
      const auto length = static_cast<uint32_t>(payload.size());
      std::string record(EchoServer::JournalRecordBytes(payload.size()), '\0');
      std::memcpy(record.data(), &now, sizeof(now));
      std::memcpy(record.data() + sizeof(now), &length, sizeof(length));
      std::memcpy(record.data() + sizeof(now) + sizeof(length), payload.data(), payload.size());
      // One write(2) per record: with O_APPEND each lands whole at the end of the file.
      if (write(journal_fd_, record.data(), record.size()) != static_cast<ssize_t>(record.size())) {
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "echo: the call was not journaled");
      }
    }
    *response = *request;
    return grpc::Status::OK;
  }

 private:
  storage::Database* record_;
  int journal_fd_;
};

}  // namespace

struct EchoServer::Impl {
  Impl(storage::Database* record, int journal_fd) : service(record, journal_fd) {}
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

size_t EchoServer::JournalRecordBytes(size_t payload_bytes) {
  return sizeof(int64_t) + sizeof(uint32_t) + payload_bytes;
}

absl::StatusOr<std::unique_ptr<EchoServer>> EchoServer::Start(const std::string& listen_address,
                                                              storage::Database* record) {
  return StartWith(listen_address, record, -1);
}

absl::StatusOr<std::unique_ptr<EchoServer>> EchoServer::StartJournaled(
    const std::string& listen_address, int journal_fd) {
  return StartWith(listen_address, nullptr, journal_fd);
}

absl::StatusOr<std::unique_ptr<EchoServer>> EchoServer::StartWith(const std::string& listen_address,
                                                                  storage::Database* record,
                                                                  int journal_fd) {
  auto impl = std::make_unique<Impl>(record, journal_fd);
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
