// Invariant checks for the fuzz targets: a failed check prints the condition and aborts, which
// libFuzzer reports as a crash with the input that caused it.

#ifndef GFO_FUZZ_FUZZ_CHECK_H_
#define GFO_FUZZ_FUZZ_CHECK_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "service/clock.h"

#define GFO_FUZZ_CHECK(condition)                                                        \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)

namespace gfo::fuzz {

// The fixed "today" of every target, so a crash reproduces on any day.
inline int32_t Today() { return DayNumberFromCivilDay(absl::CivilDay(2025, 7, 1)); }

// The digits of `text`, in order.
inline std::string DigitsOf(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

// A rejected input gives INVALID_ARGUMENT whose message starts with `prefix` and does not contain
// `secret_digits` (the digits of a personal identity number in the input) when there are ten or
// more of them.
inline void CheckRejection(const absl::Status& status, std::string_view prefix,
                           std::string_view secret_digits = {}) {
  GFO_FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  const std::string message(status.message());
  GFO_FUZZ_CHECK(message.rfind(prefix, 0) == 0);
  if (secret_digits.size() >= 10) {
    GFO_FUZZ_CHECK(DigitsOf(message).find(secret_digits) == std::string::npos);
  }
}

}  // namespace gfo::fuzz

#endif  // GFO_FUZZ_FUZZ_CHECK_H_
