#include "service/requests.h"

#include <google/protobuf/util/time_util.h>

#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/membership_sql.h"
#include "service/proposals.h"
#include "service/status_macros.h"
#include "service/storage/rows.h"
#include "service/validation/common_validation.h"
#include "service/validation/page_token.h"
#include "service/validation/personnummer.h"
#include "service/validation/request_validation.h"
#include "service/validation/workflow_validation.h"
#include "service/workflow_common.h"

namespace gfo {

using gfo::v1::PlacementRequest;
using gfo::v1::RequestState;
using google::protobuf::util::TimeUtil;

const char kEffectiveRequestStateSql[] =
    "(CASE WHEN r.state = 3 AND NOT EXISTS (SELECT 1 FROM proposals q WHERE q.request_id = r.id "
    "AND q.state = 1 AND q.expire_time > ?1) THEN 2 ELSE r.state END)";

namespace {

// The columns every request query returns, in this order (FillFromRow reads them by position).
#define GFO_REQUEST_COLUMNS                                                                \
  "r.id, r.municipality_code, r.state, r.version, r.submit_time, r.proto, r.create_time, " \
  "r.update_time, "

std::string RequestName(int64_t id) { return validation::FormatResourceName("requests", id); }

// Fills a StoredRequest from a row of GFO_REQUEST_COLUMNS followed by the effective state.
absl::StatusOr<StoredRequest> FromRow(const storage::Statement& row, absl::Time now) {
  StoredRequest s;
  s.id = row.ColumnInt(0);
  s.municipality_code = static_cast<int32_t>(row.ColumnInt(1));
  s.stored_state = static_cast<RequestState>(row.ColumnInt(2));
  s.version = row.ColumnInt(3);
  s.state = static_cast<RequestState>(row.ColumnInt(8));
  PlacementRequest& r = s.request;
  if (!r.ParseFromString(row.ColumnBlob(5))) {
    return errors::DataLoss(absl::StrCat(RequestName(s.id), ": stored record is corrupt"));
  }
  r.set_name(RequestName(s.id));
  r.set_municipality_code(s.municipality_code);
  r.set_state(s.state);
  r.set_etag(absl::StrCat(s.version));
  *r.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.ColumnInt(6));
  *r.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row.ColumnInt(7));
  if (std::optional<int64_t> submitted = row.ColumnOptionalInt(4); submitted.has_value()) {
    *r.mutable_submit_time() = TimeUtil::MicrosecondsToTimestamp(*submitted);
    if (s.state == gfo::v1::REQUEST_STATE_SUBMITTED || s.state == gfo::v1::REQUEST_STATE_PROPOSED) {
      r.set_age_days(CivilDayNumber(now) - CivilDayNumber(FromMicros(*submitted)));
    }
  }
  return s;
}

std::string Serialized(const PlacementRequest& request) {
  PlacementRequest stored = request;
  validation::ClearRequestOutputOnlyFields(stored);
  stored.clear_municipality_code();  // kept in its column
  std::string blob;
  stored.SerializeToString(&blob);
  return blob;
}

absl::Status CheckEtag(std::string_view etag, const StoredRequest& stored) {
  if (etag.empty() || etag == absl::StrCat(stored.version)) return absl::OkStatus();
  return errors::StaleEtag(RequestName(stored.id), "request");
}

// For UpdateRequest: a child's number sent back masked (as every read shows it) stands for the
// number stored for the child at the same position.
absl::Status RestoreMaskedNumbers(PlacementRequest& patch, const PlacementRequest& stored) {
  for (int i = 0; i < patch.children_size(); ++i) {
    gfo::v1::Child& child = *patch.mutable_children(i);
    if (!validation::IsMaskedPersonnummer(child.personal_identity_number())) continue;
    if (i < stored.children_size() &&
        validation::MaskPersonnummer(stored.children(i).personal_identity_number()) ==
            child.personal_identity_number()) {
      child.set_personal_identity_number(stored.children(i).personal_identity_number());
      continue;
    }
    return errors::InvalidArgument(
        absl::StrCat("request.children[", i, "].personal_identity_number"),
        "a masked number must be the stored number of the child at the same position");
  }
  return absl::OkStatus();
}

