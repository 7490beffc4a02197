// Small builders of valid values shared by gfo_load and gfo_crash_driver: identity numbers with
// a correct check digit, and calendar dates relative to today.

#ifndef GFO_BENCH_LOAD_SYNTHETIC_H_
#define GFO_BENCH_LOAD_SYNTHETIC_H_

#include <string>

#include "absl/time/civil_time.h"
#include "gfo/v1/common.pb.h"

namespace gfo::load {

// A valid personal identity number (YYYYMMDD-NNNC, Luhn check digit) for someone born on the
// given day; `serial` (0..99) varies the number.
std::string PersonalNumber(int year, int month, int day, int serial);

// Today in UTC, and a day as a gfo.v1.Date.
absl::CivilDay Today();
gfo::v1::Date DateOf(absl::CivilDay day);

}  // namespace gfo::load

#endif  // GFO_BENCH_LOAD_SYNTHETIC_H_
