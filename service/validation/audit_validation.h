// Validation of audit trail queries (gfo.v1.AuditFilter) for ListAuditEvents and
// ExportAuditEvents, and of VerifyAuditChain's expected event.
//
// Errors are INVALID_ARGUMENT naming the field (under `filter` for a filter). All functions are
// pure and thread-safe.

#ifndef GFO_SERVICE_VALIDATION_AUDIT_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_AUDIT_VALIDATION_H_

#include <string_view>

#include "absl/status/status.h"
#include "gfo/v1/audit.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace gfo::validation {

// A well-formed Timestamp: seconds within 0001-01-01..9999-12-31, nanos 0..999999999.
absl::Status ValidateTimestamp(const google::protobuf::Timestamp& time, std::string_view field);

// Times well-formed and start_time before end_time when both are set; account, when set,
// accounts/{id}; municipality_code, when set, 4 digits; method and resource at most 200 characters
// without control characters; outcome a known value (UNSPECIFIED = any).
absl::Status ValidateAuditFilter(const gfo::v1::AuditFilter& filter,
                                 std::string_view field = "filter");

// VerifyAuditChainRequest: expected_sequence and expected_hash both set or both unset; the
// sequence positive, the hash 64 lowercase hexadecimal digits.
absl::Status ValidateVerifyAuditChain(const gfo::v1::VerifyAuditChainRequest& request);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_AUDIT_VALIDATION_H_
