// Dates and times as `gfo` reads them from flags and writes them in tables.
//
// Flags take calendar dates as YYYY-MM-DD and instants as RFC 3339 (`2025-07-01T08:30:00Z`,
// offsets allowed) or a bare date, read as midnight UTC. Output is UTC throughout so that what
// one user pastes from a table means the same to another. Pure functions; thread-safe.

#ifndef GFO_CLI_DATES_H_
#define GFO_CLI_DATES_H_

#include <string>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>
#include "absl/status/statusor.h"
#include "gfo/v1/common.pb.h"

namespace gfo::cli {

// Parses exactly YYYY-MM-DD with a valid day of the month (leap years included) and a year in
// 1900..2200. INVALID_ARGUMENT otherwise.
absl::StatusOr<gfo::v1::Date> ParseDate(std::string_view text);

// YYYY-MM-DD; "" for an unset date (year 0).
std::string FormatDate(const gfo::v1::Date& date);

// Which end of a range a bare date stands for.
enum class DateBound {
  kStartOfDay,  // 2025-03-01 means 2025-03-01T00:00:00Z
  kEndOfDay,    // 2025-03-01 means 2025-03-02T00:00:00Z, so an exclusive end includes the day
};

// Parses RFC 3339 or YYYY-MM-DD (see DateBound). INVALID_ARGUMENT otherwise.
absl::StatusOr<google::protobuf::Timestamp> ParseInstant(std::string_view text, DateBound bound);

// `2025-07-01T08:30:00Z` (whole seconds, UTC); "" for an unset timestamp (0 seconds, 0 nanos).
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace gfo::cli

#endif  // GFO_CLI_DATES_H_
