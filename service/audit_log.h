// The audit trail's storage: appending hash-chained events, reading them back, and verifying
// the chain.
//
// Each event's hash is SHA-256 over a length-prefixed canonical form of its content and the
// previous event's hash, so editing, inserting or deleting any row breaks every later link.
// Events hold pseudonymous references only (accounts/3, requests/17), never personal data.
// The table rejects UPDATE and DELETE by trigger; nothing in the API changes it.

#ifndef GFO_SERVICE_AUDIT_LOG_H_
#define GFO_SERVICE_AUDIT_LOG_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/audit.pb.h"
#include "service/storage/sqlite.h"

namespace gfo::audit {

// The hash over every field of `event` except `hash` itself (prev_hash included).
std::string EventHash(const gfo::v1::AuditEvent& event);

// Appends `event` (sequence, prev_hash and hash are filled in here) and returns the stored
// event. REQUIRES: inside a write transaction on `db` (the writer connection).
absl::StatusOr<gfo::v1::AuditEvent> Append(storage::Db& db, gfo::v1::AuditEvent event);

// Calls `fn` for every event matching `filter` with sequence > `after_sequence`, in sequence
// order, at most `limit` events (0 = no limit). Stops early when `fn` returns false.
absl::Status Scan(storage::Db& db, const gfo::v1::AuditFilter& filter, int64_t after_sequence,
                  int64_t limit, absl::FunctionRef<bool(const gfo::v1::AuditEvent&)> fn);

// Number of events matching `filter`.
absl::StatusOr<int64_t> Count(storage::Db& db, const gfo::v1::AuditFilter& filter);

// Recomputes the whole chain and reports the first broken link.
absl::StatusOr<gfo::v1::VerifyAuditChainResponse> Verify(storage::Db& db);

}  // namespace gfo::audit

#endif  // GFO_SERVICE_AUDIT_LOG_H_
