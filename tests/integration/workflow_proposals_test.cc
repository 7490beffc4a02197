// ProposalService over a real channel: capacity holds, their expiry with a fake clock, decisions
// by the municipality, what a case worker sees of the home, and consultation (22 kap. 6 §).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "matcher/geo.h"
#include "tests/integration/workflow_test_helpers.h"
#include "tests/support/db_queries.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class WorkflowProposals : public WorkflowTest {
 protected:
  // Staff change the home's largest sibling group.
  void SetMaxSiblingGroup(const std::string& name, int32_t max) {
    v1::Home home;
    v1::GetHomeRequest get;
    get.set_name(name);
    GFO_ASSERT_OK(homes_->GetHome(Ctx(Who::kStaff).get(), get, &home));
    v1::UpdateHomeRequest update;
    update.mutable_home()->set_name(name);
    update.mutable_home()->set_etag(home.etag());
    update.mutable_home()->set_max_sibling_group(max);
    update.mutable_update_mask()->add_paths("max_sibling_group");
    GFO_ASSERT_OK(homes_->UpdateHome(Ctx(Who::kStaff).get(), update, &home));
  }

  // A submitted Härnösand request for `children` siblings who may live apart.
  v1::PlacementRequest SubmittedPreferredGroup(int children) {
    v1::PlacementRequest request = ValidRequest(2280, children);
    request.set_sibling_rule(v1::SIBLING_RULE_TOGETHER_PREFERRED);
    v1::PlacementRequest created;
    EXPECT_TRUE(CreateRequest(Who::kCaseWorkerHarnosand, request, &created).ok());
    EXPECT_TRUE(SubmitRequest(Who::kCaseWorkerHarnosand, created.name(), &created).ok());
    return created;
  }
};

