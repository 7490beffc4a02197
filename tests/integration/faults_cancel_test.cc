// Client cancellations and deadlines: a call the client gave up on never leaves a half-done
// write. Either nothing changed, or the whole write and its audit event committed together (the
// server may have committed just before it saw the cancellation). Under many concurrent
// cancellations the rows, the audit trail and the file stay consistent.

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <thread>

#include "absl/time/clock.h"
#include "gfo/v1/home.grpc.pb.h"
#include "service/app.h"
#include "service/audit_log.h"
#include "service/storage/sqlite.h"
#include "tests/support/db_queries.h"
#include "tests/support/fixtures.h"
#include "tests/support/reader_blocker.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

using ::testing::AnyOf;
using ::testing::Eq;

std::set<std::string> HomeNames(TestServer& server) {
  std::set<std::string> names;
  GFO_EXPECT_OK(server.server().database().Read([&](storage::Db& db) -> absl::Status {
    auto stmt = db.Prepare("SELECT id FROM homes");
    if (!stmt.ok()) return stmt.status();
    while (true) {
      auto row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      names.insert("homes/" + std::to_string((*stmt)->ColumnInt(0)));
    }
    (*stmt)->Reset();
    return absl::OkStatus();
  }));
  return names;
}

void ExpectIntact(TestServer& server) {
  GFO_EXPECT_OK(server.server().database().CheckIntegrity());
  GFO_EXPECT_OK(server.server().database().Read([](storage::Db& db) -> absl::Status {
    auto verified = audit::Verify(db);
    if (!verified.ok()) return verified.status();
    EXPECT_TRUE(verified->ok()) << verified->detail();
    return absl::OkStatus();
  }));
}

// Every stored home has the OK CreateHome audit event that names it, every OK CreateHome event
// has its home, and no lifecycle move refers to a home that is not there.
void ExpectHomesMatchTheirAuditEvents(TestServer& server) {
  EXPECT_EQ(QueryInt(server,
                     "SELECT COUNT(*) FROM homes h WHERE NOT EXISTS (SELECT 1 FROM audit_events e "
                     "WHERE " +
                         EventNames("'homes/' || h.id") +
                         " AND e.method = 'gfo.v1.HomeService/CreateHome' AND e.status_code = 0)"),
            0);
  EXPECT_EQ(QueryInt(server,
                     "SELECT COUNT(*) FROM audit_events WHERE method = "
                     "'gfo.v1.HomeService/CreateHome' AND status_code = 0"),
            QueryInt(server, "SELECT COUNT(*) FROM homes"));
  EXPECT_EQ(QueryInt(server,
                     "SELECT COUNT(*) FROM transitions t WHERE t.resource LIKE 'homes/%' AND NOT "
                     "EXISTS (SELECT 1 FROM homes h WHERE 'homes/' || h.id = t.resource)"),
            0);
}

enum class GiveUp { kDeadline, kCancel };

// One CreateHome that the client abandons while the server is stuck before the write. With
// `held`, the server stays stuck for that long after the client gave up.
void RunAbandonedCreate(GiveUp how, absl::Duration held = absl::ZeroDuration()) {
  TestServerOptions options;
  options.readers = 1;
  auto server = TestServer::Start(options);
  auto stub = v1::HomeService::NewStub(server->channel());
  {
    ReaderBlocker blocker(*server);
    grpc::CompletionQueue cq;
    auto ctx = server->Context(Who::kStaff);
    if (how == GiveUp::kDeadline) {
      ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
    }
    v1::CreateHomeRequest request;
    *request.mutable_home() = ValidHome();
    v1::Home reply;
    grpc::Status status;
    auto call = stub->AsyncCreateHome(ctx.get(), request, &cq);
    call->Finish(&reply, &status, &cq);
    if (held > absl::ZeroDuration()) {
      // Give up only once the handler runs (it announced its write and waits for the reader),
      // so that the call reaches the check before its write.
      const absl::Time until = absl::Now() + absl::Seconds(10);
      while (server->server().database().announced_writes() == 0 && absl::Now() < until) {
        absl::SleepFor(absl::Milliseconds(1));
      }
      ASSERT_EQ(server->server().database().announced_writes(), 1);
    }
    if (how == GiveUp::kCancel) ctx->TryCancel();
    void* tag = nullptr;
    bool ok = false;
    ASSERT_TRUE(cq.Next(&tag, &ok));
    EXPECT_EQ(status.error_code(), how == GiveUp::kDeadline ? grpc::StatusCode::DEADLINE_EXCEEDED
                                                            : grpc::StatusCode::CANCELLED);
    absl::SleepFor(held);
    blocker.Release();
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
  }
  // A restart waits for the abandoned handler to finish.
  server->Restart();
  const int64_t events = QueryInt(
      *server, "SELECT COUNT(*) FROM audit_events WHERE method = 'gfo.v1.HomeService/CreateHome'");
  const int64_t homes = QueryInt(*server, "SELECT COUNT(*) FROM homes");
  EXPECT_THAT(events, AnyOf(Eq(0), Eq(1)));
  if (events == 1) {
    const int64_t code = QueryInt(*server,
                                  "SELECT status_code FROM audit_events WHERE method = "
                                  "'gfo.v1.HomeService/CreateHome'");
    // Refused before the write (cancelled / deadline), or committed whole with its event.
    EXPECT_THAT(code, AnyOf(Eq(0), Eq(1), Eq(4)));
    EXPECT_EQ(homes, code == 0 ? 1 : 0);
  } else {
    EXPECT_EQ(homes, 0);
  }
  if (held >= Call::kCancelCheckAfter) {
    // A call that waited that long checks for the cancellation (or its deadline) before its
    // write: it is refused, recorded with its code, and writes nothing.
    EXPECT_EQ(events, 1);
    EXPECT_EQ(homes, 0);
    EXPECT_EQ(QueryInt(*server,
                       "SELECT status_code FROM audit_events WHERE method = "
                       "'gfo.v1.HomeService/CreateHome'"),
              how == GiveUp::kDeadline ? 4 : 1);
  }
  ExpectHomesMatchTheirAuditEvents(*server);
  ExpectIntact(*server);
}

