// Retention (16 kap. SoL) over a real server: what is kept and what a clearing removes. A home or
// request that was part of a child's placement is a placement document (16 kap. 2 §) and is
// never listed nor cleared; a cleared record loses its free text too, not only its profile.

#include <string>
#include <vector>

#include "tests/integration/match_test_helpers.h"

namespace gfo::testing {
namespace {

using ::testing::UnorderedElementsAre;

// Days past the five years (two leap days fall in them from 2026).
constexpr int kPastFiveYearsDays = 5 * 365 + 2;

class MatchRetentionTest : public MatchTest {
 protected:
  std::vector<std::string> ReportedResources() {
    const gfo::v1::GetRetentionReportResponse report = RetentionReport();
    std::vector<std::string> names;
    for (const auto& item : report.items()) names.push_back(item.resource());
    return names;
  }
  grpc::Status Apply(const std::vector<std::string>& resources,
                     gfo::v1::ApplyRetentionResponse* out) {
    return ApplyRetention(resources, out);
  }
  // The number after the collection in a resource name ("homes/7" -> "7").
  static std::string IdOf(const std::string& name) { return name.substr(name.find('/') + 1); }
};

// Records whose business is over are due, however far they got: a draft never sent, a home that
// never got past assessment. A request in the queue and a home in the bank are not.
TEST_F(MatchRetentionTest, AbandonedDraftsAndAssessmentsAreDueButTheQueueAndTheBankAreNot) {
  const std::string draft = DraftRequest(ValidRequest(), Who::kCaseWorkerHarnosand);
  const std::string assessed = HomeInAssessment();
  const std::string queued = SubmittedRequest();
  const std::string bank = ApprovedHome();
  server_->clock().Advance(absl::Hours(24 * kPastFiveYearsDays));
  EXPECT_THAT(ReportedResources(), UnorderedElementsAre(draft, assessed));
  gfo::v1::ApplyRetentionResponse applied;
  EXPECT_THAT(Apply({queued}, &applied),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "not due for clearing"));
  EXPECT_THAT(Apply({bank}, &applied),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "not due for clearing"));
  GFO_ASSERT_OK(Apply({}, &applied));
  EXPECT_THAT(Cleared(applied), UnorderedElementsAre(draft, assessed));
  EXPECT_EQ(QueryInt("SELECT cleared FROM requests WHERE id = " + IdOf(queued)), 0);
  EXPECT_EQ(QueryInt("SELECT cleared FROM homes WHERE id = " + IdOf(bank)), 0);
  // Without their people they go no further: the draft is withdrawn, the assessment closed.
  const gfo::v1::PlacementRequest read = MustGetRequest(draft);
  EXPECT_EQ(read.state(), gfo::v1::REQUEST_STATE_WITHDRAWN);
  EXPECT_EQ(read.children_size(), 1);
  EXPECT_TRUE(read.children(0).personal_identity_number().empty());
  EXPECT_EQ(QueryInt("SELECT status FROM homes WHERE id = " + IdOf(assessed)),
            gfo::v1::HOME_STATUS_CLOSED);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM transitions WHERE reason LIKE '%cleared under "
                     "retention%' AND resource IN ('" +
                     draft + "', '" + assessed + "')"),
            2);
}

TEST_F(MatchRetentionTest, TheHomeAndRequestOfAPlacementAreKeptUnder16Kap2) {
  // A child placed and the placement ended (the request is ENDED), then the home closed.
  const std::string home = ApprovedHome();
  const std::string request = SubmittedRequest();
  const std::string placement = Accept(Propose(request, home), Who::kCaseWorkerHarnosand);
  server_->clock().Advance(absl::Hours(24 * 10));  // past the placement's start (1 December)
  GFO_ASSERT_OK(EndPlacement(placement, Who::kCaseWorkerHarnosand));
  GFO_ASSERT_OK(MoveHome("close", home, "family moved away"));
  ASSERT_EQ(QueryInt("SELECT state FROM requests WHERE id = " + IdOf(request)),
            gfo::v1::REQUEST_STATE_ENDED);
  // Ordinary records beside them, due at the same time.
  const std::string closed = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("close", closed, "stopped"));
  const std::string withdrawn = DraftRequest(ValidRequest(), Who::kCaseWorkerHarnosand);
  GFO_ASSERT_OK(Withdraw(withdrawn, Who::kCaseWorkerHarnosand));

  server_->clock().Advance(absl::Hours(24 * kPastFiveYearsDays));
  EXPECT_THAT(ReportedResources(), UnorderedElementsAre(closed, withdrawn));

  // Named, each is refused with the reason; with an ordinary record beside it, nothing changes.
  gfo::v1::ApplyRetentionResponse applied;
  for (const std::string& kept : {home, request}) {
    EXPECT_THAT(Apply({kept}, &applied),
                StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "16 kap. 2 §"))
        << kept;
  }
  EXPECT_THAT(Apply({withdrawn, request}, &applied),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "16 kap. 2 §"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM retention_log"), 0);
  EXPECT_EQ(QueryInt("SELECT cleared FROM requests WHERE id = " + IdOf(withdrawn)), 0);

  GFO_ASSERT_OK(Apply({}, &applied));
  EXPECT_THAT(Cleared(applied), UnorderedElementsAre(closed, withdrawn));
  EXPECT_EQ(QueryInt("SELECT cleared FROM homes WHERE id = " + IdOf(home)), 0);
  EXPECT_EQ(QueryInt("SELECT cleared FROM requests WHERE id = " + IdOf(request)), 0);

  // Which family the child lived with, and which child was placed, are still there.
  const gfo::v1::Home kept_home = MustGetHome(home);
  EXPECT_GT(kept_home.adults_size(), 0);
  EXPECT_EQ(kept_home.close_reason(), "family moved away");
  const gfo::v1::PlacementRequest kept_request = MustGetRequest(request);
  EXPECT_FALSE(kept_request.case_reference().empty());
  ASSERT_EQ(kept_request.children_size(), 1);
  EXPECT_FALSE(kept_request.children(0).personal_identity_number().empty());
}

