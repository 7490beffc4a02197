#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "service/validation/config_validation.h"

namespace gfo::validation {
namespace {

TEST(ValidationConfig, EmptyConfigGivesDocumentedDefaults) {
  absl::StatusOr<ResolvedConfig> config = ParseConfigText("");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->weights.proximity, 3);
  EXPECT_EQ(config->weights.language, 2);
  EXPECT_EQ(config->weights.background, 1.5);
  EXPECT_EQ(config->weights.experience, 2);
  EXPECT_EQ(config->weights.age_fit, 1);
  EXPECT_EQ(config->weights.siblings, 2);
  EXPECT_EQ(config->weights.continuity, 2.5);
  EXPECT_EQ(config->weights.waiting_time, 0.5);
  EXPECT_EQ(config->distance_half_km, 30);
  EXPECT_EQ(config->default_max_distance_km, 0);
  EXPECT_EQ(config->fairness_horizon_days, 365);
  EXPECT_EQ(config->default_top_k, 10);
  EXPECT_EQ(config->proposal_hold_hours, 72);
  EXPECT_EQ(config->review_interval_months, 6);
}

TEST(ValidationConfig, GivenValuesOverrideDefaultsIncludingZero) {
  absl::StatusOr<ResolvedConfig> config = ParseConfigText(R"pb(
    matcher {
      weights { proximity: 5 waiting_time: 0 }
      distance_half_km: 12.5
      default_top_k: 25
    }
    proposal_hold_hours: 48
    review_interval_months: 3
  )pb");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->weights.proximity, 5);
  EXPECT_EQ(config->weights.waiting_time, 0);
  EXPECT_EQ(config->weights.language, 2);
  EXPECT_EQ(config->distance_half_km, 12.5);
  EXPECT_EQ(config->default_top_k, 25);
  EXPECT_EQ(config->proposal_hold_hours, 48);
  EXPECT_EQ(config->review_interval_months, 3);
}

struct ConfigCase {
  std::string text;
  std::string message;
};

class ValidationConfigRule : public testing::TestWithParam<ConfigCase> {};

TEST_P(ValidationConfigRule, NamesTheField) {
  absl::StatusOr<ResolvedConfig> config = ParseConfigText(GetParam().text);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(config.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Validation, ValidationConfigRule,
    testing::Values(ConfigCase{"matcher { weights { proximity: -1 } }",
                               "matcher.weights.proximity: must be >= 0, got -1"},
                    ConfigCase{"matcher { weights { continuity: 101 } }",
                               "matcher.weights.continuity: must be at most 100, got 101"},
                    ConfigCase{"matcher { weights { language: nan } }",
                               "matcher.weights.language: must be a finite number"},
                    ConfigCase{
                        "matcher { weights { proximity: 0 language: 0 background: 0 experience: 0 "
                        "age_fit: 0 siblings: 0 continuity: 0 waiting_time: 0 } }",
                        "matcher.weights: at least one weight must be > 0"},
                    ConfigCase{"matcher { distance_half_km: 0 }",
                               "matcher.distance_half_km: must be > 0, got 0"},
                    ConfigCase{"matcher { default_max_distance_km: -5 }",
                               "matcher.default_max_distance_km: must be >= 0, got -5"},
                    ConfigCase{"matcher { default_max_distance_km: 2001 }",
                               "matcher.default_max_distance_km: must be at most 2000, got 2001"},
                    ConfigCase{"matcher { fairness_horizon_days: 0 }",
                               "matcher.fairness_horizon_days: must be between 1 and 3650, got 0"},
                    ConfigCase{"matcher { default_top_k: 101 }",
                               "matcher.default_top_k: must be between 1 and 100, got 101"},
                    ConfigCase{"proposal_hold_hours: 0",
                               "proposal_hold_hours: must be between 1 and 720, got 0"},
                    ConfigCase{"proposal_hold_hours: 721",
                               "proposal_hold_hours: must be between 1 and 720, got 721"},
                    ConfigCase{"review_interval_months: 7",
                               "review_interval_months: must be between 1 and 6, got 7"},
                    ConfigCase{"review_interval_months: 0",
                               "review_interval_months: must be between 1 and 6, got 0"}),
    [](const testing::TestParamInfo<ConfigCase>& info) {
      // The field path of the expected message, made an identifier.
      std::string name = "Case" + std::to_string(info.index) + "_";
      for (char c : info.param.message.substr(0, info.param.message.find(':'))) {
        name.push_back((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
      }
      return name;
    });

TEST(ValidationConfig, SyntaxErrorsNameTheLine) {
  absl::StatusOr<ResolvedConfig> config =
      ParseConfigText("proposal_hold_hours: 72\nmatcher {\n  bogus_weight: 1\n}\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(config.status().message()).rfind("config: line 3: ", 0), 0u)
      << config.status();
  EXPECT_NE(std::string(config.status().message()).find("bogus_weight"), std::string::npos);

  config = ParseConfigText("proposal_hold_hours: \"many\"");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(std::string(config.status().message()).rfind("config: line 1: ", 0), 0u)
      << config.status();

  config = ParseConfigText("matcher {\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(std::string(config.status().message()).rfind("config: line ", 0), 0u)
      << config.status();

  config = ParseConfigText("proposal_hold_hours: 1\nproposal_hold_hours: 2\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(std::string(config.status().message()).rfind("config: line 2: ", 0), 0u)
      << config.status();
}

TEST(ValidationConfig, LoadsFromFile) {
  const std::string path = testing::TempDir() + "/validation_config_test.textproto";
  {
    std::ofstream file(path);
    file << "# hold proposals for two days\nproposal_hold_hours: 48\n";
  }
  absl::StatusOr<ResolvedConfig> config = LoadConfigFile(path);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->proposal_hold_hours, 48);
  std::remove(path.c_str());
}

TEST(ValidationConfig, MissingFileIsNotFound) {
  absl::StatusOr<ResolvedConfig> config =
      LoadConfigFile(testing::TempDir() + "/no-such-gfo-config.textproto");
  EXPECT_EQ(config.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace gfo::validation
