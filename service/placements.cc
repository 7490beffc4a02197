#include "service/placements.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/capacity_sql.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/homes.h"
#include "service/proposals.h"
#include "service/requests.h"
#include "service/status_macros.h"
#include "service/validation/common_validation.h"
#include "service/validation/page_token.h"
#include "service/validation/workflow_validation.h"
#include "service/workflow_common.h"

namespace gfo {

using gfo::v1::DueKind;
using gfo::v1::Placement;
using google::protobuf::util::TimeUtil;

namespace {

constexpr int32_t kDefaultWithinDays = 30;
constexpr int32_t kMaxWithinDays = 3660;
constexpr int kCustodyConsiderationMonths = 24;
constexpr int kEmergencyLimitMonths = 2;
constexpr int kSecretWhereaboutsReviewMonths = 3;

std::string PlacementName(int64_t id) { return validation::FormatResourceName("placements", id); }

// The columns every placement query returns, in this order (PlacementFromRow reads them).
#define GFO_PLACEMENT_COLUMNS                                                                  \
  "p.id, p.request_id, p.home_id, p.proposal_id, p.municipality_code, p.children, p.kind, "    \
  "p.state, p.start_day, p.end_day, p.end_reason, p.investigation_closed_day, "                \
  "p.special_reasons, p.last_review_day, p.custody_considered_day, p.secret_whereabouts_day, " \
  "p.version, p.create_time, p.update_time, h.code "

constexpr char kPlacementFrom[] = " FROM placements p JOIN homes h ON h.id = p.home_id ";

struct PlacementRow {
  int64_t id = 0;
  int64_t home_id = 0;
  int64_t request_id = 0;
  int32_t municipality_code = 0;
  int64_t version = 0;
  PlacementClocks clocks;
  Placement placement;  // every field filled
};

void SetOptionalDate(const storage::Statement& s, int column, std::optional<int32_t>* day,
                     gfo::v1::Date* date) {
  if (std::optional<int64_t> value = s.ColumnOptionalInt(column); value.has_value()) {
    *day = static_cast<int32_t>(*value);
    *date = validation::DateFromDayNumber(**day);
  }
}

PlacementRow PlacementFromRow(const storage::Statement& s) {
  PlacementRow row;
  row.id = s.ColumnInt(0);
  row.request_id = s.ColumnInt(1);
  row.home_id = s.ColumnInt(2);
  row.municipality_code = static_cast<int32_t>(s.ColumnInt(4));
  row.version = s.ColumnInt(16);
  Placement& p = row.placement;
  p.set_name(PlacementName(row.id));
  p.set_request(validation::FormatResourceName("requests", row.request_id));
  p.set_home(validation::FormatResourceName("homes", row.home_id));
  p.set_proposal(validation::FormatResourceName("proposals", s.ColumnInt(3)));
  p.set_municipality_code(row.municipality_code);
  p.set_children(static_cast<int32_t>(s.ColumnInt(5)));
  p.set_kind(static_cast<gfo::v1::PlacementKind>(s.ColumnInt(6)));
  p.set_state(static_cast<gfo::v1::PlacementState>(s.ColumnInt(7)));
  row.clocks.kind = p.kind();
  row.clocks.start_day = static_cast<int32_t>(s.ColumnInt(8));
  *p.mutable_start_date() = validation::DateFromDayNumber(row.clocks.start_day);
  std::optional<int32_t> end_day;
  gfo::v1::Date end_date;
  SetOptionalDate(s, 9, &end_day, &end_date);
  if (end_day.has_value()) *p.mutable_end_date() = end_date;
  p.set_end_reason(s.ColumnText(10));
  gfo::v1::Date date;
  SetOptionalDate(s, 11, &row.clocks.investigation_closed_day, &date);
  if (row.clocks.investigation_closed_day) *p.mutable_investigation_closed_date() = date;
  row.clocks.special_reasons = s.ColumnInt(12) != 0;
  p.set_special_reasons(row.clocks.special_reasons);
  SetOptionalDate(s, 13, &row.clocks.last_review_day, &date);
  if (row.clocks.last_review_day) *p.mutable_last_review_date() = date;
  SetOptionalDate(s, 14, &row.clocks.custody_considered_day, &date);
  if (row.clocks.custody_considered_day) *p.mutable_custody_considered_date() = date;
  SetOptionalDate(s, 15, &row.clocks.secret_whereabouts_day, &date);
  if (row.clocks.secret_whereabouts_day) *p.mutable_secret_whereabouts_decision_date() = date;
  p.set_etag(absl::StrCat(row.version));
  *p.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(s.ColumnInt(17));
  *p.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(s.ColumnInt(18));
  p.set_home_code(s.ColumnText(19));
  return row;
}

absl::StatusOr<PlacementRow> LoadPlacement(storage::Db& db, int64_t id) {
  static const std::string kSql =
      absl::StrCat("SELECT " GFO_PLACEMENT_COLUMNS, kPlacementFrom, "WHERE p.id = ?1");
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kSql));
  stmt->Bind(1, id);
  return ReadOneRow(*stmt, PlacementName(id), PlacementFromRow);
}

