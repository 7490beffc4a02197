#include "service/proposals.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "matcher/geo.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/homes.h"
#include "service/placements.h"
#include "service/requests.h"
#include "service/status_macros.h"
#include "service/validation/common_validation.h"
#include "service/validation/page_token.h"
#include "service/validation/workflow_validation.h"
#include "service/workflow_common.h"

namespace gfo {

using gfo::v1::Proposal;
using gfo::v1::ProposalState;
using google::protobuf::util::TimeUtil;

namespace {

constexpr char kSystemActor[] = "system";

std::string ProposalName(int64_t id) { return validation::FormatResourceName("proposals", id); }
std::string RequestName(int64_t id) { return validation::FormatResourceName("requests", id); }
std::string HomeName(int64_t id) { return validation::FormatResourceName("homes", id); }

// A proposal's state as it counts at ?1 (micros): a pending one past its expire time is expired.
#define GFO_EFFECTIVE_PROPOSAL_STATE \
  "(CASE WHEN p.state = 1 AND p.expire_time <= ?1 THEN 5 ELSE p.state END)"

// The columns every proposal query returns, in this order (RowFromStatement reads them).
#define GFO_PROPOSAL_COLUMNS                                                                 \
  "p.id, p.request_id, p.home_id, p.municipality_code, p.children, p.state, p.create_time, " \
  "p.expire_time, p.decide_time, p.decline_reason, p.rationale, "                            \
  "p.placement_id, " GFO_EFFECTIVE_PROPOSAL_STATE

struct ProposalRow {
  int64_t id = 0;
  int64_t request_id = 0;
  int64_t home_id = 0;
  int32_t municipality_code = 0;
  int32_t children = 0;
  ProposalState stored_state = gfo::v1::PROPOSAL_STATE_UNSPECIFIED;
  ProposalState state = gfo::v1::PROPOSAL_STATE_UNSPECIFIED;  // as it counts now
  int64_t create_time = 0;
  int64_t expire_time = 0;
  std::optional<int64_t> decide_time;
  std::string decline_reason;
  std::string rationale;
  std::optional<int64_t> placement_id;
};

ProposalRow RowFromStatement(const storage::Statement& s) {
  ProposalRow row;
  row.id = s.ColumnInt(0);
  row.request_id = s.ColumnInt(1);
  row.home_id = s.ColumnInt(2);
  row.municipality_code = static_cast<int32_t>(s.ColumnInt(3));
  row.children = static_cast<int32_t>(s.ColumnInt(4));
  row.stored_state = static_cast<ProposalState>(s.ColumnInt(5));
  row.create_time = s.ColumnInt(6);
  row.expire_time = s.ColumnInt(7);
  row.decide_time = s.ColumnOptionalInt(8);
  row.decline_reason = s.ColumnText(9);
  row.rationale = s.ColumnText(10);
  row.placement_id = s.ColumnOptionalInt(11);
  row.state = static_cast<ProposalState>(s.ColumnInt(12));
  return row;
}

absl::StatusOr<ProposalRow> LoadProposalRow(storage::Db& db, int64_t id, absl::Time now) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare("SELECT " GFO_PROPOSAL_COLUMNS
                                                             " FROM proposals p WHERE p.id = ?2"));
  stmt->Bind(1, ToMicros(now)).Bind(2, id);
  return ReadOneRow(*stmt, ProposalName(id), RowFromStatement);
}

// Inserts a transition whose actor is the system itself (an expiry nobody acted on).
absl::Status RecordSystemTransition(storage::Db& db, std::string_view resource,
                                    std::string_view from, std::string_view to,
                                    std::string_view reason, int64_t time_micros) {
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare("INSERT INTO transitions(resource, from_state, to_state, reason, actor, time) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  stmt->Bind(1, resource)
      .Bind(2, from)
      .Bind(3, to)
      .Bind(4, reason)
      .Bind(5, kSystemActor)
      .Bind(6, time_micros);
  return stmt->Run();
}

// The municipalities with an active placement in `home_id`.
absl::StatusOr<std::vector<int32_t>> PlacingMunicipalities(storage::Db& db, int64_t home_id) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT DISTINCT municipality_code FROM placements "
                                  "WHERE home_id = ?1 AND state = ?2"));
  stmt->Bind(1, home_id).Bind(2, static_cast<int>(gfo::v1::PLACEMENT_STATE_ACTIVE));
  std::vector<int32_t> codes;
  GFO_RETURN_IF_ERROR(AppendRows(
      *stmt, [](const storage::Statement& row) { return static_cast<int32_t>(row.ColumnInt(0)); },
      &codes));
  return codes;
}

