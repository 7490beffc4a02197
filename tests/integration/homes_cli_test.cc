// `gfo homes ...` end to end: the CLI (RunGfo, in-process) against a real TestServer, checking
// exit codes, output in every format, and what the server stored.

#include <google/protobuf/util/json_util.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "cli/exit_codes.h"
#include "cli/gfo_cli.h"
#include "tests/integration/homes_test_helpers.h"
#include "tests/support/cli_runner.h"

namespace gfo::testing {
namespace {

using gfo::v1::Home;
using ::testing::HasSubstr;
using ::testing::Not;

class HomesCliTest : public HomesTest {
 protected:
  void SetUp() override {
    HomesTest::SetUp();
    // Keep the user's own settings out: no GFO_* variables, a config dir inside the test's.
    IsolateCliEnvironment(server_->dir());
  }

  CliResult Gfo(std::vector<std::string> args, const std::string& output = "json",
                Who who = Who::kStaff) {
    args.insert(args.begin(), {"--output", output});
    return RunGfoAs(*server_, who, args);
  }

  static Home ParseHome(const std::string& json) {
    Home home;
    auto status = google::protobuf::util::JsonStringToMessage(json, &home);
    EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
    return home;
  }

  std::vector<std::string> CreateFlags(const std::string& capacity = "3") const {
    return {"homes",
            "create",
            "--municipality",
            "2280",
            "--lat",
            "62.63",
            "--lon",
            "17.94",
            "--kind",
            "long_term",
            "--kind",
            "emergency",
            "--capacity",
            capacity,
            "--min-age",
            "2",
            "--max-age",
            "15",
            "--language",
            "sv,ar",
            "--adult",
            "Anna Berg " + PersonalNumber(1980, 4, 12, 23),
            "--available-from",
            "2026-12-01"};
  }
};

TEST_F(HomesCliTest, CreateFromFlagsPrintsTheNewHomeWithAMaskedNumber) {
  CliResult r = Gfo(CreateFlags());
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  Home home = ParseHome(r.out);
  EXPECT_EQ(home.name(), "homes/1");
  EXPECT_EQ(home.code(), "FH-0001");
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_INQUIRY);
  EXPECT_EQ(home.capacity(), 3);
  EXPECT_THAT(home.languages(), ::testing::ElementsAre("ar", "sv"));
  ASSERT_EQ(home.adults_size(), 1);
  EXPECT_EQ(home.adults(0).personal_identity_number(), "19800412-****");
  EXPECT_THAT(r.out, Not(HasSubstr(PersonalNumber(1980, 4, 12, 23))));
  Home stored = MustGet("homes/1");
  EXPECT_EQ(stored.available_from().year(), 2026);
  EXPECT_EQ(stored.kinds_size(), 2);
}

TEST_F(HomesCliTest, CreateFromFileAndInAssessment) {
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(ValidHome(2282, 4), &json).ok());
  const std::string path = server_->dir() + "/home.json";
  std::ofstream(path) << json;
  CliResult r = Gfo({"homes", "create", "--from-file", path, "--initial-status", "assessment"});
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  Home home = ParseHome(r.out);
  EXPECT_EQ(home.municipality_code(), 2282);
  EXPECT_EQ(home.capacity(), 4);
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_ASSESSMENT);
  // Flags override the file's values.
  r = Gfo({"homes", "create", "--from-file", path, "--capacity", "1"});
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  EXPECT_EQ(ParseHome(r.out).capacity(), 1);
  EXPECT_EQ(ListAll({}).size(), 2u);
}

// Without --max-age a home would accept infants only; the CLI asks for it instead.
TEST_F(HomesCliTest, CreateFromFlagsNeedsTheOldestAcceptedAge) {
  std::vector<std::string> flags = CreateFlags();
  const auto at = std::find(flags.begin(), flags.end(), "--max-age");
  ASSERT_NE(at, flags.end());
  flags.erase(at, at + 2);
  CliResult r = Gfo(flags);
  EXPECT_EQ(r.exit_code, cli::kExitUsage) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--max-age is required"));
  EXPECT_TRUE(ListAll({}).empty());
}

