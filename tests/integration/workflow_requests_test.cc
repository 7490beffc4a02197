// RequestService over a real channel: ownership by municipality, the lifecycle and its history,
// network first and membership at submit, etags, masking of identity numbers, open requests.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "gfo/v1/request.pb.h"
#include "service/validation/personnummer.h"
#include "tests/integration/workflow_test_helpers.h"
#include "tests/support/db_queries.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;
using ::testing::HasSubstr;
using ::testing::Not;

// True when no child carries a whole identity number.
void ExpectMasked(const v1::PlacementRequest& r) {
  for (const v1::Child& c : r.children()) {
    EXPECT_TRUE(validation::IsMaskedPersonnummer(c.personal_identity_number()))
        << c.personal_identity_number();
  }
}

class WorkflowRequests : public WorkflowTest {};

TEST_F(WorkflowRequests, CaseWorkerCreatesADraftForItsOwnMunicipalityOnly) {
  v1::PlacementRequest created;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, ValidRequest(2280, 2), &created));
  EXPECT_EQ(created.state(), v1::REQUEST_STATE_DRAFT);
  EXPECT_EQ(created.municipality_code(), 2280);
  EXPECT_EQ(created.etag(), "1");
  EXPECT_THAT(created.name(), HasSubstr("requests/"));
  ExpectMasked(created);
  EXPECT_EQ(created.children(0).personal_identity_number(), "20190312-****");

  v1::PlacementRequest other;
  EXPECT_THAT(CreateRequest(Who::kCaseWorkerHarnosand, ValidRequest(2282, 1), &other),
              StatusIs(grpc::PERMISSION_DENIED, "municipalities/2282"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM requests"), 1);
}

TEST_F(WorkflowRequests, IdentityNumbersAreStoredWholeButNeverShown) {
  v1::PlacementRequest created;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, ValidRequest(2280, 2), &created));
  v1::PlacementRequest stored;
  absl::Status read = server_->server().database().Read([&](storage::Db& db) -> absl::Status {
    auto stmt = db.Prepare("SELECT proto FROM requests");
    if (!stmt.ok()) return stmt.status();
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    EXPECT_TRUE(stored.ParseFromString((*stmt)->ColumnBlob(0)));
    (*stmt)->Reset();
    return absl::OkStatus();
  });
  GFO_ASSERT_OK(read);
  EXPECT_EQ(stored.children(0).personal_identity_number().size(), 12u);

  v1::PlacementRequest got;
  GFO_ASSERT_OK(GetRequest(Who::kStaff, created.name(), &got));
  ExpectMasked(got);
  v1::PlacementRequest submitted;
  GFO_ASSERT_OK(SubmitRequest(Who::kCaseWorkerHarnosand, created.name(), &submitted));
  ExpectMasked(submitted);
  v1::ListRequestsResponse list;
  GFO_ASSERT_OK(requests_->ListRequests(Ctx(Who::kStaff).get(), {}, &list));
  ASSERT_EQ(list.requests_size(), 1);
  ExpectMasked(list.requests(0));
  v1::PlacementRequest withdrawn;
  GFO_ASSERT_OK(
      WithdrawRequest(Who::kCaseWorkerHarnosand, created.name(), "moved away", &withdrawn));
  ExpectMasked(withdrawn);
}

