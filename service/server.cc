#include "service/server.h"

#include <google/protobuf/util/time_util.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/codegen/service_type.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "service/accounts.h"
#include "service/audit_indexer.h"
#include "service/audit_log.h"
#include "service/bad_input_interceptor.h"
#include "service/errors.h"
#include "service/server_builder.h"
#include "service/services.h"

namespace gfo {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path, std::string_view field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return errors::InvalidArgument(field, absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerOptions& o) {
  if (o.tls_cert_file.empty() && o.tls_key_file.empty()) {
    if (!o.tls_client_ca_file.empty()) {
      return errors::InvalidArgument("tls_client_ca", "needs tls_cert and tls_key");
    }
    return grpc::InsecureServerCredentials();
  }
  if (o.tls_cert_file.empty() || o.tls_key_file.empty()) {
    return errors::InvalidArgument("tls_cert", "tls_cert and tls_key must be given together");
  }
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  auto cert = ReadFile(o.tls_cert_file, "tls_cert");
  if (!cert.ok()) return cert.status();
  auto key = ReadFile(o.tls_key_file, "tls_key");
  if (!key.ok()) return key.status();
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!o.tls_client_ca_file.empty()) {
    auto ca = ReadFile(o.tls_client_ca_file, "tls_client_ca");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

// The shortest admin token taken from ServerOptions::bootstrap_admin_token (GFO_ADMIN_TOKEN); the
// server's own are 43 characters.
constexpr size_t kMinChosenAdminTokenChars = 32;

// An admin account made by the server itself or its operator, not through a call, with a token
// living `ttl` (`wanted_token`, or a random one when empty); recorded on the audit trail in the
// same transaction as `method`, with no account acting and the client "local".
absl::StatusOr<RecoveryAdmin> InsertLocalAdmin(storage::Db& db, absl::Time now,
                                               std::string_view display_name,
                                               std::optional<absl::Duration> ttl,
                                               const std::string& wanted_token,
                                               std::string_view method, std::string_view reason) {
  gfo::v1::Account admin;
  admin.set_display_name(std::string(display_name));
  admin.set_role(gfo::v1::ROLE_ADMIN);
  auto account = accounts::InsertAccount(db, admin, now);
  if (!account.ok()) return account.status();
  const int64_t id = std::stoll(account->name().substr(sizeof("accounts/") - 1));
  auto issued = accounts::InsertToken(db, id, now, ttl, wanted_token);
  if (!issued.ok()) return issued.status();
  gfo::v1::AuditEvent event;
  *event.mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  event.set_method(std::string(method));
  event.add_resources(account->name());
  event.set_status_code(0);
  event.set_client_address("local");
  event.set_reason(std::string(reason));
  if (absl::Status recorded = audit::Append(db, std::move(event)).status(); !recorded.ok()) {
    return recorded;
  }
  return RecoveryAdmin{.account = account->name(), .token = issued->token};
}

// Creates the first admin account when the database has none, its token living `ttl`. Returns
// the token, or "" when accounts already existed.
absl::StatusOr<std::string> BootstrapAdmin(storage::Database& db, absl::Time now,
                                           const std::string& wanted_token,
                                           std::optional<absl::Duration> ttl) {
  std::string token;
  absl::Status status = db.Write([&](storage::Db& d) -> absl::Status {
    auto count = accounts::CountAccounts(d);
    if (!count.ok()) return count.status();
    if (*count > 0) return absl::OkStatus();
    // A chosen first admin token must not be short enough to guess (it lives 90 days).
    if (!wanted_token.empty() && wanted_token.size() < kMinChosenAdminTokenChars) {
      return absl::InvalidArgumentError(absl::StrCat("GFO_ADMIN_TOKEN: at least ",
                                                     kMinChosenAdminTokenChars, " characters (got ",
                                                     wanted_token.size(), ")"));
    }
    auto admin =
        InsertLocalAdmin(d, now, "Administrator", ttl, wanted_token, "gfo-server/BootstrapAdmin",
                         "first admin created on a database without accounts");
    if (!admin.ok()) return admin.status();
    token = admin->token;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return token;
}

}  // namespace

absl::StatusOr<RecoveryAdmin> IssueRecoveryAdmin(const ServerOptions& options) {
  SystemClock system_clock;
  const Clock& clock = options.clock != nullptr ? *options.clock : system_clock;
  // A wrong path (or the default one, from another directory) must not make a new database with
  // an admin that no server knows.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.db_path, ec)) {
    return errors::FailedPrecondition(absl::StrCat("--issue-admin-token: no database at ",
                                                   options.db_path, " (give the server's --db)"));
  }
  storage::DatabaseOptions db_options;
  db_options.path = options.db_path;
  db_options.create = false;
  db_options.readers = 1;
  db_options.synchronous = options.synchronous;
  db_options.checkpoint_pages = 0;
  auto db = storage::Database::Open(db_options);
  if (!db.ok()) return db.status();
  RecoveryAdmin out;
  const absl::Time now = clock.Now();
  absl::Status status = (*db)->Write([&](storage::Db& d) -> absl::Status {
    auto admin = InsertLocalAdmin(d, now, "Recovery administrator", validation::kDefaultTokenTtl,
                                  "", "gfo-server/IssueRecoveryAdmin",
                                  "admin created by the operator from the database file");
    if (!admin.ok()) return admin.status();
    out = *std::move(admin);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return out;
}

struct GfoServer::Impl {
  ServerOptions options;
  SystemClock system_clock;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<AuditIndexer> audit_indexer;  // stops before the database closes
  std::unique_ptr<App> app;
  std::vector<std::unique_ptr<grpc::Service>> services;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  std::string admin_token;
  bool shut_down = false;
};

GfoServer::GfoServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

GfoServer::~GfoServer() { Shutdown(absl::Seconds(1)); }

absl::StatusOr<std::unique_ptr<GfoServer>> GfoServer::Start(ServerOptions options) {
  // Debian's abseil is built with Mutex deadlock detection on, which keeps a lock graph on every
  // acquisition (measured: ~3 % of a loaded server's CPU). The service's lock order is fixed
  // (write queue, then write lock, then checkpoint state and caches), so the detector only costs.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  ServerOptions& o = impl->options;
  if (o.logger == nullptr) {
    o.logger =
        std::make_shared<spdlog::logger>("gfo", std::make_shared<spdlog::sinks::null_sink_mt>());
  }
  const Clock& clock = o.clock != nullptr ? *o.clock : impl->system_clock;
  if (o.config.backup_dir.empty() || o.config.backup_dir == AppConfig().backup_dir) {
    if (!o.backup_dir.empty()) {
      o.config.backup_dir = o.backup_dir;
    } else {
      const std::filesystem::path db_dir = std::filesystem::path(o.db_path).parent_path();
      o.config.backup_dir = (db_dir.empty() ? std::filesystem::path(".") : db_dir) / "backups";
    }
  }

  storage::DatabaseOptions db_options;
  db_options.path = o.db_path;
  db_options.readers = o.readers;
  db_options.synchronous = o.synchronous;
  db_options.max_group = o.max_group;
  db_options.checkpoint_pages = o.checkpoint_pages;
  auto db = storage::Database::Open(db_options);
  if (!db.ok()) return db.status();
  impl->db = std::move(*db);

  // Events a crash left unindexed are indexed before the first call.
  impl->audit_indexer = std::make_unique<AuditIndexer>(*impl->db, o.audit_index_interval, o.logger);
  if (absl::Status indexed = impl->audit_indexer->CatchUp(); !indexed.ok()) return indexed;
  impl->audit_indexer->Start();

  auto token =
      BootstrapAdmin(*impl->db, clock.Now(), o.bootstrap_admin_token, o.bootstrap_token_ttl);
  if (!token.ok()) return token.status();
  impl->admin_token = *token;

  impl->app = std::make_unique<App>(*impl->db, clock, o.logger, o.config);
  App& app = *impl->app;
  impl->services.push_back(MakeHomeService(app));
  impl->services.push_back(MakeAccountService(app));
  impl->services.push_back(MakeAuditService(app));
  impl->services.push_back(MakeMunicipalityService(app));
  impl->services.push_back(MakeRequestService(app));
  impl->services.push_back(MakeProposalService(app));
  impl->services.push_back(MakePlacementService(app));
  impl->services.push_back(MakeMatchService(app));
  impl->services.push_back(MakeAdminService(app));

  auto credentials = Credentials(o);
  if (!credentials.ok()) return credentials.status();

  grpc::ServerBuilder builder;
  ApplyServerSettings(builder);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<BadInputInterceptorFactory>(app));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.AddListeningPort(o.listen_address, *credentials, &impl->port);
  for (auto& service : impl->services) builder.RegisterService(service.get());
  impl->server = builder.BuildAndStart();
  if (impl->server == nullptr || impl->port == 0) {
    return errors::Unavailable(absl::StrCat("listen: cannot listen on ", o.listen_address));
  }
  impl->server->GetHealthCheckService()->SetServingStatus(true);
  o.logger->info("gfo-server listening on port {}", impl->port);
  return std::unique_ptr<GfoServer>(new GfoServer(std::move(impl)));
}

int GfoServer::port() const { return impl_->port; }

std::string GfoServer::address() const { return absl::StrCat("127.0.0.1:", impl_->port); }

const std::string& GfoServer::bootstrap_admin_token() const { return impl_->admin_token; }

App& GfoServer::app() { return *impl_->app; }

storage::Database& GfoServer::database() { return *impl_->db; }

void GfoServer::Shutdown(absl::Duration grace) {
  if (impl_ == nullptr || impl_->shut_down) return;
  impl_->shut_down = true;
  if (impl_->server != nullptr) {
    impl_->server->GetHealthCheckService()->SetServingStatus(false);
    impl_->server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    impl_->server->Wait();
  }
  if (impl_->audit_indexer != nullptr) {
    impl_->audit_indexer->Stop();
    // A clean stop leaves the lookup tables complete.
    if (absl::Status indexed = impl_->audit_indexer->CatchUp(); !indexed.ok()) {
      impl_->options.logger->warn("audit index at stop failed: {}", indexed.ToString());
    }
  }
  impl_->options.logger->info("gfo-server stopped");
}

void GfoServer::Wait() {
  if (impl_->server != nullptr) impl_->server->Wait();
}

}  // namespace gfo
