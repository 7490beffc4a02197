// Writes one single-child batch-assignment instance, with this library's optimum and timings, as
// text for bench/scipy_compare.py, which solves it again with SciPy's linear_sum_assignment.
//
// Usage: matcher_instance_dump [--homes=N] [--requests=N] [--seed=N] [--region=sweden|county]
//                              [--candidates=R] [--runs=N] --out=FILE
// Format (one record per line, space-separated):
//   gfo-assignment-instance 1
//   requests <n> homes <used homes> arcs <arcs> score_scale <s> emergency_bonus <b>
//   cpp method <name> optimal <0|1> objective <int> total_score <x> candidates_ms <t> solve_ms <t>
//   home <home_index> <free_seats>                      (each home some request may use)
//   arc <request_index> <home_index> <value> <score>    (value = weight + emergency bonus)

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "matcher/assignment.h"
#include "matcher/synthetic.h"

namespace {

using gfo::matcher::AssignmentOptions;
using gfo::matcher::AssignmentResult;
using gfo::matcher::CandidateSet;

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

bool Flag(const char* arg, const char* name, std::string* value) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  *value = arg + n + 1;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int32_t homes_n = 50000;
  int32_t requests_n = 1000;
  uint64_t seed = 1;
  int32_t runs = 5;
  std::string region = "sweden";
  std::string out_path;
  AssignmentOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string value;
    if (Flag(argv[i], "--homes", &value)) {
      homes_n = std::atoi(value.c_str());
    } else if (Flag(argv[i], "--requests", &value)) {
      requests_n = std::atoi(value.c_str());
    } else if (Flag(argv[i], "--seed", &value)) {
      seed = std::strtoull(value.c_str(), nullptr, 10);
    } else if (Flag(argv[i], "--candidates", &value)) {
      options.candidates_per_request = std::atoi(value.c_str());
    } else if (Flag(argv[i], "--runs", &value)) {
      runs = std::max(1, std::atoi(value.c_str()));
    } else if (Flag(argv[i], "--region", &value) && (value == "sweden" || value == "county")) {
      region = value;
    } else if (Flag(argv[i], "--out", &value)) {
      out_path = value;
    } else {
      std::fprintf(stderr, "matcher_instance_dump: unknown or bad argument: %s\n", argv[i]);
      return 2;
    }
  }
  if (out_path.empty()) {
    std::fprintf(stderr, "matcher_instance_dump: --out=FILE is required\n");
    return 2;
  }

  gfo::matcher::HomeOptions home_options;
  home_options.region =
      region == "sweden" ? gfo::matcher::Region::kSweden : gfo::matcher::Region::kVasternorrland;
  gfo::matcher::RequestOptions request_options;
  request_options.region = home_options.region;
  request_options.max_children = 1;
  const std::vector<gfo::matcher::Home> homes =
      gfo::matcher::GenerateHomes(homes_n, seed, home_options);
  const std::vector<gfo::matcher::Request> requests =
      gfo::matcher::GenerateRequests(requests_n, seed + 1, request_options);
  const gfo::matcher::Config config;

  auto start = std::chrono::steady_clock::now();
  const CandidateSet set = gfo::matcher::BuildCandidates(homes, requests, config, options);
  const double candidates_ms = MillisecondsSince(start);
  std::vector<double> solve_ms;
  AssignmentResult result;
  for (int32_t run = 0; run < runs; ++run) {
    start = std::chrono::steady_clock::now();
    result = gfo::matcher::SolveAssignment(set, homes, requests, options);
    solve_ms.push_back(MillisecondsSince(start));
  }
  std::sort(solve_ms.begin(), solve_ms.end());

  std::set<uint32_t> used_homes;
  size_t arcs = 0;
  for (const auto& rc : set.requests) {
    for (const auto& home : rc.homes) used_homes.insert(home.home_index);
    arcs += rc.homes.size();
  }
  FILE* out = std::fopen(out_path.c_str(), "w");
  if (out == nullptr) {
    std::fprintf(stderr, "matcher_instance_dump: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::fprintf(out, "gfo-assignment-instance 1\n");
  std::fprintf(out, "requests %zu homes %zu arcs %zu score_scale %lld emergency_bonus %lld\n",
               requests.size(), used_homes.size(), arcs, static_cast<long long>(set.score_scale),
               static_cast<long long>(set.emergency_bonus));
  std::fprintf(out,
               "cpp method %s optimal %d objective %lld total_score %.9f candidates_ms %.3f "
               "solve_ms %.3f\n",
               result.method.c_str(), result.optimal ? 1 : 0,
               static_cast<long long>(result.objective), result.total_score, candidates_ms,
               solve_ms[solve_ms.size() / 2]);
  for (uint32_t h : used_homes) std::fprintf(out, "home %u %d\n", h, set.free_seats[h]);
  for (size_t r = 0; r < set.requests.size(); ++r) {
    const auto& rc = set.requests[r];
    for (const auto& home : rc.homes) {
      std::fprintf(out, "arc %zu %u %lld %.9f\n", r, home.home_index,
                   static_cast<long long>(home.weight + (rc.emergency ? set.emergency_bonus : 0)),
                   home.score);
    }
  }
  std::fclose(out);
  std::printf("wrote %s: %zu requests, %zu homes used, %zu arcs; objective %lld (%s, %s)\n",
              out_path.c_str(), requests.size(), used_homes.size(), arcs,
              static_cast<long long>(result.objective), result.method.c_str(),
              result.optimal ? "optimal" : "not proven optimal");
  return 0;
}
