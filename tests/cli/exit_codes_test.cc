#include "cli/exit_codes.h"

#include <gtest/gtest.h>

namespace gfo::cli {
namespace {

struct ExitCase {
  absl::StatusCode code;
  int exit_code;
  const char* name;
};

// Every canonical code, 0..16.
const ExitCase kCases[] = {
    {absl::StatusCode::kOk, 0, "OK"},
    {absl::StatusCode::kCancelled, 1, "CANCELLED"},
    {absl::StatusCode::kUnknown, 1, "UNKNOWN"},
    {absl::StatusCode::kInvalidArgument, 3, "INVALID_ARGUMENT"},
    {absl::StatusCode::kDeadlineExceeded, 9, "DEADLINE_EXCEEDED"},
    {absl::StatusCode::kNotFound, 4, "NOT_FOUND"},
    {absl::StatusCode::kAlreadyExists, 5, "ALREADY_EXISTS"},
    {absl::StatusCode::kPermissionDenied, 7, "PERMISSION_DENIED"},
    {absl::StatusCode::kResourceExhausted, 10, "RESOURCE_EXHAUSTED"},
    {absl::StatusCode::kFailedPrecondition, 6, "FAILED_PRECONDITION"},
    {absl::StatusCode::kAborted, 5, "ABORTED"},
    {absl::StatusCode::kOutOfRange, 3, "OUT_OF_RANGE"},
    {absl::StatusCode::kUnimplemented, 1, "UNIMPLEMENTED"},
    {absl::StatusCode::kInternal, 1, "INTERNAL"},
    {absl::StatusCode::kUnavailable, 9, "UNAVAILABLE"},
    {absl::StatusCode::kDataLoss, 1, "DATA_LOSS"},
    {absl::StatusCode::kUnauthenticated, 8, "UNAUTHENTICATED"},
};

TEST(CliExitCodes, MapsEveryCanonicalCode) {
  for (const ExitCase& c : kCases) {
    EXPECT_EQ(ExitCodeFor(c.code), c.exit_code) << c.name;
    EXPECT_EQ(StatusCodeName(c.code), c.name);
  }
}

TEST(CliExitCodes, CoversAllSeventeenCodes) { EXPECT_EQ(std::size(kCases), 17u); }

TEST(CliExitCodes, NonCanonicalCodeIsOther) {
  EXPECT_EQ(ExitCodeFor(static_cast<absl::StatusCode>(42)), kExitOther);
  EXPECT_EQ(StatusCodeName(static_cast<absl::StatusCode>(42)), "CODE_42");
}

TEST(CliExitCodes, FormatsErrorWithCodeNameAndServerMessage) {
  EXPECT_EQ(FormatError(absl::NotFoundError("homes/7: not found")),
            "error: NOT_FOUND: homes/7: not found");
}

TEST(CliExitCodes, HelpTableListsEveryExitCode) {
  const std::string help = ExitCodeHelp();
  for (const char* line :
       {"  0   success", "  2   usage error", "  3   INVALID_ARGUMENT, OUT_OF_RANGE",
        "  4   NOT_FOUND", "  5   ALREADY_EXISTS, ABORTED", "  6   FAILED_PRECONDITION",
        "  7   PERMISSION_DENIED", "  8   UNAUTHENTICATED", "  9   UNAVAILABLE, DEADLINE_EXCEEDED",
        "  10  RESOURCE_EXHAUSTED"}) {
    EXPECT_NE(help.find(line), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace gfo::cli
