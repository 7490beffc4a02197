#include "service/home_index.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gfo/v1/placement.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "service/app.h"
#include "service/capacity_sql.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/homes.h"
#include "service/match_mapping.h"
#include "service/status_macros.h"
#include "service/validation/common_validation.h"

namespace gfo {
namespace {

constexpr int kActive = static_cast<int>(gfo::v1::PLACEMENT_STATE_ACTIVE);
constexpr int kPending = static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING);

// Columns: id, code, status, proto, last_placement_end_day.
constexpr std::string_view kAllHomes =
    "SELECT id, code, status, proto, last_placement_end_day FROM homes ORDER BY id";
constexpr std::string_view kOneHome =
    "SELECT id, code, status, proto, last_placement_end_day FROM homes WHERE id = ?";

struct LoadedHome {
  matcher::Home home;
  gfo::v1::HomeProfile profile;
};

// The stored home of one row, as homes.h LoadHome fills the fields the matcher reads.
absl::StatusOr<gfo::v1::Home> HomeFromRow(const storage::Statement& row) {
  gfo::v1::Home home;
  const int64_t id = row.ColumnInt(0);
  if (!home.ParseFromString(row.ColumnBlob(3))) {
    return errors::DataLoss(absl::StrCat("homes/", id, ": stored record is corrupt"));
  }
  home.set_name(absl::StrCat("homes/", id));
  home.set_code(row.ColumnText(1));
  home.set_status(static_cast<gfo::v1::HomeStatus>(row.ColumnInt(2)));
  if (std::optional<int64_t> day = row.ColumnOptionalInt(4); day.has_value()) {
    *home.mutable_last_placement_end() = validation::DateFromDayNumber(static_cast<int32_t>(*day));
  } else {
    home.clear_last_placement_end();
  }
  return home;
}

LoadedHome Build(int64_t id, const gfo::v1::Home& home, std::optional<int32_t> approved_day,
                 int32_t active_children) {
  LoadedHome loaded;
  loaded.home = match::HomeFromProto(id, home, approved_day);
  loaded.home.active_children = active_children;
  loaded.profile = ToProfile(home);
  loaded.profile.clear_free_capacity();
  loaded.profile.clear_distance_km();
  return loaded;
}

}  // namespace

absl::Status HomeIndex::LoadAll(storage::Db& db, absl::Time now) {
  absl::Status status = BuildAndSwap(db, now);
  if (!status.ok()) {
    absl::MutexLock lock(&mu_);
    stale_ = true;
  }
  return status;
}

absl::Status HomeIndex::BuildAndSwap(storage::Db& db, absl::Time now) {
  const int64_t now_micros = ToMicros(now);
  absl::flat_hash_map<int64_t, int32_t> active;
  {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                         db.Prepare("SELECT home_id, SUM(children) FROM placements "
                                    "WHERE state = ? AND " GFO_PLACEMENT_USES_CAPACITY(
                                        "placements") " GROUP BY home_id"));
    stmt->Bind(1, kActive);
    while (true) {
      GFO_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      active[stmt->ColumnInt(0)] = static_cast<int32_t>(stmt->ColumnInt(1));
    }
    stmt->Reset();
  }
  absl::flat_hash_map<int64_t, std::vector<Hold>> holds;
  {
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare("SELECT home_id, expire_time, children FROM proposals "
                   "WHERE state = ? AND expire_time > ? AND " GFO_HOLD_USES_CAPACITY("proposals")));
    stmt->Bind(1, kPending).Bind(2, now_micros);
    while (true) {
      GFO_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      holds[stmt->ColumnInt(0)].push_back(
          Hold{stmt->ColumnInt(1), static_cast<int32_t>(stmt->ColumnInt(2))});
    }
    stmt->Reset();
  }
  // The first move to approved of each home: a home resumed after a pause moves to approved
  // again, and its waiting time (fairness) must not restart there.
  absl::flat_hash_map<int64_t, int32_t> approved;
  {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                         db.Prepare("SELECT resource, MIN(time) FROM transitions "
                                    "WHERE to_state = 'approved' GROUP BY resource"));
    while (true) {
      GFO_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      const std::string resource = stmt->ColumnText(0);
      int64_t id = 0;
      if (absl::StartsWith(resource, "homes/") &&
          absl::SimpleAtoi(absl::string_view(resource).substr(6), &id)) {
        approved[id] = CivilDayNumber(FromMicros(stmt->ColumnInt(1)));
      }
    }
    stmt->Reset();
  }
  std::vector<matcher::Home> homes;
  std::vector<gfo::v1::HomeProfile> profiles;
  std::vector<std::optional<int32_t>> approved_days;
  absl::flat_hash_map<int64_t, size_t> position;
  {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kAllHomes));
    while (true) {
      absl::StatusOr<bool> row = stmt->Step();
      if (!row.ok() || !*row) {
        stmt->Reset();
        if (!row.ok()) return row.status();
        break;
      }
      const int64_t id = stmt->ColumnInt(0);
      absl::StatusOr<gfo::v1::Home> home = HomeFromRow(*stmt);
      if (!home.ok()) {
        stmt->Reset();
        return home.status();
      }
      std::optional<int32_t> approved_day;
      if (auto it = approved.find(id); it != approved.end()) approved_day = it->second;
      auto active_it = active.find(id);
      LoadedHome loaded =
          Build(id, *home, approved_day, active_it == active.end() ? 0 : active_it->second);
      position[id] = homes.size();
      homes.push_back(std::move(loaded.home));
      profiles.push_back(std::move(loaded.profile));
      approved_days.push_back(approved_day);
    }
  }
  absl::MutexLock lock(&mu_);
  homes_ = std::move(homes);
  profiles_ = std::move(profiles);
  approved_days_ = std::move(approved_days);
  position_ = std::move(position);
  holds_ = std::move(holds);
  RecountHolds(now_micros);
  stale_ = false;
  return absl::OkStatus();
}