// The municipalities to consult before `row`'s request accepts its home, as of `now`.
absl::StatusOr<std::vector<int32_t>> RequiredFor(storage::Db& db, const ProposalRow& row,
                                                 absl::Time now) {
  GFO_ASSIGN_OR_RETURN(HomeCapacity home, LoadHomeCapacity(db, row.home_id, now));
  GFO_ASSIGN_OR_RETURN(std::vector<int32_t> placing, PlacingMunicipalities(db, row.home_id));
  return RequiredConsultations(row.municipality_code, home.municipality_code, placing);
}

absl::Status ReadConsultations(storage::Db& db, int64_t proposal_id, Proposal* out) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT municipality_code, day, outcome, recorded_by, "
                                  "record_time FROM consultations WHERE proposal_id = ?1 "
                                  "ORDER BY id"));
  stmt->Bind(1, proposal_id);
  return ForEachRow(*stmt, [out](const storage::Statement& row) {
    gfo::v1::Consultation* c = out->add_consultations();
    c->set_municipality_code(static_cast<int32_t>(row.ColumnInt(0)));
    *c->mutable_date() = validation::DateFromDayNumber(static_cast<int32_t>(row.ColumnInt(1)));
    c->set_outcome(row.ColumnText(2));
    c->set_recorded_by(row.ColumnText(3));
    *c->mutable_record_time() = TimeUtil::MicrosecondsToTimestamp(row.ColumnInt(4));
    return absl::OkStatus();
  });
}

// Fills `out` with what the caller may see of `row` as of call.now().
absl::Status FillProposal(storage::Db& db, const Call& call, const ProposalRow& row,
                          Proposal* out) {
  out->Clear();
  out->set_name(ProposalName(row.id));
  out->set_request(RequestName(row.request_id));
  out->set_state(row.state);
  out->set_municipality_code(row.municipality_code);
  out->set_children(row.children);
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.create_time);
  *out->mutable_expire_time() = TimeUtil::MicrosecondsToTimestamp(row.expire_time);
  if (row.decide_time.has_value()) {
    *out->mutable_decide_time() = TimeUtil::MicrosecondsToTimestamp(*row.decide_time);
  }
  out->set_decline_reason(row.decline_reason);
  out->set_rationale(row.rationale);
  if (row.placement_id.has_value()) {
    out->set_placement(validation::FormatResourceName("placements", *row.placement_id));
  }
  const bool sees_home = !call.is_case_worker() || row.state == gfo::v1::PROPOSAL_STATE_ACCEPTED;
  if (sees_home) out->set_home(HomeName(row.home_id));

  GFO_ASSIGN_OR_RETURN(gfo::v1::Home home, LoadHome(db, row.home_id, call.now()));
  gfo::v1::HomeProfile profile = ToProfile(home);
  if (!sees_home) profile.clear_home();
  GFO_ASSIGN_OR_RETURN(StoredRequest request, LoadRequest(db, row.request_id, call.now()));
  if (request.request.has_child_place() && home.has_location() && !home.protected_identity()) {
    profile.set_distance_km(matcher::HaversineKm(
        matcher::GeoPoint{request.request.child_place().latitude(),
                          request.request.child_place().longitude()},
        matcher::GeoPoint{home.location().latitude(), home.location().longitude()}));
  }
  *out->mutable_home_profile() = std::move(profile);

  if (row.state == gfo::v1::PROPOSAL_STATE_PENDING) {
    GFO_ASSIGN_OR_RETURN(std::vector<int32_t> required, RequiredFor(db, row, call.now()));
    for (int32_t code : required) out->add_required_consultations(code);
  }
  return ReadConsultations(db, row.id, out);
}

absl::Status Output(storage::Db& db, const Call& call, int64_t id, Proposal* out) {
  GFO_ASSIGN_OR_RETURN(ProposalRow row, LoadProposalRow(db, id, call.now()));
  return FillProposal(db, call, row, out);
}

