// Unit tests of the audit trail below the service: the hash chain (audit_log.h) and paging,
// export and verification (audit_trail.h), on a real SQLite file without a server.

#include "service/audit_trail.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/audit_log.h"
#include "service/crypto.h"
#include "service/storage/database.h"
#include "tests/support/status_matchers.h"

namespace gfo::audit {
namespace {

using ::gfo::testing::StatusIs;
using google::protobuf::util::TimeUtil;

class AccountsAuditTrail : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (std::filesystem::temp_directory_path() / "gfo-audit-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    storage::DatabaseOptions options;
    options.path = dir_ + "/audit.db";
    options.readers = 2;
    auto db = storage::Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Appends one event per entry of `accounts`; event i has time 1000 + i seconds, method
  // gfo.v1.RequestService/GetRequest (odd i) or ListRequests (even i), resource requests/{i % 3}.
  void AppendEvents(int n, int status_code = 0) {
    ASSERT_TRUE(db_->Write([&](storage::Db& db) -> absl::Status {
                     for (int i = 0; i < n; ++i) {
                       const int64_t k = next_++;
                       gfo::v1::AuditEvent e;
                       *e.mutable_time() = TimeUtil::SecondsToTimestamp(1000 + k);
                       e.set_account(absl::StrCat("accounts/", 1 + k % 2));
                       e.set_role(gfo::v1::ROLE_GFO_STAFF);
                       e.set_method(k % 2 == 1 ? "gfo.v1.RequestService/GetRequest"
                                               : "gfo.v1.RequestService/ListRequests");
                       e.add_resources(absl::StrCat("requests/", k % 3));
                       e.set_status_code(status_code);
                       e.set_client_address("ipv4:127.0.0.1:5000");
                       absl::StatusOr<gfo::v1::AuditEvent> stored = Append(db, e);
                       if (!stored.ok()) return stored.status();
                     }
                     return absl::OkStatus();
                   })
                    .ok());
  }

  std::vector<gfo::v1::ExportAuditEventsResponse> ExportAll(const gfo::v1::AuditFilter& filter,
                                                            int64_t chunk,
                                                            gfo::v1::ExportTrailer* trailer) {
    std::vector<gfo::v1::ExportAuditEventsResponse> parts;
    auto result = Export(
        *db_, filter,
        [&](const gfo::v1::ExportAuditEventsResponse& p) {
          parts.push_back(p);
          return absl::OkStatus();
        },
        chunk);
    EXPECT_TRUE(result.ok()) << result.status();
    if (result.ok()) *trailer = *result;
    return parts;
  }

  // Runs `sql` on a separate connection of the file, as an attacker with file access would.
  void RawSql(const std::string& sql) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db_->path().c_str(), &raw), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(raw);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  std::string dir_;
  std::unique_ptr<storage::Database> db_;
  int64_t next_ = 1;
};

// The hash's input format may never change: trails written by earlier versions must verify. Each
// field is "<byte length>:<value>;" in this order; the expected digest is SHA-256 of the text
// below, computed outside gfo (Python's hashlib).
TEST(AuditEventHash, IsSha256OfTheDocumentedCanonicalText) {
  gfo::v1::AuditEvent e;
  e.set_sequence(42);
  *e.mutable_time() = TimeUtil::MicrosecondsToTimestamp(1795424400123456);
  e.set_account("accounts/7");
  e.set_role(gfo::v1::ROLE_CASE_WORKER);
  e.set_municipality_code(2281);
  e.set_method("gfo.v1.HomeService/GetHome");
  e.add_resources("homes/1");
  e.add_resources("requests/9");
  e.set_status_code(0);
  e.set_client_address("ipv4:127.0.0.1:5000");
  e.set_reason("case 12, follow-up");
  e.set_prev_hash(std::string(64, 'a'));
  const std::string canonical = absl::StrCat(
      "12:gfo-audit-v1;2:42;16:1795424400123456;10:accounts/7;1:3;4:2281;"
      "26:gfo.v1.HomeService/GetHome;1:2;7:homes/1;10:requests/9;1:0;19:ipv4:127.0.0.1:5000;"
      "18:case 12, follow-up;64:",
      std::string(64, 'a'), ";");
  EXPECT_EQ(crypto::Sha256Hex(canonical),
            "d02bf82176d6911e38f9514c16832b634444643425f9fab2ed6397a74039fc14");
  EXPECT_EQ(EventHash(e), "d02bf82176d6911e38f9514c16832b634444643425f9fab2ed6397a74039fc14");
}

TEST_F(AccountsAuditTrail, ChainLinksEachEventToThePreviousHash) {
  AppendEvents(3);
  gfo::v1::ListAuditEventsRequest request;
  gfo::v1::ListAuditEventsResponse page;
  GFO_ASSERT_OK(ListEvents(*db_, request, &page));
  ASSERT_EQ(page.events_size(), 3);
  EXPECT_EQ(page.events(0).prev_hash(), std::string(64, '0'));
  EXPECT_EQ(page.events(1).prev_hash(), page.events(0).hash());
  EXPECT_EQ(page.events(2).prev_hash(), page.events(1).hash());
  for (const auto& e : page.events()) EXPECT_EQ(EventHash(e), e.hash());
  auto verified = VerifyChain(*db_);
  GFO_ASSERT_OK(verified);
  EXPECT_TRUE(verified->ok());
  EXPECT_EQ(verified->events_checked(), 3);
  EXPECT_EQ(verified->head_hash(), page.events(2).hash());
}

TEST_F(AccountsAuditTrail, UntrustedTextIsStoredSoTheChainStillVerifies) {
  ASSERT_TRUE(db_->Write([&](storage::Db& db) -> absl::Status {
                   gfo::v1::AuditEvent e;
                   e.set_method("gfo.v1.RequestService/GetRequest");
                   e.add_resources("");                     // a name the caller left empty
                   e.add_resources("requests/1\nhomes/2");  // the column separator
                   e.add_resources(std::string("requests/\xff\xfe", 11));  // not UTF-8
                   e.add_resources(std::string(1000, 'x'));
                   e.add_resources("requests/1?homes/2");  // the same name once cleaned
                   e.set_reason("why\x01");
                   // C1 CSI (U+009B), a line separator, a right-to-left override and a bidi
                   // isolate: each could act on an auditor's terminal; an ordinary non-ASCII
                   // letter stays.
                   e.set_client_address("a\u009b2K\u2028b\u202ec\u2066\u00e5");
                   return Append(db, e).status();
                 })
                  .ok());
  gfo::v1::ListAuditEventsResponse page;
  GFO_ASSERT_OK(ListEvents(*db_, {}, &page));
  ASSERT_EQ(page.events_size(), 1);
  const gfo::v1::AuditEvent& e = page.events(0);
  ASSERT_EQ(e.resources_size(), 3);
  EXPECT_EQ(e.resources(0), "requests/1?homes/2");
  EXPECT_EQ(e.resources(1), "requests/??");
  EXPECT_EQ(e.resources(2), std::string(256, 'x'));
  EXPECT_EQ(e.reason(), "why?");
  EXPECT_EQ(e.client_address(), "a?2K?b?c?\u00e5");
  auto verified = VerifyChain(*db_);
  GFO_ASSERT_OK(verified);
  EXPECT_TRUE(verified->ok()) << verified->detail();
}

TEST_F(AccountsAuditTrail, EditingOneByteBreaksTheChainAtThatEvent) {
  AppendEvents(5);
  // The triggers refuse changes even to someone with SQL access...
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db_->path().c_str(), &raw), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "UPDATE audit_events SET status_code = 7 WHERE sequence = 3", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(
      sqlite3_exec(raw, "DELETE FROM audit_events WHERE sequence = 3", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(raw);
  // ...until the trigger is dropped; then the chain shows the edit.
  RawSql(
      "DROP TRIGGER audit_no_update; "
      "UPDATE audit_events SET client_address = 'ipv4:127.0.0.1:5001' WHERE sequence = 3;");
  auto verified = VerifyChain(*db_);
  GFO_ASSERT_OK(verified);
  EXPECT_FALSE(verified->ok());
  EXPECT_EQ(verified->first_broken_sequence(), 3);
  EXPECT_EQ(verified->events_checked(), 2);
  EXPECT_NE(verified->detail().find("sequence 3"), std::string::npos) << verified->detail();
}

TEST_F(AccountsAuditTrail, DeletingAnEventBreaksTheChainAtTheGap) {
  AppendEvents(4);
  RawSql("DROP TRIGGER audit_no_delete; DELETE FROM audit_events WHERE sequence = 2;");
  auto verified = VerifyChain(*db_);
  GFO_ASSERT_OK(verified);
  EXPECT_FALSE(verified->ok());
  EXPECT_EQ(verified->first_broken_sequence(), 3);
}

gfo::v1::VerifyAuditChainRequest Expect(int64_t sequence, const std::string& hash) {
  gfo::v1::VerifyAuditChainRequest request;
  request.set_expected_sequence(sequence);
  request.set_expected_hash(hash);
  return request;
}

TEST_F(AccountsAuditTrail, AnEventKeptOutsideShowsATrailCutShort) {
  AppendEvents(5);
  auto head = VerifyChain(*db_);
  GFO_ASSERT_OK(head);
  ASSERT_TRUE(head->ok());
  gfo::v1::ListAuditEventsResponse page;
  GFO_ASSERT_OK(ListEvents(*db_, {}, &page));
  ASSERT_EQ(page.events_size(), 5);
  const std::string third = page.events(2).hash();
  // An older copy restored, or the last events removed: the shorter chain still holds.
  RawSql("DROP TRIGGER audit_no_delete; DELETE FROM audit_events WHERE sequence > 3;");
  auto verified = VerifyChain(*db_);
  GFO_ASSERT_OK(verified);
  EXPECT_TRUE(verified->ok()) << verified->detail();
  EXPECT_EQ(verified->events_checked(), 3);

  verified = VerifyChain(*db_, Expect(5, head->head_hash()));
  GFO_ASSERT_OK(verified);
  EXPECT_FALSE(verified->ok());
  EXPECT_EQ(verified->first_broken_sequence(), 4);
  EXPECT_EQ(verified->events_checked(), 3);
  EXPECT_NE(verified->detail().find("the trail ends at sequence 3, before the expected event 5"),
            std::string::npos)
      << verified->detail();

  // An event the shorter trail still holds, with its hash, is as expected.
  verified = VerifyChain(*db_, Expect(3, third));
  GFO_ASSERT_OK(verified);
  EXPECT_TRUE(verified->ok()) << verified->detail();
}

TEST_F(AccountsAuditTrail, AnEventKeptOutsideShowsATrailRewrittenWithItsHashesRecomputed) {
  AppendEvents(5);
  gfo::v1::ListAuditEventsResponse page;
  GFO_ASSERT_OK(ListEvents(*db_, {}, &page));
  ASSERT_EQ(page.events_size(), 5);
  const std::string fourth = page.events(3).hash();
  // Someone with the database file and this code edits event 2 and recomputes every hash after
  // it, so that the chain holds again.
  std::string sql = "DROP TRIGGER audit_no_update;";
  std::string prev = page.events(0).hash();
  for (int i = 1; i < 5; ++i) {
    gfo::v1::AuditEvent e = page.events(i);
    if (i == 1) e.set_client_address("ipv4:10.0.0.1:1");
    e.set_prev_hash(prev);
    e.set_hash(EventHash(e));
    prev = e.hash();
    absl::StrAppend(&sql, "UPDATE audit_events SET client_address = '", e.client_address(),
                    "', prev_hash = '", e.prev_hash(), "', hash = '", e.hash(),
                    "' WHERE sequence = ", e.sequence(), ";");
  }
  RawSql(sql);
  auto verified = VerifyChain(*db_);
  GFO_ASSERT_OK(verified);
  EXPECT_TRUE(verified->ok()) << verified->detail();

  verified = VerifyChain(*db_, Expect(4, fourth));
  GFO_ASSERT_OK(verified);
  EXPECT_FALSE(verified->ok());
  EXPECT_EQ(verified->first_broken_sequence(), 4);
  EXPECT_EQ(verified->events_checked(), 3);
  EXPECT_NE(verified->detail().find("sequence 4: its hash differs from the expected one"),
            std::string::npos)
      << verified->detail();
}

TEST_F(AccountsAuditTrail, AnExpectedEventNeedsBothItsSequenceAndAWellFormedHash) {
  AppendEvents(2);
  const std::string hash(64, 'a');
  const struct {
    gfo::v1::VerifyAuditChainRequest request;
    std::string field;
  } cases[] = {
      {Expect(2, ""), "expected_hash"},
      {Expect(0, hash), "expected_sequence"},
      {Expect(-1, hash), "expected_sequence"},
      {Expect(2, std::string(64, 'A')), "expected_hash"},
      {Expect(2, std::string(63, 'a')), "expected_hash"},
      {Expect(2, std::string(63, 'a') + "g"), "expected_hash"},
  };
  for (const auto& c : cases) {
    auto verified = VerifyChain(*db_, c.request);
    EXPECT_EQ(verified.status().code(), absl::StatusCode::kInvalidArgument)
        << c.request.ShortDebugString();
    EXPECT_NE(verified.status().message().find(c.field), std::string::npos)
        << verified.status().message();
  }
}

TEST_F(AccountsAuditTrail, ListPagesWithATokenBoundToTheFilter) {
  AppendEvents(7);
  gfo::v1::ListAuditEventsRequest request;
  request.set_page_size(3);
  std::vector<int64_t> seen;
  std::string token;
  int pages = 0;
  do {
    request.set_page_token(token);
    gfo::v1::ListAuditEventsResponse page;
    GFO_ASSERT_OK(ListEvents(*db_, request, &page));
    for (const auto& e : page.events()) seen.push_back(e.sequence());
    token = page.next_page_token();
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7}));

