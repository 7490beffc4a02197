#include "service/retention.h"

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "gfo/v1/common.pb.h"
#include "service/app.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/homes.h"
#include "service/requests.h"
#include "service/status_macros.h"
#include "service/storage/rows.h"
#include "service/storage/sqlite.h"
#include "service/validation/common_validation.h"

namespace gfo::retention {
namespace {

constexpr int kMaxNamedResources = 1000;

// One record due for clearing.
struct DueRecord {
  std::string collection;  // "homes" or "requests"
  int64_t id = 0;
  int32_t last_entry_day = 0;
};

std::string NameOf(const DueRecord& r) { return absl::StrCat(r.collection, "/", r.id); }

absl::StatusOr<gfo::v1::LegalReference> RetentionReference(storage::Db& db) {
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare("SELECT act, chapter, section, title FROM legal_references WHERE key = ?"));
  stmt->Bind(1, "retention");
  GFO_ASSIGN_OR_RETURN(bool found, stmt->Step());
  gfo::v1::LegalReference ref;
  if (found) {
    ref.set_act(stmt->ColumnText(0));
    ref.set_chapter(stmt->ColumnText(1));
    ref.set_section(stmt->ColumnText(2));
    ref.set_title(stmt->ColumnText(3));
  }
  stmt->Reset();
  if (!found) return errors::Internal("legal_references: key retention is missing");
  return ref;
}

// The records of `collection` (a table: homes or requests) whose `state_column` is one of
// `states`, that are not cleared and that no row of `placements` names in `placement_column`,
// and whose last entry makes them due on `as_of_day`. (NOT IN over a subquery reads `placements`
// once, not once per row; its ids are NOT NULL, so NOT IN has no NULL trap.)
absl::Status CollectDue(storage::Db& db, const std::string& collection,
                        const std::string& state_column, std::initializer_list<int> states,
                        const std::string& placement_column, int32_t as_of_day,
                        std::vector<DueRecord>& out) {
  // A coarse bound in SQL (a few days of slack for leap days); the exact rule below.
  const absl::CivilDay bound = CivilDayFromNumber(as_of_day) + 3;
  const absl::CivilDay shifted(bound.year() - kOrdinaryRetentionYears, bound.month(), bound.day());
  const int64_t bound_micros = ToMicros(absl::FromCivil(shifted, absl::UTCTimeZone()));
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare(absl::StrCat("SELECT id, update_time FROM ", collection, " WHERE ", state_column,
                              " IN (", absl::StrJoin(states, ","),
                              ") AND cleared = 0 AND update_time < ? AND id NOT IN (SELECT ",
                              placement_column, " FROM placements) ORDER BY id")));
  stmt->Bind(1, bound_micros);
  return storage::ForEachRow(*stmt, [&](const storage::Statement& row) {
    DueRecord r;
    r.collection = collection;
    r.id = row.ColumnInt(0);
    r.last_entry_day = CivilDayNumber(FromMicros(row.ColumnInt(1)));
    if (ClearAfterDay(r.last_entry_day) <= as_of_day) out.push_back(std::move(r));
    return absl::OkStatus();
  });
}

// A home outside the bank (closed, or an inquiry or assessment that went no further) and a
// request no longer in the queue (ended, withdrawn, or a draft never sent) are due five years
// after their last entry, unless they are part of a child's placement: a request that led to one
// says which child was placed, a home that had one says with which family the child lived. Those
// are placement documents, never cleared (16 kap. 2 §), whatever the placement's state.
absl::StatusOr<std::vector<DueRecord>> DueRecords(storage::Db& db, int32_t as_of_day) {
  std::vector<DueRecord> due;
  GFO_RETURN_IF_ERROR(CollectDue(
      db, "homes", "status",
      {gfo::v1::HOME_STATUS_CLOSED, gfo::v1::HOME_STATUS_INQUIRY, gfo::v1::HOME_STATUS_ASSESSMENT},
      "home_id", as_of_day, due));
  GFO_RETURN_IF_ERROR(CollectDue(db, "requests", "state",
                                 {gfo::v1::REQUEST_STATE_ENDED, gfo::v1::REQUEST_STATE_WITHDRAWN,
                                  gfo::v1::REQUEST_STATE_DRAFT},
                                 "request_id", as_of_day, due));
  return due;
}

