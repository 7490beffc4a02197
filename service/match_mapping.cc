#include "service/match_mapping.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "matcher/civil_day.h"
#include "matcher/exclusion.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/validation/common_validation.h"
#include "service/validation/personnummer.h"

namespace gfo::match {
namespace {

std::optional<int32_t> DayOf(const gfo::v1::Date& date) {
  if (!validation::IsDateSet(date)) return std::nullopt;
  absl::StatusOr<int32_t> day = validation::DayNumberFromDate(date, "date");
  if (!day.ok()) return std::nullopt;
  return *day;
}

matcher::NeedMask NeedBitOf(int need) {
  if (need < 1 || need > matcher::kMaxNeed) return 0;
  return matcher::NeedBit(static_cast<matcher::Need>(need));
}

}  // namespace

matcher::Home HomeFromProto(int64_t id, const gfo::v1::Home& home,
                            std::optional<int32_t> approved_day) {
  matcher::Home h;
  h.id = id;
  h.lat = home.location().latitude();
  h.lon = home.location().longitude();
  h.municipality_code = home.municipality_code();
  h.capacity = home.capacity();
  h.max_sibling_group = home.max_sibling_group();
  h.min_age = home.min_age();
  h.max_age = home.max_age();
  h.available_from_day = DayOf(home.available_from()).value_or(0);
  for (int kind : home.kinds()) {
    if (kind >= 1 && kind <= 4)
      h.kinds |= matcher::KindBit(static_cast<matcher::PlacementKind>(kind));
  }
  for (int gender : home.accepted_genders()) {
    if (gender >= 1 && gender <= 3) {
      h.accepted_genders |= matcher::GenderBit(static_cast<matcher::Gender>(gender));
    }
  }
  for (int need : home.experience()) h.experience |= NeedBitOf(need);
  h.approved = home.status() == gfo::v1::HOME_STATUS_APPROVED ||
               home.status() == gfo::v1::HOME_STATUS_PAUSED;
  h.paused = home.status() == gfo::v1::HOME_STATUS_PAUSED;
  h.has_pets = home.has_pets();
  h.smoking = home.smoking();
  h.wheelchair_access = home.wheelchair_access();
  h.protected_location = home.protected_identity();
  h.last_placement_end_day = DayOf(home.last_placement_end());
  h.approved_day = approved_day.has_value() ? approved_day : DayOf(home.assessment_date());
  h.code = home.code();
  h.own_children_birth_years.assign(home.own_children_birth_years().begin(),
                                    home.own_children_birth_years().end());
  h.languages.assign(home.languages().begin(), home.languages().end());
  h.background = home.background();
  return h;
}

absl::StatusOr<matcher::Request> RequestFromProto(int64_t id,
                                                  const gfo::v1::PlacementRequest& request,
                                                  int32_t today_day) {
  const std::string name = absl::StrCat("requests/", id);
  if (request.children_size() == 0) {
    return errors::FailedPrecondition(absl::StrCat(name, ": has no children to match"));
  }
  matcher::Request r;
  r.id = id;
  r.municipality_code = request.municipality_code();
  r.kind = static_cast<matcher::PlacementKind>(request.kind());
  r.legal_basis = static_cast<matcher::LegalBasis>(request.legal_basis());
  r.today_day = today_day;
  r.wanted_start_day = DayOf(request.wanted_start_date()).value_or(today_day);
  for (int i = 0; i < request.children_size(); ++i) {
    const gfo::v1::Child& child = request.children(i);
    matcher::Child c;
    c.birth_day = DayOf(child.birth_date());
    if (!c.birth_day.has_value() && !child.personal_identity_number().empty()) {
      absl::StatusOr<validation::Personnummer> number = validation::ParsePersonnummer(
          child.personal_identity_number(), today_day, "personal_identity_number");
      if (number.ok()) c.birth_day = DayNumberFromCivilDay(number->birth_date);
    }
    if (!c.birth_day.has_value()) {
      return errors::FailedPrecondition(
          absl::StrCat(name, ": children[", i, "] has no birth date to match on"));
    }
    c.age_years = matcher::AgeInYears(*c.birth_day, today_day);
    c.gender = static_cast<matcher::Gender>(child.gender());
    for (const gfo::v1::ChildNeed& need : child.needs()) {
      if (need.required()) {
        c.required_needs |= NeedBitOf(need.need());
      } else {
        c.preferred_needs |= NeedBitOf(need.need());
      }
    }
    c.languages.assign(child.languages().begin(), child.languages().end());
    c.background = child.background();
    c.pet_allergy = child.pet_allergy();
    c.smoke_free = child.smoke_free();
    c.wheelchair = child.wheelchair();
    for (const std::string& home : child.former_homes()) {
      absl::StatusOr<int64_t> home_id = validation::ParseResourceName(home, "homes", "home");
      if (home_id.ok()) c.former_home_ids.push_back(*home_id);
    }
    r.children.push_back(std::move(c));
  }
  r.sibling_rule = static_cast<matcher::SiblingRule>(request.sibling_rule());
  if (request.has_child_place()) {
    r.child_place =
        matcher::GeoPoint{request.child_place().latitude(), request.child_place().longitude()};
  }
  r.child_place_description = request.child_place_description();
  r.excluded_municipality_codes.assign(request.excluded_municipality_codes().begin(),
                                       request.excluded_municipality_codes().end());
  for (const gfo::v1::RiskLocation& risk : request.risk_locations()) {
    r.risk_locations.push_back(matcher::RiskLocation{
        matcher::GeoPoint{risk.location().latitude(), risk.location().longitude()},
        risk.min_distance_km()});
  }
  r.max_distance_km = request.max_distance_km();
  r.language_wish = request.language_wish();
  r.culture_wish = request.culture_wish();
  return r;
}

matcher::Config ConfigFromResolved(const validation::ResolvedConfig& resolved) {
  matcher::Config c;
  c.weights.proximity = resolved.weights.proximity;
  c.weights.language = resolved.weights.language;
  c.weights.background = resolved.weights.background;
  c.weights.experience = resolved.weights.experience;
  c.weights.age_fit = resolved.weights.age_fit;
  c.weights.siblings = resolved.weights.siblings;
  c.weights.continuity = resolved.weights.continuity;
  c.weights.waiting_time = resolved.weights.waiting_time;
  c.distance_half_km = resolved.distance_half_km;
  c.default_max_distance_km = resolved.default_max_distance_km;
  c.fairness_horizon_days = resolved.fairness_horizon_days;
  c.default_top_k = resolved.default_top_k;
  return c;
}

absl::StatusOr<matcher::Config> ConfigFromService(const gfo::v1::ServiceConfig& config) {
  absl::StatusOr<validation::ResolvedConfig> resolved = validation::ResolveConfig(config);
  if (!resolved.ok()) return resolved.status();
  matcher::Config c = ConfigFromResolved(*resolved);
  if (absl::Status s = c.Validate(); !s.ok()) return s;
  return c;
}

gfo::v1::RankedHome ToRankedHome(const matcher::RankedHome& ranked, gfo::v1::HomeProfile profile) {
  gfo::v1::RankedHome out;
  out.set_rank(ranked.rank);
  out.set_total(ranked.total);
  if (ranked.distance_km.has_value()) profile.set_distance_km(*ranked.distance_km);
  *out.mutable_profile() = std::move(profile);
  for (const matcher::CriterionScore& c : ranked.criteria) {
    gfo::v1::CriterionScore* score = out.add_criteria();
    score->set_criterion(c.name);
    score->set_score(c.score);
    score->set_weight(c.weight);
    score->set_contribution(c.contribution);
    score->set_explanation(c.explanation);
  }
  return out;
}

void FillCounts(const matcher::RankResult& result, gfo::v1::RankHomesResponse* out) {
  for (int r = 0; r < matcher::kExclusionReasonCount; ++r) {
    const int32_t homes = result.exclusion_counts[static_cast<size_t>(r)];
    if (homes == 0) continue;
    gfo::v1::ExclusionCount* count = out->add_exclusions();
    count->set_reason(
        std::string(matcher::ExclusionReasonName(static_cast<matcher::ExclusionReason>(r))));
    count->set_homes(homes);
  }
  out->set_considered(result.considered);
  out->set_excluded(result.excluded);
  out->set_eligible(result.eligible);
}

}  // namespace gfo::match
