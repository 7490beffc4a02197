// The match service's in-memory index of the home bank: every home (approved or not; the
// matcher's hard constraints exclude the others) as a matcher::Home with its capacity, the
// children in its active placements and its live proposal holds, plus the profile a ranking
// shows (homes.h ToProfile).
//
// It stays in step with the database without ever scanning a table per ranking: it is loaded
// once at start, and after every commit that touched homes (Call::TouchHome) the touched homes
// are reloaded under the database's write lock, so reloads apply in commit order. Each hold is
// kept with its expire time: a hold that expires frees its seats at the next read, without any
// write.
//
// Thread-safe. Reads share a reader lock for as long as the caller's function runs; reloads take
// the lock exclusively.

#ifndef GFO_SERVICE_HOME_INDEX_H_
#define GFO_SERVICE_HOME_INDEX_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gfo/v1/home.pb.h"
#include "matcher/types.h"
#include "service/storage/sqlite.h"
#include "service/touched_home.h"

namespace gfo {

class HomeIndex {
 public:
  // What a reader sees. `profiles[i]` belongs to `homes[i]`; its free_capacity and distance_km
  // are not set (take them from the home and the ranking).
  struct View {
    const std::vector<matcher::Home>& homes;
    const std::vector<gfo::v1::HomeProfile>& profiles;
  };

  HomeIndex() = default;
  HomeIndex(const HomeIndex&) = delete;
  HomeIndex& operator=(const HomeIndex&) = delete;

  // Replaces the whole index with the homes in `db`, holds counted as of `now`.
  // REQUIRES: `db` is inside one transaction, and no commit that touches homes can land between
  // this snapshot and the next Reload (call before serving, or under the database's write lock).
  absl::Status LoadAll(storage::Db& db, absl::Time now);

  // Reloads the homes `touched` (created, changed, or whose placements or holds changed) from
  // `db`, holds counted as of `now`. A home whose every touch carries its saved row (and that
  // the index holds) is rebuilt from the last of those rows, with the placements, holds and
  // approval day it had; any other is read back. REQUIRES: called in commit order (under the
  // database's write lock, after the commit). On error the index is marked stale (see stale()).
  absl::Status Reload(storage::Db& db, const std::vector<TouchedHome>& touched, absl::Time now);

  // Runs `fn` on the index as of `now`: a hold whose expire time is at or before `now` no longer
  // counts. `fn` must not call back into the index.
  void Read(absl::Time now, absl::FunctionRef<void(const View&)> fn);

  // True before the first LoadAll and after a load or reload failed: the index may be behind
  // the database until LoadAll succeeds.
  bool stale() const;

  size_t size() const;

 private:
  struct Hold {
    int64_t expire_micros = 0;
    int32_t children = 0;
  };

  // LoadAll's work; takes the lock only to swap the loaded homes in.
  absl::Status BuildAndSwap(storage::Db& db, absl::Time now) ABSL_LOCKS_EXCLUDED(mu_);
  // Puts `home` (its profile, and the day of its first approval) at its position, appending a
  // new home.
  void Upsert(matcher::Home home, gfo::v1::HomeProfile profile, std::optional<int32_t> approved_day)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Recounts every home's held children as of `now_micros` and the window in which that count
  // stays true.
  void RecountHolds(int64_t now_micros) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool CountsValidAt(int64_t now_micros) const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return now_micros >= valid_from_ && now_micros < valid_until_;
  }

  mutable absl::Mutex mu_;
  std::vector<matcher::Home> homes_ ABSL_GUARDED_BY(mu_);
  std::vector<gfo::v1::HomeProfile> profiles_ ABSL_GUARDED_BY(mu_);
  // The day of each home's first move to approved (from its transitions), for a rebuild from a
  // saved row; homes_[i].approved_day falls back to the assessment date without one.
  std::vector<std::optional<int32_t>> approved_days_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<int64_t, size_t> position_ ABSL_GUARDED_BY(mu_);
  // Pending proposal holds of the homes that have any.
  absl::flat_hash_map<int64_t, std::vector<Hold>> holds_ ABSL_GUARDED_BY(mu_);
  // held_children in homes_ is true for times in [valid_from_, valid_until_) (micros).
  int64_t valid_from_ ABSL_GUARDED_BY(mu_) = std::numeric_limits<int64_t>::min();
  int64_t valid_until_ ABSL_GUARDED_BY(mu_) = std::numeric_limits<int64_t>::min();
  bool stale_ ABSL_GUARDED_BY(mu_) = true;  // until the first LoadAll
};

}  // namespace gfo

#endif  // GFO_SERVICE_HOME_INDEX_H_
