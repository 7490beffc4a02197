// `gfo match`, `gfo demo`, `gfo municipalities` and `gfo admin` end to end: the CLI (RunGfo,
// in-process) against a real TestServer, checking exit codes, readable tables and what the
// server stored.

#include <google/protobuf/util/json_util.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/exit_codes.h"
#include "cli/gfo_cli.h"
#include "tests/integration/match_test_helpers.h"
#include "tests/support/cli_runner.h"

namespace gfo::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class MatchCliTest : public MatchTest {
 protected:
  void SetUp() override {
    MatchTest::SetUp();
    // Keep the user's own settings out: no GFO_* variables, a config dir inside the test's.
    IsolateCliEnvironment(server_->dir());
  }

  CliResult Gfo(std::vector<std::string> args, Who who = Who::kStaff,
                const std::string& output = "table") {
    args.insert(args.begin(), {"--output", output});
    return RunGfoAs(*server_, who, args);
  }
};

TEST_F(MatchCliTest, RankExplainsEveryScoreAndEveryExclusion) {
  const std::string home = ApprovedHome();
  const std::string paused = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("pause", paused));
  const std::string request = SubmittedRequest();
  const std::string id = request.substr(request.find('/') + 1);

  CliResult plain = Gfo({"match", "rank", id});
  ASSERT_EQ(plain.exit_code, cli::kExitOk) << plain.err;
  EXPECT_THAT(plain.out, HasSubstr("RANK"));
  EXPECT_THAT(plain.out, HasSubstr(HomeCode(home)));
  EXPECT_THAT(plain.out, HasSubstr(home));  // staff see the home's name
  EXPECT_THAT(plain.out, HasSubstr("Härnösand (2280)"));
  EXPECT_THAT(plain.out, HasSubstr("2 homes considered: 1 eligible, 1 excluded."));
  EXPECT_THAT(plain.out, HasSubstr("EXCLUDED BECAUSE"));
  EXPECT_THAT(plain.out, HasSubstr("not approved"));
  EXPECT_THAT(plain.out, Not(HasSubstr("WHY")));

  CliResult explained = Gfo({"match", "rank", request, "--explain", "--top", "5"});
  ASSERT_EQ(explained.exit_code, cli::kExitOk) << explained.err;
  EXPECT_THAT(explained.out, HasSubstr("WHY"));
  for (const char* criterion : {"proximity", "language", "age_fit", "waiting_time"}) {
    EXPECT_THAT(explained.out, HasSubstr(criterion));
  }
  EXPECT_THAT(explained.out, HasSubstr("Härnösand"));  // the child's place in an explanation

  // A case worker of the municipality sees the profile, never the home's name.
  CliResult own = Gfo({"match", "rank", id}, Who::kCaseWorkerHarnosand);
  ASSERT_EQ(own.exit_code, cli::kExitOk) << own.err;
  EXPECT_THAT(own.out, HasSubstr(HomeCode(home)));
  EXPECT_THAT(own.out, Not(HasSubstr(home + " ")));

  CliResult other = Gfo({"match", "rank", id}, Who::kCaseWorkerKramfors);
  EXPECT_EQ(other.exit_code, cli::kExitPermissionDenied);
  EXPECT_THAT(other.err, HasSubstr("PERMISSION_DENIED"));

  CliResult json = Gfo({"match", "rank", id}, Who::kStaff, "json");
  ASSERT_EQ(json.exit_code, cli::kExitOk) << json.err;
  gfo::v1::RankHomesResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &parsed).ok()) << json.out;
  EXPECT_EQ(parsed.eligible(), 1);
  EXPECT_EQ(parsed.exclusions(0).reason(), "not_approved");
}

