#include "service/validation/audit_validation.h"

#include <cstdint>

#include "service/errors.h"
#include "service/validation/common_validation.h"
#include "service/validation/str_util.h"
#include "service/validation/text_validation.h"

namespace gfo::validation {
namespace {

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of google.protobuf.Timestamp.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

bool Before(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return a.seconds() < b.seconds() || (a.seconds() == b.seconds() && a.nanos() < b.nanos());
}

}  // namespace

absl::Status ValidateTimestamp(const google::protobuf::Timestamp& time, std::string_view field) {
  if (time.seconds() < kMinTimestampSeconds || time.seconds() > kMaxTimestampSeconds ||
      time.nanos() < 0 || time.nanos() > 999999999) {
    return errors::InvalidArgument(field, "not a valid timestamp");
  }
  return absl::OkStatus();
}

absl::Status ValidateAuditFilter(const gfo::v1::AuditFilter& filter, std::string_view field) {
  const auto path = [&](std::string_view name) { return internal::Cat(field, ".", name); };
  if (filter.has_start_time()) {
    if (absl::Status s = ValidateTimestamp(filter.start_time(), path("start_time")); !s.ok()) {
      return s;
    }
  }
  if (filter.has_end_time()) {
    if (absl::Status s = ValidateTimestamp(filter.end_time(), path("end_time")); !s.ok()) return s;
  }
  if (filter.has_start_time() && filter.has_end_time() &&
      !Before(filter.start_time(), filter.end_time())) {
    return errors::InvalidArgument(path("end_time"), "must be after start_time");
  }
  if (!filter.account().empty()) {
    if (absl::StatusOr<int64_t> id =
            ParseResourceName(filter.account(), "accounts", path("account"));
        !id.ok()) {
      return id.status();
    }
  }
  if (filter.has_municipality_code()) {
    if (absl::Status s =
            ValidateMunicipalityCode(filter.municipality_code(), path("municipality_code"));
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = ValidateText(filter.method(), path("method"), {.max_chars = 200}); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateText(filter.resource(), path("resource"), {.max_chars = 200});
      !s.ok()) {
    return s;
  }
  return ValidateOptionalEnum(filter.outcome(), path("outcome"));
}

absl::Status ValidateVerifyAuditChain(const gfo::v1::VerifyAuditChainRequest& request) {
  const bool has_sequence = request.expected_sequence() != 0;
  const bool has_hash = !request.expected_hash().empty();
  if (has_sequence && !has_hash) {
    return errors::InvalidArgument("expected_hash", "required with expected_sequence");
  }
  if (has_hash && !has_sequence) {
    return errors::InvalidArgument("expected_sequence", "required with expected_hash");
  }
  if (request.expected_sequence() < 0) {
    return errors::InvalidArgument("expected_sequence", "must be positive");
  }
  if (has_hash) {
    const std::string& hash = request.expected_hash();
    bool hex = hash.size() == 64;
    for (const char c : hash) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    if (!hex) {
      return errors::InvalidArgument("expected_hash",
                                     "must be 64 lowercase hexadecimal digits (an event's hash)");
    }
  }
  return absl::OkStatus();
}

}  // namespace gfo::validation