// Runs `stmt` to the end, collecting every row.
absl::StatusOr<std::vector<PlacementRow>> CollectPlacements(storage::Statement& stmt) {
  std::vector<PlacementRow> rows;
  GFO_RETURN_IF_ERROR(AppendRows<PlacementRow>(stmt, PlacementFromRow, &rows));
  return rows;
}

std::optional<int64_t> OptionalDay(const gfo::v1::Date& date) {
  if (!validation::IsDateSet(date)) return std::nullopt;
  absl::StatusOr<int32_t> day = validation::DayNumberFromDate(date, "date");
  if (!day.ok()) return std::nullopt;
  return *day;
}

// What each due kind means: its description for people and its key in legal_references.
struct DueKindText {
  DueKind kind;
  std::string_view description;
  std::string_view legal_reference_key;
};
constexpr DueKindText kDueKinds[] = {
    {gfo::v1::DUE_KIND_SIX_MONTH_REVIEW, "review of the placement", "six_month_review"},
    {gfo::v1::DUE_KIND_CUSTODY_CONSIDERATION, "consider transfer of custody",
     "custody_consideration"},
    {gfo::v1::DUE_KIND_EMERGENCY_TIME_LIMIT,
     "emergency home stay limit after the investigation closed", "emergency_time_limit"},
    {gfo::v1::DUE_KIND_SECRET_WHEREABOUTS_REVIEW, "review of the secret whereabouts decision",
     "secret_whereabouts"},
};

const DueKindText* FindDueKind(DueKind kind) {
  for (const DueKindText& k : kDueKinds) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

std::string_view DueDescription(DueKind kind) {
  const DueKindText* k = FindDueKind(kind);
  return k != nullptr ? k->description : std::string_view();
}

}  // namespace

int32_t AddMonths(int32_t day, int months) {
  const absl::CivilDay d = CivilDayFromNumber(day);
  const absl::CivilMonth target = absl::CivilMonth(d) + months;
  const absl::CivilDay first(target);
  const int days_in_month = static_cast<int>(absl::CivilDay(target + 1) - first);
  const int dom = std::min(d.day(), days_in_month);
  return DayNumberFromCivilDay(first + (dom - 1));
}

