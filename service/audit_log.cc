#include "service/audit_log.h"

#include <google/protobuf/util/time_util.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "service/crypto.h"

namespace gfo::audit {
namespace {

using google::protobuf::util::TimeUtil;

void Field(std::string& out, std::string_view value) {
  absl::StrAppend(&out, value.size(), ":", absl::string_view(value.data(), value.size()), ";");
}

int64_t Micros(const google::protobuf::Timestamp& t) {
  return TimeUtil::TimestampToMicroseconds(t);
}

// Columns in the order ReadEvent expects.
constexpr std::string_view kColumns =
    "sequence, time, account, role, municipality_code, method, resources, status_code, "
    "client_address, reason, prev_hash, hash";

gfo::v1::AuditEvent ReadEvent(const storage::Statement& s) {
  gfo::v1::AuditEvent e;
  e.set_sequence(s.ColumnInt(0));
  *e.mutable_time() = TimeUtil::MicrosecondsToTimestamp(s.ColumnInt(1));
  e.set_account(s.ColumnText(2));
  e.set_role(static_cast<gfo::v1::Role>(s.ColumnInt(3)));
  e.set_municipality_code(static_cast<int32_t>(s.ColumnInt(4)));
  e.set_method(s.ColumnText(5));
  const std::string resources = s.ColumnText(6);
  if (!resources.empty()) {
    for (absl::string_view r : absl::StrSplit(resources, '\n')) e.add_resources(std::string(r));
  }
  e.set_status_code(static_cast<int32_t>(s.ColumnInt(7)));
  e.set_client_address(s.ColumnText(8));
  e.set_reason(s.ColumnText(9));
  e.set_prev_hash(s.ColumnText(10));
  e.set_hash(s.ColumnText(11));
  return e;
}

// Builds the WHERE clause for `filter`; binds start at index 1 in the order returned.
struct Where {
  std::string sql;
  std::vector<std::pair<bool, std::string>> args;  // (is_int, value)
};

Where BuildWhere(const gfo::v1::AuditFilter& f, int64_t after_sequence) {
  Where w;
  std::vector<std::string> clauses;
  clauses.push_back("e.sequence > ?");
  w.args.push_back({true, absl::StrCat(after_sequence)});
  if (f.has_start_time()) {
    clauses.push_back("e.time >= ?");
    w.args.push_back({true, absl::StrCat(Micros(f.start_time()))});
  }
  if (f.has_end_time()) {
    clauses.push_back("e.time < ?");
    w.args.push_back({true, absl::StrCat(Micros(f.end_time()))});
  }
  if (!f.account().empty()) {
    clauses.push_back("e.account = ?");
    w.args.push_back({false, f.account()});
  }
  if (f.has_municipality_code()) {
    clauses.push_back("e.municipality_code = ?");
    w.args.push_back({true, absl::StrCat(f.municipality_code())});
  }
  if (!f.method().empty()) {
    clauses.push_back("(e.method = ? OR e.method LIKE ? ESCAPE '\\')");
    w.args.push_back({false, f.method()});
    std::string escaped;
    for (char c : f.method()) {
      if (c == '%' || c == '_' || c == '\\') escaped.push_back('\\');
      escaped.push_back(c);
    }
    w.args.push_back({false, absl::StrCat("%/", escaped)});
  }
  if (!f.resource().empty()) {
    clauses.push_back("e.sequence IN (SELECT sequence FROM audit_resources WHERE resource = ?)");
    w.args.push_back({false, f.resource()});
  }
  switch (f.outcome()) {
    case gfo::v1::AUDIT_OUTCOME_OK:
      clauses.push_back("e.status_code = 0");
      break;
    case gfo::v1::AUDIT_OUTCOME_DENIED:
      clauses.push_back("e.status_code IN (7, 16)");
      break;
    case gfo::v1::AUDIT_OUTCOME_FAILED:
      clauses.push_back("e.status_code NOT IN (0, 7, 16)");
      break;
    default:
      break;
  }
  w.sql = absl::StrJoin(clauses, " AND ");
  return w;
}

void BindWhere(storage::Statement& s, const Where& w) {
  int i = 1;
  for (const auto& [is_int, value] : w.args) {
    if (is_int) {
      s.Bind(i++, static_cast<int64_t>(std::stoll(value)));
    } else {
      s.Bind(i++, std::string_view(value));
    }
  }
}

}  // namespace

std::string EventHash(const gfo::v1::AuditEvent& e) {
  std::string canonical;
  Field(canonical, "gfo-audit-v1");
  Field(canonical, absl::StrCat(e.sequence()));
  Field(canonical, absl::StrCat(Micros(e.time())));
  Field(canonical, e.account());
  Field(canonical, absl::StrCat(static_cast<int>(e.role())));
  Field(canonical, absl::StrCat(e.municipality_code()));
  Field(canonical, e.method());
  Field(canonical, absl::StrCat(e.resources_size()));
  for (const std::string& r : e.resources()) Field(canonical, r);
  Field(canonical, absl::StrCat(e.status_code()));
  Field(canonical, e.client_address());
  Field(canonical, e.reason());
  Field(canonical, e.prev_hash());
  return crypto::Sha256Hex(canonical);
}

absl::StatusOr<gfo::v1::AuditEvent> Append(storage::Db& db, gfo::v1::AuditEvent event) {
  auto last = db.Prepare("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1");
  if (!last.ok()) return last.status();
  auto row = (*last)->Step();
  if (!row.ok()) return row.status();
  int64_t sequence = 1;
  std::string prev_hash(64, '0');
  if (*row) {
    sequence = (*last)->ColumnInt(0) + 1;
    prev_hash = (*last)->ColumnText(1);
  }
  (*last)->Reset();
  event.set_sequence(sequence);
  event.set_prev_hash(prev_hash);
  event.set_hash(EventHash(event));

  auto insert = db.Prepare(
      "INSERT INTO audit_events(sequence, time, account, role, municipality_code, method, "
      "resources, status_code, client_address, reason, prev_hash, hash) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert.ok()) return insert.status();
  (*insert)
      ->Bind(1, sequence)
      .Bind(2, Micros(event.time()))
      .Bind(3, std::string_view(event.account()))
      .Bind(4, static_cast<int64_t>(event.role()))
      .Bind(5, static_cast<int64_t>(event.municipality_code()))
      .Bind(6, std::string_view(event.method()))
      .Bind(7, std::string_view(absl::StrJoin(event.resources(), "\n")))
      .Bind(8, static_cast<int64_t>(event.status_code()))
      .Bind(9, std::string_view(event.client_address()))
      .Bind(10, std::string_view(event.reason()))
      .Bind(11, std::string_view(event.prev_hash()))
      .Bind(12, std::string_view(event.hash()));
  absl::Status status = (*insert)->Run();
  if (!status.ok()) return status;
  if (event.resources_size() > 0) {
    auto res = db.Prepare("INSERT INTO audit_resources(sequence, resource) VALUES (?, ?)");
    if (!res.ok()) return res.status();
    for (const std::string& r : event.resources()) {
      (*res)->Reset();
      (*res)->Bind(1, sequence).Bind(2, std::string_view(r));
      status = (*res)->Run();
      if (!status.ok()) return status;
    }
  }
  return event;
}

absl::Status Scan(storage::Db& db, const gfo::v1::AuditFilter& filter, int64_t after_sequence,
                  int64_t limit, absl::FunctionRef<bool(const gfo::v1::AuditEvent&)> fn) {
  const Where where = BuildWhere(filter, after_sequence);
  std::string sql = absl::StrCat("SELECT ", std::string(kColumns), " FROM audit_events e WHERE ",
                                 where.sql, " ORDER BY e.sequence LIMIT ?");
  auto stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  BindWhere(**stmt, where);
  (*stmt)->Bind(static_cast<int>(where.args.size()) + 1, limit > 0 ? limit : int64_t{-1});
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (!fn(ReadEvent(**stmt))) break;
  }
  (*stmt)->Reset();
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Count(storage::Db& db, const gfo::v1::AuditFilter& filter) {
  const Where where = BuildWhere(filter, 0);
  auto stmt = db.Prepare(absl::StrCat("SELECT COUNT(*) FROM audit_events e WHERE ", where.sql));
  if (!stmt.ok()) return stmt.status();
  BindWhere(**stmt, where);
  auto row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  const int64_t count = (*stmt)->ColumnInt(0);
  (*stmt)->Reset();
  return count;
}

absl::StatusOr<gfo::v1::VerifyAuditChainResponse> Verify(storage::Db& db) {
  gfo::v1::VerifyAuditChainResponse out;
  out.set_ok(true);
  auto stmt = db.Prepare(
      absl::StrCat("SELECT ", std::string(kColumns), " FROM audit_events e ORDER BY sequence"));
  if (!stmt.ok()) return stmt.status();
  std::string expected_prev(64, '0');
  int64_t expected_sequence = 1;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const gfo::v1::AuditEvent e = ReadEvent(**stmt);
    std::string problem;
    if (e.sequence() != expected_sequence) {
      problem = absl::StrCat("sequence ", e.sequence(), ": expected ", expected_sequence,
                             " (an event is missing)");
    } else if (e.prev_hash() != expected_prev) {
      problem = absl::StrCat("sequence ", e.sequence(),
                             ": prev_hash does not match the previous event's hash");
    } else if (EventHash(e) != e.hash()) {
      problem = absl::StrCat("sequence ", e.sequence(), ": content does not match its hash");
    }
    if (!problem.empty()) {
      out.set_ok(false);
      out.set_first_broken_sequence(e.sequence());
      out.set_detail(problem);
      break;
    }
    out.set_events_checked(out.events_checked() + 1);
    expected_prev = e.hash();
    ++expected_sequence;
  }
  (*stmt)->Reset();
  out.set_head_hash(expected_prev);
  return out;
}

}  // namespace gfo::audit
