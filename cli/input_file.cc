#include "cli/input_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <google/protobuf/util/json_util.h>
#include "absl/strings/str_cat.h"
#include "cli/absl_compat.h"

namespace gfo::cli {

absl::StatusOr<std::string> ReadInputFile(const std::string& path) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::UnknownError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::UnknownError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  return buffer.str();
}

absl::Status ParseJsonMessage(std::string_view json, std::string_view source,
                              google::protobuf::Message* message) {
  message->Clear();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(source), ": ", std::string(status.message().data(), status.message().size())));
  }
  return absl::OkStatus();
}

}  // namespace gfo::cli