// Moves a live pending proposal to `to` (declined or withdrawn), frees its hold and sends its
// request back to submitted.
absl::Status Close(storage::Db& db, Call& call, const ProposalRow& row, ProposalState to,
                   std::string_view reason) {
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare("UPDATE proposals SET state = ?1, decide_time = ?2, decline_reason = ?3 "
                 "WHERE id = ?4"));
  stmt->Bind(1, static_cast<int>(to))
      .Bind(2, ToMicros(call.now()))
      .Bind(3, to == gfo::v1::PROPOSAL_STATE_DECLINED ? reason : std::string_view(""))
      .Bind(4, row.id);
  GFO_RETURN_IF_ERROR(stmt->Run());
  GFO_RETURN_IF_ERROR(RecordTransition(db, call, ProposalName(row.id),
                                       ProposalStateName(gfo::v1::PROPOSAL_STATE_PENDING),
                                       ProposalStateName(to), reason));
  GFO_RETURN_IF_ERROR(MoveRequest(
      db, call, row.request_id, gfo::v1::REQUEST_STATE_PROPOSED, gfo::v1::REQUEST_STATE_SUBMITTED,
      absl::StrCat(ProposalName(row.id), " ", std::string(ProposalStateName(to)), ": ",
                   std::string(reason))));
  call.TouchHome(row.home_id);
  return absl::OkStatus();
}

// Runs `change` on proposal `id` in one workflow write (ChangeInWrite), then puts the proposal as
// it is after the change in `out`. With `name_request`, the proposal's request is named among the
// call's resources as soon as it is loaded, before the municipality check.
absl::Status ChangeProposal(
    Call& call, int64_t id, bool name_request,
    absl::FunctionRef<absl::Status(storage::Db&, const ProposalRow&)> change, Proposal* out) {
  return ChangeInWrite<ProposalRow>(
      call, ProposalName(id),
      [&](storage::Db& db) -> absl::StatusOr<ProposalRow> {
        GFO_ASSIGN_OR_RETURN(ProposalRow row, LoadProposalRow(db, id, call.now()));
        if (name_request) call.AddResource(RequestName(row.request_id));
        return row;
      },
      [&](storage::Db& db, const ProposalRow& row) -> absl::Status {
        GFO_RETURN_IF_ERROR(change(db, row));
        return Output(db, call, id, out);
      });
}

std::string KindName(gfo::v1::PlacementKind kind) {
  std::string name = gfo::v1::PlacementKind_Name(kind);
  constexpr std::string_view kPrefix = "PLACEMENT_KIND_";
  if (name.rfind(kPrefix, 0) == 0) name = name.substr(kPrefix.size());
  return absl::AsciiStrToLower(name);
}

