// Storage faults under a real server: a database that refuses writes (read-only) and a full
// disk. Each fault must give a clear canonical error (UNAVAILABLE / RESOURCE_EXHAUSTED), never
// answer a read it could not audit, leave no partial write, and leave the file intact.

#include <gtest/gtest.h>

#include <thread>

#include "gfo/v1/home.grpc.pb.h"
#include "service/audit_log.h"
#include "service/storage/sqlite.h"
#include "tests/support/db_queries.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

// Integrity check and the audit chain, both through the server's own database.
void ExpectIntact(TestServer& server) {
  GFO_EXPECT_OK(server.server().database().CheckIntegrity());
  absl::Status s = server.server().database().Read([](storage::Db& db) -> absl::Status {
    auto verified = audit::Verify(db);
    if (!verified.ok()) return verified.status();
    EXPECT_TRUE(verified->ok()) << verified->detail();
    return absl::OkStatus();
  });
  GFO_EXPECT_OK(s);
}

grpc::Status CreateHome(TestServer& server, v1::HomeService::Stub& stub, v1::Home* out,
                        const std::string& address = "") {
  v1::CreateHomeRequest request;
  *request.mutable_home() = ValidHome();
  if (!address.empty()) request.mutable_home()->set_address(address);
  return stub.CreateHome(server.Context(Who::kStaff).get(), request, out);
}

TEST(FaultsStorage, ReadOnlyDatabaseRefusesWritesWithUnavailableAndLosesNothing) {
  auto server = TestServer::Start();
  auto stub = v1::HomeService::NewStub(server->channel());
  v1::Home home;
  GFO_ASSERT_OK(CreateHome(*server, *stub, &home));
  const int64_t events_before = QueryInt(*server, "SELECT COUNT(*) FROM audit_events");

  // The writer connection turns read-only: every write transaction now fails as on a read-only
  // file (SQLITE_READONLY).
  GFO_ASSERT_OK(server->server().database().Write(
      [](storage::Db& db) { return db.Exec("PRAGMA query_only=ON"); }));

  v1::Home refused;
  grpc::Status write = CreateHome(*server, *stub, &refused);
  EXPECT_THAT(write, StatusIs(grpc::StatusCode::UNAVAILABLE, "readonly database"));
  // A read cannot be recorded either, so it returns no data.
  v1::GetHomeRequest get;
  get.set_name(home.name());
  v1::Home read;
  grpc::Status read_status = stub->GetHome(server->Context(Who::kStaff).get(), get, &read);
  EXPECT_THAT(read_status,
              StatusIs(grpc::StatusCode::UNAVAILABLE, "audit: the call could not be recorded"));
  EXPECT_TRUE(read.name().empty());

  EXPECT_EQ(QueryInt(*server, "SELECT COUNT(*) FROM homes"), 1);
  EXPECT_EQ(QueryInt(*server, "SELECT COUNT(*) FROM audit_events"), events_before);
  ExpectIntact(*server);

  // Once the fault is gone (a restart opens a fresh writer) everything works again.
  server->Restart();
  ExpectIntact(*server);
  stub = v1::HomeService::NewStub(server->channel());
  GFO_EXPECT_OK(stub->GetHome(server->Context(Who::kStaff).get(), get, &read));
  GFO_EXPECT_OK(CreateHome(*server, *stub, &refused));
  EXPECT_EQ(QueryInt(*server, "SELECT COUNT(*) FROM homes"), 2);
}