// CSV keeps what the table shows: the explanations with --explain, the exclusion counts (on
// stderr, so that stdout is one table), and no distance for a protected home.
TEST_F(MatchCliTest, RankAsCsvKeepsTheExplanationsAndTheCounts) {
  gfo::v1::Home hidden = ValidHome();
  hidden.set_protected_identity(true);
  const std::string protected_home = ApprovedHome(hidden);
  const std::string paused = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("pause", paused));
  gfo::v1::Home at_school = ValidHome();  // at the child's place (fixtures.cc): 0 km
  at_school.mutable_location()->set_latitude(62.632);
  at_school.mutable_location()->set_longitude(17.938);
  ApprovedHome(at_school);
  const std::string request = SubmittedRequest();

  CliResult csv = Gfo({"match", "rank", request, "--explain"}, Who::kStaff, "csv");
  ASSERT_EQ(csv.exit_code, cli::kExitOk) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("RANK,CODE,HOME,MUNICIPALITY,DISTANCE KM,FREE,TOTAL,WHY\r\n"));
  EXPECT_THAT(csv.out, HasSubstr(",2280,,"));  // the protected home: no distance
  // The ordinary home sits at the child's place: 0.0 km, shown (not taken for a hidden one).
  EXPECT_THAT(csv.out, HasSubstr(",2280,0.0,"));
  EXPECT_THAT(csv.out, HasSubstr("proximity "));
  EXPECT_THAT(csv.out, HasSubstr("waiting_time "));
  EXPECT_THAT(csv.err, HasSubstr("3 homes considered: 2 eligible, 1 excluded."));
  EXPECT_THAT(csv.err, HasSubstr("excluded because not approved: 1"));

  CliResult plain = Gfo({"match", "rank", request}, Who::kStaff, "csv");
  ASSERT_EQ(plain.exit_code, cli::kExitOk) << plain.err;
  EXPECT_THAT(plain.out, HasSubstr("RANK,CODE,HOME,MUNICIPALITY,DISTANCE KM,FREE,TOTAL\r\n"));
  (void)protected_home;
}

TEST_F(MatchCliTest, NoMatchExplainsItself) {
  gfo::v1::Home teenagers = ValidHome();
  teenagers.set_min_age(13);
  ApprovedHome(teenagers);
  const std::string request = SubmittedRequest();
  CliResult result = Gfo({"match", "rank", request});
  ASSERT_EQ(result.exit_code, cli::kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("No home fits this request."));
  EXPECT_THAT(result.out, HasSubstr("age outside range"));

  EXPECT_EQ(Gfo({"match", "rank", request, "--top", "0"}).exit_code, cli::kExitUsage);
  EXPECT_EQ(Gfo({"match", "rank", "requests/999"}).exit_code, cli::kExitNotFound);
}

TEST_F(MatchCliTest, SuggestListsPairsAndTheUnassigned) {
  const std::string home = ApprovedHome(ValidHome(2280, 1));
  const std::string first = SubmittedRequest();
  const std::string second = SubmittedRequest();
  const int64_t proposals = QueryInt("SELECT COUNT(*) FROM proposals");

  CliResult result = Gfo({"match", "suggest"});
  ASSERT_EQ(result.exit_code, cli::kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("REQUEST"));
  EXPECT_THAT(result.out, HasSubstr(HomeCode(home)));
  EXPECT_THAT(result.out, HasSubstr("Unassigned: "));
  EXPECT_THAT(result.out, HasSubstr("optimal"));
  EXPECT_THAT(result.out, HasSubstr("nothing was proposed or written"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM proposals"), proposals);

  CliResult csv = Gfo({"match", "suggest"}, Who::kStaff, "csv");
  ASSERT_EQ(csv.exit_code, cli::kExitOk) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("REQUEST,HOME CODE,HOME,SCORE,CHILDREN,EMERGENCY\r\n"));
  EXPECT_THAT(csv.err, HasSubstr("Unassigned: "));  // stdout stays one table
  EXPECT_THAT(csv.out, Not(HasSubstr("Unassigned")));

  EXPECT_EQ(Gfo({"match", "suggest"}, Who::kCaseWorkerHarnosand).exit_code,
            cli::kExitPermissionDenied);
  (void)first;
  (void)second;
}

TEST_F(MatchCliTest, MunicipalitiesListJoinLeave) {
  CliResult list = Gfo({"municipalities", "list"});
  ASSERT_EQ(list.exit_code, cli::kExitOk) << list.err;
  EXPECT_THAT(list.out, HasSubstr("Sundsvall"));
  EXPECT_THAT(list.out, HasSubstr("Örnsköldsvik"));

  CliResult join = Gfo({"municipalities", "join", "2281"}, Who::kAdmin);
  ASSERT_EQ(join.exit_code, cli::kExitOk) << join.err;
  gfo::v1::Municipality sundsvall;
  CliResult got = Gfo({"municipalities", "get", "2281"}, Who::kStaff, "json");
  ASSERT_EQ(got.exit_code, cli::kExitOk) << got.err;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(got.out, &sundsvall).ok()) << got.out;
  EXPECT_TRUE(sundsvall.current_member());

  CliResult again = Gfo({"municipalities", "join", "municipalities/2281"}, Who::kAdmin);
  EXPECT_EQ(again.exit_code, cli::kExitFailedPrecondition);
  EXPECT_THAT(again.err, HasSubstr("already a member"));

  EXPECT_EQ(Gfo({"municipalities", "join", "2281"}, Who::kStaff).exit_code,
            cli::kExitPermissionDenied);

  CliResult leave =
      Gfo({"municipalities", "leave", "2281", "--reason", "council decision"}, Who::kAdmin);
  ASSERT_EQ(leave.exit_code, cli::kExitOk) << leave.err;
  got = Gfo({"municipalities", "get", "2281"}, Who::kStaff, "json");
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(got.out, &sundsvall).ok()) << got.out;
  EXPECT_FALSE(sundsvall.current_member());
  EXPECT_EQ(sundsvall.memberships_size(), 1);

  EXPECT_EQ(Gfo({"municipalities", "leave", "2281"}, Who::kAdmin).exit_code,
            cli::kExitFailedPrecondition);
}