// A record named in ApplyRetention, checked for form.
struct NamedRecord {
  std::string collection;  // "homes" or "requests"
  int64_t id = 0;
  std::string name;  // collection/id
};

// True when `sql` (one parameter, the id) returns a row.
absl::StatusOr<bool> HasRowForId(storage::Db& db, std::string_view sql, int64_t id) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(sql));
  stmt->Bind(1, id);
  return storage::HasRow(*stmt);
}

// Why `record`, which is not due, may not be cleared: NOT_FOUND when there is no such record,
// FAILED_PRECONDITION citing 16 kap. 2 § when it is part of a placement (whether or not it would
// otherwise be due), FAILED_PRECONDITION "not due" otherwise.
absl::Status WhyNotDue(storage::Db& db, const NamedRecord& record) {
  const bool is_home = record.collection == "homes";
  const int64_t id = record.id;
  const std::string& name = record.name;
  GFO_ASSIGN_OR_RETURN(bool exists, HasRowForId(db,
                                                is_home ? "SELECT 1 FROM homes WHERE id = ?"
                                                        : "SELECT 1 FROM requests WHERE id = ?",
                                                id));
  if (!exists) return errors::NotFound(name);
  GFO_ASSIGN_OR_RETURN(
      bool placed, HasRowForId(db,
                               is_home ? "SELECT 1 FROM placements WHERE home_id = ? LIMIT 1"
                                       : "SELECT 1 FROM placements WHERE request_id = ? LIMIT 1",
                               id));
  if (placed) {
    return errors::FailedPrecondition(absl::StrCat(
        name, is_home ? ": a child was placed in this home" : ": this request led to a placement",
        "; documents on a child's placement are never cleared (16 kap. 2 § socialtjänstlagen)"));
  }
  return errors::FailedPrecondition(
      absl::StrCat(name,
                   ": not due for clearing (homes that are closed or never got past "
                   "assessment, and requests that are drafts, ended or withdrawn, are due five "
                   "years after their last entry; a home in the bank or a request in the queue "
                   "is not)"));
}

absl::StatusOr<int32_t> AsOfDay(const gfo::v1::Date& as_of, int32_t today) {
  if (!validation::IsDateSet(as_of)) return today;
  return validation::DayNumberFromDate(as_of, "as_of");
}

// Runs `sql`, an UPDATE whose one parameter (?1) is `id`.
absl::Status RunWithId(storage::Db& db, std::string_view sql, int64_t id) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(sql));
  stmt->Bind(1, id);
  return stmt->Run();
}

// Removes the free text of the proposals of request `request_id` that did not lead to a
// placement: decline reasons, rationales, the outcomes of their consultations and the reasons in
// their history (a decline reason is repeated there). States, homes, actors and times stay.
absl::Status ClearUnplacedProposalTexts(storage::Db& db, int64_t request_id) {
  GFO_RETURN_IF_ERROR(
      RunWithId(db,
                "UPDATE consultations SET outcome = '' WHERE proposal_id IN "
                "(SELECT id FROM proposals WHERE request_id = ?1 AND placement_id IS NULL)",
                request_id));
  GFO_RETURN_IF_ERROR(RunWithId(
      db,
      "UPDATE transitions SET reason = '' WHERE resource IN "
      "(SELECT 'proposals/' || id FROM proposals WHERE request_id = ?1 AND placement_id IS NULL)",
      request_id));
  return RunWithId(db,
                   "UPDATE proposals SET decline_reason = '', rationale = '' "
                   "WHERE request_id = ?1 AND placement_id IS NULL",
                   request_id);
}