TEST(FaultsCancel, DeadlinePassedBeforeTheWriteLeavesNothingHalfDone) {
  RunAbandonedCreate(GiveUp::kDeadline);
}

TEST(FaultsCancel, CancelledBeforeTheWriteLeavesNothingHalfDone) {
  RunAbandonedCreate(GiveUp::kCancel);
}

TEST(FaultsCancel, ACallCancelledWhileItWaitedWritesNothing) {
  RunAbandonedCreate(GiveUp::kCancel, Call::kCancelCheckAfter + absl::Milliseconds(80));
}

TEST(FaultsCancel, ACallPastItsDeadlineWhileItWaitedWritesNothing) {
  RunAbandonedCreate(GiveUp::kDeadline, Call::kCancelCheckAfter + absl::Milliseconds(80));
}

TEST(FaultsCancel, ConcurrentCancellationsAndDeadlinesKeepTheDatabaseConsistent) {
  auto server = TestServer::Start();
  auto stub = v1::HomeService::NewStub(server->channel());
  std::vector<std::string> seeded;
  for (int i = 0; i < 4; ++i) {
    v1::CreateHomeRequest request;
    *request.mutable_home() = ValidHome();
    v1::Home home;
    GFO_ASSERT_OK(stub->CreateHome(server->Context(Who::kStaff).get(), request, &home));
    seeded.push_back(home.name());
  }

  constexpr int kThreads = 6;
  constexpr int kCallsPerThread = 40;
  std::mutex mu;
  std::vector<std::string> acknowledged;  // homes the client saw created
  int64_t gave_up = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t + 1));
      grpc::CompletionQueue cq;
      for (int i = 0; i < kCallsPerThread; ++i) {
        auto ctx = server->Context(Who::kStaff);
        const int mode = static_cast<int>(rng() % 3);  // deadline, cancel, or let it run
        if (mode == 0) {
          ctx->set_deadline(std::chrono::system_clock::now() +
                            std::chrono::microseconds(rng() % 4000));
        }
        grpc::Status status;
        v1::Home reply;
        if (rng() % 3 == 0) {
          v1::ConfirmAvailabilityRequest confirm;
          confirm.set_name(seeded[rng() % seeded.size()]);
          auto call = stub->AsyncConfirmAvailability(ctx.get(), confirm, &cq);
          call->Finish(&reply, &status, &cq);
          if (mode == 1) ctx->TryCancel();
          void* tag;
          bool ok;
          ASSERT_TRUE(cq.Next(&tag, &ok));
        } else {
          v1::CreateHomeRequest create;
          *create.mutable_home() = ValidHome();
          auto call = stub->AsyncCreateHome(ctx.get(), create, &cq);
          call->Finish(&reply, &status, &cq);
          if (mode == 1) ctx->TryCancel();
          void* tag;
          bool ok;
          ASSERT_TRUE(cq.Next(&tag, &ok));
          std::lock_guard<std::mutex> lock(mu);
          if (status.ok()) acknowledged.push_back(reply.name());
        }
        std::lock_guard<std::mutex> lock(mu);
        if (status.error_code() == grpc::StatusCode::CANCELLED ||
            status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
          ++gave_up;
        } else {
          EXPECT_TRUE(status.ok()) << Describe(status);
        }
      }
      cq.Shutdown();
      void* tag;
      bool ok;
      while (cq.Next(&tag, &ok)) {
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_GT(gave_up, 0);

  server->Restart();  // every abandoned handler has finished
  const std::set<std::string> stored = HomeNames(*server);
  for (const std::string& name : acknowledged) EXPECT_EQ(stored.count(name), 1u) << name;
  ExpectHomesMatchTheirAuditEvents(*server);
  ExpectIntact(*server);
}

}  // namespace
}  // namespace gfo::testing
