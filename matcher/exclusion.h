// Hard constraints: the reasons a home cannot take a request's children at all.
//
// Each reason has a stable snake_case name (used on the wire in ExclusionCount.reason) and a
// sentence for people. A home excluded for several reasons carries all of them, so counts per
// reason tell which homes the bank lacks; a home outside the bank (not approved and not paused:
// in inquiry or assessment, or closed) carries kNotApproved alone.

#ifndef GFO_MATCHER_EXCLUSION_H_
#define GFO_MATCHER_EXCLUSION_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "matcher/types.h"

namespace gfo::matcher {

enum class ExclusionReason : uint8_t {
  kNotApproved = 0,            // not approved, or paused
  kNotAvailableByStart,        // available only after the wanted start
  kKindNotOffered,             // does not offer the kind of placement
  kInsufficientCapacity,       // too few free seats (or too small a sibling group) for the group
  kAgeOutsideRange,            // a child's age is outside the home's accepted ages
  kGenderNotAccepted,          // a child's gender is not among the accepted ones
  kMissingRequiredCompetence,  // a required need the home has no experience with
  kPetsVsAllergy,              // pets, and a child is allergic
  kSmokingVsSmokeFree,         // smoking, and a child needs a smoke-free home
  kNoWheelchairAccess,         // a child needs wheelchair access
  kExcludedMunicipality,       // the home lies in an excluded municipality
  kNearRiskLocation,           // closer to a risk location than its minimum distance
  kBeyondMaxDistance,          // farther from the child's place than the maximum distance
};
inline constexpr int kExclusionReasonCount = 13;

// Bit r set = ExclusionReason r applies; 0 = eligible.
using ExclusionMask = uint16_t;

constexpr ExclusionMask ReasonBit(ExclusionReason reason) {
  return static_cast<ExclusionMask>(1u << static_cast<unsigned>(reason));
}

// Stable snake_case name, e.g. "insufficient_capacity".
std::string_view ExclusionReasonName(ExclusionReason reason);

// A short English phrase for a case worker, e.g. "too few free places for the children".
std::string_view ExclusionReasonDescription(ExclusionReason reason);

// The reasons in `mask`, in enum order.
std::vector<ExclusionReason> ReasonsInMask(ExclusionMask mask);

// Every reason that excludes `home` for `request` (empty = eligible). Uses the same rules as
// RankHomes. REQUIRES: config.Validate() is OK.
std::vector<ExclusionReason> ExplainExclusion(const Home& home, const Request& request,
                                              const Config& config);

// The exclusion mask of every home, in input order.
std::vector<ExclusionMask> ComputeExclusionMasks(const std::vector<Home>& homes,
                                                 const Request& request, const Config& config);

}  // namespace gfo::matcher

#endif  // GFO_MATCHER_EXCLUSION_H_
