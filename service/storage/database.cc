#include "service/storage/database.h"

#include <algorithm>
#include <utility>

#include <sqlite3.h>

#include "service/errors.h"
#include "service/storage/schema.h"

namespace gfo::storage {

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  std::unique_ptr<Database> database(new Database());
  database->path_ = options.path;
  database->max_group_ = std::max(1, options.max_group);
  database->max_group_wait_ = options.max_group_wait;
  DbOptions writer_options;
  writer_options.create = options.create;
  writer_options.synchronous = options.synchronous;
  auto writer = Db::Open(options.path, writer_options);
  if (!writer.ok()) return writer.status();
  auto version = ApplyMigrations(**writer, SchemaMigrations());
  if (!version.ok()) return version.status();
  // The background checkpointer needs a WAL file, which an in-memory database has not.
  if (options.checkpoint_pages > 0 && options.path != ":memory:" && !options.path.empty()) {
    DbOptions checkpointer_options;
    checkpointer_options.create = false;
    checkpointer_options.synchronous = options.synchronous;
    auto checkpointer = Db::Open(options.path, checkpointer_options);
    if (!checkpointer.ok()) return checkpointer.status();
    database->checkpointer_db_ = std::move(*checkpointer);
    database->checkpoint_pages_ = options.checkpoint_pages;
    // Replaces SQLite's automatic checkpoint on the writer (sqlite3_wal_autocheckpoint).
    sqlite3_wal_hook((*writer)->raw(), &Database::WalHook, database.get());
    database->checkpointer_ = std::thread([db = database.get()] { db->RunCheckpointer(); });
  }
  {
    absl::MutexLock lock(&database->write_mu_);
    database->writer_ = std::move(*writer);
  }
  DbOptions reader_options;
  reader_options.create = false;
  reader_options.synchronous = options.synchronous;
  absl::MutexLock lock(&database->pool_mu_);
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    auto reader = Db::Open(options.path, reader_options);
    if (!reader.ok()) return reader.status();
    // Readers never write; query_only turns an accidental write into an error.
    absl::Status status = (*reader)->Exec("PRAGMA query_only=ON");
    if (!status.ok()) return status;
    database->readers_.push_back(std::move(*reader));
  }
  return database;
}

Database::~Database() {
  StopCheckpointer();
  absl::MutexLock lock(&write_mu_);
  if (writer_ != nullptr) {
    // Fold the WAL back into the main file so a clean shutdown leaves one file.
    (void)writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
}

struct Database::PendingWrite {
  PendingWrite(absl::FunctionRef<absl::Status(Db&)> f, absl::FunctionRef<void(Db&)> after)
      : fn(f), after_commit(after) {}
  absl::FunctionRef<absl::Status(Db&)> fn;
  absl::FunctionRef<void(Db&)> after_commit;
  absl::Status status;
  bool done = false;
  absl::CondVar cv;
};

absl::Status Database::Write(absl::FunctionRef<absl::Status(Db&)> fn,
                             absl::FunctionRef<void(Db&)> after_commit,
                             WriteAnnouncement* announcement) {
  PendingWrite self(fn, after_commit);
  queue_mu_.Lock();
  if (announcement != nullptr && !announcement->joined_) {
    announcement->joined_ = true;
    --announced_;
  }
  queue_.push_back(&self);
  while (!self.done && queue_.front() != &self) self.cv.Wait(&queue_mu_);
  if (self.done) {
    // A leader ran this write with its group.
    queue_mu_.Unlock();
    return self.status;
  }
  // This write leads: it takes the queued writes (itself first) and runs them as one group. New
  // arrivals queue behind the group and wait for the next leader.
  // Before it starts, the leader waits a little for writes that announced themselves
  // (WriteAnnouncement) to join, up to max_group_wait_: under load one commit then serves many
  // calls (bench/LOAD_RESULTS.md), while a lone write never waits.
  if (max_group_ > 1 && announced_ > 0) {
    const size_t max_group = static_cast<size_t>(max_group_);
    auto all_joined = [this, max_group]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mu_) {
      return announced_ == 0 || queue_.size() >= max_group;
    };
    queue_mu_.AwaitWithTimeout(absl::Condition(&all_joined), max_group_wait_);
  }
  const size_t count = std::min(queue_.size(), static_cast<size_t>(max_group_));
  std::vector<PendingWrite*> group(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(count));
  queue_mu_.Unlock();

  const size_t decided = RunGroup(group);

  queue_mu_.Lock();
  for (size_t i = 0; i < decided; ++i) {
    PendingWrite* w = queue_.front();
    queue_.pop_front();
    if (w != &self) {
      w->done = true;
      w->cv.Signal();
    }
  }
  if (!queue_.empty()) queue_.front()->cv.Signal();
  queue_mu_.Unlock();
  return self.status;
}

