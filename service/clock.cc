#include "service/clock.h"

#include <limits>

namespace gfo {
namespace {

constexpr absl::CivilDay kEpochDay(1970, 1, 1);

}  // namespace

absl::Time SystemClock::Now() const { return absl::Now(); }

FakeClock::FakeClock(absl::Time start) : now_(start) {}

absl::Time FakeClock::Now() const {
  absl::MutexLock lock(&mu_);
  return now_;
}

void FakeClock::Set(absl::Time now) {
  absl::MutexLock lock(&mu_);
  now_ = now;
}

void FakeClock::Advance(absl::Duration delta) {
  absl::MutexLock lock(&mu_);
  now_ += delta;
}

std::string FormatRfc3339Utc(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

absl::Duration SwedishUtcOffset(absl::Time time) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::civil_year_t year = absl::ToCivilYear(time, utc).year();
  // The last Sunday of a month is the Sunday before the first of the next.
  const absl::CivilDay march = absl::PrevWeekday(absl::CivilDay(year, 4, 1), absl::Weekday::sunday);
  const absl::CivilDay october =
      absl::PrevWeekday(absl::CivilDay(year, 11, 1), absl::Weekday::sunday);
  const absl::Time summer_from = absl::FromCivil(absl::CivilSecond(march) + 3600, utc);
  const absl::Time summer_until = absl::FromCivil(absl::CivilSecond(october) + 3600, utc);
  return time >= summer_from && time < summer_until ? absl::Hours(2) : absl::Hours(1);
}

int32_t CivilDayNumber(absl::Time time) {
  if (time == absl::InfiniteFuture()) return std::numeric_limits<int32_t>::max();
  if (time == absl::InfinitePast()) return std::numeric_limits<int32_t>::min();
  return DayNumberFromCivilDay(
      absl::ToCivilDay(time + SwedishUtcOffset(time), absl::UTCTimeZone()));
}

absl::CivilDay CivilDayFromNumber(int32_t day_number) { return kEpochDay + day_number; }

int32_t DayNumberFromCivilDay(absl::CivilDay day) {
  const absl::civil_diff_t days = day - kEpochDay;
  if (days > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
  if (days < std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(days);
}

}  // namespace gfo
