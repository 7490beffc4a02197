// Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).
//
// Parses every written form gfo accepts, checks the calendar date and the Luhn check digit, and
// yields the 12-digit canonical form that gfo stores, plus a masked form for lists and logs.
// Gender is never derived from a number. Error messages never contain the number.
//
// All functions are pure and thread-safe.

#ifndef GFO_SERVICE_VALIDATION_PERSONNUMMER_H_
#define GFO_SERVICE_VALIDATION_PERSONNUMMER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace gfo::validation {

struct Personnummer {
  // `YYYYMMDDNNNC`: the date digits as written (day + 60 for a samordningsnummer).
  std::string canonical;
  // The real date of birth (for a samordningsnummer, the day with 60 subtracted).
  absl::CivilDay birth_date;
  bool coordination_number = false;
};

// Parses `input` in one of the forms `YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYMMDDNNNC`, `YYYYMMDD-NNNC`
// or `YYYYMMDDNNNC` (leading and trailing spaces ignored). For the 10-digit forms the century is
// the latest one that puts the birth date on or before `today_day` (days since 1970-01-01); `+`
// (age 100 or more) moves it one century further back. A 12-digit birth date must not be after
// `today_day`. A day of 61..91 marks a samordningsnummer.
//
// Returns INVALID_ARGUMENT `<field>: <detail>` with details such as `required`,
// `must be 10 or 12 digits`, `not a valid date`, `check digit does not match`; the detail never
// contains the number.
absl::StatusOr<Personnummer> ParsePersonnummer(std::string_view input, int32_t today_day,
                                               std::string_view field);

// The masked form shown in lists and logs: `20150312-****` for the canonical `201503122385`
// (a samordningsnummer keeps its written day: `20150372-****`). An input that is already masked
// is returned unchanged; any other input gives `********-****`, so a mask never leaks digits.
std::string MaskPersonnummer(std::string_view canonical);

// True if `value` has the masked shape `YYYYMMDD-****`.
bool IsMaskedPersonnummer(std::string_view value);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_PERSONNUMMER_H_
