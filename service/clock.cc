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

int32_t CivilDayNumber(absl::Time time, absl::TimeZone zone) {
  if (time == absl::InfiniteFuture()) return std::numeric_limits<int32_t>::max();
  if (time == absl::InfinitePast()) return std::numeric_limits<int32_t>::min();
  return DayNumberFromCivilDay(absl::ToCivilDay(time, zone));
}

absl::CivilDay CivilDayFromNumber(int32_t day_number) { return kEpochDay + day_number; }

int32_t DayNumberFromCivilDay(absl::CivilDay day) {
  const absl::civil_diff_t days = day - kEpochDay;
  if (days > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
  if (days < std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(days);
}

}  // namespace gfo
