#include "tests/support/db_queries.h"

#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "service/storage/database.h"
#include "service/storage/sqlite.h"

namespace gfo::testing {

int64_t QueryInt(TestServer& server, const std::string& sql) {
  int64_t value = -1;
  absl::Status s = server.server().database().Read([&](storage::Db& db) -> absl::Status {
    auto stmt = db.Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    value = *row ? (*stmt)->ColumnInt(0) : -1;
    (*stmt)->Reset();
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s << "\n" << sql;
  return value;
}

std::string EventNames(const std::string& resource_sql) {
  return "instr(char(10) || e.resources || char(10), char(10) || (" + resource_sql +
         ") || char(10)) > 0";
}

}  // namespace gfo::testing