  // A token from one filter is refused under another.
  request.clear_page_token();
  gfo::v1::ListAuditEventsResponse first;
  GFO_ASSERT_OK(ListEvents(*db_, request, &first));
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  request.mutable_filter()->set_method("GetRequest");
  gfo::v1::ListAuditEventsResponse other;
  EXPECT_THAT(ListEvents(*db_, request, &other),
              StatusIs(absl::StatusCode::kInvalidArgument, "page_token"));
}

TEST_F(AccountsAuditTrail, FiltersByResourceMethodSuffixAccountTimeAndOutcome) {
  AppendEvents(6);     // sequences 1..6, status OK
  AppendEvents(2, 7);  // 7, 8: PERMISSION_DENIED
  AppendEvents(1, 5);  // 9: NOT_FOUND
  auto sequences = [&](gfo::v1::AuditFilter filter) {
    gfo::v1::ListAuditEventsRequest request;
    *request.mutable_filter() = filter;
    gfo::v1::ListAuditEventsResponse page;
    absl::Status status = ListEvents(*db_, request, &page);
    EXPECT_TRUE(status.ok()) << status;
    std::vector<int64_t> out;
    for (const auto& e : page.events()) out.push_back(e.sequence());
    return out;
  };
  gfo::v1::AuditFilter f;
  f.set_resource("requests/1");
  EXPECT_EQ(sequences(f), (std::vector<int64_t>{1, 4, 7}));
  f.Clear();
  f.set_method("GetRequest");
  EXPECT_EQ(sequences(f), (std::vector<int64_t>{1, 3, 5, 7, 9}));
  f.set_method("getrequest");  // suffixes are case-sensitive
  EXPECT_TRUE(sequences(f).empty());
  f.set_method("gfo.v1.RequestService/ListRequests");
  EXPECT_EQ(sequences(f), (std::vector<int64_t>{2, 4, 6, 8}));
  f.Clear();
  f.set_account("accounts/1");
  EXPECT_EQ(sequences(f), (std::vector<int64_t>{2, 4, 6, 8}));
  f.Clear();
  *f.mutable_start_time() = TimeUtil::SecondsToTimestamp(1003);
  *f.mutable_end_time() = TimeUtil::SecondsToTimestamp(1005);
  EXPECT_EQ(sequences(f), (std::vector<int64_t>{3, 4}));
  f.Clear();
  f.set_outcome(gfo::v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(sequences(f), (std::vector<int64_t>{7, 8}));
  f.set_outcome(gfo::v1::AUDIT_OUTCOME_FAILED);
  EXPECT_EQ(sequences(f), (std::vector<int64_t>{9}));
  f.set_outcome(gfo::v1::AUDIT_OUTCOME_OK);
  EXPECT_EQ(sequences(f).size(), 6u);
}

TEST_F(AccountsAuditTrail, ATimeWindowPagesAndExportsInSequenceOrder) {
  AppendEvents(30);  // event k at 1000 + k seconds
  gfo::v1::ListAuditEventsRequest request;
  *request.mutable_filter()->mutable_start_time() = TimeUtil::SecondsToTimestamp(1010);
  *request.mutable_filter()->mutable_end_time() = TimeUtil::SecondsToTimestamp(1020);
  request.set_page_size(3);
  std::vector<int64_t> seen;
  do {
    gfo::v1::ListAuditEventsResponse page;
    GFO_ASSERT_OK(ListEvents(*db_, request, &page));
    for (const auto& e : page.events()) seen.push_back(e.sequence());
    request.set_page_token(page.next_page_token());
    AppendEvents(1);  // later events lie outside the window
  } while (!request.page_token().empty());
  EXPECT_EQ(seen, (std::vector<int64_t>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));

  gfo::v1::ExportTrailer trailer;
  auto parts = ExportAll(request.filter(), /*chunk=*/4, &trailer);
  EXPECT_EQ(parts.front().header().matching_events(), 10);
  EXPECT_EQ(trailer.event_count(), 10);
  EXPECT_EQ(trailer.first_sequence(), 10);
  EXPECT_EQ(trailer.last_sequence(), 19);

  // Open-ended: from 1030 on, including what was appended while paging.
  gfo::v1::AuditFilter open;
  *open.mutable_start_time() = TimeUtil::SecondsToTimestamp(1030);
  parts = ExportAll(open, /*chunk=*/2, &trailer);
  EXPECT_EQ(trailer.first_sequence(), 30);
  EXPECT_EQ(trailer.last_sequence(), next_ - 1);
  EXPECT_EQ(trailer.event_count(), next_ - 30);

  // A window with no events.
  *open.mutable_start_time() = TimeUtil::SecondsToTimestamp(5000);
  parts = ExportAll(open, 2, &trailer);
  EXPECT_EQ(parts.size(), 2u);
  EXPECT_EQ(trailer.event_count(), 0);
}

TEST_F(AccountsAuditTrail, ExportSendsHeaderEventsInChunksAndAProvableTrailer) {
  AppendEvents(10);
  gfo::v1::ExportTrailer trailer;
  auto parts = ExportAll({}, /*chunk=*/3, &trailer);
  ASSERT_EQ(parts.size(), 12u);
  ASSERT_TRUE(parts.front().has_header());
  EXPECT_EQ(parts.front().header().matching_events(), 10);
  std::string hashes;
  for (size_t i = 1; i <= 10; ++i) {
    ASSERT_TRUE(parts[i].has_event());
    EXPECT_EQ(parts[i].event().sequence(), static_cast<int64_t>(i));
    hashes += parts[i].event().hash() + "\n";
  }
  ASSERT_TRUE(parts.back().has_trailer());
  EXPECT_EQ(parts.back().trailer().SerializeAsString(), trailer.SerializeAsString());
  EXPECT_EQ(trailer.event_count(), 10);
  EXPECT_EQ(trailer.first_sequence(), 1);
  EXPECT_EQ(trailer.last_sequence(), 10);
  EXPECT_EQ(trailer.last_event_hash(), parts[10].event().hash());
  EXPECT_EQ(trailer.digest(), crypto::Sha256Hex(hashes));
  auto verified = VerifyChain(*db_);
  GFO_ASSERT_OK(verified);
  EXPECT_EQ(trailer.last_event_hash(), verified->head_hash());
}

TEST_F(AccountsAuditTrail, ExportOfAFilteredRangeCountsOnlyMatchingEvents) {
  AppendEvents(9);
  gfo::v1::AuditFilter filter;
  filter.set_resource("requests/2");  // sequences 2, 5, 8
  gfo::v1::ExportTrailer trailer;
  auto parts = ExportAll(filter, /*chunk=*/2, &trailer);
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts.front().header().matching_events(), 3);
  EXPECT_EQ(trailer.event_count(), 3);
  EXPECT_EQ(trailer.first_sequence(), 2);
  EXPECT_EQ(trailer.last_sequence(), 8);
  EXPECT_EQ(trailer.digest(),
            crypto::Sha256Hex(parts[1].event().hash() + "\n" + parts[2].event().hash() + "\n" +
                              parts[3].event().hash() + "\n"));
}

