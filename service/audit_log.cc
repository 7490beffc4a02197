#include "service/audit_log.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <limits>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "service/crypto.h"
#include "service/display_controls.h"
#include "service/status_macros.h"
#include "service/storage/rows.h"

namespace gfo::audit {
namespace {

using google::protobuf::util::TimeUtil;

void Field(std::string& out, std::string_view value) {
  absl::StrAppend(&out, value.size(), ":", absl::string_view(value.data(), value.size()), ";");
}

// One valid UTF-8 sequence at the start of `s`: its length, or 0 when `s` starts with an
// invalid byte (overlong forms, surrogates and values above U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// The code point of the valid UTF-8 sequence `piece` (Utf8SequenceLength's length).
uint32_t CodePointOf(std::string_view piece) {
  const auto b = [&](size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(piece[i]));
  };
  switch (piece.size()) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

}  // namespace

std::string StorableText(std::string_view text, size_t max_bytes) {
  std::string out;
  while (!text.empty()) {
    size_t n = Utf8SequenceLength(text);
    std::string_view piece = text.substr(0, n == 0 ? 1 : n);
    const bool control = n != 0 && IsDisplayControl(CodePointOf(piece));
    const std::string_view replacement = (n == 0 || control) ? std::string_view("?") : piece;
    if (out.size() + replacement.size() > max_bytes) break;
    out.append(replacement);
    text.remove_prefix(piece.size());
  }
  return out;
}

namespace {

// True when StorableText(text, max_bytes) is `text` itself: printable ASCII within the limit (as
// the service's own method names, resource names, account names and addresses are).
bool IsStorable(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) return false;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7f) return false;
  }
  return true;
}

void MakeStorable(std::string& text, size_t max_bytes) {
  if (!IsStorable(text, max_bytes)) text = StorableText(text, max_bytes);
}

// True when MakeStorable keeps `resources` as they are: each storable, none empty, none twice.
bool ResourcesStorable(const google::protobuf::RepeatedPtrField<std::string>& resources) {
  for (int i = 0; i < resources.size(); ++i) {
    const std::string& r = resources[i];
    if (r.empty() || !IsStorable(r, 256)) return false;
    for (int j = 0; j < i; ++j) {
      if (resources[j] == r) return false;
    }
  }
  return true;
}

// Makes `event`'s free-text fields storable (see StorableText) so that what is hashed is exactly
// what is read back; resource names that end up empty or repeated are dropped.
void MakeStorable(gfo::v1::AuditEvent& event) {
  MakeStorable(*event.mutable_reason(), 256);
  MakeStorable(*event.mutable_client_address(), 256);
  MakeStorable(*event.mutable_account(), 256);
  MakeStorable(*event.mutable_method(), 256);
  if (ResourcesStorable(event.resources())) return;
  google::protobuf::RepeatedPtrField<std::string> resources;
  for (const std::string& r : event.resources()) {
    std::string clean = StorableText(r, 256);
    if (clean.empty() || std::find(resources.begin(), resources.end(), clean) != resources.end()) {
      continue;
    }
    resources.Add(std::move(clean));
  }
  event.mutable_resources()->Swap(&resources);
}

int64_t Micros(const google::protobuf::Timestamp& t) {
  return TimeUtil::TimestampToMicroseconds(t);
}

// Columns in the order ReadEvent expects.
constexpr std::string_view kColumns =
    "e.sequence, e.time, e.account, e.role, e.municipality_code, e.method, e.resources, "
    "e.status_code, e.client_address, e.reason, e.prev_hash, e.hash";

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

