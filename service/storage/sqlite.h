// A thin RAII wrapper over SQLite's C API that returns errors as absl::Status values.
//
// `Db` owns one connection, `Statement` one prepared statement, `Transaction` rolls back unless
// committed. SQLite result codes map to canonical codes in one place (SqliteStatus): a full disk
// is RESOURCE_EXHAUSTED; a read-only file, an I/O error or a lock timeout is UNAVAILABLE; a
// UNIQUE violation is ALREADY_EXISTS; corruption is DATA_LOSS. Messages never contain bound
// values, so no personal data leaks into an error.
//
// Thread-safety: a Db and its statements are used by one thread at a time (callers lock).

#ifndef GFO_SERVICE_STORAGE_SQLITE_H_
#define GFO_SERVICE_STORAGE_SQLITE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3;
struct sqlite3_stmt;

namespace gfo::storage {

// Maps a SQLite result code to a canonical status; `context` names what was being done.
absl::Status SqliteStatus(int rc, std::string_view context, sqlite3* db = nullptr);

class Db;

// One prepared statement. Bind indexes are 1-based; column indexes 0-based.
class Statement {
 public:
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& BindBlob(int index, std::string_view bytes);
  // Binds `text` without copying it: the bytes must stay alive and unchanged until the
  // statement is reset (Reset, or the next Db::Prepare of it), which also drops the binding.
  Statement& BindUncopied(int index, std::string_view text);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value.has_value() ? Bind(index, *value) : BindNull(index);
  }

  // Advances to the next row: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Runs a statement that returns no rows (or ignores them) to completion.
  absl::Status Run();
  // Resets for reuse and clears bindings.
  void Reset();

  bool IsNull(int column) const;
  int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;
  std::optional<int64_t> ColumnOptionalInt(int column) const;

 private:
  friend class Db;
  Statement(Db* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Db* db_;
  sqlite3_stmt* stmt_;
  absl::Status bind_error_;
};

struct DbOptions {
  bool read_only = false;
  bool create = true;
  int busy_timeout_ms = 5000;
  // PRAGMA synchronous: NORMAL is durable across process crashes in WAL mode, FULL across power
  // loss too (storage::DatabaseOptions sets the writer's; FULL there by default).
  std::string synchronous = "NORMAL";
};

class Db {
 public:
  // Opens (and with `create`, creates) the database at `path` with WAL, foreign keys and a
  // busy timeout. `:memory:` works for tests.
  static absl::StatusOr<std::unique_ptr<Db>> Open(const std::string& path,
                                                  const DbOptions& options);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Prepares `sql` (cached per SQL text; the returned statement is reset and ready).
  absl::StatusOr<Statement*> Prepare(std::string_view sql);
  // Runs one or more statements without parameters.
  absl::Status Exec(std::string_view sql);
  // Runs one statement without parameters through the statement cache (for statements run on
  // every transaction, such as BEGIN, COMMIT and SAVEPOINT, which Exec would parse each time).
  absl::Status ExecCached(std::string_view sql);
  // True when no transaction is open (SQLite rolls a transaction back by itself after some
  // errors, such as a full disk or an I/O error).
  bool autocommit() const;
  int64_t LastInsertRowId() const;
  int Changes() const;
  sqlite3* raw() const { return db_; }

  // Copies the whole database into `dest_path` in one online-backup step from one read snapshot
  // (finishes however often others commit; never blocks a WAL writer). Returns its size in bytes.
  absl::StatusOr<int64_t> BackupTo(const std::string& dest_path);

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  absl::flat_hash_map<std::string, std::unique_ptr<Statement>> cache_;
};

// BEGIN (IMMEDIATE for writers, DEFERRED for readers); rolls back on destruction unless
// Commit() succeeded.
class Transaction {
 public:
  enum class Mode { kDeferred, kImmediate };
  static absl::StatusOr<Transaction> Begin(Db& db, Mode mode);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  absl::Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_;
};

// A numbered schema step: applied in order, each in one transaction, recorded in
// PRAGMA user_version. Steps are append-only: never edit one that has shipped.
struct Migration {
  int version;
  std::string_view sql;
};
// Returns the version the file is at afterwards. A file newer than the code is
// FAILED_PRECONDITION (never downgrade).
absl::StatusOr<int> ApplyMigrations(Db& db, const std::vector<Migration>& migrations);

}  // namespace gfo::storage

#endif  // GFO_SERVICE_STORAGE_SQLITE_H_
