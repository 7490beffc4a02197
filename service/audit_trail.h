// Reading the audit trail for gfo.v1.AuditService: pages of events, a complete export with a
// proof of completeness, and the chain check.
//
// Everything here only reads (through storage::Database's reader connections) and never holds
// more than one chunk of events in memory, so an export of any size runs in bounded memory.
// Thread-safe: each call uses its own read transactions.

#ifndef GFO_SERVICE_AUDIT_TRAIL_H_
#define GFO_SERVICE_AUDIT_TRAIL_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/audit.pb.h"
#include "service/storage/database.h"

namespace gfo::audit {

// One page of the events matching request.filter, oldest first (page_size 0 = 50, at most
// 1000). The page token is an opaque after-sequence cursor bound to the filter: a token used
// with another filter is INVALID_ARGUMENT. The filter is validated here (INVALID_ARGUMENT
// naming the field under `filter`).
absl::Status ListEvents(storage::Database& db, const gfo::v1::ListAuditEventsRequest& request,
                        gfo::v1::ListAuditEventsResponse* out);

// Receives the parts of an export in order; a non-OK status stops the export and is returned.
using ExportSink = absl::FunctionRef<absl::Status(const gfo::v1::ExportAuditEventsResponse&)>;

// Exports every event matching `filter` that exists when the export starts: first a header with
// their number, then the events in sequence order, read `chunk_size` at a time in separate read
// transactions (each continuing after the last sequence sent, so writers are never blocked for
// long and memory stays bounded), then the trailer: count, first and last sequence, the last
// event's hash (the chain hash at the end of the range) and the digest, SHA-256 over each
// exported event's hash followed by "\n". Events appended while the export runs are not in it.
// Returns the trailer that was sent.
absl::StatusOr<gfo::v1::ExportTrailer> Export(storage::Database& db,
                                              const gfo::v1::AuditFilter& filter, ExportSink sink,
                                              int64_t chunk_size = 1000);

// Recomputes the whole chain (audit_log.h Verify, with the request's expected event) in one read
// transaction; an invalid expected event is INVALID_ARGUMENT.
absl::StatusOr<gfo::v1::VerifyAuditChainResponse> VerifyChain(
    storage::Database& db, const gfo::v1::VerifyAuditChainRequest& request = {});

}  // namespace gfo::audit

#endif  // GFO_SERVICE_AUDIT_TRAIL_H_