TEST_F(WorkflowProposals, AProposalHoldsTheGroupsSeatsAndASecondForTheSameSeatsIsRefused) {
  const std::string home = ApprovedHome(2280, 2);
  v1::PlacementRequest siblings = SubmittedRequest(Who::kCaseWorkerHarnosand, 2);
  v1::Proposal proposal = MustPropose(siblings.name(), home);
  EXPECT_EQ(proposal.state(), v1::PROPOSAL_STATE_PENDING);
  EXPECT_EQ(proposal.children(), 2);
  EXPECT_EQ(proposal.home(), home);  // staff see the home
  EXPECT_EQ(proposal.home_profile().home(), home);
  EXPECT_EQ(absl::FromUnixSeconds(proposal.expire_time().seconds()),
            server_->clock().Now() + absl::Hours(72));
  EXPECT_EQ(RequestState(siblings.name()), v1::REQUEST_STATE_PROPOSED);
  EXPECT_EQ(FreeCapacity(home), 0);

  v1::PlacementRequest other = SubmittedRequest(Who::kCaseWorkerKramfors, 1);
  v1::Proposal refused;
  EXPECT_THAT(
      Propose(other.name(), home, &refused),
      StatusIs(grpc::FAILED_PRECONDITION, home + ": not enough free capacity (0 free, 1 needed)"));
  // Only one pending proposal per request.
  const std::string second_home = ApprovedHome(2280, 2);
  EXPECT_THAT(Propose(siblings.name(), second_home, &refused),
              StatusIs(grpc::FAILED_PRECONDITION,
                       "cannot move from proposed to proposed: " + proposal.name() +
                           " is pending; withdraw it, or wait for the municipality to decide"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM proposals"), 1);
}

TEST_F(WorkflowProposals, RefusesShortCapacityNamingFreeAndNeeded) {
  const std::string home = ApprovedHome(2280, 1);
  v1::PlacementRequest siblings = SubmittedRequest(Who::kCaseWorkerHarnosand, 2);
  v1::Proposal out;
  EXPECT_THAT(
      Propose(siblings.name(), home, &out),
      StatusIs(grpc::FAILED_PRECONDITION, home + ": not enough free capacity (1 free, 2 needed)"));
  EXPECT_EQ(RequestState(siblings.name()), v1::REQUEST_STATE_SUBMITTED);
}

// The ranking lists homes with room for part of a group that prefers to stay together; proposing
// one is refused (a proposal places the whole request), and the refusal says how to go on.
TEST_F(WorkflowProposals, ARefusalForRoomTellsHowToPlaceSiblingsThatMayLiveApart) {
  const v1::PlacementRequest created = SubmittedPreferredGroup(3);
  const std::string one_seat = ApprovedHome(2280, 1);
  v1::Proposal out;
  EXPECT_THAT(Propose(created.name(), one_seat, &out),
              StatusIs(grpc::FAILED_PRECONDITION,
                       one_seat + ": not enough free capacity (1 free, 3 needed); the siblings "
                                  "may live apart (together preferred): to place some of them "
                                  "here, the municipality withdraws the request and sends one "
                                  "for each group of children"));

  // A home with no seat left: splitting would not help (the ranking leaves it out too).
  const v1::Proposal single =
      MustPropose(SubmittedRequest(Who::kCaseWorkerKramfors, 1).name(), one_seat);
  grpc::Status full = Propose(created.name(), one_seat, &out);
  EXPECT_THAT(full, StatusIs(grpc::FAILED_PRECONDITION, "(0 free, 3 needed)"));
  EXPECT_EQ(full.error_message().find("may live apart"), std::string::npos) << full.error_message();

  // A group that must stay together gets the plain refusal.
  const std::string other_one_seat = ApprovedHome(2280, 1);
  v1::PlacementRequest required = SubmittedRequest(Who::kCaseWorkerHarnosand, 2);
  grpc::Status refused = Propose(required.name(), other_one_seat, &out);
  EXPECT_THAT(refused, StatusIs(grpc::FAILED_PRECONDITION, "(1 free, 2 needed)"));
  EXPECT_EQ(refused.error_message().find("may live apart"), std::string::npos)
      << refused.error_message();
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM proposals"), 1);  // `single`'s
  EXPECT_EQ(single.state(), v1::PROPOSAL_STATE_PENDING);
}

TEST_F(WorkflowProposals, OnlyApprovedHomesOfferingTheKindAndOnlySubmittedRequests) {
  const std::string emergency_only = ApprovedHome(2280, 2, {v1::PLACEMENT_KIND_EMERGENCY});
  v1::PlacementRequest request = SubmittedRequest(Who::kCaseWorkerHarnosand, 1);
  v1::Proposal out;
  EXPECT_THAT(Propose(request.name(), emergency_only, &out),
              StatusIs(grpc::FAILED_PRECONDITION, "does not offer long_term placements"));

  v1::CreateHomeRequest create;
  *create.mutable_home() = ValidHome();
  v1::Home inquiry;
  GFO_ASSERT_OK(homes_->CreateHome(Ctx(Who::kStaff).get(), create, &inquiry));
  EXPECT_THAT(Propose(request.name(), inquiry.name(), &out),
              StatusIs(grpc::FAILED_PRECONDITION, "only approved homes can be proposed"));

  v1::PlacementRequest draft;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, ValidRequest(2280, 1), &draft));
  const std::string home = ApprovedHome(2280, 2);
  EXPECT_THAT(Propose(draft.name(), home, &out),
              StatusIs(grpc::FAILED_PRECONDITION, "cannot move from draft to proposed"));
  EXPECT_THAT(Propose(request.name(), "homes/999", &out), StatusIs(grpc::NOT_FOUND, "homes/999"));
  EXPECT_THAT(Propose(request.name(), home, &out, Who::kCaseWorkerHarnosand),
              StatusIs(grpc::PERMISSION_DENIED, ""));
}

