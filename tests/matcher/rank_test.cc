// Soft criteria: each one changes the order as expected when only its fact changes; totals,
// explanations, determinism and the tie-break.

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matcher/rank.h"
#include "matcher/synthetic.h"
#include "tests/matcher/builders.h"

namespace gfo::matcher {
namespace {

using testing::AnyChild;
using testing::BasicRequest;
using ::testing::HasSubstr;
using testing::kHarnosand;
using testing::kToday;
using testing::NorthOf;
using testing::OpenHome;
using testing::SiblingRequest;

const CriterionScore& Find(const RankedHome& home, Criterion criterion) {
  return home.criteria[static_cast<size_t>(criterion)];
}

// Two homes that differ only by `better_fact` applied to home 2 (the higher id, so the tie-break
// alone would put it last): home 2 must rank first and score higher on `criterion`.
struct SoftCase {
  std::string name;
  Criterion criterion;
  std::function<void(Home& better, Home& worse, Request&)> change;
  std::string explanation_part;  // expected in the better home's explanation
};

std::vector<SoftCase> SoftCases() {
  return {
      {"proximity", Criterion::kProximity,
       [](Home& better, Home& worse, Request&) {
         const GeoPoint near = NorthOf(kHarnosand, 12);
         better.lat = near.lat;
         better.lon = near.lon;
         const GeoPoint far = NorthOf(kHarnosand, 40);
         worse.lat = far.lat;
         worse.lon = far.lon;
       },
       "12 km from the child's school in Härnösand"},
      {"language", Criterion::kLanguage,
       [](Home& better, Home&, Request& r) {
         r.children[0].languages = {"ar", "sv"};
         better.languages = {"sv", "ar"};
       },
       "speaks Arabic, like the child"},
      {"language_other_than_own", Criterion::kLanguage,
       [](Home& better, Home& worse, Request& r) {
         r.children[0].languages = {"so", "en"};
         better.languages = {"en"};
         worse.languages = {"sv"};
       },
       "speaks English, but not Somali"},
      {"background", Criterion::kBackground,
       [](Home& better, Home& worse, Request& r) {
         r.children[0].background = "Somali";
         better.background = "somali";
         worse.background = "Eritrean";
       },
       "shares the child's stated background"},
      {"experience", Criterion::kExperience,
       [](Home& better, Home& worse, Request& r) {
         r.children[0].preferred_needs = NeedBit(Need::kTrauma) | NeedBit(Need::kEducation);
         better.experience = NeedBit(Need::kTrauma) | NeedBit(Need::kEducation);
         worse.experience = NeedBit(Need::kEducation);
       },
       "experienced with education and trauma, all preferred needs"},
      {"age_fit_range", Criterion::kAgeFit,
       [](Home& better, Home& worse, Request&) {
         better.min_age = 4;
         better.max_age = 12;
         worse.min_age = 8;
         worse.max_age = 18;
       },
       "age 8, the home takes 4 to 12"},
      {"age_fit_own_children", Criterion::kAgeFit,
       [](Home& better, Home& worse, Request&) {
         better.own_children_birth_years = {2025 - 15};
         worse.own_children_birth_years = {2025 - 8};
       },
       "own child aged 15"},
      {"siblings", Criterion::kSiblings,
       [](Home& better, Home& worse, Request& r) {
         r = SiblingRequest(2, SiblingRule::kTogetherPreferred);
         better.active_children = 1;  // two free seats
         worse.active_children = 2;   // one free seat
       },
       "takes all 2 siblings together"},
      {"continuity", Criterion::kContinuity,
       [](Home& better, Home&, Request& r) { r.children[0].former_home_ids = {better.id}; },
       "the child has lived here before"},
      {"waiting_time", Criterion::kWaitingTime,
       [](Home& better, Home& worse, Request&) {
         better.last_placement_end_day = kToday - 300;
         worse.last_placement_end_day = kToday - 10;
       },
       "last placement ended 300 days ago"},
      {"waiting_time_since_approval", Criterion::kWaitingTime,
       [](Home& better, Home& worse, Request&) {
         better.last_placement_end_day.reset();
         better.approved_day = kToday - 200;
         worse.last_placement_end_day = kToday - 20;
       },
       "no placement since first approved 200 days ago"},
  };
}

TEST(MatcherRankHomes, EachSoftCriterionChangesTheOrder) {
  for (const SoftCase& c : SoftCases()) {
    SCOPED_TRACE(c.name);
    Home worse = OpenHome(1);
    Home better = OpenHome(2);
    Request request = BasicRequest();
    c.change(better, worse, request);
    const RankResult result = RankHomes({worse, better}, request, Config{}, 10);
    ASSERT_EQ(result.homes.size(), 2u);
    EXPECT_EQ(result.homes[0].home_id, 2);
    EXPECT_GT(result.homes[0].total, result.homes[1].total);
    const CriterionScore& best = Find(result.homes[0], c.criterion);
    const CriterionScore& other = Find(result.homes[1], c.criterion);
    EXPECT_GT(best.score, other.score);
    EXPECT_GT(best.weight, 0);
    EXPECT_THAT(best.explanation, HasSubstr(c.explanation_part));
    // Every other criterion scores both homes alike.
    for (int i = 0; i < kCriterionCount; ++i) {
      if (static_cast<Criterion>(i) == c.criterion) continue;
      EXPECT_DOUBLE_EQ(result.homes[0].criteria[i].score, result.homes[1].criteria[i].score)
          << CriterionName(static_cast<Criterion>(i));
    }
  }
}

TEST(MatcherRankHomes, TotalIsTheSumOfContributions) {
  Request request = SiblingRequest(2, SiblingRule::kTogetherPreferred);
  request.children[0].languages = {"ar"};
  request.children[0].preferred_needs = NeedBit(Need::kTrauma);
  const RankResult result = RankHomes({OpenHome(1)}, request, Config{}, 10);
  ASSERT_EQ(result.homes.size(), 1u);
  const RankedHome& home = result.homes[0];
  ASSERT_EQ(home.criteria.size(), static_cast<size_t>(kCriterionCount));
  double sum = 0;
  double weights = 0;
  for (const CriterionScore& c : home.criteria) {
    EXPECT_EQ(c.name, CriterionName(c.criterion));
    EXPECT_GE(c.score, 0);
    EXPECT_LE(c.score, 1);
    EXPECT_FALSE(c.explanation.empty());
    sum += c.contribution;
    weights += c.weight;
  }
  EXPECT_NEAR(home.total, sum, 1e-12);
  // Background and continuity do not apply: 3 + 2 + 2 + 1 + 2 + 0.5.
  EXPECT_DOUBLE_EQ(weights, 10.5);
  EXPECT_EQ(Find(home, Criterion::kBackground).weight, 0);
  EXPECT_EQ(Find(home, Criterion::kBackground).explanation,
            "not used: no background given for the child");
  EXPECT_NEAR(home.distance_km.value(), 10.0, 0.05);
}

TEST(MatcherRankHomes, ProximityExplanations) {
  const Config config;
  Request request = BasicRequest();
  Home home = OpenHome(1);
  RankResult result = RankHomes({home}, request, config, 1);
  // Half-life 30 km, home 10 km away.
  EXPECT_NEAR(Find(result.homes[0], Criterion::kProximity).score, std::exp2(-10.0 / 30), 1e-3);
  EXPECT_EQ(Find(result.homes[0], Criterion::kProximity).explanation,
            "10 km from the child's school in Härnösand");
  request.child_place.reset();
  result = RankHomes({home}, request, config, 1);
  EXPECT_EQ(Find(result.homes[0], Criterion::kProximity).score, 0.5);
  EXPECT_EQ(Find(result.homes[0], Criterion::kProximity).explanation,
            "no place given for the child; neutral score");
  EXPECT_FALSE(result.homes[0].distance_km.has_value());

  home.protected_location = true;
  result = RankHomes({home}, BasicRequest(), config, 1);
  EXPECT_FALSE(result.homes[0].distance_km.has_value());
  // The rule for protected homes is in protected_location_test.cc.
  EXPECT_THAT(Find(result.homes[0], Criterion::kProximity).explanation,
              HasSubstr("km of the child's school in Härnösand (protected address: approximate)"));
}

// A home with a child placed now is not waiting for one, however long ago it was approved or its
// last placement ended: the fairness score favours homes that have no child, and the explanation
// says why the score is 0.
TEST(MatcherRankHomes, AHomeWithAChildPlacedNowIsNotWaiting) {
  Home placed = OpenHome(1);
  placed.active_children = 1;
  placed.last_placement_end_day.reset();
  placed.approved_day = kToday - 1000;
  Home placed_again = OpenHome(2);
  placed_again.active_children = 1;
  placed_again.last_placement_end_day = kToday - 300;
  const Home waiting = OpenHome(3);  // last placement ended 100 days ago, none now
  const RankResult result = RankHomes({placed, placed_again, waiting}, BasicRequest(), Config{}, 3);
  ASSERT_EQ(result.homes.size(), 3u);
  EXPECT_EQ(result.homes[0].home_id, 3);
  for (const RankedHome& home : result.homes) {
    SCOPED_TRACE(home.home_id);
    const CriterionScore& waiting_time = Find(home, Criterion::kWaitingTime);
    if (home.home_id == 3) {
      EXPECT_NEAR(waiting_time.score, 100.0 / 365, 1e-12);
      EXPECT_EQ(waiting_time.explanation, "last placement ended 100 days ago");
    } else {
      EXPECT_EQ(waiting_time.score, 0);
      EXPECT_EQ(waiting_time.explanation, "has a child placed now");
    }
  }
}

TEST(MatcherRankHomes, SiblingScoreForPartialGroup) {
  Home part = OpenHome(1);
  part.max_sibling_group = 2;
  const RankResult result =
      RankHomes({part}, SiblingRequest(3, SiblingRule::kTogetherPreferred), Config{}, 1);
  ASSERT_EQ(result.homes.size(), 1u);
  EXPECT_NEAR(Find(result.homes[0], Criterion::kSiblings).score, 2.0 / 3, 1e-12);
  EXPECT_EQ(Find(result.homes[0], Criterion::kSiblings).explanation,
            "can take 2 of the 3 siblings (placing them here needs the request split)");
}

TEST(MatcherRankHomes, ZeroWeightRemovesCriterion) {
  Config config;
  config.weights.proximity = 0;
  Home near = OpenHome(2);
  near.lat = kHarnosand.lat;
  near.lon = kHarnosand.lon;
  const RankResult result = RankHomes({OpenHome(1), near}, BasicRequest(), config, 10);
  ASSERT_EQ(result.homes.size(), 2u);
  EXPECT_EQ(result.homes[0].home_id, 1);  // equal totals: lower id first
  EXPECT_DOUBLE_EQ(result.homes[0].total, result.homes[1].total);
  EXPECT_EQ(Find(result.homes[0], Criterion::kProximity).explanation, "not used: its weight is 0");
}

TEST(MatcherRankHomes, TiesBreakByHomeIdWhateverTheInputOrder) {
  std::vector<Home> homes = {OpenHome(30), OpenHome(10), OpenHome(20)};
  const RankResult first = RankHomes(homes, BasicRequest(), Config{}, 10);
  std::reverse(homes.begin(), homes.end());
  const RankResult second = RankHomes(homes, BasicRequest(), Config{}, 10);
  ASSERT_EQ(first.homes.size(), 3u);
  ASSERT_EQ(second.homes.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(first.homes[i].home_id, static_cast<int64_t>(10 * (i + 1)));
    EXPECT_EQ(second.homes[i].home_id, first.homes[i].home_id);
    EXPECT_EQ(first.homes[i].rank, static_cast<int32_t>(i + 1));
  }
}

TEST(MatcherRankHomes, TopKDefaultsToConfigAndIsBounded) {
  std::vector<Home> homes;
  for (int i = 1; i <= 15; ++i) homes.push_back(OpenHome(i));
  Config config;
  config.default_top_k = 4;
  EXPECT_EQ(RankHomes(homes, BasicRequest(), config).homes.size(), 4u);
  EXPECT_EQ(RankHomes(homes, BasicRequest(), config, 12).homes.size(), 12u);
  EXPECT_EQ(RankHomes(homes, BasicRequest(), config, 100).homes.size(), 15u);
  EXPECT_TRUE(RankHomes({}, BasicRequest(), config, 10).homes.empty());
}

// The pruned top-K selection must equal the first K of the full ranking.
TEST(MatcherRankHomes, TopKEqualsPrefixOfFullRankingOnSyntheticData) {
  for (Region region : {Region::kVasternorrland, Region::kSweden}) {
    const std::vector<Home> homes = GenerateHomes(3000, 11, region);
    RequestOptions options;
    options.region = region;
    options.former_home_id_max = 3000;
    const std::vector<Request> requests = GenerateRequests(40, 12, options);
    for (const Request& request : requests) {
      const RankResult full = RankHomes(homes, request, Config{}, static_cast<int>(homes.size()));
      EXPECT_EQ(full.considered, 3000);
      EXPECT_EQ(full.eligible + full.excluded, full.considered);
      ASSERT_EQ(static_cast<int32_t>(full.homes.size()), full.eligible);
      for (size_t i = 1; i < full.homes.size(); ++i) {
        const RankedHome& a = full.homes[i - 1];
        const RankedHome& b = full.homes[i];
        ASSERT_TRUE(a.total > b.total || (a.total == b.total && a.home_id < b.home_id));
      }
      for (int k : {1, 5, 10}) {
        const RankResult top = RankHomes(homes, request, Config{}, k);
        ASSERT_EQ(top.homes.size(), std::min<size_t>(k, full.homes.size()));
        EXPECT_EQ(top.exclusion_counts, full.exclusion_counts);
        for (size_t i = 0; i < top.homes.size(); ++i) {
          EXPECT_EQ(top.homes[i].home_id, full.homes[i].home_id) << "request " << request.id;
          EXPECT_EQ(top.homes[i].total, full.homes[i].total);
        }
      }
    }
  }
}

TEST(MatcherRankHomes, SameInputSameRanking) {
  const std::vector<Home> homes = GenerateHomes(2000, 5, Region::kVasternorrland);
  const std::vector<Request> requests = GenerateRequests(5, 6, Region::kVasternorrland);
  for (const Request& request : requests) {
    const RankResult a = RankHomes(homes, request, Config{}, 10);
    const RankResult b = RankHomes(homes, request, Config{}, 10);
    ASSERT_EQ(a.homes.size(), b.homes.size());
    for (size_t i = 0; i < a.homes.size(); ++i) {
      EXPECT_EQ(a.homes[i].home_id, b.homes[i].home_id);
      EXPECT_EQ(a.homes[i].total, b.homes[i].total);
      for (int c = 0; c < kCriterionCount; ++c) {
        EXPECT_EQ(a.homes[i].criteria[c].explanation, b.homes[i].criteria[c].explanation);
      }
    }
  }
}

TEST(MatcherRankHomes, LanguageExplanationsForGroups) {
  Request request = SiblingRequest(2, SiblingRule::kTogetherRequired);
  request.children[0].languages = {"ar"};
  request.children[1].languages = {"so"};
  Home home = OpenHome(1);
  home.languages = {"sv", "ar"};
  const RankResult result = RankHomes({home}, request, Config{}, 1);
  const CriterionScore& language = Find(result.homes[0], Criterion::kLanguage);
  EXPECT_DOUBLE_EQ(language.score, 0.5);
  EXPECT_EQ(language.explanation, "speaks Arabic, the own language of 1 of 2 children");
}

}  // namespace
}  // namespace gfo::matcher
