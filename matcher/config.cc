// Config::Validate: every bad value is reported with the config file's field path.

#include <cmath>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "matcher/types.h"

namespace gfo::matcher {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view detail) {
  return absl::InvalidArgumentError(absl::StrCat("matcher.", field, ": ", detail));
}

absl::Status CheckWeight(absl::string_view name, double value) {
  if (!std::isfinite(value) || value < 0) {
    return Invalid(absl::StrCat("weights.", name), absl::StrCat("must be >= 0, got ", value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Config::Validate() const {
  const struct {
    absl::string_view name;
    double value;
  } weight_fields[] = {
      {"proximity", weights.proximity},   {"language", weights.language},
      {"background", weights.background}, {"experience", weights.experience},
      {"age_fit", weights.age_fit},       {"siblings", weights.siblings},
      {"continuity", weights.continuity}, {"waiting_time", weights.waiting_time},
  };
  double weight_sum = 0;
  for (const auto& field : weight_fields) {
    if (absl::Status status = CheckWeight(field.name, field.value); !status.ok()) return status;
    weight_sum += field.value;
  }
  if (weight_sum <= 0) return Invalid("weights", "at least one weight must be > 0, all are 0");
  if (!std::isfinite(distance_half_km) || distance_half_km <= 0) {
    return Invalid("distance_half_km", absl::StrCat("must be > 0, got ", distance_half_km));
  }
  if (!std::isfinite(default_max_distance_km) || default_max_distance_km < 0) {
    return Invalid("default_max_distance_km",
                   absl::StrCat("must be >= 0 (0 = none), got ", default_max_distance_km));
  }
  if (fairness_horizon_days <= 0) {
    return Invalid("fairness_horizon_days",
                   absl::StrCat("must be > 0, got ", fairness_horizon_days));
  }
  if (default_top_k < 1 || default_top_k > 100) {
    return Invalid("default_top_k", absl::StrCat("must be 1..100, got ", default_top_k));
  }
  return absl::OkStatus();
}

}  // namespace gfo::matcher