absl::StatusOr<std::string> NameMunicipalities(storage::Db& db, const std::vector<int32_t>& codes) {
  std::vector<std::string> parts;
  for (int32_t code : codes) {
    GFO_ASSIGN_OR_RETURN(std::string display, MunicipalityDisplayName(db, code));
    parts.push_back(absl::StrCat("municipalities/", code, " (", display, ")"));
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

std::string_view ProposalStateName(ProposalState state) {
  switch (state) {
    case gfo::v1::PROPOSAL_STATE_PENDING:
      return "pending";
    case gfo::v1::PROPOSAL_STATE_ACCEPTED:
      return "accepted";
    case gfo::v1::PROPOSAL_STATE_DECLINED:
      return "declined";
    case gfo::v1::PROPOSAL_STATE_WITHDRAWN:
      return "withdrawn";
    case gfo::v1::PROPOSAL_STATE_EXPIRED:
      return "expired";
    default:
      return "unspecified";
  }
}

std::vector<int32_t> RequiredConsultations(int32_t requesting_municipality,
                                           int32_t home_municipality,
                                           absl::Span<const int32_t> placing_municipalities) {
  std::vector<int32_t> codes;
  // 22 kap. 6 §: the duty arises when the home lies in another municipality.
  if (home_municipality == requesting_municipality) return codes;
  codes.push_back(home_municipality);
  for (int32_t code : placing_municipalities) {
    if (code != requesting_municipality) codes.push_back(code);
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

absl::Status ExpireDue(storage::Db& db, Call& call) {
  struct Expired {
    int64_t id, request_id, home_id, expire_time;
  };
  std::vector<Expired> expired;
  {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                         db.Prepare("SELECT id, request_id, home_id, expire_time FROM proposals "
                                    "WHERE state = ?1 AND expire_time <= ?2 "
                                    "ORDER BY expire_time, id"));
    stmt->Bind(1, static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING)).Bind(2, ToMicros(call.now()));
    GFO_RETURN_IF_ERROR(AppendRows(
        *stmt,
        [](const storage::Statement& row) {
          return Expired{row.ColumnInt(0), row.ColumnInt(1), row.ColumnInt(2), row.ColumnInt(3)};
        },
        &expired));
  }
  for (const Expired& e : expired) {
    GFO_ASSIGN_OR_RETURN(storage::Statement * update,
                         db.Prepare("UPDATE proposals SET state = ?1 WHERE id = ?2"));
    update->Bind(1, static_cast<int>(gfo::v1::PROPOSAL_STATE_EXPIRED)).Bind(2, e.id);
    GFO_RETURN_IF_ERROR(update->Run());
    GFO_RETURN_IF_ERROR(RecordSystemTransition(
        db, ProposalName(e.id), ProposalStateName(gfo::v1::PROPOSAL_STATE_PENDING),
        ProposalStateName(gfo::v1::PROPOSAL_STATE_EXPIRED), "hold expired", e.expire_time));
    GFO_ASSIGN_OR_RETURN(storage::Statement * request,
                         db.Prepare("UPDATE requests SET state = ?1 WHERE id = ?2 AND state = ?3"));
    request->Bind(1, static_cast<int>(gfo::v1::REQUEST_STATE_SUBMITTED))
        .Bind(2, e.request_id)
        .Bind(3, static_cast<int>(gfo::v1::REQUEST_STATE_PROPOSED));
    GFO_RETURN_IF_ERROR(request->Run());
    if (db.Changes() > 0) {
      GFO_RETURN_IF_ERROR(RecordSystemTransition(
          db, RequestName(e.request_id), RequestStateName(gfo::v1::REQUEST_STATE_PROPOSED),
          RequestStateName(gfo::v1::REQUEST_STATE_SUBMITTED),
          absl::StrCat(ProposalName(e.id), ": hold expired"), e.expire_time));
    }
    call.TouchHome(e.home_id);
  }
  return absl::OkStatus();
}

absl::Status WithdrawPendingProposalOf(storage::Db& db, Call& call, int64_t request_id,
                                       std::string_view reason) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT id, home_id FROM proposals WHERE request_id = ?1 AND "
                                  "state = ?2 AND expire_time > ?3"));
  stmt->Bind(1, request_id)
      .Bind(2, static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING))
      .Bind(3, ToMicros(call.now()));
  std::vector<std::pair<int64_t, int64_t>> pending;
  GFO_RETURN_IF_ERROR(AppendRows(
      *stmt,
      [](const storage::Statement& row) {
        return std::pair<int64_t, int64_t>(row.ColumnInt(0), row.ColumnInt(1));
      },
      &pending));
  for (const auto& [id, home_id] : pending) {
    GFO_ASSIGN_OR_RETURN(storage::Statement * update,
                         db.Prepare("UPDATE proposals SET state = ?1, decide_time = ?2 "
                                    "WHERE id = ?3"));
    update->Bind(1, static_cast<int>(gfo::v1::PROPOSAL_STATE_WITHDRAWN))
        .Bind(2, ToMicros(call.now()))
        .Bind(3, id);
    GFO_RETURN_IF_ERROR(update->Run());
    call.AddResource(ProposalName(id));
    GFO_RETURN_IF_ERROR(RecordTransition(
        db, call, ProposalName(id), ProposalStateName(gfo::v1::PROPOSAL_STATE_PENDING),
        ProposalStateName(gfo::v1::PROPOSAL_STATE_WITHDRAWN), reason));
    call.TouchHome(home_id);
  }
  return absl::OkStatus();
}

absl::Status AppendUnrecordedExpiry(
    storage::Db& db, int64_t request_id, absl::Time now,
    google::protobuf::RepeatedPtrField<gfo::v1::StateTransition>* out) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT p.id, p.expire_time FROM proposals p JOIN requests r "
                                  "ON r.id = p.request_id WHERE p.request_id = ?1 AND "
                                  "p.state = ?2 AND p.expire_time <= ?3 AND r.state = ?4"));
  stmt->Bind(1, request_id)
      .Bind(2, static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING))
      .Bind(3, ToMicros(now))
      .Bind(4, static_cast<int>(gfo::v1::REQUEST_STATE_PROPOSED));
  return ForEachRow(*stmt, [out](const storage::Statement& row) {
    gfo::v1::StateTransition* t = out->Add();
    t->set_from_state(std::string(RequestStateName(gfo::v1::REQUEST_STATE_PROPOSED)));
    t->set_to_state(std::string(RequestStateName(gfo::v1::REQUEST_STATE_SUBMITTED)));
    t->set_reason(absl::StrCat(ProposalName(row.ColumnInt(0)), ": hold expired"));
    t->set_actor(kSystemActor);
    *t->mutable_time() = TimeUtil::MicrosecondsToTimestamp(row.ColumnInt(1));
    return absl::OkStatus();
  });
}

