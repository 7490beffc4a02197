// The one place where gfo.v1 protos and the matcher's plain types meet: homes and placement
// requests mapped onto gfo::matcher types, the server configuration onto matcher::Config, and
// the matcher's results back onto RankedHome / CriterionScore / ExclusionCount.
//
// All functions are pure and thread-safe.

#ifndef GFO_SERVICE_MATCH_MAPPING_H_
#define GFO_SERVICE_MATCH_MAPPING_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "gfo/v1/config.pb.h"
#include "gfo/v1/home.pb.h"
#include "gfo/v1/match.pb.h"
#include "gfo/v1/request.pb.h"
#include "matcher/rank.h"
#include "matcher/types.h"
#include "service/validation/config_validation.h"

namespace gfo::match {

// The matcher's view of a stored home (gfo.v1.Home as homes.h LoadHome returns it; status set).
// Capacity in use (active_children, held_children) is left 0: the home index fills it.
// `approved_day` is the day the home was first approved, when known.
matcher::Home HomeFromProto(int64_t id, const gfo::v1::Home& home,
                            std::optional<int32_t> approved_day);

// The matcher's view of a stored request as of `today_day` (days since 1970-01-01). A child's
// age comes from its birth date, or from its personal identity number when no birth date is
// stored. FAILED_PRECONDITION naming the request when it has no children or a child has
// neither. Former homes that are not `homes/{id}` names are ignored.
absl::StatusOr<matcher::Request> RequestFromProto(int64_t id,
                                                  const gfo::v1::PlacementRequest& request,
                                                  int32_t today_day);

// The matcher configuration of resolved (validated, defaults applied) server configuration.
matcher::Config ConfigFromResolved(const validation::ResolvedConfig& resolved);

// ResolveConfig + ConfigFromResolved + matcher::Config::Validate: INVALID_ARGUMENT naming the
// configuration field (`matcher.default_top_k: ...`).
absl::StatusOr<matcher::Config> ConfigFromService(const gfo::v1::ServiceConfig& config);

// One ranked home on the wire. `profile` is the home's profile (homes.h ToProfile) with
// free_capacity as ranked; distance_km is set here (left unset when unknown or protected).
gfo::v1::RankedHome ToRankedHome(const matcher::RankedHome& ranked, gfo::v1::HomeProfile profile);

// Copies the counts of a RankResult: one ExclusionCount per reason with at least one home (in
// reason order, snake_case codes), and considered/excluded/eligible.
void FillCounts(const matcher::RankResult& result, gfo::v1::RankHomesResponse* out);

}  // namespace gfo::match

#endif  // GFO_SERVICE_MATCH_MAPPING_H_