// A cleared home still in inquiry or assessment is closed, a cleared draft withdrawn, each with
// a transition saying why: a record without its people must not go on to the bank or the queue.
// `current` is the record's status (a home) or state (a request) as ClearRecord read it.
absl::Status EndUnfinishedRecord(storage::Db& db, Call& call, const DueRecord& record,
                                 int current) {
  const bool is_home = record.collection == "homes";
  std::string_view from;
  std::string_view to;
  int next = 0;
  if (is_home &&
      (current == gfo::v1::HOME_STATUS_INQUIRY || current == gfo::v1::HOME_STATUS_ASSESSMENT)) {
    next = gfo::v1::HOME_STATUS_CLOSED;
    from = HomeStatusName(static_cast<gfo::v1::HomeStatus>(current));
    to = HomeStatusName(static_cast<gfo::v1::HomeStatus>(next));
  } else if (!is_home && current == gfo::v1::REQUEST_STATE_DRAFT) {
    next = gfo::v1::REQUEST_STATE_WITHDRAWN;
    from = RequestStateName(static_cast<gfo::v1::RequestState>(current));
    to = RequestStateName(static_cast<gfo::v1::RequestState>(next));
  } else {
    return absl::OkStatus();
  }
  GFO_ASSIGN_OR_RETURN(storage::Statement * move,
                       db.Prepare(is_home ? "UPDATE homes SET status = ?1 WHERE id = ?2"
                                          : "UPDATE requests SET state = ?1 WHERE id = ?2"));
  move->Bind(1, next).Bind(2, record.id);
  GFO_RETURN_IF_ERROR(move->Run());
  return RecordTransition(db, call, NameOf(record), from, to,
                          "personal data cleared under retention (16 kap. socialtjänstlagen)");
}

// Clears one record inside the write transaction.
absl::Status ClearRecord(storage::Db& db, Call& call, const DueRecord& record) {
  const bool is_home = record.collection == "homes";
  GFO_ASSIGN_OR_RETURN(storage::Statement * select,
                       db.Prepare(is_home ? "SELECT proto, status FROM homes WHERE id = ?"
                                          : "SELECT proto, state FROM requests WHERE id = ?"));
  select->Bind(1, record.id);
  GFO_ASSIGN_OR_RETURN(bool found, select->Step());
  std::string blob = found ? select->ColumnBlob(0) : std::string();
  const int current = found ? static_cast<int>(select->ColumnInt(1)) : 0;
  select->Reset();
  if (!found) return errors::NotFound(NameOf(record));
  std::string cleared;
  if (is_home) {
    gfo::v1::Home home;
    if (!home.ParseFromString(blob)) {
      return errors::DataLoss(absl::StrCat(NameOf(record), ": stored record is unreadable"));
    }
    ClearHomePersonalData(home);
    cleared = home.SerializeAsString();
  } else {
    gfo::v1::PlacementRequest request;
    if (!request.ParseFromString(blob)) {
      return errors::DataLoss(absl::StrCat(NameOf(record), ": stored record is unreadable"));
    }
    ClearRequestPersonalData(request);
    cleared = request.SerializeAsString();
  }
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * update,
      db.Prepare(is_home
                     ? "UPDATE homes SET proto = ?, cleared = 1, version = version + 1 WHERE id = ?"
                     : "UPDATE requests SET proto = ?, cleared = 1, version = version + 1 "
                       "WHERE id = ?"));
  update->BindBlob(1, cleared).Bind(2, record.id);
  GFO_RETURN_IF_ERROR(update->Run());
  // The record's history keeps its states, actors and times; the reasons given go, being free
  // text about the family or the child (why a home closed, why a request was withdrawn).
  GFO_ASSIGN_OR_RETURN(storage::Statement * history,
                       db.Prepare("UPDATE transitions SET reason = '' WHERE resource = ?"));
  history->Bind(1, NameOf(record));
  GFO_RETURN_IF_ERROR(history->Run());
  if (!is_home) GFO_RETURN_IF_ERROR(ClearUnplacedProposalTexts(db, record.id));
  GFO_RETURN_IF_ERROR(EndUnfinishedRecord(db, call, record, current));
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * log,
      db.Prepare("INSERT INTO retention_log(resource, cleared_time, cleared_by) VALUES (?,?,?)"));
  log->Bind(1, NameOf(record))
      .Bind(2, ToMicros(call.now()))
      .Bind(3, std::string_view(call.principal().account));
  GFO_RETURN_IF_ERROR(log->Run());
  if (is_home) call.TouchHome(record.id);
  return absl::OkStatus();
}

}  // namespace

int32_t ClearAfterDay(int32_t last_entry_day) {
  const absl::CivilDay day = CivilDayFromNumber(last_entry_day);
  return DayNumberFromCivilDay(
      absl::CivilDay(day.year() + kOrdinaryRetentionYears, day.month(), day.day()));
}

void ClearHomePersonalData(gfo::v1::Home& home) {
  home.clear_adults();
  home.clear_address();
  home.clear_background();
  home.clear_location();
  home.clear_own_children_birth_years();
  home.clear_close_reason();
}

