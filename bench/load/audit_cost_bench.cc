// What one audited call costs in SQLite on this machine, piece by piece: the token lookup of
// authentication (with a warm page cache, and right after a write, when WAL mode makes a reader
// drop its cache), an empty write transaction, and audit appends one per transaction versus
// several per transaction (group commit). Explains the gfo_load ratios in bench/LOAD_RESULTS.md.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "absl/time/clock.h"
#include "service/accounts.h"
#include "service/audit_log.h"
#include "service/crypto.h"
#include "service/storage/database.h"

namespace gfo::load {
namespace {

constexpr char kTokenQuery[] =
    "SELECT a.id, a.role, a.municipality_code, a.disabled, t.revoked, t.expire_time "
    "FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?";

// A fresh database in a temporary directory with one account and its token.
struct Fixture {
  Fixture() {
    std::string templ = (std::filesystem::temp_directory_path() / "gfo-audit-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) std::abort();
    dir = templ;
    storage::DatabaseOptions options;
    options.path = dir + "/gfo.db";
    auto opened = storage::Database::Open(options);
    if (!opened.ok()) std::abort();
    db = std::move(*opened);
    absl::Status s = db->Write([&](storage::Db& d) -> absl::Status {
      gfo::v1::Account account;
      account.set_display_name("bench");
      account.set_role(gfo::v1::ROLE_GFO_STAFF);
      auto inserted = accounts::InsertAccount(d, account, absl::Now());
      if (!inserted.ok()) return inserted.status();
      auto issued = accounts::InsertToken(d, 1, absl::Now(), std::nullopt);
      if (!issued.ok()) return issued.status();
      token = issued->token;
      return absl::OkStatus();
    });
    if (!s.ok()) std::abort();
    event.set_account("accounts/1");
    event.set_role(gfo::v1::ROLE_GFO_STAFF);
    event.set_method("gfo.v1.HomeService/GetHome");
    event.add_resources("homes/7");
    event.set_client_address("ipv4:127.0.0.1:45678");
  }
  ~Fixture() {
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  void Authenticate() {
    absl::Status s = db->Read([&](storage::Db& d) -> absl::Status {
      auto stmt = d.Prepare(kTokenQuery);
      if (!stmt.ok()) return stmt.status();
      (*stmt)->BindBlob(1, crypto::Sha256Bytes(token));
      auto row = (*stmt)->Step();
      (*stmt)->Reset();
      return row.status();
    });
    if (!s.ok()) std::abort();
  }

  void Append(int events) {
    absl::Status s = db->Write([&](storage::Db& d) -> absl::Status {
      for (int i = 0; i < events; ++i) {
        auto appended = audit::Append(d, event);
        if (!appended.ok()) return appended.status();
      }
      return absl::OkStatus();
    });
    if (!s.ok()) std::abort();
  }

  std::string dir;
  std::unique_ptr<storage::Database> db;
  std::string token;
  gfo::v1::AuditEvent event;
};

void BM_AuthenticateWarm(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) f.Authenticate();
}
BENCHMARK(BM_AuthenticateWarm)->UseRealTime();

// Each iteration: one audit append, then the token lookup (timed alone).
void BM_AuthenticateAfterWrite(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    state.PauseTiming();
    f.Append(1);
    state.ResumeTiming();
    f.Authenticate();
  }
}
BENCHMARK(BM_AuthenticateAfterWrite)->UseRealTime();

void BM_EmptyWriteTransaction(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    absl::Status s = f.db->Write([](storage::Db&) { return absl::OkStatus(); });
    if (!s.ok()) std::abort();
  }
}
BENCHMARK(BM_EmptyWriteTransaction)->UseRealTime();

// Events per transaction = the argument; items/s = audit events per second of wall time.
void BM_AuditAppend(benchmark::State& state) {
  Fixture f;
  const int events = static_cast<int>(state.range(0));
  for (auto _ : state) f.Append(events);
  state.SetItemsProcessed(state.iterations() * events);
}
BENCHMARK(BM_AuditAppend)->Arg(1)->Arg(2)->Arg(4)->Arg(16)->UseRealTime();

}  // namespace
}  // namespace gfo::load

BENCHMARK_MAIN();