std::vector<DueDate> ComputeDueDates(const PlacementClocks& clocks, int32_t today,
                                     int32_t within_days, int review_interval_months) {
  std::vector<DueDate> candidates;
  candidates.push_back(
      {gfo::v1::DUE_KIND_SIX_MONTH_REVIEW,
       AddMonths(clocks.last_review_day.value_or(clocks.start_day), review_interval_months)});
  if (!clocks.custody_considered_day.has_value()) {
    candidates.push_back({gfo::v1::DUE_KIND_CUSTODY_CONSIDERATION,
                          AddMonths(clocks.start_day, kCustodyConsiderationMonths)});
  }
  if (clocks.kind == gfo::v1::PLACEMENT_KIND_EMERGENCY &&
      clocks.investigation_closed_day.has_value() && !clocks.special_reasons) {
    candidates.push_back({gfo::v1::DUE_KIND_EMERGENCY_TIME_LIMIT,
                          AddMonths(*clocks.investigation_closed_day, kEmergencyLimitMonths)});
  }
  if (clocks.secret_whereabouts_day.has_value()) {
    candidates.push_back(
        {gfo::v1::DUE_KIND_SECRET_WHEREABOUTS_REVIEW,
         AddMonths(*clocks.secret_whereabouts_day, kSecretWhereaboutsReviewMonths)});
  }
  std::vector<DueDate> due;
  for (DueDate& d : candidates) {
    if (static_cast<int64_t>(d.due_day) > static_cast<int64_t>(today) + within_days) continue;
    d.overdue = d.due_day < today;
    due.push_back(d);
  }
  return due;
}

std::string_view LegalReferenceKey(DueKind kind) {
  const DueKindText* k = FindDueKind(kind);
  return k != nullptr ? k->legal_reference_key : std::string_view();
}

absl::StatusOr<gfo::v1::LegalReference> LoadLegalReference(storage::Db& db, std::string_view key) {
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare("SELECT act, chapter, section, title FROM legal_references WHERE key = ?1"));
  stmt->Bind(1, key);
  absl::StatusOr<bool> found = stmt->Step();
  if (!found.ok() || !*found) {
    stmt->Reset();
    if (!found.ok()) return found.status();
    return errors::Internal(absl::StrCat("legal_references: no row for key ", std::string(key)));
  }
  gfo::v1::LegalReference ref;
  ref.set_act(stmt->ColumnText(0));
  ref.set_chapter(stmt->ColumnText(1));
  ref.set_section(stmt->ColumnText(2));
  ref.set_title(stmt->ColumnText(3));
  stmt->Reset();
  return ref;
}

std::string FormatLegalReference(const gfo::v1::LegalReference& reference) {
  std::string out;
  if (!reference.chapter().empty()) absl::StrAppend(&out, reference.chapter(), " kap. ");
  absl::StrAppend(&out, reference.section(), " § ", reference.act());
  return out;
}

absl::StatusOr<int64_t> InsertPlacement(storage::Db& db, const Call& call,
                                        const NewPlacement& placement) {
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare("INSERT INTO placements(request_id, home_id, proposal_id, municipality_code, "
                 "children, kind, state, start_day, create_time, update_time) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"));
  stmt->Bind(1, placement.request_id)
      .Bind(2, placement.home_id)
      .Bind(3, placement.proposal_id)
      .Bind(4, placement.municipality_code)
      .Bind(5, placement.children)
      .Bind(6, static_cast<int>(placement.kind))
      .Bind(7, static_cast<int>(gfo::v1::PLACEMENT_STATE_ACTIVE))
      .Bind(8, placement.start_day)
      .Bind(9, ToMicros(call.now()));
  GFO_RETURN_IF_ERROR(stmt->Run());
  const int64_t id = db.LastInsertRowId();
  GFO_RETURN_IF_ERROR(
      RecordTransition(db, call, PlacementName(id), "", "active",
                       validation::FormatResourceName("proposals", placement.proposal_id)));
  return id;
}

absl::Status Placements::Get(Call& call, const gfo::v1::GetPlacementRequest& req, Placement* out) {
  GFO_ASSIGN_OR_RETURN(int64_t id, validation::ParseResourceName(req.name(), "placements", "name"));
  call.AddResource(PlacementName(id));
  return call.ReadRecorded([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(PlacementRow row, LoadPlacement(db, id));
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(row.municipality_code, PlacementName(id)));
    *out = std::move(row.placement);
    return absl::OkStatus();
  });
}