absl::Status HomeIndex::Reload(storage::Db& db, const std::vector<TouchedHome>& touched,
                               absl::Time now) {
  const int64_t now_micros = ToMicros(now);
  // Per home, in id order: the last saved row, or null when some touch asks for a read-back.
  absl::flat_hash_map<int64_t, const gfo::v1::Home*> saved_of;
  std::vector<int64_t> ids;
  for (const TouchedHome& t : touched) {
    auto [it, inserted] = saved_of.try_emplace(t.id, t.saved.get());
    if (inserted) {
      ids.push_back(t.id);
    } else if (it->second != nullptr) {
      it->second = t.saved.get();
    }
  }
  std::sort(ids.begin(), ids.end());
  {
    // Only a home the index holds has the placements, holds and approval day to rebuild with.
    absl::ReaderMutexLock lock(&mu_);
    for (auto& [id, saved] : saved_of) {
      if (saved != nullptr && !position_.contains(id)) saved = nullptr;
    }
  }

  struct Reloaded {
    int64_t id;
    LoadedHome loaded;
    std::optional<int32_t> approved_day;
    std::vector<Hold> holds;
  };
  std::vector<Reloaded> reloaded;
  absl::Status status = [&]() -> absl::Status {
    GFO_ASSIGN_OR_RETURN(storage::Statement * home_stmt, db.Prepare(kOneHome));
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * active_stmt,
        db.Prepare(
            "SELECT COALESCE(SUM(children), 0) FROM placements "
            "WHERE home_id = ? AND state = ? AND " GFO_PLACEMENT_USES_CAPACITY("placements")));
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * holds_stmt,
        db.Prepare(
            "SELECT expire_time, children FROM proposals "
            "WHERE home_id = ? AND state = ? AND expire_time > ? AND " GFO_HOLD_USES_CAPACITY(
                "proposals")));
    GFO_ASSIGN_OR_RETURN(storage::Statement * approved_stmt,
                         db.Prepare("SELECT MIN(time) FROM transitions "
                                    "WHERE resource = ? AND to_state = 'approved'"));
    for (int64_t id : ids) {
      if (saved_of[id] != nullptr) continue;  // rebuilt under the lock below
      home_stmt->Bind(1, id);
      absl::StatusOr<bool> row = home_stmt->Step();
      absl::StatusOr<gfo::v1::Home> home =
          row.ok() && *row ? HomeFromRow(*home_stmt) : absl::StatusOr<gfo::v1::Home>();
      home_stmt->Reset();
      if (!row.ok()) return row.status();
      if (!*row) continue;  // rolled back or never committed: nothing to index
      if (!home.ok()) return home.status();

      active_stmt->Bind(1, id).Bind(2, kActive);
      GFO_ASSIGN_OR_RETURN(bool active_row, active_stmt->Step());
      const int32_t active = active_row ? static_cast<int32_t>(active_stmt->ColumnInt(0)) : 0;
      active_stmt->Reset();

      std::vector<Hold> holds;
      holds_stmt->Bind(1, id).Bind(2, kPending).Bind(3, now_micros);
      while (true) {
        GFO_ASSIGN_OR_RETURN(bool hold_row, holds_stmt->Step());
        if (!hold_row) break;
        holds.push_back(
            Hold{holds_stmt->ColumnInt(0), static_cast<int32_t>(holds_stmt->ColumnInt(1))});
      }
      holds_stmt->Reset();

      approved_stmt->Bind(1, absl::StrCat("homes/", id));
      GFO_ASSIGN_OR_RETURN(bool approved_row, approved_stmt->Step());
      std::optional<int32_t> approved_day;
      if (approved_row) {
        if (std::optional<int64_t> t = approved_stmt->ColumnOptionalInt(0); t.has_value()) {
          approved_day = CivilDayNumber(FromMicros(*t));
        }
      }
      approved_stmt->Reset();

      reloaded.push_back(
          Reloaded{id, Build(id, *home, approved_day, active), approved_day, std::move(holds)});
    }
    return absl::OkStatus();
  }();

  absl::MutexLock lock(&mu_);
  if (!status.ok()) {
    stale_ = true;
    return status;
  }
  for (Reloaded& r : reloaded) {
    if (r.holds.empty()) {
      holds_.erase(r.id);
    } else {
      holds_[r.id] = std::move(r.holds);
    }
    Upsert(std::move(r.loaded.home), std::move(r.loaded.profile), r.approved_day);
  }
  for (int64_t id : ids) {
    const gfo::v1::Home* saved = saved_of[id];
    if (saved == nullptr) continue;
    const size_t pos = position_.at(id);
    const std::optional<int32_t> approved_day = approved_days_[pos];
    LoadedHome loaded = Build(id, *saved, approved_day, homes_[pos].active_children);
    Upsert(std::move(loaded.home), std::move(loaded.profile), approved_day);
  }
  RecountHolds(now_micros);
  return absl::OkStatus();
}

