// The server's configuration file: text-format gfo.v1.ServiceConfig, read at start. Every field
// has a default (documented in proto/gfo/v1/config.proto); an invalid value refuses start with a
// message naming the field (`matcher.weights.proximity: must be >= 0, got -1`) or the line of a
// syntax error (`config: line 3: ...`).
//
// All functions are pure (LoadConfigFile reads one file) and thread-safe.

#ifndef GFO_SERVICE_VALIDATION_CONFIG_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_CONFIG_VALIDATION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "gfo/v1/config.pb.h"

namespace gfo::validation {

// The weights of the matcher's soft criteria; each 0..100, at least one above 0.
struct ResolvedMatcherWeights {
  double proximity = 3;
  double language = 2;
  double background = 1.5;
  double experience = 2;
  double age_fit = 1;
  double siblings = 2;
  double continuity = 2.5;
  double waiting_time = 0.5;
};

// The configuration with every default applied.
struct ResolvedConfig {
  ResolvedMatcherWeights weights;
  double distance_half_km = 30;         // > 0 and <= 2000
  double default_max_distance_km = 0;   // 0..2000; 0 = no hard maximum
  int32_t fairness_horizon_days = 365;  // 1..3650
  int32_t default_top_k = 10;           // 1..1000
  int32_t proposal_hold_hours = 72;     // 1..720
  int32_t review_interval_months = 6;   // 1..6 (22 kap. 13 § SoL: at least every six months)
};

// Applies defaults to `config` and checks every value. INVALID_ARGUMENT naming the field.
absl::StatusOr<ResolvedConfig> ResolveConfig(const gfo::v1::ServiceConfig& config);

// Parses text-format `text` and resolves it. Syntax errors and unknown fields are
// INVALID_ARGUMENT `config: line N: <what>`. Empty text gives every default.
absl::StatusOr<ResolvedConfig> ParseConfigText(std::string_view text);

// Reads the file at `path` and parses it as ParseConfigText does. A file that cannot be read is
// NOT_FOUND `config <path>: not found`.
absl::StatusOr<ResolvedConfig> LoadConfigFile(const std::string& path);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_CONFIG_VALIDATION_H_
