#include "service/homes.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/home_store.h"
#include "service/status_macros.h"
#include "service/storage/rows.h"
#include "service/validation/common_validation.h"
#include "service/validation/field_mask_validation.h"
#include "service/validation/home_validation.h"
#include "service/validation/page_token.h"
#include "service/validation/personnummer.h"
#include "service/validation/text_validation.h"

namespace gfo {
namespace {

using gfo::v1::Home;
using gfo::v1::HomeStatus;
using google::protobuf::util::TimeUtil;

constexpr size_t kMaxReasonChars = 500;

std::string HomeName(int64_t id) { return validation::FormatResourceName("homes", id); }

absl::Status CheckMunicipalityRegistered(storage::Db& db, int32_t code) {
  GFO_ASSIGN_OR_RETURN(const bool found, home_store::MunicipalityExists(db, code));
  if (found) return absl::OkStatus();
  return errors::InvalidArgument("home.municipality_code",
                                 absl::StrCat("unknown municipality ", code));
}

// ABORTED unless `etag` (when given) is the home's current etag.
absl::Status CheckEtag(std::string_view etag, const Home& home) {
  if (etag.empty() || etag == home.etag()) return absl::OkStatus();
  return errors::StaleEtag(home.name(), "home");
}

// A patch sent back after a Get carries masked identity numbers; where adult i's masked number
// is the mask of the stored adult i's number, the stored number is kept.
void RestoreMaskedNumbers(Home& patch, const Home& stored) {
  for (int i = 0; i < patch.adults_size() && i < stored.adults_size(); ++i) {
    gfo::v1::Adult& adult = *patch.mutable_adults(i);
    const std::string& stored_number = stored.adults(i).personal_identity_number();
    if (validation::IsMaskedPersonnummer(adult.personal_identity_number()) &&
        !stored_number.empty() &&
        validation::MaskPersonnummer(stored_number) == adult.personal_identity_number()) {
      adult.set_personal_identity_number(stored_number);
    }
  }
}

absl::StatusOr<int64_t> ParseHomeName(std::string_view name, std::string_view field) {
  return validation::ParseResourceName(name, "homes", field);
}

}  // namespace

std::string_view HomeStatusName(HomeStatus status) {
  switch (status) {
    case gfo::v1::HOME_STATUS_INQUIRY:
      return "inquiry";
    case gfo::v1::HOME_STATUS_ASSESSMENT:
      return "assessment";
    case gfo::v1::HOME_STATUS_APPROVED:
      return "approved";
    case gfo::v1::HOME_STATUS_PAUSED:
      return "paused";
    case gfo::v1::HOME_STATUS_CLOSED:
      return "closed";
    default:
      return "";
  }
}

gfo::v1::HomeProfile ToProfile(const Home& home) {
  gfo::v1::HomeProfile profile;
  profile.set_home(home.name());
  profile.set_code(home.code());
  profile.set_municipality_code(home.municipality_code());
  *profile.mutable_kinds() = home.kinds();
  profile.set_capacity(home.capacity());
  profile.set_free_capacity(home.free_capacity());
  profile.set_min_age(home.min_age());
  profile.set_max_age(home.max_age());
  *profile.mutable_own_children_birth_years() = home.own_children_birth_years();
  profile.set_has_pets(home.has_pets());
  profile.set_smoking(home.smoking());
  profile.set_wheelchair_access(home.wheelchair_access());
  *profile.mutable_languages() = home.languages();
  *profile.mutable_experience() = home.experience();
  return profile;
}

void RedactHomeForCaller(Home& home, const Principal& caller) {
  validation::MaskHome(home);
  if (!home.protected_identity() || caller.role == gfo::v1::ROLE_ADMIN) return;
  const bool named = caller.role == gfo::v1::ROLE_GFO_STAFF &&
                     std::find(home.address_readers().begin(), home.address_readers().end(),
                               caller.account) != home.address_readers().end();
  if (!named) {
    home.clear_location();
    home.clear_address();
  }
}

// Who sees a protected address is the administrator's decision: PERMISSION_DENIED for anyone
// else who sets or changes `address_readers` (from `before`), FAILED_PRECONDITION naming the
// element for an account that is not an enabled gfo_staff account.
absl::Status CheckAddressReaders(storage::Db& db, const Call& call, const Home& home,
                                 const Home& before) {
  const bool changed = home.address_readers_size() != before.address_readers_size() ||
                       !std::equal(home.address_readers().begin(), home.address_readers().end(),
                                   before.address_readers().begin());
  if (!changed) return absl::OkStatus();
  if (call.principal().role != gfo::v1::ROLE_ADMIN) {
    return errors::PermissionDenied(
        "home.address_readers: only an administrator names who sees a protected address");
  }
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT 1 FROM accounts WHERE id = ?1 AND role = ?2 AND "
                                  "disabled = 0"));
  for (int i = 0; i < home.address_readers_size(); ++i) {
    const std::string field = absl::StrCat("home.address_readers[", i, "]");
    GFO_ASSIGN_OR_RETURN(const int64_t id,
                         validation::ParseResourceName(home.address_readers(i), "accounts", field));
    stmt->Bind(1, id).Bind(2, static_cast<int>(gfo::v1::ROLE_GFO_STAFF));
    GFO_ASSIGN_OR_RETURN(const bool staff, storage::HasRow(*stmt));
    if (!staff) {
      return errors::FailedPrecondition(absl::StrCat(field, ": ", home.address_readers(i),
                                                     " is not an enabled gfo_staff account"));
    }
  }
  return absl::OkStatus();
}

