#include "service/errors.h"

#include <string>

namespace gfo::errors {
namespace {

absl::Status Make(absl::StatusCode code, std::string_view message) {
  return absl::Status(code, absl::string_view(message.data(), message.size()));
}

std::string Join(std::string_view head, std::string_view tail) {
  std::string out;
  out.reserve(head.size() + 2 + tail.size());
  out.append(head);
  out.append(": ");
  out.append(tail);
  return out;
}

}  // namespace

absl::Status InvalidArgument(std::string_view field, std::string_view detail) {
  return Make(absl::StatusCode::kInvalidArgument, Join(field, detail));
}

absl::Status FailedPrecondition(std::string_view detail) {
  return Make(absl::StatusCode::kFailedPrecondition, detail);
}

absl::Status IllegalTransition(std::string_view resource_name, std::string_view from_state,
                               std::string_view to_state) {
  std::string detail = "cannot move from ";
  detail.append(from_state);
  detail.append(" to ");
  detail.append(to_state);
  return Make(absl::StatusCode::kFailedPrecondition, Join(resource_name, detail));
}

absl::Status NotFound(std::string_view resource_name) {
  return Make(absl::StatusCode::kNotFound, Join(resource_name, "not found"));
}

absl::Status AlreadyExists(std::string_view resource_name_or_detail) {
  return Make(absl::StatusCode::kAlreadyExists, Join(resource_name_or_detail, "already exists"));
}

absl::Status PermissionDenied(std::string_view detail) {
  return Make(absl::StatusCode::kPermissionDenied, detail);
}

absl::Status Unauthenticated(std::string_view detail) {
  return Make(absl::StatusCode::kUnauthenticated, detail);
}

absl::Status Aborted(std::string_view detail) { return Make(absl::StatusCode::kAborted, detail); }

absl::Status StaleEtag(std::string_view resource_name, std::string_view what) {
  std::string detail = "etag does not match the stored ";
  detail.append(what);
  detail.append(" (it changed since it was read); read the ");
  detail.append(what);
  detail.append(" again");
  return Make(absl::StatusCode::kAborted, Join(resource_name, detail));
}

absl::Status ResourceExhausted(std::string_view detail) {
  return Make(absl::StatusCode::kResourceExhausted, detail);
}

absl::Status Unavailable(std::string_view detail) {
  return Make(absl::StatusCode::kUnavailable, detail);
}

absl::Status DataLoss(std::string_view detail) { return Make(absl::StatusCode::kDataLoss, detail); }

absl::Status Internal(std::string_view detail) { return Make(absl::StatusCode::kInternal, detail); }

}  // namespace gfo::errors
