// Update masks (AIP-134) shared by every Update method: which paths a caller may name, and how a
// patch is merged into the stored resource.
//
// All functions are pure and thread-safe.

#ifndef GFO_SERVICE_VALIDATION_FIELD_MASK_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_FIELD_MASK_VALIDATION_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace gfo::validation {

// Checks `mask` against `descriptor` and returns it in canonical form (sorted, no path covered by
// another). `*` alone stands for every field in `updatable_fields` (top-level field names). A path
// may go into a singular message field (`location.latitude`) whose top-level field is updatable.
//
// INVALID_ARGUMENT, naming `field`: `required` (no paths), `"x" is not a field of gfo.v1.Home`,
// `"etag" cannot be updated` (output-only or immutable), `"*" must be the only path`.
absl::StatusOr<google::protobuf::FieldMask> ResolveUpdateMask(
    const google::protobuf::FieldMask& mask, const google::protobuf::Descriptor* descriptor,
    absl::Span<const std::string_view> updatable_fields, std::string_view field = "update_mask");

// Copies every path of `resolved_mask` (from ResolveUpdateMask) from `patch` into `stored`:
// message and repeated fields are replaced, not merged; a path whose value is unset in `patch`
// clears it in `stored`.
// REQUIRES: `patch` and `stored` have the same type.
void ApplyUpdateMask(const google::protobuf::Message& patch,
                     const google::protobuf::FieldMask& resolved_mask,
                     google::protobuf::Message& stored);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_FIELD_MASK_VALIDATION_H_
