// Mapping gfo.v1 homes, requests and configuration onto the matcher's types, and results back.

#include <gtest/gtest.h>

#include "gfo/v1/config.pb.h"
#include "matcher/civil_day.h"
#include "service/match_mapping.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"

namespace gfo::match {
namespace {

using ::gfo::testing::StatusIs;

const int32_t kToday = matcher::DayFromCivil(2026, 11, 23);

TEST(MatchMapping, HomeCarriesEveryFactTheMatcherReads) {
  gfo::v1::Home home = gfo::testing::ValidHome(2282, 3);
  home.set_code("FH-0042");
  home.set_status(gfo::v1::HOME_STATUS_PAUSED);
  home.add_kinds(gfo::v1::PLACEMENT_KIND_EMERGENCY);
  home.add_accepted_genders(gfo::v1::GENDER_FEMALE);
  home.set_max_sibling_group(2);
  home.set_has_pets(true);
  home.set_protected_identity(true);
  home.add_own_children_birth_years(2012);
  home.set_background("stated background");
  home.mutable_last_placement_end()->set_year(2025);
  home.mutable_last_placement_end()->set_month(6);
  home.mutable_last_placement_end()->set_day(30);

  const matcher::Home h = HomeFromProto(7, home, matcher::DayFromCivil(2024, 1, 15));
  EXPECT_EQ(h.id, 7);
  EXPECT_EQ(h.code, "FH-0042");
  EXPECT_EQ(h.municipality_code, 2282);
  EXPECT_EQ(h.capacity, 3);
  EXPECT_EQ(h.max_sibling_group, 2);
  EXPECT_TRUE(h.approved);
  EXPECT_TRUE(h.paused);
  EXPECT_EQ(h.kinds, matcher::KindBit(matcher::PlacementKind::kLongTerm) |
                         matcher::KindBit(matcher::PlacementKind::kEmergency));
  EXPECT_EQ(h.accepted_genders, matcher::GenderBit(matcher::Gender::kFemale));
  EXPECT_EQ(h.experience, matcher::NeedBit(matcher::Need::kTrauma));
  EXPECT_TRUE(h.has_pets);
  EXPECT_TRUE(h.protected_location);
  EXPECT_EQ(h.available_from_day, matcher::DayFromCivil(2026, 11, 1));
  EXPECT_EQ(h.last_placement_end_day, matcher::DayFromCivil(2025, 6, 30));
  EXPECT_EQ(h.approved_day, matcher::DayFromCivil(2024, 1, 15));
  EXPECT_EQ(h.languages, std::vector<std::string>{"sv"});
  EXPECT_EQ(h.own_children_birth_years, std::vector<int32_t>{2012});
  EXPECT_EQ(h.background, "stated background");
  EXPECT_DOUBLE_EQ(h.lat, 62.63);
  EXPECT_EQ(h.active_children, 0);
  EXPECT_EQ(h.held_children, 0);
}

TEST(MatchMapping, OnlyApprovedAndPausedHomesCountAsApproved) {
  for (auto status : {gfo::v1::HOME_STATUS_INQUIRY, gfo::v1::HOME_STATUS_ASSESSMENT,
                      gfo::v1::HOME_STATUS_CLOSED}) {
    gfo::v1::Home home = gfo::testing::ValidHome();
    home.set_status(status);
    EXPECT_FALSE(HomeFromProto(1, home, std::nullopt).approved) << status;
  }
}

TEST(MatchMapping, RequestAgesComeFromBirthDatesOrIdentityNumbers) {
  gfo::v1::PlacementRequest request = gfo::testing::ValidRequest(2280, 2);
  // Child 0: identity number only (born 2019-03-12); child 1: birth date only.
  request.mutable_children(1)->clear_personal_identity_number();
  request.mutable_children(1)->mutable_birth_date()->set_year(2017);
  request.mutable_children(1)->mutable_birth_date()->set_month(12);
  request.mutable_children(1)->mutable_birth_date()->set_day(24);
  request.mutable_children(0)->add_needs()->set_need(gfo::v1::NEED_TRAUMA);
  request.mutable_children(0)->mutable_needs(0)->set_required(true);
  request.mutable_children(0)->add_needs()->set_need(gfo::v1::NEED_EDUCATION);
  request.mutable_children(0)->add_former_homes("homes/12");
  request.add_excluded_municipality_codes(2281);
  auto* risk = request.add_risk_locations();
  risk->mutable_location()->set_latitude(62.4);
  risk->mutable_location()->set_longitude(17.3);
  risk->set_min_distance_km(25);

  absl::StatusOr<matcher::Request> r = RequestFromProto(9, request, kToday);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->children.size(), 2u);
  EXPECT_EQ(r->id, 9);
  EXPECT_EQ(r->today_day, kToday);
  EXPECT_EQ(r->children[0].birth_day, matcher::DayFromCivil(2019, 3, 12));
  EXPECT_EQ(r->children[0].age_years, 7);
  EXPECT_EQ(r->children[1].birth_day, matcher::DayFromCivil(2017, 12, 24));
  EXPECT_EQ(r->children[1].age_years, 8);
  EXPECT_EQ(r->children[0].required_needs, matcher::NeedBit(matcher::Need::kTrauma));
  EXPECT_EQ(r->children[0].preferred_needs, matcher::NeedBit(matcher::Need::kEducation));
  EXPECT_EQ(r->children[0].former_home_ids, std::vector<int64_t>{12});
  EXPECT_EQ(r->sibling_rule, matcher::SiblingRule::kTogetherRequired);
  EXPECT_EQ(r->wanted_start_day, matcher::DayFromCivil(2026, 12, 1));
  ASSERT_TRUE(r->child_place.has_value());
  EXPECT_EQ(r->child_place_description, "school in Härnösand");
  EXPECT_EQ(r->excluded_municipality_codes, std::vector<int32_t>{2281});
  ASSERT_EQ(r->risk_locations.size(), 1u);
  EXPECT_DOUBLE_EQ(r->risk_locations[0].min_distance_km, 25);
  EXPECT_FALSE(matcher::IsEmergency(*r));
}

TEST(MatchMapping, EmergencyByKindOrByLvu6) {
  gfo::v1::PlacementRequest request = gfo::testing::ValidRequest();
  request.set_legal_basis(gfo::v1::LEGAL_BASIS_LVU_6);
  EXPECT_TRUE(matcher::IsEmergency(*RequestFromProto(1, request, kToday)));
  request.set_legal_basis(gfo::v1::LEGAL_BASIS_LVU);
  request.set_kind(gfo::v1::PLACEMENT_KIND_EMERGENCY);
  EXPECT_TRUE(matcher::IsEmergency(*RequestFromProto(1, request, kToday)));
}

TEST(MatchMapping, RequestWithoutChildrenOrBirthDateIsRefused) {
  gfo::v1::PlacementRequest request = gfo::testing::ValidRequest();
  request.mutable_children(0)->clear_personal_identity_number();
  EXPECT_THAT(RequestFromProto(3, request, kToday).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "requests/3: children[0]"));
  request.clear_children();
  EXPECT_THAT(RequestFromProto(3, request, kToday).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "requests/3: has no children"));
}