absl::Status Placements::List(Call& call, const gfo::v1::ListPlacementsRequest& req,
                              gfo::v1::ListPlacementsResponse* out) {
  GFO_ASSIGN_OR_RETURN(int32_t page_size, validation::ResolvePageSize(req.page_size()));
  GFO_RETURN_IF_ERROR(validation::ValidateOptionalEnum(req.state(), "state"));
  int64_t home_id = 0;
  if (!req.home().empty()) {
    GFO_ASSIGN_OR_RETURN(home_id, validation::ParseResourceName(req.home(), "homes", "home"));
  }
  GFO_ASSIGN_OR_RETURN(int32_t municipality, ScopeMunicipality(call, req.municipality_code()));
  const std::string filter_key = absl::StrCat(validation::PageFilterKey(req), "|", municipality);
  GFO_ASSIGN_OR_RETURN(std::optional<validation::PageCursor> cursor,
                       validation::DecodePageToken(req.page_token(), filter_key));
  // ?1 after id, ?2 state, ?3 home, ?4 municipality (0 = any), ?5 limit.
  static const std::string kSql =
      absl::StrCat("SELECT " GFO_PLACEMENT_COLUMNS, kPlacementFrom,
                   "WHERE p.id > ?1 AND (?2 = 0 OR p.state = ?2) AND (?3 = 0 OR p.home_id = ?3) "
                   "AND (?4 = 0 OR p.municipality_code = ?4) ORDER BY p.id LIMIT ?5");
  return call.Read([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kSql));
    stmt->Bind(1, cursor.has_value() ? cursor->after_id : 0)
        .Bind(2, static_cast<int>(req.state()))
        .Bind(3, home_id)
        .Bind(4, municipality)
        .Bind(5, page_size + 1);
    GFO_ASSIGN_OR_RETURN(std::vector<PlacementRow> rows, CollectPlacements(*stmt));
    const bool more = TrimToPage(rows, page_size);
    for (PlacementRow& row : rows) {
      call.AddResource(PlacementName(row.id));
      *out->add_placements() = std::move(row.placement);
    }
    if (more && !rows.empty()) {
      out->set_next_page_token(
          validation::EncodePageToken({.sort_key = 0, .after_id = rows.back().id}, filter_key));
    }
    return absl::OkStatus();
  });
}

