#include "bench/load/crash_checks.h"

#include "absl/strings/str_cat.h"
#include "service/audit_log.h"
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
        "     WHERE p.home_id = h.id AND p.state = 1) AS active, "
        "  (SELECT COALESCE(SUM(q.children), 0) FROM proposals q "
        "     WHERE q.home_id = h.id AND q.state = 1 AND q.expire_time > ?) AS held "
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

  // 4. The audit lookup tables (filled behind the trail, audit::IndexPending): exactly the rows
  // of the events up to indexed_through, which a clean stop has moved to the last event.
  {
    auto stmt = db.Prepare(
        "WITH s(t) AS (SELECT indexed_through FROM audit_index_state WHERE id = 1) SELECT "
        " (SELECT t FROM s), (SELECT COALESCE(MAX(sequence), 0) FROM audit_events),"
        " (SELECT COUNT(*) FROM audit_events, s WHERE sequence <= t AND account <> ''),"
        " (SELECT COUNT(*) FROM audit_accounts a JOIN audit_events e ON e.sequence = a.sequence"
        "    AND e.account = a.account, s WHERE a.sequence <= t),"
        " (SELECT COUNT(*) FROM audit_accounts),"
        " (SELECT COALESCE(SUM(CASE WHEN resources = '' THEN 0 ELSE length(resources) -"
        "    length(replace(resources, char(10), '')) + 1 END), 0) FROM audit_events, s"
        "    WHERE sequence <= t),"
        " (SELECT COUNT(*) FROM audit_resources r JOIN audit_events e ON e.sequence = r.sequence,"
        "    s WHERE r.sequence <= t AND"
        "    instr(char(10) || e.resources || char(10), char(10) || r.resource || char(10)) > 0),"
        " (SELECT COUNT(*) FROM audit_resources)");
    if (!stmt.ok()) return stmt.status();
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    int64_t v[8] = {};
    for (int i = 0; i < 8; ++i) v[i] = *row ? (*stmt)->ColumnInt(i) : -1;
    (*stmt)->Reset();
    const auto [through, last, want_accounts, good_accounts, all_accounts, want_resources,
                good_resources, all_resources] = v;
    if (through != last) {
      report.problems.push_back(absl::StrCat("audit index: indexed through ", through,
                                             " after a clean stop, the trail ends at ", last));
    }
    if (want_accounts != good_accounts || good_accounts != all_accounts) {
      report.problems.push_back(
          absl::StrCat("audit index: ", want_accounts, " events with an account, ", good_accounts,
                       " matching audit_accounts rows, ", all_accounts, " rows in all"));
    }
    if (want_resources != good_resources || good_resources != all_resources) {
      report.problems.push_back(absl::StrCat(
          "audit index: ", want_resources, " resource names on events, ", good_resources,
          " matching audit_resources rows, ", all_resources, " rows in all"));
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
