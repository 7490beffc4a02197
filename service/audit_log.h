// The audit trail's storage: appending hash-chained events, reading them back, and verifying
// the chain.
//
// Each event's hash is SHA-256 over a length-prefixed canonical form of its content and the
// previous event's hash, so editing, inserting or deleting any row breaks every later link.
// Events hold pseudonymous references only (accounts/3, requests/17), never personal data.
// Reads go in sequence order and in bounded pieces, so a trail of millions of events is read
// without sorting it and without holding it in memory.
// The table rejects UPDATE and DELETE by trigger; nothing in the API changes it.

#ifndef GFO_SERVICE_AUDIT_LOG_H_
#define GFO_SERVICE_AUDIT_LOG_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/audit.pb.h"
#include "service/storage/sqlite.h"

namespace gfo::audit {

// The hash over every field of `event` except `hash` itself (prev_hash included).
std::string EventHash(const gfo::v1::AuditEvent& event);

// Appends `event` (sequence, prev_hash and hash are filled in here) and returns the stored
// event. Text fields are first made storable so the stored row reads back exactly as hashed:
// invalid UTF-8 and display controls become '?' (StorableText), each field is cut to 256 bytes, and
// empty resource names are dropped. REQUIRES: inside a write transaction on `db` (the writer
// connection).
absl::StatusOr<gfo::v1::AuditEvent> Append(storage::Db& db, gfo::v1::AuditEvent event);

// The sequences a scan covers: those after `after`, up to and including `through`.
struct SequenceRange {
  int64_t after = 0;
  int64_t through = std::numeric_limits<int64_t>::max();
  bool empty() const { return after >= through; }
};

// The range of sequences holding every event in `filter`'s time window, found once through the
// time index (O(events in the window)) so that scans can then go in sequence order: the whole
// trail when the filter sets no time, open-ended when it sets no end time, empty when no event
// lies in the window.
absl::StatusOr<SequenceRange> RangeOf(storage::Db& db, const gfo::v1::AuditFilter& filter);

// Calls `fn` for every event matching `filter` within `range`, in sequence order, at most
// `limit` events (0 = no limit). Stops early when `fn` returns false. Each call costs the rows
// it reads and skips inside `range` (pass RangeOf's range, or a later part of it, when the
// filter has times); it never sorts.
absl::Status Scan(storage::Db& db, const gfo::v1::AuditFilter& filter, const SequenceRange& range,
                  int64_t limit, absl::FunctionRef<bool(const gfo::v1::AuditEvent&)> fn);

// Number of events matching `filter` within `range`.
absl::StatusOr<int64_t> Count(storage::Db& db, const gfo::v1::AuditFilter& filter,
                              const SequenceRange& range);

// Adds the events appended since the last call (at most `max_events`, oldest first) to the
// lookup tables audit_resources (resource, sequence) and audit_accounts (account, sequence), and
// moves audit_index_state.indexed_through on; returns how many events it indexed. Append writes
// the event row alone, so that an audited call's commit touches the trail's last page and not a
// page of each lookup table (bench/LOAD_RESULTS.md); a background task (AuditIndexer) calls this.
// Scan and Count stay exact meanwhile: they find the events not yet indexed by reading their
// rows. REQUIRES: inside a write transaction on `db`.
absl::StatusOr<int64_t> IndexPending(storage::Db& db, int64_t max_events);

// `text` as the audit trail stores it, so that it reads back unchanged and cannot act on an
// auditor's terminal: valid UTF-8 (an invalid byte becomes '?'), every character that can move
// the cursor or reorder what a terminal shows (C0 and C1 controls, DEL, the line and paragraph
// separators, the bidirectional marks, embeddings, overrides and isolates) replaced by '?', and
// at most `max_bytes` bytes, cut between characters.
std::string StorableText(std::string_view text, size_t max_bytes);

// How the lookup tables (audit_resources, audit_accounts) stand against the trail.
struct IndexCheck {
  int64_t indexed_through = 0;  // audit_index_state.indexed_through
  int64_t last_sequence = 0;    // the trail's last event (0: none)
  // Empty when the tables hold exactly the rows of the events through indexed_through and that
  // is not past the trail's end; otherwise what is wrong (counts only, never a name).
  std::vector<std::string> problems;
};

// Checks the lookup tables against the events. Filtered queries (Scan, Count) trust the tables
// for the events through indexed_through, so a row deleted or added there, or indexed_through
// moved past the end, would hide or misplace events without breaking the hash chain.
absl::StatusOr<IndexCheck> CheckIndex(storage::Db& db);

// Events appended and not yet indexed.
absl::StatusOr<int64_t> PendingIndex(storage::Db& db);

// Recomputes the whole chain and reports the first broken link; when the chain holds, also checks
// the lookup tables (CheckIndex): a mismatch there is reported as not ok with
// first_broken_sequence 0 and the problem in detail. The chain alone cannot show events cut off
// its end, nor a trail rewritten with its hashes recomputed: given an event recorded earlier,
// outside the server (`expected`, validated by ValidateVerifyAuditChain; none when its sequence
// is 0), Verify also reports not ok when that event's hash differs or the trail ends before it.
absl::StatusOr<gfo::v1::VerifyAuditChainResponse> Verify(
    storage::Db& db, const gfo::v1::VerifyAuditChainRequest& expected = {});

}  // namespace gfo::audit

#endif  // GFO_SERVICE_AUDIT_LOG_H_
