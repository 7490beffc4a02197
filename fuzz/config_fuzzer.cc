// Fuzzes the configuration loader with arbitrary text (ParseConfigText) and, from the same bytes,
// a wire-format gfo.v1.ServiceConfig (ResolveConfig).
// Invariants: never a crash; a rejection is INVALID_ARGUMENT; an accepted configuration has every
// value inside its documented range.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "gfo/v1/config.pb.h"
#include "service/validation/config_validation.h"

namespace {

void CheckWeight(double weight) {
  GFO_FUZZ_CHECK(std::isfinite(weight) && weight >= 0 && weight <= 100);
}

void CheckResolved(const absl::StatusOr<gfo::validation::ResolvedConfig>& config) {
  if (!config.ok()) {
    GFO_FUZZ_CHECK(config.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  const gfo::validation::ResolvedMatcherWeights& w = config->weights;
  for (double weight : {w.proximity, w.language, w.background, w.experience, w.age_fit, w.siblings,
                        w.continuity, w.waiting_time}) {
    CheckWeight(weight);
  }
  GFO_FUZZ_CHECK(w.proximity + w.language + w.background + w.experience + w.age_fit + w.siblings +
                     w.continuity + w.waiting_time >
                 0);
  GFO_FUZZ_CHECK(config->distance_half_km > 0 && config->distance_half_km <= 2000);
  GFO_FUZZ_CHECK(config->default_max_distance_km >= 0 && config->default_max_distance_km <= 2000);
  GFO_FUZZ_CHECK(config->fairness_horizon_days >= 1 && config->fairness_horizon_days <= 3650);
  GFO_FUZZ_CHECK(config->default_top_k >= 1 && config->default_top_k <= 1000);
  GFO_FUZZ_CHECK(config->proposal_hold_hours >= 1 && config->proposal_hold_hours <= 720);
  GFO_FUZZ_CHECK(config->review_interval_months >= 1 && config->review_interval_months <= 6);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<gfo::validation::ResolvedConfig> parsed = gfo::validation::ParseConfigText(text);
  if (!parsed.ok()) {
    gfo::fuzz::CheckRejection(parsed.status(), "");
  }
  CheckResolved(parsed);

  gfo::v1::ServiceConfig wire;
  if (wire.ParseFromArray(data, static_cast<int>(size))) {
    CheckResolved(gfo::validation::ResolveConfig(wire));
  }
  return 0;
}
