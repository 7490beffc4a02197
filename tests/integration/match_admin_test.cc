// AdminService over a real server: online backups while others write, and retention (16 kap.
// SoL): the report lists what is due and never a placement document; clearing removes personal
// data and leaves the audit chain intact. (What is kept and what a clearing removes in detail:
// match_retention_test.cc.)

#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <regex>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "service/storage/sqlite.h"
#include "tests/integration/match_test_helpers.h"
#include "tests/support/db_queries.h"
#include "tests/support/reader_blocker.h"

namespace gfo::testing {
namespace {

using ::testing::HasSubstr;

class MatchAdminTest : public MatchTest {
 protected:
  grpc::Status Backup(const std::string& file_name, gfo::v1::BackupDatabaseResponse* out,
                      Who who = Who::kAdmin) {
    gfo::v1::BackupDatabaseRequest req;
    req.set_file_name(file_name);
    auto ctx = server_->Context(who);
    return admin_->BackupDatabase(ctx.get(), req, out);
  }
  gfo::v1::GetRetentionReportResponse Report() { return RetentionReport(); }
  grpc::Status Apply(const std::vector<std::string>& resources,
                     gfo::v1::ApplyRetentionResponse* out) {
    return ApplyRetention(resources, out);
  }
  gfo::v1::VerifyAuditChainResponse Verify() {
    gfo::v1::VerifyAuditChainResponse out;
    auto ctx = server_->Context(Who::kAuditor);
    grpc::Status s = audit_->VerifyAuditChain(ctx.get(), {}, &out);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return out;
  }
};

// Opens a backup copy and returns PRAGMA integrity_check and the number of homes in it.
std::pair<std::string, int64_t> InspectCopy(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string integrity;
  int64_t homes = -1;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    integrity = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM homes", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    homes = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return {integrity, homes};
}

TEST_F(MatchAdminTest, BackupWhileOthersWriteIsConsistentAndComplete) {
  for (int i = 0; i < 5; ++i) HomeInAssessment();
  std::atomic<int> committed{5};
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w) {
    writers.emplace_back([&] {
      auto stub = gfo::v1::HomeService::NewStub(server_->channel());
      while (!stop.load()) {
        gfo::v1::CreateHomeRequest req;
        *req.mutable_home() = ValidHome();
        gfo::v1::Home out;
        auto ctx = server_->Context(Who::kStaff);
        if (stub->CreateHome(ctx.get(), req, &out).ok()) committed.fetch_add(1);
      }
    });
  }
  // Let the writers get going, then take several copies while they write.
  while (committed.load() < 25) std::this_thread::yield();
  std::vector<std::pair<std::string, int>> copies;
  for (int i = 0; i < 3; ++i) {
    const int before = committed.load();
    gfo::v1::BackupDatabaseResponse out;
    GFO_ASSERT_OK(Backup("copy-" + std::to_string(i) + ".db", &out));
    EXPECT_GT(out.bytes(), 0);
    copies.emplace_back(out.path(), before);
  }
  stop.store(true);
  for (auto& t : writers) t.join();