namespace {

// How a group of siblings that may live apart (together preferred) gets into a home with room for
// some of them: the ranking lists such homes (it scores the part of the group they take), but a
// proposal places the whole request. A refusal for room ends with this when the home has `seats`
// (at least one) for the request; empty for one child, a group that must stay together, or a home
// with no seat, which the ranking leaves out too.
std::string SplitHint(const gfo::v1::PlacementRequest& request, int32_t seats) {
  if (request.children_size() < 2 || seats < 1 ||
      request.sibling_rule() == gfo::v1::SIBLING_RULE_TOGETHER_REQUIRED) {
    return "";
  }
  return "; the siblings may live apart (together preferred): to place some of them here, the "
         "municipality withdraws the request and sends one for each group of children";
}

// The request's safety exclusions, which the ranking applies as hard constraints (DOMAIN.md: the
// home lies in an excluded municipality, or nearer a place of risk than its minimum distance),
// and the home's largest sibling group: a proposal, and its acceptance, must not put the children
// where the ranking would not. The message names the rule, never a distance (the home's address
// may be protected). Checked again at acceptance, since the home may have changed meanwhile.
// `seats`: the seats the home has for this request (SplitHint).
absl::Status CheckHomeFitsRequest(const gfo::v1::Home& home, const std::string& subject,
                                  const gfo::v1::PlacementRequest& request, int32_t seats) {
  const auto& excluded = request.excluded_municipality_codes();
  if (std::find(excluded.begin(), excluded.end(), home.municipality_code()) != excluded.end()) {
    return errors::FailedPrecondition(
        absl::StrCat(subject, ": the home lies in a municipality that the request excludes"));
  }
  if (home.has_location()) {
    const matcher::GeoPoint exact{home.location().latitude(), home.location().longitude()};
    // A protected home is judged as the ranking judges it, by the nearest point of its grid cell
    // (matcher/geo.h): stricter than its exact place, and a refusal then tells no more about the
    // address than the ranking does.
    // Any other home is its own cell, of radius 0.
    const matcher::GridCell cell = home.protected_identity() ? matcher::ProtectedCellOf(exact)
                                                             : matcher::GridCell{.centre = exact};
    for (const gfo::v1::RiskLocation& risk : request.risk_locations()) {
      const matcher::GeoPoint from{risk.location().latitude(), risk.location().longitude()};
      if (risk.min_distance_km() > 0 &&
          matcher::NearestInCellKm(matcher::HaversineKm(from, cell.centre), cell.radius_km) <
              risk.min_distance_km()) {
        return errors::FailedPrecondition(
            absl::StrCat(subject,
                         ": the home is nearer a place of risk named in the request than the "
                         "request's minimum distance"));
      }
    }
  }
  const int children = request.children_size();
  if (children > 1 && home.max_sibling_group() > 0 && home.max_sibling_group() < children) {
    return errors::FailedPrecondition(absl::StrCat(
        subject, ": the home takes sibling groups of at most ", home.max_sibling_group(),
        "; the request has ", children, " children", SplitHint(request, seats)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Proposals::Create(Call& call, const gfo::v1::CreateProposalRequest& req,
                               Proposal* out) {
  GFO_ASSIGN_OR_RETURN(validation::ProposalTarget target,
                       validation::ValidateProposalForCreate(req.proposal()));
  call.AddResource(RequestName(target.request_id));
  call.AddResource(HomeName(target.home_id));
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(ExpireDue(db, call));
    GFO_ASSIGN_OR_RETURN(StoredRequest request, LoadRequest(db, target.request_id, call.now()));
    if (request.state == gfo::v1::REQUEST_STATE_PROPOSED) {
      // Say which proposal stands in the way, not only that the move is illegal.
      GFO_ASSIGN_OR_RETURN(storage::Statement * pending,
                           db.Prepare("SELECT id FROM proposals WHERE request_id = ?1 AND "
                                      "state = ?2 ORDER BY id DESC LIMIT 1"));
      pending->Bind(1, request.id).Bind(2, static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING));
      absl::StatusOr<bool> found = pending->Step();
      const int64_t pending_id = found.ok() && *found ? pending->ColumnInt(0) : 0;
      pending->Reset();
      if (!found.ok()) return found.status();
      return errors::FailedPrecondition(
          absl::StrCat(RequestName(request.id), ": cannot move from proposed to proposed: ",
                       pending_id > 0 ? ProposalName(pending_id) : std::string("a proposal"),
                       " is pending; withdraw it, or wait for the municipality to decide"));
    }
    if (request.state != gfo::v1::REQUEST_STATE_SUBMITTED) {
      return errors::IllegalTransition(RequestName(request.id), RequestStateName(request.state),
                                       RequestStateName(gfo::v1::REQUEST_STATE_PROPOSED));
    }
    GFO_ASSIGN_OR_RETURN(gfo::v1::Home home, LoadHome(db, target.home_id, call.now()));
    const std::string home_name = HomeName(target.home_id);
    if (home.status() != gfo::v1::HOME_STATUS_APPROVED) {
      return errors::FailedPrecondition(absl::StrCat(home_name, ": is ",
                                                     std::string(HomeStatusName(home.status())),
                                                     "; only approved homes can be proposed"));
    }
    const gfo::v1::PlacementKind kind = request.request.kind();
    if (std::find(home.kinds().begin(), home.kinds().end(), kind) == home.kinds().end()) {
      return errors::FailedPrecondition(absl::StrCat(home_name, ": does not offer ", KindName(kind),
                                                     " placements, which the request needs"));
    }
    GFO_RETURN_IF_ERROR(
        CheckHomeFitsRequest(home, home_name, request.request, home.free_capacity()));
    // The check and the hold are written in this one transaction: no other write can take the
    // seats in between (`home`, read in it, counts them as of now).
    const int32_t needed = request.request.children_size();
    if (home.free_capacity() < needed) {
      return errors::FailedPrecondition(absl::StrCat(
          home_name, ": not enough free capacity (", std::max(home.free_capacity(), 0), " free, ",
          needed, " needed)", SplitHint(request.request, home.free_capacity())));
    }
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare("INSERT INTO proposals(request_id, home_id, municipality_code, children, "
                   "state, create_time, expire_time, rationale, created_by) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    stmt->Bind(1, target.request_id)
        .Bind(2, target.home_id)
        .Bind(3, request.municipality_code)
        .Bind(4, needed)
        .Bind(5, static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING))
        .Bind(6, ToMicros(call.now()))
        .Bind(7, ToMicros(call.now() + call.app().config().proposal_hold))
        .Bind(8, std::string_view(req.proposal().rationale()))
        .Bind(9, std::string_view(call.principal().account));
    GFO_RETURN_IF_ERROR(stmt->Run());
    const int64_t id = db.LastInsertRowId();
    call.AddResource(ProposalName(id));
    GFO_RETURN_IF_ERROR(RecordTransition(db, call, ProposalName(id), "",
                                         ProposalStateName(gfo::v1::PROPOSAL_STATE_PENDING),
                                         "proposed"));
    GFO_RETURN_IF_ERROR(MoveRequest(db, call, target.request_id, gfo::v1::REQUEST_STATE_SUBMITTED,
                                    gfo::v1::REQUEST_STATE_PROPOSED, ProposalName(id)));
    call.TouchHome(target.home_id);
    return Output(db, call, id, out);
  });
}

absl::Status Proposals::Get(Call& call, const gfo::v1::GetProposalRequest& req, Proposal* out) {
  GFO_ASSIGN_OR_RETURN(int64_t id, validation::ParseResourceName(req.name(), "proposals", "name"));
  call.AddResource(ProposalName(id));
  return call.ReadRecorded([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(ProposalRow row, LoadProposalRow(db, id, call.now()));
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(row.municipality_code, ProposalName(id)));
    return FillProposal(db, call, row, out);
  });
}

absl::Status Proposals::List(Call& call, const gfo::v1::ListProposalsRequest& req,
                             gfo::v1::ListProposalsResponse* out) {
  GFO_ASSIGN_OR_RETURN(int32_t page_size, validation::ResolvePageSize(req.page_size()));
  GFO_RETURN_IF_ERROR(validation::ValidateOptionalEnum(req.state(), "state"));
  int64_t request_id = 0;
  if (!req.request().empty()) {
    GFO_ASSIGN_OR_RETURN(request_id,
                         validation::ParseResourceName(req.request(), "requests", "request"));
  }
  GFO_ASSIGN_OR_RETURN(ListScope scope,
                       ResolveListScope(call, req, req.municipality_code(), req.page_token()));
  const int64_t after_id = scope.cursor.has_value() ? scope.cursor->after_id : 0;

  return call.Read([&](storage::Db& db) -> absl::Status {
    // ?1 now, ?2 after id, ?3 request (0 = any), ?4 municipality (0 = any), ?5 state, ?6 limit.
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare("SELECT * FROM (SELECT " GFO_PROPOSAL_COLUMNS
                   " AS eff FROM proposals p WHERE p.id > ?2 AND (?3 = 0 OR p.request_id = ?3) "
                   "AND (?4 = 0 OR p.municipality_code = ?4)) WHERE (?5 = 0 OR eff = ?5) "
                   "ORDER BY id LIMIT ?6"));
    stmt->Bind(1, ToMicros(call.now()))
        .Bind(2, after_id)
        .Bind(3, request_id)
        .Bind(4, scope.municipality_code)
        .Bind(5, static_cast<int>(req.state()))
        .Bind(6, page_size + 1);
    std::vector<ProposalRow> rows;
    GFO_RETURN_IF_ERROR(AppendRows(*stmt, RowFromStatement, &rows));
    const bool more = TrimToPage(rows, page_size);
    for (const ProposalRow& row : rows) {
      call.AddResource(ProposalName(row.id));
      GFO_RETURN_IF_ERROR(FillProposal(db, call, row, out->add_proposals()));
    }
    if (more && !rows.empty()) {
      out->set_next_page_token(validation::EncodePageToken(
          {.sort_key = 0, .after_id = rows.back().id}, scope.filter_key));
    }
    return absl::OkStatus();
  });
}

