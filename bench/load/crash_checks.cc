#include "bench/load/crash_checks.h"

#include "absl/strings/str_cat.h"
#include "service/audit_log.h"
#include "service/capacity_sql.h"
#include "service/storage/sqlite.h"

namespace gfo::load {
namespace {

absl::StatusOr<int64_t> CountRows(storage::Db& db, const char* table) {
  auto stmt = db.Prepare(absl::StrCat("SELECT COUNT(*) FROM ", table));
  if (!stmt.ok()) return stmt.status();
  auto row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  const int64_t n = (*stmt)->ColumnInt(0);
  (*stmt)->Reset();
  return n;
}

}  // namespace

absl::StatusOr<DbCheckReport> CheckDatabase(const std::string& path, absl::Time now) {
  storage::DbOptions options;
  options.create = false;
  auto opened = storage::Db::Open(path, options);
  if (!opened.ok()) return opened.status();
  storage::Db& db = **opened;
  DbCheckReport report;

  // 1. SQLite's own view of the file.
  {
    auto stmt = db.Prepare("PRAGMA integrity_check");
    if (!stmt.ok()) return stmt.status();
    while (true) {
      auto row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      const std::string line = (*stmt)->ColumnText(0);
      if (line != "ok") report.problems.push_back("integrity_check: " + line);
    }
    (*stmt)->Reset();
    auto fk = db.Prepare("PRAGMA foreign_key_check");
    if (!fk.ok()) return fk.status();
    auto row = (*fk)->Step();
    if (!row.ok()) return row.status();
    if (*row)
      report.problems.push_back("foreign_key_check: " + (*fk)->ColumnText(0) +
                                " has a dangling reference");
    (*fk)->Reset();
  }

  // 2. Capacity: active placements + live holds never exceed a home's capacity.
  {
    auto stmt = db.Prepare(
        "SELECT h.id, h.capacity, "
        "  (SELECT COALESCE(SUM(p.children), 0) FROM placements p "
        "     WHERE p.home_id = h.id AND p.state = 1 AND " GFO_PLACEMENT_USES_CAPACITY("p")
        ") AS active, "
        "  (SELECT COALESCE(SUM(q.children), 0) FROM proposals q "
        "     WHERE q.home_id = h.id AND q.state = 1 AND q.expire_time > ? AND "
        GFO_HOLD_USES_CAPACITY("q") ") AS held "
        "FROM homes h WHERE active + held > h.capacity");
    if (!stmt.ok()) return stmt.status();
    (*stmt)->Bind(1, absl::ToUnixMicros(now));
    while (true) {
      auto row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      report.problems.push_back(absl::StrCat(
          "capacity: homes/", (*stmt)->ColumnInt(0), " has capacity ", (*stmt)->ColumnInt(1),
          " but ", (*stmt)->ColumnInt(2), " active and ", (*stmt)->ColumnInt(3), " held"));
    }
    (*stmt)->Reset();
  }

  // 3. The audit chain, with the same code gfo audit verify runs on the server.
  {
    auto tx = storage::Transaction::Begin(db, storage::Transaction::Mode::kDeferred);
    if (!tx.ok()) return tx.status();
    auto verified = audit::Verify(db);
    if (!verified.ok()) return verified.status();
    if (!verified->ok()) {
      report.problems.push_back(absl::StrCat("audit chain: broken at sequence ",
                                             verified->first_broken_sequence(), ": ",
                                             verified->detail()));
    }
    report.audit_events = verified->events_checked();
    absl::Status end = tx->Commit();
    if (!end.ok()) return end;
  }

  // 4. The audit lookup tables (filled behind the trail, audit::IndexPending): audit::Verify
  // above checked them against the events through indexed_through; a clean stop has moved that
  // to the last event.
  {
    auto index = audit::CheckIndex(db);
    if (!index.ok()) return index.status();
    if (index->indexed_through != index->last_sequence) {
      report.problems.push_back(
          absl::StrCat("audit index: indexed through ", index->indexed_through,
                       " after a clean stop, the trail ends at ", index->last_sequence));
    }
  }

  for (auto [table, into] :
       {std::pair{"homes", &report.homes}, std::pair{"proposals", &report.proposals},
        std::pair{"placements", &report.placements}}) {
    auto n = CountRows(db, table);
    if (!n.ok()) return n.status();
    *into = *n;
  }
  return report;
}

}  // namespace gfo::load