  for (const auto& [path, before] : copies) {
    EXPECT_EQ(std::filesystem::path(path).parent_path().filename(), "backups");
    auto [integrity, homes] = InspectCopy(path);
    EXPECT_EQ(integrity, "ok") << path;
    // Every home committed before the backup started is in the copy.
    EXPECT_GE(homes, before) << path;
    EXPECT_LE(homes, committed.load()) << path;
  }
}

TEST_F(MatchAdminTest, BackupNamesArePlainAndNeverOverwritten) {
  gfo::v1::BackupDatabaseResponse out;
  GFO_ASSERT_OK(Backup("", &out));
  const std::string default_name = std::filesystem::path(out.path()).filename().string();
  EXPECT_TRUE(std::regex_match(default_name, std::regex(R"(gfo-\d{8}T\d{6}Z\.db)")))
      << default_name;
  EXPECT_EQ(default_name, "gfo-20261123T090000Z.db");  // the test clock's time
  // A second backup in the same second would overwrite: refused.
  EXPECT_THAT(Backup("", &out), StatusIs(grpc::StatusCode::ALREADY_EXISTS, default_name));

  GFO_ASSERT_OK(Backup("before-upgrade.db", &out));
  const auto size = std::filesystem::file_size(out.path());
  EXPECT_THAT(Backup("before-upgrade.db", &out),
              StatusIs(grpc::StatusCode::ALREADY_EXISTS, "before-upgrade.db"));
  for (const std::string& bad :
       std::vector<std::string>{"../escape.db", "a/b.db", "..", "/etc/passwd", "name with space",
                                "x..db", std::string(200, 'a')}) {
    EXPECT_THAT(Backup(bad, &out), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "file_name"))
        << bad;
  }
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(server_->dir()) / "escape.db"));
  EXPECT_THAT(Backup("staff.db", &out, Who::kStaff),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  // The refused overwrite left the first copy as it was.
  EXPECT_EQ(std::filesystem::file_size(std::filesystem::path(out.path()).parent_path() /
                                       "before-upgrade.db"),
            size);
}

// Adds `megabytes` of filler to the database at `path` in a table of its own, so that a copy
// spans thousands of pages: the old backup loop copied 256 pages a step, and every commit
// between two steps restarted it.
void PadDatabase(const std::string& path, int megabytes) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  const std::string sql =
      "CREATE TABLE test_padding(b BLOB);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
      std::to_string(megabytes) + ") INSERT INTO test_padding SELECT randomblob(1048576) FROM n;";
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST_F(MatchAdminTest, BackupOfALargeDatabaseFinishesWhileAuditedCallsKeepCommitting) {
  // Large enough that the old copy, 256 pages a step and restarted by every commit between two
  // steps, did not finish within the deadline under four busy clients.
  PadDatabase(server_->db_path(), 64);
  const std::string home = ApprovedHome();
  // Four clients look the home up without pause: each lookup commits its audit event.
  std::atomic<int> committed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      auto stub = gfo::v1::HomeService::NewStub(server_->channel());
      while (!stop.load()) {
        gfo::v1::GetHomeRequest req;
        req.set_name(home);
        gfo::v1::Home out;
        auto ctx = server_->Context(Who::kStaff);
        if (stub->GetHome(ctx.get(), req, &out).ok()) committed.fetch_add(1);
      }
    });
  }
  while (committed.load() < 20) std::this_thread::yield();
  const int before = committed.load();
  gfo::v1::BackupDatabaseRequest req;
  req.set_file_name("while-busy.db");
  gfo::v1::BackupDatabaseResponse out;
  auto ctx = server_->Context(Who::kAdmin);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const grpc::Status backed_up = admin_->BackupDatabase(ctx.get(), req, &out);
  const int during = committed.load() - before;
  stop.store(true);
  for (auto& t : readers) t.join();

  GFO_ASSERT_OK(backed_up);
  EXPECT_GT(during, 0);  // the writes went on while the copy ran
  EXPECT_GT(out.bytes(), 64 << 20);
  auto [integrity, homes] = InspectCopy(out.path());
  EXPECT_EQ(integrity, "ok");
  EXPECT_EQ(homes, 1);
}