absl::Status Proposals::Accept(Call& call, const gfo::v1::AcceptProposalRequest& req,
                               Proposal* out) {
  const int32_t today = CivilDayNumber(call.now());
  GFO_ASSIGN_OR_RETURN(validation::AcceptProposalInput input,
                       validation::ValidateAcceptProposal(req, today));
  const std::string name = ProposalName(input.proposal_id);
  call.AddResource(name);
  auto change = [&](storage::Db& db, const ProposalRow& row) -> absl::Status {
    if (row.state != gfo::v1::PROPOSAL_STATE_PENDING) {
      return errors::IllegalTransition(name, ProposalStateName(row.state),
                                       ProposalStateName(gfo::v1::PROPOSAL_STATE_ACCEPTED));
    }
    GFO_ASSIGN_OR_RETURN(const gfo::v1::Home home, LoadHome(db, row.home_id, call.now()));
    if (home.status() == gfo::v1::HOME_STATUS_CLOSED) {
      return errors::FailedPrecondition(
          absl::StrCat(name, ": the proposed home has closed; the proposal cannot be accepted"));
    }
    if (home.status() == gfo::v1::HOME_STATUS_PAUSED) {
      // On a break (DOMAIN.md): no child moves in until GFO staff resume the home.
      return errors::FailedPrecondition(absl::StrCat(
          name, ": the proposed home is paused; it can be accepted once the home is resumed"));
    }
    GFO_ASSIGN_OR_RETURN(std::vector<int32_t> required, RequiredFor(db, row, call.now()));
    std::vector<int32_t> missing;
    {
      gfo::v1::Proposal recorded;
      GFO_RETURN_IF_ERROR(ReadConsultations(db, row.id, &recorded));
      for (int32_t code : required) {
        const bool done = std::any_of(
            recorded.consultations().begin(), recorded.consultations().end(),
            [code](const gfo::v1::Consultation& c) { return c.municipality_code() == code; });
        if (!done) missing.push_back(code);
      }
    }
    if (!missing.empty()) {
      GFO_ASSIGN_OR_RETURN(std::string who, NameMunicipalities(db, missing));
      GFO_ASSIGN_OR_RETURN(gfo::v1::LegalReference law, LoadLegalReference(db, "consultation"));
      return errors::FailedPrecondition(
          absl::StrCat(name, ": consult ", who, " and record each consultation before accepting (",
                       FormatLegalReference(law), ")"));
    }
    GFO_ASSIGN_OR_RETURN(StoredRequest request, LoadRequest(db, row.request_id, call.now()));
    // The proposal holds seats for the whole group.
    GFO_RETURN_IF_ERROR(
        CheckHomeFitsRequest(home, name, request.request, request.request.children_size()));
    int32_t start_day = today;
    if (input.start_day.has_value()) {
      start_day = *input.start_day;
    } else if (validation::IsDateSet(request.request.wanted_start_date())) {
      GFO_ASSIGN_OR_RETURN(int32_t wanted,
                           validation::DayNumberFromDate(request.request.wanted_start_date(),
                                                         "request.wanted_start_date"));
      start_day = std::max(wanted, today);
    }
    GFO_ASSIGN_OR_RETURN(int64_t placement_id,
                         InsertPlacement(db, call,
                                         NewPlacement{.request_id = row.request_id,
                                                      .home_id = row.home_id,
                                                      .proposal_id = row.id,
                                                      .municipality_code = row.municipality_code,
                                                      .children = row.children,
                                                      .kind = request.request.kind(),
                                                      .start_day = start_day}));
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                         db.Prepare("UPDATE proposals SET state = ?1, decide_time = ?2, "
                                    "placement_id = ?3 WHERE id = ?4"));
    stmt->Bind(1, static_cast<int>(gfo::v1::PROPOSAL_STATE_ACCEPTED))
        .Bind(2, ToMicros(call.now()))
        .Bind(3, placement_id)
        .Bind(4, row.id);
    GFO_RETURN_IF_ERROR(stmt->Run());
    GFO_RETURN_IF_ERROR(
        RecordTransition(db, call, name, ProposalStateName(gfo::v1::PROPOSAL_STATE_PENDING),
                         ProposalStateName(gfo::v1::PROPOSAL_STATE_ACCEPTED), "accepted"));
    GFO_RETURN_IF_ERROR(MoveRequest(db, call, row.request_id, gfo::v1::REQUEST_STATE_PROPOSED,
                                    gfo::v1::REQUEST_STATE_PLACED,
                                    absl::StrCat(name, " accepted")));
    call.TouchHome(row.home_id);
    return absl::OkStatus();
  };
  return ChangeProposal(call, input.proposal_id, /*name_request=*/true, change, out);
}

