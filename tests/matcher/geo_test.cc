// Distances and day numbers.

#include <gtest/gtest.h>

#include "matcher/civil_day.h"
#include "matcher/geo.h"

namespace gfo::matcher {
namespace {

TEST(MatcherGeo, HaversineKnownDistance) {
  // Härnösand to Sundsvall is about 56 km as the crow flies.
  EXPECT_NEAR(HaversineKm({62.632, 17.938}, {62.391, 17.307}), 40.0, 10.0);
  EXPECT_DOUBLE_EQ(HaversineKm({62.0, 17.0}, {62.0, 17.0}), 0.0);
  // One degree of latitude.
  EXPECT_NEAR(HaversineKm({60.0, 15.0}, {61.0, 15.0}), 111.19, 0.01);
}

TEST(MatcherGeo, ApproximationIsCloseToHaversineAcrossSweden) {
  const GeoPoint points[] = {{55.605, 13.003}, {57.709, 11.975}, {59.329, 18.069},
                             {62.391, 17.307}, {62.632, 17.938}, {63.290, 18.716},
                             {65.584, 22.154}, {67.856, 20.225}, {62.524, 15.659}};
  for (const GeoPoint& a : points) {
    const DistanceFrom from(a);
    for (const GeoPoint& b : points) {
      const double exact = HaversineKm(a, b);
      // 0.1 % within 300 km (proximity and safety rules), 0.5 % across the country.
      const double tolerance = exact <= 300 ? 0.001 : 0.005;
      EXPECT_NEAR(from.Km(b.lat, b.lon), exact, tolerance * exact + 1e-9);
    }
  }
}

TEST(MatcherCivilDay, RoundTripsAndAges) {
  EXPECT_EQ(DayFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DayFromCivil(2000, 3, 1), 11017);
  for (int32_t day = -1000; day < 30000; day += 17) {
    const CivilDate date = CivilFromDay(day);
    EXPECT_EQ(DayFromCivil(date.year, date.month, date.day), day);
  }
  const int32_t birth = DayFromCivil(2015, 3, 12);
  EXPECT_EQ(AgeInYears(birth, DayFromCivil(2025, 3, 11)), 9);
  EXPECT_EQ(AgeInYears(birth, DayFromCivil(2025, 3, 12)), 10);
  EXPECT_EQ(AgeInYears(birth, DayFromCivil(2014, 1, 1)), 0);
}

}  // namespace
}  // namespace gfo::matcher