// The FROM and WHERE of a query for `filter` within `range`; binds start at index 1 in the
// order of `args`. Scans run in sequence order: by the primary key, or, for indexed events with
// a resource or an account, from audit_resources (keyed resource, sequence) or audit_accounts
// (keyed account, sequence) joined to the events. With `indexed` false (events after
// audit_index_state.indexed_through, which the lookup tables do not hold yet) the resource and
// the account are matched on the event rows. The time bounds are unary-plus residual checks so
// that they never pick audit_by_time, whose rows would have to be sorted by sequence on every
// chunk; RangeOf has already narrowed `range` to the time window.
struct Where {
  std::string from;
  std::string sql;
  std::string order;                               // the sequence column to order by
  std::vector<std::pair<bool, std::string>> args;  // (is_int, value)
};

Where BuildWhere(const gfo::v1::AuditFilter& f, const SequenceRange& range, bool indexed) {
  Where w;
  std::vector<std::string> clauses;
  std::string sequence = "e.sequence";
  bool account_done = false;
  if (!f.resource().empty() && indexed) {
    // CROSS JOIN keeps the lookup table as the outer loop, so its key gives the order.
    w.from = "audit_resources r CROSS JOIN audit_events e ON e.sequence = r.sequence";
    sequence = "r.sequence";
    clauses.push_back("r.resource = ?");
    w.args.push_back({false, f.resource()});
  } else if (!f.account().empty() && indexed) {
    w.from = "audit_accounts a CROSS JOIN audit_events e ON e.sequence = a.sequence";
    sequence = "a.sequence";
    clauses.push_back("a.account = ?");
    w.args.push_back({false, f.account()});
    account_done = true;
  } else {
    w.from = "audit_events e";
    if (!f.resource().empty()) {
      // The row keeps its resource names one per line (Append).
      clauses.push_back(
          "instr(char(10) || e.resources || char(10), char(10) || ? || char(10)) > 0");
      w.args.push_back({false, f.resource()});
    }
  }
  w.order = sequence;
  clauses.push_back(absl::StrCat(sequence, " > ?"));
  w.args.push_back({true, absl::StrCat(range.after)});
  clauses.push_back(absl::StrCat(sequence, " <= ?"));
  w.args.push_back({true, absl::StrCat(range.through)});
  if (f.has_start_time()) {
    clauses.push_back("+e.time >= ?");
    w.args.push_back({true, absl::StrCat(Micros(f.start_time()))});
  }
  if (f.has_end_time()) {
    clauses.push_back("+e.time < ?");
    w.args.push_back({true, absl::StrCat(Micros(f.end_time()))});
  }
  if (!f.account().empty() && !account_done) {
    clauses.push_back("e.account = ?");
    w.args.push_back({false, f.account()});
  }
  if (f.has_municipality_code()) {
    clauses.push_back("e.municipality_code = ?");
    w.args.push_back({true, absl::StrCat(f.municipality_code())});
  }
  if (!f.method().empty()) {
    // Exact, or the part after the '/' ("GetRequest"); case-sensitive, unlike LIKE.
    clauses.push_back("(e.method = ? OR substr(e.method, -length(?)) = ?)");
    const std::string suffix = absl::StrCat("/", f.method());
    w.args.push_back({false, f.method()});
    w.args.push_back({false, suffix});
    w.args.push_back({false, suffix});
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
  MakeStorable(event);
  event.set_sequence(sequence);
  event.set_prev_hash(prev_hash);
  event.set_hash(EventHash(event));

  auto insert = db.Prepare(
      "INSERT INTO audit_events(sequence, time, account, role, municipality_code, method, "
      "resources, status_code, client_address, reason, prev_hash, hash) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert.ok()) return insert.status();
  // The texts stay in `event` and `resources` until the insert is reset below.
  const std::string resources = absl::StrJoin(event.resources(), "\n");
  (*insert)
      ->Bind(1, sequence)
      .Bind(2, Micros(event.time()))
      .BindUncopied(3, event.account())
      .Bind(4, static_cast<int64_t>(event.role()))
      .Bind(5, static_cast<int64_t>(event.municipality_code()))
      .BindUncopied(6, event.method())
      .BindUncopied(7, resources)
      .Bind(8, static_cast<int64_t>(event.status_code()))
      .BindUncopied(9, event.client_address())
      .BindUncopied(10, event.reason())
      .BindUncopied(11, event.prev_hash())
      .BindUncopied(12, event.hash());
  absl::Status status = (*insert)->Run();
  (*insert)->Reset();
  if (!status.ok()) return status;
  return event;
}

absl::StatusOr<SequenceRange> RangeOf(storage::Db& db, const gfo::v1::AuditFilter& filter) {
  SequenceRange range;
  if (!filter.has_start_time() && !filter.has_end_time()) return range;
  std::vector<std::string> clauses;
  std::vector<int64_t> args;
  if (filter.has_start_time()) {
    clauses.push_back("time >= ?");
    args.push_back(Micros(filter.start_time()));
  }
  if (filter.has_end_time()) {
    clauses.push_back("time < ?");
    args.push_back(Micros(filter.end_time()));
  }
  auto stmt =
      db.Prepare(absl::StrCat("SELECT MIN(sequence), MAX(sequence) FROM audit_events "
                              "INDEXED BY audit_by_time WHERE ",
                              absl::StrJoin(clauses, " AND ")));
  if (!stmt.ok()) return stmt.status();
  for (size_t i = 0; i < args.size(); ++i) (*stmt)->Bind(static_cast<int>(i) + 1, args[i]);
  auto row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if ((*stmt)->IsNull(0)) {
    range.after = 0;
    range.through = 0;  // empty
  } else {
    range.after = (*stmt)->ColumnInt(0) - 1;
    // Without an end time, events appended later belong to the window too.
    if (filter.has_end_time()) range.through = (*stmt)->ColumnInt(1);
  }
  (*stmt)->Reset();
  return range;
}

namespace {

// The last sequence whose lookup rows are in audit_resources and audit_accounts.
absl::StatusOr<int64_t> IndexedThrough(storage::Db& db) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT indexed_through FROM audit_index_state WHERE id = 1"));
  auto row = stmt->Step();
  const int64_t through = row.ok() && *row ? stmt->ColumnInt(0) : 0;
  stmt->Reset();
  if (!row.ok()) return row.status();
  return through;
}

// The queries that together cover `filter` within `range`, in sequence order: one, or for a
// filter on a resource or an account, the events the lookup tables hold (through
// audit_index_state.indexed_through) and then the later ones, matched on their rows.
absl::StatusOr<std::vector<Where>> Parts(storage::Db& db, const gfo::v1::AuditFilter& filter,
                                         const SequenceRange& range) {
  std::vector<Where> parts;
  if (filter.resource().empty() && filter.account().empty()) {
    parts.push_back(BuildWhere(filter, range, false));
    return parts;
  }
  GFO_ASSIGN_OR_RETURN(const int64_t indexed, IndexedThrough(db));
  SequenceRange head = range;
  head.through = std::min(range.through, indexed);
  SequenceRange tail = range;
  tail.after = std::max(range.after, indexed);
  if (!head.empty()) parts.push_back(BuildWhere(filter, head, true));
  if (!tail.empty()) parts.push_back(BuildWhere(filter, tail, false));
  return parts;
}

absl::Status ScanPart(storage::Db& db, const Where& where, int64_t limit,
                      absl::FunctionRef<bool(const gfo::v1::AuditEvent&)> fn) {
  const std::string sql = absl::StrCat("SELECT ", std::string(kColumns), " FROM ", where.from,
                                       " WHERE ", where.sql, " ORDER BY ", where.order, " LIMIT ?");
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt, db.Prepare(sql));
  BindWhere(*stmt, where);
  stmt->Bind(static_cast<int>(where.args.size()) + 1, limit > 0 ? limit : int64_t{-1});
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) {
      stmt->Reset();
      return row.status();
    }
    if (!*row || !fn(ReadEvent(*stmt))) break;
  }
  stmt->Reset();
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CountPart(storage::Db& db, const Where& where) {
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare(absl::StrCat("SELECT COUNT(*) FROM ", where.from, " WHERE ", where.sql)));
  BindWhere(*stmt, where);
  return storage::ReadOneRow(*stmt, "audit count",
                             [](const storage::Statement& row) { return row.ColumnInt(0); });
}

}  // namespace