namespace {

// Declines or withdraws pending proposal `id` with `reason` (the two differ only in who may
// call them, which the policy table decides, and in the state they leave).
absl::Status ClosePending(Call& call, int64_t id, ProposalState to, const std::string& reason,
                          Proposal* out) {
  const std::string name = ProposalName(id);
  call.AddResource(name);
  auto change = [&](storage::Db& db, const ProposalRow& row) -> absl::Status {
    if (row.state != gfo::v1::PROPOSAL_STATE_PENDING) {
      return errors::IllegalTransition(name, ProposalStateName(row.state), ProposalStateName(to));
    }
    return Close(db, call, row, to, reason);
  };
  return ChangeProposal(call, id, /*name_request=*/true, change, out);
}

}  // namespace

absl::Status Proposals::Decline(Call& call, const gfo::v1::DeclineProposalRequest& req,
                                Proposal* out) {
  GFO_ASSIGN_OR_RETURN(int64_t id, validation::ValidateDeclineProposal(req));
  return ClosePending(call, id, gfo::v1::PROPOSAL_STATE_DECLINED, req.reason(), out);
}

absl::Status Proposals::Withdraw(Call& call, const gfo::v1::WithdrawProposalRequest& req,
                                 Proposal* out) {
  GFO_ASSIGN_OR_RETURN(int64_t id, validation::ValidateWithdrawProposal(req));
  return ClosePending(call, id, gfo::v1::PROPOSAL_STATE_WITHDRAWN, req.reason(), out);
}