TEST_F(AccountsAuditTrail, ExportOfNothingHasAnEmptyTrailer) {
  gfo::v1::ExportTrailer trailer;
  auto parts = ExportAll({}, 1000, &trailer);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].header().matching_events(), 0);
  EXPECT_EQ(trailer.event_count(), 0);
  EXPECT_EQ(trailer.digest(), crypto::Sha256Hex(""));
}

TEST_F(AccountsAuditTrail, EventsAppendedDuringAnExportAreLeftForTheNextOne) {
  AppendEvents(5);
  std::vector<int64_t> sent;
  auto trailer = Export(
      *db_, {},
      [&](const gfo::v1::ExportAuditEventsResponse& p) {
        if (p.has_event()) {
          sent.push_back(p.event().sequence());
          AppendEvents(1);  // a write between chunks
        }
        return absl::OkStatus();
      },
      /*chunk_size=*/2);
  GFO_ASSERT_OK(trailer);
  EXPECT_EQ(sent, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(trailer->event_count(), 5);
}

TEST_F(AccountsAuditTrail, ExportStopsWithTheSinksError) {
  AppendEvents(5);
  int calls = 0;
  auto trailer = Export(
      *db_, {},
      [&](const gfo::v1::ExportAuditEventsResponse&) {
        return ++calls == 3 ? absl::CancelledError("gone") : absl::OkStatus();
      },
      2);
  EXPECT_THAT(trailer.status(), StatusIs(absl::StatusCode::kCancelled, "gone"));
  EXPECT_EQ(calls, 3);
}

TEST_F(AccountsAuditTrail, ExportRejectsAnInvalidFilter) {
  gfo::v1::AuditFilter filter;
  filter.set_account("bob");
  auto trailer = Export(*db_, filter, [](const auto&) { return absl::OkStatus(); });
  EXPECT_THAT(trailer.status(), StatusIs(absl::StatusCode::kInvalidArgument, "filter.account"));
}

}  // namespace
}  // namespace gfo::audit