absl::Status Homes::Get(Call& call, const gfo::v1::GetHomeRequest& req, Home* out) {
  GFO_ASSIGN_OR_RETURN(const int64_t id, ParseHomeName(req.name(), "name"));
  call.AddResource(HomeName(id));
  return call.ReadRecorded([&](storage::Db& db) -> absl::Status {
    if (call.is_case_worker()) {
      // DOMAIN.md: a case worker sees a proposed home's profile, not its identity, until the
      // municipality accepts. Once it has (a placement of its own there, running or ended), it
      // sees the home, to reach the family; never other homes, and whether they exist.
      GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                           db.Prepare("SELECT 1 FROM placements WHERE home_id = ?1 AND "
                                      "municipality_code = ?2 LIMIT 1"));
      stmt->Bind(1, id).Bind(2, call.principal().municipality_code);
      GFO_ASSIGN_OR_RETURN(const bool placed, storage::HasRow(*stmt));
      if (!placed) {
        return errors::PermissionDenied(
            absl::StrCat(HomeName(id),
                         ": a case worker sees a home only where its municipality "
                         "has accepted a placement"));
      }
    }
    GFO_ASSIGN_OR_RETURN(*out, LoadHome(db, id, call.now()));
    RedactHomeForCaller(*out, call.principal());
    if (call.is_case_worker()) {
      // The GFO's own notes on the home are not the municipality's.
      out->clear_close_reason();
      out->clear_availability_confirmed_by();
      out->clear_address_readers();
    }
    return absl::OkStatus();
  });
}

