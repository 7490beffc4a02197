// Demo data: valid for the real API, free of personal data, reproducible, members only.

#include <gtest/gtest.h>

#include "matcher/civil_day.h"
#include "service/demo_seed.h"
#include "service/validation/home_validation.h"
#include "service/validation/request_validation.h"

namespace gfo::demo {
namespace {

const int32_t kToday = matcher::DayFromCivil(2026, 11, 23);
const std::vector<int32_t> kMembers = {2260, 2262, 2280, 2282, 2283, 2284};

TEST(MatchDemoSeed, HomesAreValidAndHoldNoPersonalData) {
  const std::vector<DemoHome> homes = DemoHomes(200, 7, kToday);
  ASSERT_EQ(homes.size(), 200u);
  int approved = 0;
  for (const DemoHome& demo : homes) {
    EXPECT_TRUE(validation::ValidateHomeForCreate(demo.home, kToday).ok())
        << validation::ValidateHomeForCreate(demo.home, kToday);
    EXPECT_EQ(demo.home.adults_size(), 0);
    EXPECT_TRUE(demo.home.address().empty());
    EXPECT_EQ(demo.home.municipality_code() / 100, 22);  // Västernorrland
    if (demo.status == gfo::v1::HOME_STATUS_APPROVED) ++approved;
  }
  EXPECT_GT(approved, 150);
  EXPECT_LT(approved, 200);
}

TEST(MatchDemoSeed, RequestsAreReadyToSubmitFromMembersOnly) {
  const auto requests = DemoRequests(200, 8, kToday, kMembers);
  ASSERT_EQ(requests.size(), 200u);
  for (const gfo::v1::PlacementRequest& r : requests) {
    EXPECT_TRUE(validation::ValidateRequestForCreate(r, kToday).ok())
        << validation::ValidateRequestForCreate(r, kToday);
    EXPECT_TRUE(validation::ValidateForSubmit(r, kToday).ok())
        << validation::ValidateForSubmit(r, kToday);
    EXPECT_NE(std::find(kMembers.begin(), kMembers.end(), r.municipality_code()), kMembers.end());
    for (const gfo::v1::Child& c : r.children()) {
      EXPECT_TRUE(c.personal_identity_number().empty());
      EXPECT_TRUE(c.has_birth_date());
    }
  }
}

TEST(MatchDemoSeed, SameSeedSameData) {
  EXPECT_EQ(DemoHomes(20, 3, kToday)[7].home.SerializeAsString(),
            DemoHomes(20, 3, kToday)[7].home.SerializeAsString());
  EXPECT_EQ(DemoRequests(20, 3, kToday, kMembers)[5].SerializeAsString(),
            DemoRequests(20, 3, kToday, kMembers)[5].SerializeAsString());
  EXPECT_NE(DemoHomes(20, 3, kToday)[7].home.SerializeAsString(),
            DemoHomes(20, 4, kToday)[7].home.SerializeAsString());
}

}  // namespace
}  // namespace gfo::demo
