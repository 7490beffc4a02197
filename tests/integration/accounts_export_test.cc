// Audit export end to end: the server stream (header, events in sequence order, trailer), and
// `gfo audit export --format csv|jsonl --out F`, whose files must match a recomputation of the
// trailer's count and digest and parse back (CSV per RFC 4180).

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gfo/v1/account.grpc.pb.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "service/audit_log.h"
#include "service/crypto.h"
#include "tests/support/cli_runner.h"
#include "tests/support/db_queries.h"
#include "tests/support/files.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;

// A strict RFC 4180 reader: records end in CRLF, fields are separated by commas, a field that
// contains a comma, quote, CR or LF is quoted, and a quote inside it is doubled. Anything else
// fails the test.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return records;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(text[i++]);
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r') {
        if (text[i] == '"' || text[i] == '\n') {
          ADD_FAILURE() << "quote or bare LF in an unquoted field at byte " << i;
          return records;
        }
        field.push_back(text[i++]);
      }
    }
    if (i < text.size() && text[i] == ',') {
      record.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      i += 2;
      continue;
    }
    ADD_FAILURE() << "a record must end in CRLF (byte " << i << ")";
    return records;
  }
  EXPECT_TRUE(record.empty() && field.empty()) << "the last record has no CRLF";
  return records;
}

