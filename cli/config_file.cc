#include "cli/config_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>
#include "absl/strings/str_cat.h"

namespace gfo::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

absl::Status IoError(absl::string_view what, const std::string& path, int error) {
  return absl::UnknownError(absl::StrCat(what, " ", path, ": ", std::strerror(error)));
}

// Reads the file as a JSON object; a missing file gives an empty object.
absl::StatusOr<json> ReadObject(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec) && !ec) return json::object();
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read config file", path, errno);
  std::stringstream buffer;
  buffer << in.rdbuf();
  json document = json::parse(buffer.str(), /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a JSON object"));
  }
  return document;
}

absl::Status WrongType(const std::string& path, absl::string_view key, absl::string_view type) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": \"", key, "\" must be a ", type));
}

absl::Status ReadString(const json& document, const std::string& path, const char* key,
                        std::optional<std::string>* out) {
  const auto it = document.find(key);
  if (it == document.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_string()) return WrongType(path, key, "string");
  *out = it->get<std::string>();
  return absl::OkStatus();
}

void MakeRelativeTo(const fs::path& dir, std::optional<std::string>* file) {
  if (!file->has_value() || (*file)->empty()) return;
  const fs::path p(**file);
  if (p.is_relative()) *file = (dir / p).string();
}

// Creates the missing directories of `dir` with mode 0700.
absl::Status MakeDirectories(const fs::path& dir) {
  if (dir.empty()) return absl::OkStatus();
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return absl::OkStatus();
  absl::Status parent = MakeDirectories(dir.parent_path());
  if (!parent.ok()) return parent;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return IoError("cannot create directory", dir.string(), errno);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ConfigValues> LoadConfig(const std::string& path) {
  absl::StatusOr<json> document = ReadObject(path);
  if (!document.ok()) return document.status();
  ConfigValues values;
  for (const auto& [key, out] :
       {std::pair{"server", &values.server}, std::pair{"token", &values.token},
        std::pair{"output", &values.output}, std::pair{"ca_cert", &values.ca_cert},
        std::pair{"client_cert", &values.client_cert},
        std::pair{"client_key", &values.client_key}}) {
    absl::Status status = ReadString(*document, path, key, out);
    if (!status.ok()) return status;
  }
  if (const auto it = document->find("timeout"); it != document->end() && !it->is_null()) {
    if (!it->is_number()) return WrongType(path, "timeout", "number of seconds");
    values.timeout = it->get<double>();
  }
  if (const auto it = document->find("tls"); it != document->end() && !it->is_null()) {
    if (!it->is_boolean()) return WrongType(path, "tls", "boolean");
    values.tls = it->get<bool>();
  }
  const fs::path dir = fs::path(path).parent_path();
  MakeRelativeTo(dir, &values.ca_cert);
  MakeRelativeTo(dir, &values.client_cert);
  MakeRelativeTo(dir, &values.client_key);
  return values;
}

absl::Status UpdateConfig(const std::string& path, const ConfigValues& set,
                          const std::vector<std::string>& erase) {
  absl::StatusOr<json> document = ReadObject(path);
  if (!document.ok()) return document.status();
  for (const std::string& key : erase) document->erase(key);
  const auto put_string = [&](const char* key, const std::optional<std::string>& value) {
    if (value.has_value()) (*document)[key] = *value;
  };
  put_string("server", set.server);
  put_string("token", set.token);
  put_string("output", set.output);
  put_string("ca_cert", set.ca_cert);
  put_string("client_cert", set.client_cert);
  put_string("client_key", set.client_key);
  if (set.timeout.has_value()) (*document)["timeout"] = *set.timeout;
  if (set.tls.has_value()) (*document)["tls"] = *set.tls;

  const fs::path target(path);
  absl::Status dirs = MakeDirectories(target.parent_path());
  if (!dirs.ok()) return dirs;
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot write config file", temp, errno);
  // The umask may have narrowed the mode; never widen, but make sure it is not wider than 0600.
  if (::fchmod(fd, 0600) != 0) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return IoError("cannot set mode of", temp, error);
  }
  const std::string text = document->dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return IoError("cannot write config file", temp, error);
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const int sync_error = errno;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    const int error = synced ? errno : sync_error;
    ::unlink(temp.c_str());
    return IoError("cannot write config file", temp, error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return IoError("cannot replace config file", path, error);
  }
  return absl::OkStatus();
}

}  // namespace gfo::cli
