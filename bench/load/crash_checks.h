// Offline checks of a gfo database file after a crash and restart, for scripts/crash-loop:
// SQLite's integrity and foreign-key checks, the capacity invariant (no home holds more
// children in active placements and live proposal holds than its capacity) and the audit
// hash chain. REQUIRES: no server has the file open.

#ifndef GFO_BENCH_LOAD_CRASH_CHECKS_H_
#define GFO_BENCH_LOAD_CRASH_CHECKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace gfo::load {

struct DbCheckReport {
  std::vector<std::string> problems;  // empty = every check passed
  int64_t homes = 0;
  int64_t proposals = 0;
  int64_t placements = 0;
  int64_t audit_events = 0;
};

// Runs every check on the file at `path` as of `now` (holds past their expiry count as free).
// A non-OK status means the checks could not run at all (e.g. the file cannot be opened).
absl::StatusOr<DbCheckReport> CheckDatabase(const std::string& path, absl::Time now);

}  // namespace gfo::load

#endif  // GFO_BENCH_LOAD_CRASH_CHECKS_H_