absl::Status SaveRequest(storage::Db& db, int64_t id, const PlacementRequest& request,
                         absl::Time now) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("UPDATE requests SET kind = ?1, children = ?2, proto = ?3, "
                                  "update_time = ?4, version = version + 1 WHERE id = ?5"));
  stmt->Bind(1, static_cast<int>(request.kind()))
      .Bind(2, request.children_size())
      .BindBlob(3, Serialized(request))
      .Bind(4, ToMicros(now))
      .Bind(5, id);
  return stmt->Run();
}

// Reloads request `id` after a write and puts its masked form in `out`.
absl::Status Output(storage::Db& db, int64_t id, absl::Time now, PlacementRequest* out) {
  GFO_ASSIGN_OR_RETURN(StoredRequest stored, LoadRequest(db, id, now));
  *out = std::move(stored.request);
  validation::MaskRequest(*out);
  return absl::OkStatus();
}

// Runs `change` on request `id` in one workflow write (ChangeInWrite) once `etag` matches it
// (empty = any), then puts the request as it is after the change, masked, in `out`.
absl::Status ChangeRequest(
    Call& call, int64_t id, std::string_view etag,
    absl::FunctionRef<absl::Status(storage::Db&, const StoredRequest&)> change,
    PlacementRequest* out) {
  return ChangeInWrite<StoredRequest>(
      call, RequestName(id), [&](storage::Db& db) { return LoadRequest(db, id, call.now()); },
      [&](storage::Db& db, const StoredRequest& stored) -> absl::Status {
        GFO_RETURN_IF_ERROR(CheckEtag(etag, stored));
        GFO_RETURN_IF_ERROR(change(db, stored));
        return Output(db, id, call.now(), out);
      });
}

}  // namespace

std::string_view RequestStateName(RequestState state) {
  switch (state) {
    case gfo::v1::REQUEST_STATE_DRAFT:
      return "draft";
    case gfo::v1::REQUEST_STATE_SUBMITTED:
      return "submitted";
    case gfo::v1::REQUEST_STATE_PROPOSED:
      return "proposed";
    case gfo::v1::REQUEST_STATE_PLACED:
      return "placed";
    case gfo::v1::REQUEST_STATE_ENDED:
      return "ended";
    case gfo::v1::REQUEST_STATE_WITHDRAWN:
      return "withdrawn";
    default:
      return "unspecified";
  }
}

bool IsLegalRequestMove(RequestState from, RequestState to) {
  using gfo::v1::RequestState;
  switch (to) {
    case gfo::v1::REQUEST_STATE_SUBMITTED:
      return from == gfo::v1::REQUEST_STATE_DRAFT || from == gfo::v1::REQUEST_STATE_PROPOSED;
    case gfo::v1::REQUEST_STATE_PROPOSED:
      return from == gfo::v1::REQUEST_STATE_SUBMITTED;
    case gfo::v1::REQUEST_STATE_PLACED:
      return from == gfo::v1::REQUEST_STATE_PROPOSED;
    case gfo::v1::REQUEST_STATE_ENDED:
      return from == gfo::v1::REQUEST_STATE_PLACED;
    case gfo::v1::REQUEST_STATE_WITHDRAWN:
      return from == gfo::v1::REQUEST_STATE_DRAFT || from == gfo::v1::REQUEST_STATE_SUBMITTED ||
             from == gfo::v1::REQUEST_STATE_PROPOSED;
    default:
      return false;
  }
}

absl::StatusOr<StoredRequest> LoadRequest(storage::Db& db, int64_t id, absl::Time now) {
  static const std::string kSql =
      absl::StrCat("SELECT ", GFO_REQUEST_COLUMNS, kEffectiveRequestStateSql,
                   " FROM requests r WHERE r.id = ?2");
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(kSql));
  stmt->Bind(1, ToMicros(now)).Bind(2, id);
  return ReadOneRow(*stmt, RequestName(id),
                    [now](const storage::Statement& row) { return FromRow(row, now); });
}

