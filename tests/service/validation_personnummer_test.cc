#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "service/clock.h"
#include "service/validation/personnummer.h"

namespace gfo::validation {
namespace {

constexpr std::string_view kField = "request.children[0].personal_identity_number";

// A test name made of the case's index and the letters and digits of its input.
std::string CaseName(size_t index, std::string_view input) {
  std::string name = "Case" + std::to_string(index) + "_";
  for (char c : input) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      name.push_back(c);
    } else if (c == '+') {
      name.append("Plus");
    } else if (c == '-') {
      name.append("Dash");
    }
  }
  return name;
}

int32_t Today() { return DayNumberFromCivilDay(absl::CivilDay(2025, 7, 1)); }

struct ValidCase {
  std::string input;
  std::string canonical;
  absl::CivilDay birth_date;
  bool coordination;
};

class ValidationPersonnummerValid : public testing::TestWithParam<ValidCase> {};

TEST_P(ValidationPersonnummerValid, ParsesToCanonicalForm) {
  const ValidCase& c = GetParam();
  absl::StatusOr<Personnummer> parsed = ParsePersonnummer(c.input, Today(), kField);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->canonical, c.canonical);
  EXPECT_EQ(parsed->birth_date, c.birth_date);
  EXPECT_EQ(parsed->coordination_number, c.coordination);
}

INSTANTIATE_TEST_SUITE_P(
    Validation, ValidationPersonnummerValid,
    testing::Values(ValidCase{"150312-2382", "201503122382", absl::CivilDay(2015, 3, 12), false},
                    ValidCase{"1503122382", "201503122382", absl::CivilDay(2015, 3, 12), false},
                    ValidCase{"20150312-2382", "201503122382", absl::CivilDay(2015, 3, 12), false},
                    ValidCase{"201503122382", "201503122382", absl::CivilDay(2015, 3, 12), false},
                    ValidCase{"  150312-2382 ", "201503122382", absl::CivilDay(2015, 3, 12), false},
                    // The same digits with '+' belong to someone a century older.
                    ValidCase{"121212-1212", "201212121212", absl::CivilDay(2012, 12, 12), false},
                    ValidCase{"121212+1212", "191212121212", absl::CivilDay(1912, 12, 12), false},
                    ValidCase{"800101-1231", "198001011231", absl::CivilDay(1980, 1, 1), false},
                    // Born today is this century; born tomorrow's date is the previous century.
                    ValidCase{"250701-1233", "202507011233", absl::CivilDay(2025, 7, 1), false},
                    ValidCase{"250702-1232", "192507021232", absl::CivilDay(1925, 7, 2), false},
                    // Leap days.
                    ValidCase{"000229-1235", "200002291235", absl::CivilDay(2000, 2, 29), false},
                    ValidCase{"240229-3456", "202402293456", absl::CivilDay(2024, 2, 29), false},
                    // Samordningsnummer: day + 60, kept as written in the canonical form.
                    ValidCase{"150372-2389", "201503722389", absl::CivilDay(2015, 3, 12), true},
                    ValidCase{"201503722389", "201503722389", absl::CivilDay(2015, 3, 12), true}),
    [](const testing::TestParamInfo<ValidCase>& info) {
      return CaseName(info.index, info.param.input);
    });

struct InvalidCase {
  std::string input;
  std::string detail;
};

class ValidationPersonnummerInvalid : public testing::TestWithParam<InvalidCase> {};

TEST_P(ValidationPersonnummerInvalid, RejectsWithoutEchoingTheNumber) {
  const InvalidCase& c = GetParam();
  absl::StatusOr<Personnummer> parsed = ParsePersonnummer(c.input, Today(), kField);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(), std::string(kField) + ": " + c.detail);
  // No run of four or more of the input's digits appears in the message.
  std::string digits;
  for (char ch : c.input) {
    if (ch >= '0' && ch <= '9') digits.push_back(ch);
  }
  for (size_t i = 0; i + 4 <= digits.size(); ++i) {
    EXPECT_EQ(std::string(parsed.status().message()).find(digits.substr(i, 4)), std::string::npos)
        << digits.substr(i, 4);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Validation, ValidationPersonnummerInvalid,
    testing::Values(InvalidCase{"", "required"}, InvalidCase{"   ", "required"},
                    InvalidCase{"150312-2383", "check digit does not match"},
                    InvalidCase{"201503122383", "check digit does not match"},
                    InvalidCase{"150372-2382", "check digit does not match"},
                    InvalidCase{"230229-3457", "not a valid date"},
                    // 1900 was not a leap year.
                    InvalidCase{"000229+1235", "not a valid date"},
                    InvalidCase{"151312-2382", "not a valid date"},
                    InvalidCase{"150300-2382", "not a valid date"},
                    InvalidCase{"150332-2382", "not a valid date"},
                    InvalidCase{"150360-2382", "not a valid date"},
                    InvalidCase{"150392-2382", "not a valid date"},
                    InvalidCase{"180001011234", "not a valid date"},
                    InvalidCase{"202507021232", "birth date is in the future"},
                    InvalidCase{"1503122", "must be 10 or 12 digits"},
                    InvalidCase{"15031223821", "must be 10 or 12 digits"},
                    InvalidCase{"15031223821234", "must be 10 or 12 digits"},
                    InvalidCase{"15031-22382", "separator must stand before the last four digits"},
                    InvalidCase{"20150312+2382", "'+' is only used with the 10-digit form"},
                    InvalidCase{"150312--2382", "must contain only digits and one '-' or '+'"},
                    InvalidCase{"150312 2382", "must contain only digits and one '-' or '+'"},
                    InvalidCase{"abc", "must contain only digits and one '-' or '+'"},
                    InvalidCase{"15O312-2382", "must contain only digits and one '-' or '+'"},
                    InvalidCase{"20150312-****",
                                "is masked (as reads show it): give the whole "
                                "number, or a birth date instead"}),
    [](const testing::TestParamInfo<InvalidCase>& info) {
      return CaseName(info.index, info.param.input);
    });

TEST(ValidationPersonnummer, CenturyFollowsToday) {
  // On 2012-12-11 the number 121212-1212 cannot be a newborn yet: it is from 1912.
  const int32_t day_before = DayNumberFromCivilDay(absl::CivilDay(2012, 12, 11));
  absl::StatusOr<Personnummer> parsed = ParsePersonnummer("121212-1212", day_before, kField);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->canonical, "191212121212");
}

TEST(ValidationPersonnummer, MasksCanonicalNumbers) {
  EXPECT_EQ(MaskPersonnummer("201503122382"), "20150312-****");
  EXPECT_EQ(MaskPersonnummer("201503722389"), "20150372-****");
}

TEST(ValidationPersonnummer, MaskIsIdempotentAndNeverLeaksOtherForms) {
  EXPECT_EQ(MaskPersonnummer("20150312-****"), "20150312-****");
  EXPECT_EQ(MaskPersonnummer("150312-2382"), "********-****");
  EXPECT_EQ(MaskPersonnummer("garbage"), "********-****");
  EXPECT_EQ(MaskPersonnummer(""), "********-****");
  EXPECT_TRUE(IsMaskedPersonnummer("20150312-****"));
  EXPECT_FALSE(IsMaskedPersonnummer("201503122382"));
  EXPECT_FALSE(IsMaskedPersonnummer("2015031x-****"));
}

}  // namespace
}  // namespace gfo::validation
