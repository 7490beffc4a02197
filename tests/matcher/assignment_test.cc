// Batch assignment: optimal against brute force on small random instances (sibling groups and
// emergency priority included), better than a greedy first-come order, never splits a group and
// never exceeds capacity.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "matcher/assignment.h"
#include "matcher/exclusion.h"
#include "matcher/rank.h"
#include "matcher/synthetic.h"
#include "tests/matcher/builders.h"

namespace gfo::matcher {
namespace {

using testing::AnyChild;
using testing::BasicRequest;
using testing::kHarnosand;
using testing::NorthOf;
using testing::OpenHome;
using testing::SiblingRequest;

// The best (emergency requests placed, objective) over every assignment of the candidate set.
struct Best {
  int32_t emergency = 0;
  int64_t objective = 0;
};

Best BruteForce(const CandidateSet& set) {
  std::vector<int32_t> seats = set.free_seats;
  Best best;
  std::function<void(size_t, int32_t, int64_t)> visit = [&](size_t r, int32_t emergency,
                                                            int64_t objective) {
    if (r == set.requests.size()) {
      if (objective > best.objective) best = {emergency, objective};
      return;
    }
    visit(r + 1, emergency, objective);  // unassigned
    const RequestCandidates& rc = set.requests[r];
    for (const CandidateHome& home : rc.homes) {
      if (seats[home.home_index] < rc.group_size) continue;
      seats[home.home_index] -= rc.group_size;
      visit(r + 1, emergency + (rc.emergency ? 1 : 0),
            objective + home.weight + (rc.emergency ? set.emergency_bonus : 0));
      seats[home.home_index] += rc.group_size;
    }
  };
  visit(0, 0, 0);
  return best;
}

// Every pair goes to a home with no exclusion that takes the whole group; no home gets more
// children than its free seats; every request is either assigned once or listed unassigned.
void ExpectFeasible(const AssignmentResult& result, const std::vector<Home>& homes,
                    const std::vector<Request>& requests, const Config& config) {
  std::vector<int32_t> used(homes.size(), 0);
  std::vector<int> seen(requests.size(), 0);
  for (const AssignedPair& pair : result.assignments) {
    const Request& request = requests[pair.request_index];
    const Home& home = homes[pair.home_index];
    EXPECT_EQ(pair.request_id, request.id);
    EXPECT_EQ(pair.home_id, home.id);
    EXPECT_EQ(pair.children, static_cast<int32_t>(request.children.size()));
    EXPECT_EQ(pair.emergency, IsEmergency(request));
    EXPECT_TRUE(ExplainExclusion(home, request, config).empty());
    const int32_t max_group = home.max_sibling_group > 0 ? home.max_sibling_group : home.capacity;
    EXPECT_LE(pair.children, max_group) << "a sibling group must stay in one home";
    used[pair.home_index] += pair.children;
    ++seen[pair.request_index];
  }
  for (size_t h = 0; h < homes.size(); ++h) {
    EXPECT_LE(used[h], FreeCapacity(homes[h])) << "home " << homes[h].id;
  }
  for (int64_t id : result.unassigned_request_ids) {
    for (size_t r = 0; r < requests.size(); ++r) {
      if (requests[r].id == id) ++seen[r];
    }
  }
  for (size_t r = 0; r < requests.size(); ++r) EXPECT_EQ(seen[r], 1) << "request " << r;
}

struct Instance {
  std::vector<Home> homes;
  std::vector<Request> requests;
};

Instance RandomInstance(uint32_t seed) {
  std::mt19937 random(seed);
  auto uniform = [&random](int lo, int hi) {
    return lo + static_cast<int>(random() % static_cast<uint32_t>(hi - lo + 1));
  };
  Instance instance;
  const int homes = uniform(2, 4);
  for (int h = 0; h < homes; ++h) {
    Home home = OpenHome(h + 1);
    const GeoPoint at = NorthOf(kHarnosand, uniform(0, 60));
    home.lat = at.lat;
    home.lon = at.lon + uniform(-50, 50) / 100.0;
    home.capacity = uniform(1, 3);
    home.active_children = uniform(0, home.capacity - 1);
    home.has_pets = uniform(0, 4) == 0;
    home.max_sibling_group = uniform(0, 2) == 0 ? 1 : 0;
    home.last_placement_end_day = home.last_placement_end_day.value() - uniform(0, 300);
    instance.homes.push_back(home);
  }
  const int requests = uniform(2, 5);
  for (int r = 0; r < requests; ++r) {
    const int group = uniform(1, 6) <= 3 ? 1 : uniform(2, 3);
    Request request = group == 1 ? BasicRequest(r + 1)
                                 : SiblingRequest(group,
                                                  uniform(0, 1) ? SiblingRule::kTogetherRequired
                                                                : SiblingRule::kTogetherPreferred,
                                                  r + 1);
    request.child_place = NorthOf(kHarnosand, uniform(0, 60));
    if (uniform(0, 3) == 0) request.kind = PlacementKind::kEmergency;
    request.children[0].pet_allergy = uniform(0, 5) == 0;
    request.children[0].age_years = uniform(3, 15);
    instance.requests.push_back(request);
  }
  return instance;
}

TEST(MatcherAssignment, OptimalAgainstBruteForceOnSmallRandomInstances) {
  const Config config;
  AssignmentOptions options;
  options.candidates_per_request = 100;
  int used_mip = 0;
  int with_emergency = 0;
  for (uint32_t seed = 1; seed <= 400; ++seed) {
    SCOPED_TRACE(seed);
    const Instance instance = RandomInstance(seed);
    const CandidateSet set = BuildCandidates(instance.homes, instance.requests, config, options);
    ASSERT_FALSE(set.pruned);
    const Best best = BruteForce(set);
    for (bool force_mip : {false, true}) {
      options.force_mip = force_mip;
      const AssignmentResult result =
          SolveAssignment(set, instance.homes, instance.requests, options);
      EXPECT_TRUE(result.optimal);
      EXPECT_EQ(result.objective, best.objective) << (force_mip ? "mip" : "auto");
      EXPECT_EQ(result.emergency_assigned, best.emergency);
      EXPECT_EQ(result.objective_bound, result.objective);
      ExpectFeasible(result, instance.homes, instance.requests, config);
      if (!force_mip && result.method == "mip") ++used_mip;
    }
    options.force_mip = false;
    with_emergency += best.emergency > 0 ? 1 : 0;
  }
  // The random instances reach both the flow and the integer-program path.
  EXPECT_GT(used_mip, 0);
  EXPECT_GT(with_emergency, 0);
}

TEST(MatcherAssignment, CandidatesAreTheRankingOfHomesThatTakeTheWholeGroup) {
  const Config config;
  for (uint32_t seed = 1; seed <= 50; ++seed) {
    const Instance instance = RandomInstance(seed);
    const CandidateSet set = BuildCandidates(instance.homes, instance.requests, config);
    for (size_t r = 0; r < instance.requests.size(); ++r) {
      const Request& request = instance.requests[r];
      const int32_t group = static_cast<int32_t>(request.children.size());
      const RankResult ranked = RankHomes(instance.homes, request, config, 100);
      std::vector<RankedHome> whole;
      for (const RankedHome& home : ranked.homes) {
        const Home& h = instance.homes[home.home_index];
        const int32_t max_group = h.max_sibling_group > 0 ? h.max_sibling_group : h.capacity;
        if (FreeCapacity(h) >= group && max_group >= group) whole.push_back(home);
      }
      const RequestCandidates& rc = set.requests[r];
      EXPECT_EQ(rc.group_size, group);
      EXPECT_EQ(rc.emergency, IsEmergency(request));
      ASSERT_EQ(rc.homes.size(), whole.size());
      for (size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(rc.homes[i].home_index, whole[i].home_index);
        EXPECT_EQ(rc.homes[i].score, whole[i].total);
      }
    }
  }
}

TEST(MatcherAssignment, FindsTheOptimumGreedyFirstComeMisses) {
  // Home 1 is at the school; home 2 is 25 km away and has pets. Request 1 (first in line) likes
  // home 1 best, but request 2's child is allergic and can only go to home 1.
  Home at_school = OpenHome(1);
  at_school.capacity = 1;
  at_school.lat = kHarnosand.lat;
  at_school.lon = kHarnosand.lon;
  Home with_pets = OpenHome(2);
  with_pets.capacity = 1;
  with_pets.has_pets = true;
  const GeoPoint away = NorthOf(kHarnosand, 25);
  with_pets.lat = away.lat;
  with_pets.lon = away.lon;
  Request first = BasicRequest(1);
  Request allergic = BasicRequest(2);
  allergic.children[0].pet_allergy = true;
  const std::vector<Home> homes = {at_school, with_pets};
  const std::vector<Request> requests = {first, allergic};
  const Config config;

  // Greedy first-come: each request in turn takes its best home with a free seat.
  const RankResult first_ranked = RankHomes(homes, first, config, 10);
  ASSERT_EQ(first_ranked.homes[0].home_id, 1);
  const double greedy_total = first_ranked.homes[0].total;  // request 2 is then left without home

  const AssignmentResult result = SuggestAssignment(homes, requests, config);
  ASSERT_EQ(result.assignments.size(), 2u);
  EXPECT_TRUE(result.unassigned_request_ids.empty());
  EXPECT_EQ(result.assignments[0].request_id, 1);
  EXPECT_EQ(result.assignments[0].home_id, 2);
  EXPECT_EQ(result.assignments[1].request_id, 2);
  EXPECT_EQ(result.assignments[1].home_id, 1);
  EXPECT_GT(result.total_score, greedy_total);
  EXPECT_TRUE(result.optimal);
  EXPECT_EQ(result.method, "min_cost_flow");
}

TEST(MatcherAssignment, EmergencyRequestComesFirst) {
  Home home = OpenHome(1);
  home.capacity = 2;
  Request near = BasicRequest(1);
  near.child_place = NorthOf(kHarnosand, 10);  // at the home
  Request near_too = BasicRequest(2);
  near_too.child_place = NorthOf(kHarnosand, 10);
  Request emergency = SiblingRequest(2, SiblingRule::kTogetherRequired, 3);
  emergency.legal_basis = LegalBasis::kLvu6;
  emergency.child_place = NorthOf(kHarnosand, 200);  // far away: a low score
  const AssignmentResult result = SuggestAssignment({home}, {near, near_too, emergency}, Config{});
  ASSERT_EQ(result.assignments.size(), 1u);
  EXPECT_EQ(result.assignments[0].request_id, 3);
  EXPECT_TRUE(result.assignments[0].emergency);
  EXPECT_EQ(result.assignments[0].children, 2);
  EXPECT_EQ(result.emergency_assigned, 1);
  EXPECT_EQ(result.unassigned_request_ids, (std::vector<int64_t>{1, 2}));
}

TEST(MatcherAssignment, SiblingGroupIsNeverSplitAcrossHomes) {
  Home one = OpenHome(1);
  one.capacity = 1;
  Home other = OpenHome(2);
  other.capacity = 1;
  for (SiblingRule rule : {SiblingRule::kTogetherRequired, SiblingRule::kTogetherPreferred}) {
    const AssignmentResult result =
        SuggestAssignment({one, other}, {SiblingRequest(2, rule, 9)}, Config{});
    EXPECT_TRUE(result.assignments.empty());
    EXPECT_EQ(result.unassigned_request_ids, (std::vector<int64_t>{9}));
  }
  Home big = OpenHome(3);
  big.capacity = 2;
  const AssignmentResult result = SuggestAssignment(
      {one, other, big}, {SiblingRequest(2, SiblingRule::kTogetherRequired, 9)}, Config{});
  ASSERT_EQ(result.assignments.size(), 1u);
  EXPECT_EQ(result.assignments[0].home_id, 3);
  EXPECT_EQ(result.assignments[0].children, 2);
}

TEST(MatcherAssignment, FeasibleAndOptimalOnSyntheticCounty) {
  const Config config;
  const std::vector<Home> homes = GenerateHomes(400, 21, Region::kVasternorrland);
  const std::vector<Request> requests = GenerateRequests(100, 22, Region::kVasternorrland);
  AssignmentOptions options;
  options.mip_time_limit_ms = 60000;  // proven optimal long before; never reached
  const AssignmentResult result = SuggestAssignment(homes, requests, config, options);
  ExpectFeasible(result, homes, requests, config);
  EXPECT_TRUE(result.optimal);
  EXPECT_FALSE(result.assignments.empty());
  EXPECT_FALSE(result.unassigned_request_ids.empty());  // more children than free seats
  double total = 0;
  for (const AssignedPair& pair : result.assignments) total += pair.score;
  EXPECT_NEAR(result.total_score, total, 1e-9);

  AssignmentOptions mip = options;
  mip.force_mip = true;
  const AssignmentResult by_mip = SuggestAssignment(homes, requests, config, mip);
  EXPECT_TRUE(by_mip.optimal);
  EXPECT_EQ(by_mip.method, "mip");
  EXPECT_EQ(by_mip.objective, result.objective);
}

// More children than seats, many groups: the integer program cannot be proven optimal in 50 ms.
// The answer is still feasible, flagged as not optimal, and no worse than the flow's repair.
TEST(MatcherAssignment, TimeLimitGivesFeasibleAnswerFlaggedNotOptimal) {
  const Config config;
  const std::vector<Home> homes = GenerateHomes(400, 21, Region::kVasternorrland);
  const std::vector<Request> requests = GenerateRequests(250, 22, Region::kVasternorrland);
  AssignmentOptions limited;
  limited.mip_time_limit_ms = 50;
  const AssignmentResult result = SuggestAssignment(homes, requests, config, limited);
  ExpectFeasible(result, homes, requests, config);
  EXPECT_EQ(result.method, "mip");
  EXPECT_FALSE(result.optimal);
  EXPECT_GT(result.objective_bound, result.objective);
  AssignmentOptions no_mip;
  no_mip.max_mip_variables = 0;
  const AssignmentResult repaired = SuggestAssignment(homes, requests, config, no_mip);
  ExpectFeasible(repaired, homes, requests, config);
  EXPECT_FALSE(repaired.optimal);
  EXPECT_GE(result.objective, repaired.objective);
}

TEST(MatcherAssignment, RequestsWithoutCandidatesAreUnassigned) {
  Home paused = OpenHome(1);
  paused.paused = true;
  const AssignmentResult result = SuggestAssignment({paused}, {BasicRequest(4)}, Config{});
  EXPECT_TRUE(result.assignments.empty());
  EXPECT_EQ(result.unassigned_request_ids, (std::vector<int64_t>{4}));
  EXPECT_TRUE(result.optimal);
  EXPECT_EQ(result.objective, 0);
}

}  // namespace
}  // namespace gfo::matcher