TEST(FaultsStorage, FullDiskRefusesWritesWithResourceExhaustedAndKeepsTheFileIntact) {
  auto server = TestServer::Start();
  auto stub = v1::HomeService::NewStub(server->channel());
  v1::Home home;
  GFO_ASSERT_OK(CreateHome(*server, *stub, &home));

  // The disk is full: the file may not grow by a single page.
  const int64_t pages = QueryInt(*server, "PRAGMA page_count");
  ASSERT_GT(pages, 0);
  GFO_ASSERT_OK(server->server().database().Write(
      [&](storage::Db& db) { return db.Exec("PRAGMA max_page_count=" + std::to_string(pages)); }));

  // Fill what free space the last pages still have until a write is refused.
  int64_t acknowledged = 1;
  grpc::Status refused;
  for (int i = 0; i < 500 && refused.ok(); ++i) {
    v1::Home created;
    const int64_t homes_before = QueryInt(*server, "SELECT COUNT(*) FROM homes");
    refused = CreateHome(*server, *stub, &created,
                         "Storgatan " + std::to_string(i) + std::string(150, 'x'));
    if (refused.ok()) {
      ++acknowledged;
    } else {
      // The refused call left nothing behind.
      EXPECT_EQ(QueryInt(*server, "SELECT COUNT(*) FROM homes"), homes_before);
    }
  }
  ASSERT_FALSE(refused.ok()) << "the page limit never bit";
  EXPECT_THAT(refused, StatusIs(grpc::StatusCode::RESOURCE_EXHAUSTED, "database"));
  EXPECT_EQ(QueryInt(*server, "SELECT COUNT(*) FROM homes"), acknowledged);
  // Reads cannot be recorded while the disk is full: no data without an audit event. (A read
  // may still fit into the free space of a page, so either outcome is allowed here.)
  v1::GetHomeRequest get;
  get.set_name(home.name());
  v1::Home read;
  grpc::Status read_status = stub->GetHome(server->Context(Who::kStaff).get(), get, &read);
  if (!read_status.ok()) {
    EXPECT_THAT(read_status,
                StatusIs(grpc::StatusCode::UNAVAILABLE, "audit: the call could not be recorded"));
    EXPECT_TRUE(read.name().empty());
  }
  ExpectIntact(*server);

  // Space comes back: writes work again and nothing acknowledged is missing.
  GFO_ASSERT_OK(server->server().database().Write(
      [](storage::Db& db) { return db.Exec("PRAGMA max_page_count=1073741823"); }));
  v1::Home after;
  GFO_EXPECT_OK(CreateHome(*server, *stub, &after));
  EXPECT_EQ(QueryInt(*server, "SELECT COUNT(*) FROM homes"), acknowledged + 1);
  ExpectIntact(*server);
  server->Restart();
  ExpectIntact(*server);
  EXPECT_EQ(QueryInt(*server, "SELECT COUNT(*) FROM homes"), acknowledged + 1);
}

TEST(FaultsStorage, ConcurrentAuditedReadsAreEachRecordedOnceInOneChain) {
  auto server = TestServer::Start();
  auto stub = v1::HomeService::NewStub(server->channel());
  v1::Home home;
  GFO_ASSERT_OK(CreateHome(*server, *stub, &home));
  const int64_t before = QueryInt(*server, "SELECT COUNT(*) FROM audit_events");

  constexpr int kThreads = 8;
  constexpr int kReads = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kReads; ++i) {
        v1::GetHomeRequest get;
        get.set_name(home.name());
        v1::Home read;
        GFO_EXPECT_OK(stub->GetHome(server->Context(Who::kStaff).get(), get, &read));
      }
    });
  }
  for (std::thread& t : threads) t.join();

  // Every answered read has exactly one event naming the home, and the chain is whole.
  EXPECT_EQ(QueryInt(*server, "SELECT COUNT(*) FROM audit_events") - before, kThreads * kReads);
  EXPECT_EQ(QueryInt(*server,
                     "SELECT COUNT(*) FROM audit_events e WHERE e.resources LIKE 'homes/%' AND "
                     "e.method = 'gfo.v1.HomeService/GetHome' AND e.status_code = 0"),
            kThreads * kReads);
  EXPECT_EQ(QueryInt(*server, "SELECT MAX(sequence) - MIN(sequence) + 1 FROM audit_events"),
            QueryInt(*server, "SELECT COUNT(*) FROM audit_events"));
  const storage::Database& db = server->server().database();
  EXPECT_GE(db.committed_writes(), kThreads * kReads);
  EXPECT_LE(db.commits(), db.committed_writes());
  ExpectIntact(*server);
}

}  // namespace
}  // namespace gfo::testing
