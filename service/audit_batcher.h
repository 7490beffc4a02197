// Group commit for the audit events of calls that change nothing themselves (reads, refusals
// and failures): concurrent calls queue their events, and one of them, the leader, appends every
// queued event in one write transaction. One commit then records many calls, where each call
// would otherwise pay for a transaction of its own on the single writer.
//
// Append returns only after the transaction holding its event has committed (with the
// database's configured `synchronous` durability), so a call never answers before it is
// recorded; a non-OK status means the event is not in the trail. Calls that write keep
// appending their event inside their own transaction (Call::Write); both paths share the one
// writer, so the hash chain stays a single sequence.
//
// Thread-safe.

#ifndef GFO_SERVICE_AUDIT_BATCHER_H_
#define GFO_SERVICE_AUDIT_BATCHER_H_

#include <cstdint>
#include <deque>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "gfo/v1/audit.pb.h"
#include "service/storage/database.h"

namespace gfo {

class AuditBatcher {
 public:
  // `max_batch` bounds the events of one transaction (>= 1).
  explicit AuditBatcher(storage::Database& db, int max_batch = 512);
  AuditBatcher(const AuditBatcher&) = delete;
  AuditBatcher& operator=(const AuditBatcher&) = delete;

  // Appends `event` (sequence, prev_hash and hash are filled in by audit::Append) and blocks
  // until it has committed. Returns the storage error when it could not be recorded: when a
  // batch fails as a whole, each of its events is retried in a transaction of its own, so one
  // bad event never costs the others their record.
  absl::Status Append(gfo::v1::AuditEvent event);

  // Counters for benchmarks: transactions committed and events they held.
  int64_t batches() const;
  int64_t events() const;

 private:
  struct Waiter;

  storage::Database& db_;
  const int max_batch_;
  mutable absl::Mutex mu_;
  // Waiting calls in arrival order; the front one leads the next batch.
  std::deque<Waiter*> queue_ ABSL_GUARDED_BY(mu_);
  int64_t batches_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t events_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace gfo

#endif  // GFO_SERVICE_AUDIT_BATCHER_H_
