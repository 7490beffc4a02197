// How `gfo` reports a failed call: the inverse of service/grpc_status.h on the client side.
//
// Every error a command returns becomes one line `error: <CODE_NAME>: <message>` on stderr and one
// process exit code per class of gRPC status, so scripts can tell "not found" from "no access"
// without parsing text. The table is fixed: changing a number breaks users' scripts.

#ifndef GFO_CLI_EXIT_CODES_H_
#define GFO_CLI_EXIT_CODES_H_

#include <string>

#include "absl/status/status.h"

namespace gfo::cli {

// Process exit codes of `gfo` (plain ints, so actions can return them directly).
inline constexpr int kExitOk = 0;
inline constexpr int kExitOther = 1;               // codes not listed below; local failures
inline constexpr int kExitUsage = 2;               // bad command line or settings
inline constexpr int kExitInvalidArgument = 3;     // INVALID_ARGUMENT, OUT_OF_RANGE
inline constexpr int kExitNotFound = 4;            // NOT_FOUND
inline constexpr int kExitConflict = 5;            // ALREADY_EXISTS, ABORTED (e.g. a stale etag)
inline constexpr int kExitFailedPrecondition = 6;  // FAILED_PRECONDITION (illegal lifecycle move)
inline constexpr int kExitPermissionDenied = 7;    // PERMISSION_DENIED
inline constexpr int kExitUnauthenticated = 8;     // UNAUTHENTICATED
inline constexpr int kExitUnavailable = 9;         // UNAVAILABLE, DEADLINE_EXCEEDED
inline constexpr int kExitResourceExhausted = 10;  // RESOURCE_EXHAUSTED

// The exit code for a status code. OK gives kExitOk; codes outside the table give kExitOther.
int ExitCodeFor(absl::StatusCode code);

// The canonical upper-case name of a code, e.g. "NOT_FOUND"; "CODE_<n>" for unknown numbers.
std::string StatusCodeName(absl::StatusCode code);

// `error: <CODE_NAME>: <message>` (no trailing newline). REQUIRES: !status.ok().
std::string FormatError(const absl::Status& status);

// The exit-code table as shown in the footer of `gfo --help`.
std::string ExitCodeHelp();

}  // namespace gfo::cli

#endif  // GFO_CLI_EXIT_CODES_H_
