// The synthetic generator is reproducible by seed and stays within the documented ranges.

#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "matcher/rank.h"
#include "matcher/synthetic.h"

namespace gfo::matcher {
namespace {

bool SameHome(const Home& a, const Home& b) {
  return a.id == b.id && a.code == b.code && a.lat == b.lat && a.lon == b.lon &&
         a.municipality_code == b.municipality_code && a.capacity == b.capacity &&
         a.active_children == b.active_children && a.held_children == b.held_children &&
         a.kinds == b.kinds && a.min_age == b.min_age && a.max_age == b.max_age &&
         a.languages == b.languages && a.experience == b.experience &&
         a.own_children_birth_years == b.own_children_birth_years && a.has_pets == b.has_pets &&
         a.background == b.background && a.last_placement_end_day == b.last_placement_end_day;
}

TEST(MatcherSynthetic, SameSeedSameHomesAndRequests) {
  const std::vector<Home> a = GenerateHomes(500, 42, Region::kSweden);
  const std::vector<Home> b = GenerateHomes(500, 42, Region::kSweden);
  const std::vector<Home> c = GenerateHomes(500, 43, Region::kSweden);
  ASSERT_EQ(a.size(), 500u);
  int differing = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(SameHome(a[i], b[i])) << i;
    differing += SameHome(a[i], c[i]) ? 0 : 1;
  }
  EXPECT_GT(differing, 400);

  const std::vector<Request> r1 = GenerateRequests(200, 7, Region::kVasternorrland);
  const std::vector<Request> r2 = GenerateRequests(200, 7, Region::kVasternorrland);
  for (size_t i = 0; i < r1.size(); ++i) {
    EXPECT_EQ(r1[i].id, r2[i].id);
    EXPECT_EQ(r1[i].children.size(), r2[i].children.size());
    EXPECT_EQ(r1[i].children[0].birth_day, r2[i].children[0].birth_day);
    EXPECT_EQ(r1[i].child_place.has_value(), r2[i].child_place.has_value());
    EXPECT_EQ(r1[i].kind, r2[i].kind);
  }
}

TEST(MatcherSynthetic, CountyHomesLieInTheCountyWithValidFacts) {
  const std::vector<Home> homes = GenerateHomes(5000, 1, Region::kVasternorrland);
  const std::set<int32_t> county = {2260, 2262, 2280, 2281, 2282, 2283, 2284};
  int pets = 0;
  int approved = 0;
  for (const Home& home : homes) {
    EXPECT_TRUE(county.count(home.municipality_code)) << home.municipality_code;
    EXPECT_GT(home.lat, 61.5);
    EXPECT_LT(home.lat, 64.2);
    EXPECT_GT(home.lon, 14.5);
    EXPECT_LT(home.lon, 20.0);
    EXPECT_GE(home.capacity, 1);
    EXPECT_LE(home.capacity, 4);
    EXPECT_LE(home.active_children + home.held_children, home.capacity);
    EXPECT_NE(home.kinds, 0);
    EXPECT_LE(home.min_age, home.max_age);
    EXPECT_LE(home.max_age, 20);
    EXPECT_LE(home.max_sibling_group, home.capacity);
    EXPECT_FALSE(home.languages.empty());
    pets += home.has_pets ? 1 : 0;
    approved += home.approved && !home.paused ? 1 : 0;
  }
  EXPECT_NEAR(pets / 5000.0, 0.40, 0.03);
  EXPECT_NEAR(approved / 5000.0, 0.90, 0.03);
}

TEST(MatcherSynthetic, RequestsFollowOptions) {
  RequestOptions options;
  options.region = Region::kSweden;
  options.max_children = 1;
  options.first_id = 1000;
  const std::vector<Request> requests = GenerateRequests(1000, 3, options);
  int emergency = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    const Request& request = requests[i];
    EXPECT_EQ(request.id, static_cast<int64_t>(1000 + i));
    ASSERT_EQ(request.children.size(), 1u);
    EXPECT_EQ(request.sibling_rule, SiblingRule::kSingleChild);
    EXPECT_GE(request.wanted_start_day, request.today_day);
    EXPECT_FALSE(request.children[0].languages.empty());
    emergency += IsEmergency(request) ? 1 : 0;
  }
  EXPECT_GT(emergency, 200);
  EXPECT_LT(emergency, 450);

  const std::vector<Request> groups = GenerateRequests(1000, 3, Region::kVasternorrland);
  int siblings = 0;
  for (const Request& request : groups) {
    EXPECT_NE(request.municipality_code, 2281) << "Sundsvall is not a member";
    EXPECT_LE(request.children.size(), 4u);
    if (request.children.size() > 1) {
      ++siblings;
      EXPECT_NE(request.sibling_rule, SiblingRule::kSingleChild);
    }
  }
  EXPECT_NEAR(siblings / 1000.0, 0.22, 0.04);
}

TEST(MatcherSynthetic, GeneratedRequestsFindHomes) {
  const std::vector<Home> homes = GenerateHomes(2000, 8, Region::kVasternorrland);
  const std::vector<Request> requests = GenerateRequests(50, 9, Region::kVasternorrland);
  int with_home = 0;
  for (const Request& request : requests) {
    with_home += RankHomes(homes, request, Config{}, 1).homes.empty() ? 0 : 1;
  }
  EXPECT_GT(with_home, 40);
}

}  // namespace
}  // namespace gfo::matcher