TEST_F(HomesCliTest, AnAdminNamesTheStaffWhoSeeAProtectedAddress) {
  std::vector<std::string> flags = CreateFlags();
  for (const char* extra : {"--protected", "--address", "Hemliga vägen 7"}) flags.push_back(extra);
  flags.push_back("--address-reader");
  flags.push_back(server_->account(Who::kStaff));
  CliResult refused = Gfo(flags);
  EXPECT_EQ(refused.exit_code, cli::kExitPermissionDenied) << refused.err;
  ASSERT_EQ(Gfo(flags, "json", Who::kAdmin).exit_code, cli::kExitOk);
  CliResult seen = Gfo({"homes", "get", "homes/1"});
  ASSERT_EQ(seen.exit_code, cli::kExitOk) << seen.err;
  EXPECT_EQ(ParseHome(seen.out).address(), "Hemliga vägen 7");
}

TEST_F(HomesCliTest, CreateWithBadInputExitsThreeNamingTheFieldAndWritesNothing) {
  CliResult r = Gfo(CreateFlags("0"));
  EXPECT_EQ(r.exit_code, cli::kExitInvalidArgument) << r.err;
  EXPECT_THAT(r.err, HasSubstr("home.capacity: must be between 1 and 10, got 0"));
  std::vector<std::string> unknown = CreateFlags();
  unknown[3] = "1234";
  r = Gfo(unknown);
  EXPECT_EQ(r.exit_code, cli::kExitInvalidArgument) << r.err;
  EXPECT_THAT(r.err, HasSubstr("home.municipality_code: unknown municipality 1234"));
  EXPECT_TRUE(ListAll({}).empty());
}

TEST_F(HomesCliTest, ListInTableJsonAndCsv) {
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);

  CliResult table = Gfo({"homes", "list"}, "table");
  ASSERT_EQ(table.exit_code, cli::kExitOk) << table.err;
  EXPECT_THAT(table.out, HasSubstr("NAME"));
  EXPECT_THAT(table.out, HasSubstr("CODE"));
  EXPECT_THAT(table.out, HasSubstr("FH-0001"));
  EXPECT_THAT(table.out, HasSubstr("FH-0002"));
  EXPECT_THAT(table.out, HasSubstr("inquiry"));

  CliResult json = Gfo({"homes", "list"}, "json");
  ASSERT_EQ(json.exit_code, cli::kExitOk) << json.err;
  gfo::v1::ListHomesResponse list;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &list).ok()) << json.out;
  ASSERT_EQ(list.homes_size(), 2);
  EXPECT_EQ(list.homes(1).name(), "homes/2");
  EXPECT_EQ(list.homes(0).adults(0).personal_identity_number(), "19800412-****");

  CliResult csv = Gfo({"homes", "list", "--kind", "emergency"}, "csv");
  ASSERT_EQ(csv.exit_code, cli::kExitOk) << csv.err;
  std::vector<std::string> lines = absl::StrSplit(csv.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << csv.out;
  EXPECT_EQ(lines[0].rfind("NAME,CODE,STATUS", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("homes/1,FH-0001,inquiry", 0), 0u) << lines[1];

  CliResult none = Gfo({"homes", "list", "--status", "approved"}, "csv");
  ASSERT_EQ(none.exit_code, cli::kExitOk) << none.err;
  lines = absl::StrSplit(none.out, '\n', absl::SkipEmpty());
  EXPECT_EQ(lines.size(), 1u) << none.out;
  EXPECT_THAT(csv.err, Not(HasSubstr("more results")));
}

// A CSV or JSON saved from stdout must not pass for the whole list when it holds one page: the
// hint goes to stderr in every format, and --all fetches everything.
TEST_F(HomesCliTest, APartialPageSaysSoOnStderrInEveryFormat) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  for (const char* format : {"table", "csv", "json"}) {
    CliResult page = Gfo({"homes", "list", "--page-size", "2"}, format);
    ASSERT_EQ(page.exit_code, cli::kExitOk) << page.err;
    EXPECT_THAT(page.err, HasSubstr("more results: add --page-token")) << format;
    EXPECT_THAT(page.out, Not(HasSubstr("more results"))) << format;
    CliResult all = Gfo({"homes", "list", "--page-size", "2", "--all"}, format);
    ASSERT_EQ(all.exit_code, cli::kExitOk) << all.err;
    EXPECT_THAT(all.err, Not(HasSubstr("more results"))) << format;
    EXPECT_THAT(all.out, HasSubstr("FH-0003")) << format;
  }
}

