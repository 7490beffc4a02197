// The SQLite wrapper, migrations, the writer/reader database and the audit chain.

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/audit_indexer.h"
#include "service/audit_log.h"
#include "service/status_macros.h"
#include "service/storage/database.h"
#include "service/storage/rows.h"
#include "service/storage/schema.h"
#include "service/storage/sqlite.h"
#include "tests/support/status_matchers.h"

namespace gfo::storage {
namespace {

using ::gfo::testing::StatusIs;

class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "gfo-storage-XXXXXX").string();
    path_ = mkdtemp(templ.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

TEST(StorageSqlite, MigrationsApplyOnceAndRecordVersion) {
  TempDir dir;
  auto db = Db::Open(dir.File("m.db"), {});
  GFO_ASSERT_OK(db);
  std::vector<Migration> steps = {{1, "CREATE TABLE t(x INTEGER);"},
                                  {2, "INSERT INTO t VALUES (7);"}};
  auto v = ApplyMigrations(**db, steps);
  GFO_ASSERT_OK(v);
  EXPECT_EQ(*v, 2);
  v = ApplyMigrations(**db, steps);  // idempotent
  GFO_ASSERT_OK(v);
  auto stmt = (*db)->Prepare("SELECT COUNT(*) FROM t");
  GFO_ASSERT_OK(stmt);
  ASSERT_TRUE(*(*stmt)->Step());
  EXPECT_EQ((*stmt)->ColumnInt(0), 1);
}

// The database holds children's personal data: a new file, its WAL and its shared-memory file
// are readable by their owner only, even under a umask that would let everyone read them.
TEST(StorageSqlite, ANewDatabaseFileIsTheOwnersAloneWhateverTheUmask) {
  TempDir dir;
  const std::string path = dir.File("private.db");
  const mode_t old_umask = umask(022);
  {
    auto database = Database::Open({.path = path});
    GFO_ASSERT_OK(database);
    GFO_ASSERT_OK((*database)->Write(
        [](Db& db) { return audit::Append(db, gfo::v1::AuditEvent()).status(); }));
    for (const std::string suffix : {"", "-wal", "-shm"}) {
      SCOPED_TRACE(suffix);
      const auto perms = std::filesystem::status(path + suffix).permissions();
      EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
                std::filesystem::perms::none);
      EXPECT_NE(perms & std::filesystem::perms::owner_read, std::filesystem::perms::none);
    }
  }
  umask(old_umask);
}

// By default a commit's WAL frames reach the disk before Write returns (synchronous FULL), so an
// acknowledged write survives a power loss, not only a crash of the process.
TEST(StorageDatabase, TheWriterSyncsEachCommitByDefault) {
  TempDir dir;
  for (const auto& [setting, expected] :
       {std::pair<std::string, int64_t>{"", 2}, {"NORMAL", 1}, {"FULL", 2}}) {
    SCOPED_TRACE(setting);
    DatabaseOptions options{.path = dir.File(absl::StrCat("sync", setting, ".db"))};
    if (!setting.empty()) options.synchronous = setting;
    auto database = Database::Open(options);
    GFO_ASSERT_OK(database);
    // On the writer's connection (a reader's setting does not matter for durability).
    int64_t level = -1;
    GFO_ASSERT_OK((*database)->Write([&](Db& db) -> absl::Status {
      GFO_ASSIGN_OR_RETURN(Statement * stmt, db.Prepare("PRAGMA synchronous"));
      GFO_ASSIGN_OR_RETURN(level, ReadOneRow(*stmt, "synchronous", [](const Statement& row) {
                             return row.ColumnInt(0);
                           }));
      return absl::OkStatus();
    }));
    EXPECT_EQ(level, expected);
  }
}

TEST(StorageSqlite, NewerFileThanCodeRefusesToStart) {
  TempDir dir;
  auto db = Db::Open(dir.File("m.db"), {});
  GFO_ASSERT_OK(db);
  GFO_ASSERT_OK((*db)->Exec("PRAGMA user_version=99"));
  EXPECT_THAT(ApplyMigrations(**db, {{1, "SELECT 1;"}}).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "newer than this server"));
}