// A request's safety exclusions (an excluded municipality, a minimum distance from a place of
// risk) and a home's largest sibling group, which the ranking applies, hold for a proposal too,
// and again when it is accepted: the home may have changed in between. No distance is named.
// A protected home is held to a request's risk locations as the ranking holds it: by the nearest
// point of its grid cell, not its exact place, so that a refusal tells no more than the ranking.
TEST_F(WorkflowProposals, AProtectedHomeMeetsARiskDistanceByItsCell) {
  // ValidHome lies at 62.63, 17.94. The risk is 9 km from it, towards the centre of its cell,
  // to be kept 5 km from: an ordinary home there fits; a protected one does not, since its cell
  // reaches within 5 km of the risk.
  const matcher::GridCell cell = matcher::ProtectedCellOf({62.63, 17.94});
  const double north_km = (cell.centre.lat - 62.63) * 111.2;
  const double east_km = (cell.centre.lon - 17.94) * 111.2 * std::cos(62.63 * M_PI / 180);
  const double to_centre_km = std::hypot(north_km, east_km);
  const double unit_north = to_centre_km > 0.1 ? north_km / to_centre_km : 1;
  const double unit_east = to_centre_km > 0.1 ? east_km / to_centre_km : 0;
  v1::PlacementRequest risky = ValidRequest(2280, 1);
  v1::RiskLocation* risk = risky.add_risk_locations();
  risk->mutable_location()->set_latitude(62.63 + 9 * unit_north / 111.2);
  risk->mutable_location()->set_longitude(17.94 +
                                          9 * unit_east / (111.2 * std::cos(62.63 * M_PI / 180)));
  risk->set_min_distance_km(5);
  v1::PlacementRequest first;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, risky, &first));
  GFO_ASSERT_OK(SubmitRequest(Who::kCaseWorkerHarnosand, first.name(), &first));

  v1::Home protected_home = ValidHome(2280, 2);
  protected_home.set_protected_identity(true);
  const std::string hidden = ApprovedHome(protected_home);
  v1::Proposal out;
  EXPECT_THAT(Propose(first.name(), hidden, &out),
              StatusIs(grpc::FAILED_PRECONDITION, "nearer a place of risk named in the request"));

  const std::string ordinary = ApprovedHome(2280, 2);
  GFO_EXPECT_OK(Propose(first.name(), ordinary, &out));
}

TEST_F(WorkflowProposals, TheRequestsSafetyExclusionsAndTheHomesSiblingLimitHoldForProposals) {
  const std::string kramfors = ApprovedHome(2282, 3);
  v1::Proposal out;

  v1::PlacementRequest excluding = ValidRequest(2280, 1);
  excluding.add_excluded_municipality_codes(2282);
  v1::PlacementRequest created;
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, excluding, &created));
  GFO_ASSERT_OK(SubmitRequest(Who::kCaseWorkerHarnosand, created.name(), &created));
  EXPECT_THAT(Propose(created.name(), kramfors, &out),
              StatusIs(grpc::FAILED_PRECONDITION,
                       kramfors + ": the home lies in a municipality that the request excludes"));

  // ValidHome lies at 62.63, 17.94; the risk is 2 km north of it, to be kept 5 km from.
  v1::PlacementRequest risky = ValidRequest(2280, 1);
  v1::RiskLocation* risk = risky.add_risk_locations();
  risk->mutable_location()->set_latitude(62.63 + 2 / 111.2);
  risk->mutable_location()->set_longitude(17.94);
  risk->set_min_distance_km(5);
  GFO_ASSERT_OK(CreateRequest(Who::kCaseWorkerHarnosand, risky, &created));
  GFO_ASSERT_OK(SubmitRequest(Who::kCaseWorkerHarnosand, created.name(), &created));
  const std::string harnosand = ApprovedHome(2280, 3);
  EXPECT_THAT(Propose(created.name(), harnosand, &out),
              StatusIs(grpc::FAILED_PRECONDITION, "nearer a place of risk named in the request"));
  EXPECT_EQ(out.name(), "");
  EXPECT_EQ(RequestState(created.name()), v1::REQUEST_STATE_SUBMITTED);
  EXPECT_EQ(FreeCapacity(harnosand), 3);

  // Three siblings, a home that takes groups of two at most.
  v1::Home takes_pairs = ValidHome(2280, 3);
  takes_pairs.set_max_sibling_group(2);
  const std::string pairs = ApprovedHome(takes_pairs);
  v1::PlacementRequest three = SubmittedRequest(Who::kCaseWorkerHarnosand, 3);
  EXPECT_THAT(Propose(three.name(), pairs, &out),
              StatusIs(grpc::FAILED_PRECONDITION,
                       pairs + ": the home takes sibling groups of at most 2; the request "
                               "has 3 children"));

  // Proposed while it fitted; the home then limits its sibling groups: acceptance is refused.
  const v1::Proposal proposal = MustPropose(three.name(), harnosand);
  SetMaxSiblingGroup(harnosand, 1);
  grpc::Status refused = Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out);
  EXPECT_THAT(refused, StatusIs(grpc::FAILED_PRECONDITION,
                                proposal.name() + ": the home takes sibling groups of at most 1"));
  // They must stay together (SubmittedRequest): splitting is no way on.
  EXPECT_EQ(refused.error_message().find("may live apart"), std::string::npos)
      << refused.error_message();
  EXPECT_EQ(RequestState(three.name()), v1::REQUEST_STATE_PROPOSED);
}