absl::Status Homes::List(Call& call, const gfo::v1::ListHomesRequest& req,
                         gfo::v1::ListHomesResponse* out) {
  GFO_ASSIGN_OR_RETURN(const int32_t page_size, validation::ResolvePageSize(req.page_size()));
  GFO_RETURN_IF_ERROR(validation::ValidateOptionalEnum(req.status(), "status"));
  GFO_RETURN_IF_ERROR(validation::ValidateOptionalEnum(req.kind(), "kind"));
  if (req.municipality_code() != 0) {
    GFO_RETURN_IF_ERROR(
        validation::ValidateMunicipalityCode(req.municipality_code(), "municipality_code"));
  }
  if (req.has_accepts_age() && (req.accepts_age() < 0 || req.accepts_age() > 20)) {
    return errors::InvalidArgument(
        "accepts_age", absl::StrCat("must be between 0 and 20, got ", req.accepts_age()));
  }
  if (req.has_min_free_capacity() &&
      (req.min_free_capacity() < 0 || req.min_free_capacity() > validation::kMaxHomeCapacity)) {
    return errors::InvalidArgument(
        "min_free_capacity",
        absl::StrCat("must be between 0 and 10, got ", req.min_free_capacity()));
  }
  const std::string filter_key = validation::PageFilterKey(req);
  GFO_ASSIGN_OR_RETURN(const std::optional<validation::PageCursor> cursor,
                       validation::DecodePageToken(req.page_token(), filter_key));

  home_store::ListFilter filter;
  filter.after_id = cursor.has_value() ? cursor->after_id : 0;
  filter.status = req.status();
  filter.kind_mask =
      req.kind() == gfo::v1::PLACEMENT_KIND_UNSPECIFIED ? 0 : int64_t{1} << req.kind();
  filter.municipality_code = req.municipality_code();
  if (req.has_accepts_age()) filter.accepts_age = req.accepts_age();
  if (req.has_min_free_capacity()) filter.min_free_capacity = req.min_free_capacity();
  filter.limit = static_cast<int64_t>(page_size) + 1;  // one more tells whether a page follows

  std::vector<Home> homes;
  GFO_RETURN_IF_ERROR(
      call.Read([&](storage::Db& db) { return home_store::List(db, call.now(), filter, &homes); }));
  const bool more = static_cast<int64_t>(homes.size()) > page_size;
  if (more) homes.pop_back();
  for (Home& home : homes) {
    call.AddResource(home.name());  // the trail names every home the list showed
    RedactHomeForCaller(home, call.principal());
    *out->add_homes() = std::move(home);
  }
  if (more) {
    const int64_t last_id =
        validation::ParseResourceName(out->homes().rbegin()->name(), "homes", "name").value_or(0);
    out->set_next_page_token(validation::EncodePageToken({0, last_id}, filter_key));
  }
  return absl::OkStatus();
}

absl::Status Homes::Create(Call& call, const gfo::v1::CreateHomeRequest& req, Home* out) {
  Home home = req.home();
  validation::ClearHomeOutputOnlyFields(home);
  const int32_t today = CivilDayNumber(call.now());
  GFO_RETURN_IF_ERROR(validation::ValidateHomeForCreate(home, today));
  HomeStatus initial = req.initial_status();
  if (initial == gfo::v1::HOME_STATUS_UNSPECIFIED) initial = gfo::v1::HOME_STATUS_INQUIRY;
  if (initial != gfo::v1::HOME_STATUS_INQUIRY && initial != gfo::v1::HOME_STATUS_ASSESSMENT) {
    return errors::InvalidArgument("initial_status", "must be inquiry or assessment");
  }
  validation::NormalizeHome(home, today);
  home.set_status(initial);

  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(CheckMunicipalityRegistered(db, home.municipality_code()));
    GFO_RETURN_IF_ERROR(CheckAddressReaders(db, call, home, Home()));
    GFO_ASSIGN_OR_RETURN(const int64_t id, home_store::NextId(db));
    const std::string name = HomeName(id);
    call.AddResource(name);

    GFO_RETURN_IF_ERROR(home_store::Insert(db, id, home, call.now()));
    GFO_RETURN_IF_ERROR(
        RecordTransition(db, call, name, "", HomeStatusName(initial), "home registered"));
    call.TouchHome(id);
    GFO_ASSIGN_OR_RETURN(*out, LoadHome(db, id, call.now()));
    RedactHomeForCaller(*out, call.principal());
    return absl::OkStatus();
  });
}