absl::Status MoveRequest(storage::Db& db, const Call& call, int64_t id, RequestState from,
                         RequestState to, std::string_view reason) {
  if (!IsLegalRequestMove(from, to)) {
    return errors::IllegalTransition(RequestName(id), RequestStateName(from), RequestStateName(to));
  }
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare("UPDATE requests SET state = ?1, version = version + 1, update_time = ?2, "
                 "submit_time = CASE WHEN ?1 = 2 AND submit_time IS NULL THEN ?2 "
                 "ELSE submit_time END WHERE id = ?3"));
  stmt->Bind(1, static_cast<int>(to)).Bind(2, ToMicros(call.now())).Bind(3, id);
  GFO_RETURN_IF_ERROR(stmt->Run());
  return RecordTransition(db, call, RequestName(id), RequestStateName(from), RequestStateName(to),
                          reason);
}

absl::StatusOr<bool> IsMemberOn(storage::Db& db, int32_t municipality_code, int32_t day) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT 1 FROM memberships m WHERE m.municipality_code = ?1 "
                                  "AND " GFO_MEMBERSHIP_COVERS("m", "?2") " LIMIT 1"));
  stmt->Bind(1, municipality_code).Bind(2, day);
  return storage::HasRow(*stmt);
}

absl::StatusOr<std::string> MunicipalityDisplayName(storage::Db& db, int32_t municipality_code) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT display_name FROM municipalities WHERE code = ?1"));
  stmt->Bind(1, municipality_code);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) {
    stmt->Reset();
    return row.status();
  }
  std::string name = *row ? stmt->ColumnText(0) : absl::StrCat(municipality_code);
  stmt->Reset();
  return name;
}

absl::Status Requests::Create(Call& call, const gfo::v1::CreateRequestRequest& req,
                              PlacementRequest* out) {
  const int32_t today = CivilDayNumber(call.now());
  PlacementRequest request = req.request();
  validation::ClearRequestOutputOnlyFields(request);
  GFO_RETURN_IF_ERROR(validation::ValidateRequestForCreate(request, today));
  GFO_RETURN_IF_ERROR(call.CheckMunicipality(
      request.municipality_code(),
      absl::StrCat("request.municipality_code: municipalities/", request.municipality_code())));
  validation::NormalizeRequest(request, today);
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare("INSERT INTO requests(municipality_code, state, kind, children, proto, "
                   "create_time, update_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"));
    stmt->Bind(1, request.municipality_code())
        .Bind(2, static_cast<int>(gfo::v1::REQUEST_STATE_DRAFT))
        .Bind(3, static_cast<int>(request.kind()))
        .Bind(4, request.children_size())
        .BindBlob(5, Serialized(request))
        .Bind(6, ToMicros(call.now()));
    GFO_RETURN_IF_ERROR(stmt->Run());
    const int64_t id = db.LastInsertRowId();
    call.AddResource(RequestName(id));
    GFO_RETURN_IF_ERROR(RecordTransition(
        db, call, RequestName(id), "", RequestStateName(gfo::v1::REQUEST_STATE_DRAFT), "created"));
    return Output(db, id, call.now(), out);
  });
}

absl::Status Requests::Get(Call& call, const gfo::v1::GetRequestRequest& req,
                           PlacementRequest* out) {
  GFO_ASSIGN_OR_RETURN(int64_t id, validation::ParseResourceName(req.name(), "requests", "name"));
  call.AddResource(RequestName(id));
  return call.ReadRecorded([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(StoredRequest stored, LoadRequest(db, id, call.now()));
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(stored.municipality_code, RequestName(id)));
    *out = std::move(stored.request);
    validation::MaskRequest(*out);
    return absl::OkStatus();
  });
}