size_t Database::RunGroup(const std::vector<PendingWrite*>& group) {
  absl::MutexLock lock(&write_mu_);
  Db& db = *writer_;
  auto tx = Transaction::Begin(db, Transaction::Mode::kImmediate);
  if (!tx.ok()) {
    for (PendingWrite* w : group) w->status = tx.status();
    NotifyTableWatches();
    return group.size();
  }
  // A group of one needs no savepoint: the transaction is its own.
  const bool savepoints = group.size() > 1;
  std::vector<PendingWrite*> applied;
  applied.reserve(group.size());
  for (size_t i = 0; i < group.size(); ++i) {
    PendingWrite* w = group[i];
    absl::Status status = savepoints ? db.ExecCached("SAVEPOINT gfo_write") : absl::OkStatus();
    if (status.ok()) status = w->fn(db);
    if (savepoints && !db.autocommit()) {
      absl::Status end =
          status.ok() ? db.ExecCached("RELEASE gfo_write") : db.ExecCached("ROLLBACK TO gfo_write");
      if (!status.ok() && end.ok()) end = db.ExecCached("RELEASE gfo_write");
      if (status.ok()) status = end;
    }
    if (db.autocommit()) {
      // SQLite rolled the whole transaction back (a full disk, an I/O error): the writes applied
      // before this one are gone with it. They fail with the cause; the rest of the group stays
      // queued for a fresh transaction.
      if (status.ok()) status = errors::Unavailable("database: the transaction was rolled back");
      w->status = status;
      for (PendingWrite* a : applied) a->status = status;
      NotifyTableWatches();
      return i + 1;
    }
    if (status.ok()) {
      applied.push_back(w);
    } else if (!savepoints) {
      // The write failed alone: ~Transaction rolls its changes back.
      w->status = std::move(status);
      NotifyTableWatches();
      return 1;
    } else {
      w->status = std::move(status);
    }
  }
  absl::Status commit = tx->Commit();
  if (!commit.ok()) {
    for (PendingWrite* a : applied) a->status = commit;
    NotifyTableWatches();
    return group.size();
  }
  commits_.fetch_add(1, std::memory_order_relaxed);
  committed_writes_.fetch_add(static_cast<int64_t>(applied.size()), std::memory_order_relaxed);
  NotifyTableWatches();
  {
    // The hooks read (the home index reloads what the writes changed): one read transaction
    // for all of them, instead of one per statement in autocommit mode, each of which takes and
    // drops SQLite's WAL read lock (fcntl calls, measured at ~8 per ConfirmAvailability).
    auto read = Transaction::Begin(db, Transaction::Mode::kDeferred);
    for (PendingWrite* a : applied) {
      a->status = absl::OkStatus();
      a->after_commit(db);
    }
    for (auto& fn : after_each_commit_) fn(db);
    if (read.ok()) (void)read->Commit();
  }
  return group.size();
}

Database::WriteAnnouncement::WriteAnnouncement(Database& db) : db_(db) {
  absl::MutexLock lock(&db_.queue_mu_);
  ++db_.announced_;
}

Database::WriteAnnouncement::~WriteAnnouncement() {
  absl::MutexLock lock(&db_.queue_mu_);
  if (!joined_) --db_.announced_;
}

void Database::AfterEachCommit(std::function<void(Db&)> fn) {
  after_each_commit_.push_back(std::move(fn));
}

void Database::OnTableChange(std::string table, std::function<void()> fn) {
  absl::MutexLock lock(&write_mu_);
  if (watches_.empty()) sqlite3_update_hook(writer_->raw(), &Database::UpdateHook, this);
  watches_.push_back(TableWatch{std::move(table), std::move(fn), false});
}

void Database::UpdateHook(void* self, int /*op*/, const char* /*db*/, const char* table,
                          long long /*rowid*/) {  // NOLINT(runtime/int): SQLite's signature
  // Runs on the writer's thread, inside a statement, with write_mu_ held.
  auto* database = static_cast<Database*>(self);
  for (TableWatch& watch : database->watches_) {
    if (watch.table == table) watch.changed = true;
  }
}

void Database::NotifyTableWatches() {
  for (TableWatch& watch : watches_) {
    if (!watch.changed) continue;
    watch.changed = false;
    watch.fn();
  }
}

