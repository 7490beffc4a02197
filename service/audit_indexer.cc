#include "service/audit_indexer.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "service/audit_log.h"
#include "service/status_macros.h"

namespace gfo {

AuditIndexer::AuditIndexer(storage::Database& db, absl::Duration interval,
                           std::shared_ptr<spdlog::logger> logger)
    : db_(db), interval_(interval), logger_(std::move(logger)) {}

AuditIndexer::~AuditIndexer() { Stop(); }

absl::StatusOr<int64_t> AuditIndexer::RunOnce() {
  // A read first, so that a quiet server does not commit empty rounds.
  int64_t pending = 0;
  GFO_RETURN_IF_ERROR(db_.Read([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(pending, audit::PendingIndex(db));
    return absl::OkStatus();
  }));
  if (pending == 0) return 0;
  int64_t done = 0;
  GFO_RETURN_IF_ERROR(db_.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(done, audit::IndexPending(db, kBatch));
    return absl::OkStatus();
  }));
  absl::MutexLock lock(&mu_);
  indexed_ += done;
  return done;
}

absl::Status AuditIndexer::CatchUp() {
  while (true) {
    GFO_ASSIGN_OR_RETURN(const int64_t done, RunOnce());
    if (done < kBatch) return absl::OkStatus();
  }
}

void AuditIndexer::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void AuditIndexer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

int64_t AuditIndexer::indexed() const {
  absl::MutexLock lock(&mu_);
  return indexed_;
}

void AuditIndexer::Loop() {
  bool failing = false;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
      if (stopping_) return;
    }
    // A failure (a full disk, say) leaves the events unindexed, where queries still find them;
    // the next round tries again. Logged when it starts and when it ends, not every round.
    auto done = RunOnce();
    if (!done.ok() && !failing) {
      logger_->warn("audit index: round failed, retrying every round: {}",
                    done.status().ToString());
    } else if (done.ok() && failing) {
      logger_->info("audit index: rounds succeed again");
    }
    failing = !done.ok();
  }
}

}  // namespace gfo
