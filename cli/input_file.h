// Request bodies from files: `--from-file home.json` reads a message in canonical proto JSON
// (proto field names or lowerCamel names, enums by full value name).

#ifndef GFO_CLI_INPUT_FILE_H_
#define GFO_CLI_INPUT_FILE_H_

#include <string>
#include <string_view>

#include <google/protobuf/message.h>
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gfo::cli {

// The whole content of `path`; "-" reads standard input. UNKNOWN with the path and the
// system's reason when it cannot be read.
absl::StatusOr<std::string> ReadInputFile(const std::string& path);

// Parses canonical proto JSON into `message` (cleared first). Unknown fields are an error.
// INVALID_ARGUMENT `<source>: <parser's reason>`.
absl::Status ParseJsonMessage(std::string_view json, std::string_view source,
                              google::protobuf::Message* message);

}  // namespace gfo::cli

#endif  // GFO_CLI_INPUT_FILE_H_
