// The database as the service uses it: one writer connection with group commit, and a small pool
// of reader connections (WAL lets them read a consistent snapshot while the writer works).
//
// Group commit: concurrent Write calls queue, and the first in the queue (the leader) runs every
// queued write, each inside its own SAVEPOINT, in one BEGIN IMMEDIATE transaction, and commits
// once. A write whose function fails is rolled back to its savepoint alone; the others commit.
// Each Write returns only after the transaction holding its change has committed (with the
// configured `synchronous` durability), so nothing is acknowledged before it is stored. One
// commit then serves many calls, where each call would otherwise pay for a transaction of its own
// on the single writer (bench/LOAD_RESULTS.md).
//
// Checkpoints (copying the WAL back into the main file, with its fsyncs) run on a background
// thread of their own once the WAL holds DatabaseOptions::checkpoint_pages pages, so that a
// commit never waits for one: SQLite's automatic checkpoint would run inside the commit that
// crosses the threshold, on the writer every group waits for. Under steady writes the WAL can
// only restart from its beginning after a checkpoint that reaches its last frame, which a
// background copy never does while commits keep coming: the writer therefore copies the rest
// itself when the WAL reaches eight times the threshold, after waiting for a background run in
// progress (a short copy when the background thread kept up, and eight times less often than
// SQLite's own checkpoint).
//
// Thread-safe. Callers never hold a connection beyond the callback they are given.

#ifndef GFO_SERVICE_STORAGE_DATABASE_H_
#define GFO_SERVICE_STORAGE_DATABASE_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/storage/sqlite.h"

namespace gfo::storage {

struct DatabaseOptions {
  std::string path;
  // false: a missing file is an error instead of a new, empty database.
  bool create = true;
  int readers = 4;
  // The writer's PRAGMA synchronous. FULL: each commit's WAL frames reach the disk before Write
  // returns, so an acknowledged write survives a power loss or an OS crash. NORMAL: it survives a
  // crash of the process only (the last commits before a power loss may be lost), for more
  // throughput (bench/LOAD_RESULTS.md).
  std::string synchronous = "FULL";
  // Writes one transaction may hold; 1 turns group commit off (one transaction per write).
  int max_group = 256;
  // How long a group's leader waits for announced writes (Database::WriteAnnouncement).
  absl::Duration max_group_wait = absl::Microseconds(200);
  // WAL pages after which the background thread checkpoints (PASSIVE); 0 leaves checkpoints to
  // SQLite's automatic one, inside commits.
  int checkpoint_pages = 1000;
};

class Database {
 public:
  // Opens the file, applies the schema migrations, and opens the reader pool.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  // Runs `fn` on the writer inside a write transaction and returns after it commits when `fn`
  // returns OK (its changes are rolled back otherwise, and its status returned). `fn` may share
  // the transaction with other writes (see the file comment); it must not call Write itself.
  // `after_commit` runs after a successful commit while the write lock is still held, so
  // in-memory mirrors (the home index) change in commit order; it may only read (the group's
  // hooks share one read transaction on the writer). When the commit fails, or SQLite
  // rolls the transaction back under a later write of the same group (a full disk, an I/O
  // error), every write of it returns the error and nothing of it is stored.
  class WriteAnnouncement;
  absl::Status Write(
      absl::FunctionRef<absl::Status(Db&)> fn,
      absl::FunctionRef<void(Db&)> after_commit = [](Db&) {},
      WriteAnnouncement* announcement = nullptr);

  // Announces that the current thread will call Write soon (the service announces one per call
  // as it starts, since every call ends in a write: its change or its audit event). A group's
  // leader waits up to DatabaseOptions::max_group_wait while announced writes have not joined
  // the queue. The first Write given the announcement withdraws it; so does destruction.
  class WriteAnnouncement {
   public:
    explicit WriteAnnouncement(Database& db);
    ~WriteAnnouncement();
    WriteAnnouncement(const WriteAnnouncement&) = delete;
    WriteAnnouncement& operator=(const WriteAnnouncement&) = delete;

   private:
    friend class Database;
    Database& db_;
    bool joined_ = false;  // guarded by db_.queue_mu_
  };