TEST_F(WorkflowRequests, UpdateTakesAMaskAndAnEtagAndKeepsMaskedNumbers) {
  v1::PlacementRequest created;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, ValidRequest(2280, 2), &created));

  // Sending back what Get showed (masked numbers) keeps the stored numbers.
  v1::UpdateRequestRequest update;
  *update.mutable_request() = created;
  update.mutable_request()->set_case_reference("IFO-2026-0099");
  update.mutable_request()->mutable_children(1)->set_gender(v1::GENDER_OTHER);
  update.mutable_update_mask()->add_paths("case_reference");
  update.mutable_update_mask()->add_paths("children");
  v1::PlacementRequest updated;
  GFO_ASSERT_OK(requests_->UpdateRequest(Ctx(Who::kCaseWorkerHarnosand).get(), update, &updated));
  EXPECT_EQ(updated.case_reference(), "IFO-2026-0099");
  EXPECT_EQ(updated.children(1).gender(), v1::GENDER_OTHER);
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(updated.children(0).personal_identity_number(),
            created.children(0).personal_identity_number());

  // The old etag is stale now: ABORTED and nothing changes.
  update.mutable_request()->set_case_reference("IFO-STALE");
  EXPECT_THAT(requests_->UpdateRequest(Ctx(Who::kCaseWorkerHarnosand).get(), update, &updated),
              StatusIs(grpc::ABORTED, "etag"));
  // The caller's etag is never repeated in the error (it could be anything).
  update.mutable_request()->set_etag("Anna Svensson 19150312-2382");
  const grpc::Status odd =
      requests_->UpdateRequest(Ctx(Who::kCaseWorkerHarnosand).get(), update, &updated);
  EXPECT_EQ(odd.error_code(), grpc::ABORTED);
  EXPECT_EQ(odd.error_message().find("Anna"), std::string::npos) << odd.error_message();
  update.mutable_request()->set_etag("1");
  v1::PlacementRequest got;
  GFO_ASSERT_OK(GetRequest(Who::kStaff, created.name(), &got));
  EXPECT_EQ(got.case_reference(), "IFO-2026-0099");

  // A masked number that matches no stored child is refused.
  update.mutable_request()->set_etag(got.etag());
  update.mutable_request()->mutable_children(0)->set_personal_identity_number("20010101-****");
  EXPECT_THAT(requests_->UpdateRequest(Ctx(Who::kCaseWorkerHarnosand).get(), update, &updated),
              StatusIs(grpc::INVALID_ARGUMENT, "request.children[0].personal_identity_number"));
}

TEST_F(WorkflowRequests, SubmitNeedsTheNetworkExamination) {
  v1::PlacementRequest request = ValidRequest(2280, 1);
  request.clear_network_examination();
  v1::PlacementRequest created;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, request, &created));
  v1::PlacementRequest out;
  grpc::Status s = SubmitRequest(Who::kCaseWorkerHarnosand, created.name(), &out);
  EXPECT_THAT(s, StatusIs(grpc::FAILED_PRECONDITION, "request.network_examination"));
  EXPECT_THAT(s.error_message(), HasSubstr("22 kap. 1 §"));
  EXPECT_EQ(RequestState(created.name()), v1::REQUEST_STATE_DRAFT);

  // Recording it as an update makes the request submittable.
  v1::UpdateRequestRequest update;
  update.mutable_request()->set_name(created.name());
  update.mutable_request()->set_etag(created.etag());
  *update.mutable_request()->mutable_network_examination() = ValidRequest().network_examination();
  update.mutable_update_mask()->add_paths("network_examination");
  GFO_ASSERT_OK(requests_->UpdateRequest(Ctx(Who::kCaseWorkerHarnosand).get(), update, &out));
  GFO_ASSERT_OK(SubmitRequest(Who::kCaseWorkerHarnosand, created.name(), &out));
  EXPECT_EQ(out.state(), v1::REQUEST_STATE_SUBMITTED);
}

TEST_F(WorkflowRequests, NonMemberCannotSubmit) {
  v1::PlacementRequest created;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerSundsvall, ValidRequest(2281, 1), &created));
  v1::PlacementRequest out;
  EXPECT_THAT(SubmitRequest(Who::kCaseWorkerSundsvall, created.name(), &out),
              StatusIs(grpc::FAILED_PRECONDITION,
                       "municipalities/2281: Sundsvall is not a member of the GFO; only members "
                       "may submit requests"));
  EXPECT_EQ(RequestState(created.name()), v1::REQUEST_STATE_DRAFT);
}

TEST_F(WorkflowRequests, AMunicipalityThatLeftKeepsReadAccessButCannotSubmit) {
  v1::PlacementRequest submitted = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::PlacementRequest draft;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, ValidRequest(2280, 1), &draft));
  // Härnösand's membership ended yesterday (2026-11-22 = day 20779).
  Exec("UPDATE memberships SET end_day = 20779 WHERE municipality_code = 2280");

  v1::PlacementRequest out;
  EXPECT_THAT(SubmitRequest(Who::kCaseWorkerHarnosand, draft.name(), &out),
              StatusIs(grpc::FAILED_PRECONDITION, "Härnösand is not a member of the GFO"));
  GFO_EXPECT_OK(GetRequest(Who::kCaseWorkerHarnosand, submitted.name(), &out));
  v1::ListRequestsResponse list;
  GFO_ASSERT_OK(requests_->ListRequests(Ctx(Who::kCaseWorkerHarnosand).get(), {}, &list));
  EXPECT_EQ(list.requests_size(), 2);
  v1::ListRequestHistoryRequest history;
  history.set_name(submitted.name());
  v1::ListRequestHistoryResponse moves;
  GFO_EXPECT_OK(
      requests_->ListRequestHistory(Ctx(Who::kCaseWorkerHarnosand).get(), history, &moves));
}

