// Config::Validate names the offending field and value.

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "matcher/types.h"

namespace gfo::matcher {
namespace {

TEST(MatcherConfig, DefaultsAreValidAndDocumented) {
  const Config config;
  EXPECT_TRUE(config.Validate().ok());
  EXPECT_EQ(config.weights.proximity, 3);
  EXPECT_EQ(config.weights.language, 2);
  EXPECT_EQ(config.weights.background, 1.5);
  EXPECT_EQ(config.weights.experience, 2);
  EXPECT_EQ(config.weights.age_fit, 1);
  EXPECT_EQ(config.weights.siblings, 2);
  EXPECT_EQ(config.weights.continuity, 2.5);
  EXPECT_EQ(config.weights.waiting_time, 0.5);
  EXPECT_EQ(config.distance_half_km, 30);
  EXPECT_EQ(config.default_max_distance_km, 0);
  EXPECT_EQ(config.fairness_horizon_days, 365);
  EXPECT_EQ(config.default_top_k, 10);
}

TEST(MatcherConfig, InvalidValuesNameTheField) {
  const struct {
    std::function<void(Config&)> change;
    std::string message;
  } cases[] = {
      {[](Config& c) { c.weights.proximity = -1; },
       "matcher.weights.proximity: must be >= 0, got -1"},
      {[](Config& c) { c.weights.waiting_time = -0.5; },
       "matcher.weights.waiting_time: must be >= 0, got -0.5"},
      {[](Config& c) { c.weights.age_fit = std::nan(""); },
       "matcher.weights.age_fit: must be >= 0, got nan"},
      {[](Config& c) { c.weights = Weights{0, 0, 0, 0, 0, 0, 0, 0}; },
       "matcher.weights: at least one weight must be > 0, all are 0"},
      {[](Config& c) { c.distance_half_km = 0; }, "matcher.distance_half_km: must be > 0, got 0"},
      {[](Config& c) { c.default_max_distance_km = -5; },
       "matcher.default_max_distance_km: must be >= 0 (0 = none), got -5"},
      {[](Config& c) { c.fairness_horizon_days = 0; },
       "matcher.fairness_horizon_days: must be > 0, got 0"},
      {[](Config& c) { c.default_top_k = 0; }, "matcher.default_top_k: must be 1..100, got 0"},
      {[](Config& c) { c.default_top_k = 101; }, "matcher.default_top_k: must be 1..100, got 101"},
  };
  for (const auto& c : cases) {
    Config config;
    c.change(config);
    const absl::Status status = config.Validate();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_EQ(status.message(), c.message);
  }
}

TEST(MatcherConfig, SingleNonZeroWeightIsValid) {
  Config config;
  config.weights = Weights{0, 0, 0, 0, 0, 0, 0, 0};
  config.weights.continuity = 1;
  EXPECT_TRUE(config.Validate().ok());
}

}  // namespace
}  // namespace gfo::matcher