// Siblings that may live apart, and a home whose largest sibling group is smaller: the refusal,
// at proposal and at acceptance, says how to place some of them there.
TEST_F(WorkflowProposals, ALargestSiblingGroupRefusalTellsHowToSplitAPreferredGroup) {
  const std::string home = ApprovedHome(2280, 3);
  const v1::PlacementRequest created = SubmittedPreferredGroup(3);
  const v1::Proposal proposal = MustPropose(created.name(), home);
  SetMaxSiblingGroup(home, 2);
  const std::string hint =
      "; the siblings may live apart (together preferred): to place some of them here, the "
      "municipality withdraws the request and sends one for each group of children";
  v1::Proposal out;
  EXPECT_THAT(
      Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out),
      StatusIs(grpc::FAILED_PRECONDITION, proposal.name() +
                                              ": the home takes sibling groups of at most 2; the "
                                              "request has 3 children" +
                                              hint));

  v1::Proposal withdrawn;
  {
    v1::WithdrawProposalRequest withdraw;
    withdraw.set_name(proposal.name());
    withdraw.set_reason("the home now takes two at most");
    GFO_ASSERT_OK(proposals_->WithdrawProposal(Ctx(Who::kStaff).get(), withdraw, &withdrawn));
  }
  EXPECT_THAT(Propose(created.name(), home, &out),
              StatusIs(grpc::FAILED_PRECONDITION,
                       home +
                           ": the home takes sibling groups of at most 2; the request has 3 "
                           "children" +
                           hint));
}

// A home on a break takes no child: a proposal made before the pause waits for the home to be
// resumed.
TEST_F(WorkflowProposals, AProposalToAPausedHomeIsAcceptedOnlyOnceTheHomeIsResumed) {
  const std::string home = ApprovedHome(2280, 2);
  v1::PlacementRequest request = SubmittedRequest(Who::kCaseWorkerHarnosand, 1);
  const v1::Proposal proposal = MustPropose(request.name(), home);
  v1::HomeTransitionRequest move;
  move.set_name(home);
  move.set_reason("the family is on a break");
  v1::Home moved;
  GFO_ASSERT_OK(homes_->PauseHome(Ctx(Who::kStaff).get(), move, &moved));
  v1::Proposal out;
  EXPECT_THAT(Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out),
              StatusIs(grpc::FAILED_PRECONDITION, "the proposed home is paused"));
  EXPECT_EQ(RequestState(request.name()), v1::REQUEST_STATE_PROPOSED);
  GFO_ASSERT_OK(homes_->ResumeHome(Ctx(Who::kStaff).get(), move, &moved));
  GFO_ASSERT_OK(Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out));
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_ACCEPTED);
}

