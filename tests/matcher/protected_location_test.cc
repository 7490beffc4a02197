// A protected home (skyddade personuppgifter) is matched by the centre of its grid cell
// (ProtectedCellOf in geo.h), never by its own position: whatever a case worker does with a
// draft's child place, maximum distance and risk locations, every answer (scores, totals,
// explanations, which homes are excluded and why) is the same wherever in its cell the home is.

#include <cmath>
#include <cstdio>
#include <functional>
#include <numbers>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "matcher/geo.h"
#include "matcher/rank.h"
#include "tests/matcher/builders.h"

namespace gfo::matcher {
namespace {

using testing::BasicRequest;
using testing::kHarnosand;
using testing::OpenHome;

// The point `north_km` north and `east_km` east of `from` (negative: south, west).
GeoPoint Offset(const GeoPoint& from, double north_km, double east_km) {
  constexpr double kKmPerDegree = kEarthRadiusKm * std::numbers::pi / 180.0;
  const double lat = from.lat + north_km / kKmPerDegree;
  return {lat, from.lon + east_km / (kKmPerDegree * std::cos(lat * std::numbers::pi / 180.0))};
}

bool SameCell(const GridCell& a, const GridCell& b) {
  return a.row == b.row && a.column == b.column;
}

Home HomeAt(const GeoPoint& at, bool protected_location) {
  Home home = OpenHome(1);
  home.lat = at.lat;
  home.lon = at.lon;
  home.protected_location = protected_location;
  return home;
}

Request RequestAt(const GeoPoint& place) {
  Request request = BasicRequest();
  request.child_place = place;
  return request;
}

// Every digit of `value`.
std::string Exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// Everything a caller sees of a ranking of one home, as text.
std::string Answer(const RankResult& result) {
  std::string text = absl::StrCat("eligible ", result.eligible, "; excluded for");
  for (int r = 0; r < kExclusionReasonCount; ++r) {
    if (result.exclusion_counts[r] > 0) {
      absl::StrAppend(&text, " ",
                      std::string(ExclusionReasonName(static_cast<ExclusionReason>(r))));
    }
  }
  for (const RankedHome& home : result.homes) {
    absl::StrAppend(&text, "; total ", Exact(home.total), " distance ",
                    home.distance_km.has_value() ? absl::StrCat(*home.distance_km) : "none");
    for (const CriterionScore& c : home.criteria) {
      absl::StrAppend(&text, "; ", c.name, " ", Exact(c.score), " ", c.explanation);
    }
  }
  return text;
}

std::string AnswerFor(const Home& home, const Request& request) {
  return Answer(RankHomes({home}, request, Config{}, 1));
}

// The requests a case worker could try from one child's place: maxima and risk locations around
// the place at several distances.
std::vector<Request> Probes(const GeoPoint& place) {
  std::vector<Request> probes = {RequestAt(place)};
  for (const double max_km : {10.0, 20.0, 30.0}) {
    probes.push_back(RequestAt(place));
    probes.back().max_distance_km = max_km;
  }
  for (const double min_km : {1.0, 3.0, 12.0, 25.0}) {
    probes.push_back(RequestAt(place));
    probes.back().risk_locations = {{place, min_km}};
  }
  return probes;
}

class MatcherProtectedLocation : public ::testing::Test {
 protected:
  // A cell in Härnösand and two points in it 22 km apart, near opposite corners.
  const GridCell cell_ = ProtectedCellOf(kHarnosand);
  const GeoPoint a_ = Offset(cell_.centre, -8, -8);
  const GeoPoint b_ = Offset(cell_.centre, 8, 7);

