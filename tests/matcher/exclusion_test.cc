// Each hard constraint excludes a home with its own reason code when exactly one fact differs,
// and a home carries every reason that applies.

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matcher/exclusion.h"
#include "matcher/rank.h"
#include "tests/matcher/builders.h"

namespace gfo::matcher {
namespace {

using testing::AnyChild;
using testing::BasicRequest;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::kHarnosand;
using testing::kHarnosandCode;
using testing::NorthOf;
using testing::OpenHome;
using testing::SiblingRequest;

struct HardCase {
  std::string name;
  std::function<void(Home&, Request&, Config&)> change;
  ExclusionReason reason;
};

std::vector<HardCase> HardCases() {
  return {
      {"not_approved", [](Home& h, Request&, Config&) { h.approved = false; },
       ExclusionReason::kNotApproved},
      {"paused", [](Home& h, Request&, Config&) { h.paused = true; },
       ExclusionReason::kNotApproved},
      {"available_after_start",
       [](Home& h, Request& r, Config&) { h.available_from_day = r.wanted_start_day + 1; },
       ExclusionReason::kNotAvailableByStart},
      {"kind", [](Home& h, Request&, Config&) { h.kinds = KindBit(PlacementKind::kRespite); },
       ExclusionReason::kKindNotOffered},
      {"full", [](Home& h, Request&, Config&) { h.active_children = 3; },
       ExclusionReason::kInsufficientCapacity},
      {"held_seats",
       [](Home& h, Request&, Config&) {
         h.active_children = 1;
         h.held_children = 2;
       },
       ExclusionReason::kInsufficientCapacity},
      {"required_group_larger_than_free",
       [](Home& h, Request& r, Config&) {
         r = SiblingRequest(3, SiblingRule::kTogetherRequired);
         h.active_children = 1;
       },
       ExclusionReason::kInsufficientCapacity},
      {"required_group_larger_than_max_sibling_group",
       [](Home& h, Request& r, Config&) {
         r = SiblingRequest(3, SiblingRule::kTogetherRequired);
         h.max_sibling_group = 2;
       },
       ExclusionReason::kInsufficientCapacity},
      {"too_old", [](Home& h, Request&, Config&) { h.max_age = 7; },
       ExclusionReason::kAgeOutsideRange},
      {"too_young", [](Home& h, Request&, Config&) { h.min_age = 9; },
       ExclusionReason::kAgeOutsideRange},
      {"age_from_birth_day_at_start",
       [](Home& h, Request& r, Config&) {
         // Nine today, ten on the start day a year later.
         r.wanted_start_day = r.today_day + 365;
         r.children[0].birth_day = r.today_day - 9 * 365 - 10;
         h.max_age = 9;
       },
       ExclusionReason::kAgeOutsideRange},
      {"gender",
       [](Home& h, Request&, Config&) { h.accepted_genders = GenderBit(Gender::kFemale); },
       ExclusionReason::kGenderNotAccepted},
      {"required_competence",
       [](Home& h, Request& r, Config&) {
         h.experience = NeedBit(Need::kHealth);
         r.children[0].required_needs = NeedBit(Need::kTrauma) | NeedBit(Need::kHealth);
       },
       ExclusionReason::kMissingRequiredCompetence},
      {"pets",
       [](Home& h, Request& r, Config&) {
         h.has_pets = true;
         r.children[0].pet_allergy = true;
       },
       ExclusionReason::kPetsVsAllergy},
      {"smoking",
       [](Home& h, Request& r, Config&) {
         h.smoking = true;
         r.children[0].smoke_free = true;
       },
       ExclusionReason::kSmokingVsSmokeFree},
      {"wheelchair",
       [](Home& h, Request& r, Config&) {
         h.wheelchair_access = false;
         r.children[0].wheelchair = true;
       },
       ExclusionReason::kNoWheelchairAccess},
      {"excluded_municipality",
       [](Home&, Request& r, Config&) {
         r.excluded_municipality_codes = {2284, kHarnosandCode};
       },
       ExclusionReason::kExcludedMunicipality},
      {"risk_location",
       [](Home&, Request& r, Config&) {
         r.risk_locations = {{NorthOf(kHarnosand, 14), 5.0}};
       },
       ExclusionReason::kNearRiskLocation},
      {"request_max_distance", [](Home&, Request& r, Config&) { r.max_distance_km = 9; },
       ExclusionReason::kBeyondMaxDistance},
      {"default_max_distance", [](Home&, Request&, Config& c) { c.default_max_distance_km = 9; },
       ExclusionReason::kBeyondMaxDistance},
  };
}

TEST(MatcherExclusion, BaseHomeIsEligible) {
  EXPECT_THAT(ExplainExclusion(OpenHome(1), BasicRequest(), Config{}), IsEmpty());
  EXPECT_THAT(
      ExplainExclusion(OpenHome(1), SiblingRequest(3, SiblingRule::kTogetherRequired), Config{}),
      IsEmpty());
}

TEST(MatcherExclusion, EachHardConstraintExcludesWithItsCode) {
  for (const HardCase& c : HardCases()) {
    SCOPED_TRACE(c.name);
    Home home = OpenHome(7);
    Request request = BasicRequest();
    Config config;
    c.change(home, request, config);
    EXPECT_THAT(ExplainExclusion(home, request, config), ElementsAre(c.reason));

    // A second home at the school, in Timrå, stays eligible under every change.
    Home other = OpenHome(8);
    other.lat = kHarnosand.lat;
    other.lon = kHarnosand.lon;
    other.municipality_code = 2262;
    const RankResult ranked = RankHomes({home, other}, request, config, 10);
    EXPECT_EQ(ranked.considered, 2);
    EXPECT_EQ(ranked.excluded, 1);
    EXPECT_EQ(ranked.eligible, 1);
    EXPECT_EQ(ranked.exclusion_counts[static_cast<size_t>(c.reason)], 1);
    ASSERT_EQ(ranked.homes.size(), 1u);
    EXPECT_EQ(ranked.homes[0].home_id, 8);
  }
}

TEST(MatcherExclusion, ReasonNamesAreStableSnakeCase) {
  EXPECT_EQ(ExclusionReasonName(ExclusionReason::kNotApproved), "not_approved");
  EXPECT_EQ(ExclusionReasonName(ExclusionReason::kInsufficientCapacity), "insufficient_capacity");
  EXPECT_EQ(ExclusionReasonName(ExclusionReason::kMissingRequiredCompetence),
            "missing_required_competence");
  EXPECT_EQ(ExclusionReasonName(ExclusionReason::kBeyondMaxDistance), "beyond_max_distance");
  for (int r = 0; r < kExclusionReasonCount; ++r) {
    const auto reason = static_cast<ExclusionReason>(r);
    EXPECT_NE(ExclusionReasonName(reason), "unknown");
    EXPECT_NE(ExclusionReasonDescription(reason), "unknown reason");
  }
}

TEST(MatcherExclusion, HomeCarriesEveryReasonThatApplies) {
  Home home = OpenHome(1);
  home.paused = true;
  home.has_pets = true;
  home.max_age = 5;
  Request request = BasicRequest();
  request.children[0].pet_allergy = true;
  request.max_distance_km = 2;
  EXPECT_THAT(ExplainExclusion(home, request, Config{}),
              ElementsAre(ExclusionReason::kNotApproved, ExclusionReason::kAgeOutsideRange,
                          ExclusionReason::kPetsVsAllergy, ExclusionReason::kBeyondMaxDistance));

  Home paused_only = OpenHome(2);
  paused_only.paused = true;
  paused_only.lat = kHarnosand.lat;
  paused_only.lon = kHarnosand.lon;
  const RankResult ranked = RankHomes({home, paused_only, OpenHome(3)}, request, Config{}, 10);
  EXPECT_EQ(ranked.excluded, 3);  // OpenHome(3) is 10 km away, beyond 2 km
  EXPECT_EQ(ranked.eligible, 0);
  EXPECT_EQ(ranked.exclusion_counts[static_cast<size_t>(ExclusionReason::kNotApproved)], 2);
  EXPECT_EQ(ranked.exclusion_counts[static_cast<size_t>(ExclusionReason::kBeyondMaxDistance)], 2);
  EXPECT_EQ(ranked.exclusion_counts[static_cast<size_t>(ExclusionReason::kPetsVsAllergy)], 1);
  EXPECT_TRUE(ranked.homes.empty());

  const std::vector<ExclusionMask> masks =
      ComputeExclusionMasks({home, paused_only, OpenHome(3)}, request, Config{});
  ASSERT_EQ(masks.size(), 3u);
  EXPECT_EQ(ReasonsInMask(masks[0]), ExplainExclusion(home, request, Config{}));
  EXPECT_EQ(masks[1], ReasonBit(ExclusionReason::kNotApproved));
  EXPECT_EQ(masks[2], ReasonBit(ExclusionReason::kBeyondMaxDistance));
}

TEST(MatcherExclusion, PreferredSiblingGroupKeepsHomeWithOneFreeSeat) {
  Home home = OpenHome(1);
  home.active_children = 2;  // one free seat
  EXPECT_THAT(ExplainExclusion(home, SiblingRequest(3, SiblingRule::kTogetherPreferred), Config{}),
              IsEmpty());
  EXPECT_THAT(ExplainExclusion(home, SiblingRequest(3, SiblingRule::kTogetherRequired), Config{}),
              ElementsAre(ExclusionReason::kInsufficientCapacity));
  home.active_children = 3;
  EXPECT_THAT(ExplainExclusion(home, SiblingRequest(3, SiblingRule::kTogetherPreferred), Config{}),
              ElementsAre(ExclusionReason::kInsufficientCapacity));
}

TEST(MatcherExclusion, EverySiblingMustFitAgeAndGender) {
  Home home = OpenHome(1);
  home.max_age = 9;  // siblings are 6, 8 and 10
  EXPECT_THAT(ExplainExclusion(home, SiblingRequest(3, SiblingRule::kTogetherPreferred), Config{}),
              ElementsAre(ExclusionReason::kAgeOutsideRange));
  Home girls_only = OpenHome(2);
  girls_only.accepted_genders = GenderBit(Gender::kFemale);
  Request request = SiblingRequest(2, SiblingRule::kTogetherRequired);
  request.children[0].gender = Gender::kFemale;
  EXPECT_THAT(ExplainExclusion(girls_only, request, Config{}),
              ElementsAre(ExclusionReason::kGenderNotAccepted));
  request.children[1].gender = Gender::kFemale;
  EXPECT_THAT(ExplainExclusion(girls_only, request, Config{}), IsEmpty());
}

TEST(MatcherExclusion, MaxDistanceNeedsAChildPlace) {
  Request request = BasicRequest();
  request.child_place.reset();
  request.max_distance_km = 1;
  EXPECT_THAT(ExplainExclusion(OpenHome(1), request, Config{}), IsEmpty());
}

TEST(MatcherExclusion, RiskLocationBeyondMinimumDistanceDoesNotExclude) {
  Request request = BasicRequest();
  request.risk_locations = {{NorthOf(kHarnosand, 30), 15.0}};  // the home is 20 km from it
  EXPECT_THAT(ExplainExclusion(OpenHome(1), request, Config{}), IsEmpty());
  request.risk_locations.push_back({NorthOf(kHarnosand, 10), 1.0});
  EXPECT_THAT(ExplainExclusion(OpenHome(1), request, Config{}),
              ElementsAre(ExclusionReason::kNearRiskLocation));
}

// A home outside the bank (in inquiry or assessment, or closed) is counted under not_approved
// only: its other facts would tell the GFO to recruit homes it already has or will never use. A
// paused home is in the bank and carries every reason, as before.
TEST(MatcherExclusion, AHomeOutsideTheBankCountsOnlyAsNotApproved) {
  Home closed = OpenHome(1);
  closed.approved = false;
  closed.has_pets = true;
  closed.wheelchair_access = false;
  Home paused = closed;
  paused.id = 2;
  paused.approved = true;
  paused.paused = true;
  Request request = BasicRequest();
  request.children[0].pet_allergy = true;
  request.children[0].wheelchair = true;
  request.max_distance_km = 2;
  EXPECT_THAT(ExplainExclusion(closed, request, Config{}),
              ElementsAre(ExclusionReason::kNotApproved));
  EXPECT_THAT(
      ExplainExclusion(paused, request, Config{}),
      ElementsAre(ExclusionReason::kNotApproved, ExclusionReason::kPetsVsAllergy,
                  ExclusionReason::kNoWheelchairAccess, ExclusionReason::kBeyondMaxDistance));

  const RankResult ranked = RankHomes({closed, paused}, request, Config{}, 10);
  EXPECT_EQ(ranked.excluded, 2);
  EXPECT_EQ(ranked.exclusion_counts[static_cast<size_t>(ExclusionReason::kNotApproved)], 2);
  for (ExclusionReason reason :
       {ExclusionReason::kPetsVsAllergy, ExclusionReason::kNoWheelchairAccess,
        ExclusionReason::kBeyondMaxDistance}) {
    EXPECT_EQ(ranked.exclusion_counts[static_cast<size_t>(reason)], 1)
        << ExclusionReasonName(reason);
  }
  EXPECT_EQ(ComputeExclusionMasks({closed}, request, Config{})[0],
            ReasonBit(ExclusionReason::kNotApproved));
}

// A distance that is not a finite number (a NaN or infinite coordinate of the home, the child's
// place or a risk location) cannot show that a home keeps a minimum or a maximum distance, so it
// fails those safety checks rather than passing them unseen. Without such a check the home stays
// eligible and scores as a home far away.
TEST(MatcherExclusion, ANonFiniteDistanceFailsTheSafetyChecks) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  Request risk = BasicRequest();
  risk.risk_locations = {{NorthOf(kHarnosand, 200), 1.0}};
  Request within_50 = BasicRequest();
  within_50.max_distance_km = 50;
  for (const double bad : {kNaN, kInf, -kInf}) {
    SCOPED_TRACE(bad);
    for (const bool protected_location : {false, true}) {
      SCOPED_TRACE(protected_location ? "protected" : "not protected");
      for (const bool bad_lat : {true, false}) {
        Home home = OpenHome(1);
        (bad_lat ? home.lat : home.lon) = bad;
        home.protected_location = protected_location;
        EXPECT_THAT(ExplainExclusion(home, risk, Config{}),
                    ElementsAre(ExclusionReason::kNearRiskLocation));
        EXPECT_THAT(ExplainExclusion(home, within_50, Config{}),
                    ElementsAre(ExclusionReason::kBeyondMaxDistance));
      }
    }
    Request bad_risk = risk;
    bad_risk.risk_locations[0].point.lat = bad;
    EXPECT_THAT(ExplainExclusion(OpenHome(1), bad_risk, Config{}),
                ElementsAre(ExclusionReason::kNearRiskLocation));
    Request bad_place = within_50;
    bad_place.child_place->lon = bad;
    EXPECT_THAT(ExplainExclusion(OpenHome(1), bad_place, Config{}),
                ElementsAre(ExclusionReason::kBeyondMaxDistance));
  }

  Home home = OpenHome(1);
  home.lat = kNaN;
  const RankResult result = RankHomes({home}, BasicRequest(), Config{}, 1);
  ASSERT_EQ(result.homes.size(), 1u);
  const CriterionScore& proximity =
      result.homes[0].criteria[static_cast<size_t>(Criterion::kProximity)];
  EXPECT_EQ(proximity.score, 0);
  EXPECT_EQ(proximity.explanation,
            "distance unknown (a location is not a valid point); scored "
            "as far away");
  EXPECT_FALSE(result.homes[0].distance_km.has_value());
}

}  // namespace
}  // namespace gfo::matcher