// A backup the client gave up on while the server waited to copy: the server copies, then finds
// the call abandoned, removes the copy and ends the call with the code the client saw, which is
// what the audit trail records.
void RunAbandonedBackup(bool cancel) {
  TestServerOptions options;
  options.readers = 1;
  auto server = TestServer::Start(options);
  auto admin = gfo::v1::AdminService::NewStub(server->channel());
  // The admin's credentials are cached, so the call below needs no reader before its copy.
  gfo::v1::GetRetentionReportResponse report;
  GFO_ASSERT_OK(admin->GetRetentionReport(server->Context(Who::kAdmin).get(), {}, &report));
  const std::filesystem::path copy =
      std::filesystem::path(server->dir()) / "backups" / "abandoned.db";
  {
    ReaderBlocker blocker(*server);
    grpc::CompletionQueue cq;
    auto ctx = server->Context(Who::kAdmin);
    if (!cancel) ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    gfo::v1::BackupDatabaseRequest req;
    req.set_file_name("abandoned.db");
    gfo::v1::BackupDatabaseResponse out;
    grpc::Status status;
    auto call = admin->AsyncBackupDatabase(ctx.get(), req, &cq);
    call->Finish(&out, &status, &cq);
    // The handler reserved the file name and now waits for the reader.
    const absl::Time until = absl::Now() + absl::Seconds(10);
    while (!std::filesystem::exists(copy) && absl::Now() < until) {
      absl::SleepFor(absl::Milliseconds(1));
    }
    ASSERT_TRUE(std::filesystem::exists(copy));
    if (cancel) ctx->TryCancel();
    void* tag = nullptr;
    bool ok = false;
    ASSERT_TRUE(cq.Next(&tag, &ok));
    EXPECT_EQ(status.error_code(),
              cancel ? grpc::StatusCode::CANCELLED : grpc::StatusCode::DEADLINE_EXCEEDED);
    // The client gives up on its own clock; give the cancellation time to reach the server, and
    // the server's copy of the deadline (sent as a timeout, so a little later) time to pass.
    absl::SleepFor(absl::Milliseconds(200));
    blocker.Release();
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
  }
  server->Restart();  // waits for the abandoned handler to finish
  EXPECT_FALSE(std::filesystem::exists(copy));
  EXPECT_EQ(QueryInt(*server,
                     "SELECT status_code FROM audit_events WHERE method = "
                     "'gfo.v1.AdminService/BackupDatabase'"),
            cancel ? 1 : 4);
}

TEST(MatchAdminBackup, ABackupPastItsDeadlineLeavesNoCopyAndIsRecordedAsSuch) {
  RunAbandonedBackup(/*cancel=*/false);
}

TEST(MatchAdminBackup, ACancelledBackupLeavesNoCopyAndIsRecordedAsSuch) {
  RunAbandonedBackup(/*cancel=*/true);
}

