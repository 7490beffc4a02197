#include "service/validation/personnummer.h"

#include <string>

#include "absl/strings/ascii.h"
#include "service/clock.h"
#include "service/errors.h"

namespace gfo::validation {
namespace {

// Oldest birth year accepted in a 12-digit number; anything earlier is a typing error.
constexpr int kOldestBirthYear = 1870;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int Digits(std::string_view s) {
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value;
}

// Luhn over the ten-digit form: weights 2,1,2,1,... on the first nine digits.
bool LuhnMatches(std::string_view ten_digits) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    int product = (ten_digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - sum % 10) % 10 == ten_digits[9] - '0';
}

}  // namespace

absl::StatusOr<Personnummer> ParsePersonnummer(std::string_view input, int32_t today_day,
                                               std::string_view field) {
  const absl::string_view stripped =
      absl::StripAsciiWhitespace(absl::string_view(input.data(), input.size()));
  if (stripped.empty()) return errors::InvalidArgument(field, "required");

  std::string digits;
  char separator = 0;
  size_t separator_position = 0;
  for (char c : stripped) {
    if (IsDigit(c)) {
      if (digits.size() >= 12) return errors::InvalidArgument(field, "must be 10 or 12 digits");
      digits.push_back(c);
    } else if ((c == '-' || c == '+') && separator == 0) {
      separator = c;
      separator_position = digits.size();
    } else if (c == '*') {
      // Every read shows numbers masked; one copied from a read back into a new record lands here.
      return errors::InvalidArgument(
          field, "is masked (as reads show it): give the whole number, or a birth date instead");
    } else {
      return errors::InvalidArgument(field, "must contain only digits and one '-' or '+'");
    }
  }
  if (digits.size() != 10 && digits.size() != 12) {
    return errors::InvalidArgument(field, "must be 10 or 12 digits");
  }
  if (separator != 0 && separator_position != digits.size() - 4) {
    return errors::InvalidArgument(field, "separator must stand before the last four digits");
  }
  const bool long_form = digits.size() == 12;
  if (long_form && separator == '+') {
    return errors::InvalidArgument(field, "'+' is only used with the 10-digit form");
  }

  const std::string_view date_digits = std::string_view(digits).substr(0, digits.size() - 4);
  const std::string_view ten_digits = std::string_view(digits).substr(digits.size() - 10);
  const int month = Digits(date_digits.substr(date_digits.size() - 4, 2));
  const int written_day = Digits(date_digits.substr(date_digits.size() - 2, 2));
  const bool coordination = written_day > 60;
  const int day = coordination ? written_day - 60 : written_day;
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    return errors::InvalidArgument(field, "not a valid date");
  }

  const absl::CivilDay today = CivilDayFromNumber(today_day);
  int64_t year = 0;
  if (long_form) {
    year = Digits(date_digits.substr(0, 4));
  } else {
    year = today.year() - today.year() % 100 + Digits(date_digits.substr(0, 2));
    const bool after_today =
        year > today.year() ||
        (year == today.year() &&
         (month > today.month() || (month == today.month() && day > today.day())));
    if (after_today) year -= 100;
    if (separator == '+') year -= 100;
  }
  if (year < kOldestBirthYear || year > 9999) {
    return errors::InvalidArgument(field, "not a valid date");
  }
  const absl::CivilDay birth_date(year, month, day);
  if (birth_date.month() != month || birth_date.day() != day) {
    return errors::InvalidArgument(field, "not a valid date");
  }
  if (birth_date > today) return errors::InvalidArgument(field, "birth date is in the future");
  if (!LuhnMatches(ten_digits)) {
    return errors::InvalidArgument(field, "check digit does not match");
  }

  Personnummer result;
  result.canonical = std::to_string(year);
  result.canonical.append(ten_digits.substr(2));
  result.birth_date = birth_date;
  result.coordination_number = coordination;
  return result;
}

bool IsMaskedPersonnummer(std::string_view value) {
  if (value.size() != 13 || value.substr(8) != "-****") return false;
  for (size_t i = 0; i < 8; ++i) {
    if (!IsDigit(value[i])) return false;
  }
  return true;
}

std::string MaskPersonnummer(std::string_view canonical) {
  if (IsMaskedPersonnummer(canonical)) return std::string(canonical);
  bool all_digits = canonical.size() == 12;
  for (size_t i = 0; all_digits && i < canonical.size(); ++i) all_digits = IsDigit(canonical[i]);
  if (!all_digits) return "********-****";
  std::string masked(canonical.substr(0, 8));
  masked.append("-****");
  return masked;
}

}  // namespace gfo::validation
