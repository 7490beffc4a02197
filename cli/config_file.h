// The user's gfo config file: a JSON object written by `gfo login` and read on every run.
//
// Keys: "server", "token", "output", "timeout" (seconds), "tls" (bool), "ca_cert", "client_cert",
// "client_key" (paths; relative ones are relative to the file's directory). Unknown keys are kept
// when gfo rewrites the file. The file holds a credential, so it is written with mode 0600 and
// any directory gfo creates for it with mode 0700.

#ifndef GFO_CLI_CONFIG_FILE_H_
#define GFO_CLI_CONFIG_FILE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gfo::cli {

// What a config file says; an unset member means the key is absent.
struct ConfigValues {
  std::optional<std::string> server;
  std::optional<std::string> token;
  std::optional<std::string> output;
  std::optional<double> timeout;
  std::optional<bool> tls;
  std::optional<std::string> ca_cert;
  std::optional<std::string> client_cert;
  std::optional<std::string> client_key;
};

// Reads `path`. A missing file gives empty values. INVALID_ARGUMENT naming the file (and the key)
// when it is not a JSON object or a known key has the wrong type; UNKNOWN when it cannot be read.
// Relative certificate paths are made relative to the file's directory.
absl::StatusOr<ConfigValues> LoadConfig(const std::string& path);

// Sets every key that `set` holds and removes the keys named in `erase`, keeping all others.
// Creates missing parent directories (mode 0700) and replaces the file atomically with one of
// mode 0600. UNKNOWN with the path and the system's reason on I/O failure; INVALID_ARGUMENT
// when an existing file is not a JSON object.
absl::Status UpdateConfig(const std::string& path, const ConfigValues& set,
                          const std::vector<std::string>& erase = {});

}  // namespace gfo::cli

#endif  // GFO_CLI_CONFIG_FILE_H_
