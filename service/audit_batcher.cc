#include "service/audit_batcher.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "service/audit_log.h"

namespace gfo {

struct AuditBatcher::Waiter {
  gfo::v1::AuditEvent* event = nullptr;
  absl::Status status;
  bool done = false;
  absl::CondVar cv;
};

AuditBatcher::AuditBatcher(storage::Database& db, int max_batch)
    : db_(db), max_batch_(std::max(1, max_batch)) {}

absl::Status AuditBatcher::Append(gfo::v1::AuditEvent event) {
  Waiter self;
  self.event = &event;
  mu_.Lock();
  queue_.push_back(&self);
  while (!self.done && queue_.front() != &self) self.cv.Wait(&mu_);
  if (self.done) {
    // A leader committed (or failed) this event with its batch.
    mu_.Unlock();
    return self.status;
  }

  // This call leads: it takes the waiting events (itself first) and commits them together.
  // New arrivals queue behind the batch and wait for the next leader.
  const size_t count = std::min(queue_.size(), static_cast<size_t>(max_batch_));
  std::vector<Waiter*> batch(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(count));
  mu_.Unlock();

  absl::Status status = db_.Write([&](storage::Db& db) -> absl::Status {
    for (Waiter* w : batch) {
      auto appended = audit::Append(db, *w->event);
      if (!appended.ok()) return appended.status();
    }
    return absl::OkStatus();
  });
  int64_t committed_batches = status.ok() ? 1 : 0;
  if (status.ok()) {
    for (Waiter* w : batch) w->status = absl::OkStatus();
  } else if (batch.size() == 1) {
    batch.front()->status = status;
  } else {
    // The batch rolled back as a whole: give each event its own transaction.
    for (Waiter* w : batch) {
      w->status = db_.Write(
          [&](storage::Db& db) -> absl::Status { return audit::Append(db, *w->event).status(); });
      if (w->status.ok()) ++committed_batches;
    }
  }

  mu_.Lock();
  batches_ += committed_batches;
  for (Waiter* w : batch) {
    if (w->status.ok()) ++events_;
  }
  for (size_t i = 0; i < count; ++i) {
    Waiter* w = queue_.front();
    queue_.pop_front();
    if (w != &self) {
      w->done = true;
      w->cv.Signal();
    }
  }
  if (!queue_.empty()) queue_.front()->cv.Signal();
  mu_.Unlock();
  return self.status;
}

int64_t AuditBatcher::batches() const {
  absl::MutexLock lock(&mu_);
  return batches_;
}

int64_t AuditBatcher::events() const {
  absl::MutexLock lock(&mu_);
  return events_;
}

}  // namespace gfo
