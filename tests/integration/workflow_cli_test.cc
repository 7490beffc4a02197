// The placement workflow end to end through the CLI (`gfo` in-process) against a running server:
// a case worker creates a request for two siblings from a JSON file and submits it, staff propose
// a home with two seats, a second proposal for the same seats is refused, the case worker
// accepts, the home's free capacity drops by two, and ending the placement brings it back.

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "cli/exit_codes.h"
#include "cli/gfo_cli.h"
#include "gfo/v1/home.pb.h"
#include "gfo/v1/placement.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "gfo/v1/request.pb.h"
#include "tests/support/cli_runner.h"
#include "tests/support/db_queries.h"
#include "tests/support/fixtures.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;
using ::testing::HasSubstr;
using ::testing::Not;

class WorkflowCli : public ::testing::Test {
 protected:
  void SetUp() override { server_ = TestServer::Start(); }

  struct Result {
    int code;
    std::string out;
    std::string err;
  };

  Result Gfo(Who who, std::vector<std::string> args) {
    CliResult r = RunGfoAs(*server_, who, args, {"--config", server_->dir() + "/none.json"});
    all_output_ += r.out + r.err;
    return {r.exit_code, std::move(r.out), std::move(r.err)};
  }

  // Runs a command with `--output json` that must succeed, and parses its output.
  template <typename M>
  M Json(Who who, std::vector<std::string> args) {
    args.insert(args.begin(), {"--output", "json"});
    const Result r = Gfo(who, args);
    EXPECT_EQ(r.code, 0) << r.err;
    M message;
    auto status = google::protobuf::util::JsonStringToMessage(r.out, &message);
    EXPECT_TRUE(status.ok()) << status.ToString() << r.out;
    return message;
  }

  std::string WriteJson(const std::string& file, const google::protobuf::Message& message) {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
    const std::string path = server_->dir() + "/" + file;
    std::ofstream(path) << json;
    return path;
  }

  int32_t FreeCapacity(const std::string& home) {
    return Json<v1::Home>(Who::kStaff, {"homes", "get", home}).free_capacity();
  }

  std::string ApprovedHome(int capacity) {
    const std::string path = WriteJson("home.json", ValidHome(2280, capacity));
    v1::Home home = Json<v1::Home>(
        Who::kStaff, {"homes", "create", "--from-file", path, "--initial-status", "assessment"});
    Json<v1::Home>(Who::kStaff, {"homes", "approve", home.name()});
    return home.name();
  }

  std::string SubmittedRequest(Who who, int32_t municipality, int children,
                               const std::string& file) {
    const std::string path = WriteJson(file, ValidRequest(municipality, children));
    v1::PlacementRequest created =
        Json<v1::PlacementRequest>(who, {"requests", "create", "--from-file", path});
    EXPECT_EQ(created.state(), v1::REQUEST_STATE_DRAFT);
    v1::PlacementRequest submitted =
        Json<v1::PlacementRequest>(who, {"requests", "submit", created.name()});
    EXPECT_EQ(submitted.state(), v1::REQUEST_STATE_SUBMITTED);
    return submitted.name();
  }

  std::unique_ptr<TestServer> server_;
  std::string all_output_;
};