absl::Status Scan(storage::Db& db, const gfo::v1::AuditFilter& filter, const SequenceRange& range,
                  int64_t limit, absl::FunctionRef<bool(const gfo::v1::AuditEvent&)> fn) {
  if (range.empty()) return absl::OkStatus();
  GFO_ASSIGN_OR_RETURN(const std::vector<Where> parts, Parts(db, filter, range));
  int64_t sent = 0;
  bool stopped = false;
  auto counted = [&](const gfo::v1::AuditEvent& e) {
    ++sent;
    stopped = !fn(e);
    return !stopped;
  };
  for (const Where& part : parts) {
    if (stopped || (limit > 0 && sent >= limit)) break;
    GFO_RETURN_IF_ERROR(ScanPart(db, part, limit > 0 ? limit - sent : 0, counted));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Count(storage::Db& db, const gfo::v1::AuditFilter& filter,
                              const SequenceRange& range) {
  if (range.empty()) return 0;
  GFO_ASSIGN_OR_RETURN(const std::vector<Where> parts, Parts(db, filter, range));
  int64_t count = 0;
  for (const Where& part : parts) {
    GFO_ASSIGN_OR_RETURN(const int64_t n, CountPart(db, part));
    count += n;
  }
  return count;
}

absl::StatusOr<int64_t> IndexPending(storage::Db& db, int64_t max_events) {
  GFO_ASSIGN_OR_RETURN(const int64_t indexed, IndexedThrough(db));
  struct Pending {
    int64_t sequence;
    std::string account;
    std::string resources;
  };
  std::vector<Pending> pending;
  {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                         db.Prepare("SELECT sequence, account, resources FROM audit_events "
                                    "WHERE sequence > ? ORDER BY sequence LIMIT ?"));
    stmt->Bind(1, indexed).Bind(2, max_events);
    GFO_RETURN_IF_ERROR(storage::ForEachRow(*stmt, [&](const storage::Statement& row) {
      pending.push_back({row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2)});
      return absl::OkStatus();
    }));
  }
  if (pending.empty()) return 0;
  // Inserted in key order, so that consecutive rows land on the same page.
  std::vector<std::pair<std::string_view, int64_t>> resources;
  std::vector<std::pair<std::string_view, int64_t>> accounts;
  for (const Pending& p : pending) {
    if (!p.account.empty()) accounts.emplace_back(p.account, p.sequence);
    if (p.resources.empty()) continue;
    for (absl::string_view r : absl::StrSplit(p.resources, '\n')) {
      resources.emplace_back(std::string_view(r.data(), r.size()), p.sequence);
    }
  }
  std::sort(resources.begin(), resources.end());
  std::sort(accounts.begin(), accounts.end());
  // OR IGNORE: a row already there (indexed by hand, say) must not stop the index for good.
  for (const auto& [table, column, rows] : {std::tuple{"audit_resources", "resource", &resources},
                                            std::tuple{"audit_accounts", "account", &accounts}}) {
    GFO_ASSIGN_OR_RETURN(storage::Statement * insert,
                         db.Prepare(absl::StrCat("INSERT OR IGNORE INTO ", table, "(", column,
                                                 ", sequence) VALUES (?, ?)")));
    for (const auto& [name, sequence] : *rows) {
      insert->Reset();
      insert->Bind(1, name).Bind(2, sequence);
      GFO_RETURN_IF_ERROR(insert->Run());
    }
  }
  GFO_ASSIGN_OR_RETURN(storage::Statement * state,
                       db.Prepare("UPDATE audit_index_state SET indexed_through = ? WHERE id = 1"));
  state->Bind(1, pending.back().sequence);
  GFO_RETURN_IF_ERROR(state->Run());
  return static_cast<int64_t>(pending.size());
}

