// Validation of municipality registration and GFO membership calls.
//
// Errors are INVALID_ARGUMENT naming the field. All functions are pure and thread-safe;
// `today_day` is days since 1970-01-01.

#ifndef GFO_SERVICE_VALIDATION_MUNICIPALITY_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_MUNICIPALITY_VALIDATION_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/municipality.pb.h"

namespace gfo::validation {

// CreateMunicipality: a 4-digit code, display_name 1..100 characters, location required and inside
// Sweden, membership periods each with a valid start, an end (when set) after the start, in
// order without overlap, and only the last one open. Output-only fields are ignored.
absl::Status ValidateMunicipalityForCreate(const gfo::v1::Municipality& municipality);

struct MembershipChange {
  int32_t municipality_code = 0;
  // The start (JoinGfo) or end (LeaveGfo) day; nullopt when unset (= today).
  std::optional<int32_t> day;
};

// JoinGfo: `name` is municipalities/{code}; start_date, when set, from one year before today to
// one year after.
absl::StatusOr<MembershipChange> ValidateJoinGfo(const gfo::v1::JoinGfoRequest& request,
                                                 int32_t today_day);

// LeaveGfo: `name` is municipalities/{code}; end_date, when set, from one year before today to
// one year after; reason optional, at most 200 characters.
absl::StatusOr<MembershipChange> ValidateLeaveGfo(const gfo::v1::LeaveGfoRequest& request,
                                                  int32_t today_day);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_MUNICIPALITY_VALIDATION_H_
