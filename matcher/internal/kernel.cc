// PrepareRequest and the soft scores of one home.

#include "matcher/internal/kernel.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "matcher/civil_day.h"

namespace gfo::matcher::internal {
namespace {

// Margin for floating-point rounding in the pruning bounds: prune only what is clearly out.
constexpr double kSlack = 1e-9;

bool SpeaksLanguage(const Home& home, const std::string& language) {
  for (const std::string& spoken : home.languages) {
    if (absl::EqualsIgnoreCase(spoken, language)) return true;
  }
  return false;
}

double LanguageScore(const Home& home, const PreparedRequest& p) {
  double sum = 0;
  int counted = 0;
  for (const PreparedChild& child : p.children) {
    if (child.languages.empty()) continue;
    ++counted;
    if (SpeaksLanguage(home, child.languages[0])) {
      sum += 1.0;
      continue;
    }
    for (size_t i = 1; i < child.languages.size(); ++i) {
      if (SpeaksLanguage(home, child.languages[i])) {
        sum += 0.5;
        break;
      }
    }
  }
  return counted > 0 ? sum / counted : 0.0;
}

double BackgroundScore(const Home& home, const PreparedRequest& p) {
  const absl::string_view stated = absl::StripAsciiWhitespace(home.background);
  double sum = 0;
  int counted = 0;
  for (const PreparedChild& child : p.children) {
    if (child.background.empty()) continue;
    ++counted;
    if (!stated.empty() && absl::EqualsIgnoreCase(stated, child.background)) sum += 1.0;
  }
  return counted > 0 ? sum / counted : 0.0;
}

// Range part: 1 in the middle of the home's accepted ages, 0.5 at either end. Own-children part:
// a child at least 3 years from every own child under 18 scores 1, the same age 0.
double AgeFitScore(const HomeFacts& h, const Home& home, const PreparedRequest& p) {
  const double mid = 0.5 * (h.min_age + h.max_age);
  const double half = 0.5 * (h.max_age - h.min_age);
  double sum = 0;
  for (const PreparedChild& child : p.children) {
    double range_fit = 1.0;
    if (half > 0) range_fit = std::clamp(1.0 - 0.5 * std::abs(child.age - mid) / half, 0.0, 1.0);
    int32_t min_gap = -1;
    for (int32_t year : home.own_children_birth_years) {
      const int32_t own_age = p.start_year - year;
      if (own_age < 0 || own_age >= 18) continue;
      const int32_t gap = std::abs(own_age - child.age);
      if (min_gap < 0 || gap < min_gap) min_gap = gap;
    }
    const double own_fit = min_gap < 0 ? 1.0 : std::min(1.0, min_gap / 3.0);
    sum += 0.5 * range_fit + 0.5 * own_fit;
  }
  return p.children.empty() ? 1.0 : sum / static_cast<double>(p.children.size());
}

}  // namespace

PreparedRequest PrepareRequest(const Request& request, const Config& config) {
  PreparedRequest p;
  p.request = &request;
  p.group_size = std::max<int32_t>(1, static_cast<int32_t>(request.children.size()));
  p.together_required = p.group_size > 1 && request.sibling_rule == SiblingRule::kTogetherRequired;
  p.start_day = std::max(request.wanted_start_day, request.today_day);
  p.start_year = CivilFromDay(p.start_day).year;
  p.kind_bit = KindBit(request.kind);
  p.half_km = config.distance_half_km;
  p.horizon_days = config.fairness_horizon_days;
  bool first = true;
  for (const Child& child : request.children) {
    PreparedChild prepared;
    prepared.age = child.birth_day ? AgeInYears(*child.birth_day, p.start_day) : child.age_years;
    for (const std::string& language : child.languages) {
      if (!language.empty()) prepared.languages.push_back(absl::AsciiStrToLower(language));
    }
    prepared.background = std::string(absl::StripAsciiWhitespace(child.background));
    p.min_child_age = first ? prepared.age : std::min(p.min_child_age, prepared.age);
    p.max_child_age = first ? prepared.age : std::max(p.max_child_age, prepared.age);
    first = false;
    p.child_genders |= GenderBit(child.gender);
    p.required_needs |= child.required_needs;
    p.preferred_needs |= child.preferred_needs;
    p.pet_allergy |= child.pet_allergy;
    p.smoke_free |= child.smoke_free;
    p.wheelchair |= child.wheelchair;
    p.former_home_ids.insert(p.former_home_ids.end(), child.former_home_ids.begin(),
                             child.former_home_ids.end());
    p.children.push_back(std::move(prepared));
  }
  // Bits outside 1..kMaxNeed name no need; they never match and never exclude.
  constexpr NeedMask kValidNeeds = ((NeedMask{1} << (kMaxNeed + 1)) - 1) & ~NeedMask{1};
  p.required_needs &= kValidNeeds;
  p.preferred_needs &= kValidNeeds & ~p.required_needs;
  std::sort(p.former_home_ids.begin(), p.former_home_ids.end());
  p.former_home_ids.erase(std::unique(p.former_home_ids.begin(), p.former_home_ids.end()),
                          p.former_home_ids.end());
  p.excluded_municipalities = request.excluded_municipality_codes;
  for (const RiskLocation& risk : request.risk_locations) {
    if (risk.min_distance_km > 0) {
      p.risks.push_back({DistanceFrom(risk.point), risk.min_distance_km * risk.min_distance_km});
    }
  }
  if (request.child_place) {
    p.place.emplace(*request.child_place);
    const double max_km =
        request.max_distance_km > 0 ? request.max_distance_km : config.default_max_distance_km;
    p.max_distance_sq = max_km > 0 ? max_km * max_km : 0;
  }

  bool any_language = false;
  bool any_background = false;
  for (const PreparedChild& child : p.children) {
    any_language |= !child.languages.empty();
    any_background |= !child.background.empty();
  }
  const Weights& w = config.weights;
  auto set = [&p](Criterion c, bool applies, double weight) {
    p.applies[static_cast<size_t>(c)] = applies;
    p.weights[static_cast<size_t>(c)] = applies ? weight : 0.0;
  };
  set(Criterion::kProximity, true, w.proximity);
  set(Criterion::kLanguage, any_language, w.language);
  set(Criterion::kBackground, any_background, w.background);
  set(Criterion::kExperience, p.preferred_needs != 0, w.experience);
  set(Criterion::kAgeFit, true, w.age_fit);
  set(Criterion::kSiblings, p.group_size > 1, w.siblings);
  set(Criterion::kContinuity, !p.former_home_ids.empty(), w.continuity);
  set(Criterion::kWaitingTime, true, w.waiting_time);
  p.weight_sum = 0;
  for (double weight : p.weights) p.weight_sum += weight;
  p.max_from_home = p.weights[static_cast<size_t>(Criterion::kLanguage)] +
                    p.weights[static_cast<size_t>(Criterion::kBackground)] +
                    p.weights[static_cast<size_t>(Criterion::kAgeFit)];
  return p;
}

double ScoreFromFacts(const HomeFacts& h, const PreparedRequest& p, double place_sq, Scores* scores,
                      ScoreDetail* detail) {
  Scores& s = *scores;
  auto at = [&s](Criterion c) -> double& { return s[static_cast<size_t>(c)]; };
  auto weight = [&p](Criterion c) { return p.weights[static_cast<size_t>(c)]; };

  detail->cell_radius_km = h.cell_radius_km;
  if (p.place && !std::isfinite(place_sq)) {
    detail->distance_km = std::numeric_limits<double>::quiet_NaN();
    at(Criterion::kProximity) = 0.0;
  } else if (place_sq >= 0) {
    detail->distance_km = std::sqrt(place_sq);
    at(Criterion::kProximity) = std::exp2(-detail->distance_km / p.half_km);
  } else {
    detail->distance_km = -1;
    at(Criterion::kProximity) = 0.5;
  }
  at(Criterion::kExperience) =
      p.preferred_needs == 0
          ? 0.0
          : static_cast<double>(std::popcount(p.preferred_needs & h.experience)) /
                std::popcount(p.preferred_needs);
  detail->seats_for_group =
      std::max<int32_t>(0, std::min<int32_t>({h.free_seats, h.max_group, p.group_size}));
  at(Criterion::kSiblings) = static_cast<double>(detail->seats_for_group) / p.group_size;
  detail->continuity_children = 0;
  if (!p.former_home_ids.empty() &&
      std::binary_search(p.former_home_ids.begin(), p.former_home_ids.end(), h.id)) {
    for (const Child& child : p.request->children) {
      if (std::find(child.former_home_ids.begin(), child.former_home_ids.end(), h.id) !=
          child.former_home_ids.end()) {
        ++detail->continuity_children;
      }
    }
  }
  at(Criterion::kContinuity) = static_cast<double>(detail->continuity_children) / p.group_size;
  if (h.waiting_since_day == kPlacedNow) {
    detail->waiting_days = 0;
  } else if (h.waiting_since_day == kNeverPlaced) {
    detail->waiting_days = p.horizon_days;
  } else {
    detail->waiting_days = std::max(0, p.request->today_day - h.waiting_since_day);
  }
  at(Criterion::kWaitingTime) =
      std::min(1.0, static_cast<double>(detail->waiting_days) / p.horizon_days);

  return weight(Criterion::kProximity) * at(Criterion::kProximity) +
         weight(Criterion::kExperience) * at(Criterion::kExperience) +
         weight(Criterion::kSiblings) * at(Criterion::kSiblings) +
         weight(Criterion::kContinuity) * at(Criterion::kContinuity) +
         weight(Criterion::kWaitingTime) * at(Criterion::kWaitingTime);
}

double ScoreFromHome(const HomeFacts& h, const Home& home, const PreparedRequest& p,
                     Scores* scores) {
  Scores& s = *scores;
  auto at = [&s](Criterion c) -> double& { return s[static_cast<size_t>(c)]; };
  auto weight = [&p](Criterion c) { return p.weights[static_cast<size_t>(c)]; };
  at(Criterion::kLanguage) = weight(Criterion::kLanguage) > 0 ? LanguageScore(home, p) : 0.0;
  at(Criterion::kBackground) = weight(Criterion::kBackground) > 0 ? BackgroundScore(home, p) : 0.0;
  at(Criterion::kAgeFit) = AgeFitScore(h, home, p);
  return weight(Criterion::kLanguage) * at(Criterion::kLanguage) +
         weight(Criterion::kBackground) * at(Criterion::kBackground) +
         weight(Criterion::kAgeFit) * at(Criterion::kAgeFit);
}

TopSelector::TopSelector(const PreparedRequest& p, size_t k, std::vector<Candidate>* storage)
    : p_(p), k_(k), heap_(*storage), cut_sq_(std::numeric_limits<double>::infinity()) {
  heap_.clear();
  heap_.reserve(k);
}

void TopSelector::UpdateCut() {
  cut_sq_ = std::numeric_limits<double>::infinity();
  const double w_prox = p_.weights[static_cast<size_t>(Criterion::kProximity)];
  if (!p_.place || w_prox <= 0 || p_.weight_sum <= 0) return;
  // A home can enter only if w_prox * proximity + (weight_sum - w_prox) >= threshold * sum.
  const double need = (heap_.front().total - kSlack) * p_.weight_sum - (p_.weight_sum - w_prox);
  if (need <= 0) return;
  if (need >= w_prox) {
    cut_sq_ = 0;
    return;
  }
  const double cut_km = -p_.half_km * std::log2(need / w_prox);
  cut_sq_ = cut_km * cut_km * (1 + kSlack);
}

void TopSelector::Offer(const HomeFacts& h, const Home& home, uint32_t index, double place_sq) {
  if (k_ == 0) return;
  const bool full = heap_.size() == k_;
  if (full && place_sq > cut_sq_) return;
  const double facts_part = ScoreFromFacts(h, p_, place_sq, &scores_, &detail_);
  double total = 0;
  if (p_.weight_sum > 0) {
    if (full && (facts_part + p_.max_from_home) / p_.weight_sum + kSlack < heap_.front().total) {
      return;
    }
    total = (facts_part + ScoreFromHome(h, home, p_, &scores_)) / p_.weight_sum;
  }
  const Candidate candidate{total, h.id, index};
  if (!full) {
    heap_.push_back(candidate);
    std::push_heap(heap_.begin(), heap_.end(), Better);
    if (heap_.size() == k_) UpdateCut();
    return;
  }
  if (!Better(candidate, heap_.front())) return;
  std::pop_heap(heap_.begin(), heap_.end(), Better);
  heap_.back() = candidate;
  std::push_heap(heap_.begin(), heap_.end(), Better);
  UpdateCut();
}

std::vector<Candidate>& TopSelector::Finish() {
  std::sort_heap(heap_.begin(), heap_.end(), Better);
  return heap_;
}

}  // namespace gfo::matcher::internal