TEST_F(WorkflowRequests, IllegalMovesNameBothStates) {
  v1::PlacementRequest submitted = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::PlacementRequest out;
  EXPECT_THAT(SubmitRequest(Who::kCaseWorkerHarnosand, submitted.name(), &out),
              StatusIs(grpc::FAILED_PRECONDITION,
                       submitted.name() + ": cannot move from submitted to submitted"));
  GFO_ASSERT_OK(WithdrawRequest(Who::kCaseWorkerHarnosand, submitted.name(), "not needed", &out));
  EXPECT_EQ(out.state(), v1::REQUEST_STATE_WITHDRAWN);
  EXPECT_THAT(WithdrawRequest(Who::kCaseWorkerHarnosand, submitted.name(), "again", &out),
              StatusIs(grpc::FAILED_PRECONDITION, "cannot move from withdrawn to withdrawn"));
  EXPECT_THAT(SubmitRequest(Who::kCaseWorkerHarnosand, submitted.name(), &out),
              StatusIs(grpc::FAILED_PRECONDITION, "cannot move from withdrawn to submitted"));
  v1::Proposal proposal;
  const std::string home = ApprovedHome(2280, 2);
  EXPECT_THAT(Propose(submitted.name(), home, &proposal),
              StatusIs(grpc::FAILED_PRECONDITION, "cannot move from withdrawn to proposed"));
}

TEST_F(WorkflowRequests, WithdrawNeedsAReasonAndIsRecordedWithWhoWhenWhy) {
  v1::PlacementRequest submitted = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::PlacementRequest out;
  EXPECT_THAT(WithdrawRequest(Who::kCaseWorkerHarnosand, submitted.name(), "", &out),
              StatusIs(grpc::INVALID_ARGUMENT, "reason: required"));
  GFO_ASSERT_OK(
      WithdrawRequest(Who::kCaseWorkerHarnosand, submitted.name(), "network home found", &out));
  v1::ListRequestHistoryRequest history;
  history.set_name(submitted.name());
  v1::ListRequestHistoryResponse moves;
  GFO_ASSERT_OK(requests_->ListRequestHistory(Ctx(Who::kStaff).get(), history, &moves));
  ASSERT_EQ(moves.transitions_size(), 3);
  EXPECT_EQ(moves.transitions(0).to_state(), "draft");
  EXPECT_EQ(moves.transitions(1).from_state(), "draft");
  EXPECT_EQ(moves.transitions(1).to_state(), "submitted");
  EXPECT_EQ(moves.transitions(2).to_state(), "withdrawn");
  EXPECT_EQ(moves.transitions(2).reason(), "network home found");
  EXPECT_EQ(moves.transitions(2).actor(), server_->account(Who::kCaseWorkerHarnosand));
}

TEST_F(WorkflowRequests, WithdrawingAProposedRequestWithdrawsItsProposalAndFreesTheHold) {
  const std::string home = ApprovedHome(2280, 2);
  v1::PlacementRequest submitted = SubmittedRequest(Who::kCaseWorkerHarnosand, 2);
  v1::Proposal proposal = MustPropose(submitted.name(), home);
  EXPECT_EQ(FreeCapacity(home), 0);
  v1::PlacementRequest out;
  GFO_ASSERT_OK(WithdrawRequest(Who::kCaseWorkerHarnosand, submitted.name(), "moved", &out));
  EXPECT_EQ(out.state(), v1::REQUEST_STATE_WITHDRAWN);
  EXPECT_EQ(FreeCapacity(home), 2);
  v1::Proposal got;
  GFO_ASSERT_OK(GetProposal(Who::kStaff, proposal.name(), &got));
  EXPECT_EQ(got.state(), v1::PROPOSAL_STATE_WITHDRAWN);
}

