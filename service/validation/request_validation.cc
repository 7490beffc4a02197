#include "service/validation/request_validation.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/validation/common_validation.h"
#include "service/validation/field_mask_validation.h"
#include "service/validation/personnummer.h"
#include "service/validation/str_util.h"
#include "service/validation/text_validation.h"

namespace gfo::validation {
namespace {

using gfo::v1::Child;
using gfo::v1::PlacementRequest;

constexpr int kMaxListEntries = 32;
constexpr int kMaxLanguages = 20;
constexpr int kMaxFormerHomes = 20;
constexpr int kMaxExcludedMunicipalities = 300;
constexpr int kMaxRiskLocations = 20;
// A child in care is younger than 21 (LVU applies up to 21).
constexpr int kChildAgeLimit = 21;

absl::Status CheckDistance(double value, double low_exclusive_or_inclusive, bool exclusive,
                           double high, std::string_view field) {
  if (!std::isfinite(value)) return errors::InvalidArgument(field, "must be a finite number");
  const bool too_low =
      exclusive ? value <= low_exclusive_or_inclusive : value < low_exclusive_or_inclusive;
  if (too_low || value > high) {
    return errors::InvalidArgument(
        field, internal::Cat("must be ", exclusive ? "> " : ">= ", low_exclusive_or_inclusive,
                             " and <= ", high, ", got ", value));
  }
  return absl::OkStatus();
}

absl::Status CheckNeeds(const Child& child, std::string_view field) {
  const std::string needs_field = internal::Cat(field, ".needs");
  if (absl::Status s = ValidateCount(child.needs_size(), kMaxListEntries, needs_field); !s.ok()) {
    return s;
  }
  for (int j = 0; j < child.needs_size(); ++j) {
    const std::string need_field = internal::Cat(needs_field, "[", j, "].need");
    if (absl::Status s = ValidateEnum(child.needs(j).need(), need_field); !s.ok()) return s;
    for (int k = 0; k < j; ++k) {
      if (child.needs(k).need() == child.needs(j).need()) {
        return errors::InvalidArgument(need_field, internal::Cat("duplicate of needs[", k, "]"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckChild(const Child& child, std::string_view field, int32_t today_day) {
  const absl::CivilDay today = CivilDayFromNumber(today_day);
  const std::string pnr_field = internal::Cat(field, ".personal_identity_number");
  const std::string birth_field = internal::Cat(field, ".birth_date");
  std::optional<absl::CivilDay> birth;
  std::string_view age_field = birth_field;
  if (!child.personal_identity_number().empty()) {
    absl::StatusOr<Personnummer> pnr =
        ParsePersonnummer(child.personal_identity_number(), today_day, pnr_field);
    if (!pnr.ok()) return pnr.status();
    birth = pnr->birth_date;
    age_field = pnr_field;
  }
  if (IsDateSet(child.birth_date())) {
    absl::StatusOr<int32_t> day = DayNumberFromDate(child.birth_date(), birth_field);
    if (!day.ok()) return day.status();
    const absl::CivilDay given = CivilDayFromNumber(*day);
    if (birth.has_value() && *birth != given) {
      return errors::InvalidArgument(birth_field, "does not match personal_identity_number");
    }
    if (given > today) return errors::InvalidArgument(birth_field, "must not be in the future");
    birth = given;
  }
  if (!birth.has_value()) {
    return errors::InvalidArgument(field, "personal_identity_number or birth_date required");
  }
  if (absl::CivilDay(birth->year() + kChildAgeLimit, birth->month(), birth->day()) <= today) {
    return errors::InvalidArgument(age_field, "child must be younger than 21");
  }
  if (absl::Status s = ValidateEnum(child.gender(), internal::Cat(field, ".gender")); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckNeeds(child, field); !s.ok()) return s;
  if (absl::Status s = ValidateLanguageList(child.languages(), internal::Cat(field, ".languages"),
                                            kMaxLanguages);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          ValidateText(child.background(), internal::Cat(field, ".background"), {.max_chars = 100});
      !s.ok()) {
    return s;
  }
  const std::string homes_field = internal::Cat(field, ".former_homes");
  if (absl::Status s = ValidateCount(child.former_homes_size(), kMaxFormerHomes, homes_field);
      !s.ok()) {
    return s;
  }
  for (int j = 0; j < child.former_homes_size(); ++j) {
    const std::string home_field = internal::Cat(homes_field, "[", j, "]");
    if (absl::StatusOr<int64_t> id = ParseResourceName(child.former_homes(j), "homes", home_field);
        !id.ok()) {
      return id.status();
    }
    for (int k = 0; k < j; ++k) {
      if (child.former_homes(k) == child.former_homes(j)) {
        return errors::InvalidArgument(home_field,
                                       internal::Cat("duplicate of former_homes[", k, "]"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckMunicipality(const PlacementRequest& request, int32_t) {
  return ValidateMunicipalityCode(request.municipality_code(), "request.municipality_code");
}

absl::Status CheckCaseReference(const PlacementRequest& request, int32_t) {
  return ValidateText(request.case_reference(), "request.case_reference",
                      {.max_chars = 64, .required = true});
}

absl::Status CheckChildren(const PlacementRequest& request, int32_t today_day) {
  if (request.children_size() == 0) {
    return errors::InvalidArgument("request.children", "at least one child required");
  }
  if (absl::Status s =
          ValidateCount(request.children_size(), kMaxChildrenPerRequest, "request.children");
      !s.ok()) {
    return s;
  }
  for (int i = 0; i < request.children_size(); ++i) {
    if (absl::Status s =
            CheckChild(request.children(i), internal::Cat("request.children[", i, "]"), today_day);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckKind(const PlacementRequest& request, int32_t) {
  return ValidateEnum(request.kind(), "request.kind");
}

absl::Status CheckLegalBasis(const PlacementRequest& request, int32_t) {
  return ValidateEnum(request.legal_basis(), "request.legal_basis");
}

absl::Status CheckWantedStart(const PlacementRequest& request, int32_t today_day) {
  return DayNumberWithinYears(request.wanted_start_date(), today_day, 1, 2,
                              "request.wanted_start_date")
      .status();
}

absl::Status CheckExpectedLength(const PlacementRequest& request, int32_t) {
  const int32_t days = request.expected_length_days();
  if (days < 0 || days > kMaxExpectedLengthDays) {
    return errors::InvalidArgument(
        "request.expected_length_days",
        internal::Cat("must be between 0 and ", kMaxExpectedLengthDays, ", got ", days));
  }
  return absl::OkStatus();
}

absl::Status CheckSiblingRule(const PlacementRequest& request, int32_t) {
  return ValidateOptionalEnum(request.sibling_rule(), "request.sibling_rule");
}

absl::Status CheckChildPlace(const PlacementRequest& request, int32_t) {
  if (!request.has_child_place()) return absl::OkStatus();
  // The place the child should stay near (school, family) is in Sweden, as every home is; an
  // empty point set by mistake (0, 0) would make every proximity score meaningless.
  return ValidateGeoPointInSweden(request.child_place(), "request.child_place");
}

absl::Status CheckChildPlaceDescription(const PlacementRequest& request, int32_t) {
  return ValidateText(request.child_place_description(), "request.child_place_description",
                      {.max_chars = 200});
}

absl::Status CheckExcludedMunicipalities(const PlacementRequest& request, int32_t) {
  const std::string_view field = "request.excluded_municipality_codes";
  if (absl::Status s = ValidateCount(request.excluded_municipality_codes_size(),
                                     kMaxExcludedMunicipalities, field);
      !s.ok()) {
    return s;
  }
  for (int i = 0; i < request.excluded_municipality_codes_size(); ++i) {
    if (absl::Status s = ValidateMunicipalityCode(request.excluded_municipality_codes(i),
                                                  internal::Cat(field, "[", i, "]"));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRiskLocations(const PlacementRequest& request, int32_t) {
  if (absl::Status s =
          ValidateCount(request.risk_locations_size(), kMaxRiskLocations, "request.risk_locations");
      !s.ok()) {
    return s;
  }
  for (int i = 0; i < request.risk_locations_size(); ++i) {
    const std::string field = internal::Cat("request.risk_locations[", i, "]");
    const gfo::v1::RiskLocation& risk = request.risk_locations(i);
    if (!risk.has_location()) return errors::InvalidArgument(field + ".location", "required");
    if (absl::Status s = ValidateGeoPoint(risk.location(), field + ".location"); !s.ok()) return s;
    if (absl::Status s = CheckDistance(risk.min_distance_km(), 0, /*exclusive=*/true,
                                       kMaxRiskDistanceKm, field + ".min_distance_km");
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckMaxDistance(const PlacementRequest& request, int32_t) {
  return CheckDistance(request.max_distance_km(), 0, /*exclusive=*/false, kMaxDistanceKm,
                       "request.max_distance_km");
}

absl::Status CheckNetworkExamination(const PlacementRequest& request, int32_t today_day) {
  if (!request.has_network_examination()) return absl::OkStatus();
  const gfo::v1::NetworkExamination& exam = request.network_examination();
  const std::string_view field = "request.network_examination";
  if (IsDateSet(exam.examined_date())) {
    const std::string date_field = internal::Cat(field, ".examined_date");
    // The examination for this placement: at most five years back, not in the future.
    absl::StatusOr<int32_t> day =
        DayNumberWithinYears(exam.examined_date(), today_day, 5, 0, date_field);
    if (!day.ok()) return day.status();
  }
  if (absl::Status s = ValidateOptionalEnum(exam.outcome(), internal::Cat(field, ".outcome"));
      !s.ok()) {
    return s;
  }
  return ValidateText(exam.note(), internal::Cat(field, ".note"),
                      {.max_chars = 500, .allow_newlines = true});
}

absl::Status NoCheck(const PlacementRequest&, int32_t) { return absl::OkStatus(); }

using FieldCheck = absl::Status (*)(const PlacementRequest&, int32_t);

struct FieldRule {
  std::string_view name;
  FieldCheck check;
  bool updatable;
};

// Every input field of PlacementRequest, in field-number order.
constexpr FieldRule kFieldRules[] = {
    {"municipality_code", CheckMunicipality, false},
    {"case_reference", CheckCaseReference, true},
    {"children", CheckChildren, true},
    {"kind", CheckKind, true},
    {"legal_basis", CheckLegalBasis, true},
    {"wanted_start_date", CheckWantedStart, true},
    {"expected_length_days", CheckExpectedLength, true},
    {"sibling_rule", CheckSiblingRule, true},
    {"child_place", CheckChildPlace, true},
    {"child_place_description", CheckChildPlaceDescription, true},
    {"excluded_municipality_codes", CheckExcludedMunicipalities, true},
    {"risk_locations", CheckRiskLocations, true},
    {"max_distance_km", CheckMaxDistance, true},
    {"language_wish", NoCheck, true},
    {"culture_wish", NoCheck, true},
    {"network_examination", CheckNetworkExamination, true},
};

absl::Status CheckAcrossFields(const PlacementRequest& request) {
  const gfo::v1::SiblingRule rule = request.sibling_rule();
  if (request.children_size() > 1) {
    if (rule == gfo::v1::SIBLING_RULE_UNSPECIFIED) {
      return errors::InvalidArgument("request.sibling_rule", "required when more than one child");
    }
    if (rule == gfo::v1::SIBLING_RULE_SINGLE_CHILD) {
      return errors::InvalidArgument("request.sibling_rule",
                                     "SIBLING_RULE_SINGLE_CHILD needs exactly one child");
    }
  } else if (rule != gfo::v1::SIBLING_RULE_UNSPECIFIED &&
             rule != gfo::v1::SIBLING_RULE_SINGLE_CHILD) {
    return errors::InvalidArgument("request.sibling_rule",
                                   "must be SIBLING_RULE_SINGLE_CHILD or unset for one child");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Span<const std::string_view> RequestUpdatableFields() {
  static const std::vector<std::string_view>* const kNames = [] {
    auto* names = new std::vector<std::string_view>();
    for (const FieldRule& rule : kFieldRules) {
      if (rule.updatable) names->push_back(rule.name);
    }
    return names;
  }();
  return *kNames;
}

absl::Status ValidateRequestForCreate(const PlacementRequest& request, int32_t today_day) {
  for (const FieldRule& rule : kFieldRules) {
    if (absl::Status s = rule.check(request, today_day); !s.ok()) return s;
  }
  return CheckAcrossFields(request);
}

absl::StatusOr<google::protobuf::FieldMask> ValidateRequestUpdate(
    const PlacementRequest& patch, const google::protobuf::FieldMask& update_mask,
    int32_t today_day) {
  absl::StatusOr<google::protobuf::FieldMask> mask =
      ResolveUpdateMask(update_mask, PlacementRequest::descriptor(), RequestUpdatableFields());
  if (!mask.ok()) return mask.status();
  for (const FieldRule& rule : kFieldRules) {
    if (std::find(mask->paths().begin(), mask->paths().end(), rule.name) == mask->paths().end()) {
      continue;
    }
    if (absl::Status s = rule.check(patch, today_day); !s.ok()) return s;
  }
  return mask;
}

void ApplyRequestMask(PlacementRequest& stored, const PlacementRequest& patch,
                      const google::protobuf::FieldMask& resolved_mask) {
  ApplyUpdateMask(patch, resolved_mask, stored);
}

absl::Status ValidateMergedRequest(const PlacementRequest& merged, int32_t today_day) {
  return ValidateRequestForCreate(merged, today_day);
}

absl::Status ValidateForSubmit(const PlacementRequest& request, int32_t today_day) {
  if (absl::Status s = ValidateRequestForCreate(request, today_day); !s.ok()) return s;
  const std::string_view field = "request.network_examination";
  if (!request.has_network_examination()) {
    return errors::InvalidArgument(field, "required before submit (22 kap. 1 § SoL)");
  }
  if (!IsDateSet(request.network_examination().examined_date())) {
    return errors::InvalidArgument(internal::Cat(field, ".examined_date"),
                                   "required before submit (22 kap. 1 § SoL)");
  }
  if (request.network_examination().outcome() == gfo::v1::NETWORK_OUTCOME_UNSPECIFIED) {
    return errors::InvalidArgument(internal::Cat(field, ".outcome"),
                                   "required before submit (22 kap. 1 § SoL)");
  }
  return absl::OkStatus();
}

void NormalizeRequest(PlacementRequest& request, int32_t today_day) {
  request.set_case_reference(TrimmedText(request.case_reference()));
  request.set_child_place_description(TrimmedText(request.child_place_description()));
  for (Child& child : *request.mutable_children()) {
    if (absl::StatusOr<Personnummer> pnr =
            ParsePersonnummer(child.personal_identity_number(), today_day, "pnr");
        pnr.ok()) {
      child.set_personal_identity_number(pnr->canonical);
      *child.mutable_birth_date() = DateFromDayNumber(DayNumberFromCivilDay(pnr->birth_date));
    }
    NormalizeLanguageList(*child.mutable_languages());
    child.set_background(TrimmedText(child.background()));
    std::stable_sort(child.mutable_needs()->begin(), child.mutable_needs()->end(),
                     [](const gfo::v1::ChildNeed& a, const gfo::v1::ChildNeed& b) {
                       return a.need() < b.need();
                     });
  }
  SortUnique(*request.mutable_excluded_municipality_codes());
  if (request.children_size() == 1 && request.sibling_rule() == gfo::v1::SIBLING_RULE_UNSPECIFIED) {
    request.set_sibling_rule(gfo::v1::SIBLING_RULE_SINGLE_CHILD);
  }
  if (request.has_network_examination()) {
    request.mutable_network_examination()->set_note(
        TrimmedText(request.network_examination().note()));
  }
}

void ClearRequestOutputOnlyFields(PlacementRequest& request) {
  request.clear_name();
  request.clear_state();
  request.clear_create_time();
  request.clear_update_time();
  request.clear_submit_time();
  request.clear_etag();
  request.clear_age_days();
}

void MaskRequest(PlacementRequest& request) {
  for (Child& child : *request.mutable_children()) {
    if (!child.personal_identity_number().empty()) {
      child.set_personal_identity_number(MaskPersonnummer(child.personal_identity_number()));
    }
  }
}

}  // namespace gfo::validation
