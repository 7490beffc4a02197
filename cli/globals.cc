#include "cli/globals.h"

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"

namespace gfo::cli {
namespace {

// A value and the name of where it came from.
struct Sourced {
  std::string value;
  std::string source;
};

// flag > env > file; nullopt when none gives a value.
std::optional<Sourced> Pick(const std::optional<std::string>& flag, const EnvLookup& env,
                            const char* env_name, const std::optional<std::string>& file) {
  if (flag.has_value()) return Sourced{*flag, "flag"};
  if (env_name != nullptr) {
    if (std::optional<std::string> value = env(env_name); value.has_value()) {
      return Sourced{*value, absl::StrCat("env ", env_name)};
    }
  }
  if (file.has_value()) return Sourced{*file, "config file"};
  return std::nullopt;
}

bool IsPrintableAscii(std::string_view text) {
  for (char c : text) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

std::string ResolveConfigPath(const std::optional<std::string>& config_flag, const EnvLookup& env) {
  if (config_flag.has_value()) return *config_flag;
  if (std::optional<std::string> path = env("GFO_CONFIG"); path.has_value()) return *path;
  if (std::optional<std::string> xdg = env("XDG_CONFIG_HOME"); xdg.has_value()) {
    return absl::StrCat(*xdg, "/gfo/config.json");
  }
  if (std::optional<std::string> home = env("HOME"); home.has_value()) {
    return absl::StrCat(*home, "/.config/gfo/config.json");
  }
  return "";
}

absl::StatusOr<Globals> ResolveGlobals(const GlobalFlagValues& flags, const EnvLookup& env,
                                       const ConfigValues& file, std::string config_path) {
  Globals globals;
  globals.config_path = std::move(config_path);
  globals.sources = {{"server", "default"},
                     {"token", "default"},
                     {"output", "default"},
                     {"timeout", "default"},
                     {"tls", "default"}};

  if (auto server = Pick(flags.server, env, "GFO_SERVER", file.server); server.has_value()) {
    globals.server = server->value;
    globals.sources["server"] = server->source;
  }
  if (globals.server.empty()) return absl::InvalidArgumentError("server: must not be empty");

  if (auto token = Pick(flags.token, env, "GFO_TOKEN", file.token); token.has_value()) {
    const bool from_file = token->source == "config file";
    if (from_file && file.server.has_value() && *file.server != globals.server) {
      globals.token_withheld_for_server = *file.server;
    } else {
      if (!IsPrintableAscii(token->value)) {
        return absl::InvalidArgumentError(
            absl::StrCat("token (", token->source, "): must be printable ASCII"));
      }
      globals.token = token->value;
      globals.sources["token"] = token->source;
    }
  }

  if (auto output = Pick(flags.output, env, "GFO_OUTPUT", file.output); output.has_value()) {
    absl::StatusOr<OutputFormat> format = ParseOutputFormat(output->value);
    if (!format.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "output (", output->source, "): must be table, json or csv, got '", output->value, "'"));
    }
    globals.output = *format;
    globals.sources["output"] = output->source;
  }

  if (flags.timeout.has_value() || file.timeout.has_value()) {
    globals.timeout_seconds = flags.timeout.has_value() ? *flags.timeout : *file.timeout;
    globals.sources["timeout"] = flags.timeout.has_value() ? "flag" : "config file";
    if (!(globals.timeout_seconds > 0)) {
      return absl::InvalidArgumentError(absl::StrCat("timeout (", globals.sources["timeout"],
                                                     "): must be a positive number of seconds"));
    }
  }

  globals.reason = flags.reason.value_or("");
  // The server keeps 200 bytes of a reason; a longer one would be cut without the caller seeing.
  if (globals.reason.size() > kMaxReasonBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("reason: at most ", kMaxReasonBytes, " bytes, got ", globals.reason.size()));
  }

  TlsOptions& tls = globals.tls;
  tls.ca_cert_file = flags.ca_cert.value_or(file.ca_cert.value_or(""));
  tls.client_cert_file = flags.client_cert.value_or(file.client_cert.value_or(""));
  tls.client_key_file = flags.client_key.value_or(file.client_key.value_or(""));
  if (flags.tls || flags.ca_cert || flags.client_cert) {
    tls.enabled = true;
    globals.sources["tls"] = "flag";
  } else if (file.tls.value_or(false) || file.ca_cert || file.client_cert) {
    tls.enabled = true;
    globals.sources["tls"] = "config file";
  }
  if (tls.client_cert_file.empty() != tls.client_key_file.empty()) {
    return absl::InvalidArgumentError(
        "client-cert, client-key: mutual TLS needs both the certificate and its key");
  }
  return globals;
}

}  // namespace gfo::cli