absl::Status Requests::List(Call& call, const gfo::v1::ListRequestsRequest& req,
                            gfo::v1::ListRequestsResponse* out) {
  GFO_ASSIGN_OR_RETURN(int32_t page_size, validation::ResolvePageSize(req.page_size()));
  GFO_RETURN_IF_ERROR(validation::ValidateOptionalEnum(req.state(), "state"));
  GFO_ASSIGN_OR_RETURN(ListScope scope,
                       ResolveListScope(call, req, req.municipality_code(), req.page_token()));
  const validation::PageCursor after = scope.cursor.value_or(validation::PageCursor{});

  // ?1 now, ?2 municipality (0 = all), ?3 state (0 = any), ?4 open only, ?5/?6 cursor, ?7 limit.
  static const std::string kByIdSql = absl::StrCat(
      "SELECT * FROM (SELECT ", GFO_REQUEST_COLUMNS, kEffectiveRequestStateSql,
      " AS eff FROM requests r WHERE (?2 = 0 OR r.municipality_code = ?2) AND r.id > ?6) "
      "WHERE (?3 = 0 OR eff = ?3) AND (?4 = 0 OR eff IN (2, 3)) AND ?5 = ?5 "
      "ORDER BY id LIMIT ?7");
  static const std::string kOpenSql = absl::StrCat(
      "SELECT * FROM (SELECT ", GFO_REQUEST_COLUMNS, kEffectiveRequestStateSql,
      " AS eff FROM requests r WHERE (?2 = 0 OR r.municipality_code = ?2) "
      "AND r.submit_time IS NOT NULL AND (r.submit_time > ?5 OR (r.submit_time = ?5 AND "
      "r.id > ?6))) WHERE (?3 = 0 OR eff = ?3) AND ?4 = ?4 AND eff IN (2, 3) "
      "ORDER BY submit_time, id LIMIT ?7");

  return call.Read([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                         db.Prepare(req.open_only() ? kOpenSql : kByIdSql));
    stmt->Bind(1, ToMicros(call.now()))
        .Bind(2, scope.municipality_code)
        .Bind(3, static_cast<int>(req.state()))
        .Bind(4, req.open_only() ? 1 : 0)
        .Bind(5, req.open_only() && scope.cursor.has_value() ? after.sort_key
                                                             : std::numeric_limits<int64_t>::min())
        .Bind(6, after.after_id)
        .Bind(7, page_size + 1);
    std::vector<StoredRequest> rows;
    GFO_RETURN_IF_ERROR(AppendRows(
        *stmt, [&](const storage::Statement& row) { return FromRow(row, call.now()); }, &rows));
    const bool more = TrimToPage(rows, page_size);
    for (StoredRequest& stored : rows) {
      call.AddResource(RequestName(stored.id));
      PlacementRequest* r = out->add_requests();
      *r = std::move(stored.request);
      validation::MaskRequest(*r);
    }
    if (more && !rows.empty()) {
      validation::PageCursor next;
      next.after_id = rows.back().id;
      if (req.open_only())
        next.sort_key = TimeUtil::TimestampToMicroseconds(
            out->requests(out->requests_size() - 1).submit_time());
      out->set_next_page_token(validation::EncodePageToken(next, scope.filter_key));
    }
    return absl::OkStatus();
  });
}

absl::Status Requests::Update(Call& call, const gfo::v1::UpdateRequestRequest& req,
                              PlacementRequest* out) {
  const int32_t today = CivilDayNumber(call.now());
  GFO_ASSIGN_OR_RETURN(
      int64_t id, validation::ParseResourceName(req.request().name(), "requests", "request.name"));
  call.AddResource(RequestName(id));
  if (req.request().etag().empty()) {
    return errors::InvalidArgument("request.etag", "required");
  }
  auto change = [&](storage::Db& db, const StoredRequest& stored) -> absl::Status {
    if (stored.state != gfo::v1::REQUEST_STATE_DRAFT &&
        stored.state != gfo::v1::REQUEST_STATE_SUBMITTED) {
      return errors::FailedPrecondition(
          absl::StrCat(RequestName(id),
                       ": only draft and submitted requests can be changed; "
                       "this one is ",
                       std::string(RequestStateName(stored.state))));
    }
    PlacementRequest patch = req.request();
    validation::ClearRequestOutputOnlyFields(patch);
    GFO_RETURN_IF_ERROR(RestoreMaskedNumbers(patch, stored.request));
    GFO_ASSIGN_OR_RETURN(google::protobuf::FieldMask mask,
                         validation::ValidateRequestUpdate(patch, req.update_mask(), today));
    PlacementRequest merged = stored.request;
    validation::ClearRequestOutputOnlyFields(merged);
    validation::ApplyRequestMask(merged, patch, mask);
    if (stored.state == gfo::v1::REQUEST_STATE_SUBMITTED) {
      GFO_RETURN_IF_ERROR(validation::ValidateForSubmit(merged, today));
    } else {
      GFO_RETURN_IF_ERROR(validation::ValidateMergedRequest(merged, today));
    }
    validation::NormalizeRequest(merged, today);
    return SaveRequest(db, id, merged, call.now());
  };
  return ChangeRequest(call, id, req.request().etag(), change, out);
}

