// Batch assignment: a suggestion of one home for each open request, for GFO staff to review.
//
// It maximises the total ranking score within every home's free capacity. Each request's whole
// group goes to one home (a group of g children takes g seats there); splitting a group that only
// prefers to stay together is left to staff. Emergency requests come first: the objective gives
// each assigned emergency request a bonus larger than every possible score sum, so no set of
// non-emergency assignments outweighs one more emergency request placed.
//
// Method: candidates per request are the best R homes from the ranking that can take the whole
// group. A min-cost flow (LEMON NetworkSimplex) solves the problem exactly when every group is one
// child; with larger groups it solves the continuous relaxation, and if that places no group
// across several homes it is optimal for the integer problem too. Otherwise, for each connected
// part of the candidate graph that holds a split group: a whole-group assignment is rounded from
// the relaxation (diving, or a greedy repair); if the relaxation's bound leaves no room above it,
// it is optimal; else the part is solved as a 0-1 program (a LEMON GlpkMip model, candidates
// ruled out by the relaxation's reduced costs removed, GLPK's branch and bound started from the
// rounded assignment, within a time limit).

#ifndef GFO_MATCHER_ASSIGNMENT_H_
#define GFO_MATCHER_ASSIGNMENT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "matcher/types.h"

namespace gfo::matcher {

struct AssignmentOptions {
  // R: candidate homes kept per request, best first. The solution is optimal over these.
  int32_t candidates_per_request = 50;
  // Integer programs with more variables than this (after reduced-cost fixing) are not
  // attempted: GLPK rarely proves such a part optimal in time. The rounded assignment is then
  // used and `optimal` is false.
  int64_t max_mip_variables = 20000;
  // Time for each integer program (its LP and its branch and bound each). When it runs out, the
  // best assignment found so far is used (never worse than the rounded one) and `optimal` is
  // false; only then can the result depend on the machine's speed.
  int32_t mip_time_limit_ms = 1000;
  // Solve every part of the problem by the integer program, skipping the flow (for cross-checks).
  bool force_mip = false;
};

// A home one request may go to.
struct CandidateHome {
  uint32_t home_index = 0;
  double score = 0;    // the ranking total, 0..1
  int64_t weight = 0;  // round(score * CandidateSet::score_scale)
};

// One request's candidate homes.
struct RequestCandidates {
  int32_t group_size = 1;
  bool emergency = false;
  int32_t eligible_homes = 0;        // homes that could take the whole group, before pruning to R
  std::vector<CandidateHome> homes;  // best first
};

// The assignment problem after pruning: what the solvers see.
struct CandidateSet {
  std::vector<RequestCandidates> requests;  // parallel to the input requests
  std::vector<int32_t> free_seats;          // parallel to the input homes
  int64_t score_scale = 0;                  // scores are resolved to 1 / score_scale
  // Added to the objective for each assigned emergency request: more than the sum of every
  // request's best weight.
  int64_t emergency_bonus = 0;
  bool pruned = false;  // some request had more eligible homes than R
};

struct AssignedPair {
  size_t request_index = 0;
  size_t home_index = 0;
  int64_t request_id = 0;
  int64_t home_id = 0;
  double score = 0;  // the ranking total of this home for this request
  int32_t children = 0;
  bool emergency = false;
};

struct AssignmentResult {
  std::vector<AssignedPair> assignments;        // in request input order
  std::vector<int64_t> unassigned_request_ids;  // in request input order
  double total_score = 0;                       // sum of the assigned pairs' scores
  // The integer objective maximised: sum of weights plus emergency bonuses.
  int64_t objective = 0;
  // An upper bound on the best objective over the candidate set (from the relaxation); equal to
  // `objective` when optimal, -1 when unknown. (objective_bound - objective) / score_scale says
  // how much total score an optimal assignment could at most add.
  int64_t objective_bound = 0;
  int64_t score_scale = 0;  // CandidateSet::score_scale
  int32_t emergency_assigned = 0;
  bool optimal = false;            // optimal over the candidate set
  bool candidates_pruned = false;  // CandidateSet::pruned: optimal over all homes only if false
  std::string method;              // "min_cost_flow" or "mip"
};

// Ranks every home for every request and keeps the best R that can take the whole group.
// REQUIRES: config.Validate() is OK; every request has at least one child.
CandidateSet BuildCandidates(const std::vector<Home>& homes, const std::vector<Request>& requests,
                             const Config& config, const AssignmentOptions& options = {});

// Solves the assignment over `candidates`, built from the same homes and requests.
AssignmentResult SolveAssignment(const CandidateSet& candidates, const std::vector<Home>& homes,
                                 const std::vector<Request>& requests,
                                 const AssignmentOptions& options = {});

// BuildCandidates, then SolveAssignment.
AssignmentResult SuggestAssignment(const std::vector<Home>& homes,
                                   const std::vector<Request>& requests, const Config& config,
                                   const AssignmentOptions& options = {});

}  // namespace gfo::matcher

#endif  // GFO_MATCHER_ASSIGNMENT_H_