absl::Status Homes::Update(Call& call, const gfo::v1::UpdateHomeRequest& req, Home* out) {
  GFO_ASSIGN_OR_RETURN(const int64_t id, ParseHomeName(req.home().name(), "home.name"));
  const std::string name = HomeName(id);
  call.AddResource(name);
  if (req.home().etag().empty()) return errors::InvalidArgument("home.etag", "required");
  // The mask alone is checked before taking the write lock.
  GFO_RETURN_IF_ERROR(validation::ResolveUpdateMask(req.update_mask(), Home::descriptor(),
                                                    validation::HomeUpdatableFields())
                          .status());
  const int32_t today = CivilDayNumber(call.now());

  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(Home stored, LoadHome(db, id, call.now()));
    GFO_RETURN_IF_ERROR(CheckEtag(req.home().etag(), stored));
    if (stored.status() == gfo::v1::HOME_STATUS_CLOSED) {
      return errors::FailedPrecondition(absl::StrCat(name, ": is closed and cannot be updated"));
    }
    Home patch = req.home();
    validation::ClearHomeOutputOnlyFields(patch);
    RestoreMaskedNumbers(patch, stored);
    GFO_ASSIGN_OR_RETURN(const google::protobuf::FieldMask mask,
                         validation::ValidateHomeUpdate(patch, req.update_mask(), today));
    Home merged = stored;
    validation::ApplyHomeMask(merged, patch, mask);
    GFO_RETURN_IF_ERROR(validation::ValidateMergedHome(merged, today));
    validation::NormalizeHome(merged, today);
    if (merged.municipality_code() != stored.municipality_code()) {
      GFO_RETURN_IF_ERROR(CheckMunicipalityRegistered(db, merged.municipality_code()));
    }
    const int32_t in_use = stored.active_children() + stored.held_children();
    if (merged.capacity() < stored.capacity() && merged.capacity() < in_use) {
      return errors::FailedPrecondition(absl::StrCat(name, ": capacity cannot go below the ",
                                                     in_use, " children placed or held, got ",
                                                     merged.capacity()));
    }
    GFO_RETURN_IF_ERROR(CheckAddressReaders(db, call, merged, stored));
    const bool protection_changed = merged.protected_identity() != stored.protected_identity();
    if (protection_changed) {
      // Lifting the protection shows the address to every staff member: only an administrator,
      // who already sees it, may do that. Either change goes on the home's history.
      if (!merged.protected_identity() && call.principal().role != gfo::v1::ROLE_ADMIN) {
        return errors::PermissionDenied(
            absl::StrCat(name,
                         ": home.protected_identity: only an administrator may lift a "
                         "home's protected personal data"));
      }
      const std::string_view status = HomeStatusName(stored.status());
      GFO_RETURN_IF_ERROR(RecordTransition(db, call, name, status, status,
                                           merged.protected_identity()
                                               ? "protected personal data recorded"
                                               : "protected personal data lifted"));
    }
    GFO_RETURN_IF_ERROR(home_store::Save(db, id, merged, call.now()));
    if (protection_changed) {
      call.TouchHome(id);  // the write added a transition: the index reads the home back
    } else {
      call.TouchSavedHome(id, merged);
    }
    *out = std::move(merged);
    RedactHomeForCaller(*out, call.principal());
    return absl::OkStatus();
  });
}

absl::Status Homes::Move(Call& call, const gfo::v1::HomeTransitionRequest& req,
                         absl::Span<const HomeStatus> from, HomeStatus to, bool reason_required,
                         Home* out) {
  GFO_ASSIGN_OR_RETURN(const int64_t id, ParseHomeName(req.name(), "name"));
  const std::string name = HomeName(id);
  call.AddResource(name);
  GFO_RETURN_IF_ERROR(validation::ValidateText(
      req.reason(), "reason", {.max_chars = kMaxReasonChars, .required = reason_required}));
  const std::string reason = validation::TrimmedText(req.reason());

  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(Home home, LoadHome(db, id, call.now()));
    GFO_RETURN_IF_ERROR(CheckEtag(req.etag(), home));
    const HomeStatus current = home.status();
    if (std::find(from.begin(), from.end(), current) == from.end()) {
      return errors::IllegalTransition(name, HomeStatusName(current), HomeStatusName(to));
    }
    if (to == gfo::v1::HOME_STATUS_CLOSED &&
        (home.active_children() > 0 || home.held_children() > 0)) {
      return errors::FailedPrecondition(absl::StrCat(
          name, ": cannot close while ", home.active_children(), " children are placed and ",
          home.held_children(), " held by pending proposals"));
    }
    home.set_status(to);
    if (to == gfo::v1::HOME_STATUS_CLOSED) home.set_close_reason(reason);
    GFO_RETURN_IF_ERROR(home_store::Save(db, id, home, call.now()));
    GFO_RETURN_IF_ERROR(
        RecordTransition(db, call, name, HomeStatusName(current), HomeStatusName(to), reason));
    call.TouchHome(id);
    *out = std::move(home);
    RedactHomeForCaller(*out, call.principal());
    return absl::OkStatus();
  });
}

