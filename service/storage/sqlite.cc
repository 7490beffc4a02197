#include "service/storage/sqlite.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/errors.h"

namespace gfo::storage {

absl::Status SqliteStatus(int rc, std::string_view context, sqlite3* db) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_OK || primary == SQLITE_DONE || primary == SQLITE_ROW) {
    return absl::OkStatus();
  }
  std::string detail = absl::StrCat("database: ", std::string(context), ": ", sqlite3_errstr(rc));
  if (db != nullptr && primary != SQLITE_CONSTRAINT) {
    // The connection's message names tables or columns, never bound values.
    absl::StrAppend(&detail, " (", sqlite3_errmsg(db), ")");
  }
  switch (primary) {
    case SQLITE_FULL:
      return errors::ResourceExhausted(detail);
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
      return errors::Unavailable(detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return errors::DataLoss(detail);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return errors::AlreadyExists(
            absl::StrCat(std::string(context), ": a record with this key"));
      }
      if (db != nullptr) absl::StrAppend(&detail, " (", sqlite3_errmsg(db), ")");
      return errors::FailedPrecondition(detail);
    case SQLITE_INTERRUPT:
      return absl::CancelledError(detail);
    default:
      return errors::Internal(detail);
  }
}

// ---- Statement ----

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), bind_error_(std::move(other.bind_error_)) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    bind_error_ = std::move(other.bind_error_);
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

namespace {
void Note(absl::Status& slot, int rc, sqlite3* db) {
  if (rc != SQLITE_OK && slot.ok()) slot = SqliteStatus(rc, "bind", db);
}
}  // namespace

Statement& Statement::Bind(int index, int64_t value) {
  Note(bind_error_, sqlite3_bind_int64(stmt_, index, value), db_->raw());
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  Note(bind_error_, sqlite3_bind_double(stmt_, index, value), db_->raw());
  return *this;
}
Statement& Statement::Bind(int index, std::string_view text) {
  Note(bind_error_,
       sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
       db_->raw());
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view bytes) {
  Note(bind_error_, sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
       db_->raw());
  return *this;
}
Statement& Statement::BindUncopied(int index, std::string_view text) {
  Note(bind_error_,
       sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8),
       db_->raw());
  return *this;
}
Statement& Statement::BindNull(int index) {
  Note(bind_error_, sqlite3_bind_null(stmt_, index), db_->raw());
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(rc, "step", db_->raw());
}

absl::Status Statement::Run() {
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = absl::OkStatus();
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}
std::string Statement::ColumnBlob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return "";
  return std::string(static_cast<const char*>(data),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}
std::optional<int64_t> Statement::ColumnOptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return ColumnInt(column);
}

// ---- Db ----

absl::StatusOr<std::unique_ptr<Db>> Db::Open(const std::string& path, const DbOptions& options) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX;
  if (options.read_only) {
    flags |= SQLITE_OPEN_READONLY;
  } else {
    flags |= SQLITE_OPEN_READWRITE;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
  }
  if (options.create && !options.read_only && !path.empty() && path != ":memory:" &&
      !path.starts_with("file:")) {
    // A new database file is readable by its owner only, whatever the umask: it holds children's
    // personal data. SQLite gives the WAL and shared-memory files the main file's permissions.
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
  }
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteStatus(rc, "open", raw);
    sqlite3_close_v2(raw);
    return status;
  }
  std::unique_ptr<Db> db(new Db(raw));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  if (!options.read_only) {
    absl::Status wal = db->Exec("PRAGMA journal_mode=WAL");
    if (!wal.ok()) return wal;
  }
  absl::Status pragmas = db->Exec(
      absl::StrCat("PRAGMA foreign_keys=ON; PRAGMA synchronous=", options.synchronous, ";"));
  if (!pragmas.ok()) return pragmas;
  return db;
}

Db::~Db() {
  cache_.clear();
  sqlite3_close_v2(db_);
}

absl::StatusOr<Statement*> Db::Prepare(std::string_view sql) {
  auto it = cache_.find(absl::string_view(sql.data(), sql.size()));
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, "prepare", db_);
  auto owned = std::unique_ptr<Statement>(new Statement(this, stmt));
  Statement* out = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  return out;
}

absl::Status Db::Exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  return SqliteStatus(rc, "exec", db_);
}

absl::Status Db::ExecCached(std::string_view sql) {
  auto stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  absl::Status status = (*stmt)->Run();
  (*stmt)->Reset();
  return status;
}

bool Db::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

int64_t Db::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int Db::Changes() const { return sqlite3_changes(db_); }

absl::StatusOr<int64_t> Db::BackupTo(const std::string& dest_path) {
  sqlite3* dest = nullptr;
  int rc =
      sqlite3_open_v2(dest_path.c_str(), &dest,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteStatus(rc, "open backup file", dest);
    sqlite3_close_v2(dest);
    return status;
  }
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", db_, "main");
  if (backup == nullptr) {
    absl::Status status = SqliteStatus(sqlite3_errcode(dest), "backup init", dest);
    sqlite3_close_v2(dest);
    return status;
  }
  // Copy every page in one step: the step holds one read transaction on the source, a single
  // snapshot that the writer (in WAL mode) does not wait for. Copying in smaller steps would
  // release the snapshot between steps, and every commit in between restarts the copy, so under
  // steady writes a large database would never finish. BUSY or LOCKED (a WAL being recovered, a
  // destination locked by someone else) is retried after a pause.
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(5);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  const int pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  absl::Status status = SqliteStatus(rc, "backup", dest);
  int64_t page_size = 0;
  if (status.ok()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(dest, "PRAGMA page_size", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      page_size = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(dest);
  if (!status.ok()) return status;
  return static_cast<int64_t>(pages) * page_size;
}

// ---- Transaction ----

absl::StatusOr<Transaction> Transaction::Begin(Db& db, Mode mode) {
  absl::Status status =
      db.ExecCached(mode == Mode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!status.ok()) return status;
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) {
    // Best effort: a failed rollback leaves SQLite to roll back on the next use.
    sqlite3_exec(db_->raw(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

absl::Status Transaction::Commit() {
  if (db_ == nullptr) return errors::Internal("transaction: already finished");
  absl::Status status = db_->ExecCached("COMMIT");
  if (status.ok() || db_->autocommit()) db_ = nullptr;
  return status;
}

// ---- Migrations ----

absl::StatusOr<int> ApplyMigrations(Db& db, const std::vector<Migration>& migrations) {
  auto stmt = db.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  auto row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  int current = static_cast<int>((*stmt)->ColumnInt(0));
  (*stmt)->Reset();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return errors::FailedPrecondition(absl::StrCat("database: schema version ", current,
                                                   " is newer than this server (", latest,
                                                   "); refusing to start"));
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    auto tx = Transaction::Begin(db, Transaction::Mode::kImmediate);
    if (!tx.ok()) return tx.status();
    absl::Status status = db.Exec(m.sql);
    if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat("migration ", m.version, ": ", status.message()));
    }
    status = db.Exec(absl::StrCat("PRAGMA user_version=", m.version));
    if (!status.ok()) return status;
    status = tx->Commit();
    if (!status.ok()) return status;
    current = m.version;
  }
  return current;
}

}  // namespace gfo::storage
