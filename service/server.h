// gfo-server as a library: opens the database, builds the App, registers every service plus
// gRPC health checking and reflection, and serves until Shutdown. Tests start it in-process on
// port 0 with a real SQLite file; main() adds flags and signals.

#ifndef GFO_SERVICE_SERVER_H_
#define GFO_SERVICE_SERVER_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/app.h"
#include "service/validation/account_validation.h"

namespace spdlog {
class logger;
}

namespace gfo {

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";  // port 0 = pick a free port
  std::string db_path = "var/gfo.db";
  std::string backup_dir;     // default: <db dir>/backups
  std::string tls_cert_file;  // PEM; empty = plaintext
  std::string tls_key_file;
  std::string tls_client_ca_file;  // PEM; set = mutual TLS (client certificate required)
  // The first admin token on a database without accounts; empty = a random one.
  std::string bootstrap_admin_token;
  // Its lifetime: that of any token issued without one (90 days). nullopt: it never expires
  // (tests that move the clock by years). When it has run out, or was lost, and no other admin
  // can issue one, `gfo-server --issue-admin-token` (IssueRecoveryAdmin) makes a new admin.
  std::optional<absl::Duration> bootstrap_token_ttl = validation::kDefaultTokenTtl;
  int readers = 4;
  // FULL: an acknowledged write survives a power loss; NORMAL: a crash of the process only
  // (storage::DatabaseOptions::synchronous).
  std::string synchronous = "FULL";
  // Writes one transaction may hold (storage::Database group commit); 1 = one each.
  int max_group = 256;
  // WAL pages after which a background thread checkpoints; 0 = SQLite's automatic checkpoint
  // inside commits (storage::DatabaseOptions::checkpoint_pages).
  int checkpoint_pages = 1000;
  // How often the audit trail's lookup tables catch up with it (AuditIndexer).
  absl::Duration audit_index_interval = absl::Milliseconds(100);
  AppConfig config;
  const Clock* clock = nullptr;            // nullptr = the system clock
  std::shared_ptr<spdlog::logger> logger;  // nullptr = a null logger
};

// The operator's way back in when no admin token works (lost, expired or revoked, and no other
// admin to issue one): run on the server's machine, by the user that owns the database file, who
// can read and change it anyway. Opens options.db_path (FAILED_PRECONDITION when there is no
// such file; migrating it; the server may be running),
// creates an admin account "Recovery administrator" with a token of the default lifetime,
// records that on the audit trail (method gfo-server/IssueRecoveryAdmin, client "local"), and
// returns the account's name and the token, which is shown once.
struct RecoveryAdmin {
  std::string account;
  std::string token;
};
absl::StatusOr<RecoveryAdmin> IssueRecoveryAdmin(const ServerOptions& options);

class GfoServer {
 public:
  // Opens the database (migrating it), creates the first admin account when there is none,
  // and starts serving. FAILED_PRECONDITION / UNAVAILABLE with a message when it cannot.
  static absl::StatusOr<std::unique_ptr<GfoServer>> Start(ServerOptions options);
  ~GfoServer();

  int port() const;
  std::string address() const;
  // The admin token created at this start, or empty when accounts already existed. Shown once.
  const std::string& bootstrap_admin_token() const;
  App& app();
  storage::Database& database();

  // Stops accepting calls, lets calls in flight finish (up to `grace`), then stops.
  void Shutdown(absl::Duration grace = absl::Seconds(10));
  void Wait();

 private:
  struct Impl;
  explicit GfoServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gfo

#endif  // GFO_SERVICE_SERVER_H_