int Database::WalHook(void* self, sqlite3* db, const char* name, int pages) {
  // Runs on the writer's thread at the end of a commit, with write_mu_ held. `pages` counts the
  // WAL's frames since it last restarted from its beginning.
  auto* database = static_cast<Database*>(self);
  const int threshold = database->checkpoint_pages_;
  int backfilled = database->backfilled_.load(std::memory_order_relaxed);
  if (pages < backfilled) {
    // The WAL restarted (after a checkpoint that copied everything).
    backfilled = 0;
    database->backfilled_.store(0, std::memory_order_relaxed);
  }
  if (pages >= kWriterCheckpointFactor * threshold) {
    // Under steady writes the background copy never catches up with the last frame, and only a
    // checkpoint that does lets the WAL restart from its beginning. The writer copies the rest
    // itself (little, when the background thread kept up), as SQLite's automatic checkpoint
    // would, but kWriterCheckpointFactor times less often. A busy reader only makes this copy
    // shorter; a later commit tries again. It first waits for a background run in progress to
    // end (that run holds SQLite's checkpoint lock, which a PASSIVE checkpoint does not wait
    // for), and keeps the next from starting until done.
    absl::MutexLock lock(&database->checkpoint_mu_);
    database->checkpoint_wanted_ = false;
    database->checkpoint_mu_.Await(absl::Condition(
        +[](Database* d)
             ABSL_EXCLUSIVE_LOCKS_REQUIRED(d->checkpoint_mu_) { return !d->checkpoint_running_; },
        database));
    int copied = 0;
    if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied) ==
        SQLITE_OK) {
      database->backfilled_.store(copied, std::memory_order_relaxed);
      database->writer_checkpoints_.fetch_add(1, std::memory_order_relaxed);
    }
    return SQLITE_OK;
  }
  if (pages - backfilled >= threshold) {
    absl::MutexLock lock(&database->checkpoint_mu_);
    database->checkpoint_wanted_ = true;
  }
  return SQLITE_OK;
}

void Database::RunCheckpointer() {
  while (true) {
    {
      absl::MutexLock lock(&checkpoint_mu_);
      checkpoint_mu_.Await(absl::Condition(
          +[](Database* db) ABSL_EXCLUSIVE_LOCKS_REQUIRED(db->checkpoint_mu_) {
            return db->checkpoint_wanted_ || db->checkpointer_stopping_;
          },
          this));
      if (checkpointer_stopping_) return;
      checkpoint_wanted_ = false;
      checkpoint_running_ = true;
    }
    // PASSIVE: copies what it can without waiting for the writer or readers. A failure (busy,
    // a full disk) leaves the frames in the WAL, where readers still find them; the next
    // threshold tries again.
    int copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(checkpointer_db_->raw(), "main",
                                             SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied);
    if (rc == SQLITE_OK) backfilled_.store(copied, std::memory_order_relaxed);
    background_checkpoints_.fetch_add(1, std::memory_order_relaxed);
    absl::MutexLock lock(&checkpoint_mu_);
    checkpoint_running_ = false;
  }
}

void Database::StopCheckpointer() {
  if (!checkpointer_.joinable()) return;
  {
    absl::MutexLock lock(&checkpoint_mu_);
    checkpointer_stopping_ = true;
  }
  checkpointer_.join();
  checkpointer_db_.reset();
}

int64_t Database::background_checkpoints() const {
  return background_checkpoints_.load(std::memory_order_relaxed);
}

int64_t Database::writer_checkpoints() const {
  return writer_checkpoints_.load(std::memory_order_relaxed);
}

int64_t Database::announced_writes() const {
  absl::MutexLock lock(&queue_mu_);
  return announced_;
}

int64_t Database::commits() const { return commits_.load(std::memory_order_relaxed); }

int64_t Database::committed_writes() const {
  return committed_writes_.load(std::memory_order_relaxed);
}

absl::Status Database::Read(absl::FunctionRef<absl::Status(Db&)> fn) {
  std::unique_ptr<Db> db;
  {
    absl::MutexLock lock(&pool_mu_);
    pool_mu_.Await(absl::Condition(
        +[](std::vector<std::unique_ptr<Db>>* readers) { return !readers->empty(); }, &readers_));
    db = std::move(readers_.back());
    readers_.pop_back();
  }
  absl::Status status;
  {
    auto tx = Transaction::Begin(*db, Transaction::Mode::kDeferred);
    if (!tx.ok()) {
      status = tx.status();
    } else {
      status = fn(*db);
      // A read transaction has nothing to keep: end it either way.
      absl::Status end = tx->Commit();
      if (status.ok()) status = end;
    }
  }
  absl::MutexLock lock(&pool_mu_);
  readers_.push_back(std::move(db));
  return status;
}

absl::StatusOr<int64_t> Database::Backup(const std::string& dest_path) {
  std::unique_ptr<Db> db;
  {
    absl::MutexLock lock(&pool_mu_);
    pool_mu_.Await(absl::Condition(
        +[](std::vector<std::unique_ptr<Db>>* readers) { return !readers->empty(); }, &readers_));
    db = std::move(readers_.back());
    readers_.pop_back();
  }
  absl::StatusOr<int64_t> result = db->BackupTo(dest_path);
  absl::MutexLock lock(&pool_mu_);
  readers_.push_back(std::move(db));
  return result;
}

absl::Status Database::CheckIntegrity() {
  std::string result;
  absl::Status status = Read([&](Db& db) -> absl::Status {
    auto stmt = db.Prepare("PRAGMA integrity_check");
    if (!stmt.ok()) return stmt.status();
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (*row) result = (*stmt)->ColumnText(0);
    (*stmt)->Reset();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (result != "ok") return errors::DataLoss("database: integrity check failed");
  return absl::OkStatus();
}

}  // namespace gfo::storage
