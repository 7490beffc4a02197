// Seeded synthetic homes and placement requests for tests, benchmarks and demo data.
//
// The distributions follow DOMAIN.md where it gives facts (the county's seven municipality towns,
// placement kinds, capacities 1-4, the need vocabulary) and are our own plausible choices elsewhere
// (documented in synthetic.cc). The same seed and options give the same data on every platform
// with the same libm: randomness is std::mt19937_64 with hand-written distributions.

#ifndef GFO_MATCHER_SYNTHETIC_H_
#define GFO_MATCHER_SYNTHETIC_H_

#include <cstdint>
#include <vector>

#include "matcher/civil_day.h"
#include "matcher/types.h"

namespace gfo::matcher {

enum class Region : uint8_t {
  kVasternorrland,  // around the seven municipality towns of county 22
  kSweden,          // around thirty towns across Sweden, weighted by population
};

// The default "today" of generated data: 2025-09-01.
inline constexpr int32_t kSyntheticToday = DayFromCivil(2025, 9, 1);

struct HomeOptions {
  Region region = Region::kVasternorrland;
  int32_t today_day = kSyntheticToday;
  int64_t first_id = 1;  // ids are first_id, first_id + 1, ...
};

struct RequestOptions {
  Region region = Region::kVasternorrland;
  int32_t today_day = kSyntheticToday;
  int64_t first_id = 1;
  int32_t max_children = 4;        // 1 = single children only
  int64_t former_home_id_max = 0;  // some children lived in a home with id 1..this; 0 = none
};

std::vector<Home> GenerateHomes(int32_t n, uint64_t seed, const HomeOptions& options = {});
std::vector<Home> GenerateHomes(int32_t n, uint64_t seed, Region region);

std::vector<Request> GenerateRequests(int32_t n, uint64_t seed, const RequestOptions& options = {});
std::vector<Request> GenerateRequests(int32_t n, uint64_t seed, Region region);

}  // namespace gfo::matcher

#endif  // GFO_MATCHER_SYNTHETIC_H_