absl::Status Placements::End(Call& call, const gfo::v1::EndPlacementRequest& req, Placement* out) {
  const int32_t today = CivilDayNumber(call.now());
  GFO_ASSIGN_OR_RETURN(validation::EndPlacementInput input,
                       validation::ValidateEndPlacement(req, today));
  const std::string name = PlacementName(input.placement_id);
  call.AddResource(name);
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(ExpireDue(db, call));
    GFO_ASSIGN_OR_RETURN(PlacementRow row, LoadPlacement(db, input.placement_id));
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(row.municipality_code, name));
    if (row.placement.state() != gfo::v1::PLACEMENT_STATE_ACTIVE) {
      return errors::IllegalTransition(name, "ended", "ended");
    }
    // A placement that has not started yet (accepted with a later start date) can be called off:
    // without an end date it ends on its start day, having never begun, and its seats come back
    // at once.
    const bool not_started = today < row.clocks.start_day;
    if (not_started && !validation::IsDateSet(req.end_date())) {
      input.end_day = row.clocks.start_day;
    }
    if (input.end_day < row.clocks.start_day) {
      return errors::InvalidArgument(
          "end_date", not_started ? "must not be before the placement's start date; leave it "
                                    "unset to call off a placement that has not started"
                                  : "must not be before the placement's start date");
    }
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare("UPDATE placements SET state = ?1, end_day = ?2, end_reason = ?3, "
                   "update_time = ?4, version = version + 1 WHERE id = ?5"));
    stmt->Bind(1, static_cast<int>(gfo::v1::PLACEMENT_STATE_ENDED))
        .Bind(2, input.end_day)
        .Bind(3, std::string_view(req.reason()))
        .Bind(4, ToMicros(call.now()))
        .Bind(5, row.id);
    GFO_RETURN_IF_ERROR(stmt->Run());
    if (!not_started) {
      // A placement called off before it began leaves the home's last placement as it was.
      GFO_ASSIGN_OR_RETURN(storage::Statement * home,
                           db.Prepare("UPDATE homes SET last_placement_end_day = MAX(COALESCE("
                                      "last_placement_end_day, ?1), ?1) WHERE id = ?2"));
      home->Bind(1, input.end_day).Bind(2, row.home_id);
      GFO_RETURN_IF_ERROR(home->Run());
    }
    GFO_RETURN_IF_ERROR(RecordTransition(db, call, name, "active", "ended", req.reason()));
    GFO_RETURN_IF_ERROR(MoveRequest(db, call, row.request_id, gfo::v1::REQUEST_STATE_PLACED,
                                    gfo::v1::REQUEST_STATE_ENDED,
                                    absl::StrCat(name, " ended: ", req.reason())));
    call.AddResource(validation::FormatResourceName("requests", row.request_id));
    call.TouchHome(row.home_id);
    GFO_ASSIGN_OR_RETURN(PlacementRow ended, LoadPlacement(db, row.id));
    *out = std::move(ended.placement);
    return absl::OkStatus();
  });
}

absl::Status Placements::Update(Call& call, const gfo::v1::UpdatePlacementRequest& req,
                                Placement* out) {
  GFO_ASSIGN_OR_RETURN(int64_t id, validation::ParseResourceName(req.placement().name(),
                                                                 "placements", "placement.name"));
  const std::string name = PlacementName(id);
  call.AddResource(name);
  if (req.placement().etag().empty()) {
    return errors::InvalidArgument("placement.etag", "required");
  }
  GFO_ASSIGN_OR_RETURN(google::protobuf::FieldMask mask,
                       validation::ValidatePlacementUpdate(req.placement(), req.update_mask(),
                                                           CivilDayNumber(call.now())));
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(ExpireDue(db, call));
    GFO_ASSIGN_OR_RETURN(PlacementRow row, LoadPlacement(db, id));
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(row.municipality_code, name));
    if (req.placement().etag() != absl::StrCat(row.version)) {
      return errors::StaleEtag(name, "placement");
    }
    if (row.placement.state() != gfo::v1::PLACEMENT_STATE_ACTIVE) {
      return errors::FailedPrecondition(
          absl::StrCat(name, ": is ended; decisions are recorded only on active placements"));
    }
    Placement merged = row.placement;
    validation::ApplyPlacementMask(merged, req.placement(), mask);
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare("UPDATE placements SET investigation_closed_day = ?1, special_reasons = ?2, "
                   "last_review_day = ?3, custody_considered_day = ?4, "
                   "secret_whereabouts_day = ?5, update_time = ?6, version = version + 1 "
                   "WHERE id = ?7"));
    stmt->Bind(1, OptionalDay(merged.investigation_closed_date()))
        .Bind(2, merged.special_reasons() ? 1 : 0)
        .Bind(3, OptionalDay(merged.last_review_date()))
        .Bind(4, OptionalDay(merged.custody_considered_date()))
        .Bind(5, OptionalDay(merged.secret_whereabouts_decision_date()))
        .Bind(6, ToMicros(call.now()))
        .Bind(7, id);
    GFO_RETURN_IF_ERROR(stmt->Run());
    GFO_ASSIGN_OR_RETURN(PlacementRow updated, LoadPlacement(db, id));
    *out = std::move(updated.placement);
    return absl::OkStatus();
  });
}

