// Ranking the homes of the bank for one placement request.
//
// Hard constraints (exclusion.h) remove homes; every remaining home gets a score from 0 to 1 on
// each soft criterion, and its total is the weighted mean over the criteria that apply to the
// request. The order is deterministic: total descending, then home id ascending. Explanations are
// written only for the top K homes, so ranking a national bank stays in the millisecond range.

#ifndef GFO_MATCHER_RANK_H_
#define GFO_MATCHER_RANK_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/exclusion.h"
#include "matcher/types.h"

namespace gfo::matcher {

// The soft criteria, in the order they are reported.
enum class Criterion : uint8_t {
  kProximity = 0,  // near the child's own place (school, home)
  kLanguage,       // speaks the child's language
  kBackground,     // shares the child's stated cultural or religious background
  kExperience,     // experience with the child's preferred (not required) needs
  kAgeFit,         // the child's age against the home's range and its own children
  kSiblings,       // takes the whole sibling group
  kContinuity,     // the child has lived in the home before
  kWaitingTime,    // the home's time since its last placement (fairness)
};
inline constexpr int kCriterionCount = 8;

// Stable snake_case name, e.g. "age_fit".
std::string_view CriterionName(Criterion criterion);

// The configured weight of a criterion.
double WeightOf(const Weights& weights, Criterion criterion);

struct CriterionScore {
  Criterion criterion = Criterion::kProximity;
  std::string name;         // CriterionName(criterion)
  double score = 0;         // 0..1
  double weight = 0;        // 0 when the criterion does not apply to this request
  double contribution = 0;  // weight * score / sum of applied weights
  std::string explanation;  // one line for a case worker, e.g. "12 km from the child's school"
};

struct RankedHome {
  int32_t rank = 0;       // 1-based
  size_t home_index = 0;  // index into the input vector
  int64_t home_id = 0;
  double total = 0;  // 0..1, the sum of the contributions
  // Distance from the child's place; nullopt without a place or when the home's location is
  // protected.
  std::optional<double> distance_km;
  std::vector<CriterionScore> criteria;  // all kCriterionCount, in Criterion order
};

struct RankResult {
  std::vector<RankedHome> homes;  // the top K eligible homes, best first
  // Homes carrying each reason, indexed by ExclusionReason; a home with several reasons counts
  // once under each, a home outside the bank under not_approved only (exclusion.h).
  std::array<int32_t, kExclusionReasonCount> exclusion_counts{};
  int32_t considered = 0;  // input homes
  int32_t excluded = 0;    // homes with at least one reason
  int32_t eligible = 0;    // considered - excluded
};

// Ranks `homes` for `request` and returns the best `top_k` (0 or less = config.default_top_k)
// with explanations, plus exclusion counts.
// REQUIRES: config.Validate() is OK; request has at least one child.
RankResult RankHomes(const std::vector<Home>& homes, const Request& request, const Config& config,
                     int top_k = 0);

}  // namespace gfo::matcher

#endif  // GFO_MATCHER_RANK_H_