TEST_F(WorkflowProposals, AnExpiredHoldIsFreedWithoutAnyoneActing) {
  const std::string home = ApprovedHome(2280, 2);
  v1::PlacementRequest siblings = SubmittedRequest(Who::kCaseWorkerHarnosand, 2);
  v1::Proposal proposal = MustPropose(siblings.name(), home);
  server_->clock().Advance(absl::Hours(71));
  EXPECT_EQ(FreeCapacity(home), 0);

  server_->clock().Advance(absl::Hours(2));  // 73 h after the proposal
  EXPECT_EQ(FreeCapacity(home), 2);
  v1::Proposal got;
  GFO_ASSERT_OK(GetProposal(Who::kCaseWorkerHarnosand, proposal.name(), &got));
  EXPECT_EQ(got.state(), v1::PROPOSAL_STATE_EXPIRED);
  EXPECT_EQ(RequestState(siblings.name()), v1::REQUEST_STATE_SUBMITTED);
  v1::ListVacanciesResponse vacancies;
  GFO_ASSERT_OK(placements_->ListVacancies(Ctx(Who::kStaff).get(), {}, &vacancies));
  ASSERT_EQ(vacancies.vacancies_size(), 1);
  EXPECT_EQ(vacancies.vacancies(0).free_capacity(), 2);
  v1::ListRequestsRequest open;
  open.set_state(v1::REQUEST_STATE_SUBMITTED);
  v1::ListRequestsResponse list;
  GFO_ASSERT_OK(requests_->ListRequests(Ctx(Who::kStaff).get(), open, &list));
  EXPECT_EQ(list.requests_size(), 1);

  v1::ListRequestHistoryRequest history;
  history.set_name(siblings.name());
  v1::ListRequestHistoryResponse moves;
  GFO_ASSERT_OK(requests_->ListRequestHistory(Ctx(Who::kStaff).get(), history, &moves));
  ASSERT_GE(moves.transitions_size(), 1);
  const v1::StateTransition& last = moves.transitions(moves.transitions_size() - 1);
  EXPECT_EQ(last.from_state(), "proposed");
  EXPECT_EQ(last.to_state(), "submitted");
  EXPECT_EQ(last.actor(), "system");

  v1::Proposal accepted;
  EXPECT_THAT(Accept(Who::kCaseWorkerHarnosand, proposal.name(), &accepted),
              StatusIs(grpc::FAILED_PRECONDITION, "cannot move from expired to accepted"));
  // The next write records the expiry, and a new proposal can take the seats.
  v1::Proposal next = MustPropose(siblings.name(), home);
  EXPECT_EQ(next.state(), v1::PROPOSAL_STATE_PENDING);
  EXPECT_EQ(QueryInt("SELECT state FROM proposals WHERE id = " +
                     proposal.name().substr(proposal.name().find('/') + 1)),
            v1::PROPOSAL_STATE_EXPIRED);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM transitions WHERE resource = '" + siblings.name() +
                     "' AND actor = 'system'"),
            1);
}

TEST_F(WorkflowProposals, TheHoldTimeIsConfiguration) {
  TestServerOptions options;
  options.config.proposal_hold = absl::Hours(24);
  StartServer(options);
  const std::string home = ApprovedHome(2280, 1);
  v1::Proposal proposal = MustPropose(SubmittedRequest(Who::kCaseWorkerHarnosand).name(), home);
  server_->clock().Advance(absl::Hours(24));
  EXPECT_EQ(FreeCapacity(home), 1);
}

