// The per-home inner loop shared by RankHomes, the exclusion reports and the batch assignment.
// Internal to the matcher library.
//
// A request is prepared once (PreparedRequest: ages at the start day, masks, distance helpers);
// each home is then reduced to the compact HomeFacts the hard constraints read, checked, and
// scored without allocating. Explanations (explain.cc) reuse the same numbers.

#ifndef GFO_MATCHER_INTERNAL_KERNEL_H_
#define GFO_MATCHER_INTERNAL_KERNEL_H_

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "matcher/exclusion.h"
#include "matcher/geo.h"
#include "matcher/rank.h"
#include "matcher/types.h"

namespace gfo::matcher::internal {

// What the hard constraints read of a home, packed into one cache line.
struct HomeFacts {
  double lat;  // a protected home's: the centre of its grid cell (see FactsOf)
  double lon;
  int64_t id;
  int32_t municipality_code;
  int32_t available_from_day;
  int32_t waiting_since_day;  // see WaitingSinceDay
  NeedMask experience;
  float cell_radius_km;  // a protected home's ProtectedCellOf radius; 0 for any other home
  int16_t free_seats;    // FreeCapacity
  int16_t max_group;     // max_sibling_group, 0 replaced by capacity
  int16_t min_age;
  int16_t max_age;
  KindMask kinds;
  GenderMask accepted_genders;
  uint8_t flags;  // kFlag*
};

inline constexpr int32_t kNeverPlaced = INT32_MIN;
inline constexpr int32_t kPlacedNow = INT32_MAX;

// The day from which a home has waited for a child: kPlacedNow while a child is placed there (a
// home with a child is not waiting, however long ago it was approved or its last placement
// ended); else the day its last placement ended; else the day it was first approved (a pause
// does not reset it); kNeverPlaced when none is known.
inline int32_t WaitingSinceDay(const Home& home) {
  if (home.active_children > 0) return kPlacedNow;
  if (home.last_placement_end_day) return *home.last_placement_end_day;
  if (home.approved_day) return *home.approved_day;
  return kNeverPlaced;
}

inline constexpr uint8_t kFlagActive = 1;  // approved and not paused
inline constexpr uint8_t kFlagPets = 2;
inline constexpr uint8_t kFlagSmoking = 4;
inline constexpr uint8_t kFlagWheelchair = 8;
inline constexpr uint8_t kFlagProtected = 16;
inline constexpr uint8_t kFlagInBank = 32;  // approved, paused or not

inline int16_t ClampToInt16(int32_t value) {
  return static_cast<int16_t>(std::clamp<int32_t>(value, -32768, 32767));
}

// A protected home (skyddade personuppgifter) enters the matcher as the centre of its cell on a
// fixed grid of about 20 km (ProtectedCellOf in geo.h), never at its own position: every distance
// to it is measured from that centre, so every answer about it (scores, totals, explanations,
// exclusions) depends on its cell alone, and a caller who moves a draft's child place, maximum or
// risk locations around learns the cell and nothing finer. The position it had is not kept.
inline HomeFacts FactsOf(const Home& home) {
  HomeFacts f;
  f.lat = home.lat;
  f.lon = home.lon;
  f.cell_radius_km = 0;
  if (home.protected_location) {
    const GridCell cell = ProtectedCellOf({home.lat, home.lon});
    f.lat = cell.centre.lat;
    f.lon = cell.centre.lon;
    f.cell_radius_km = static_cast<float>(cell.radius_km);
  }
  f.id = home.id;
  f.municipality_code = home.municipality_code;
  f.available_from_day = home.available_from_day;
  f.waiting_since_day = WaitingSinceDay(home);
  f.experience = home.experience;
  f.free_seats = ClampToInt16(FreeCapacity(home));
  f.max_group = ClampToInt16(home.max_sibling_group > 0 ? home.max_sibling_group : home.capacity);
  f.min_age = ClampToInt16(home.min_age);
  f.max_age = ClampToInt16(home.max_age);
  f.kinds = home.kinds;
  f.accepted_genders = home.accepted_genders;
  f.flags = static_cast<uint8_t>(
      (home.approved && !home.paused ? kFlagActive : 0) | (home.approved ? kFlagInBank : 0) |
      (home.has_pets ? kFlagPets : 0) | (home.smoking ? kFlagSmoking : 0) |
      (home.wheelchair_access ? kFlagWheelchair : 0) |
      (home.protected_location ? kFlagProtected : 0));
  return f;
}
static_assert(sizeof(HomeFacts) <= 64);

struct PreparedRisk {
  DistanceFrom from;
  double min_distance_sq;
};

struct PreparedChild {
  int32_t age;
  std::vector<std::string> languages;  // lower case; [0] = the child's own language
  std::string background;
};

// Everything about a request that does not depend on the home.
struct PreparedRequest {
  const Request* request = nullptr;
  int32_t group_size = 1;
  bool together_required = false;
  int32_t start_day = 0;  // max(wanted start, today)
  int32_t start_year = 1970;
  int32_t min_child_age = 0;
  int32_t max_child_age = 0;
  KindMask kind_bit = 0;
  GenderMask child_genders = 0;  // union of GenderBit of every child
  NeedMask required_needs = 0;
  NeedMask preferred_needs = 0;  // preferred and not required
  bool pet_allergy = false;
  bool smoke_free = false;
  bool wheelchair = false;
  std::vector<int32_t> excluded_municipalities;
  std::vector<PreparedRisk> risks;
  std::optional<DistanceFrom> place;
  double max_distance_sq = 0;  // 0 = no hard maximum (needs a place)
  std::vector<PreparedChild> children;
  std::vector<int64_t> former_home_ids;  // sorted, unique, over all children
  double half_km = 30;
  int32_t horizon_days = 365;
  // Whether each criterion applies to this request, its applied weight (0 when it does not
  // apply) and the sum of applied weights.
  std::array<bool, kCriterionCount> applies{};
  std::array<double, kCriterionCount> weights{};
  double weight_sum = 0;
  double max_from_home = 0;  // sum of applied weights of language, background and age fit
};

PreparedRequest PrepareRequest(const Request& request, const Config& config);

// Squared distance from the child's place, or -1 without a place. A protected home's is its cell
// centre's (FactsOf): the proximity score and the maximum distance read the centre, the middle
// estimate of where the home is (it may be up to a cell radius nearer or farther), because
// neither guards the child's safety; the maximum keeps the child near school and network, and
// either edge of the cell would only trade homes wrongly kept for homes wrongly left out.
inline double PlaceDistanceSq(const HomeFacts& h, const PreparedRequest& p) {
  if (!p.place) return -1.0;
  return p.place->SquaredKm(h.lat, h.lon);
}

// Squared distance from a place of risk to the nearest point the home may be at. A protected
// home's is the distance to the nearest point of its cell (the centre's distance less the cell's
// radius, at least 0): a risk location is a safety line, so the check errs on the side of the
// child and leaves out a home whose cell reaches within the minimum distance, wherever in the
// cell the home is.
inline double RiskDistanceSq(const HomeFacts& h, const DistanceFrom& from) {
  const double sq = from.SquaredKm(h.lat, h.lon);
  if (!(h.flags & kFlagProtected)) return sq;
  const double nearest = NearestInCellKm(std::sqrt(sq), h.cell_radius_km);
  return nearest * nearest;
}

// The hard constraints. With kAllReasons false it stops at the first reason (the mask is then
// non-zero but incomplete). `place_sq` is PlaceDistanceSq(h, p).
//
// A home outside the bank (in inquiry or assessment, or closed) carries not_approved alone: the
// counts per reason tell the GFO which homes to recruit, and the facts of a home that is not,
// or no longer, in the bank say nothing about that. A paused home is in the bank and will come
// back, so it carries every reason that applies.
template <bool kAllReasons>
inline ExclusionMask Exclusions(const HomeFacts& h, const PreparedRequest& p, double place_sq) {
  if (!(h.flags & kFlagInBank)) return ReasonBit(ExclusionReason::kNotApproved);
  ExclusionMask mask = 0;
  auto add = [&mask](bool applies, ExclusionReason reason) {
    if (applies) mask |= ReasonBit(reason);
  };
  add(!(h.flags & kFlagActive), ExclusionReason::kNotApproved);
  add(h.available_from_day > p.start_day, ExclusionReason::kNotAvailableByStart);
  add(!(h.kinds & p.kind_bit), ExclusionReason::kKindNotOffered);
  add(p.together_required ? (h.free_seats < p.group_size || h.max_group < p.group_size)
                          : h.free_seats < 1,
      ExclusionReason::kInsufficientCapacity);
  add(p.min_child_age < h.min_age || p.max_child_age > h.max_age,
      ExclusionReason::kAgeOutsideRange);
  add(h.accepted_genders != 0 && (p.child_genders & ~h.accepted_genders) != 0,
      ExclusionReason::kGenderNotAccepted);
  add((p.required_needs & ~h.experience) != 0, ExclusionReason::kMissingRequiredCompetence);
  add(p.pet_allergy && (h.flags & kFlagPets), ExclusionReason::kPetsVsAllergy);
  add(p.smoke_free && (h.flags & kFlagSmoking), ExclusionReason::kSmokingVsSmokeFree);
  add(p.wheelchair && !(h.flags & kFlagWheelchair), ExclusionReason::kNoWheelchairAccess);
  if (!kAllReasons && mask != 0) return mask;
  for (int32_t code : p.excluded_municipalities) {
    if (code == h.municipality_code) {
      mask |= ReasonBit(ExclusionReason::kExcludedMunicipality);
      break;
    }
  }
  // The safety checks pass only on a distance that shows the home keeps them: one that is not a
  // finite number (a coordinate of the home, the child's place or the risk that is not) fails.
  for (const PreparedRisk& risk : p.risks) {
    const double risk_sq = RiskDistanceSq(h, risk.from);
    if (!std::isfinite(risk_sq) || risk_sq < risk.min_distance_sq) {
      mask |= ReasonBit(ExclusionReason::kNearRiskLocation);
      break;
    }
  }
  add(p.max_distance_sq > 0 && !(place_sq <= p.max_distance_sq),
      ExclusionReason::kBeyondMaxDistance);
  return mask;
}

// Raw facts behind the scores, kept for explanations.
struct ScoreDetail {
  double distance_km = -1;    // -1 = no place; NaN = not a finite distance (see ScoreFromFacts)
  double cell_radius_km = 0;  // HomeFacts::cell_radius_km
  int32_t seats_for_group = 0;
  int32_t waiting_days = 0;
  int32_t continuity_children = 0;  // children who lived in the home
};

using Scores = std::array<double, kCriterionCount>;

// Scores the criteria that HomeFacts decide (proximity, experience, siblings, continuity,
// waiting time) into `scores`; returns their weighted sum. A distance that is not a finite number
// scores proximity 0, as a home infinitely far away would (and as TopSelector's bound assumes).
double ScoreFromFacts(const HomeFacts& h, const PreparedRequest& p, double place_sq, Scores* scores,
                      ScoreDetail* detail);

// Scores the criteria that need the full Home (language, background, age fit) into `scores`;
// returns their weighted sum, at most p.max_from_home.
double ScoreFromHome(const HomeFacts& h, const Home& home, const PreparedRequest& p,
                     Scores* scores);

// The total of an eligible home: the weighted mean of the applied criteria (0 if none applies).
inline double ScoreHome(const HomeFacts& h, const Home& home, const PreparedRequest& p,
                        double place_sq, Scores* scores, ScoreDetail* detail) {
  const double sum =
      ScoreFromFacts(h, p, place_sq, scores, detail) + ScoreFromHome(h, home, p, scores);
  return p.weight_sum > 0 ? sum / p.weight_sum : 0.0;
}

// The full criteria list with explanations for an eligible home.
std::vector<CriterionScore> ExplainScores(const Home& home, const PreparedRequest& p,
                                          const Scores& scores, const ScoreDetail& detail);

// An eligible home and its total, ordered by Better.
struct Candidate {
  double total;
  int64_t id;
  uint32_t index;
};

// The ranking order: total descending, then home id, then input index ascending.
inline bool Better(const Candidate& a, const Candidate& b) {
  if (a.total != b.total) return a.total > b.total;
  if (a.id != b.id) return a.id < b.id;
  return a.index < b.index;
}

// Keeps the best k of the eligible homes offered to it. It computes a home's total only when an
// upper bound says the home could still enter the top k: first by distance alone, then by the
// facts-only scores plus the largest possible rest. The result equals sorting every total.
class TopSelector {
 public:
  // `storage` is cleared and reused, so a caller scanning many requests allocates once.
  TopSelector(const PreparedRequest& p, size_t k, std::vector<Candidate>* storage);

  void Offer(const HomeFacts& h, const Home& home, uint32_t index, double place_sq);

  // The kept candidates, best first. The selector must not be used afterwards.
  std::vector<Candidate>& Finish();

 private:
  void UpdateCut();

  const PreparedRequest& p_;
  size_t k_;
  std::vector<Candidate>& heap_;  // worst candidate at front once full
  double cut_sq_;                 // homes farther than this (squared km) cannot enter
  Scores scores_;
  ScoreDetail detail_;
};

}  // namespace gfo::matcher::internal

#endif  // GFO_MATCHER_INTERNAL_KERNEL_H_
