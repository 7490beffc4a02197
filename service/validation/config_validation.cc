#include "service/validation/config_validation.h"

#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "service/errors.h"
#include "service/validation/str_util.h"

namespace gfo::validation {
namespace {

constexpr double kMaxWeight = 100;
constexpr double kMaxDistanceKm = 2000;

// Keeps the first error the text-format parser reports.
class FirstErrorCollector final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber /*column*/,
                const std::string& message) override {
    if (first_.has_value()) return;
    std::string detail = message;
    if (!detail.empty() && detail[0] >= 'A' && detail[0] <= 'Z') {
      detail[0] = static_cast<char>(detail[0] - 'A' + 'a');
    }
    // The parser counts lines from 0.
    first_ = internal::Cat("line ", line + 1, ": ", detail);
  }

  const std::optional<std::string>& first() const { return first_; }

 private:
  std::optional<std::string> first_;
};

absl::Status CheckWeight(bool has, double value, std::string_view name, double& out) {
  if (!has) return absl::OkStatus();
  const std::string field = internal::Cat("matcher.weights.", name);
  if (!std::isfinite(value)) return errors::InvalidArgument(field, "must be a finite number");
  if (value < 0) return errors::InvalidArgument(field, internal::Cat("must be >= 0, got ", value));
  if (value > kMaxWeight) {
    return errors::InvalidArgument(field,
                                   internal::Cat("must be at most ", kMaxWeight, ", got ", value));
  }
  out = value;
  return absl::OkStatus();
}

absl::Status CheckDistance(bool has, double value, std::string_view field, bool zero_allowed,
                           double& out) {
  if (!has) return absl::OkStatus();
  if (!std::isfinite(value)) return errors::InvalidArgument(field, "must be a finite number");
  if (zero_allowed ? value < 0 : value <= 0) {
    return errors::InvalidArgument(
        field, internal::Cat(zero_allowed ? "must be >= 0" : "must be > 0", ", got ", value));
  }
  if (value > kMaxDistanceKm) {
    return errors::InvalidArgument(
        field, internal::Cat("must be at most ", kMaxDistanceKm, ", got ", value));
  }
  out = value;
  return absl::OkStatus();
}

absl::Status CheckInt(bool has, int32_t value, std::string_view field, int32_t low, int32_t high,
                      int32_t& out) {
  if (!has) return absl::OkStatus();
  if (value < low || value > high) {
    return errors::InvalidArgument(
        field, internal::Cat("must be between ", low, " and ", high, ", got ", value));
  }
  out = value;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ResolvedConfig> ResolveConfig(const gfo::v1::ServiceConfig& config) {
  ResolvedConfig resolved;
  const gfo::v1::MatcherConfig& matcher = config.matcher();
  const gfo::v1::MatcherWeights& w = matcher.weights();
  ResolvedMatcherWeights& out = resolved.weights;
  for (absl::Status s : {
           CheckWeight(w.has_proximity(), w.proximity(), "proximity", out.proximity),
           CheckWeight(w.has_language(), w.language(), "language", out.language),
           CheckWeight(w.has_background(), w.background(), "background", out.background),
           CheckWeight(w.has_experience(), w.experience(), "experience", out.experience),
           CheckWeight(w.has_age_fit(), w.age_fit(), "age_fit", out.age_fit),
           CheckWeight(w.has_siblings(), w.siblings(), "siblings", out.siblings),
           CheckWeight(w.has_continuity(), w.continuity(), "continuity", out.continuity),
           CheckWeight(w.has_waiting_time(), w.waiting_time(), "waiting_time", out.waiting_time),
       }) {
    if (!s.ok()) return s;
  }
  if (out.proximity + out.language + out.background + out.experience + out.age_fit + out.siblings +
          out.continuity + out.waiting_time <=
      0) {
    return errors::InvalidArgument("matcher.weights", "at least one weight must be > 0");
  }
  for (absl::Status s : {
           CheckDistance(matcher.has_distance_half_km(), matcher.distance_half_km(),
                         "matcher.distance_half_km", /*zero_allowed=*/false,
                         resolved.distance_half_km),
           CheckDistance(matcher.has_default_max_distance_km(), matcher.default_max_distance_km(),
                         "matcher.default_max_distance_km", /*zero_allowed=*/true,
                         resolved.default_max_distance_km),
           CheckInt(matcher.has_fairness_horizon_days(), matcher.fairness_horizon_days(),
                    "matcher.fairness_horizon_days", 1, 3650, resolved.fairness_horizon_days),
           CheckInt(matcher.has_default_top_k(), matcher.default_top_k(), "matcher.default_top_k",
                    1, 100, resolved.default_top_k),
           CheckInt(config.has_proposal_hold_hours(), config.proposal_hold_hours(),
                    "proposal_hold_hours", 1, 720, resolved.proposal_hold_hours),
           CheckInt(config.has_review_interval_months(), config.review_interval_months(),
                    "review_interval_months", 1, 6, resolved.review_interval_months),
       }) {
    if (!s.ok()) return s;
  }
  return resolved;
}

absl::StatusOr<ResolvedConfig> ParseConfigText(std::string_view text) {
  gfo::v1::ServiceConfig config;
  FirstErrorCollector collector;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  if (!parser.ParseFromString(std::string(text), &config)) {
    return errors::InvalidArgument(
        "config", collector.first().value_or("line 1: not a valid gfo.v1.ServiceConfig"));
  }
  return ResolveConfig(config);
}

absl::StatusOr<ResolvedConfig> LoadConfigFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return errors::NotFound(internal::Cat("config ", path));
  std::ostringstream contents;
  contents << file.rdbuf();
  if (file.bad()) return errors::NotFound(internal::Cat("config ", path));
  return ParseConfigText(contents.str());
}

}  // namespace gfo::validation
