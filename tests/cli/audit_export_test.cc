// The audit export writer and its completeness check, fed by a fake stream.

#include "cli/audit_export.h"

#include <filesystem>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli/output.h"
#include "tests/cli/test_env.h"

namespace gfo::cli {
namespace {

using ::testing::HasSubstr;
using testing::ReadFileOrEmpty;

constexpr char kDigestH1H2H3[] = "bdfe2a03b7a1fc580bd0775843375374b4c77a5b859893f155cb6f1c91970305";
constexpr char kDigestOfNothing[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

gfo::v1::ExportAuditEventsResponse Header(int64_t matching) {
  gfo::v1::ExportAuditEventsResponse part;
  part.mutable_header()->set_matching_events(matching);
  return part;
}

gfo::v1::ExportAuditEventsResponse Event(int64_t sequence, const std::string& hash) {
  gfo::v1::ExportAuditEventsResponse part;
  gfo::v1::AuditEvent* event = part.mutable_event();
  event->set_sequence(sequence);
  event->mutable_time()->set_seconds(1751358600);  // 2025-07-01T08:30:00Z
  event->set_account("accounts/2");
  event->set_role(gfo::v1::ROLE_CASE_WORKER);
  event->set_municipality_code(2262);
  event->set_method("gfo.v1.RequestService/GetRequest");
  event->add_resources("requests/17");
  event->add_resources("homes/3");
  event->set_status_code(7);
  event->set_client_address("ipv4:127.0.0.1:5000");
  event->set_reason("review, \"urgent\"");
  event->set_prev_hash("p" + hash);
  event->set_hash(hash);
  return part;
}

gfo::v1::ExportAuditEventsResponse Trailer(int64_t count, int64_t first, int64_t last,
                                           const std::string& last_hash,
                                           const std::string& digest) {
  gfo::v1::ExportAuditEventsResponse part;
  gfo::v1::ExportTrailer* trailer = part.mutable_trailer();
  trailer->set_event_count(count);
  trailer->set_first_sequence(first);
  trailer->set_last_sequence(last);
  trailer->set_last_event_hash(last_hash);
  trailer->set_digest(digest);
  return part;
}

std::vector<gfo::v1::ExportAuditEventsResponse> GoodStream() {
  return {Header(3), Event(5, "h1"), Event(6, "h2"), Event(9, "h3"),
          Trailer(3, 5, 9, "h3", kDigestH1H2H3)};
}

// Serves parts from a vector, then `final_status`; records a cancel.
struct FakeStream {
  std::vector<gfo::v1::ExportAuditEventsResponse> parts;
  absl::Status final_status = absl::OkStatus();
  size_t next_index = 0;
  bool cancelled = false;
  int finished = 0;

  ExportStream AsStream() {
    return ExportStream{
        .next =
            [this](gfo::v1::ExportAuditEventsResponse* part) {
              if (cancelled || next_index >= parts.size()) return false;
              *part = parts[next_index++];
              return true;
            },
        .cancel = [this] { cancelled = true; },
        .finish =
            [this] {
              ++finished;
              return cancelled ? absl::CancelledError("cancelled") : final_status;
            },
    };
  }
};

struct RecordingProgress : ExportProgress {
  std::vector<std::pair<int64_t, int64_t>> updates;
  int done = 0;
  void Update(int64_t d, int64_t t) override { updates.emplace_back(d, t); }
  void Done() override { ++done; }
};

class CliAuditExport : public testing::IsolatedEnvTest {
 protected:
  std::string OutPath() const { return home() + "/export.csv"; }
  bool Exists(const std::string& path) const { return std::filesystem::exists(path); }
};

TEST(CliAuditDigest, IsSha256OverEachHashAndNewline) {
  EXPECT_EQ(ExportDigest({"h1", "h2", "h3"}), kDigestH1H2H3);
  EXPECT_EQ(ExportDigest({}), kDigestOfNothing);
}

TEST(CliAuditCsv, RecordHasEveryColumnInHeaderOrder) {
  const std::vector<std::string> header = AuditCsvHeader();
  const std::vector<std::string> record = AuditCsvRecord(Event(5, "h1").event());
  ASSERT_EQ(header.size(), record.size());
  EXPECT_EQ(record[0], "5");
  EXPECT_EQ(record[1], "2025-07-01T08:30:00Z");
  EXPECT_EQ(record[3], "case_worker");
  EXPECT_EQ(record[4], "2262");
  EXPECT_EQ(record[6], "requests/17;homes/3");
  EXPECT_EQ(record[7], "7");
  EXPECT_EQ(record[8], "PERMISSION_DENIED");
  EXPECT_EQ(record[12], "h1");
}

TEST_F(CliAuditExport, WritesCsvAndTrailerWhenTheStreamIsComplete) {
  FakeStream fake{.parts = GoodStream()};
  RecordingProgress progress;
  const absl::StatusOr<gfo::v1::ExportTrailer> trailer =
      ExportAuditToFile(fake.AsStream(), ExportFormat::kCsv, OutPath(), &progress);
  ASSERT_TRUE(trailer.ok()) << trailer.status();
  EXPECT_EQ(trailer->event_count(), 3);

  const std::string csv = ReadFileOrEmpty(OutPath());
  EXPECT_EQ(csv.rfind("sequence,time,account,role,municipality_code,method,resources,status_code,"
                      "status,client_address,reason,prev_hash,hash\r\n",
                      0),
            0u);
  EXPECT_THAT(csv, HasSubstr("\r\n5,2025-07-01T08:30:00Z,accounts/2,case_worker,2262,"
                             "gfo.v1.RequestService/GetRequest,requests/17;homes/3,7,"
                             "PERMISSION_DENIED,ipv4:127.0.0.1:5000,\"review, \"\"urgent\"\"\",ph1,"
                             "h1\r\n"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);

  const std::string trailer_json = ReadFileOrEmpty(OutPath() + ".trailer.json");
  EXPECT_THAT(trailer_json, HasSubstr("\"event_count\": \"3\""));
  EXPECT_THAT(trailer_json, HasSubstr(kDigestH1H2H3));
  EXPECT_FALSE(Exists(OutPath() + ".partial"));

  ASSERT_FALSE(progress.updates.empty());
  EXPECT_EQ(progress.updates.front(), std::make_pair(int64_t{0}, int64_t{3}));
  EXPECT_EQ(progress.updates.back(), std::make_pair(int64_t{3}, int64_t{3}));
  EXPECT_EQ(progress.done, 1);
  EXPECT_EQ(fake.finished, 1);
}

// An export says who looked at which records: the file and its trailer are the user's alone,
// even under a umask that would let everyone read them.
TEST_F(CliAuditExport, TheFilesAreReadableByTheirOwnerOnly) {
  const mode_t old_umask = ::umask(022);
  FakeStream fake{.parts = GoodStream()};
  const absl::StatusOr<gfo::v1::ExportTrailer> trailer =
      ExportAuditToFile(fake.AsStream(), ExportFormat::kCsv, OutPath(), nullptr);
  ::umask(old_umask);
  ASSERT_TRUE(trailer.ok()) << trailer.status();
  for (const std::string& path : {OutPath(), OutPath() + ".trailer.json"}) {
    const auto perms = std::filesystem::status(path).permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
              std::filesystem::perms::none)
        << path;
  }
}

TEST_F(CliAuditExport, WritesOneCanonicalJsonEventPerLine) {
  FakeStream fake{.parts = GoodStream()};
  const std::string path = home() + "/export.jsonl";
  ASSERT_TRUE(ExportAuditToFile(fake.AsStream(), ExportFormat::kJsonl, path, nullptr).ok());
  std::istringstream lines(ReadFileOrEmpty(path));
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line)) all.push_back(line);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].front(), '{');
  EXPECT_THAT(all[0], HasSubstr("\"sequence\":\"5\""));
  EXPECT_THAT(all[2], HasSubstr("\"hash\":\"h3\""));
  EXPECT_THAT(all[0], HasSubstr("\"municipality_code\":2262"));
}

