// The exact 0-1 program for the parts of a batch assignment where the flow relaxation splits a
// sibling group. Internal to the matcher library.

#ifndef GFO_MATCHER_INTERNAL_MIP_H_
#define GFO_MATCHER_INTERNAL_MIP_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "matcher/assignment.h"

namespace gfo::matcher::internal {

// `choice` entry: the request gets no home.
inline constexpr int32_t kUnassigned = -1;

// The objective weight of assigning request r to its candidate c, emergency bonus included.
inline int64_t Value(const CandidateSet& set, size_t r, size_t c) {
  const RequestCandidates& rc = set.requests[r];
  return rc.homes[c].weight + (rc.emergency ? set.emergency_bonus : 0);
}

enum class MipOutcome { kProvenOptimal, kBestFound, kFailed };

// Solves the requests in `part` (indices into set.requests) as a 0-1 program: at most one
// candidate per request, whole groups within every home's free seats, maximising Value. Only
// candidates with keep[i][c] (i indexing `part`) are variables. Starts from the current `choice`,
// which must be feasible. On kProvenOptimal and kBestFound `choice` holds GLPK's best assignment,
// at least as good as the start; on kFailed it is unchanged. Calls are serialised: GLPK keeps
// global state.
MipOutcome SolveMip(const CandidateSet& set, const std::vector<size_t>& part,
                    const std::vector<std::vector<bool>>& keep, int32_t time_limit_ms,
                    std::vector<int32_t>* choice);

}  // namespace gfo::matcher::internal

#endif  // GFO_MATCHER_INTERNAL_MIP_H_