absl::Status Requests::Submit(Call& call, const gfo::v1::RequestTransitionRequest& req,
                              PlacementRequest* out) {
  const int32_t today = CivilDayNumber(call.now());
  GFO_ASSIGN_OR_RETURN(int64_t id,
                       validation::ValidateRequestTransition(req, /*reason_required=*/false));
  call.AddResource(RequestName(id));
  auto change = [&](storage::Db& db, const StoredRequest& stored) -> absl::Status {
    if (stored.state != gfo::v1::REQUEST_STATE_DRAFT) {
      return errors::IllegalTransition(RequestName(id), RequestStateName(stored.state),
                                       RequestStateName(gfo::v1::REQUEST_STATE_SUBMITTED));
    }
    // The stored request was complete enough to be a draft; what is missing now is a fact about
    // the request, not a malformed argument of this call.
    if (absl::Status s = validation::ValidateForSubmit(stored.request, today); !s.ok()) {
      return errors::FailedPrecondition(std::string(s.message()));
    }
    GFO_ASSIGN_OR_RETURN(bool member, IsMemberOn(db, stored.municipality_code, today));
    if (!member) {
      GFO_ASSIGN_OR_RETURN(std::string display,
                           MunicipalityDisplayName(db, stored.municipality_code));
      return errors::FailedPrecondition(
          absl::StrCat("municipalities/", stored.municipality_code, ": ", display,
                       " is not a member of the GFO; only members may submit requests"));
    }
    return MoveRequest(db, call, id, gfo::v1::REQUEST_STATE_DRAFT, gfo::v1::REQUEST_STATE_SUBMITTED,
                       req.reason().empty() ? "submitted" : req.reason());
  };
  return ChangeRequest(call, id, req.etag(), change, out);
}

absl::Status Requests::Withdraw(Call& call, const gfo::v1::RequestTransitionRequest& req,
                                PlacementRequest* out) {
  GFO_ASSIGN_OR_RETURN(int64_t id,
                       validation::ValidateRequestTransition(req, /*reason_required=*/true));
  call.AddResource(RequestName(id));
  auto change = [&](storage::Db& db, const StoredRequest& stored) -> absl::Status {
    if (!IsLegalRequestMove(stored.state, gfo::v1::REQUEST_STATE_WITHDRAWN)) {
      return errors::IllegalTransition(RequestName(id), RequestStateName(stored.state),
                                       RequestStateName(gfo::v1::REQUEST_STATE_WITHDRAWN));
    }
    if (stored.state == gfo::v1::REQUEST_STATE_PROPOSED) {
      GFO_RETURN_IF_ERROR(WithdrawPendingProposalOf(
          db, call, id, absl::StrCat("request withdrawn: ", req.reason())));
    }
    return MoveRequest(db, call, id, stored.state, gfo::v1::REQUEST_STATE_WITHDRAWN, req.reason());
  };
  return ChangeRequest(call, id, req.etag(), change, out);
}

absl::Status Requests::ListHistory(Call& call, const gfo::v1::ListRequestHistoryRequest& req,
                                   gfo::v1::ListRequestHistoryResponse* out) {
  GFO_ASSIGN_OR_RETURN(int64_t id, validation::ParseResourceName(req.name(), "requests", "name"));
  call.AddResource(RequestName(id));
  return call.Read([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(StoredRequest stored, LoadRequest(db, id, call.now()));
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(stored.municipality_code, RequestName(id)));
    GFO_RETURN_IF_ERROR(ReadTransitions(db, RequestName(id), out->mutable_transitions()));
    // A hold that expired since the last workflow write: its move is shown as ExpireDue will
    // record it.
    return AppendUnrecordedExpiry(db, id, call.now(), out->mutable_transitions());
  });
}

#undef GFO_REQUEST_COLUMNS

}  // namespace gfo
