#include "service/municipalities.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/status_macros.h"
#include "service/storage/rows.h"
#include "service/validation/common_validation.h"
#include "service/validation/municipality_validation.h"

namespace gfo::municipalities {
namespace {

struct Period {
  int64_t id = 0;
  int32_t start_day = 0;
  std::optional<int32_t> end_day;
};

std::string NameOf(int32_t code) { return absl::StrCat("municipalities/", code); }

absl::StatusOr<std::vector<Period>> LoadPeriods(storage::Db& db, int32_t code) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT id, start_day, end_day FROM memberships "
                                  "WHERE municipality_code = ? ORDER BY start_day, id"));
  stmt->Bind(1, code);
  std::vector<Period> periods;
  GFO_RETURN_IF_ERROR(storage::AppendRows<Period>(
      *stmt,
      [](const storage::Statement& row) {
        Period p;
        p.id = row.ColumnInt(0);
        p.start_day = static_cast<int32_t>(row.ColumnInt(1));
        if (auto end = row.ColumnOptionalInt(2)) p.end_day = static_cast<int32_t>(*end);
        return p;
      },
      &periods));
  return periods;
}

// service/membership_sql.h GFO_MEMBERSHIP_COVERS, for a period already read.
bool Covers(const Period& p, int32_t day) {
  return p.start_day <= day && (!p.end_day.has_value() || day < *p.end_day);
}

// Fills `out` from one municipalities row (code, display_name, latitude, longitude).
void FillBasics(const storage::Statement& row, gfo::v1::Municipality* out) {
  const int32_t code = static_cast<int32_t>(row.ColumnInt(0));
  out->set_name(NameOf(code));
  out->set_code(code);
  out->set_display_name(row.ColumnText(1));
  out->mutable_location()->set_latitude(row.ColumnDouble(2));
  out->mutable_location()->set_longitude(row.ColumnDouble(3));
}

absl::Status FillPeriods(storage::Db& db, int32_t today_day, gfo::v1::Municipality* out) {
  GFO_ASSIGN_OR_RETURN(std::vector<Period> periods, LoadPeriods(db, out->code()));
  bool member = false;
  for (const Period& p : periods) {
    gfo::v1::Membership* m = out->add_memberships();
    *m->mutable_start_date() = validation::DateFromDayNumber(p.start_day);
    if (p.end_day.has_value()) *m->mutable_end_date() = validation::DateFromDayNumber(*p.end_day);
    member = member || Covers(p, today_day);
  }
  out->set_current_member(member);
  return absl::OkStatus();
}

int32_t Today(const Call& call) { return CivilDayNumber(call.now()); }

}  // namespace

absl::StatusOr<bool> IsMember(storage::Db& db, int32_t municipality_code, int32_t day) {
  GFO_ASSIGN_OR_RETURN(std::vector<Period> periods, LoadPeriods(db, municipality_code));
  for (const Period& p : periods) {
    if (Covers(p, day)) return true;
  }
  return false;
}

absl::StatusOr<gfo::v1::Municipality> LoadMunicipality(storage::Db& db, int32_t code,
                                                       int32_t today_day) {
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare("SELECT code, display_name, latitude, longitude FROM municipalities "
                 "WHERE code = ?"));
  stmt->Bind(1, code);
  GFO_ASSIGN_OR_RETURN(bool found, stmt->Step());
  gfo::v1::Municipality municipality;
  if (found) FillBasics(*stmt, &municipality);
  stmt->Reset();
  if (!found) return errors::NotFound(NameOf(code));
  GFO_RETURN_IF_ERROR(FillPeriods(db, today_day, &municipality));
  return municipality;
}

absl::Status List(Call& call, const gfo::v1::ListMunicipalitiesRequest& /*request*/,
                  gfo::v1::ListMunicipalitiesResponse* out) {
  const int32_t today = Today(call);
  return call.Read([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare("SELECT code, display_name, latitude, longitude FROM municipalities "
                   "ORDER BY code"));
    GFO_RETURN_IF_ERROR(storage::ForEachRow(*stmt, [&](const storage::Statement& row) {
      FillBasics(row, out->add_municipalities());
      return absl::OkStatus();
    }));
    for (gfo::v1::Municipality& m : *out->mutable_municipalities()) {
      GFO_RETURN_IF_ERROR(FillPeriods(db, today, &m));
    }
    return absl::OkStatus();
  });
}

absl::Status Get(Call& call, const gfo::v1::GetMunicipalityRequest& request,
                 gfo::v1::Municipality* out) {
  GFO_ASSIGN_OR_RETURN(int32_t code, validation::ParseMunicipalityName(request.name(), "name"));
  call.AddResource(NameOf(code));
  const int32_t today = Today(call);
  return call.ReadRecorded([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(*out, LoadMunicipality(db, code, today));
    return absl::OkStatus();
  });
}

