// The database as the service uses it: one writer connection behind a mutex (every write is one
// BEGIN IMMEDIATE transaction) and a small pool of reader connections (WAL lets them read a
// consistent snapshot while the writer works).
//
// Thread-safe. Callers never hold a connection beyond the callback they are given.

#ifndef GFO_SERVICE_STORAGE_DATABASE_H_
#define GFO_SERVICE_STORAGE_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "service/storage/sqlite.h"

namespace gfo::storage {

struct DatabaseOptions {
  std::string path;
  int readers = 4;
  std::string synchronous = "NORMAL";
};

class Database {
 public:
  // Opens the file, applies the schema migrations, and opens the reader pool.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  // Runs `fn` on the writer inside one IMMEDIATE transaction and commits when it returns OK
  // (rolls back otherwise). `after_commit` runs after a successful commit while the write lock
  // is still held, so in-memory mirrors (the home index) change in commit order.
  absl::Status Write(
      absl::FunctionRef<absl::Status(Db&)> fn,
      absl::FunctionRef<void(Db&)> after_commit = [](Db&) {});

  // Runs `fn` on a reader connection inside a read transaction (one consistent snapshot).
  absl::Status Read(absl::FunctionRef<absl::Status(Db&)> fn);

  // Online backup of a consistent copy to `dest_path`; returns its size in bytes.
  absl::StatusOr<int64_t> Backup(const std::string& dest_path);

  // Runs PRAGMA integrity_check and returns OK when it reports "ok".
  absl::Status CheckIntegrity();

  const std::string& path() const { return path_; }

 private:
  Database() = default;
  std::string path_;
  absl::Mutex write_mu_;
  std::unique_ptr<Db> writer_ ABSL_GUARDED_BY(write_mu_);
  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<Db>> readers_ ABSL_GUARDED_BY(pool_mu_);
};

}  // namespace gfo::storage

#endif  // GFO_SERVICE_STORAGE_DATABASE_H_