TEST_F(WorkflowProposals, CaseWorkerSeesTheProfileButNotTheHomeUntilAccepting) {
  const std::string home = ApprovedHome(2280, 2);
  v1::PlacementRequest request = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::Proposal proposal = MustPropose(request.name(), home);
  v1::Proposal seen;
  GFO_ASSERT_OK(GetProposal(Who::kCaseWorkerHarnosand, proposal.name(), &seen));
  EXPECT_EQ(seen.home(), "");
  EXPECT_EQ(seen.home_profile().home(), "");
  EXPECT_THAT(seen.home_profile().code(), HasSubstr("FH-"));
  EXPECT_EQ(seen.home_profile().capacity(), 2);
  EXPECT_GT(seen.home_profile().distance_km(), 0);
  EXPECT_LT(seen.home_profile().distance_km(), 5);
  v1::ListProposalsResponse list;
  GFO_ASSERT_OK(proposals_->ListProposals(Ctx(Who::kCaseWorkerHarnosand).get(), {}, &list));
  ASSERT_EQ(list.proposals_size(), 1);
  EXPECT_EQ(list.proposals(0).home(), "");

  v1::Proposal accepted;
  GFO_ASSERT_OK(Accept(Who::kCaseWorkerHarnosand, proposal.name(), &accepted));
  EXPECT_EQ(accepted.state(), v1::PROPOSAL_STATE_ACCEPTED);
  EXPECT_EQ(accepted.home(), home);
  EXPECT_THAT(accepted.placement(), HasSubstr("placements/"));
}

TEST_F(WorkflowProposals, AcceptingCreatesThePlacementAndDecliningSendsTheRequestBack) {
  const std::string home = ApprovedHome(2280, 3);
  v1::PlacementRequest declined_request = SubmittedRequest(Who::kCaseWorkerHarnosand, 1);
  v1::Proposal first = MustPropose(declined_request.name(), home);
  v1::Proposal out;
  EXPECT_THAT(Decline(Who::kCaseWorkerHarnosand, first.name(), "", &out),
              StatusIs(grpc::INVALID_ARGUMENT, "reason: required"));
  GFO_ASSERT_OK(Decline(Who::kCaseWorkerHarnosand, first.name(), "too far from school", &out));
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_DECLINED);
  EXPECT_EQ(out.decline_reason(), "too far from school");
  EXPECT_EQ(RequestState(declined_request.name()), v1::REQUEST_STATE_SUBMITTED);
  EXPECT_EQ(FreeCapacity(home), 3);
  EXPECT_THAT(Accept(Who::kCaseWorkerHarnosand, first.name(), &out),
              StatusIs(grpc::FAILED_PRECONDITION, "cannot move from declined to accepted"));

  v1::PlacementRequest siblings = SubmittedRequest(Who::kCaseWorkerHarnosand, 2);
  v1::Proposal second = MustPropose(siblings.name(), home);
  GFO_ASSERT_OK(Accept(Who::kCaseWorkerHarnosand, second.name(), &out));
  EXPECT_EQ(RequestState(siblings.name()), v1::REQUEST_STATE_PLACED);
  EXPECT_EQ(FreeCapacity(home), 1);
  v1::Placement placement;
  GFO_ASSERT_OK(GetPlacement(Who::kCaseWorkerHarnosand, out.placement(), &placement));
  EXPECT_EQ(placement.state(), v1::PLACEMENT_STATE_ACTIVE);
  EXPECT_EQ(placement.children(), 2);
  EXPECT_EQ(placement.home(), home);
  EXPECT_EQ(placement.request(), siblings.name());
  // The wanted start (2026-12-01) is after today, so the placement starts then.
  EXPECT_EQ(placement.start_date().year(), 2026);
  EXPECT_EQ(placement.start_date().month(), 12);
  EXPECT_EQ(placement.start_date().day(), 1);
}

TEST_F(WorkflowProposals, StaffWithdrawAPendingProposalWithAReason) {
  const std::string home = ApprovedHome(2280, 1);
  v1::PlacementRequest request = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::Proposal proposal = MustPropose(request.name(), home);
  v1::WithdrawProposalRequest req;
  req.set_name(proposal.name());
  v1::Proposal out;
  EXPECT_THAT(proposals_->WithdrawProposal(Ctx(Who::kStaff).get(), req, &out),
              StatusIs(grpc::INVALID_ARGUMENT, "reason: required"));
  req.set_reason("the family fell ill");
  GFO_ASSERT_OK(proposals_->WithdrawProposal(Ctx(Who::kStaff).get(), req, &out));
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_WITHDRAWN);
  EXPECT_EQ(RequestState(request.name()), v1::REQUEST_STATE_SUBMITTED);
  EXPECT_EQ(FreeCapacity(home), 1);
}