absl::Status Create(Call& call, const gfo::v1::CreateMunicipalityRequest& request,
                    gfo::v1::Municipality* out) {
  const gfo::v1::Municipality& m = request.municipality();
  if (m.code() != 0) call.AddResource(NameOf(m.code()));
  GFO_RETURN_IF_ERROR(validation::ValidateMunicipalityForCreate(m));
  const int32_t today = Today(call);
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(storage::Statement * exists,
                         db.Prepare("SELECT 1 FROM municipalities WHERE code = ?"));
    exists->Bind(1, m.code());
    GFO_ASSIGN_OR_RETURN(bool found, exists->Step());
    exists->Reset();
    if (found) return errors::AlreadyExists(NameOf(m.code()));
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * insert,
        db.Prepare("INSERT INTO municipalities(code, display_name, latitude, longitude) "
                   "VALUES (?,?,?,?)"));
    insert->Bind(1, m.code())
        .Bind(2, std::string_view(m.display_name()))
        .Bind(3, m.location().latitude())
        .Bind(4, m.location().longitude());
    GFO_RETURN_IF_ERROR(insert->Run());
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * period,
        db.Prepare("INSERT INTO memberships(municipality_code, start_day, end_day) "
                   "VALUES (?,?,?)"));
    for (const gfo::v1::Membership& membership : m.memberships()) {
      GFO_ASSIGN_OR_RETURN(int32_t start,
                           validation::DayNumberFromDate(membership.start_date(), "start_date"));
      std::optional<int64_t> end;
      if (validation::IsDateSet(membership.end_date())) {
        GFO_ASSIGN_OR_RETURN(end, validation::DayNumberFromDate(membership.end_date(), "end_date"));
      }
      period->Bind(1, m.code()).Bind(2, start).Bind(3, end);
      GFO_RETURN_IF_ERROR(period->Run());
    }
    GFO_ASSIGN_OR_RETURN(*out, LoadMunicipality(db, m.code(), today));
    return absl::OkStatus();
  });
}

absl::Status Join(Call& call, const gfo::v1::JoinGfoRequest& request, gfo::v1::Municipality* out) {
  const int32_t today = Today(call);
  GFO_ASSIGN_OR_RETURN(validation::MembershipChange change,
                       validation::ValidateJoinGfo(request, today));
  const std::string name = NameOf(change.municipality_code);
  call.AddResource(name);
  const int32_t start = change.day.value_or(today);
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(LoadMunicipality(db, change.municipality_code, today));
    GFO_ASSIGN_OR_RETURN(std::vector<Period> periods, LoadPeriods(db, change.municipality_code));
    if (!periods.empty()) {
      const Period& last = periods.back();
      if (!last.end_day.has_value()) {
        return errors::FailedPrecondition(
            absl::StrCat(name, ": already a member (a membership period is open)"));
      }
      if (start < *last.end_day) {
        return errors::FailedPrecondition(
            absl::StrCat(name, ": start_date must not be before the end of the last membership"));
      }
    }
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * insert,
        db.Prepare("INSERT INTO memberships(municipality_code, start_day, end_day) "
                   "VALUES (?,?,NULL)"));
    insert->Bind(1, change.municipality_code).Bind(2, start);
    GFO_RETURN_IF_ERROR(insert->Run());
    GFO_RETURN_IF_ERROR(RecordTransition(db, call, name, "non_member", "member", call.reason()));
    GFO_ASSIGN_OR_RETURN(*out, LoadMunicipality(db, change.municipality_code, today));
    return absl::OkStatus();
  });
}

absl::Status Leave(Call& call, const gfo::v1::LeaveGfoRequest& request,
                   gfo::v1::Municipality* out) {
  const int32_t today = Today(call);
  GFO_ASSIGN_OR_RETURN(validation::MembershipChange change,
                       validation::ValidateLeaveGfo(request, today));
  const std::string name = NameOf(change.municipality_code);
  call.AddResource(name);
  const int32_t end = change.day.value_or(today);
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(LoadMunicipality(db, change.municipality_code, today));
    GFO_ASSIGN_OR_RETURN(std::vector<Period> periods, LoadPeriods(db, change.municipality_code));
    if (periods.empty() || periods.back().end_day.has_value()) {
      return errors::FailedPrecondition(
          absl::StrCat(name, ": not a member (no membership period is open)"));
    }
    const Period& open = periods.back();
    if (end < open.start_day) {
      return errors::FailedPrecondition(
          absl::StrCat(name, ": end_date must not be before the membership's start"));
    }
    GFO_ASSIGN_OR_RETURN(storage::Statement * update,
                         db.Prepare("UPDATE memberships SET end_day = ? WHERE id = ?"));
    update->Bind(1, end).Bind(2, open.id);
    GFO_RETURN_IF_ERROR(update->Run());
    GFO_RETURN_IF_ERROR(
        RecordTransition(db, call, name, "member", "non_member",
                         request.reason().empty() ? call.reason() : request.reason()));
    GFO_ASSIGN_OR_RETURN(*out, LoadMunicipality(db, change.municipality_code, today));
    return absl::OkStatus();
  });
}

}  // namespace gfo::municipalities
