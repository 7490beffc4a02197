#include "service/home_store.h"

#include <google/protobuf/util/time_util.h>

#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gfo/v1/placement.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "service/app.h"
#include "service/capacity_sql.h"
#include "service/errors.h"
#include "service/homes.h"
#include "service/status_macros.h"
#include "service/validation/common_validation.h"
#include "service/validation/home_validation.h"
#include "service/workflow_common.h"

namespace gfo {
namespace {

using gfo::v1::Home;
using gfo::v1::HomeStatus;
using google::protobuf::util::TimeUtil;

// The columns every home query returns, in this order (HomeFromRow reads them by position).
// ?1 = now (micros), ?2 = PLACEMENT_STATE_ACTIVE, ?3 = PROPOSAL_STATE_PENDING.
#define GFO_HOME_COLUMNS \
  "h.id AS id, h.code AS code, h.status AS status, h.version AS version, h.proto AS proto, " \
  "h.create_time AS create_time, h.update_time AS update_time, "                             \
  "h.last_placement_end_day AS last_day, h.capacity AS capacity, "                           \
  "h.municipality_code AS municipality_code, "                                               \
  "COALESCE((SELECT SUM(p.children) FROM placements p "                                      \
  "  WHERE p.home_id = h.id AND p.state = ?2 AND " GFO_PLACEMENT_USES_CAPACITY("p")          \
  "), 0) AS active, "                                                                        \
  "COALESCE((SELECT SUM(q.children) FROM proposals q "                                       \
  "  WHERE q.home_id = h.id AND q.state = ?3 AND q.expire_time > ?1 AND "                    \
  GFO_HOLD_USES_CAPACITY("q") "), 0) AS held "

constexpr std::string_view kSelectHome = "SELECT " GFO_HOME_COLUMNS "FROM homes h WHERE h.id = ?4";

// Filters are bound as values; 0 / NULL means "no filter". ?4 = after id, ?5 status, ?6 kind
// mask, ?7 municipality, ?8 accepts age, ?9 min free capacity, ?10 limit.
constexpr std::string_view kListHomes =
    "SELECT * FROM (SELECT " GFO_HOME_COLUMNS
    "FROM homes h WHERE h.id > ?4 "
    "AND (?5 = 0 OR h.status = ?5) "
    "AND (?6 = 0 OR (h.kinds & ?6) != 0) "
    "AND (?7 = 0 OR h.municipality_code = ?7) "
    "AND (?8 IS NULL OR (h.min_age <= ?8 AND h.max_age >= ?8))) AS x "
    "WHERE (?9 IS NULL OR x.capacity - x.active - x.held >= ?9) "
    "ORDER BY x.id LIMIT ?10";

#undef GFO_HOME_COLUMNS

void BindCommon(storage::Statement& stmt, absl::Time now) {
  stmt.Bind(1, ToMicros(now))
      .Bind(2, static_cast<int>(gfo::v1::PLACEMENT_STATE_ACTIVE))
      .Bind(3, static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING));
}

std::string HomeName(int64_t id) { return validation::FormatResourceName("homes", id); }

absl::StatusOr<Home> HomeFromRow(const storage::Statement& row) {
  Home home;
  if (!home.ParseFromString(row.ColumnBlob(4))) {
    return errors::DataLoss(absl::StrCat("homes/", row.ColumnInt(0), ": stored record is corrupt"));
  }
  const int64_t id = row.ColumnInt(0);
  home.set_name(HomeName(id));
  home.set_code(row.ColumnText(1));
  home.set_status(static_cast<HomeStatus>(row.ColumnInt(2)));
  home.set_etag(absl::StrCat(row.ColumnInt(3)));
  *home.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.ColumnInt(5));
  *home.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row.ColumnInt(6));
  if (std::optional<int64_t> day = row.ColumnOptionalInt(7); day.has_value()) {
    *home.mutable_last_placement_end() = validation::DateFromDayNumber(static_cast<int32_t>(*day));
  }
  const auto active = static_cast<int32_t>(row.ColumnInt(10));
  const auto held = static_cast<int32_t>(row.ColumnInt(11));
  home.set_active_children(active);
  home.set_held_children(held);
  home.set_free_capacity(home.capacity() - active - held);
  return home;
}

}  // namespace

namespace home_store {

std::string StoredBlob(Home& home) {
  // Taken out for the serialization and put back after it: a copy of the home with these cleared
  // would cost more than the serialization itself.
  std::string name;
  std::string code;
  std::string etag;
  home.mutable_name()->swap(name);
  home.mutable_code()->swap(code);
  home.mutable_etag()->swap(etag);
  const HomeStatus status = home.status();
  const int32_t active = home.active_children();
  const int32_t held = home.held_children();
  const int32_t free = home.free_capacity();
  home.clear_status();
  home.clear_active_children();
  home.clear_held_children();
  home.clear_free_capacity();
  gfo::v1::Date* last_placement_end = home.release_last_placement_end();
  google::protobuf::Timestamp* create_time = home.release_create_time();
  google::protobuf::Timestamp* update_time = home.release_update_time();

  std::string blob;
  home.SerializeToString(&blob);

  home.set_allocated_update_time(update_time);
  home.set_allocated_create_time(create_time);
  home.set_allocated_last_placement_end(last_placement_end);
  home.set_free_capacity(free);
  home.set_held_children(held);
  home.set_active_children(active);
  home.set_status(status);
  home.mutable_etag()->swap(etag);
  home.mutable_code()->swap(code);
  home.mutable_name()->swap(name);
  return blob;
}

absl::Status List(storage::Db& db, absl::Time now, const ListFilter& filter,
                  std::vector<Home>* out) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kListHomes));
  BindCommon(*stmt, now);
  stmt->Bind(4, filter.after_id)
      .Bind(5, filter.status)
      .Bind(6, filter.kind_mask)
      .Bind(7, filter.municipality_code)
      .Bind(8, filter.accepts_age)
      .Bind(9, filter.min_free_capacity)
      .Bind(10, filter.limit);
  return AppendRows(*stmt, HomeFromRow, out);
}

