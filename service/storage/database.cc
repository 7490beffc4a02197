#include "service/storage/database.h"

#include <utility>

#include "service/errors.h"
#include "service/storage/schema.h"

namespace gfo::storage {

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  std::unique_ptr<Database> database(new Database());
  database->path_ = options.path;
  DbOptions writer_options;
  writer_options.synchronous = options.synchronous;
  auto writer = Db::Open(options.path, writer_options);
  if (!writer.ok()) return writer.status();
  auto version = ApplyMigrations(**writer, SchemaMigrations());
  if (!version.ok()) return version.status();
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
  absl::MutexLock lock(&write_mu_);
  if (writer_ != nullptr) {
    // Fold the WAL back into the main file so a clean shutdown leaves one file.
    (void)writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
}

absl::Status Database::Write(absl::FunctionRef<absl::Status(Db&)> fn,
                             absl::FunctionRef<void(Db&)> after_commit) {
  absl::MutexLock lock(&write_mu_);
  auto tx = Transaction::Begin(*writer_, Transaction::Mode::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::Status status = fn(*writer_);
  if (!status.ok()) return status;  // ~Transaction rolls back.
  status = tx->Commit();
  if (!status.ok()) return status;
  after_commit(*writer_);
  return absl::OkStatus();
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
