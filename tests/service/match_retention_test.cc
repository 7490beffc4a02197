// Retention rules (16 kap. SoL): when a record is due, and what clearing removes.

#include <gtest/gtest.h>

#include "matcher/civil_day.h"
#include "service/retention.h"
#include "tests/support/fixtures.h"

namespace gfo::retention {
namespace {

TEST(MatchRetention, DueFiveCalendarYearsAfterTheLastEntry) {
  EXPECT_EQ(ClearAfterDay(matcher::DayFromCivil(2021, 6, 15)), matcher::DayFromCivil(2026, 6, 15));
  // 29 February moves to 1 March.
  EXPECT_EQ(ClearAfterDay(matcher::DayFromCivil(2020, 2, 29)), matcher::DayFromCivil(2025, 3, 1));
}

TEST(MatchRetention, ClearingAHomeKeepsWhatIsNotPersonal) {
  gfo::v1::Home home = gfo::testing::ValidHome(2282, 3);
  home.set_code("FH-0007");
  home.set_status(gfo::v1::HOME_STATUS_CLOSED);
  home.set_background("stated");
  home.add_own_children_birth_years(2010);
  home.mutable_assessment_date()->set_year(2019);
  home.set_close_reason("family moved away");
  ClearHomePersonalData(home);
  EXPECT_EQ(home.adults_size(), 0);
  EXPECT_TRUE(home.address().empty());
  EXPECT_TRUE(home.background().empty());
  EXPECT_FALSE(home.has_location());
  EXPECT_EQ(home.own_children_birth_years_size(), 0);
  EXPECT_TRUE(home.close_reason().empty());
  EXPECT_EQ(home.code(), "FH-0007");
  EXPECT_EQ(home.municipality_code(), 2282);
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_CLOSED);
  EXPECT_EQ(home.capacity(), 3);
  EXPECT_EQ(home.assessment_date().year(), 2019);
  EXPECT_EQ(home.available_from().year(), 2026);
}

TEST(MatchRetention, ClearingARequestKeepsMunicipalityStateKindAndCount) {
  gfo::v1::PlacementRequest request = gfo::testing::ValidRequest(2282, 2);
  request.set_state(gfo::v1::REQUEST_STATE_WITHDRAWN);
  request.mutable_children(0)->set_background("stated");
  request.mutable_children(0)->add_needs()->set_need(gfo::v1::NEED_HEALTH);
  request.add_risk_locations()->set_min_distance_km(10);
  request.mutable_network_examination()->set_note("grandparents asked");
  ClearRequestPersonalData(request);
  ASSERT_EQ(request.children_size(), 2);
  for (const gfo::v1::Child& child : request.children()) {
    EXPECT_TRUE(child.personal_identity_number().empty());
    EXPECT_FALSE(child.has_birth_date());
    EXPECT_TRUE(child.background().empty());
    EXPECT_EQ(child.needs_size(), 0);
    EXPECT_EQ(child.languages_size(), 0);
  }
  EXPECT_TRUE(request.case_reference().empty());
  EXPECT_EQ(request.risk_locations_size(), 0);
  EXPECT_FALSE(request.has_child_place());
  EXPECT_TRUE(request.child_place_description().empty());
  EXPECT_TRUE(request.network_examination().note().empty());
  EXPECT_EQ(request.municipality_code(), 2282);
  EXPECT_EQ(request.state(), gfo::v1::REQUEST_STATE_WITHDRAWN);
  EXPECT_EQ(request.kind(), gfo::v1::PLACEMENT_KIND_LONG_TERM);
  EXPECT_EQ(request.wanted_start_date().year(), 2026);
}

}  // namespace
}  // namespace gfo::retention