TEST_F(CliAuditExport, AnEmptyRangeIsACompleteExport) {
  FakeStream fake{.parts = {Header(0), Trailer(0, 0, 0, "", kDigestOfNothing)}};
  ASSERT_TRUE(ExportAuditToFile(fake.AsStream(), ExportFormat::kCsv, OutPath(), nullptr).ok());
  EXPECT_EQ(ReadFileOrEmpty(OutPath()).find("sequence,"), 0u);
  EXPECT_THAT(ReadFileOrEmpty(OutPath() + ".trailer.json"), HasSubstr("\"event_count\": \"0\""));
}

struct BrokenCase {
  const char* what;
  std::vector<gfo::v1::ExportAuditEventsResponse> parts;
  const char* message;
};

TEST_F(CliAuditExport, RefusesStreamsThatDoNotMatchTheirTrailer) {
  const BrokenCase cases[] = {
      {"digest differs",
       {Header(3), Event(5, "h1"), Event(6, "h2"), Event(9, "h3"),
        Trailer(3, 5, 9, "h3", kDigestOfNothing)},
       "digest mismatch"},
      {"an event is missing",
       {Header(3), Event(5, "h1"), Event(9, "h3"), Trailer(3, 5, 9, "h3", kDigestH1H2H3)},
       "counts 3 events, received 2"},
      {"no trailer",
       {Header(3), Event(5, "h1"), Event(6, "h2"), Event(9, "h3")},
       "without a trailer"},
      {"sequences differ",
       {Header(3), Event(5, "h1"), Event(6, "h2"), Event(9, "h3"),
        Trailer(3, 4, 9, "h3", kDigestH1H2H3)},
       "spans sequences"},
      {"last hash differs",
       {Header(3), Event(5, "h1"), Event(6, "h2"), Event(9, "h3"),
        Trailer(3, 5, 9, "hX", kDigestH1H2H3)},
       "last event hash"},
      {"event before header", {Event(5, "h1")}, "before the header"},
      {"sequence goes back",
       {Header(2), Event(6, "h2"), Event(5, "h1"), Trailer(2, 6, 5, "h1", "")},
       "sequence 5 after 6"},
      {"data after trailer",
       {Header(0), Trailer(0, 0, 0, "", kDigestOfNothing), Event(1, "h1")},
       "after the trailer"},
      {"empty part", {Header(0), gfo::v1::ExportAuditEventsResponse()}, "empty part"},
  };
  for (const BrokenCase& c : cases) {
    // An older, good export at the same path must survive a failed one.
    testing::WriteFileOrDie(OutPath(), "previous");
    FakeStream fake{.parts = c.parts};
    const absl::StatusOr<gfo::v1::ExportTrailer> result =
        ExportAuditToFile(fake.AsStream(), ExportFormat::kCsv, OutPath(), nullptr);
    ASSERT_FALSE(result.ok()) << c.what;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kDataLoss) << c.what;
    EXPECT_THAT(std::string(result.status().message()), HasSubstr(c.message)) << c.what;
    EXPECT_EQ(ReadFileOrEmpty(OutPath()), "previous") << c.what;
    EXPECT_FALSE(Exists(OutPath() + ".partial")) << c.what;
    EXPECT_FALSE(Exists(OutPath() + ".trailer.json")) << c.what;
    EXPECT_EQ(fake.finished, 1) << c.what;
  }
}