absl::Status Homes::StartAssessment(Call& call, const gfo::v1::HomeTransitionRequest& req,
                                    Home* out) {
  static constexpr HomeStatus kFrom[] = {gfo::v1::HOME_STATUS_INQUIRY};
  return Move(call, req, kFrom, gfo::v1::HOME_STATUS_ASSESSMENT, false, out);
}

absl::Status Homes::Approve(Call& call, const gfo::v1::HomeTransitionRequest& req, Home* out) {
  static constexpr HomeStatus kFrom[] = {gfo::v1::HOME_STATUS_ASSESSMENT};
  return Move(call, req, kFrom, gfo::v1::HOME_STATUS_APPROVED, false, out);
}

absl::Status Homes::Pause(Call& call, const gfo::v1::HomeTransitionRequest& req, Home* out) {
  static constexpr HomeStatus kFrom[] = {gfo::v1::HOME_STATUS_APPROVED};
  return Move(call, req, kFrom, gfo::v1::HOME_STATUS_PAUSED, true, out);
}

absl::Status Homes::Resume(Call& call, const gfo::v1::HomeTransitionRequest& req, Home* out) {
  static constexpr HomeStatus kFrom[] = {gfo::v1::HOME_STATUS_PAUSED};
  return Move(call, req, kFrom, gfo::v1::HOME_STATUS_APPROVED, false, out);
}

absl::Status Homes::Close(Call& call, const gfo::v1::HomeTransitionRequest& req, Home* out) {
  static constexpr HomeStatus kFrom[] = {
      gfo::v1::HOME_STATUS_INQUIRY, gfo::v1::HOME_STATUS_ASSESSMENT, gfo::v1::HOME_STATUS_APPROVED,
      gfo::v1::HOME_STATUS_PAUSED};
  return Move(call, req, kFrom, gfo::v1::HOME_STATUS_CLOSED, true, out);
}

absl::Status Homes::ConfirmAvailability(Call& call, const gfo::v1::ConfirmAvailabilityRequest& req,
                                        Home* out) {
  GFO_ASSIGN_OR_RETURN(const int64_t id, ParseHomeName(req.name(), "name"));
  const std::string name = HomeName(id);
  call.AddResource(name);
  GFO_RETURN_IF_ERROR(validation::ValidateOptionalDate(req.available_from(), "available_from"));

  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(Home home, LoadHome(db, id, call.now()));
    if (home.status() == gfo::v1::HOME_STATUS_CLOSED) {
      return errors::FailedPrecondition(
          absl::StrCat(name, ": is closed; its availability cannot be confirmed"));
    }
    if (validation::IsDateSet(req.available_from())) {
      *home.mutable_available_from() = req.available_from();
    }
    *home.mutable_availability_confirmed_time() =
        TimeUtil::MicrosecondsToTimestamp(ToMicros(call.now()));
    home.set_availability_confirmed_by(call.principal().account);
    GFO_RETURN_IF_ERROR(home_store::Save(db, id, home, call.now()));
    call.TouchSavedHome(id, home);
    *out = std::move(home);
    RedactHomeForCaller(*out, call.principal());
    return absl::OkStatus();
  });
}

absl::Status Homes::ListHistory(Call& call, const gfo::v1::ListHomeHistoryRequest& req,
                                gfo::v1::ListHomeHistoryResponse* out) {
  GFO_ASSIGN_OR_RETURN(const int64_t id, ParseHomeName(req.name(), "name"));
  const std::string name = HomeName(id);
  call.AddResource(name);
  return call.Read([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(LoadHomeCapacity(db, id, call.now()).status());
    return ReadTransitions(db, name, out->mutable_transitions());
  });
}

}  // namespace gfo