absl::StatusOr<int64_t> NextId(storage::Db& db) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM homes"));
  absl::StatusOr<bool> row = stmt->Step();
  const int64_t id = row.ok() && *row ? stmt->ColumnInt(0) : 1;
  stmt->Reset();
  if (!row.ok()) return row.status();
  return id;
}

absl::Status Insert(storage::Db& db, int64_t id, Home& home, absl::Time now) {
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare("INSERT INTO homes(id, code, status, municipality_code, capacity, min_age, "
                 "max_age, kinds, version, proto, create_time, update_time) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?10)"));
  stmt->Bind(1, id)
      .Bind(2, absl::StrFormat("FH-%04d", id))
      .Bind(3, static_cast<int>(home.status()))
      .Bind(4, home.municipality_code())
      .Bind(5, home.capacity())
      .Bind(6, home.min_age())
      .Bind(7, home.max_age())
      .Bind(8, HomeKindsMask(home))
      .BindBlob(9, StoredBlob(home))
      .Bind(10, ToMicros(now));
  return stmt->Run();
}

absl::Status Save(storage::Db& db, int64_t id, Home& home, absl::Time now) {
  // The version is the etag LoadHome set; the WHERE makes sure the row still has it (one
  // transaction reads and saves, so it always does unless a caller broke that contract).
  int64_t version = 0;
  if (!absl::SimpleAtoi(home.etag(), &version)) {
    return errors::Internal(
        absl::StrCat(HomeName(id), ": saved without the etag it was read with"));
  }
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("UPDATE homes SET status = ?1, municipality_code = ?2, "
                                  "capacity = ?3, min_age = ?4, max_age = ?5, kinds = ?6, "
                                  "proto = ?7, update_time = ?8, version = ?10 + 1 "
                                  "WHERE id = ?9 AND version = ?10"));
  const int64_t update_micros = ToMicros(now);
  stmt->Bind(1, static_cast<int>(home.status()))
      .Bind(2, home.municipality_code())
      .Bind(3, home.capacity())
      .Bind(4, home.min_age())
      .Bind(5, home.max_age())
      .Bind(6, HomeKindsMask(home))
      .BindBlob(7, StoredBlob(home))
      .Bind(8, update_micros)
      .Bind(9, id)
      .Bind(10, version);
  GFO_RETURN_IF_ERROR(stmt->Run());
  if (db.Changes() != 1) {
    return errors::Internal(
        absl::StrCat(HomeName(id), ": changed between its read and its save in one write"));
  }
  // As HomeFromRow sets them from the row; the other output fields do not change with a save
  // (the status is `home`'s own, the counts are the transaction's, the rest is in the blob).
  home.set_etag(absl::StrCat(version + 1));
  *home.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(update_micros);
  home.set_free_capacity(home.capacity() - home.active_children() - home.held_children());
  return absl::OkStatus();
}

absl::StatusOr<bool> MunicipalityExists(storage::Db& db, int32_t code) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT 1 FROM municipalities WHERE code = ?"));
  stmt->Bind(1, code);
  absl::StatusOr<bool> found = stmt->Step();
  stmt->Reset();
  return found;
}

}  // namespace home_store

int64_t HomeKindsMask(const Home& home) {
  int64_t mask = 0;
  for (int kind : home.kinds()) {
    if (kind > 0 && kind < 63) mask |= int64_t{1} << kind;
  }
  return mask;
}

absl::StatusOr<Home> LoadHome(storage::Db& db, int64_t id, absl::Time now) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kSelectHome));
  BindCommon(*stmt, now);
  stmt->Bind(4, id);
  return ReadOneRow(*stmt, HomeName(id), HomeFromRow);
}

absl::StatusOr<HomeCapacity> LoadHomeCapacity(storage::Db& db, int64_t home_id, absl::Time now) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kSelectHome));
  BindCommon(*stmt, now);
  stmt->Bind(4, home_id);
  return ReadOneRow(*stmt, HomeName(home_id), [home_id](const storage::Statement& row) {
    HomeCapacity capacity;
    capacity.home_id = home_id;
    capacity.status = static_cast<HomeStatus>(row.ColumnInt(2));
    capacity.capacity = static_cast<int32_t>(row.ColumnInt(8));
    capacity.municipality_code = static_cast<int32_t>(row.ColumnInt(9));
    capacity.active_children = static_cast<int32_t>(row.ColumnInt(10));
    capacity.held_children = static_cast<int32_t>(row.ColumnInt(11));
    return capacity;
  });
}

}  // namespace gfo
