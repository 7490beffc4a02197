// Small builders for matcher tests: a home that takes almost any child, a child, and a request
// placed in Härnösand, each changed by the test through plain field writes.

#ifndef GFO_TESTS_MATCHER_BUILDERS_H_
#define GFO_TESTS_MATCHER_BUILDERS_H_

#include <cmath>
#include <numbers>

#include "matcher/civil_day.h"
#include "matcher/types.h"

namespace gfo::matcher::testing {

inline constexpr int32_t kToday = DayFromCivil(2025, 9, 1);
inline constexpr GeoPoint kHarnosand{62.632, 17.938};
inline constexpr int32_t kHarnosandCode = 2280;

// The point `km` kilometres due north of `from`.
inline GeoPoint NorthOf(const GeoPoint& from, double km) {
  return {from.lat + km / (6371.0088 * std::numbers::pi / 180.0), from.lon};
}

// Approved, every kind, three free seats, ages 0-20, any gender, no pets or smoking, wheelchair
// access, experience with every need, speaks Swedish, 10 km north of Härnösand, last placement
// 100 days ago.
inline Home OpenHome(int64_t id) {
  Home home;
  home.id = id;
  home.code = "FH-" + std::to_string(id);
  const GeoPoint at = NorthOf(kHarnosand, 10);
  home.lat = at.lat;
  home.lon = at.lon;
  home.municipality_code = kHarnosandCode;
  home.approved = true;
  home.kinds = KindBit(PlacementKind::kLongTerm) | KindBit(PlacementKind::kEmergency) |
               KindBit(PlacementKind::kReinforced) | KindBit(PlacementKind::kRespite);
  home.capacity = 3;
  home.min_age = 0;
  home.max_age = 20;
  home.wheelchair_access = true;
  for (int need = 1; need <= kMaxNeed; ++need) home.experience |= NeedBit(static_cast<Need>(need));
  home.languages = {"sv"};
  home.last_placement_end_day = kToday - 100;
  return home;
}

// A boy aged `age` on kToday who speaks Swedish.
inline Child AnyChild(int32_t age = 8) {
  Child child;
  child.age_years = age;
  child.gender = Gender::kMale;
  child.languages = {"sv"};
  return child;
}

// A long-term request for one child, starting today, whose school is in Härnösand.
inline Request BasicRequest(int64_t id = 1) {
  Request request;
  request.id = id;
  request.municipality_code = kHarnosandCode;
  request.kind = PlacementKind::kLongTerm;
  request.legal_basis = LegalBasis::kSol;
  request.today_day = kToday;
  request.wanted_start_day = kToday;
  request.children = {AnyChild()};
  request.sibling_rule = SiblingRule::kSingleChild;
  request.child_place = kHarnosand;
  request.child_place_description = "school in Härnösand";
  return request;
}

// A request for `n` siblings aged 6, 8, 10, ... under `rule`.
inline Request SiblingRequest(int32_t n, SiblingRule rule, int64_t id = 1) {
  Request request = BasicRequest(id);
  request.children.clear();
  for (int32_t i = 0; i < n; ++i) request.children.push_back(AnyChild(6 + 2 * i));
  request.sibling_rule = rule;
  return request;
}

}  // namespace gfo::matcher::testing

#endif  // GFO_TESTS_MATCHER_BUILDERS_H_
