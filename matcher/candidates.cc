// BuildCandidates: the pruned candidate set of the batch assignment.

#include <algorithm>
#include <cmath>
#include <numeric>

#include "matcher/assignment.h"
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
using internal::TopSelector;

constexpr double kMaxScoreScale = 1e6;
// Bound for every cost and cost sum inside the flow solver (well below 2^63).
constexpr double kCostLimit = 1e18;

}  // namespace

CandidateSet BuildCandidates(const std::vector<Home>& homes, const std::vector<Request>& requests,
                             const Config& config, const AssignmentOptions& options) {
  CandidateSet set;
  set.requests.resize(requests.size());
  set.free_seats.reserve(homes.size());
  std::vector<HomeFacts> facts;
  facts.reserve(homes.size());
  for (const Home& home : homes) {
    facts.push_back(FactsOf(home));
    set.free_seats.push_back(FreeCapacity(home));
  }
  const size_t keep = static_cast<size_t>(std::max(1, options.candidates_per_request));

  std::vector<Candidate> storage;
  for (size_t r = 0; r < requests.size(); ++r) {
    const PreparedRequest p = PrepareRequest(requests[r], config);
    RequestCandidates& out = set.requests[r];
    out.group_size = p.group_size;
    out.emergency = IsEmergency(requests[r]);
    TopSelector selector(p, keep, &storage);
    for (size_t h = 0; h < facts.size(); ++h) {
      const HomeFacts& f = facts[h];
      if (f.free_seats < p.group_size || f.max_group < p.group_size) continue;
      const double place_sq = PlaceDistanceSq(f, p);
      if (Exclusions<false>(f, p, place_sq) != 0) continue;
      ++out.eligible_homes;
      selector.Offer(f, homes[h], static_cast<uint32_t>(h), place_sq);
    }
    if (static_cast<size_t>(out.eligible_homes) > keep) set.pruned = true;
    for (const Candidate& c : selector.Finish()) {
      out.homes.push_back({c.index, c.total, 0});
    }
  }

  // The flow solver multiplies costs by the lcm of the group sizes and needs every sum of costs
  // to stay below kCostLimit: choose the score resolution accordingly.
  int64_t lcm = 1;
  double nodes = 2.0 + static_cast<double>(requests.size());
  double units = 0;
  for (const RequestCandidates& rc : set.requests) {
    if (rc.homes.empty()) continue;
    lcm = std::lcm(lcm, static_cast<int64_t>(rc.group_size));
    nodes += static_cast<double>(rc.homes.size());
    units += rc.group_size;
  }
  const double n = static_cast<double>(requests.size());
  const double scale =
      std::floor(kCostLimit / ((n + 2) * static_cast<double>(lcm) * (nodes + units + 1)));
  set.score_scale = static_cast<int64_t>(std::clamp(scale, 1.0, kMaxScoreScale));

  int64_t best_sum = 0;
  for (RequestCandidates& rc : set.requests) {
    for (CandidateHome& home : rc.homes) {
      home.weight = std::llround(home.score * static_cast<double>(set.score_scale));
    }
    if (!rc.homes.empty()) best_sum += rc.homes.front().weight;
  }
  set.emergency_bonus = best_sum + 1;
  return set;
}

AssignmentResult SuggestAssignment(const std::vector<Home>& homes,
                                   const std::vector<Request>& requests, const Config& config,
                                   const AssignmentOptions& options) {
  return SolveAssignment(BuildCandidates(homes, requests, config, options), homes, requests,
                         options);
}

}  // namespace gfo::matcher