TEST_F(MatchAdminTest, RetentionClearsPersonalDataAndTheAuditChainStillVerifies) {
  // A closed home and a withdrawn request (due in five years), and a request whose placement
  // ended (a placement document, kept).
  const std::string closed = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("close", closed, "family moved away"));
  const std::string open_home = ApprovedHome();
  const std::string withdrawn = DraftRequest(ValidRequest(), Who::kCaseWorkerHarnosand);
  GFO_ASSERT_OK(Withdraw(withdrawn, Who::kCaseWorkerHarnosand));
  const std::string placed = SubmittedRequest();
  const std::string placement = Accept(Propose(placed, open_home), Who::kCaseWorkerHarnosand);
  server_->clock().Advance(absl::Hours(24 * 10));  // past the placement's start (1 December)
  GFO_ASSERT_OK(EndPlacement(placement, Who::kCaseWorkerHarnosand));
  const std::string still_open = SubmittedRequest();

  EXPECT_EQ(Report().items_size(), 0);  // nothing is five years old yet
  gfo::v1::ApplyRetentionResponse applied;
  EXPECT_THAT(Apply({closed}, &applied),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "not due"));

  server_->clock().Advance(absl::Hours(24 * (5 * 365 + 2)));
  gfo::v1::GetRetentionReportResponse report = Report();
  std::vector<std::string> listed;
  for (const auto& item : report.items()) {
    listed.push_back(item.resource());
    EXPECT_EQ(item.retention_class(), gfo::v1::RETENTION_CLASS_ORDINARY);
    EXPECT_EQ(item.legal_reference().act(), "SFS 2025:400");
    EXPECT_EQ(item.legal_reference().chapter(), "16");
    EXPECT_EQ(item.legal_reference().section(), "1");
    EXPECT_EQ(item.last_entry_date().year(), 2026);
    EXPECT_EQ(item.clear_after_date().year(), 2031);
    EXPECT_EQ(item.clear_after_date().month(), item.last_entry_date().month());
    EXPECT_EQ(item.clear_after_date().day(), item.last_entry_date().day());
    EXPECT_EQ(item.resource().rfind("placements/", 0), std::string::npos);
  }
  EXPECT_THAT(listed, ::testing::UnorderedElementsAre(closed, withdrawn));

  for (const std::string& kept : {placement, placed, open_home}) {
    EXPECT_THAT(Apply({kept}, &applied),
                StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "16 kap. 2 §"))
        << kept;
  }
  EXPECT_THAT(Apply({still_open}, &applied),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "not due"));
  EXPECT_THAT(Apply({"accounts/1"}, &applied),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "resources[0]"));

  GFO_ASSERT_OK(Apply({}, &applied));
  EXPECT_THAT(Cleared(applied), ::testing::UnorderedElementsAre(closed, withdrawn));
  EXPECT_EQ(Report().items_size(), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM retention_log"), 2);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM homes WHERE cleared = 1"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM requests WHERE cleared = 1"), 1);

  // Get shows the cleared records without personal data; what is not personal stays.
  const gfo::v1::Home home = MustGetHome(closed);
  EXPECT_EQ(home.adults_size(), 0);
  EXPECT_TRUE(home.address().empty());
  EXPECT_FALSE(home.has_location());
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_CLOSED);
  EXPECT_EQ(home.municipality_code(), 2280);
  EXPECT_FALSE(home.code().empty());

  const gfo::v1::PlacementRequest request = MustGetRequest(withdrawn);
  EXPECT_TRUE(request.case_reference().empty());
  ASSERT_EQ(request.children_size(), 1);
  EXPECT_EQ(request.children(0).personal_identity_number().find_first_of("0123456789"),
            std::string::npos);
  EXPECT_EQ(request.children(0).languages_size(), 0);
  EXPECT_EQ(request.municipality_code(), 2280);
  // The placement document, and the request that led to it, are untouched.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM placements"), 1);
  EXPECT_FALSE(MustGetRequest(placed).case_reference().empty());

  // The audit trail still verifies, and it recorded the clearing by name.
  gfo::v1::VerifyAuditChainResponse verified = Verify();
  EXPECT_TRUE(verified.ok());
  EXPECT_EQ(verified.first_broken_sequence(), 0);
  const std::string resources = LastAuditResources("gfo.v1.AdminService/ApplyRetention");
  EXPECT_THAT(resources, HasSubstr(closed));
  EXPECT_THAT(resources, HasSubstr(withdrawn));

  gfo::v1::ApplyRetentionRequest future;
  future.mutable_as_of()->set_year(2040);
  future.mutable_as_of()->set_month(1);
  future.mutable_as_of()->set_day(1);
  auto fctx = server_->Context(Who::kAdmin);
  EXPECT_THAT(admin_->ApplyRetention(fctx.get(), future, &applied),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "as_of"));
}

TEST_F(MatchAdminTest, ReportAsOfAFutureDateShowsWhatWillBeDue) {
  const std::string closed = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("close", closed, "stopped"));
  gfo::v1::GetRetentionReportRequest req;
  req.mutable_as_of()->set_year(2031);
  req.mutable_as_of()->set_month(11);
  req.mutable_as_of()->set_day(22);
  gfo::v1::GetRetentionReportResponse out;
  auto ctx = server_->Context(Who::kAdmin);
  GFO_ASSERT_OK(admin_->GetRetentionReport(ctx.get(), req, &out));
  EXPECT_EQ(out.items_size(), 0);
  req.mutable_as_of()->set_day(23);
  auto ctx2 = server_->Context(Who::kAdmin);
  GFO_ASSERT_OK(admin_->GetRetentionReport(ctx2.get(), req, &out));
  ASSERT_EQ(out.items_size(), 1);
  EXPECT_EQ(out.items(0).resource(), closed);
  EXPECT_EQ(out.items(0).clear_after_date().day(), 23);
  auto ctx3 = server_->Context(Who::kStaff);
  EXPECT_THAT(admin_->GetRetentionReport(ctx3.get(), req, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ""));
}

}  // namespace
}  // namespace gfo::testing
