#include "bench/load/synthetic.h"

#include <cstdio>

#include "absl/time/clock.h"

namespace gfo::load {

std::string PersonalNumber(int year, int month, int day, int serial) {
  char ten[16];
  std::snprintf(ten, sizeof(ten), "%02d%02d%02d%02d0", year % 100, month, day, serial % 100);
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    const int d = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  const int check = (10 - sum % 10) % 10;
  char out[32];
  std::snprintf(out, sizeof(out), "%04d%02d%02d-%02d0%d", year, month, day, serial % 100, check);
  return out;
}

absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); }

gfo::v1::Date DateOf(absl::CivilDay day) {
  gfo::v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

}  // namespace gfo::load
