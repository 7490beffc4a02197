// The settings every `gfo` command runs with (server, credential, output format, deadline, TLS)
// and how they are decided: a flag beats an environment variable, which beats the config file,
// which beats the built-in default.
//
// ResolveGlobals is pure (the environment comes in as a lookup function), so the precedence
// can be tested without touching the process environment.

#ifndef GFO_CLI_GLOBALS_H_
#define GFO_CLI_GLOBALS_H_

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "cli/config_file.h"
#include "cli/output.h"

namespace gfo::cli {

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";
inline constexpr double kDefaultTimeoutSeconds = 30;

struct TlsOptions {
  bool enabled = false;
  std::string ca_cert_file;      // PEM roots; empty = the system's roots
  std::string client_cert_file;  // PEM chain for mutual TLS; empty = no client certificate
  std::string client_key_file;   // PEM key for client_cert_file
};

// The longest --reason the server's audit trail keeps whole (service/app.cc CleanReason).
inline constexpr size_t kMaxReasonBytes = 200;

// The effective global settings of one run.
struct Globals {
  std::string server = kDefaultServer;
  std::string token;  // empty = send no authorization metadata
  OutputFormat output = OutputFormat::kTable;
  double timeout_seconds = kDefaultTimeoutSeconds;  // deadline of each unary call
  std::string reason;                               // sent as x-gfo-reason when non-empty
  TlsOptions tls;
  std::string config_path;  // the config file consulted ("" when no home directory is known)
  // Where each setting came from, for `gfo config show`: "flag", "env GFO_SERVER",
  // "config file" or "default". Keys: server, token, output, timeout, tls.
  std::map<std::string, std::string> sources;
  // Set when the config file holds a token saved for another server than the one in use: the
  // token is then not sent (it would leak to that server), and this names the saved server.
  std::string token_withheld_for_server;
};

// The global flags as given on the command line; unset = not given.
struct GlobalFlagValues {
  std::optional<std::string> server;
  std::optional<std::string> token;
  std::optional<std::string> output;
  std::optional<double> timeout;
  std::optional<std::string> reason;
  bool tls = false;
  std::optional<std::string> ca_cert;
  std::optional<std::string> client_cert;
  std::optional<std::string> client_key;
  std::optional<std::string> config;
};

// Looks up an environment variable; nullopt when unset or empty.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
EnvLookup ProcessEnvironment();

// The config file path: --config, else GFO_CONFIG, else $XDG_CONFIG_HOME/gfo/config.json, else
// $HOME/.config/gfo/config.json; "" when none of these is known.
std::string ResolveConfigPath(const std::optional<std::string>& config_flag, const EnvLookup& env);

// Combines flags, environment (GFO_SERVER, GFO_TOKEN, GFO_OUTPUT) and the config file.
// INVALID_ARGUMENT naming the source for a bad output format, a non-positive timeout, a token
// that is not printable ASCII, or a client certificate without its key (or the reverse).
// Giving --ca-cert or a client certificate turns TLS on.
absl::StatusOr<Globals> ResolveGlobals(const GlobalFlagValues& flags, const EnvLookup& env,
                                       const ConfigValues& file, std::string config_path);

}  // namespace gfo::cli

#endif  // GFO_CLI_GLOBALS_H_
