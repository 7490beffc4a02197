#include "cli/dates.h"

#include <gtest/gtest.h>

namespace gfo::cli {
namespace {

TEST(CliDates, ParsesValidDates) {
  const absl::StatusOr<gfo::v1::Date> date = ParseDate("2024-02-29");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->year(), 2024);
  EXPECT_EQ(date->month(), 2);
  EXPECT_EQ(date->day(), 29);
  EXPECT_EQ(FormatDate(*date), "2024-02-29");
}

TEST(CliDates, RejectsMalformedAndImpossibleDates) {
  for (const char* text :
       {"2023-02-29", "2025-13-01", "2025-04-31", "2025-00-10", "2025-1-01", "25-01-01",
        "2025/01/01", "2025-01-01T00:00:00Z", "", "1899-12-31", "2201-01-01", "2025-+1-01"}) {
    EXPECT_FALSE(ParseDate(text).ok()) << text;
  }
}

TEST(CliDates, UnsetDateFormatsEmpty) { EXPECT_EQ(FormatDate(gfo::v1::Date()), ""); }

TEST(CliDates, BareDateIsMidnightUtcOrTheNextMidnightForAnEnd) {
  const auto start = ParseInstant("2025-03-01", DateBound::kStartOfDay);
  const auto end = ParseInstant("2025-03-01", DateBound::kEndOfDay);
  ASSERT_TRUE(start.ok());
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(FormatTimestamp(*start), "2025-03-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(*end), "2025-03-02T00:00:00Z");
}

TEST(CliDates, ParsesRfc3339WithOffsets) {
  const auto time = ParseInstant("2025-07-01T10:30:00+02:00", DateBound::kStartOfDay);
  ASSERT_TRUE(time.ok());
  EXPECT_EQ(FormatTimestamp(*time), "2025-07-01T08:30:00Z");
  EXPECT_FALSE(ParseInstant("yesterday", DateBound::kStartOfDay).ok());
  EXPECT_FALSE(ParseInstant("2025-07-01 10:30", DateBound::kStartOfDay).ok());
}

TEST(CliDates, UnsetTimestampFormatsEmpty) {
  EXPECT_EQ(FormatTimestamp(google::protobuf::Timestamp()), "");
}

}  // namespace
}  // namespace gfo::cli