TEST_F(WorkflowProposals, AcceptanceWaitsForConsultationWithTheHomesMunicipality) {
  const std::string kramfors_home = ApprovedHome(2282, 2);
  v1::PlacementRequest request = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::Proposal proposal = MustPropose(request.name(), kramfors_home);
  EXPECT_THAT(proposal.required_consultations(), ElementsAre(2282));

  v1::Proposal out;
  grpc::Status refused = Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out);
  EXPECT_THAT(refused, StatusIs(grpc::FAILED_PRECONDITION, "municipalities/2282 (Kramfors)"));
  EXPECT_THAT(refused.error_message(), HasSubstr("22 kap. 6 § SFS 2025:400"));
  EXPECT_EQ(RequestState(request.name()), v1::REQUEST_STATE_PROPOSED);

  EXPECT_THAT(Consult(Who::kCaseWorkerHarnosand, proposal.name(), 2284, &out),
              StatusIs(grpc::FAILED_PRECONDITION,
                       "consultation.municipality_code: municipalities/2284 is not among"));
  GFO_ASSERT_OK(Consult(Who::kCaseWorkerHarnosand, proposal.name(), 2282, &out));
  ASSERT_EQ(out.consultations_size(), 1);
  EXPECT_EQ(out.consultations(0).municipality_code(), 2282);
  EXPECT_EQ(out.consultations(0).recorded_by(), server_->account(Who::kCaseWorkerHarnosand));
  EXPECT_EQ(
      QueryInt("SELECT COUNT(*) FROM audit_events e WHERE " + EventNames("'municipalities/2282'")),
      1);  // consultations are on the audit trail

  GFO_ASSERT_OK(Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out));
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_ACCEPTED);
}

TEST_F(WorkflowProposals, AHomeWithAChildFromAThirdMunicipalityNeedsThatConsultationToo) {
  std::string ornskoldsvik_account;
  const std::string ornskoldsvik_token =
      server_->AddAccount(v1::ROLE_CASE_WORKER, 2284, &ornskoldsvik_account);
  const std::string home = ApprovedHome(2282, 3);
  // Örnsköldsvik places a child in the Kramfors home first (consulting Kramfors).
  v1::PlacementRequest theirs;
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + ornskoldsvik_token);
    v1::CreateRequestRequest create;
    *create.mutable_request() = ValidRequest(2284, 1);
    GFO_ASSERT_OK(requests_->CreateRequest(&ctx, create, &theirs));
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + ornskoldsvik_token);
    v1::RequestTransitionRequest submit;
    submit.set_name(theirs.name());
    GFO_ASSERT_OK(requests_->SubmitRequest(&ctx, submit, &theirs));
  }
  v1::Proposal first = MustPropose(theirs.name(), home);
  EXPECT_THAT(first.required_consultations(), ElementsAre(2282));
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + ornskoldsvik_token);
    v1::RecordConsultationRequest consult;
    consult.set_proposal(first.name());
    consult.mutable_consultation()->set_municipality_code(2282);
    *consult.mutable_consultation()->mutable_date() =
        ValidRequest().network_examination().examined_date();
    consult.mutable_consultation()->set_outcome("agreed");
    GFO_ASSERT_OK(proposals_->RecordConsultation(&ctx, consult, &first));
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + ornskoldsvik_token);
    v1::AcceptProposalRequest accept;
    accept.set_name(first.name());
    GFO_ASSERT_OK(proposals_->AcceptProposal(&ctx, accept, &first));
  }

  // Now Härnösand must consult both Kramfors (the home's) and Örnsköldsvik (a child there).
  v1::PlacementRequest ours = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::Proposal proposal = MustPropose(ours.name(), home);
  EXPECT_THAT(proposal.required_consultations(), ElementsAre(2282, 2284));
  v1::Proposal out;
  EXPECT_THAT(Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out),
              StatusIs(grpc::FAILED_PRECONDITION,
                       "consult municipalities/2282 (Kramfors), municipalities/2284 "
                       "(Örnsköldsvik)"));
  GFO_ASSERT_OK(Consult(Who::kCaseWorkerHarnosand, proposal.name(), 2282, &out));
  grpc::Status still = Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out);
  EXPECT_THAT(still, StatusIs(grpc::FAILED_PRECONDITION, "municipalities/2284 (Örnsköldsvik)"));
  EXPECT_THAT(still.error_message(), ::testing::Not(HasSubstr("2282")));
  GFO_ASSERT_OK(Consult(Who::kCaseWorkerHarnosand, proposal.name(), 2284, &out));
  GFO_ASSERT_OK(Accept(Who::kCaseWorkerHarnosand, proposal.name(), &out));

  // A home in the requester's own municipality with no other placements needs none.
  const std::string own = ApprovedHome(2280, 1);
  v1::Proposal local = MustPropose(SubmittedRequest(Who::kCaseWorkerHarnosand).name(), own);
  EXPECT_THAT(local.required_consultations(), IsEmpty());
}