  // Registers `fn` to run, under the write lock, after every write transaction that inserted,
  // updated or deleted rows of `table` (committed or rolled back). For caches of that table's
  // rows. Call before the database is shared between threads.
  void OnTableChange(std::string table, std::function<void()> fn);

  // Registers `fn` to run once after each committed group of writes, after their after_commit
  // functions, under the write lock and in the same read transaction (for work that is cheaper
  // done once per commit than once per write, such as reloading an index). Call before the
  // database is shared between threads.
  void AfterEachCommit(std::function<void(Db&)> fn);

  // Counters for benchmarks and tests: write transactions committed and the writes they held.
  int64_t commits() const;
  int64_t committed_writes() const;
  // Checkpoints run by the background thread, and by the writer itself (its fallback).
  int64_t background_checkpoints() const;
  int64_t writer_checkpoints() const;
  // Writes announced (WriteAnnouncement: calls being handled) and not yet queued.
  int64_t announced_writes() const;

  // Runs `fn` on a reader connection inside a read transaction (one consistent snapshot).
  absl::Status Read(absl::FunctionRef<absl::Status(Db&)> fn);

  // Online backup of a consistent copy to `dest_path`; returns its size in bytes.
  absl::StatusOr<int64_t> Backup(const std::string& dest_path);

  // Runs PRAGMA integrity_check and returns OK when it reports "ok".
  absl::Status CheckIntegrity();

  const std::string& path() const { return path_; }

 private:
  struct PendingWrite;
  struct TableWatch {
    std::string table;
    std::function<void()> fn;
    bool changed = false;
  };

  Database() = default;
  // Runs `group` (front first) in one transaction under the write lock; returns how many of its
  // writes are decided (the rest stay queued for the next leader).
  size_t RunGroup(const std::vector<PendingWrite*>& group);
  static void UpdateHook(void* self, int op, const char* db, const char* table,
                         long long rowid);  // NOLINT(runtime/int): SQLite's signature
  void NotifyTableWatches() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // sqlite3_wal_hook of the writer: runs after each commit with the WAL's size in pages.
  static int WalHook(void* self, sqlite3* db, const char* name, int pages);
  void RunCheckpointer();
  void StopCheckpointer();

  std::string path_;
  int max_group_ = 256;
  absl::Duration max_group_wait_;
  absl::Mutex write_mu_;
  std::unique_ptr<Db> writer_ ABSL_GUARDED_BY(write_mu_);
  std::vector<TableWatch> watches_;  // set before sharing; `changed` guarded by write_mu_
  std::vector<std::function<void(Db&)>> after_each_commit_;  // set before sharing
  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> committed_writes_{0};
  mutable absl::Mutex queue_mu_;
  // Waiting writes in arrival order; the front one leads the next group.
  std::deque<PendingWrite*> queue_ ABSL_GUARDED_BY(queue_mu_);
  int64_t announced_ ABSL_GUARDED_BY(queue_mu_) = 0;  // announced writes not yet queued
  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<Db>> readers_ ABSL_GUARDED_BY(pool_mu_);

  // The writer checkpoints itself when the WAL reaches this many times checkpoint_pages_.
  static constexpr int kWriterCheckpointFactor = 8;
  int checkpoint_pages_ = 0;
  // WAL frames already copied into the main file (by the last checkpoint since the WAL
  // restarted); written by both threads, read by the writer.
  std::atomic<int> backfilled_{0};
  std::atomic<int64_t> background_checkpoints_{0};
  std::atomic<int64_t> writer_checkpoints_{0};
  absl::Mutex checkpoint_mu_;
  bool checkpoint_wanted_ ABSL_GUARDED_BY(checkpoint_mu_) = false;
  bool checkpoint_running_ ABSL_GUARDED_BY(checkpoint_mu_) = false;
  bool checkpointer_stopping_ ABSL_GUARDED_BY(checkpoint_mu_) = false;
  std::unique_ptr<Db> checkpointer_db_;  // used only by checkpointer_
  std::thread checkpointer_;
};

}  // namespace gfo::storage

#endif  // GFO_SERVICE_STORAGE_DATABASE_H_
