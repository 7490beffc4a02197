// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian), which the
// matcher uses for every date. Pure functions after Howard Hinnant's civil-date algorithms.

#ifndef GFO_MATCHER_CIVIL_DAY_H_
#define GFO_MATCHER_CIVIL_DAY_H_

#include <cstdint>

namespace gfo::matcher {

struct CivilDate {
  int32_t year = 1970;
  int32_t month = 1;  // 1..12
  int32_t day = 1;    // 1..31
};

// The day number of a valid date.
constexpr int32_t DayFromCivil(int32_t year, int32_t month, int32_t day) {
  year -= month <= 2 ? 1 : 0;
  const int32_t era = (year >= 0 ? year : year - 399) / 400;
  const int32_t yoe = year - era * 400;
  const int32_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The date of a day number.
constexpr CivilDate CivilFromDay(int32_t day_number) {
  const int32_t z = day_number + 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t day = doy - (153 * mp + 2) / 5 + 1;
  const int32_t month = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Age in whole years on `on_day` of someone born on `birth_day`; 0 before birth.
constexpr int32_t AgeInYears(int32_t birth_day, int32_t on_day) {
  const CivilDate birth = CivilFromDay(birth_day);
  const CivilDate on = CivilFromDay(on_day);
  int32_t age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age > 0 ? age : 0;
}

}  // namespace gfo::matcher

#endif  // GFO_MATCHER_CIVIL_DAY_H_
