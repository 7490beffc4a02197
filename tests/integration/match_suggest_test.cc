// SuggestAssignment over a real server: the batch suggestion for every open request, emergency
// requests first, and nothing written but the call's own audit event.

#include "tests/integration/match_test_helpers.h"

namespace gfo::testing {
namespace {

class MatchSuggestTest : public MatchTest {
 protected:
  grpc::Status Suggest(Who who, gfo::v1::SuggestAssignmentResponse* out) {
    auto ctx = server_->Context(who);
    return match_->SuggestAssignment(ctx.get(), gfo::v1::SuggestAssignmentRequest(), out);
  }
  // Rows of every table a suggestion could write, audit excluded.
  int64_t WorkflowRows() {
    return QueryInt(
        "SELECT (SELECT COUNT(*) FROM homes) + (SELECT COUNT(*) FROM requests) + "
        "(SELECT COUNT(*) FROM proposals) + (SELECT COUNT(*) FROM placements) + "
        "(SELECT COUNT(*) FROM transitions) + (SELECT COUNT(*) FROM consultations) + "
        "(SELECT SUM(version) FROM homes) + (SELECT SUM(version) FROM requests)");
  }
};

TEST_F(MatchSuggestTest, EmergencyFirstAndNothingWrittenButTheAuditEvent) {
  const std::string home = ApprovedHome(ValidHome(2280, 1));
  const std::string ordinary = SubmittedRequest();
  gfo::v1::PlacementRequest urgent = ValidRequest();
  urgent.set_legal_basis(gfo::v1::LEGAL_BASIS_LVU_6);
  const std::string emergency = SubmittedRequest(urgent);

  const int64_t rows = WorkflowRows();
  const int64_t events = QueryInt("SELECT COUNT(*) FROM audit_events");
  gfo::v1::SuggestAssignmentResponse out;
  GFO_ASSERT_OK(Suggest(Who::kStaff, &out));
  EXPECT_EQ(WorkflowRows(), rows);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_events"), events + 1);

  ASSERT_EQ(out.assignments_size(), 1);
  EXPECT_EQ(out.assignments(0).request(), emergency);
  EXPECT_EQ(out.assignments(0).home(), home);
  EXPECT_EQ(out.assignments(0).home_code(), HomeCode(home));
  EXPECT_TRUE(out.assignments(0).emergency());
  EXPECT_EQ(out.assignments(0).children(), 1);
  EXPECT_GT(out.assignments(0).score(), 0);
  ASSERT_EQ(out.unassigned_requests_size(), 1);
  EXPECT_EQ(out.unassigned_requests(0), ordinary);
  EXPECT_TRUE(out.optimal());
  EXPECT_FALSE(out.method().empty());
  EXPECT_DOUBLE_EQ(out.total_score(), out.assignments(0).score());
}

// A request left open by a municipality that has since left the GFO is not matched.
TEST_F(MatchSuggestTest, OnlyMembersRequestsAreSuggested) {
  ApprovedHome(ValidHome(2280, 2));
  const std::string harnosand = SubmittedRequest();
  const std::string kramfors = SubmittedRequest(ValidRequest(2282), Who::kCaseWorkerKramfors);
  gfo::v1::LeaveGfoRequest leave;
  leave.set_name("municipalities/2282");
  leave.set_reason("decided by the municipal council");
  gfo::v1::Municipality left;
  GFO_ASSERT_OK(municipalities_->LeaveGfo(server_->Context(Who::kAdmin).get(), leave, &left));

  gfo::v1::SuggestAssignmentResponse out;
  GFO_ASSERT_OK(Suggest(Who::kStaff, &out));
  ASSERT_EQ(out.assignments_size(), 1);
  EXPECT_EQ(out.assignments(0).request(), harnosand);
  EXPECT_EQ(out.unassigned_requests_size(), 0) << kramfors;
}

TEST_F(MatchSuggestTest, RequestsWithALiveProposalAreNotOpen) {
  const std::string home = ApprovedHome(ValidHome(2280, 2));
  const std::string proposed = SubmittedRequest();
  const std::string open = SubmittedRequest();
  DraftRequest(ValidRequest(), Who::kCaseWorkerHarnosand);  // drafts are not open
  Propose(proposed, home);

  gfo::v1::SuggestAssignmentResponse out;
  GFO_ASSERT_OK(Suggest(Who::kStaff, &out));
  ASSERT_EQ(out.assignments_size(), 1);
  EXPECT_EQ(out.assignments(0).request(), open);
  EXPECT_EQ(out.unassigned_requests_size(), 0);

  // Once the hold has expired, the request is open again (and the seat is free again).
  server_->clock().Advance(absl::Hours(73));
  gfo::v1::SuggestAssignmentResponse later;
  GFO_ASSERT_OK(Suggest(Who::kStaff, &later));
  EXPECT_EQ(later.assignments_size(), 2);
}

TEST_F(MatchSuggestTest, SiblingsThatMustStayTogetherTakeOneHome) {
  const std::string small = ApprovedHome(ValidHome(2280, 1));
  const std::string large = ApprovedHome(ValidHome(2280, 2));
  const std::string siblings = SubmittedRequest(ValidRequest(2280, 2));
  gfo::v1::SuggestAssignmentResponse out;
  GFO_ASSERT_OK(Suggest(Who::kStaff, &out));
  ASSERT_EQ(out.assignments_size(), 1);
  EXPECT_EQ(out.assignments(0).request(), siblings);
  EXPECT_EQ(out.assignments(0).home(), large);
  EXPECT_EQ(out.assignments(0).children(), 2);
  (void)small;
}

TEST_F(MatchSuggestTest, OnlyStaffAndAdminsMaySuggest) {
  gfo::v1::SuggestAssignmentResponse out;
  GFO_EXPECT_OK(Suggest(Who::kAdmin, &out));
  EXPECT_THAT(Suggest(Who::kCaseWorkerHarnosand, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  EXPECT_THAT(Suggest(Who::kAuditor, &out), StatusIs(grpc::StatusCode::PERMISSION_DENIED, ""));
}

}  // namespace
}  // namespace gfo::testing