TEST_F(WorkflowProposals, AnotherMunicipalitysCaseWorkerIsDeniedOnEveryRecordMethod) {
  const std::string home = ApprovedHome(2280, 2);
  v1::PlacementRequest request = SubmittedRequest(Who::kCaseWorkerHarnosand);
  v1::Proposal proposal = MustPropose(request.name(), home);
  const Who other = Who::kCaseWorkerKramfors;
  v1::Proposal out;
  EXPECT_THAT(GetProposal(other, proposal.name(), &out),
              StatusIs(grpc::PERMISSION_DENIED, proposal.name()));
  EXPECT_THAT(Accept(other, proposal.name(), &out),
              StatusIs(grpc::PERMISSION_DENIED, proposal.name()));
  EXPECT_THAT(Decline(other, proposal.name(), "no", &out),
              StatusIs(grpc::PERMISSION_DENIED, proposal.name()));
  EXPECT_THAT(Consult(other, proposal.name(), 2282, &out),
              StatusIs(grpc::PERMISSION_DENIED, proposal.name()));
  v1::ListProposalsResponse list;
  GFO_ASSERT_OK(proposals_->ListProposals(Ctx(other).get(), {}, &list));
  EXPECT_EQ(list.proposals_size(), 0);
  v1::Proposal still;
  GFO_ASSERT_OK(GetProposal(Who::kStaff, proposal.name(), &still));
  EXPECT_EQ(still.state(), v1::PROPOSAL_STATE_PENDING);
}

TEST_F(WorkflowProposals, ListFiltersByRequestAndStatePageByPage) {
  const std::string home = ApprovedHome(2280, 5);
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i) {
    names.push_back(MustPropose(SubmittedRequest(Who::kCaseWorkerHarnosand).name(), home).name());
  }
  v1::ListProposalsRequest req;
  req.set_page_size(2);
  req.set_state(v1::PROPOSAL_STATE_PENDING);
  v1::ListProposalsResponse page;
  GFO_ASSERT_OK(proposals_->ListProposals(Ctx(Who::kStaff).get(), req, &page));
  ASSERT_EQ(page.proposals_size(), 2);
  ASSERT_FALSE(page.next_page_token().empty());
  req.set_page_token(page.next_page_token());
  v1::ListProposalsResponse rest;
  GFO_ASSERT_OK(proposals_->ListProposals(Ctx(Who::kStaff).get(), req, &rest));
  ASSERT_EQ(rest.proposals_size(), 1);
  EXPECT_EQ(rest.proposals(0).name(), names[2]);
  req.set_state(v1::PROPOSAL_STATE_DECLINED);
  EXPECT_THAT(proposals_->ListProposals(Ctx(Who::kStaff).get(), req, &rest),
              StatusIs(grpc::INVALID_ARGUMENT, "page_token"));
}

}  // namespace
}  // namespace gfo::testing