void ClearRequestPersonalData(gfo::v1::PlacementRequest& request) {
  for (gfo::v1::Child& child : *request.mutable_children()) child.Clear();
  request.clear_case_reference();
  request.clear_child_place();
  request.clear_child_place_description();
  request.clear_excluded_municipality_codes();
  request.clear_risk_locations();
  request.clear_max_distance_km();
  request.clear_language_wish();
  request.clear_culture_wish();
  request.mutable_network_examination()->clear_note();
}

absl::Status Report(Call& call, const gfo::v1::GetRetentionReportRequest& request,
                    gfo::v1::GetRetentionReportResponse* out) {
  GFO_ASSIGN_OR_RETURN(int32_t as_of, AsOfDay(request.as_of(), CivilDayNumber(call.now())));
  return call.Read([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(gfo::v1::LegalReference ref, RetentionReference(db));
    GFO_ASSIGN_OR_RETURN(std::vector<DueRecord> due, DueRecords(db, as_of));
    for (const DueRecord& r : due) {
      gfo::v1::RetentionItem* item = out->add_items();
      item->set_resource(NameOf(r));
      item->set_retention_class(gfo::v1::RETENTION_CLASS_ORDINARY);
      *item->mutable_last_entry_date() = validation::DateFromDayNumber(r.last_entry_day);
      *item->mutable_clear_after_date() =
          validation::DateFromDayNumber(ClearAfterDay(r.last_entry_day));
      *item->mutable_legal_reference() = ref;
    }
    return absl::OkStatus();
  });
}

absl::Status Apply(Call& call, const gfo::v1::ApplyRetentionRequest& request,
                   gfo::v1::ApplyRetentionResponse* out) {
  const int32_t today = CivilDayNumber(call.now());
  GFO_ASSIGN_OR_RETURN(int32_t as_of, AsOfDay(request.as_of(), today));
  if (as_of > today) {
    return errors::InvalidArgument("as_of", "must not be after today");
  }
  GFO_RETURN_IF_ERROR(
      validation::ValidateCount(request.resources_size(), kMaxNamedResources, "resources"));
  // The named records, checked for form before the transaction; each is on the call's audit
  // event once its form is known (a name that is not a resource name never is).
  std::vector<NamedRecord> named;
  for (int i = 0; i < request.resources_size(); ++i) {
    const std::string& name = request.resources(i);
    const std::string field = absl::StrCat("resources[", i, "]");
    if (absl::StartsWith(name, "placements/")) {
      GFO_ASSIGN_OR_RETURN(const int64_t placement,
                           validation::ParseResourceName(name, "placements", field));
      call.AddResource(validation::FormatResourceName("placements", placement));
      return errors::FailedPrecondition(absl::StrCat(
          name, ": placement documents are never cleared (16 kap. 2 § socialtjänstlagen)"));
    }
    const std::string collection = absl::StartsWith(name, "homes/") ? "homes" : "requests";
    if (!absl::StartsWith(name, "homes/") && !absl::StartsWith(name, "requests/")) {
      return errors::InvalidArgument(field, "must name homes/{id} or requests/{id}");
    }
    GFO_ASSIGN_OR_RETURN(int64_t id, validation::ParseResourceName(name, collection, field));
    named.push_back({collection, id, absl::StrCat(collection, "/", id)});
    call.AddResource(named.back().name);
  }
  std::vector<std::string> cleared;
  GFO_RETURN_IF_ERROR(call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(std::vector<DueRecord> due, DueRecords(db, as_of));
    std::vector<const DueRecord*> chosen;
    if (named.empty()) {
      for (const DueRecord& r : due) chosen.push_back(&r);
    } else {
      absl::flat_hash_set<std::string> seen;
      for (const NamedRecord& record : named) {
        if (!seen.insert(record.name).second) continue;
        const DueRecord* match = nullptr;
        for (const DueRecord& r : due) {
          if (NameOf(r) == record.name) match = &r;
        }
        if (match == nullptr) return WhyNotDue(db, record);
        chosen.push_back(match);
      }
    }
    for (const DueRecord* r : chosen) {
      call.AddResource(NameOf(*r));
      GFO_RETURN_IF_ERROR(ClearRecord(db, call, *r));
      cleared.push_back(NameOf(*r));
    }
    return absl::OkStatus();
  }));
  for (std::string& name : cleared) out->add_cleared(std::move(name));
  return absl::OkStatus();
}

}  // namespace gfo::retention
