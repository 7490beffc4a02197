// Keeps the audit trail's lookup tables (audit_resources, audit_accounts) close behind the trail:
// a thread that, every `interval`, indexes the events appended since its last round
// (audit::IndexPending) in one write of the group commit. An audited call's own commit then
// writes its event row alone, and one indexing commit fills the lookup pages of many events
// (bench/LOAD_RESULTS.md). Queries are exact without it (audit::Scan reads the rows not yet
// indexed); it keeps that unindexed part short.
//
// Thread-safe. Stop (or destruction) joins the thread; the database must outlive it.

#ifndef GFO_SERVICE_AUDIT_INDEXER_H_
#define GFO_SERVICE_AUDIT_INDEXER_H_

#include <cstdint>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/storage/database.h"

namespace spdlog {
class logger;
}

namespace gfo {

class AuditIndexer {
 public:
  // Events one indexing write takes at most.
  static constexpr int64_t kBatch = 20000;

  AuditIndexer(storage::Database& db, absl::Duration interval,
               std::shared_ptr<spdlog::logger> logger);
  ~AuditIndexer();
  AuditIndexer(const AuditIndexer&) = delete;
  AuditIndexer& operator=(const AuditIndexer&) = delete;

  // Indexes everything pending now, kBatch events per write (at start-up, before serving).
  absl::Status CatchUp();

  // Starts the thread; Stop ends it after its current round.
  void Start();
  void Stop();

  // Events indexed by this object so far.
  int64_t indexed() const;

 private:
  // One round: indexes up to kBatch pending events; returns how many.
  absl::StatusOr<int64_t> RunOnce();
  void Loop();

  storage::Database& db_;
  const absl::Duration interval_;
  std::shared_ptr<spdlog::logger> logger_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t indexed_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace gfo

#endif  // GFO_SERVICE_AUDIT_INDEXER_H_