TEST(StorageSqlite, FailedMigrationLeavesNothingBehind) {
  TempDir dir;
  auto db = Db::Open(dir.File("m.db"), {});
  GFO_ASSERT_OK(db);
  auto v = ApplyMigrations(**db, {{1, "CREATE TABLE a(x); CREATE TABLE a(y);"}});
  EXPECT_FALSE(v.ok());
  auto stmt = (*db)->Prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'a'");
  GFO_ASSERT_OK(stmt);
  ASSERT_TRUE(*(*stmt)->Step());
  EXPECT_EQ((*stmt)->ColumnInt(0), 0);
}

TEST(StorageSqlite, TransactionRollsBackUnlessCommitted) {
  TempDir dir;
  auto db = Db::Open(dir.File("t.db"), {});
  GFO_ASSERT_OK(db);
  GFO_ASSERT_OK((*db)->Exec("CREATE TABLE t(x INTEGER)"));
  {
    auto tx = Transaction::Begin(**db, Transaction::Mode::kImmediate);
    GFO_ASSERT_OK(tx);
    GFO_ASSERT_OK((*db)->Exec("INSERT INTO t VALUES (1)"));
  }
  auto stmt = (*db)->Prepare("SELECT COUNT(*) FROM t");
  GFO_ASSERT_OK(stmt);
  ASSERT_TRUE(*(*stmt)->Step());
  EXPECT_EQ((*stmt)->ColumnInt(0), 0);
}

TEST(StorageSqlite, AnUncopiedBindingStoresTheTextAndEndsWithTheReset) {
  TempDir dir;
  auto db = Db::Open(dir.File("t.db"), {});
  GFO_ASSERT_OK(db);
  GFO_ASSERT_OK((*db)->Exec("CREATE TABLE t(x TEXT)"));
  {
    std::string text = "requests/17";
    auto insert = (*db)->Prepare("INSERT INTO t VALUES (?)");
    GFO_ASSERT_OK(insert);
    (*insert)->BindUncopied(1, text);
    GFO_ASSERT_OK((*insert)->Run());
    (*insert)->Reset();
  }
  // The next use of the statement binds anew: the old binding is gone (NULL), not dangling.
  auto insert = (*db)->Prepare("INSERT INTO t VALUES (?)");
  GFO_ASSERT_OK(insert);
  GFO_ASSERT_OK((*insert)->Run());
  auto stmt = (*db)->Prepare("SELECT quote(x) FROM t ORDER BY rowid");
  GFO_ASSERT_OK(stmt);
  ASSERT_TRUE(*(*stmt)->Step());
  EXPECT_EQ((*stmt)->ColumnText(0), "'requests/17'");
  ASSERT_TRUE(*(*stmt)->Step());
  EXPECT_EQ((*stmt)->ColumnText(0), "NULL");
}

TEST(StorageSqlite, ErrorCodesMapToCanonicalCodes) {
  TempDir dir;
  auto db = Db::Open(dir.File("e.db"), {});
  GFO_ASSERT_OK(db);
  GFO_ASSERT_OK((*db)->Exec("CREATE TABLE u(x INTEGER UNIQUE)"));
  GFO_ASSERT_OK((*db)->Exec("INSERT INTO u VALUES (1)"));
  EXPECT_THAT((*db)->Exec("INSERT INTO u VALUES (1)"),
              StatusIs(absl::StatusCode::kAlreadyExists, "already exists"));
  // A full disk: cap the file's page count.
  GFO_ASSERT_OK((*db)->Exec("CREATE TABLE big(b BLOB)"));
  auto pages = (*db)->Prepare("PRAGMA page_count");
  GFO_ASSERT_OK(pages);
  ASSERT_TRUE(*(*pages)->Step());
  const int64_t now_pages = (*pages)->ColumnInt(0);
  (*pages)->Reset();
  GFO_ASSERT_OK((*db)->Exec("PRAGMA max_page_count=" + std::to_string(now_pages + 2)));
  auto insert = (*db)->Prepare("INSERT INTO big VALUES (zeroblob(100000))");
  GFO_ASSERT_OK(insert);
  EXPECT_THAT((*insert)->Run(), StatusIs(absl::StatusCode::kResourceExhausted, "database"));
  // A read-only file.
  auto ro = Db::Open(dir.File("e.db"), {.read_only = true});
  GFO_ASSERT_OK(ro);
  EXPECT_THAT((*ro)->Exec("INSERT INTO u VALUES (2)"),
              StatusIs(absl::StatusCode::kUnavailable, "readonly"));
}