TEST_F(CliAuditExport, MalformedStreamIsCancelled) {
  FakeStream fake{.parts = {Event(5, "h1"), Header(1)}};
  EXPECT_FALSE(ExportAuditToFile(fake.AsStream(), ExportFormat::kCsv, OutPath(), nullptr).ok());
  EXPECT_TRUE(fake.cancelled);
  EXPECT_EQ(fake.next_index, 1u);
}

TEST_F(CliAuditExport, ServerErrorIsReturnedAndNothingIsLeft) {
  FakeStream fake{.parts = {Header(3), Event(5, "h1")},
                  .final_status = absl::PermissionDeniedError("auditor role required")};
  const absl::StatusOr<gfo::v1::ExportTrailer> result =
      ExportAuditToFile(fake.AsStream(), ExportFormat::kCsv, OutPath(), nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_FALSE(Exists(OutPath()));
  EXPECT_FALSE(Exists(OutPath() + ".partial"));
}

TEST_F(CliAuditExport, UnwritablePathIsAnError) {
  FakeStream fake{.parts = GoodStream()};
  const absl::StatusOr<gfo::v1::ExportTrailer> result = ExportAuditToFile(
      fake.AsStream(), ExportFormat::kCsv, home() + "/no/such/dir/x.csv", nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("cannot write"));
}

TEST(CliProgressBar, DrawsOnTheSameLineAndEndsWithNewline) {
  std::ostringstream out;
  TerminalProgressBar bar(out);
  bar.Update(0, 4);
  bar.Update(2, 4);
  bar.Update(2, 4);  // unchanged: not redrawn
  bar.Update(4, 4);
  bar.Done();
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 3);
  EXPECT_THAT(text, HasSubstr(" 50.0% 2/4 events"));
  EXPECT_THAT(text, HasSubstr("[##############################] 100.0% 4/4 events"));
  EXPECT_EQ(text.back(), '\n');
}

TEST(CliProgressBar, CountsWhenTheTotalIsUnknownAndIsSilentWhenNothingWasDrawn) {
  std::ostringstream silent;
  TerminalProgressBar unused(silent);
  unused.Done();
  EXPECT_EQ(silent.str(), "");
  std::ostringstream out;
  TerminalProgressBar bar(out);
  for (int i = 1; i <= 2500; ++i) bar.Update(i, 0);
  EXPECT_THAT(out.str(), HasSubstr("exported 2000 events"));
}

}  // namespace
}  // namespace gfo::cli