  void SetUp() override {
    ASSERT_TRUE(SameCell(ProtectedCellOf(a_), cell_));
    ASSERT_TRUE(SameCell(ProtectedCellOf(b_), cell_));
    ASSERT_GT(HaversineKm(a_, b_), 20);
  }
};

TEST_F(MatcherProtectedLocation, TheGridHasCellsOfAbout20Km) {
  EXPECT_EQ(cell_.row, 847);
  EXPECT_NEAR(cell_.radius_km, 14.2, 0.1);
  for (const GeoPoint& corner :
       {Offset(cell_.centre, -9.99, -10), Offset(cell_.centre, 9.99, 9.9)}) {
    EXPECT_TRUE(SameCell(ProtectedCellOf(corner), cell_));
    EXPECT_LE(HaversineKm(corner, cell_.centre), cell_.radius_km);
  }
  EXPECT_FALSE(SameCell(ProtectedCellOf(Offset(cell_.centre, 10.1, 0)), cell_));
  EXPECT_FALSE(SameCell(ProtectedCellOf(Offset(cell_.centre, 0, -10.1)), cell_));
  // Longitudes wrap around; points that are not finite have no cell.
  EXPECT_TRUE(SameCell(ProtectedCellOf({kHarnosand.lat, kHarnosand.lon + 720}), cell_));
  EXPECT_EQ(ProtectedCellOf({NAN, 17}).row, -1);
  EXPECT_EQ(ProtectedCellOf({62, INFINITY}).radius_km, 0);
}

// Child's places on a grid of 8 km steps 40 km around the cell, each with maxima and risk
// locations: the two protected homes answer alike every time; unprotected homes at the same
// points are told apart by most probes.
TEST_F(MatcherProtectedLocation, TwoProtectedHomesInOneCellGiveTheSameAnswers) {
  int probes = 0;
  int told_apart_unprotected = 0;
  for (double north = -40; north <= 40; north += 8) {
    for (double east = -40; east <= 40; east += 8) {
      for (const Request& request : Probes(Offset(cell_.centre, north, east))) {
        SCOPED_TRACE(absl::StrCat(north, " km north, ", east, " km east"));
        ++probes;
        EXPECT_EQ(AnswerFor(HomeAt(a_, true), request), AnswerFor(HomeAt(b_, true), request));
        if (AnswerFor(HomeAt(a_, false), request) != AnswerFor(HomeAt(b_, false), request)) {
          ++told_apart_unprotected;
        }
      }
    }
  }
  EXPECT_EQ(probes, 121 * 8);
  EXPECT_GT(told_apart_unprotected, probes / 2);  // all but some that exclude both
}

// The attack of the old distance bands: move the child's place (or a risk location) along a ray
// and bisect where the answer flips. The flip now lies on a circle around the cell's centre, the
// same for every home in the cell, so the bisection learns the cell and nothing finer.
TEST_F(MatcherProtectedLocation, ABisectionAlongARayFindsTheCellNotTheHome) {
  // Positions along the ray: km north of a start 60 km south of the cell's centre.
  auto along = [this](double km) { return Offset(cell_.centre, -60 + km, 0); };
  // Where `answer(home, km)` turns from true (at 0) to false (at 60), to 1 µm.
  auto bisect = [](const Home& home, const std::function<bool(const Home&, double)>& answer) {
    double lo = 0;
    double hi = 60;
    EXPECT_TRUE(answer(home, lo));
    EXPECT_FALSE(answer(home, hi));
    while (hi - lo > 1e-9) {
      const double mid = 0.5 * (lo + hi);
      (answer(home, mid) ? lo : hi) = mid;
    }
    return hi;
  };
  auto beyond_20_km = [&along](const Home& home, double km) {
    Request request = RequestAt(along(km));
    request.max_distance_km = 20;
    return RankHomes({home}, request, Config{}, 1).eligible == 0;
  };
  auto clear_of_risk = [&along](const Home& home, double km) {
    Request request = BasicRequest();
    request.risk_locations = {{along(km), 5}};
    return RankHomes({home}, request, Config{}, 1).eligible == 1;
  };

  // Unprotected homes are found: their flips lie 15.6 km apart.
  EXPECT_NEAR(bisect(HomeAt(b_, false), beyond_20_km) - bisect(HomeAt(a_, false), beyond_20_km),
              15.6, 0.1);
  // Protected homes are not: both flip where the centre is 20 km away, or one cell radius plus
  // 5 km from the risk.
  const double max_flip = bisect(HomeAt(a_, true), beyond_20_km);
  EXPECT_EQ(bisect(HomeAt(b_, true), beyond_20_km), max_flip);
  EXPECT_NEAR(max_flip, 40, 0.1);
  const double risk_flip = bisect(HomeAt(a_, true), clear_of_risk);
  EXPECT_EQ(bisect(HomeAt(b_, true), clear_of_risk), risk_flip);
  EXPECT_NEAR(risk_flip, 60 - cell_.radius_km - 5, 0.1);
  // And every answer along the ray, in 250 m steps, is the same for the two.
  for (double km = 0; km <= 120; km += 0.25) {
    EXPECT_EQ(AnswerFor(HomeAt(a_, true), RequestAt(along(km))),
              AnswerFor(HomeAt(b_, true), RequestAt(along(km))))
        << km;
  }
}

// Safety checks take the edge that favours the child: a risk location excludes a protected home
// when the nearest point of its cell (the centre's distance less the cell's radius) is within the
// minimum distance. A home 9 km from a risk location is kept with a minimum of 1 km when its cell
// lies farther off, and left out with a minimum of 5 km although the home itself keeps it.
TEST_F(MatcherProtectedLocation, ARiskLocationExcludesByTheCellsNearestPoint) {
  const GeoPoint home_at = Offset(cell_.centre, 8.5, 0);
  ASSERT_TRUE(SameCell(ProtectedCellOf(home_at), cell_));
  const GeoPoint risk_at = Offset(cell_.centre, 17.5, 0);
  ASSERT_NEAR(HaversineKm(home_at, risk_at), 9, 0.01);
  // The cell's nearest point is 17.5 - 14.2 = 3.3 km from the risk.
  for (const auto& [min_km, protected_kept, unprotected_kept] :
       std::vector<std::tuple<double, bool, bool>>{
           {1, true, true}, {3, true, true}, {5, false, true}, {10, false, false}}) {
    SCOPED_TRACE(min_km);
    Request request = BasicRequest();
    request.risk_locations = {{risk_at, min_km}};
    EXPECT_EQ(RankHomes({HomeAt(home_at, true)}, request, Config{}, 1).eligible,
              protected_kept ? 1 : 0);
    EXPECT_EQ(RankHomes({HomeAt(home_at, false)}, request, Config{}, 1).eligible,
              unprotected_kept ? 1 : 0);
  }
}

// Proximity and the maximum distance read the distance from the cell's centre (a choice: the
// home may lie up to one cell radius nearer or farther, and the maximum is a wish about travel,
// not a safety line). The explanation says the distance is approximate and never gives a precise
// figure; the ranked home carries no distance.
TEST_F(MatcherProtectedLocation, ProximityAndTheMaximumReadTheCellsCentre) {
  const GeoPoint place = Offset(cell_.centre, -30, 0);
  const Home nearer = HomeAt(Offset(cell_.centre, -8, 0), true);  // 22 km from the place
  const Home farther = HomeAt(Offset(cell_.centre, 8, 0), true);  // 38 km from the place
  const double centre_km = DistanceFrom(place).Km(cell_.centre.lat, cell_.centre.lon);
  ASSERT_NEAR(centre_km, 30, 0.01);

  for (const Home& home : {nearer, farther}) {
    const RankResult result = RankHomes({home}, RequestAt(place), Config{}, 1);
    ASSERT_EQ(result.homes.size(), 1u);
    const CriterionScore& proximity =
        result.homes[0].criteria[static_cast<size_t>(Criterion::kProximity)];
    EXPECT_DOUBLE_EQ(proximity.score, std::exp2(-centre_km / 30));
    EXPECT_EQ(proximity.explanation,
              "about 30 km from the child's school in Härnösand (protected address: approximate)");
    EXPECT_FALSE(result.homes[0].distance_km.has_value());

    Request within_25 = RequestAt(place);
    within_25.max_distance_km = 25;
    EXPECT_EQ(RankHomes({home}, within_25, Config{}, 1).eligible, 0);
    Request within_35 = RequestAt(place);
    within_35.max_distance_km = 35;
    EXPECT_EQ(RankHomes({home}, within_35, Config{}, 1).eligible, 1);
  }

  // A child's place in the home's own cell: the home may be anywhere in it.
  const RankResult same_cell = RankHomes({nearer}, RequestAt(cell_.centre), Config{}, 1);
  ASSERT_EQ(same_cell.homes.size(), 1u);
  EXPECT_EQ(same_cell.homes[0].criteria[static_cast<size_t>(Criterion::kProximity)].explanation,
            "within about 15 km of the child's school in Härnösand (protected address: "
            "approximate)");
}

}  // namespace
}  // namespace gfo::matcher
