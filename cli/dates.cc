#include "cli/dates.h"

#include <string>

#include <google/protobuf/util/time_util.h>
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "cli/absl_compat.h"

namespace gfo::cli {
namespace {

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

absl::Status BadDate(std::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("'", ToAbsl(text), "' is not a valid date; expected YYYY-MM-DD"));
}

}  // namespace

absl::StatusOr<gfo::v1::Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return BadDate(text);
  const absl::string_view year_text = ToAbsl(text.substr(0, 4));
  const absl::string_view month_text = ToAbsl(text.substr(5, 2));
  const absl::string_view day_text = ToAbsl(text.substr(8, 2));
  int year = 0;
  int month = 0;
  int day = 0;
  if (!AllDigits(year_text) || !AllDigits(month_text) || !AllDigits(day_text) ||
      !absl::SimpleAtoi(year_text, &year) || !absl::SimpleAtoi(month_text, &month) ||
      !absl::SimpleAtoi(day_text, &day)) {
    return BadDate(text);
  }
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return BadDate(text);
  // CivilDay normalises an overflowing day into the next month: a changed month means invalid.
  const absl::CivilDay civil(year, month, day);
  if (civil.month() != month || civil.day() != day) return BadDate(text);
  gfo::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

std::string FormatDate(const gfo::v1::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

absl::StatusOr<google::protobuf::Timestamp> ParseInstant(std::string_view text, DateBound bound) {
  google::protobuf::Timestamp timestamp;
  if (text.size() == 10) {
    const absl::StatusOr<gfo::v1::Date> date = ParseDate(text);
    if (!date.ok()) return date.status();
    absl::CivilDay day(date->year(), date->month(), date->day());
    if (bound == DateBound::kEndOfDay) day += 1;
    const absl::Time start = absl::FromCivil(day, absl::UTCTimeZone());
    timestamp.set_seconds(absl::ToUnixSeconds(start));
    return timestamp;
  }
  if (!google::protobuf::util::TimeUtil::FromString(std::string(text), &timestamp)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", ToAbsl(text),
        "' is not a valid time; expected RFC 3339 (2025-07-01T08:30:00Z) or YYYY-MM-DD"));
  }
  return timestamp;
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(timestamp.seconds()),
                          absl::UTCTimeZone());
}

}  // namespace gfo::cli
