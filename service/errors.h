// The one place where gfo builds error statuses.
//
// Every error that leaves a gfo component is made here, so codes follow the AIP-193 table and
// messages share one shape: lower-case, naming the field or resource first, then what is wrong,
// e.g. `home.capacity: must be between 1 and 10, got 0`. Messages must not contain personal
// data (personal identity numbers, names, addresses): name the field, not the value, for those.
//
// All functions are pure and thread-safe. None of them returns an OK status.

#ifndef GFO_SERVICE_ERRORS_H_
#define GFO_SERVICE_ERRORS_H_

#include <string_view>

#include "absl/status/status.h"

namespace gfo::errors {

// INVALID_ARGUMENT: malformed input, whatever the state of the system.
// `field` is the request path of the offending field (`home.capacity`,
// `request.children[0].birth_date`). Message: `<field>: <detail>`.
absl::Status InvalidArgument(std::string_view field, std::string_view detail);

// FAILED_PRECONDITION: the input is well-formed but the system is not in a state that allows it.
// Message: `<detail>`.
absl::Status FailedPrecondition(std::string_view detail);

// FAILED_PRECONDITION for a lifecycle move that is not allowed from the current state.
// Message: `homes/7: cannot move from closed to approved`.
absl::Status IllegalTransition(std::string_view resource_name, std::string_view from_state,
                               std::string_view to_state);

// NOT_FOUND. Message: `<resource_name>: not found` (e.g. `homes/7: not found`).
absl::Status NotFound(std::string_view resource_name);

// ALREADY_EXISTS. Message: `<what>: already exists`, where `what` is a resource name
// (`homes/7`) or a short description of the clashing key.
absl::Status AlreadyExists(std::string_view resource_name_or_detail);

// PERMISSION_DENIED: the caller is known but may not do this. Message: `<detail>`.
absl::Status PermissionDenied(std::string_view detail);

// UNAUTHENTICATED: the caller could not be identified. Message: `<detail>`.
absl::Status Unauthenticated(std::string_view detail);

// ABORTED: a concurrency conflict the client should resolve by re-reading, used for an etag
// mismatch. Message: `<detail>`.
absl::Status Aborted(std::string_view detail);

// ABORTED for an etag that is not the stored record's (`what`: "home", "request", ...). The
// caller's etag is not repeated: it is the caller's text, of any length and content. Message:
// `homes/7: etag does not match the stored home (it changed since it was read); read the home
// again`.
absl::Status StaleEtag(std::string_view resource_name, std::string_view what);

// RESOURCE_EXHAUSTED: a quota, a size limit, or a full disk. Message: `<detail>`.
absl::Status ResourceExhausted(std::string_view detail);

// UNAVAILABLE: a transient condition; retrying later may succeed. Message: `<detail>`.
absl::Status Unavailable(std::string_view detail);

// DATA_LOSS: stored data is corrupt. Message: `<detail>`.
absl::Status DataLoss(std::string_view detail);

// INTERNAL: a broken invariant, i.e. a bug. Message: `<detail>`.
absl::Status Internal(std::string_view detail);

}  // namespace gfo::errors

#endif  // GFO_SERVICE_ERRORS_H_