absl::Status Proposals::RecordConsultation(Call& call,
                                           const gfo::v1::RecordConsultationRequest& req,
                                           Proposal* out) {
  const int32_t today = CivilDayNumber(call.now());
  GFO_ASSIGN_OR_RETURN(int64_t id, validation::ValidateRecordConsultation(req, today));
  const std::string name = ProposalName(id);
  const int32_t code = req.consultation().municipality_code();
  call.AddResource(name);
  call.AddResource(absl::StrCat("municipalities/", code));
  auto change = [&](storage::Db& db, const ProposalRow& row) -> absl::Status {
    if (row.state != gfo::v1::PROPOSAL_STATE_PENDING) {
      return errors::FailedPrecondition(
          absl::StrCat(name, ": is ", std::string(ProposalStateName(row.state)),
                       "; consultations are recorded only for pending proposals"));
    }
    GFO_ASSIGN_OR_RETURN(std::vector<int32_t> required, RequiredFor(db, row, call.now()));
    if (std::find(required.begin(), required.end(), code) == required.end()) {
      return errors::FailedPrecondition(
          absl::StrCat("consultation.municipality_code: municipalities/", code,
                       " is not among the municipalities to consult for ", name, " (",
                       required.empty() ? "none" : absl::StrJoin(required, ", "), ")"));
    }
    GFO_ASSIGN_OR_RETURN(
        int32_t day, validation::DayNumberFromDate(req.consultation().date(), "consultation.date"));
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare("INSERT INTO consultations(proposal_id, municipality_code, day, outcome, "
                   "recorded_by, record_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    stmt->Bind(1, id)
        .Bind(2, code)
        .Bind(3, day)
        .Bind(4, std::string_view(req.consultation().outcome()))
        .Bind(5, std::string_view(call.principal().account))
        .Bind(6, ToMicros(call.now()));
    return stmt->Run();
  };
  return ChangeProposal(call, id, /*name_request=*/false, change, out);
}

#undef GFO_PROPOSAL_COLUMNS
#undef GFO_EFFECTIVE_PROPOSAL_STATE

}  // namespace gfo
