// RankHomes, the exclusion reports, and the names of reasons and criteria.

#include "matcher/rank.h"

#include <algorithm>
#include <bit>

#include "matcher/internal/kernel.h"

namespace gfo::matcher {
namespace {

using internal::Candidate;
using internal::Exclusions;
using internal::FactsOf;
using internal::HomeFacts;
using internal::PlaceDistanceSq;
using internal::PreparedRequest;
using internal::PrepareRequest;
using internal::ScoreDetail;
using internal::TopSelector;

}  // namespace

std::string_view ExclusionReasonName(ExclusionReason reason) {
  switch (reason) {
    case ExclusionReason::kNotApproved:
      return "not_approved";
    case ExclusionReason::kNotAvailableByStart:
      return "not_available_by_start";
    case ExclusionReason::kKindNotOffered:
      return "kind_not_offered";
    case ExclusionReason::kInsufficientCapacity:
      return "insufficient_capacity";
    case ExclusionReason::kAgeOutsideRange:
      return "age_outside_range";
    case ExclusionReason::kGenderNotAccepted:
      return "gender_not_accepted";
    case ExclusionReason::kMissingRequiredCompetence:
      return "missing_required_competence";
    case ExclusionReason::kPetsVsAllergy:
      return "pets_vs_allergy";
    case ExclusionReason::kSmokingVsSmokeFree:
      return "smoking_vs_smoke_free";
    case ExclusionReason::kNoWheelchairAccess:
      return "no_wheelchair_access";
    case ExclusionReason::kExcludedMunicipality:
      return "excluded_municipality";
    case ExclusionReason::kNearRiskLocation:
      return "near_risk_location";
    case ExclusionReason::kBeyondMaxDistance:
      return "beyond_max_distance";
  }
  return "unknown";
}

std::string_view ExclusionReasonDescription(ExclusionReason reason) {
  switch (reason) {
    case ExclusionReason::kNotApproved:
      return "not approved, or paused";
    case ExclusionReason::kNotAvailableByStart:
      return "not available by the wanted start date";
    case ExclusionReason::kKindNotOffered:
      return "does not offer this kind of placement";
    case ExclusionReason::kInsufficientCapacity:
      return "too few free places for the children";
    case ExclusionReason::kAgeOutsideRange:
      return "a child's age is outside the ages the home takes";
    case ExclusionReason::kGenderNotAccepted:
      return "a child's gender is not one the home takes";
    case ExclusionReason::kMissingRequiredCompetence:
      return "lacks experience a child's needs require";
    case ExclusionReason::kPetsVsAllergy:
      return "has pets and a child is allergic";
    case ExclusionReason::kSmokingVsSmokeFree:
      return "smokes and a child needs a smoke-free home";
    case ExclusionReason::kNoWheelchairAccess:
      return "no wheelchair access and a child needs it";
    case ExclusionReason::kExcludedMunicipality:
      return "in a municipality excluded for safety";
    case ExclusionReason::kNearRiskLocation:
      return "too close to a risk location";
    case ExclusionReason::kBeyondMaxDistance:
      return "farther than the maximum distance from the child's place";
  }
  return "unknown reason";
}

std::vector<ExclusionReason> ReasonsInMask(ExclusionMask mask) {
  std::vector<ExclusionReason> reasons;
  for (int r = 0; r < kExclusionReasonCount; ++r) {
    if (mask & (1u << r)) reasons.push_back(static_cast<ExclusionReason>(r));
  }
  return reasons;
}

std::vector<ExclusionReason> ExplainExclusion(const Home& home, const Request& request,
                                              const Config& config) {
  const PreparedRequest p = PrepareRequest(request, config);
  const HomeFacts facts = FactsOf(home);
  return ReasonsInMask(Exclusions<true>(facts, p, PlaceDistanceSq(facts, p)));
}

std::vector<ExclusionMask> ComputeExclusionMasks(const std::vector<Home>& homes,
                                                 const Request& request, const Config& config) {
  const PreparedRequest p = PrepareRequest(request, config);
  std::vector<ExclusionMask> masks;
  masks.reserve(homes.size());
  for (const Home& home : homes) {
    const HomeFacts facts = FactsOf(home);
    masks.push_back(Exclusions<true>(facts, p, PlaceDistanceSq(facts, p)));
  }
  return masks;
}

std::string_view CriterionName(Criterion criterion) {
  switch (criterion) {
    case Criterion::kProximity:
      return "proximity";
    case Criterion::kLanguage:
      return "language";
    case Criterion::kBackground:
      return "background";
    case Criterion::kExperience:
      return "experience";
    case Criterion::kAgeFit:
      return "age_fit";
    case Criterion::kSiblings:
      return "siblings";
    case Criterion::kContinuity:
      return "continuity";
    case Criterion::kWaitingTime:
      return "waiting_time";
  }
  return "unknown";
}

double WeightOf(const Weights& weights, Criterion criterion) {
  switch (criterion) {
    case Criterion::kProximity:
      return weights.proximity;
    case Criterion::kLanguage:
      return weights.language;
    case Criterion::kBackground:
      return weights.background;
    case Criterion::kExperience:
      return weights.experience;
    case Criterion::kAgeFit:
      return weights.age_fit;
    case Criterion::kSiblings:
      return weights.siblings;
    case Criterion::kContinuity:
      return weights.continuity;
    case Criterion::kWaitingTime:
      return weights.waiting_time;
  }
  return 0;
}

RankResult RankHomes(const std::vector<Home>& homes, const Request& request, const Config& config,
                     int top_k) {
  const PreparedRequest p = PrepareRequest(request, config);
  if (top_k <= 0) top_k = config.default_top_k;
  RankResult result;
  result.considered = static_cast<int32_t>(homes.size());

  std::vector<Candidate> storage;
  TopSelector selector(p, static_cast<size_t>(top_k), &storage);
  for (size_t i = 0; i < homes.size(); ++i) {
    const HomeFacts facts = FactsOf(homes[i]);
    const double place_sq = PlaceDistanceSq(facts, p);
    ExclusionMask mask = Exclusions<true>(facts, p, place_sq);
    if (mask != 0) {
      ++result.excluded;
      while (mask != 0) {
        ++result.exclusion_counts[std::countr_zero(static_cast<unsigned>(mask))];
        mask &= static_cast<ExclusionMask>(mask - 1);
      }
      continue;
    }
    ++result.eligible;
    selector.Offer(facts, homes[i], static_cast<uint32_t>(i), place_sq);
  }

  const std::vector<Candidate>& top = selector.Finish();
  result.homes.reserve(top.size());
  internal::Scores scores;
  ScoreDetail detail;
  for (size_t r = 0; r < top.size(); ++r) {
    const Home& home = homes[top[r].index];
    const HomeFacts facts = FactsOf(home);
    const double place_sq = PlaceDistanceSq(facts, p);
    RankedHome ranked;
    ranked.rank = static_cast<int32_t>(r + 1);
    ranked.home_index = top[r].index;
    ranked.home_id = home.id;
    ranked.total = ScoreHome(facts, home, p, place_sq, &scores, &detail);
    if (detail.distance_km >= 0 && !home.protected_location)
      ranked.distance_km = detail.distance_km;
    ranked.criteria = internal::ExplainScores(home, p, scores, detail);
    result.homes.push_back(std::move(ranked));
  }
  return result;
}

}  // namespace gfo::matcher
