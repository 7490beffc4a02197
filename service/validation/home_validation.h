// Validation and normalisation of family homes (gfo.v1.Home) for CreateHome and UpdateHome.
//
// The rules are those of proto/gfo/v1/home.proto and DOMAIN.md; every error is INVALID_ARGUMENT
// naming the field path under `home` (`home.capacity: must be between 1 and 10, got 0`,
// `home.adults[1].personal_identity_number: check digit does not match`). Output-only fields are
// ignored on input. All functions are pure and thread-safe; `today_day` is days since 1970-01-01.

#ifndef GFO_SERVICE_VALIDATION_HOME_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_HOME_VALIDATION_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gfo/v1/home.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace gfo::validation {

inline constexpr int32_t kMaxHomeCapacity = 10;
inline constexpr int32_t kMaxChildAge = 20;
inline constexpr int kMaxHomeAdults = 4;

// The top-level fields of Home that UpdateHome may change: every input field.
absl::Span<const std::string_view> HomeUpdatableFields();

// Checks a home for CreateHome. Adults' personal identity numbers are optional; when given they
// must be valid and belong to someone 18 or older on `today_day`.
absl::Status ValidateHomeForCreate(const gfo::v1::Home& home, int32_t today_day);

// Checks an UpdateHome call before the stored home is read: the mask (`update_mask: ...`) and each
// field the mask names, on its own. Returns the mask in canonical form for ApplyHomeMask. Rules
// across fields (ages, sibling group, contracted emergency) are checked by ValidateMergedHome.
absl::StatusOr<google::protobuf::FieldMask> ValidateHomeUpdate(
    const gfo::v1::Home& patch, const google::protobuf::FieldMask& update_mask, int32_t today_day);

// Copies the fields of `resolved_mask` (from ValidateHomeUpdate) from `patch` into `stored`;
// repeated and message fields are replaced whole.
void ApplyHomeMask(gfo::v1::Home& stored, const gfo::v1::Home& patch,
                   const google::protobuf::FieldMask& resolved_mask);

// Checks the result of ApplyHomeMask with every rule of ValidateHomeForCreate.
// REQUIRES: stored adults carry their numbers in canonical (unmasked) form.
absl::Status ValidateMergedHome(const gfo::v1::Home& merged, int32_t today_day);

// Puts a valid home into the form gfo stores: canonical 12-digit numbers, lower-case sorted
// unique languages, sorted unique kinds, genders and experience, sorted birth years, text trimmed.
// Idempotent; a home that validated still validates afterwards.
void NormalizeHome(gfo::v1::Home& home, int32_t today_day);

// Clears every output-only field (name, code, status, counters, times, etag, ...).
void ClearHomeOutputOnlyFields(gfo::v1::Home& home);

// Replaces each adult's personal identity number with its masked form (`19800101-****`).
void MaskHome(gfo::v1::Home& home);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_HOME_VALIDATION_H_