absl::StatusOr<int64_t> PendingIndex(storage::Db& db) {
  GFO_ASSIGN_OR_RETURN(const int64_t indexed, IndexedThrough(db));
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT COALESCE(MAX(sequence), 0) FROM audit_events"));
  GFO_ASSIGN_OR_RETURN(const int64_t last,
                       storage::ReadOneRow(*stmt, "audit trail", [](const storage::Statement& row) {
                         return row.ColumnInt(0);
                       }));
  return std::max<int64_t>(0, last - indexed);
}

absl::StatusOr<gfo::v1::VerifyAuditChainResponse> Verify(
    storage::Db& db, const gfo::v1::VerifyAuditChainRequest& expected) {
  gfo::v1::VerifyAuditChainResponse out;
  out.set_ok(true);
  auto stmt = db.Prepare(
      absl::StrCat("SELECT ", std::string(kColumns), " FROM audit_events e ORDER BY e.sequence"));
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
    } else if (e.sequence() == expected.expected_sequence() &&
               e.hash() != expected.expected_hash()) {
      problem = absl::StrCat("sequence ", e.sequence(),
                             ": its hash differs from the expected one: the trail was rewritten "
                             "at or before this event (or an older copy restored and written on "
                             "since)");
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
  if (out.ok() && expected.expected_sequence() > out.events_checked()) {
    out.set_ok(false);
    out.set_first_broken_sequence(out.events_checked() + 1);
    out.set_detail(absl::StrCat("the trail ends at sequence ", out.events_checked(),
                                ", before the expected event ", expected.expected_sequence(),
                                ": events after ", out.events_checked(),
                                " are missing (cut off, or an older copy restored)"));
  }
  if (out.ok()) {
    GFO_ASSIGN_OR_RETURN(const IndexCheck index, CheckIndex(db));
    if (!index.problems.empty()) {
      out.set_ok(false);
      out.set_detail(absl::StrCat("audit lookup tables: ", absl::StrJoin(index.problems, "; ")));
    }
  }
  return out;
}