TEST_F(WorkflowCli, TheWholePathFromRequestToEndedPlacement) {
  const std::string home = ApprovedHome(2);
  EXPECT_EQ(FreeCapacity(home), 2);

  const std::string siblings =
      SubmittedRequest(Who::kCaseWorkerHarnosand, 2280, 2, "siblings.json");
  Result open = Gfo(Who::kStaff, {"requests", "list", "--open"});
  ASSERT_EQ(open.code, 0) << open.err;
  EXPECT_THAT(open.out, HasSubstr(siblings));
  EXPECT_THAT(open.out, HasSubstr("AGE DAYS"));
  Result shown = Gfo(Who::kCaseWorkerHarnosand, {"requests", "get", siblings});
  ASSERT_EQ(shown.code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("20190312-****"));

  v1::Proposal proposal =
      Json<v1::Proposal>(Who::kStaff, {"proposals", "create", "--request", siblings, "--home", home,
                                       "--rationale", "speaks the children's language"});
  EXPECT_EQ(proposal.state(), v1::PROPOSAL_STATE_PENDING);
  EXPECT_EQ(FreeCapacity(home), 0);

  // A second proposal for the same seats is refused.
  const std::string other = SubmittedRequest(Who::kCaseWorkerHarnosand, 2280, 1, "other.json");
  Result refused = Gfo(Who::kStaff, {"proposals", "create", "--request", other, "--home", home});
  EXPECT_EQ(refused.code, cli::kExitFailedPrecondition);
  EXPECT_THAT(refused.err, HasSubstr(home + ": not enough free capacity (0 free, 1 needed)"));

  // The case worker sees the profile, not the home, then accepts.
  v1::Proposal seen =
      Json<v1::Proposal>(Who::kCaseWorkerHarnosand, {"proposals", "get", proposal.name()});
  EXPECT_EQ(seen.home(), "");
  EXPECT_FALSE(seen.home_profile().code().empty());
  v1::Proposal accepted =
      Json<v1::Proposal>(Who::kCaseWorkerHarnosand, {"proposals", "accept", proposal.name()});
  EXPECT_EQ(accepted.state(), v1::PROPOSAL_STATE_ACCEPTED);
  EXPECT_EQ(accepted.home(), home);
  EXPECT_EQ(FreeCapacity(home), 0);
  Result vacancies = Gfo(Who::kStaff, {"vacancies"});
  ASSERT_EQ(vacancies.code, 0) << vacancies.err;
  EXPECT_THAT(vacancies.out, Not(HasSubstr(home + " ")));

  Result placements = Gfo(Who::kCaseWorkerHarnosand, {"placements", "list"});
  ASSERT_EQ(placements.code, 0) << placements.err;
  EXPECT_THAT(placements.out, HasSubstr(accepted.placement()));

  // The placement starts on the wanted start (2026-12-01); it ends ten days later.
  server_->clock().Set(
      absl::FromCivil(absl::CivilSecond(2026, 12, 10, 9, 0, 0), absl::UTCTimeZone()));
  v1::Placement ended = Json<v1::Placement>(
      Who::kCaseWorkerHarnosand,
      {"placements", "end", accepted.placement(), "--reason", "returned to the parents"});
  EXPECT_EQ(ended.state(), v1::PLACEMENT_STATE_ENDED);
  EXPECT_EQ(FreeCapacity(home), 2);
  Result back = Gfo(Who::kStaff, {"vacancies"});
  EXPECT_THAT(back.out, HasSubstr(home));
  EXPECT_EQ(Json<v1::PlacementRequest>(Who::kStaff, {"requests", "get", siblings}).state(),
            v1::REQUEST_STATE_ENDED);

  // No output anywhere carried a whole identity number.
  for (int i = 0; i < 2; ++i) {
    const std::string number = PersonalNumber(2019 - 2 * i, 3, 12, 40 + i);
    EXPECT_THAT(all_output_, Not(HasSubstr(number.substr(9)))) << "child " << i;
  }
}

TEST_F(WorkflowCli, NonMemberSubmitIsRefusedWithAClearMessage) {
  const std::string path = WriteJson("sundsvall.json", ValidRequest(2281, 1));
  v1::PlacementRequest created = Json<v1::PlacementRequest>(
      Who::kCaseWorkerSundsvall, {"requests", "create", "--from-file", path});
  Result r = Gfo(Who::kCaseWorkerSundsvall, {"requests", "submit", created.name()});
  EXPECT_EQ(r.code, cli::kExitFailedPrecondition);
  EXPECT_THAT(r.err, HasSubstr("municipalities/2281: Sundsvall is not a member of the GFO; only "
                               "members may submit requests"));
}

