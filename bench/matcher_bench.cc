// Matcher benchmarks: one ranking over 30, 5,000 and 50,000 homes, and the batch assignment of
// 1,000 requests over 50,000 homes (also split into candidate building and solving).
// Data come from the seeded synthetic generator: 30 homes in the county (the seed organisation),
// 5,000 and 50,000 across Sweden. Run: build-matcher/bench/matcher_bench (see
// bench/MATCHER_RESULTS.md for the exact command and recorded figures).

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "matcher/assignment.h"
#include "matcher/rank.h"
#include "matcher/synthetic.h"

namespace gfo::matcher {
namespace {

Region RegionFor(int64_t homes) { return homes <= 30 ? Region::kVasternorrland : Region::kSweden; }

const std::vector<Home>& Homes(int64_t n) {
  static auto* cache = new std::map<int64_t, std::vector<Home>>();
  auto it = cache->find(n);
  if (it == cache->end()) {
    it = cache->emplace(n, GenerateHomes(static_cast<int32_t>(n), 1001, RegionFor(n))).first;
  }
  return it->second;
}

const std::vector<Request>& Requests(Region region, int32_t n) {
  static auto* cache = new std::map<std::pair<Region, int32_t>, std::vector<Request>>();
  auto it = cache->find({region, n});
  if (it == cache->end()) {
    RequestOptions options;
    options.region = region;
    options.former_home_id_max = 5000;
    it = cache->emplace(std::make_pair(region, n), GenerateRequests(n, 2002, options)).first;
  }
  return it->second;
}

// One ranking per iteration, cycling through 256 different requests; top 10 with explanations.
void BM_RankHomes(benchmark::State& state) {
  const std::vector<Home>& homes = Homes(state.range(0));
  const std::vector<Request>& requests = Requests(RegionFor(state.range(0)), 256);
  const Config config;
  size_t next = 0;
  int64_t eligible = 0;
  for (auto _ : state) {
    RankResult result = RankHomes(homes, requests[next], config, 10);
    eligible += result.eligible;
    benchmark::DoNotOptimize(result);
    next = (next + 1) % requests.size();
  }
  state.counters["eligible_per_rank"] =
      benchmark::Counter(static_cast<double>(eligible), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_RankHomes)
    ->Arg(30)
    ->Arg(5000)
    ->Arg(50000)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

void BM_SuggestAssignment(benchmark::State& state) {
  const std::vector<Home>& homes = Homes(state.range(0));
  const std::vector<Request>& requests =
      Requests(RegionFor(state.range(0)), static_cast<int32_t>(state.range(1)));
  const Config config;
  AssignmentResult result;
  for (auto _ : state) {
    result = SuggestAssignment(homes, requests, config);
    benchmark::DoNotOptimize(result);
  }
  state.counters["assigned"] = static_cast<double>(result.assignments.size());
  state.counters["optimal"] = result.optimal ? 1 : 0;
  state.counters["used_mip"] = result.method == "mip" ? 1 : 0;
}
BENCHMARK(BM_SuggestAssignment)
    ->Args({50000, 1000})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

void BM_BuildCandidates(benchmark::State& state) {
  const std::vector<Home>& homes = Homes(state.range(0));
  const std::vector<Request>& requests =
      Requests(RegionFor(state.range(0)), static_cast<int32_t>(state.range(1)));
  const Config config;
  for (auto _ : state) {
    CandidateSet set = BuildCandidates(homes, requests, config);
    benchmark::DoNotOptimize(set);
  }
}
BENCHMARK(BM_BuildCandidates)
    ->Args({50000, 1000})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

void BM_SolveAssignment(benchmark::State& state) {
  const std::vector<Home>& homes = Homes(state.range(0));
  const std::vector<Request>& requests =
      Requests(RegionFor(state.range(0)), static_cast<int32_t>(state.range(1)));
  const CandidateSet set = BuildCandidates(homes, requests, Config{});
  for (auto _ : state) {
    AssignmentResult result = SolveAssignment(set, homes, requests);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_SolveAssignment)
    ->Args({50000, 1000})
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

}  // namespace
}  // namespace gfo::matcher

BENCHMARK_MAIN();