TEST(MatchMapping, ConfigDefaultsAndOverrides) {
  gfo::v1::ServiceConfig config;
  absl::StatusOr<matcher::Config> defaults = ConfigFromService(config);
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_DOUBLE_EQ(defaults->weights.proximity, 3);
  EXPECT_DOUBLE_EQ(defaults->distance_half_km, 30);
  EXPECT_EQ(defaults->default_top_k, 10);

  config.mutable_matcher()->mutable_weights()->set_language(5);
  config.mutable_matcher()->set_default_max_distance_km(150);
  config.mutable_matcher()->set_fairness_horizon_days(200);
  absl::StatusOr<matcher::Config> changed = ConfigFromService(config);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_DOUBLE_EQ(changed->weights.language, 5);
  EXPECT_DOUBLE_EQ(changed->weights.proximity, 3);
  EXPECT_DOUBLE_EQ(changed->default_max_distance_km, 150);
  EXPECT_EQ(changed->fairness_horizon_days, 200);
}

TEST(MatchMapping, InvalidConfigNamesTheField) {
  gfo::v1::ServiceConfig config;
  config.mutable_matcher()->mutable_weights()->set_proximity(-1);
  EXPECT_THAT(ConfigFromService(config).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "matcher.weights.proximity"));
  config.mutable_matcher()->mutable_weights()->clear_proximity();
  config.mutable_matcher()->set_default_top_k(500);
  EXPECT_THAT(ConfigFromService(config).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "matcher.default_top_k"));
}

TEST(MatchMapping, RankedHomeKeepsProfileAndExplanations) {
  matcher::RankedHome ranked;
  ranked.rank = 2;
  ranked.total = 0.75;
  ranked.distance_km = 12.5;
  matcher::CriterionScore c;
  c.name = "proximity";
  c.score = 0.5;
  c.weight = 3;
  c.contribution = 0.2;
  c.explanation = "12 km from the child's school";
  ranked.criteria.push_back(c);
  gfo::v1::HomeProfile profile;
  profile.set_code("FH-0001");
  const gfo::v1::RankedHome out = ToRankedHome(ranked, profile);
  EXPECT_EQ(out.rank(), 2);
  EXPECT_DOUBLE_EQ(out.total(), 0.75);
  EXPECT_EQ(out.profile().code(), "FH-0001");
  EXPECT_DOUBLE_EQ(out.profile().distance_km(), 12.5);
  ASSERT_EQ(out.criteria_size(), 1);
  EXPECT_EQ(out.criteria(0).criterion(), "proximity");
  EXPECT_EQ(out.criteria(0).explanation(), "12 km from the child's school");

  ranked.distance_km.reset();  // protected location or no child's place
  EXPECT_FALSE(ToRankedHome(ranked, profile).profile().has_distance_km());
}

TEST(MatchMapping, ExclusionCountsOnlyReasonsWithHomes) {
  matcher::RankResult result;
  result.exclusion_counts[static_cast<size_t>(matcher::ExclusionReason::kInsufficientCapacity)] = 3;
  result.exclusion_counts[static_cast<size_t>(matcher::ExclusionReason::kNotApproved)] = 1;
  result.considered = 6;
  result.excluded = 4;
  result.eligible = 2;
  gfo::v1::RankHomesResponse out;
  FillCounts(result, &out);
  ASSERT_EQ(out.exclusions_size(), 2);
  EXPECT_EQ(out.exclusions(0).reason(), "not_approved");
  EXPECT_EQ(out.exclusions(0).homes(), 1);
  EXPECT_EQ(out.exclusions(1).reason(), "insufficient_capacity");
  EXPECT_EQ(out.exclusions(1).homes(), 3);
  EXPECT_EQ(out.considered(), 6);
  EXPECT_EQ(out.excluded(), 4);
  EXPECT_EQ(out.eligible(), 2);
}

}  // namespace
}  // namespace gfo::match