TEST_F(WorkflowRequests, CaseWorkersListOnlyTheirOwnAndOpenRequestsComeOldestFirstWithAge) {
  v1::PlacementRequest first = SubmittedRequest(Who::kCaseWorkerHarnosand);
  server_->clock().Advance(absl::Hours(24 * 3));
  v1::PlacementRequest kramfors = SubmittedRequest(Who::kCaseWorkerKramfors);
  server_->clock().Advance(absl::Hours(24 * 2));
  v1::PlacementRequest second = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::PlacementRequest draft;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, ValidRequest(2280, 1), &draft));

  v1::ListRequestsRequest open;
  open.set_open_only(true);
  open.set_page_size(1);
  std::vector<v1::PlacementRequest> seen;
  for (int page = 0; page < 10; ++page) {
    v1::ListRequestsResponse resp;
    GFO_ASSERT_OK(requests_->ListRequests(Ctx(Who::kStaff).get(), open, &resp));
    for (const auto& r : resp.requests()) seen.push_back(r);
    if (resp.next_page_token().empty()) break;
    open.set_page_token(resp.next_page_token());
  }
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].name(), first.name());
  EXPECT_EQ(seen[0].age_days(), 5);
  EXPECT_EQ(seen[1].name(), kramfors.name());
  EXPECT_EQ(seen[1].age_days(), 2);
  EXPECT_EQ(seen[2].name(), second.name());
  EXPECT_EQ(seen[2].age_days(), 0);

  v1::ListRequestsResponse own;
  GFO_ASSERT_OK(requests_->ListRequests(Ctx(Who::kCaseWorkerHarnosand).get(), {}, &own));
  EXPECT_EQ(own.requests_size(), 3);
  for (const auto& r : own.requests()) EXPECT_EQ(r.municipality_code(), 2280);
  v1::ListRequestsRequest others;
  others.set_municipality_code(2282);
  EXPECT_THAT(requests_->ListRequests(Ctx(Who::kCaseWorkerHarnosand).get(), others, &own),
              StatusIs(grpc::PERMISSION_DENIED, "municipalities/2282"));
}

TEST_F(WorkflowRequests, AnotherMunicipalitysCaseWorkerIsDeniedOnEveryRecordMethod) {
  v1::PlacementRequest submitted = SubmittedRequest(Who::kCaseWorkerHarnosand);
  const Who other = Who::kCaseWorkerKramfors;
  v1::PlacementRequest out;
  EXPECT_THAT(GetRequest(other, submitted.name(), &out),
              StatusIs(grpc::PERMISSION_DENIED, submitted.name()));
  EXPECT_THAT(SubmitRequest(other, submitted.name(), &out),
              StatusIs(grpc::PERMISSION_DENIED, submitted.name()));
  EXPECT_THAT(WithdrawRequest(other, submitted.name(), "x", &out),
              StatusIs(grpc::PERMISSION_DENIED, submitted.name()));
  v1::UpdateRequestRequest update;
  update.mutable_request()->set_name(submitted.name());
  update.mutable_request()->set_etag(submitted.etag());
  update.mutable_request()->set_case_reference("X");
  update.mutable_update_mask()->add_paths("case_reference");
  EXPECT_THAT(requests_->UpdateRequest(Ctx(other).get(), update, &out),
              StatusIs(grpc::PERMISSION_DENIED, submitted.name()));
  v1::ListRequestHistoryRequest history;
  history.set_name(submitted.name());
  v1::ListRequestHistoryResponse moves;
  EXPECT_THAT(requests_->ListRequestHistory(Ctx(other).get(), history, &moves),
              StatusIs(grpc::PERMISSION_DENIED, submitted.name()));
  EXPECT_EQ(RequestState(submitted.name()), v1::REQUEST_STATE_SUBMITTED);
}

TEST_F(WorkflowRequests, AuditEventsNameTheRequestButNoIdentityNumber) {
  v1::PlacementRequest submitted = SubmittedRequest(Who::kCaseWorkerHarnosand, 2);
  EXPECT_GE(QueryInt("SELECT COUNT(*) FROM audit_events e WHERE " +
                     EventNames("'" + submitted.name() + "'")),
            2);
  const std::string digits = PersonalNumber(2019, 3, 12, 40).substr(9);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_events WHERE resources LIKE '%" + digits +
                     "%' OR reason LIKE '%" + digits + "%'"),
            0);
  EXPECT_THAT(submitted.children(0).personal_identity_number(), Not(HasSubstr(digits)));
}

}  // namespace
}  // namespace gfo::testing