TEST_F(MatchRetentionTest, ClearingRemovesTheFreeTextOfTheRecordItsHistoryAndItsProposals) {
  const std::string closed = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("close", closed, "family moved away"));
  // A request proposed a home in Kramfors (consulted), declined it, then was withdrawn.
  const std::string kramfors_home = ApprovedHome(ValidHome(2282));
  const std::string withdrawn = SubmittedRequest();
  gfo::v1::CreateProposalRequest create;
  create.mutable_proposal()->set_request(withdrawn);
  create.mutable_proposal()->set_home(kramfors_home);
  create.mutable_proposal()->set_rationale("near the grandmother in Kramfors");
  gfo::v1::Proposal proposal;
  GFO_ASSERT_OK(proposals_->CreateProposal(server_->Context(Who::kStaff).get(), create, &proposal));
  gfo::v1::RecordConsultationRequest consult;
  consult.set_proposal(proposal.name());
  consult.mutable_consultation()->set_municipality_code(2282);
  consult.mutable_consultation()->mutable_date()->set_year(2026);  // the test clock's today
  consult.mutable_consultation()->mutable_date()->set_month(11);
  consult.mutable_consultation()->mutable_date()->set_day(23);
  consult.mutable_consultation()->set_outcome("Kramfors knows the family well");
  gfo::v1::Proposal consulted;
  GFO_ASSERT_OK(proposals_->RecordConsultation(server_->Context(Who::kCaseWorkerHarnosand).get(),
                                               consult, &consulted));
  gfo::v1::DeclineProposalRequest decline;
  decline.set_name(proposal.name());
  decline.set_reason("the child is afraid of the family's dogs");
  gfo::v1::Proposal declined;
  GFO_ASSERT_OK(proposals_->DeclineProposal(server_->Context(Who::kCaseWorkerHarnosand).get(),
                                            decline, &declined));
  GFO_ASSERT_OK(Withdraw(withdrawn, Who::kCaseWorkerHarnosand));
  // An open request's proposal of the same home, whose text is not due.
  const std::string open = SubmittedRequest();
  create.mutable_proposal()->set_request(open);
  create.mutable_proposal()->set_rationale("speaks the child's language");
  gfo::v1::Proposal open_proposal;
  GFO_ASSERT_OK(
      proposals_->CreateProposal(server_->Context(Who::kStaff).get(), create, &open_proposal));

  const std::string proposal_id = IdOf(proposal.name());
  const std::string cleared_history =
      "resource IN ('" + closed + "', '" + withdrawn + "', '" + proposal.name() + "')";
  const std::string texts_of_withdrawn =
      "SELECT (SELECT COUNT(*) FROM transitions WHERE reason <> '' AND " + cleared_history +
      ") + (SELECT COUNT(*) FROM proposals WHERE id = " + proposal_id +
      " AND (decline_reason <> '' OR rationale <> '')) + (SELECT COUNT(*) FROM consultations "
      "WHERE outcome <> '' AND proposal_id = " +
      proposal_id + ")";
  const int64_t moves = QueryInt("SELECT COUNT(*) FROM transitions WHERE " + cleared_history);
  ASSERT_GT(QueryInt(texts_of_withdrawn), 5);

  server_->clock().Advance(absl::Hours(24 * kPastFiveYearsDays));
  gfo::v1::ApplyRetentionResponse applied;
  GFO_ASSERT_OK(Apply({closed, withdrawn}, &applied));

  // No free text is left; the history keeps every move with its states, actor and time.
  EXPECT_EQ(QueryInt(texts_of_withdrawn), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM transitions WHERE actor <> '' AND to_state <> '' AND "
                     "time > 0 AND " +
                     cleared_history),
            moves);
  EXPECT_EQ(QueryInt("SELECT state FROM proposals WHERE id = " + proposal_id),
            gfo::v1::PROPOSAL_STATE_DECLINED);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM consultations WHERE municipality_code = 2282 AND "
                     "recorded_by <> '' AND proposal_id = " +
                     proposal_id),
            1);
  const gfo::v1::Home home = MustGetHome(closed);
  EXPECT_TRUE(home.close_reason().empty());
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_CLOSED);

  // What was not cleared keeps its text.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM proposals WHERE rationale <> '' AND id = " +
                     IdOf(open_proposal.name())),
            1);
  EXPECT_GT(QueryInt("SELECT COUNT(*) FROM transitions WHERE reason <> '' AND resource = '" +
                     kramfors_home + "'"),
            0);
}

TEST_F(MatchRetentionTest, ClearingARecordThatDoesNotExistIsNotFoundAndChangesNothing) {
  const std::string closed = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("close", closed, "stopped"));
  server_->clock().Advance(absl::Hours(24 * kPastFiveYearsDays));
  gfo::v1::ApplyRetentionResponse applied;
  for (const std::string missing : {"homes/99999", "requests/99999"}) {
    EXPECT_THAT(Apply({missing}, &applied),
                StatusIs(grpc::StatusCode::NOT_FOUND, missing + ": not found"));
  }
  EXPECT_THAT(Apply({closed, "homes/99999"}, &applied),
              StatusIs(grpc::StatusCode::NOT_FOUND, "homes/99999"));
  EXPECT_EQ(QueryInt("SELECT cleared FROM homes WHERE id = " + IdOf(closed)), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM retention_log"), 0);
}

}  // namespace
}  // namespace gfo::testing
