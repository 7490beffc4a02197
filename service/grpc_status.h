// The single conversion between absl::Status (used inside gfo) and grpc::Status (on the wire).
//
// Service handlers return `ToGrpcStatus(status)`; clients turn what they receive back into an
// absl::Status with `FromGrpcStatus`. Codes map one to one (both follow google.rpc.Code) and
// the message is carried unchanged.
//
// Thread-safe; pure functions.

#ifndef GFO_SERVICE_GRPC_STATUS_H_
#define GFO_SERVICE_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace gfo {

// Returns grpc::Status::OK for an OK status; otherwise the same code and message. A code
// outside google.rpc.Code (never produced by gfo) becomes UNKNOWN.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Inverse of ToGrpcStatus. Binary error details are dropped.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace gfo

#endif  // GFO_SERVICE_GRPC_STATUS_H_