TEST_F(HomesCliTest, ApproveFollowsTheLifecycle) {
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  CliResult r = Gfo({"homes", "approve", "homes/1"});
  EXPECT_EQ(r.exit_code, cli::kExitFailedPrecondition);
  EXPECT_THAT(r.err, HasSubstr("homes/1: cannot move from inquiry to approved"));
  ASSERT_EQ(Gfo({"homes", "start-assessment", "1"}).exit_code, cli::kExitOk);
  r = Gfo({"homes", "approve", "homes/1", "--reason", "course done"});
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  EXPECT_EQ(ParseHome(r.out).status(), gfo::v1::HOME_STATUS_APPROVED);
  EXPECT_EQ(History("homes/1").back().reason(), "course done");
  r = Gfo({"homes", "get", "homes/1"}, "table");
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("approved"));
}

TEST_F(HomesCliTest, UpdateWithEtagAndStaleEtag) {
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  CliResult r = Gfo({"homes", "update", "homes/1", "--etag", "1", "--capacity", "5", "--pets"});
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  Home home = ParseHome(r.out);
  EXPECT_EQ(home.capacity(), 5);
  EXPECT_TRUE(home.has_pets());
  EXPECT_EQ(home.etag(), "2");
  EXPECT_EQ(home.max_age(), 15);  // untouched
  r = Gfo({"homes", "update", "homes/1", "--etag", "1", "--capacity", "6"});
  EXPECT_EQ(r.exit_code, cli::kExitConflict);
  EXPECT_THAT(r.err, HasSubstr("etag"));
  EXPECT_EQ(MustGet("homes/1").capacity(), 5);
}

TEST_F(HomesCliTest, ClearTakesOneOrMoreFieldsPerFlag) {
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  ASSERT_EQ(Gfo({"homes", "update", "homes/1", "--etag", "1", "--experience", "trauma"}).exit_code,
            cli::kExitOk);
  CliResult r =
      Gfo({"homes", "update", "--clear", "languages,experience", "homes/1", "--etag", "2"});
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  Home home = ParseHome(r.out);
  EXPECT_EQ(home.languages_size(), 0);
  EXPECT_EQ(home.experience_size(), 0);
  EXPECT_EQ(home.max_age(), 15);  // untouched
}

TEST_F(HomesCliTest, UpdateFromTheJsonOfGet) {
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  CliResult got = Gfo({"homes", "get", "homes/1"});
  ASSERT_EQ(got.exit_code, cli::kExitOk) << got.err;
  Home home = ParseHome(got.out);
  home.set_max_age(12);
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(home, &json).ok());
  const std::string path = server_->dir() + "/edit.json";
  std::ofstream(path) << json;
  CliResult r = Gfo({"homes", "update", "homes/1", "--from-file", path});
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  Home stored = MustGet("homes/1");
  EXPECT_EQ(stored.max_age(), 12);
  EXPECT_EQ(stored.adults(0).personal_identity_number(), "19800412-****");
  EXPECT_EQ(stored.capacity(), 3);
}

TEST_F(HomesCliTest, CloseNeedsAReasonAndIsRecorded) {
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  CliResult r = Gfo({"homes", "close", "homes/1"});
  EXPECT_EQ(r.exit_code, cli::kExitUsage);
  EXPECT_EQ(MustGet("homes/1").status(), gfo::v1::HOME_STATUS_INQUIRY);
  r = Gfo({"homes", "close", "homes/1", "--reason", "family moved"});
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  Home home = ParseHome(r.out);
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_CLOSED);
  EXPECT_EQ(home.close_reason(), "family moved");
  r = Gfo({"homes", "close", "homes/1", "--reason", "again"});
  EXPECT_EQ(r.exit_code, cli::kExitFailedPrecondition);
  EXPECT_THAT(r.err, HasSubstr("cannot move from closed to closed"));
  r = Gfo({"homes", "history", "homes/1"}, "csv");
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("family moved"));
}

TEST_F(HomesCliTest, CaseWorkerIsRefusedWithExitSeven) {
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  CliResult r = Gfo({"homes", "list"}, "table", Who::kCaseWorkerHarnosand);
  EXPECT_EQ(r.exit_code, cli::kExitPermissionDenied);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_TRUE(r.out.empty());
}

TEST_F(HomesCliTest, DataSurviveAServerRestart) {
  ASSERT_EQ(Gfo(CreateFlags()).exit_code, 0);
  server_->Restart();
  CliResult r = Gfo({"homes", "get", "homes/1"});
  ASSERT_EQ(r.exit_code, cli::kExitOk) << r.err;
  EXPECT_EQ(ParseHome(r.out).code(), "FH-0001");
}

}  // namespace
}  // namespace gfo::testing