void HomeIndex::Upsert(matcher::Home home, gfo::v1::HomeProfile profile,
                       std::optional<int32_t> approved_day) {
  auto [it, inserted] = position_.try_emplace(home.id, homes_.size());
  if (inserted) {
    homes_.push_back(std::move(home));
    profiles_.push_back(std::move(profile));
    approved_days_.push_back(approved_day);
  } else {
    homes_[it->second] = std::move(home);
    profiles_[it->second] = std::move(profile);
    approved_days_[it->second] = approved_day;
  }
}

void HomeIndex::RecountHolds(int64_t now_micros) {
  int64_t from = std::numeric_limits<int64_t>::min();
  int64_t until = std::numeric_limits<int64_t>::max();
  // Only homes with holds can hold seats: every other home was built with held_children 0.
  for (const auto& [id, holds] : holds_) {
    auto pos = position_.find(id);
    if (pos == position_.end()) continue;
    int32_t held = 0;
    for (const Hold& hold : holds) {
      if (hold.expire_micros > now_micros) {
        held += hold.children;
        until = std::min(until, hold.expire_micros);
      } else {
        from = std::max(from, hold.expire_micros);
      }
    }
    homes_[pos->second].held_children = held;
  }
  valid_from_ = from;
  valid_until_ = until;
}

void HomeIndex::Read(absl::Time now, absl::FunctionRef<void(const View&)> fn) {
  const int64_t now_micros = ToMicros(now);
  {
    absl::ReaderMutexLock lock(&mu_);
    if (CountsValidAt(now_micros)) {
      fn(View{homes_, profiles_});
      return;
    }
  }
  // Some hold expired (or the clock went back) since the last count: recount, then read under
  // the same exclusive lock so the count cannot change before `fn` sees it.
  absl::MutexLock lock(&mu_);
  if (!CountsValidAt(now_micros)) RecountHolds(now_micros);
  fn(View{homes_, profiles_});
}

bool HomeIndex::stale() const {
  absl::ReaderMutexLock lock(&mu_);
  return stale_;
}

size_t HomeIndex::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return homes_.size();
}

}  // namespace gfo