absl::Status Placements::ListDue(Call& call, const gfo::v1::ListDueRequest& req,
                                 gfo::v1::ListDueResponse* out) {
  int32_t within_days = req.within_days();
  if (within_days < 0 || within_days > kMaxWithinDays) {
    return errors::InvalidArgument(
        "within_days",
        absl::StrCat("must be between 0 and ", kMaxWithinDays, ", got ", within_days));
  }
  if (within_days == 0) within_days = kDefaultWithinDays;
  GFO_ASSIGN_OR_RETURN(int32_t municipality, ScopeMunicipality(call, req.municipality_code()));
  const int32_t today = CivilDayNumber(call.now());
  const int review_months = call.app().config().review_interval_months;
  static const std::string kSql =
      absl::StrCat("SELECT " GFO_PLACEMENT_COLUMNS, kPlacementFrom,
                   "WHERE p.state = ?1 AND (?2 = 0 OR p.municipality_code = ?2) ORDER BY p.id");
  return call.Read([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kSql));
    stmt->Bind(1, static_cast<int>(gfo::v1::PLACEMENT_STATE_ACTIVE)).Bind(2, municipality);
    GFO_ASSIGN_OR_RETURN(std::vector<PlacementRow> rows, CollectPlacements(*stmt));
    std::map<DueKind, gfo::v1::LegalReference> references;
    struct Item {
      DueDate due;
      const PlacementRow* row;
    };
    std::vector<Item> items;
    for (const PlacementRow& row : rows) {
      for (const DueDate& due : ComputeDueDates(row.clocks, today, within_days, review_months)) {
        items.push_back({due, &row});
        if (!references.contains(due.kind)) {
          GFO_ASSIGN_OR_RETURN(references[due.kind],
                               LoadLegalReference(db, LegalReferenceKey(due.kind)));
        }
      }
    }
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return std::tuple(a.due.due_day, a.row->id, static_cast<int>(a.due.kind)) <
             std::tuple(b.due.due_day, b.row->id, static_cast<int>(b.due.kind));
    });
    for (const Item& item : items) {
      call.AddResource(PlacementName(item.row->id));
      gfo::v1::DueItem* d = out->add_items();
      d->set_placement(PlacementName(item.row->id));
      d->set_municipality_code(item.row->municipality_code);
      d->set_kind(item.due.kind);
      *d->mutable_due_date() = validation::DateFromDayNumber(item.due.due_day);
      d->set_overdue(item.due.overdue);
      *d->mutable_legal_reference() = references[item.due.kind];
      d->set_description(std::string(DueDescription(item.due.kind)));
    }
    return absl::OkStatus();
  });
}

