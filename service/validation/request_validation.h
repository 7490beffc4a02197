// Validation, normalisation and masking of placement requests (gfo.v1.PlacementRequest) for
// CreateRequest, UpdateRequest and SubmitRequest.
//
// Every error is INVALID_ARGUMENT naming the field path under `request`
// (`request.children[0].personal_identity_number: check digit does not match`); no message holds
// a personal identity number. Output-only fields are ignored on input. All functions are pure and
// thread-safe; `today_day` is days since 1970-01-01.

#ifndef GFO_SERVICE_VALIDATION_REQUEST_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_REQUEST_VALIDATION_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gfo/v1/request.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace gfo::validation {

inline constexpr int kMaxChildrenPerRequest = 8;
inline constexpr int32_t kMaxExpectedLengthDays = 7300;
inline constexpr double kMaxRiskDistanceKm = 500;
inline constexpr double kMaxDistanceKm = 2000;

// The top-level fields UpdateRequest may change: every input field except municipality_code
// (a request stays with the municipality that made it).
absl::Span<const std::string_view> RequestUpdatableFields();

// Checks a request for CreateRequest (a draft). Per child: a personal identity number or a birth
// date (both when they agree), born on or before today and younger than 21; gender; needs without
// duplicates. Per request: municipality code, case reference (1..64 characters), kind, legal
// basis, sibling rule (required for a group, SINGLE_CHILD or unset for one child), wanted start
// from one year before to two years after today, expected length 0..7300 days, child's place,
// exclusions (4-digit codes, risk locations with 0 < min_distance_km <= 500), max_distance_km
// 0..2000. A network examination, when given, must be well-formed.
absl::Status ValidateRequestForCreate(const gfo::v1::PlacementRequest& request, int32_t today_day);

// Checks an UpdateRequest call before the stored request is read: the mask and each whole field it
// names. Returns the canonical mask for ApplyRequestMask.
absl::StatusOr<google::protobuf::FieldMask> ValidateRequestUpdate(
    const gfo::v1::PlacementRequest& patch, const google::protobuf::FieldMask& update_mask,
    int32_t today_day);

// Copies the fields of `resolved_mask` from `patch` into `stored` (repeated and message fields are
// replaced whole).
void ApplyRequestMask(gfo::v1::PlacementRequest& stored, const gfo::v1::PlacementRequest& patch,
                      const google::protobuf::FieldMask& resolved_mask);

// Checks the result of ApplyRequestMask with every rule of ValidateRequestForCreate.
// REQUIRES: stored children carry their numbers in canonical (unmasked) form.
absl::Status ValidateMergedRequest(const gfo::v1::PlacementRequest& merged, int32_t today_day);

// Everything ValidateRequestForCreate checks, plus the network examination that 22 kap. 1 § SoL
// requires before submission: `request.network_examination: required before submit (22 kap. 1 §
// SoL)`, with its examined_date (not after today) and outcome set.
absl::Status ValidateForSubmit(const gfo::v1::PlacementRequest& request, int32_t today_day);

// Puts a valid request into the form gfo stores: 12-digit numbers and birth_date always set,
// languages lower-case sorted unique, needs sorted by need, excluded codes sorted unique, a single
// child's unset sibling rule set to SINGLE_CHILD, text trimmed. Idempotent; a request that
// validated still validates afterwards.
void NormalizeRequest(gfo::v1::PlacementRequest& request, int32_t today_day);

// Clears every output-only field (name, state, times, etag, age_days).
void ClearRequestOutputOnlyFields(gfo::v1::PlacementRequest& request);

// Replaces each child's personal identity number with its masked form (`20150312-****`).
void MaskRequest(gfo::v1::PlacementRequest& request);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_REQUEST_VALIDATION_H_