// A case worker can write a whole request with flags, children included, and submit it.
TEST_F(WorkflowCli, ARequestForTwoSiblingsFromFlagsAlone) {
  v1::PlacementRequest created = Json<v1::PlacementRequest>(
      Who::kCaseWorkerHarnosand, {"requests",
                                  "create",
                                  "--municipality",
                                  "2280",
                                  "--case-reference",
                                  "SN-2026-0042",
                                  "--kind",
                                  "long_term",
                                  "--legal-basis",
                                  "sol",
                                  "--wanted-start",
                                  "2026-12-15",
                                  "--sibling-rule",
                                  "together_required",
                                  "--child",
                                  PersonalNumber(2015, 3, 12, 238) + ",female",
                                  "--child",
                                  "2018-06-01,male",
                                  "--child-place",
                                  "62.63",
                                  "17.94",
                                  "--child-place-description",
                                  "school in Härnösand",
                                  "--network-examined",
                                  "2026-11-20",
                                  "--network-outcome",
                                  "no_suitable_network_home"});
  ASSERT_EQ(created.children_size(), 2);
  EXPECT_EQ(created.children(0).personal_identity_number(), "20150312-****");
  EXPECT_EQ(created.children(0).gender(), v1::GENDER_FEMALE);
  EXPECT_EQ(created.children(1).birth_date().year(), 2018);
  EXPECT_EQ(created.children(1).gender(), v1::GENDER_MALE);
  EXPECT_DOUBLE_EQ(created.child_place().latitude(), 62.63);
  EXPECT_EQ(created.child_place_description(), "school in Härnösand");
  // One value per --child: the NAME after it stays the NAME.
  created = Json<v1::PlacementRequest>(
      Who::kCaseWorkerHarnosand,
      {"requests", "update", "--child", PersonalNumber(2015, 3, 12, 238) + ",female", "--child",
       "2018-06-01,other", created.name(), "--etag", created.etag()});
  EXPECT_EQ(created.children(1).gender(), v1::GENDER_OTHER);
  EXPECT_EQ(
      Json<v1::PlacementRequest>(Who::kCaseWorkerHarnosand, {"requests", "submit", created.name()})
          .state(),
      v1::REQUEST_STATE_SUBMITTED);

  Result bad = Gfo(Who::kCaseWorkerHarnosand,
                   {"requests", "create", "--municipality", "2280", "--child", "2018-06-01"});
  EXPECT_EQ(bad.code, cli::kExitInvalidArgument);
  EXPECT_THAT(bad.err, HasSubstr("--child: expected ID,GENDER"));
  bad = Gfo(Who::kCaseWorkerHarnosand,
            {"requests", "create", "--municipality", "2280", "--child", "2018-06-01,girl"});
  EXPECT_EQ(bad.code, cli::kExitInvalidArgument);
  EXPECT_THAT(bad.err, HasSubstr("--child: "));
  EXPECT_EQ(QueryInt(*server_, "SELECT COUNT(*) FROM requests"), 1);
}

// A recorded decision is set with its flag and removed with --clear and the same name.
TEST_F(WorkflowCli, PlacementDecisionsAreClearedByTheirFlagNames) {
  const std::string home = ApprovedHome(1);
  const std::string request = SubmittedRequest(Who::kCaseWorkerHarnosand, 2280, 1, "r.json");
  v1::Proposal proposal = Json<v1::Proposal>(
      Who::kStaff, {"proposals", "create", "--request", request, "--home", home});
  proposal =
      Json<v1::Proposal>(Who::kCaseWorkerHarnosand, {"proposals", "accept", proposal.name()});
  v1::Placement placement =
      Json<v1::Placement>(Who::kCaseWorkerHarnosand,
                          {"placements", "update", proposal.placement(), "--etag", "1",
                           "--last-review", "2026-11-23", "--custody-considered", "2026-11-23"});
  ASSERT_TRUE(placement.has_last_review_date());
  placement =
      Json<v1::Placement>(Who::kCaseWorkerHarnosand,
                          {"placements", "update", "--clear", "last-review,custody_considered_date",
                           proposal.placement(), "--etag", placement.etag()});
  EXPECT_FALSE(placement.has_last_review_date());
  EXPECT_FALSE(placement.has_custody_considered_date());
  Result bad = Gfo(Who::kCaseWorkerHarnosand, {"placements", "update", proposal.placement(),
                                               "--etag", placement.etag(), "--clear", "start"});
  EXPECT_EQ(bad.code, cli::kExitUsage);
  EXPECT_THAT(bad.err, HasSubstr("--clear"));
}

