// gfo-server: flags and environment variables, logging, signals; the rest is GfoServer.

#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "service/json_log.h"
#include "service/match_mapping.h"
#include "service/server.h"
#include "service/validation/config_validation.h"

namespace {

// Loads the text-format ServiceConfig at `path` (service/validation/config_validation.h applies
// every default and checks every value), then checks the matcher configuration it gives, and
// stores the resolved values in `config`. Returns a message naming the bad field (or the line of
// a syntax error) on error, "" on success.
std::string LoadConfig(const std::string& path, gfo::AppConfig& config) {
  absl::StatusOr<gfo::validation::ResolvedConfig> resolved = gfo::validation::LoadConfigFile(path);
  if (!resolved.ok()) {
    return "invalid configuration " + path + ": " + std::string(resolved.status().message());
  }
  const gfo::validation::ResolvedConfig& r = *resolved;
  gfo::v1::ServiceConfig& s = config.service;
  gfo::v1::MatcherConfig& m = *s.mutable_matcher();
  gfo::v1::MatcherWeights& w = *m.mutable_weights();
  w.set_proximity(r.weights.proximity);
  w.set_language(r.weights.language);
  w.set_background(r.weights.background);
  w.set_experience(r.weights.experience);
  w.set_age_fit(r.weights.age_fit);
  w.set_siblings(r.weights.siblings);
  w.set_continuity(r.weights.continuity);
  w.set_waiting_time(r.weights.waiting_time);
  m.set_distance_half_km(r.distance_half_km);
  m.set_default_max_distance_km(r.default_max_distance_km);
  m.set_fairness_horizon_days(r.fairness_horizon_days);
  m.set_default_top_k(r.default_top_k);
  s.set_proposal_hold_hours(r.proposal_hold_hours);
  s.set_review_interval_months(r.review_interval_months);
  config.proposal_hold = absl::Hours(r.proposal_hold_hours);
  config.review_interval_months = r.review_interval_months;
  if (absl::StatusOr<gfo::matcher::Config> matcher = gfo::match::ConfigFromService(s);
      !matcher.ok()) {
    return "invalid configuration " + path + ": " + std::string(matcher.status().message());
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  // Everything the server creates (the database and its WAL, backups, their directories) holds
  // children's personal data: readable by the server's user only.
  umask(077);
  gfo::ServerOptions options;
  std::string log_level = "info";
  std::string log_format = "text";
  std::string config_path;

  CLI::App cli{"gfo-server: the family-home bank of a joint family-home organisation"};
  cli.add_option("--listen", options.listen_address, "Listen address")
      ->envname("GFO_LISTEN")
      ->capture_default_str();
  cli.add_option("--db", options.db_path, "SQLite database file (created on first start)")
      ->envname("GFO_DB")
      ->capture_default_str();
  cli.add_option("--backup-dir", options.backup_dir, "Directory for online backups")
      ->envname("GFO_BACKUP_DIR");
  cli.add_option("--tls-cert", options.tls_cert_file, "TLS certificate (PEM)")
      ->envname("GFO_TLS_CERT");
  cli.add_option("--tls-key", options.tls_key_file, "TLS private key (PEM)")
      ->envname("GFO_TLS_KEY");
  cli.add_option("--tls-client-ca", options.tls_client_ca_file,
                 "CA for client certificates (PEM); enables mutual TLS")
      ->envname("GFO_TLS_CLIENT_CA");
  cli.add_option("--config", config_path, "ServiceConfig file (text protobuf)")
      ->envname("GFO_CONFIG_FILE");
  cli.add_option("--log-level", log_level, "trace|debug|info|warn|error|off")
      ->envname("GFO_LOG_LEVEL")
      ->capture_default_str();
  cli.add_option("--log-format", log_format, "text|json")
      ->envname("GFO_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cli.add_option("--synchronous", options.synchronous,
                 "SQLite synchronous: FULL (an acknowledged write survives a power loss) or "
                 "NORMAL (a crash of the process only; more throughput)")
      ->check(CLI::IsMember({"NORMAL", "FULL"}))
      ->capture_default_str();
  bool issue_admin_token = false;
  cli.add_flag("--issue-admin-token", issue_admin_token,
               "Create a new admin account with a token on the existing --db, print the token "
               "once, and exit (the way back in when no admin token works; run it as the "
               "database file's owner; the server may be running; other flags are ignored)");
  CLI11_PARSE(cli, argc, argv);
  if (issue_admin_token) {
    absl::StatusOr<gfo::RecoveryAdmin> admin = gfo::IssueRecoveryAdmin(options);
    if (!admin.ok()) {
      std::cerr << "gfo-server: " << admin.status().message() << "\n";
      return 1;
    }
    std::cout << "gfo-server: created the admin account " << admin->account << " on "
              << options.db_path << " (recorded on the audit trail).\n"
              << "Admin token (shown once, store it safely; it expires in 90 days): "
              << admin->token << "\n";
    return 0;
  }
  if (const char* token = std::getenv("GFO_ADMIN_TOKEN"); token != nullptr) {
    options.bootstrap_admin_token = token;  // used, and checked, only when no account exists
  }

  auto logger =
      std::make_shared<spdlog::logger>("gfo", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_level(spdlog::level::from_str(log_level));
  if (log_format == "json") {
    logger->set_formatter(gfo::JsonLogFormatter());
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %l %v", spdlog::pattern_time_type::utc);
  }
  options.logger = logger;

  if (!config_path.empty()) {
    if (std::string error = LoadConfig(config_path, options.config); !error.empty()) {
      std::cerr << "gfo-server: " << error << "\n";
      return 2;
    }
  }
  if (const auto parent = std::filesystem::path(options.db_path).parent_path(); !parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
  }

  // Signals are taken by a waiting thread, so block them before gRPC starts its threads.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = gfo::GfoServer::Start(options);
  if (!server.ok()) {
    std::cerr << "gfo-server: " << server.status().message() << "\n";
    return 1;
  }
  if (!(*server)->bootstrap_admin_token().empty()) {
    // Shown once, on the console only (never in the log).
    std::cout << "gfo-server: created the first admin account (accounts/1).\n"
              << "Admin token (shown once, store it safely; it expires in 90 days): "
              << (*server)->bootstrap_admin_token() << "\n"
              << "Use it with: gfo login --token <token> --server " << (*server)->address() << "\n";
  }
  std::cout << "gfo-server: listening on "
            << options.listen_address.substr(0, options.listen_address.rfind(':')) << ":"
            << (*server)->port() << ", database " << options.db_path << std::endl;

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  logger->info("signal {} received; shutting down", signal_number);
  (*server)->Shutdown(absl::Seconds(10));
  server->reset();  // closes the database cleanly
  return 0;
}
