// SolveAssignment: min-cost flow, the integrality check for sibling groups, and the integer
// program for the parts where the flow splits a group.

#include "matcher/assignment.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "absl/container/flat_hash_map.h"
#include "matcher/internal/mip.h"

namespace gfo::matcher {
namespace {

using internal::kUnassigned;
using internal::MipOutcome;
using internal::SolveMip;
using internal::Value;

// The flow relaxation's answer. Objective values inside are in "lcm units": lcm times the
// assignment objective, so that every per-child cost is an integer.
struct FlowSolution {
  bool solved = false;
  long long lcm = 1;
  std::vector<size_t> split;  // requests whose group the flow spread over several arcs
  // Per request and candidate: children sent there and the arc's reduced cost (>= 0 when the
  // arc carries nothing: sending the whole group there costs at least group * reduced cost).
  std::vector<std::vector<long long>> flow;
  std::vector<std::vector<long long>> reduced_cost;
  std::vector<long long> relaxed_value;  // per request, in lcm units
};

constexpr int32_t kFree = -2;  // `forced` entry: the request may use any of its arcs

// Solves the flow relaxation. `forced[r]` (when given) restricts request r to one candidate, or
// to staying unassigned; kFree leaves it free. Sets choice[r] for requests whose whole group went
// to one home (or stayed unassigned); lists the others in `split`.
FlowSolution SolveFlow(const CandidateSet& set, const std::vector<int32_t>* forced,
                       std::vector<int32_t>* choice) {
  using Graph = lemon::SmartDigraph;
  using Solver = lemon::NetworkSimplex<Graph, long long, long long>;
  FlowSolution out;
  Graph graph;
  const Graph::Node sink = graph.addNode();
  Graph::ArcMap<long long> capacity(graph);
  Graph::ArcMap<long long> cost(graph);
  Graph::NodeMap<long long> supply(graph, 0);

  for (const RequestCandidates& rc : set.requests) {
    if (!rc.homes.empty()) out.lcm = std::lcm(out.lcm, static_cast<long long>(rc.group_size));
  }
  absl::flat_hash_map<uint32_t, Graph::Node> home_nodes;
  std::vector<Graph::Node> request_nodes(set.requests.size(), lemon::INVALID);
  std::vector<std::vector<Graph::Arc>> request_arcs(set.requests.size());
  long long total_units = 0;
  for (size_t r = 0; r < set.requests.size(); ++r) {
    const RequestCandidates& rc = set.requests[r];
    if (rc.homes.empty()) continue;
    const Graph::Node node = graph.addNode();
    request_nodes[r] = node;
    supply[node] = rc.group_size;
    total_units += rc.group_size;
    for (size_t c = 0; c < rc.homes.size(); ++c) {
      const uint32_t h = rc.homes[c].home_index;
      auto [it, inserted] = home_nodes.try_emplace(h);
      if (inserted) {
        it->second = graph.addNode();
        const Graph::Arc out_arc = graph.addArc(it->second, sink);
        capacity[out_arc] = set.free_seats[h];
        cost[out_arc] = 0;
      }
      const Graph::Arc arc = graph.addArc(node, it->second);
      const bool allowed =
          forced == nullptr || (*forced)[r] == kFree || (*forced)[r] == static_cast<int32_t>(c);
      capacity[arc] = allowed ? rc.group_size : 0;
      // Per child, so that a whole group in one home costs exactly -Value.
      cost[arc] = -Value(set, r, c) * (out.lcm / rc.group_size);
      request_arcs[r].push_back(arc);
    }
    const Graph::Arc bypass = graph.addArc(node, sink);  // unassigned
    capacity[bypass] = forced == nullptr || (*forced)[r] == kFree || (*forced)[r] == kUnassigned
                           ? rc.group_size
                           : 0;
    cost[bypass] = 0;
    request_arcs[r].push_back(bypass);
  }
  supply[sink] = -total_units;

  Solver solver(graph);
  solver.upperMap(capacity).costMap(cost).supplyMap(supply);
  out.flow.resize(set.requests.size());
  out.reduced_cost.resize(set.requests.size());
  out.relaxed_value.assign(set.requests.size(), 0);
  if (solver.run() != Solver::OPTIMAL) {
    // Cannot happen: the bypass arcs make every supply feasible. Treat all groups as split.
    for (size_t r = 0; r < set.requests.size(); ++r) {
      if (!set.requests[r].homes.empty()) out.split.push_back(r);
    }
    return out;
  }
  out.solved = true;
  for (size_t r = 0; r < set.requests.size(); ++r) {
    const RequestCandidates& rc = set.requests[r];
    if (rc.homes.empty()) continue;
    int32_t whole = kUnassigned;
    bool is_split = true;
    for (size_t c = 0; c < request_arcs[r].size(); ++c) {
      const Graph::Arc arc = request_arcs[r][c];
      const long long flow = solver.flow(arc);
      if (flow == rc.group_size) {
        is_split = false;
        if (c < rc.homes.size()) whole = static_cast<int32_t>(c);
      }
      if (c == rc.homes.size()) break;  // the bypass arc
      out.flow[r].push_back(flow);
      out.reduced_cost[r].push_back(cost[arc] + solver.potential(graph.source(arc)) -
                                    solver.potential(graph.target(arc)));
      out.relaxed_value[r] -= flow * cost[arc];
    }
    if (is_split) {
      out.split.push_back(r);
    } else {
      (*choice)[r] = whole;
    }
  }
  return out;
}

// Rounds the relaxation into a whole-group assignment ("diving"): each split group is forced into
// the home that got most of its children (if the forced groups still fit there) or left
// unassigned, and the flow is solved again, until no group is split. Returns false if that did
// not settle within the round limit; `choice` then holds the whole groups of the last round.
bool DiveToWholeGroups(const CandidateSet& set, const FlowSolution& first,
                       std::vector<int32_t>* choice) {
  constexpr int kMaxRounds = 8;
  std::vector<int32_t> forced(set.requests.size(), kFree);
  std::vector<int32_t> forced_load(set.free_seats.size(), 0);
  FlowSolution current;
  const FlowSolution* flow = &first;
  for (int round = 0; round < kMaxRounds && !flow->split.empty(); ++round) {
    for (size_t r : flow->split) {
      const RequestCandidates& rc = set.requests[r];
      int32_t best = kUnassigned;
      long long best_flow = 0;
      for (size_t c = 0; c < rc.homes.size(); ++c) {
        const uint32_t h = rc.homes[c].home_index;
        if (flow->flow[r][c] > best_flow && forced_load[h] + rc.group_size <= set.free_seats[h]) {
          best = static_cast<int32_t>(c);
          best_flow = flow->flow[r][c];
        }
      }
      forced[r] = best;
      if (best != kUnassigned) forced_load[rc.homes[best].home_index] += rc.group_size;
    }
    current = SolveFlow(set, &forced, choice);
    if (!current.solved) return false;
    flow = &current;
  }
  return flow->split.empty();
}

// The objective of `choice` over the requests in `part`.
int64_t PartValue(const CandidateSet& set, const std::vector<size_t>& part,
                  const std::vector<int32_t>& choice) {
  int64_t value = 0;
  for (size_t r : part) {
    if (choice[r] != kUnassigned) value += Value(set, r, static_cast<size_t>(choice[r]));
  }
  return value;
}

// The relaxation's objective over the requests in `part`, in lcm units.
long long PartRelaxedValue(const FlowSolution& flow, const std::vector<size_t>& part) {
  long long value = 0;
  for (size_t r : part) value += flow.relaxed_value[r];
  return value;
}

// Which candidates of the requests in `part` the integer program needs. Reduced-cost fixing: an
// arc that carries nothing in the relaxation and whose reduced cost shows that using it leaves no
// room to beat the incumbent (the current choice) by one unit is fixed to 0. Exact: every
// assignment better than the incumbent keeps only the arcs kept here.
std::vector<std::vector<bool>> NeededCandidates(const CandidateSet& set, const FlowSolution& flow,
                                                const std::vector<size_t>& part,
                                                const std::vector<int32_t>& choice) {
  std::vector<std::vector<bool>> keep(part.size());
  if (!flow.solved) {
    for (size_t i = 0; i < part.size(); ++i)
      keep[i].assign(set.requests[part[i]].homes.size(), true);
    return keep;
  }
  const long long relaxed = PartRelaxedValue(flow, part);
  const long long to_beat = (PartValue(set, part, choice) + 1) * flow.lcm;
  for (size_t i = 0; i < part.size(); ++i) {
    const size_t r = part[i];
    const RequestCandidates& rc = set.requests[r];
    keep[i].assign(rc.homes.size(), true);
    for (size_t c = 0; c < rc.homes.size(); ++c) {
      const long long reduced = flow.reduced_cost[r][c];
      if (flow.flow[r][c] == 0 && reduced > 0 && choice[r] != static_cast<int32_t>(c) &&
          relaxed - reduced * rc.group_size < to_beat) {
        keep[i][c] = false;
      }
    }
  }
  return keep;
}

// Groups requests into the connected parts of the candidate graph (requests linked through
// shared homes); returns, for each request, a representative of its part.
std::vector<size_t> ConnectedParts(const CandidateSet& set) {
  std::vector<size_t> parent(set.requests.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&parent](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  absl::flat_hash_map<uint32_t, size_t> first_request_of_home;
  for (size_t r = 0; r < set.requests.size(); ++r) {
    for (const CandidateHome& home : set.requests[r].homes) {
      auto [it, inserted] = first_request_of_home.try_emplace(home.home_index, r);
      if (!inserted) parent[find(r)] = find(it->second);
    }
  }
  std::vector<size_t> part(set.requests.size());
  for (size_t r = 0; r < part.size(); ++r) part[r] = find(r);
  return part;
}

// Places the requests of `part` that have no choice yet greedily (emergency first, then best
// score), within the seats the others left.
void RepairGreedily(const CandidateSet& set, const std::vector<size_t>& part,
                    std::vector<int32_t>* choice, std::vector<int32_t>* seats_left) {
  std::vector<size_t> open;
  for (size_t r : part) {
    if ((*choice)[r] == kUnassigned && !set.requests[r].homes.empty()) open.push_back(r);
  }
  std::sort(open.begin(), open.end(), [&set](size_t a, size_t b) {
    const int64_t va = Value(set, a, 0);
    const int64_t vb = Value(set, b, 0);
    return va != vb ? va > vb : a < b;
  });
  for (size_t r : open) {
    const RequestCandidates& rc = set.requests[r];
    for (size_t c = 0; c < rc.homes.size(); ++c) {
      int32_t& left = (*seats_left)[rc.homes[c].home_index];
      if (left >= rc.group_size) {
        left -= rc.group_size;
        (*choice)[r] = static_cast<int32_t>(c);
        break;
      }
    }
  }
}

}  // namespace

AssignmentResult SolveAssignment(const CandidateSet& set, const std::vector<Home>& homes,
                                 const std::vector<Request>& requests,
                                 const AssignmentOptions& options) {
  AssignmentResult result;
  result.candidates_pruned = set.pruned;
  result.score_scale = set.score_scale;
  result.optimal = true;
  result.method = "min_cost_flow";
  std::vector<int32_t> choice(set.requests.size(), kUnassigned);

  FlowSolution flow;
  if (options.force_mip) {
    for (size_t r = 0; r < set.requests.size(); ++r) flow.split.push_back(r);
  } else {
    flow = SolveFlow(set, nullptr, &choice);
  }
  // An integer incumbent from the relaxation, for the parts with a split group.
  std::vector<int32_t> dived = choice;
  const bool dive_ok = !flow.split.empty() && flow.solved && DiveToWholeGroups(set, flow, &dived);
  const std::vector<size_t>& split = flow.split;
  // How far the relaxation's bound lies above the assignment in the parts not proven optimal;
  // -1 when unknown (no relaxation was solved).
  int64_t unproven_bound_gap = 0;
  if (!split.empty()) {
    // Re-solve every connected part that holds a split group; the flow's answer stands for the
    // other parts, which share no home with these.
    const std::vector<size_t> part_of = ConnectedParts(set);
    absl::flat_hash_map<size_t, std::vector<size_t>> parts;
    for (size_t r : split) parts.try_emplace(part_of[r]);
    for (size_t r = 0; r < set.requests.size(); ++r) {
      auto it = parts.find(part_of[r]);
      if (it != parts.end()) it->second.push_back(r);
    }
    std::vector<size_t> roots;
    for (const auto& [root, members] : parts) roots.push_back(root);
    std::sort(roots.begin(), roots.end());
    for (size_t root : roots) {
      const std::vector<size_t>& members = parts[root];
      // Incumbent: the better of the diving result and the flow's whole groups plus a greedy
      // placement of the split ones.
      std::vector<int32_t> greedy = choice;
      std::vector<int32_t> seats_left = set.free_seats;
      for (size_t r = 0; r < set.requests.size(); ++r) {
        if (greedy[r] != kUnassigned) {
          seats_left[set.requests[r].homes[greedy[r]].home_index] -= set.requests[r].group_size;
        }
      }
      RepairGreedily(set, members, &greedy, &seats_left);
      const std::vector<int32_t>& start =
          dive_ok && PartValue(set, members, dived) > PartValue(set, members, greedy) ? dived
                                                                                      : greedy;
      for (size_t r : members) choice[r] = start[r];
      // Proven optimal when the relaxation leaves no room for one more unit of objective.
      if (flow.solved &&
          PartRelaxedValue(flow, members) < (PartValue(set, members, choice) + 1) * flow.lcm) {
        continue;
      }
      const std::vector<std::vector<bool>> keep = NeededCandidates(set, flow, members, choice);
      int64_t variables = 0;
      for (const std::vector<bool>& kept : keep) {
        variables += std::count(kept.begin(), kept.end(), true);
      }
      result.method = "mip";
      const MipOutcome outcome =
          variables <= options.max_mip_variables
              ? SolveMip(set, members, keep, options.mip_time_limit_ms, &choice)
              : MipOutcome::kFailed;
      if (outcome != MipOutcome::kProvenOptimal) {
        result.optimal = false;
        unproven_bound_gap = flow.solved && unproven_bound_gap >= 0
                                 ? unproven_bound_gap + PartRelaxedValue(flow, members) / flow.lcm -
                                       PartValue(set, members, choice)
                                 : -1;
      }
    }
  }

  for (size_t r = 0; r < set.requests.size(); ++r) {
    if (choice[r] == kUnassigned) {
      result.unassigned_request_ids.push_back(requests[r].id);
      continue;
    }
    const RequestCandidates& rc = set.requests[r];
    const CandidateHome& home = rc.homes[choice[r]];
    AssignedPair pair;
    pair.request_index = r;
    pair.home_index = home.home_index;
    pair.request_id = requests[r].id;
    pair.home_id = homes[home.home_index].id;
    pair.score = home.score;
    pair.children = rc.group_size;
    pair.emergency = rc.emergency;
    result.total_score += home.score;
    result.objective += Value(set, r, choice[r]);
    result.emergency_assigned += rc.emergency ? 1 : 0;
    result.assignments.push_back(pair);
  }
  result.objective_bound = unproven_bound_gap >= 0 ? result.objective + unproven_bound_gap : -1;
  return result;
}

}  // namespace gfo::matcher