int64_t CountRows(Database& d, const std::string& sql) {
  int64_t n = -1;
  absl::Status status = d.Read([&](Db& db) -> absl::Status {
    auto s = db.Prepare(sql);
    if (!s.ok()) return s.status();
    auto row = (*s)->Step();
    if (!row.ok()) return row.status();
    n = (*s)->ColumnInt(0);
    (*s)->Reset();
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return n;
}

absl::Status Insert(Db& db, int64_t x) {
  auto s = db.Prepare("INSERT INTO t(x) VALUES (?)");
  if (!s.ok()) return s.status();
  (*s)->Bind(1, x);
  return (*s)->Run();
}

TEST(StorageDatabase, WriteCommitsOrRollsBackAndReadersSeeCommits) {
  TempDir dir;
  auto database = Database::Open({.path = dir.File("d.db")});
  GFO_ASSERT_OK(database);
  Database& d = **database;
  // Seeded municipalities are there.
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM municipalities"), 7);
  // A failing write changes nothing.
  EXPECT_FALSE(d.Write([](Db& db) -> absl::Status {
                  absl::Status s = db.Exec("DELETE FROM memberships");
                  if (!s.ok()) return s;
                  return absl::InternalError("boom");
                }).ok());
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM memberships"), 6);
  // Readers cannot write.
  EXPECT_FALSE(d.Read([](Db& db) { return db.Exec("DELETE FROM memberships"); }).ok());
}

// Three announced writes form one group (the leader waits for the announced ones); the one that
// fails, after inserting a row and then hitting a constraint, is rolled back alone. The
// AfterEachCommit hook runs once for the group, after both committed writes' own hooks.
TEST(StorageDatabase, GroupCommitRollsBackOnlyTheFailedWrite) {
  TempDir dir;
  auto database = Database::Open({.path = dir.File("g.db"), .max_group_wait = absl::Seconds(30)});
  GFO_ASSERT_OK(database);
  Database& d = **database;
  GFO_ASSERT_OK(d.Write([](Db& db) { return db.Exec("CREATE TABLE t(x INTEGER UNIQUE)"); }));
  const int64_t commits_before = d.commits();
  const int64_t writes_before = d.committed_writes();

  std::vector<std::unique_ptr<Database::WriteAnnouncement>> announced;
  for (int i = 0; i < 3; ++i) announced.push_back(std::make_unique<Database::WriteAnnouncement>(d));
  std::vector<absl::Status> results(3);
  std::vector<int> after_commit_runs(3, 0);
  std::vector<int> write_hooks_seen_by_commit_hook;
  d.AfterEachCommit([&](Db&) {
    write_hooks_seen_by_commit_hook.push_back(after_commit_runs[0] + after_commit_runs[1] +
                                              after_commit_runs[2]);
  });
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      results[i] = d.Write(
          [&, i](Db& db) -> absl::Status {
            if (i != 1) return Insert(db, 10 + i);
            // Inserts a row, then violates UNIQUE with the same value.
            absl::Status first = Insert(db, 100);
            if (!first.ok()) return first;
            return Insert(db, 100);
          },
          [&, i](Db&) { ++after_commit_runs[i]; }, announced[i].get());
    });
  }
  for (std::thread& t : threads) t.join();

  GFO_EXPECT_OK(results[0]);
  EXPECT_THAT(results[1], StatusIs(absl::StatusCode::kAlreadyExists, "already exists"));
  GFO_EXPECT_OK(results[2]);
  EXPECT_EQ(after_commit_runs, (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM t"), 2);
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM t WHERE x = 100"), 0);
  EXPECT_EQ(d.commits() - commits_before, 1);  // one transaction for the three
  EXPECT_EQ(d.committed_writes() - writes_before, 2);
  EXPECT_EQ(write_hooks_seen_by_commit_hook, std::vector<int>{2});
  // A write that fails alone commits nothing: no commit hook.
  EXPECT_FALSE(d.Write([](Db& db) { return Insert(db, 10); }).ok());
  EXPECT_EQ(write_hooks_seen_by_commit_hook.size(), 1u);
}

// Many concurrent writers, a third of them failing: every acknowledged write is stored, no
// failed one is, and the groups never hold more than they acknowledge.
TEST(StorageDatabase, ConcurrentGroupedWritesStoreExactlyTheAcknowledgedOnes) {
  TempDir dir;
  auto database = Database::Open({.path = dir.File("c.db")});
  GFO_ASSERT_OK(database);
  Database& d = **database;
  GFO_ASSERT_OK(d.Write([](Db& db) { return db.Exec("CREATE TABLE t(x INTEGER UNIQUE)"); }));
  const int64_t writes_before = d.committed_writes();
  constexpr int kThreads = 8;
  constexpr int kWrites = 60;
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        const int64_t x = t * 1000 + i;
        Database::WriteAnnouncement announcement(d);
        absl::Status status = d.Write(
            [&](Db& db) -> absl::Status {
              absl::Status inserted = Insert(db, x);
              if (!inserted.ok()) return inserted;
              if (i % 3 == 0) return absl::InternalError("refused after the insert");
              return absl::OkStatus();
            },
            [](Db&) {}, &announcement);
        if (status.ok()) acknowledged.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(acknowledged.load(), kThreads * kWrites * 2 / 3);
  EXPECT_EQ(d.committed_writes() - writes_before, acknowledged.load());
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM t"), acknowledged.load());
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM t WHERE x % 1000 % 3 = 0"), 0);
  GFO_EXPECT_OK(d.CheckIntegrity());
}

// A table watch runs after writes that changed its table, and only then.
TEST(StorageDatabase, TableWatchRunsAfterWritesToItsTable) {
  TempDir dir;
  auto database = Database::Open({.path = dir.File("w.db")});
  GFO_ASSERT_OK(database);
  Database& d = **database;
  GFO_ASSERT_OK(d.Write([](Db& db) { return db.Exec("CREATE TABLE t(x INTEGER UNIQUE)"); }));
  int runs = 0;
  d.OnTableChange("memberships", [&] { ++runs; });
  GFO_ASSERT_OK(d.Write([](Db& db) { return Insert(db, 1); }));
  EXPECT_EQ(runs, 0);
  GFO_ASSERT_OK(
      d.Write([](Db& db) { return db.Exec("UPDATE memberships SET end_day = end_day"); }));
  EXPECT_EQ(runs, 1);
  // A rolled-back change runs it too (a cache may only be dropped too often, never too rarely).
  EXPECT_FALSE(d.Write([](Db& db) -> absl::Status {
                  absl::Status s = db.Exec("DELETE FROM memberships WHERE id > 0");
                  if (!s.ok()) return s;
                  return absl::InternalError("boom");
                }).ok());
  EXPECT_EQ(runs, 2);
}

// Checkpoints run on their own thread once the WAL holds checkpoint_pages pages; under steady
// writes the writer copies the rest at eight times that, so the WAL keeps restarting from its
// beginning and stays small, and every committed row is in the file.
TEST(StorageDatabase, CheckpointsRunInTheBackgroundAndTheWalStaysBounded) {
  TempDir dir;
  constexpr int kPages = 16;
  auto database = Database::Open({.path = dir.File("c.db"), .checkpoint_pages = kPages});
  GFO_ASSERT_OK(database);
  Database& d = **database;
  GFO_ASSERT_OK(
      d.Write([](Db& db) { return db.Exec("CREATE TABLE t(x INTEGER PRIMARY KEY, pad BLOB)"); }));
  constexpr int kRows = 2000;
  std::uintmax_t largest_wal = 0;
  for (int i = 0; i < kRows; ++i) {
    GFO_ASSERT_OK(d.Write([i](Db& db) {
      return db.Exec(absl::StrCat("INSERT INTO t VALUES (", i, ", randomblob(3000))"));
    }));
    largest_wal = std::max(largest_wal, std::filesystem::file_size(dir.File("c.db-wal")));
  }
  EXPECT_GT(d.background_checkpoints(), 0);
  // Without restarts the WAL would hold every row (more than 2,000 frames of 4 KiB). With them it
  // holds at most the writer's threshold of 8 * kPages frames, plus the frames of the commit
  // that crosses it.
  constexpr std::uintmax_t kFrameBytes = 4096 + 24;
  EXPECT_LE(largest_wal, (8 * kPages + 16) * kFrameBytes) << largest_wal / kFrameBytes;
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM t"), kRows);
  GFO_EXPECT_OK(d.CheckIntegrity());
}

TEST(StorageDatabase, BackupIsAConsistentCopy) {
  TempDir dir;
  auto database = Database::Open({.path = dir.File("b.db")});
  GFO_ASSERT_OK(database);
  auto bytes = (*database)->Backup(dir.File("copy.db"));
  GFO_ASSERT_OK(bytes);
  EXPECT_GT(*bytes, 0);
  auto copy = Database::Open({.path = dir.File("copy.db")});
  GFO_ASSERT_OK(copy);
  GFO_EXPECT_OK((*copy)->CheckIntegrity());
}

gfo::v1::AuditEvent Event(const std::string& method) {
  gfo::v1::AuditEvent e;
  e.mutable_time()->set_seconds(1795424400);
  e.set_account("accounts/2");
  e.set_role(gfo::v1::ROLE_GFO_STAFF);
  e.set_method(method);
  e.add_resources("homes/1");
  e.set_client_address("ipv4:127.0.0.1:5000");
  return e;
}

// A file written by the first schema version keeps its audit trail across migration 2 (the
// resource index rebuilt as one WITHOUT ROWID table) and migration 3 (the account index becomes
// the table audit_accounts, both filled behind the trail from then on): same rows, chain intact,
// every old event counted as indexed, and the "who touched homes/1" query answers from them.
TEST(StorageAudit, MigrationsTwoAndThreeKeepEveryLookupRowOfAVersionOneFile) {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  {
    auto db = Db::Open(path, {});
    GFO_ASSERT_OK(db);
    const std::vector<Migration> v1_only = {SchemaMigrations().front()};
    auto version = ApplyMigrations(**db, v1_only);
    GFO_ASSERT_OK(version);
    ASSERT_EQ(*version, 1);
    for (int i = 0; i < 3; ++i) {
      gfo::v1::AuditEvent e = Event("gfo.v1.HomeService/GetHome");
      e.add_resources(absl::StrCat("requests/", i));
      auto appended = audit::Append(**db, e);
      GFO_ASSERT_OK(appended);
      // Version 1 wrote the resource rows with the event.
      for (const std::string& r : appended->resources()) {
        GFO_ASSERT_OK(
            (*db)->Exec(absl::StrCat("INSERT INTO audit_resources(sequence, resource) VALUES (",
                                     appended->sequence(), ", '", r, "')")));
      }
    }
  }
  auto database = Database::Open({.path = path});
  GFO_ASSERT_OK(database);
  Database& d = **database;
  EXPECT_EQ(CountRows(d, "PRAGMA user_version"), static_cast<int64_t>(SchemaMigrations().size()));
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM audit_resources"), 6);
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM audit_resources WHERE resource = 'homes/1'"), 3);
  EXPECT_EQ(CountRows(d,
                      "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'audit_resources' AND sql "
                      "LIKE '%WITHOUT ROWID%'"),
            1);
  absl::StatusOr<gfo::v1::VerifyAuditChainResponse> verified;
  GFO_ASSERT_OK(d.Read([&](Db& db) {
    verified = audit::Verify(db);
    return verified.status();
  }));
  EXPECT_TRUE(verified->ok()) << verified->detail();
  EXPECT_EQ(verified->events_checked(), 3);
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM audit_accounts WHERE account = 'accounts/2'"), 3);
  EXPECT_EQ(CountRows(d, "SELECT indexed_through FROM audit_index_state"), 3);
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'audit_by_account'"), 0);
  // New events are indexed behind the trail.
  GFO_ASSERT_OK(d.Write(
      [](Db& db) { return audit::Append(db, Event("gfo.v1.HomeService/GetHome")).status(); }));
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM audit_resources WHERE resource = 'homes/1'"), 3);
  GFO_ASSERT_OK(d.Write([](Db& db) { return audit::IndexPending(db, 100).status(); }));
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM audit_resources WHERE resource = 'homes/1'"), 4);
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM audit_accounts WHERE account = 'accounts/2'"), 4);
  EXPECT_EQ(CountRows(d, "SELECT indexed_through FROM audit_index_state"), 4);
}

TEST(StorageAudit, ChainVerifiesAndAnEditedRowIsNamed) {
  TempDir dir;
  const std::string path = dir.File("a.db");
  {
    auto database = Database::Open({.path = path});
    GFO_ASSERT_OK(database);
    for (int i = 0; i < 5; ++i) {
      GFO_ASSERT_OK((*database)->Write(
          [&](Db& db) { return audit::Append(db, Event("gfo.v1.HomeService/GetHome")).status(); }));
    }
    absl::StatusOr<gfo::v1::VerifyAuditChainResponse> verified;
    GFO_ASSERT_OK((*database)->Read([&](Db& db) {
      verified = audit::Verify(db);
      return verified.status();
    }));
    EXPECT_TRUE(verified->ok());
    EXPECT_EQ(verified->events_checked(), 5);
    // The table refuses edits through SQL.
    EXPECT_FALSE((*database)
                     ->Write([](Db& db) {
                       return db.Exec("UPDATE audit_events SET method = 'x' WHERE sequence = 3");
                     })
                     .ok());
    EXPECT_FALSE(
        (*database)
            ->Write([](Db& db) { return db.Exec("DELETE FROM audit_events WHERE sequence = 5"); })
            .ok());
  }
  // Someone with the file drops the trigger and edits one byte of event 3.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "DROP TRIGGER audit_no_update; UPDATE audit_events SET method = "
                         "'gfo.v1.HomeService/GetHomf' WHERE sequence = 3;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto database = Database::Open({.path = path});
  GFO_ASSERT_OK(database);
  absl::StatusOr<gfo::v1::VerifyAuditChainResponse> verified;
  GFO_ASSERT_OK((*database)->Read([&](Db& db) {
    verified = audit::Verify(db);
    return verified.status();
  }));
  EXPECT_FALSE(verified->ok());
  EXPECT_EQ(verified->first_broken_sequence(), 3);
  EXPECT_EQ(verified->events_checked(), 2);
}

// Filters on a resource or an account find indexed events through the lookup tables and later
// ones through their rows: whatever part is indexed, every scan and count returns the same
// events in sequence order, limits and stops included.
TEST(StorageAudit, ScansAndCountsAreExactWhateverPartIsIndexed) {
  TempDir dir;
  auto database = Database::Open({.path = dir.File("i.db")});
  GFO_ASSERT_OK(database);
  Database& d = **database;
  constexpr int kEvents = 30;
  for (int i = 1; i <= kEvents; ++i) {
    gfo::v1::AuditEvent e = Event("gfo.v1.HomeService/GetHome");
    e.clear_resources();
    e.add_resources(absl::StrCat("homes/", i % 3));
    if (i % 5 == 0) e.add_resources("requests/1");
    // A name that contains another as a prefix must not match it.
    if (i % 7 == 0) e.add_resources("homes/10");
    e.set_account(absl::StrCat("accounts/", i % 2));
    GFO_ASSERT_OK(d.Write([&](Db& db) { return audit::Append(db, e).status(); }));
  }
  struct Query {
    std::string resource;
    std::string account;
  };
  const std::vector<Query> queries = {
      {"homes/1", ""},           {"requests/1", ""},           {"homes/10", ""}, {"", "accounts/1"},
      {"homes/2", "accounts/0"}, {"requests/1", "accounts/1"}, {"homes/9", ""}};
  // The expected sequences, from the rows alone.
  auto expected = [&](const Query& q) {
    std::vector<int64_t> out;
    for (int i = 1; i <= kEvents; ++i) {
      std::vector<std::string> names = {absl::StrCat("homes/", i % 3)};
      if (i % 5 == 0) names.push_back("requests/1");
      if (i % 7 == 0) names.push_back("homes/10");
      const bool resource_ok =
          q.resource.empty() || std::find(names.begin(), names.end(), q.resource) != names.end();
      const bool account_ok = q.account.empty() || q.account == absl::StrCat("accounts/", i % 2);
      if (resource_ok && account_ok) out.push_back(i);
    }
    return out;
  };
  int64_t indexed = 0;
  for (int64_t step : {0, 7, 11, 100}) {
    if (step > 0) {
      GFO_ASSERT_OK(d.Write([&](Db& db) -> absl::Status {
        auto n = audit::IndexPending(db, step);
        if (!n.ok()) return n.status();
        indexed += *n;
        return absl::OkStatus();
      }));
    }
    for (const Query& q : queries) {
      SCOPED_TRACE(
          absl::StrCat("indexed ", indexed, ", resource ", q.resource, ", account ", q.account));
      gfo::v1::AuditFilter filter;
      filter.set_resource(q.resource);
      filter.set_account(q.account);
      const std::vector<int64_t> want = expected(q);
      GFO_ASSERT_OK(d.Read([&](Db& db) -> absl::Status {
        std::vector<int64_t> all;
        GFO_RETURN_IF_ERROR(audit::Scan(db, filter, {}, 0, [&](const gfo::v1::AuditEvent& e) {
          all.push_back(e.sequence());
          return true;
        }));
        EXPECT_EQ(all, want);
        // Pages of 3, each starting after the last sequence of the one before.
        std::vector<int64_t> paged;
        audit::SequenceRange range;
        while (true) {
          int64_t last = 0;
          int64_t got = 0;
          GFO_RETURN_IF_ERROR(audit::Scan(db, filter, range, 3, [&](const gfo::v1::AuditEvent& e) {
            paged.push_back(e.sequence());
            last = e.sequence();
            ++got;
            return true;
          }));
          if (got < 3) break;
          range.after = last;
        }
        EXPECT_EQ(paged, want);
        // A stop after the first event.
        std::vector<int64_t> first;
        GFO_RETURN_IF_ERROR(audit::Scan(db, filter, {}, 0, [&](const gfo::v1::AuditEvent& e) {
          first.push_back(e.sequence());
          return false;
        }));
        EXPECT_EQ(first.size(), want.empty() ? 0u : 1u);
        auto count = audit::Count(db, filter, {});
        GFO_RETURN_IF_ERROR(count.status());
        EXPECT_EQ(*count, static_cast<int64_t>(want.size()));
        return absl::OkStatus();
      }));
    }
  }
  EXPECT_EQ(indexed, kEvents);
  EXPECT_EQ(CountRows(d, "SELECT indexed_through FROM audit_index_state"), kEvents);
}

// The indexer's thread keeps the lookup tables close behind the trail.
TEST(StorageAudit, TheIndexerCatchesUpInTheBackground) {
  TempDir dir;
  auto database = Database::Open({.path = dir.File("b.db")});
  GFO_ASSERT_OK(database);
  Database& d = **database;
  AuditIndexer indexer(
      d, absl::Milliseconds(5),
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>()));
  indexer.Start();
  for (int i = 0; i < 50; ++i) {
    GFO_ASSERT_OK(d.Write(
        [](Db& db) { return audit::Append(db, Event("gfo.v1.HomeService/GetHome")).status(); }));
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (indexer.indexed() < 50 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(indexer.indexed(), 50);
  indexer.Stop();
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM audit_resources WHERE resource = 'homes/1'"), 50);
  EXPECT_EQ(CountRows(d, "SELECT COUNT(*) FROM audit_accounts WHERE account = 'accounts/2'"), 50);
}

}  // namespace
}  // namespace gfo::storage