class AccountsExport : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    accounts_ = v1::AccountService::NewStub(server_->channel());
    audit_ = v1::AuditService::NewStub(server_->channel());
    // Calls whose reasons need quoting in CSV, from several callers, allowed and refused.
    for (int i = 0; i < 12; ++i) {
      auto ctx = server_->Context(i % 3 == 0 ? Who::kCaseWorkerHarnosand : Who::kStaff);
      ctx->AddMetadata("x-gfo-reason", absl::StrCat("case \"", i, "\", follow-up, review"));
      v1::Account me;
      EXPECT_TRUE(accounts_->GetCurrentAccount(ctx.get(), {}, &me).ok());
      v1::ListAccountsResponse listed;
      EXPECT_FALSE(accounts_->ListAccounts(server_->Context(Who::kStaff).get(), {}, &listed).ok());
    }
  }

  struct Streamed {
    grpc::Status status;
    int64_t header_count = -1;
    std::vector<v1::AuditEvent> events;
    v1::ExportTrailer trailer;
    bool has_trailer = false;
  };

  Streamed Stream(Who who, const v1::AuditFilter& filter) {
    Streamed s;
    v1::ExportAuditEventsRequest request;
    *request.mutable_filter() = filter;
    auto ctx = server_->Context(who);
    auto reader = audit_->ExportAuditEvents(ctx.get(), request);
    v1::ExportAuditEventsResponse part;
    while (reader->Read(&part)) {
      if (part.has_header()) {
        EXPECT_EQ(s.header_count, -1) << "two headers";
        EXPECT_TRUE(s.events.empty()) << "header after events";
        s.header_count = part.header().matching_events();
      } else if (part.has_event()) {
        EXPECT_FALSE(s.has_trailer) << "event after the trailer";
        s.events.push_back(part.event());
      } else if (part.has_trailer()) {
        s.trailer = part.trailer();
        s.has_trailer = true;
      }
    }
    s.status = reader->Finish();
    return s;
  }

  // Appends `count` staff GetHome events (each with `reason`) straight to the trail, in one
  // write.
  absl::Status AppendEvents(int count, const std::string& reason) {
    return server_->server().database().Write([&](storage::Db& db) -> absl::Status {
      for (int i = 0; i < count; ++i) {
        v1::AuditEvent e;
        e.mutable_time()->set_seconds(1795424400 + i);
        e.set_account("accounts/2");
        e.set_role(v1::ROLE_GFO_STAFF);
        e.set_method("gfo.v1.HomeService/GetHome");
        e.add_resources(absl::StrCat("homes/", i + 1));
        e.set_client_address("ipv4:127.0.0.1:5000");
        e.set_reason(reason);
        auto appended = audit::Append(db, e);
        if (!appended.ok()) return appended.status();
      }
      return absl::OkStatus();
    });
  }

  int Gfo(Who who, std::vector<std::string> args, std::string* out) {
    const CliResult r = RunGfoAs(*server_, who, args, {"--config", server_->dir() + "/gfo.json"});
    *out = r.out + r.err;
    return r.exit_code;
  }

  v1::ExportTrailer TrailerFile(const std::string& path) {
    v1::ExportTrailer trailer;
    const auto status =
        google::protobuf::util::JsonStringToMessage(ReadFile(path + ".trailer.json"), &trailer);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return trailer;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

TEST_F(AccountsExport, TheStreamIsHeaderEventsTrailerAndTheTrailerProvesCompleteness) {
  const Streamed s = Stream(Who::kAuditor, {});
  GFO_ASSERT_OK(s.status);
  ASSERT_TRUE(s.has_trailer);
  ASSERT_EQ(s.header_count, static_cast<int64_t>(s.events.size()));
  // The first admin's creation, then the fixture's calls.
  ASSERT_EQ(s.events.size(), 25u);
  EXPECT_EQ(s.events[0].method(), "gfo-server/BootstrapAdmin");
  EXPECT_EQ(s.events[0].account(), "");
  EXPECT_EQ(s.events[0].client_address(), "local");
  ASSERT_EQ(s.events[0].resources_size(), 1);
  EXPECT_EQ(s.events[0].resources(0), "accounts/1");
  std::string hashes;
  for (size_t i = 0; i < s.events.size(); ++i) {
    EXPECT_EQ(s.events[i].sequence(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(audit::EventHash(s.events[i]), s.events[i].hash());
    if (i > 0) {
      EXPECT_EQ(s.events[i].prev_hash(), s.events[i - 1].hash());
    }
    hashes += s.events[i].hash() + "\n";
  }
  EXPECT_EQ(s.trailer.event_count(), 25);
  EXPECT_EQ(s.trailer.first_sequence(), 1);
  EXPECT_EQ(s.trailer.last_sequence(), 25);
  EXPECT_EQ(s.trailer.last_event_hash(), s.events.back().hash());
  EXPECT_EQ(s.trailer.digest(), crypto::Sha256Hex(hashes));

  // The export itself is on the trail, after its range.
  v1::ListAuditEventsRequest list;
  list.mutable_filter()->set_method("ExportAuditEvents");
  v1::ListAuditEventsResponse exports;
  GFO_ASSERT_OK(audit_->ListAuditEvents(server_->Context(Who::kAuditor).get(), list, &exports));
  ASSERT_EQ(exports.events_size(), 1);
  EXPECT_EQ(exports.events(0).sequence(), 26);
  EXPECT_EQ(exports.events(0).status_code(), 0);
}

// The export is recorded before its data leaves: with the stream still open after its first
// message (and far more events behind it than gRPC's flow-control window lets through), the
// trail already holds the export's event.
TEST_F(AccountsExport, TheExportIsOnTheTrailBeforeItsFirstMessageArrives) {
  GFO_ASSERT_OK(AppendEvents(5000, std::string(200, 'r')));
  v1::ExportAuditEventsRequest request;
  auto ctx = server_->Context(Who::kAuditor);
  auto reader = audit_->ExportAuditEvents(ctx.get(), request);
  v1::ExportAuditEventsResponse first;
  ASSERT_TRUE(reader->Read(&first));
  ASSERT_TRUE(first.has_header());

  v1::ListAuditEventsRequest list;
  list.mutable_filter()->set_method("ExportAuditEvents");
  v1::ListAuditEventsResponse exports;
  GFO_ASSERT_OK(audit_->ListAuditEvents(server_->Context(Who::kAuditor).get(), list, &exports));
  ASSERT_EQ(exports.events_size(), 1);
  EXPECT_EQ(exports.events(0).status_code(), 0);
  EXPECT_EQ(exports.events(0).account(), server_->account(Who::kAuditor));

  // The client walks away; the stream ends cancelled.
  ctx->TryCancel();
  v1::ExportAuditEventsResponse part;
  while (reader->Read(&part)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

// An auditor's account disabled while its export streams: the export stops within a few hundred
// events, without a trailer, and the trail records how it ended.
TEST_F(AccountsExport, AnAccountDisabledDuringItsExportStopsTheStream) {
  constexpr int kEvents = 20000;
  GFO_ASSERT_OK(AppendEvents(kEvents, ""));
  v1::ExportAuditEventsRequest request;
  auto ctx = server_->Context(Who::kAuditor);
  auto reader = audit_->ExportAuditEvents(ctx.get(), request);
  v1::ExportAuditEventsResponse part;
  ASSERT_TRUE(reader->Read(&part));
  ASSERT_TRUE(part.has_header());
  ASSERT_GT(part.header().matching_events(), kEvents);

  v1::DisableAccountRequest disable;
  disable.set_name(server_->account(Who::kAuditor));
  disable.set_reason("left the GFO");
  v1::Account disabled;
  GFO_ASSERT_OK(accounts_->DisableAccount(server_->Context(Who::kAdmin).get(), disable, &disabled));

  int64_t events_after = 0;
  bool trailer = false;
  while (reader->Read(&part)) {
    if (part.has_event()) ++events_after;
    if (part.has_trailer()) trailer = true;
  }
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_FALSE(trailer);
  // What gRPC had buffered before the change, and at most one round of checks after it.
  EXPECT_LT(events_after, kEvents / 2);

  const int64_t ended =
      QueryInt(*server_, absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE method = "
                                      "'gfo.v1.AuditService/ExportAuditEvents' AND status_code = ",
                                      static_cast<int>(grpc::StatusCode::UNAUTHENTICATED),
                                      " AND account = '", server_->account(Who::kAuditor), "'"));
  EXPECT_EQ(ended, 1);
}

TEST_F(AccountsExport, AFilteredRangeCountsOnlyWhatMatches) {
  v1::AuditFilter filter;
  filter.set_account(server_->account(Who::kCaseWorkerHarnosand));
  const Streamed s = Stream(Who::kAuditor, filter);
  GFO_ASSERT_OK(s.status);
  EXPECT_EQ(s.header_count, 4);
  ASSERT_EQ(s.events.size(), 4u);
  for (const auto& e : s.events) EXPECT_EQ(e.municipality_code(), 2280);
  EXPECT_EQ(s.trailer.event_count(), 4);
  EXPECT_EQ(s.trailer.first_sequence(), s.events.front().sequence());
  EXPECT_EQ(s.trailer.last_sequence(), s.events.back().sequence());
}

TEST_F(AccountsExport, OnlyAuditorsMayExportAndARefusalSendsNothing) {
  for (Who who : {Who::kAdmin, Who::kStaff, Who::kCaseWorkerKramfors}) {
    const Streamed s = Stream(who, {});
    EXPECT_EQ(s.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(s.header_count, -1);
    EXPECT_TRUE(s.events.empty());
  }
  v1::AuditFilter bad;
  bad.set_account("someone");
  const Streamed s = Stream(Who::kAuditor, bad);
  EXPECT_THAT(s.status, StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "filter.account"));
  EXPECT_EQ(s.header_count, -1);
}

// An auditor keeps each export's trailer; the next verify expects its last event to be there still.
TEST_F(AccountsExport, VerifyExpectsTheLastEventOfAnEarlierExportFromItsTrailer) {
  const std::string path = server_->dir() + "/earlier.csv";
  std::string out;
  ASSERT_EQ(Gfo(Who::kAuditor, {"audit", "export", "--format", "csv", "--out", path}, &out), 0)
      << out;
  const v1::ExportTrailer trailer = TrailerFile(path);
  ASSERT_GT(trailer.event_count(), 0);
  ASSERT_EQ(
      Gfo(Who::kAuditor, {"audit", "verify", "--expect-trailer", path + ".trailer.json"}, &out), 0)
      << out;
  EXPECT_NE(out.find(absl::StrCat("event ", trailer.last_sequence(), " as expected")),
            std::string::npos)
      << out;

  // A trailer whose last hash no longer matches (here: edited) fails the check.
  v1::ExportTrailer edited = trailer;
  edited.set_last_event_hash(std::string(64, 'e'));
  const std::string edited_path = server_->dir() + "/edited.trailer.json";
  {
    std::ofstream file(edited_path);
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(edited, &json).ok());
    file << json;
  }
  EXPECT_EQ(Gfo(Who::kAuditor, {"audit", "verify", "--expect-trailer", edited_path}, &out), 1)
      << out;
  EXPECT_NE(out.find(absl::StrCat("first broken event is sequence ", trailer.last_sequence())),
            std::string::npos)
      << out;

  // Not a trailer, an empty export's trailer, or both flags: usage errors.
  const std::string empty_path = server_->dir() + "/empty.trailer.json";
  {
    std::ofstream file(empty_path);
    file << "{}";
  }
  EXPECT_EQ(Gfo(Who::kAuditor, {"audit", "verify", "--expect-trailer", empty_path}, &out), 2)
      << out;
  EXPECT_NE(out.find("the export held no events"), std::string::npos) << out;
  EXPECT_EQ(Gfo(Who::kAuditor, {"audit", "verify", "--expect-trailer", path}, &out), 2) << out;
  EXPECT_EQ(Gfo(Who::kAuditor,
                {"audit", "verify", "--expect-trailer", path + ".trailer.json", "--expect",
                 absl::StrCat(trailer.last_sequence(), ":", trailer.last_event_hash())},
                &out),
            2)
      << out;
}

TEST_F(AccountsExport, CliCsvParsesBackAndMatchesTheTrailer) {
  const Streamed reference = Stream(Who::kAuditor, {});
  GFO_ASSERT_OK(reference.status);
  const std::string path = server_->dir() + "/audit.csv";
  std::string out;
  ASSERT_EQ(Gfo(Who::kAuditor, {"audit", "export", "--format", "csv", "--out", path}, &out), 0)
      << out;

  const std::vector<std::vector<std::string>> records = ParseCsv(ReadFile(path));
  ASSERT_GE(records.size(), 2u);
  const std::vector<std::string>& header = records[0];
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<size_t>(it - header.begin());
  };
  const size_t seq = column("sequence"), hash = column("hash"), reason = column("reason"),
               account = column("account"), method = column("method");

  // The export includes the reference export's own event: one more than the reference.
  const v1::ExportTrailer trailer = TrailerFile(path);
  ASSERT_EQ(static_cast<int64_t>(records.size() - 1), trailer.event_count());
  ASSERT_EQ(trailer.event_count(), static_cast<int64_t>(reference.events.size()) + 1);
  std::string hashes;
  for (size_t r = 1; r < records.size(); ++r) {
    ASSERT_EQ(records[r].size(), header.size()) << "record " << r;
    EXPECT_EQ(records[r][seq], absl::StrCat(r));
    hashes += records[r][hash] + "\n";
    if (r <= reference.events.size()) {
      const v1::AuditEvent& e = reference.events[r - 1];
      EXPECT_EQ(records[r][hash], e.hash());
      EXPECT_EQ(records[r][reason], e.reason());
      EXPECT_EQ(records[r][account], e.account());
      EXPECT_EQ(records[r][method], e.method());
    }
  }
  EXPECT_EQ(records[1][method], "gfo-server/BootstrapAdmin");
  EXPECT_EQ(records[2][reason], "case \"0\", follow-up, review");
  EXPECT_EQ(crypto::Sha256Hex(hashes), trailer.digest());
  EXPECT_EQ(records.back()[hash], trailer.last_event_hash());
  EXPECT_EQ(trailer.last_sequence(), trailer.event_count());
}

TEST_F(AccountsExport, CliJsonlHoldsTheEventsExactly) {
  const std::string path = server_->dir() + "/audit.jsonl";
  std::string out;
  ASSERT_EQ(Gfo(Who::kAuditor,
                {"audit", "export", "--format", "jsonl", "--out", path, "--method", "ListAccounts"},
                &out),
            0)
      << out;
  const v1::ExportTrailer trailer = TrailerFile(path);
  EXPECT_EQ(trailer.event_count(), 12);
  std::string hashes;
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(ReadFile(path), '\n', absl::SkipEmpty())) {
    v1::AuditEvent e;
    const auto status = google::protobuf::util::JsonStringToMessage(std::string(line), &e);
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(e.method(), "gfo.v1.AccountService/ListAccounts");
    EXPECT_EQ(e.status_code(), static_cast<int>(grpc::StatusCode::PERMISSION_DENIED));
    EXPECT_EQ(audit::EventHash(e), e.hash()) << "the line does not hold the event exactly";
    hashes += e.hash() + "\n";
    ++lines;
  }
  EXPECT_EQ(lines, 12);
  EXPECT_EQ(crypto::Sha256Hex(hashes), trailer.digest());
}

TEST_F(AccountsExport, CliRefusalLeavesNoFile) {
  const std::string path = server_->dir() + "/refused.csv";
  std::string out;
  EXPECT_NE(Gfo(Who::kStaff, {"audit", "export", "--out", path}, &out), 0);
  EXPECT_FALSE(std::ifstream(path).good());
  EXPECT_FALSE(std::ifstream(path + ".trailer.json").good());
}

}  // namespace
}  // namespace gfo::testing