absl::StatusOr<IndexCheck> CheckIndex(storage::Db& db) {
  // Counts, for the events through indexed_through: the account and resource names they carry,
  // the lookup rows that match one of them, and all lookup rows. Equal counts, with the tables'
  // keys unique, mean exactly the expected rows.
  GFO_ASSIGN_OR_RETURN(
      storage::Statement * stmt,
      db.Prepare(
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
          " (SELECT COUNT(*) FROM audit_resources)"));
  IndexCheck check;
  GFO_ASSIGN_OR_RETURN(
      const std::vector<int64_t> v,
      storage::ReadOneRow(*stmt, "audit index state", [](const storage::Statement& row) {
        std::vector<int64_t> values;
        for (int i = 0; i < 8; ++i) {
          values.push_back(row.ColumnInt(i));
        }
        return values;
      }));
  check.indexed_through = v[0];
  check.last_sequence = v[1];
  const int64_t want_accounts = v[2], good_accounts = v[3], all_accounts = v[4];
  const int64_t want_resources = v[5], good_resources = v[6], all_resources = v[7];
  if (check.indexed_through > check.last_sequence) {
    check.problems.push_back(absl::StrCat("indexed through ", check.indexed_through,
                                          ", past the trail's last event ", check.last_sequence));
  }
  if (want_accounts != good_accounts || good_accounts != all_accounts) {
    check.problems.push_back(absl::StrCat(want_accounts, " events with an account, ", good_accounts,
                                          " matching audit_accounts rows, ", all_accounts,
                                          " rows in all"));
  }
  if (want_resources != good_resources || good_resources != all_resources) {
    check.problems.push_back(absl::StrCat(want_resources, " resource names on events, ",
                                          good_resources, " matching audit_resources rows, ",
                                          all_resources, " rows in all"));
  }
  return check;
}

}  // namespace gfo::audit