TEST_F(MatchCliTest, AdminBackupAndRetention) {
  CliResult backup = Gfo({"admin", "backup", "--file", "nightly.db"}, Who::kAdmin);
  ASSERT_EQ(backup.exit_code, cli::kExitOk) << backup.err;
  EXPECT_THAT(backup.out, HasSubstr("nightly.db"));
  EXPECT_TRUE(
      std::filesystem::exists(std::filesystem::path(server_->dir()) / "backups" / "nightly.db"));
  EXPECT_EQ(Gfo({"admin", "backup", "--file", "nightly.db"}, Who::kAdmin).exit_code,
            cli::kExitConflict);
  EXPECT_EQ(Gfo({"admin", "backup", "--file", "../x.db"}, Who::kAdmin).exit_code,
            cli::kExitInvalidArgument);

  const std::string closed = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("close", closed, "moved away"));
  CliResult empty = Gfo({"admin", "retention", "report"}, Who::kAdmin);
  ASSERT_EQ(empty.exit_code, cli::kExitOk) << empty.err;
  EXPECT_THAT(empty.out, Not(HasSubstr(closed)));

  server_->clock().Advance(absl::Hours(24 * (5 * 366)));
  CliResult report = Gfo({"admin", "retention", "report"}, Who::kAdmin);
  ASSERT_EQ(report.exit_code, cli::kExitOk) << report.err;
  EXPECT_THAT(report.out, HasSubstr(closed));
  EXPECT_THAT(report.out, HasSubstr("16"));

  CliResult missing = Gfo({"admin", "retention", "apply", "homes/99999"}, Who::kAdmin);
  EXPECT_EQ(missing.exit_code, cli::kExitNotFound) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("homes/99999"));

  CliResult apply = Gfo({"admin", "retention", "apply"}, Who::kAdmin);
  ASSERT_EQ(apply.exit_code, cli::kExitOk) << apply.err;
  EXPECT_THAT(apply.out, HasSubstr(closed));
  EXPECT_EQ(QueryInt("SELECT cleared FROM homes WHERE id = " + closed.substr(6)), 1);

  CliResult verify = Gfo({"audit", "verify"}, Who::kAuditor);
  EXPECT_EQ(verify.exit_code, cli::kExitOk) << verify.out << verify.err;
}

TEST_F(MatchCliTest, DemoSeedFillsTheBankThroughTheApi) {
  CliResult seeded = Gfo(
      {"demo", "seed", "--homes", "25", "--requests", "8", "--seed", "3", "--today", "2026-11-23"},
      Who::kAdmin);
  ASSERT_EQ(seeded.exit_code, cli::kExitOk) << seeded.out << seeded.err;
  EXPECT_THAT(seeded.out, HasSubstr("requests submitted"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM homes"), 25);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM requests WHERE state = 2"), 8);
  EXPECT_GT(QueryInt("SELECT COUNT(*) FROM homes WHERE status = 3"), 15);
  // Only members' case workers submitted, and no personal identity number was invented.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM requests WHERE municipality_code = 2281"), 0);
  EXPECT_GT(QueryInt("SELECT COUNT(*) FROM accounts WHERE role = 3"), 3);

  CliResult suggest = Gfo({"match", "suggest"});
  ASSERT_EQ(suggest.exit_code, cli::kExitOk) << suggest.err;
  EXPECT_THAT(suggest.out, HasSubstr("requests/"));

  // Seeding needs an admin (it creates the case-worker accounts).
  CliResult staff = Gfo({"demo", "seed", "--homes", "0", "--requests", "1"}, Who::kStaff);
  EXPECT_EQ(staff.exit_code, cli::kExitPermissionDenied) << staff.out << staff.err;
}

}  // namespace
}  // namespace gfo::testing