absl::Status Placements::ListVacancies(Call& call, const gfo::v1::ListVacanciesRequest& req,
                                       gfo::v1::ListVacanciesResponse* out) {
  GFO_ASSIGN_OR_RETURN(int32_t page_size, validation::ResolvePageSize(req.page_size()));
  GFO_RETURN_IF_ERROR(validation::ValidateOptionalEnum(req.kind(), "kind"));
  GFO_ASSIGN_OR_RETURN(int32_t municipality, ScopeMunicipality(call, req.municipality_code()));
  const std::string filter_key = absl::StrCat(validation::PageFilterKey(req), "|", municipality);
  GFO_ASSIGN_OR_RETURN(std::optional<validation::PageCursor> cursor,
                       validation::DecodePageToken(req.page_token(), filter_key));
  const int64_t kind_mask = req.kind() == gfo::v1::PLACEMENT_KIND_UNSPECIFIED
                                ? 0
                                : (int64_t{1} << static_cast<int>(req.kind()));
  return call.Read([&](storage::Db& db) -> absl::Status {
    // ?1 now, ?2 after id, ?3 kind mask (0 = any), ?4 municipality (0 = any), ?5 limit.
    static const std::string kVacanciesSql = absl::StrCat(
        "SELECT id FROM (SELECT h.id AS id, h.capacity - "
        "COALESCE((SELECT SUM(p.children) FROM placements p WHERE p.home_id = h.id "
        "AND p.state = 1 AND ",
        GFO_PLACEMENT_USES_CAPACITY("p"),
        "), 0) - COALESCE((SELECT SUM(q.children) FROM proposals q WHERE q.home_id = h.id "
        "AND q.state = 1 AND q.expire_time > ?1 AND ",
        GFO_HOLD_USES_CAPACITY("q"),
        "), 0) AS free FROM homes h WHERE h.status = 3 AND h.id > ?2 AND (?3 = 0 OR "
        "(h.kinds & ?3) != 0) AND (?4 = 0 OR h.municipality_code = ?4)) "
        "WHERE free > 0 ORDER BY id LIMIT ?5");
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kVacanciesSql));
    stmt->Bind(1, ToMicros(call.now()))
        .Bind(2, cursor.has_value() ? cursor->after_id : 0)
        .Bind(3, kind_mask)
        .Bind(4, municipality)
        .Bind(5, page_size + 1);
    std::vector<int64_t> ids;
    GFO_RETURN_IF_ERROR(AppendRows<int64_t>(
        *stmt, [](const storage::Statement& row) { return row.ColumnInt(0); }, &ids));
    const bool more = TrimToPage(ids, page_size);
    for (int64_t id : ids) {
      GFO_ASSIGN_OR_RETURN(gfo::v1::Home home, LoadHome(db, id, call.now()));
      call.AddResource(home.name());
      gfo::v1::Vacancy* v = out->add_vacancies();
      v->set_home(home.name());
      v->set_code(home.code());
      v->set_municipality_code(home.municipality_code());
      *v->mutable_kinds() = home.kinds();
      v->set_capacity(home.capacity());
      v->set_free_capacity(home.free_capacity());
      if (home.has_available_from()) *v->mutable_available_from() = home.available_from();
      if (home.has_availability_confirmed_time()) {
        *v->mutable_availability_confirmed_time() = home.availability_confirmed_time();
      }
    }
    if (more && !ids.empty()) {
      out->set_next_page_token(
          validation::EncodePageToken({.sort_key = 0, .after_id = ids.back()}, filter_key));
    }
    return absl::OkStatus();
  });
}

absl::Status Placements::Summarize(Call& call, const gfo::v1::SummarizePlacementsRequest&,
                                   gfo::v1::SummarizePlacementsResponse* out) {
  return call.Read([&](storage::Db& db) -> absl::Status {
    struct Group {
      const char* sql;
      const char* collection;
      google::protobuf::RepeatedPtrField<gfo::v1::PlacementCount>* counts;
    };
    const Group groups[] = {
        {"SELECT home_id, COUNT(*), SUM(children) FROM placements WHERE state = ?1 "
         "GROUP BY home_id ORDER BY home_id",
         "homes", out->mutable_by_home()},
        {"SELECT municipality_code, COUNT(*), SUM(children) FROM placements WHERE state = ?1 "
         "GROUP BY municipality_code ORDER BY municipality_code",
         "municipalities", out->mutable_by_municipality()},
    };
    for (const Group& group : groups) {
      GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(group.sql));
      stmt->Bind(1, static_cast<int>(gfo::v1::PLACEMENT_STATE_ACTIVE));
      GFO_RETURN_IF_ERROR(ForEachRow(*stmt, [&](const storage::Statement& row) {
        gfo::v1::PlacementCount* c = group.counts->Add();
        c->set_key(absl::StrCat(group.collection, "/", row.ColumnInt(0)));
        c->set_active_placements(static_cast<int32_t>(row.ColumnInt(1)));
        c->set_children(static_cast<int32_t>(row.ColumnInt(2)));
        return absl::OkStatus();
      }));
    }
    return absl::OkStatus();
  });
}

#undef GFO_PLACEMENT_COLUMNS

}  // namespace gfo
