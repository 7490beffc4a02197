#include <cmath>
#include <limits>
#include <string>

#include "absl/time/civil_time.h"
#include "gfo/v1/home.pb.h"
#include "gtest/gtest.h"
#include "service/clock.h"
#include "service/validation/common_validation.h"
#include "service/validation/field_mask_validation.h"
#include "service/validation/text_validation.h"
#include "tests/service/validation_test_dates.h"

namespace gfo::validation {
namespace {

using dates::MakeDate;

gfo::v1::GeoPoint Point(double latitude, double longitude) {
  gfo::v1::GeoPoint point;
  point.set_latitude(latitude);
  point.set_longitude(longitude);
  return point;
}

TEST(ValidationDate, AcceptsRealDaysIncludingLeapDays) {
  EXPECT_TRUE(ValidateDate(MakeDate(2024, 2, 29), "d").ok());
  EXPECT_TRUE(ValidateDate(MakeDate(2000, 2, 29), "d").ok());
  EXPECT_TRUE(ValidateDate(MakeDate(1900, 1, 1), "d").ok());
  EXPECT_TRUE(ValidateDate(MakeDate(2200, 12, 31), "d").ok());
}

TEST(ValidationDate, RejectsImpossibleDaysAndFarYears) {
  EXPECT_EQ(ValidateDate(MakeDate(2023, 2, 29), "home.available_from").ToString(),
            "INVALID_ARGUMENT: home.available_from: not a valid date");
  EXPECT_EQ(ValidateDate(MakeDate(1900, 2, 29), "d").ToString(),
            "INVALID_ARGUMENT: d: not a valid date");
  EXPECT_EQ(ValidateDate(MakeDate(2025, 4, 31), "d").ToString(),
            "INVALID_ARGUMENT: d: not a valid date");
  EXPECT_EQ(ValidateDate(MakeDate(2025, 13, 1), "d").ToString(),
            "INVALID_ARGUMENT: d: not a valid date");
  EXPECT_EQ(ValidateDate(MakeDate(2025, 0, 0), "d").ToString(),
            "INVALID_ARGUMENT: d: not a valid date");
  EXPECT_EQ(ValidateDate(MakeDate(1899, 12, 31), "d").ToString(),
            "INVALID_ARGUMENT: d: year must be between 1900 and 2200, got 1899");
  EXPECT_EQ(ValidateDate(MakeDate(2201, 1, 1), "d").ToString(),
            "INVALID_ARGUMENT: d: year must be between 1900 and 2200, got 2201");
  EXPECT_EQ(ValidateDate(MakeDate(-5, 1, 1), "d").code(), absl::StatusCode::kInvalidArgument);
}

TEST(ValidationDate, UnsetIsRequiredButOptionalWhenAllowed) {
  EXPECT_EQ(ValidateDate(gfo::v1::Date(), "d").ToString(), "INVALID_ARGUMENT: d: required");
  EXPECT_TRUE(ValidateOptionalDate(gfo::v1::Date(), "d").ok());
  EXPECT_FALSE(ValidateOptionalDate(MakeDate(2025, 2, 30), "d").ok());
}

TEST(ValidationDate, ConvertsToAndFromDayNumbers) {
  absl::StatusOr<int32_t> epoch = DayNumberFromDate(MakeDate(1970, 1, 1), "d");
  ASSERT_TRUE(epoch.ok());
  EXPECT_EQ(*epoch, 0);
  absl::StatusOr<int32_t> day = DayNumberFromDate(MakeDate(2024, 2, 29), "d");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(*day, DayNumberFromCivilDay(absl::CivilDay(2024, 2, 29)));
  const gfo::v1::Date back = DateFromDayNumber(*day);
  EXPECT_EQ(back.year(), 2024);
  EXPECT_EQ(back.month(), 2);
  EXPECT_EQ(back.day(), 29);
  EXPECT_FALSE(DayNumberFromDate(MakeDate(2023, 2, 29), "d").ok());
}

TEST(ValidationDate, WindowAroundToday) {
  const int32_t today = DayNumberFromCivilDay(absl::CivilDay(2025, 7, 1));
  EXPECT_TRUE(DayNumberWithinYears(MakeDate(2024, 7, 1), today, 1, 2, "d").ok());
  EXPECT_TRUE(DayNumberWithinYears(MakeDate(2027, 7, 1), today, 1, 2, "d").ok());
  EXPECT_EQ(DayNumberWithinYears(MakeDate(2024, 6, 30), today, 1, 2, "d").status().ToString(),
            "INVALID_ARGUMENT: d: must be from 1 year before today to 2 years after today");
  EXPECT_EQ(DayNumberWithinYears(MakeDate(2025, 7, 2), today, 1, 0, "d").status().ToString(),
            "INVALID_ARGUMENT: d: must be from 1 year before today to today");
}

TEST(ValidationGeoPoint, ChecksRangesAndFiniteness) {
  EXPECT_TRUE(ValidateGeoPoint(Point(-90, 180), "p").ok());
  EXPECT_EQ(ValidateGeoPoint(Point(90.5, 0), "p").ToString(),
            "INVALID_ARGUMENT: p.latitude: must be between -90 and 90, got 90.5");
  EXPECT_EQ(ValidateGeoPoint(Point(0, -181), "p").ToString(),
            "INVALID_ARGUMENT: p.longitude: must be between -180 and 180, got -181");
  EXPECT_EQ(ValidateGeoPoint(Point(std::nan(""), 0), "p").ToString(),
            "INVALID_ARGUMENT: p.latitude: must be a finite number");
  EXPECT_EQ(ValidateGeoPoint(Point(0, std::numeric_limits<double>::infinity()), "p").ToString(),
            "INVALID_ARGUMENT: p.longitude: must be a finite number");
}

TEST(ValidationGeoPoint, SwedenBoundingBox) {
  EXPECT_TRUE(ValidateGeoPointInSweden(Point(62.632, 17.938), "home.location").ok());
  EXPECT_EQ(ValidateGeoPointInSweden(Point(0, 0), "home.location").ToString(),
            "INVALID_ARGUMENT: home.location.latitude: must be between 55 and 69.5, got 0");
  EXPECT_EQ(ValidateGeoPointInSweden(Point(60, 25), "home.location").ToString(),
            "INVALID_ARGUMENT: home.location.longitude: must be between 10 and 24.5, got 25");
}

TEST(ValidationLanguage, NormalisesCaseAndRejectsNonCodes) {
  EXPECT_EQ(*NormalizeLanguageCode("sv", "l"), "sv");
  EXPECT_EQ(*NormalizeLanguageCode("AR", "l"), "ar");
  EXPECT_EQ(*NormalizeLanguageCode("So", "l"), "so");
  EXPECT_EQ(NormalizeLanguageCode("xx", "l").status().ToString(),
            "INVALID_ARGUMENT: l: unknown ISO 639-1 code xx");
  EXPECT_EQ(NormalizeLanguageCode("swe", "l").status().ToString(),
            "INVALID_ARGUMENT: l: must be an ISO 639-1 code of two letters");
  EXPECT_EQ(NormalizeLanguageCode("s1", "l").status().ToString(),
            "INVALID_ARGUMENT: l: must be an ISO 639-1 code of two letters");
  EXPECT_EQ(NormalizeLanguageCode("", "l").status().ToString(), "INVALID_ARGUMENT: l: required");
}

TEST(ValidationLanguage, ListNormalisationSortsAndDedupes) {
  google::protobuf::RepeatedPtrField<std::string> codes;
  for (const char* code : {"SV", "ar", "sv", "Ar"}) *codes.Add() = code;
  EXPECT_TRUE(ValidateLanguageList(codes, "langs", 20).ok());
  NormalizeLanguageList(codes);
  ASSERT_EQ(codes.size(), 2);
  EXPECT_EQ(codes.Get(0), "ar");
  EXPECT_EQ(codes.Get(1), "sv");
  *codes.Add() = "zz";
  EXPECT_EQ(ValidateLanguageList(codes, "langs", 20).ToString(),
            "INVALID_ARGUMENT: langs[2]: unknown ISO 639-1 code zz");
  EXPECT_EQ(ValidateLanguageList(codes, "langs", 2).ToString(),
            "INVALID_ARGUMENT: langs: at most 2 entries, got 3");
}

TEST(ValidationEnum, RejectsUnspecifiedAndUnknownValues) {
  EXPECT_TRUE(ValidateEnum(gfo::v1::GENDER_FEMALE, "g").ok());
  EXPECT_EQ(ValidateEnum(gfo::v1::GENDER_UNSPECIFIED, "g").ToString(),
            "INVALID_ARGUMENT: g: required");
  EXPECT_EQ(ValidateEnum(static_cast<gfo::v1::Gender>(42), "g").ToString(),
            "INVALID_ARGUMENT: g: unknown value 42");
  EXPECT_TRUE(ValidateOptionalEnum(gfo::v1::GENDER_UNSPECIFIED, "g").ok());
  EXPECT_FALSE(ValidateOptionalEnum(static_cast<gfo::v1::Gender>(-1), "g").ok());
}

TEST(ValidationEnum, UnknownNumbersSurviveTheWireAndAreCaught) {
  // Field 13 (accepted_genders), varint 42: proto3 keeps the unknown number in the field.
  gfo::v1::Home home;
  ASSERT_TRUE(home.ParseFromString(std::string("\x68\x2a", 2)));
  ASSERT_EQ(home.accepted_genders_size(), 1);
  EXPECT_EQ(
      ValidateEnumList<gfo::v1::Gender>(home.accepted_genders(), "home.accepted_genders", 32, false)
          .ToString(),
      "INVALID_ARGUMENT: home.accepted_genders[0]: unknown value 42");
}

TEST(ValidationEnum, ListSortUnique) {
  google::protobuf::RepeatedField<int> values;
  for (int v : {3, 1, 3, 2, 1}) values.Add(v);
  SortUnique(values);
  EXPECT_EQ(std::vector<int>(values.begin(), values.end()), (std::vector<int>{1, 2, 3}));
}

TEST(ValidationMunicipalityCode, FourDigits) {
  EXPECT_TRUE(ValidateMunicipalityCode(2280, "m").ok());
  EXPECT_EQ(ValidateMunicipalityCode(0, "m").ToString(), "INVALID_ARGUMENT: m: required");
  EXPECT_EQ(ValidateMunicipalityCode(999, "m").ToString(),
            "INVALID_ARGUMENT: m: must be a 4-digit municipality code, got 999");
  EXPECT_FALSE(ValidateMunicipalityCode(10000, "m").ok());
  EXPECT_FALSE(ValidateMunicipalityCode(-2280, "m").ok());
}

TEST(ValidationResourceName, ParsesPositiveIds) {
  EXPECT_EQ(*ParseResourceName("homes/7", "homes", "name"), 7);
  EXPECT_EQ(*ParseResourceName("homes/9223372036854775807", "homes", "name"),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(FormatResourceName("homes", 42), "homes/42");
}

TEST(ValidationResourceName, RejectsMalformedNamesNamingTheField) {
  EXPECT_EQ(ParseResourceName("", "homes", "name").status().ToString(),
            "INVALID_ARGUMENT: name: required");
  for (const char* bad :
       {"homes/0", "homes/-1", "homes/007", "homes/", "homes", "home/7", "requests/7", "homes/7/x",
        "homes/9223372036854775808", "homes/1e3", "homes/ 7", "homes/+7", "xhomes/7"}) {
    EXPECT_EQ(ParseResourceName(bad, "homes", "proposal.home").status().ToString(),
              "INVALID_ARGUMENT: proposal.home: must have the form homes/{id}")
        << bad;
  }
}

TEST(ValidationResourceName, ChildAndMunicipalityNames) {
  absl::StatusOr<std::pair<int64_t, int64_t>> token =
      ParseChildResourceName("accounts/3/tokens/9", "accounts", "tokens", "name");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->first, 3);
  EXPECT_EQ(token->second, 9);
  EXPECT_EQ(ParseChildResourceName("accounts/3/tokens/0", "accounts", "tokens", "name")
                .status()
                .ToString(),
            "INVALID_ARGUMENT: name: must have the form accounts/{id}/tokens/{id}");
  EXPECT_FALSE(ParseChildResourceName("accounts/3", "accounts", "tokens", "name").ok());
  EXPECT_EQ(*ParseMunicipalityName("municipalities/2280", "name"), 2280);
  EXPECT_FALSE(ParseMunicipalityName("municipalities/228", "name").ok());
  EXPECT_FALSE(ParseMunicipalityName("municipalities/22800", "name").ok());
}

TEST(ValidationPageSize, DefaultsClampsAndRejectsNegative) {
  EXPECT_EQ(*ResolvePageSize(0), 50);
  EXPECT_EQ(*ResolvePageSize(1), 1);
  EXPECT_EQ(*ResolvePageSize(1000), 1000);
  EXPECT_EQ(*ResolvePageSize(1001), 1000);
  EXPECT_EQ(*ResolvePageSize(std::numeric_limits<int32_t>::max()), 1000);
  EXPECT_EQ(ResolvePageSize(-1).status().ToString(),
            "INVALID_ARGUMENT: page_size: must not be negative, got -1");
}

TEST(ValidationText, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(Utf8Length("Härnösand"), 9u);
  EXPECT_TRUE(ValidateText(std::string(100, 'a'), "t", {.max_chars = 100}).ok());
  EXPECT_TRUE(ValidateText("ÅÄÖåäöÅÄÖå", "t", {.max_chars = 10}).ok());
  EXPECT_EQ(ValidateText(std::string(101, 'a'), "t", {.max_chars = 100}).ToString(),
            "INVALID_ARGUMENT: t: must be at most 100 characters, got 101");
}

TEST(ValidationText, RejectsInvalidUtf8) {
  for (const std::string& bad :
       {std::string("\xff"), std::string("\xc3"), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"), std::string("a\x80")}) {
    EXPECT_EQ(ValidateText(bad, "t", {}).ToString(), "INVALID_ARGUMENT: t: must be valid utf-8");
    EXPECT_FALSE(Utf8Length(bad).has_value());
  }
}

TEST(ValidationText, ControlCharactersAndNewlines) {
  EXPECT_EQ(ValidateText(std::string("a\0b", 3), "t", {}).ToString(),
            "INVALID_ARGUMENT: t: must not contain control characters");
  EXPECT_FALSE(ValidateText("a\x1b[31m", "t", {}).ok());
  EXPECT_FALSE(ValidateText("a\u0085b", "t", {}).ok());
  EXPECT_FALSE(ValidateText("a\nb", "t", {}).ok());
  EXPECT_TRUE(ValidateText("a\nb\r\nc", "t", {.allow_newlines = true}).ok());
  EXPECT_FALSE(ValidateText("a\rb", "t", {.allow_newlines = true}).ok());
}

TEST(ValidationText, RequiredTreatsWhitespaceAsEmpty) {
  EXPECT_EQ(ValidateText("", "t", {.required = true}).ToString(), "INVALID_ARGUMENT: t: required");
  EXPECT_EQ(ValidateText("    ", "t", {.required = true}).ToString(),
            "INVALID_ARGUMENT: t: required");
  EXPECT_TRUE(ValidateText("", "t", {}).ok());
  EXPECT_EQ(TrimmedText("  Anna \t"), "Anna");
}

TEST(ValidationText, PhoneNumbers) {
  EXPECT_TRUE(ValidatePhone("", "p").ok());
  EXPECT_TRUE(ValidatePhone("+46 70-123 45 67", "p").ok());
  EXPECT_TRUE(ValidatePhone("0611-34 80 00", "p").ok());
  EXPECT_EQ(ValidatePhone("070-12ab", "p").ToString(),
            "INVALID_ARGUMENT: p: may contain only digits, spaces and +-()");
  EXPECT_EQ(ValidatePhone("46+7012345", "p").ToString(),
            "INVALID_ARGUMENT: p: '+' may only come first");
  EXPECT_EQ(ValidatePhone("(0)-12-3", "p").ToString(),
            "INVALID_ARGUMENT: p: must contain at least 6 digits");
  EXPECT_FALSE(ValidatePhone(std::string(31, '1'), "p").ok());
}

TEST(ValidationText, EmailAddresses) {
  EXPECT_TRUE(ValidateEmail("", "e").ok());
  EXPECT_TRUE(ValidateEmail("anna.svensson@harnosand.se", "e").ok());
  for (const char* bad : {"anna", "@harnosand.se", "anna@", "anna@se", "anna@@x.se", "anna@x..se",
                          "anna @x.se", "anna@-x.se", "anna@x.se."}) {
    EXPECT_EQ(ValidateEmail(bad, "e").code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(ValidateEmail(std::string(250, 'a') + "@x.se", "e").ok());
}

TEST(ValidationFieldMask, ResolvesCanonicalMaskAndWildcard) {
  google::protobuf::FieldMask mask;
  mask.add_paths("location.latitude");
  mask.add_paths("capacity");
  mask.add_paths("location");
  const std::string_view updatable[] = {"capacity", "location"};
  absl::StatusOr<google::protobuf::FieldMask> resolved =
      ResolveUpdateMask(mask, gfo::v1::Home::descriptor(), updatable);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  ASSERT_EQ(resolved->paths_size(), 2);
  EXPECT_EQ(resolved->paths(0), "capacity");
  EXPECT_EQ(resolved->paths(1), "location");

  google::protobuf::FieldMask star;
  star.add_paths("*");
  resolved = ResolveUpdateMask(star, gfo::v1::Home::descriptor(), updatable);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->paths_size(), 2);
}

TEST(ValidationFieldMask, RejectsBadPathsWithoutEchoingArbitraryText) {
  const std::string_view updatable[] = {"capacity"};
  google::protobuf::FieldMask mask;
  mask.add_paths("capacity");
  mask.add_paths("adults.personal_identity_number");
  EXPECT_EQ(ResolveUpdateMask(mask, gfo::v1::Home::descriptor(), updatable).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"adults.personal_identity_number\" is not a field of "
            "gfo.v1.Home");
  mask.set_paths(1, "19800101-1231");
  EXPECT_EQ(ResolveUpdateMask(mask, gfo::v1::Home::descriptor(), updatable).status().ToString(),
            "INVALID_ARGUMENT: update_mask: a path is not a field of gfo.v1.Home");
}

}  // namespace
}  // namespace gfo::validation
