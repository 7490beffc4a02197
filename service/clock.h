// Time as a dependency: the service asks a Clock for "now" instead of calling absl::Now(), so
// tests can move time (expire a proposal's hold, make a review overdue) without sleeping.
//
// Also the project's helpers for writing times as RFC 3339 and for civil dates, which gfo
// stores as int32 days since 1970-01-01.

#ifndef GFO_SERVICE_CLOCK_H_
#define GFO_SERVICE_CLOCK_H_

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace gfo {

// Source of the current time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// The real wall clock (absl::Now()).
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override;
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::UnixEpoch());

  absl::Time Now() const override;
  void Set(absl::Time now);
  // Moves the clock by `delta` (which may be negative).
  void Advance(absl::Duration delta);

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

// RFC 3339 in UTC with a `Z` suffix and only as many fractional digits as needed:
// `2025-07-01T08:30:00Z`, `2025-07-01T08:30:00.25Z`. Infinite times give
// `infinite-future` / `infinite-past`.
std::string FormatRfc3339Utc(absl::Time time);

// Sweden's offset from UTC at `time`: +1 h (CET), and +2 h (CEST) from the last Sunday of March
// at 01:00 UTC to the last Sunday of October at 01:00 UTC, the EU's rule since 1996. Built in, so
// that the legal day does not depend on the machine's time-zone files.
absl::Duration SwedishUtcOffset(absl::Time time);

// The calendar day of `time` in Sweden, as days since 1970-01-01: "today" for every legal date
// (due reviews, consultations, a placement's default start or end, ages, retention). A day in
// UTC would lag Sweden's by one or two hours after midnight. Times beyond the int32 range of
// days are clamped to it.
int32_t CivilDayNumber(absl::Time time);

// Conversions between day numbers (days since 1970-01-01) and absl::CivilDay.
absl::CivilDay CivilDayFromNumber(int32_t day_number);
// Clamped to the int32 range.
int32_t DayNumberFromCivilDay(absl::CivilDay day);

}  // namespace gfo

#endif  // GFO_SERVICE_CLOCK_H_