// A flag for one part of the network examination changes that part and keeps the others.
TEST_F(WorkflowCli, OneNetworkFlagKeepsTheRestOfTheExamination) {
  const std::string path = WriteJson("draft.json", ValidRequest(2280, 1));
  v1::PlacementRequest created = Json<v1::PlacementRequest>(
      Who::kCaseWorkerHarnosand, {"requests", "create", "--from-file", path});
  ASSERT_TRUE(created.network_examination().has_examined_date());
  ASSERT_NE(created.network_examination().outcome(), v1::NETWORK_OUTCOME_UNSPECIFIED);
  v1::PlacementRequest updated = Json<v1::PlacementRequest>(
      Who::kCaseWorkerHarnosand, {"requests", "update", created.name(), "--etag", created.etag(),
                                  "--network-note", "grandparents asked, cannot take her"});
  EXPECT_EQ(updated.network_examination().note(), "grandparents asked, cannot take her");
  EXPECT_EQ(updated.network_examination().examined_date().SerializeAsString(),
            created.network_examination().examined_date().SerializeAsString());
  EXPECT_EQ(updated.network_examination().outcome(), created.network_examination().outcome());
}

TEST_F(WorkflowCli, NetworkExaminationRecordedByFlagsThenDueReviewsListed) {
  v1::PlacementRequest request = ValidRequest(2280, 1);
  request.clear_network_examination();
  const std::string path = WriteJson("no-network.json", request);
  v1::PlacementRequest created = Json<v1::PlacementRequest>(
      Who::kCaseWorkerHarnosand, {"requests", "create", "--from-file", path});
  Result refused = Gfo(Who::kCaseWorkerHarnosand, {"requests", "submit", created.name()});
  EXPECT_EQ(refused.code, cli::kExitFailedPrecondition);
  EXPECT_THAT(refused.err, HasSubstr("request.network_examination"));
  Json<v1::PlacementRequest>(
      Who::kCaseWorkerHarnosand,
      {"requests", "update", created.name(), "--etag", created.etag(), "--network-examined",
       "2026-11-20", "--network-outcome", "no_suitable_network_home"});
  Json<v1::PlacementRequest>(Who::kCaseWorkerHarnosand, {"requests", "submit", created.name()});

  const std::string home = ApprovedHome(1);
  v1::Proposal proposal = Json<v1::Proposal>(
      Who::kStaff, {"proposals", "create", "--request", created.name(), "--home", home});
  Json<v1::Proposal>(Who::kCaseWorkerHarnosand, {"proposals", "accept", proposal.name()});
  server_->clock().Set(
      absl::FromCivil(absl::CivilSecond(2027, 6, 10, 9, 0, 0), absl::UTCTimeZone()));
  Result due = Gfo(Who::kCaseWorkerHarnosand, {"placements", "due"});
  ASSERT_EQ(due.code, 0) << due.err;
  EXPECT_THAT(due.out, HasSubstr("2027-06-01"));
  EXPECT_THAT(due.out, HasSubstr("six_month_review"));
  EXPECT_THAT(due.out, HasSubstr("22 kap. 13 § SFS 2025:400"));
  EXPECT_THAT(due.out, HasSubstr("yes"));  // overdue
  Result none = Gfo(Who::kCaseWorkerKramfors, {"placements", "due"});
  ASSERT_EQ(none.code, 0) << none.err;
  EXPECT_THAT(none.out, Not(HasSubstr("six_month_review")));
}

}  // namespace
}  // namespace gfo::testing
