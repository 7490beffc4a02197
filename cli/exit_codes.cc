#include "cli/exit_codes.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace gfo::cli {

int ExitCodeFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return kExitInvalidArgument;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return kExitConflict;
    case absl::StatusCode::kFailedPrecondition:
      return kExitFailedPrecondition;
    case absl::StatusCode::kPermissionDenied:
      return kExitPermissionDenied;
    case absl::StatusCode::kUnauthenticated:
      return kExitUnauthenticated;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    case absl::StatusCode::kResourceExhausted:
      return kExitResourceExhausted;
    default:
      return kExitOther;
  }
}

std::string StatusCodeName(absl::StatusCode code) {
  const std::string name = absl::StatusCodeToString(code);
  if (name.empty()) return absl::StrCat("CODE_", static_cast<int>(code));
  return name;
}

std::string FormatError(const absl::Status& status) {
  return absl::StrCat("error: ", StatusCodeName(status.code()), ": ", status.message());
}

std::string ExitCodeHelp() {
  return "Exit codes:\n"
         "  0   success\n"
         "  1   other error (INTERNAL, UNKNOWN, DATA_LOSS, local file errors, ...)\n"
         "  2   usage error (unknown command or flag, missing or malformed value)\n"
         "  3   INVALID_ARGUMENT, OUT_OF_RANGE\n"
         "  4   NOT_FOUND\n"
         "  5   ALREADY_EXISTS, ABORTED (e.g. stale --etag)\n"
         "  6   FAILED_PRECONDITION (e.g. an illegal lifecycle move)\n"
         "  7   PERMISSION_DENIED\n"
         "  8   UNAUTHENTICATED\n"
         "  9   UNAVAILABLE, DEADLINE_EXCEEDED\n"
         "  10  RESOURCE_EXHAUSTED\n";
}

}  // namespace gfo::cli
