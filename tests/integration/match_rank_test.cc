// RankHomes over a real server: the ranking reads the in-memory home index, which follows every
// committed write (approval, proposal hold, placement, its end) and frees an expired hold
// without any write; case workers rank only their own requests and never see home names; the
// exclusion counts explain an empty ranking.

#include "tests/integration/match_test_helpers.h"

namespace gfo::testing {
namespace {

using ::testing::HasSubstr;

class MatchRankTest : public MatchTest {};

TEST_F(MatchRankTest, ApprovalShowsInTheNextRanking) {
  const std::string home = HomeInAssessment();
  const std::string request = SubmittedRequest();

  gfo::v1::RankHomesResponse before = MustRank(request);
  EXPECT_EQ(before.considered(), 1);
  EXPECT_EQ(before.eligible(), 0);
  EXPECT_EQ(ExclusionCount(before, "not_approved"), 1);
  EXPECT_EQ(before.homes_size(), 0);

  GFO_ASSERT_OK(MoveHome("approve", home));
  gfo::v1::RankHomesResponse after = MustRank(request);
  EXPECT_EQ(after.eligible(), 1);
  ASSERT_EQ(after.homes_size(), 1);
  EXPECT_EQ(after.homes(0).rank(), 1);
  EXPECT_EQ(after.homes(0).profile().home(), home);
  EXPECT_EQ(after.homes(0).profile().code(), HomeCode(home));
  EXPECT_EQ(after.homes(0).profile().free_capacity(), 2);
  EXPECT_GT(after.homes(0).total(), 0);

  GFO_ASSERT_OK(MoveHome("pause", home));
  EXPECT_EQ(ExclusionCount(MustRank(request), "not_approved"), 1);
}

TEST_F(MatchRankTest, HoldAndPlacementChangeCapacityAtOnce) {
  const std::string home = ApprovedHome(ValidHome(2280, 1));
  const std::string first = SubmittedRequest();
  const std::string second = SubmittedRequest();
  EXPECT_EQ(MustRank(second).eligible(), 1);

  const std::string proposal = Propose(first, home);
  gfo::v1::RankHomesResponse held = MustRank(second);
  EXPECT_EQ(held.eligible(), 0);
  EXPECT_EQ(ExclusionCount(held, "insufficient_capacity"), 1);

  const std::string placement = Accept(proposal, Who::kCaseWorkerHarnosand);
  ASSERT_FALSE(placement.empty());
  EXPECT_EQ(ExclusionCount(MustRank(second), "insufficient_capacity"), 1);

  server_->clock().Advance(absl::Hours(24 * 10));  // past the placement's start (1 December)
  GFO_ASSERT_OK(EndPlacement(placement, Who::kCaseWorkerHarnosand));
  gfo::v1::RankHomesResponse freed = MustRank(second);
  EXPECT_EQ(freed.eligible(), 1);
  ASSERT_EQ(freed.homes_size(), 1);
  EXPECT_EQ(freed.homes(0).profile().free_capacity(), 1);
}

TEST_F(MatchRankTest, ExpiredHoldFreesCapacityWithoutAnyWrite) {
  const std::string home = ApprovedHome(ValidHome(2280, 1));
  const std::string first = SubmittedRequest();
  const std::string second = SubmittedRequest();
  const std::string proposal = Propose(first, home);
  EXPECT_EQ(ExclusionCount(MustRank(second), "insufficient_capacity"), 1);

  server_->clock().Advance(absl::Hours(72) - absl::Seconds(1));
  EXPECT_EQ(ExclusionCount(MustRank(second), "insufficient_capacity"), 1);

  server_->clock().Advance(absl::Seconds(1));
  gfo::v1::RankHomesResponse freed = MustRank(second);
  EXPECT_EQ(freed.eligible(), 1);
  // Nothing wrote the expiry: the proposal row is still pending, only the clock moved.
  EXPECT_EQ(
      QueryInt("SELECT state FROM proposals WHERE id = " + proposal.substr(proposal.find('/') + 1)),
      static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING));
}

TEST_F(MatchRankTest, CaseWorkerCannotRankAnotherMunicipalitysRequest) {
  ApprovedHome();
  const std::string request = SubmittedRequest(ValidRequest(2280), Who::kCaseWorkerHarnosand);
  gfo::v1::RankHomesResponse out;
  EXPECT_THAT(Rank(request, Who::kCaseWorkerKramfors, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, request));
  EXPECT_EQ(out.homes_size(), 0);
  EXPECT_EQ(LastAuditResources("gfo.v1.MatchService/RankHomes"), request);
  GFO_EXPECT_OK(Rank(request, Who::kCaseWorkerHarnosand, &out));
}

TEST_F(MatchRankTest, CaseWorkerSeesProfilesWithoutHomeNames) {
  const std::string home = ApprovedHome();
  const std::string request = SubmittedRequest();

  gfo::v1::RankHomesResponse seen = MustRank(request, Who::kCaseWorkerHarnosand);
  ASSERT_EQ(seen.homes_size(), 1);
  const gfo::v1::HomeProfile& profile = seen.homes(0).profile();
  EXPECT_TRUE(profile.home().empty());
  EXPECT_EQ(profile.code(), HomeCode(home));
  EXPECT_EQ(profile.municipality_code(), 2280);
  EXPECT_EQ(profile.capacity(), 2);
  EXPECT_LT(profile.distance_km(), 5);  // the fixture's home and child's place are in Härnösand
  // Every criterion is reported with a sentence.
  ASSERT_EQ(seen.homes(0).criteria_size(), 8);
  for (const auto& c : seen.homes(0).criteria()) {
    EXPECT_FALSE(c.criterion().empty());
    EXPECT_FALSE(c.explanation().empty()) << c.criterion();
  }

  EXPECT_EQ(MustRank(request, Who::kStaff).homes(0).profile().home(), home);
  EXPECT_EQ(MustRank(request, Who::kAdmin).homes(0).profile().home(), home);
}

TEST_F(MatchRankTest, ProtectedHomeShowsNoDistance) {
  gfo::v1::Home home = ValidHome();
  home.set_protected_identity(true);
  ApprovedHome(home);
  gfo::v1::RankHomesResponse ranked = MustRank(SubmittedRequest());
  ASSERT_EQ(ranked.homes_size(), 1);
  EXPECT_FALSE(ranked.homes(0).profile().has_distance_km());
  // The home is 0.2 km from the child's school; the ranking knows only its 20 km grid cell.
  EXPECT_EQ(ranked.homes(0).criteria(0).criterion(), "proximity");
  EXPECT_EQ(ranked.homes(0).criteria(0).explanation(),
            "within about 30 km of the child's school in Härnösand (protected address: "
            "approximate)");
}

TEST_F(MatchRankTest, ExclusionCountsExplainWhyNoHomeFits) {
  gfo::v1::PlacementRequest request = ValidRequest(2280, 1);  // one child aged 7
  request.mutable_children(0)->set_pet_allergy(true);
  request.add_excluded_municipality_codes(2282);
  const std::string name = SubmittedRequest(request);

  const std::string paused = ApprovedHome();
  GFO_ASSERT_OK(MoveHome("pause", paused));
  gfo::v1::Home emergency_only = ValidHome();
  emergency_only.clear_kinds();
  emergency_only.add_kinds(gfo::v1::PLACEMENT_KIND_EMERGENCY);
  ApprovedHome(emergency_only);
  gfo::v1::Home teenagers = ValidHome();
  teenagers.set_min_age(12);
  ApprovedHome(teenagers);
  gfo::v1::Home pets = ValidHome();
  pets.set_has_pets(true);
  ApprovedHome(pets);
  ApprovedHome(ValidHome(2282));
  HomeInAssessment();

  gfo::v1::RankHomesResponse ranked = MustRank(name);
  EXPECT_EQ(ranked.considered(), 6);
  EXPECT_EQ(ranked.excluded(), 6);
  EXPECT_EQ(ranked.eligible(), 0);
  EXPECT_EQ(ranked.homes_size(), 0);
  EXPECT_EQ(ExclusionCount(ranked, "not_approved"), 2);
  EXPECT_EQ(ExclusionCount(ranked, "kind_not_offered"), 1);
  EXPECT_EQ(ExclusionCount(ranked, "age_outside_range"), 1);
  EXPECT_EQ(ExclusionCount(ranked, "pets_vs_allergy"), 1);
  EXPECT_EQ(ExclusionCount(ranked, "excluded_municipality"), 1);
  for (const auto& e : ranked.exclusions()) EXPECT_GT(e.homes(), 0) << e.reason();

  const std::string fitting = ApprovedHome();
  gfo::v1::RankHomesResponse found = MustRank(name);
  EXPECT_EQ(found.eligible(), 1);
  ASSERT_EQ(found.homes_size(), 1);
  EXPECT_EQ(found.homes(0).profile().home(), fitting);
}

// The waiting time (fairness) counts from the home's first approval, not from its return after a
// pause, and stops while a child is placed in the home.
TEST_F(MatchRankTest, WaitingCountsFromTheFirstApprovalAndStopsWhileAChildIsPlaced) {
  const std::string home = ApprovedHome();  // capacity 2
  const std::string first = SubmittedRequest();
  const std::string second = SubmittedRequest();
  server_->clock().Advance(absl::Hours(24 * 30));
  GFO_ASSERT_OK(MoveHome("pause", home));
  GFO_ASSERT_OK(MoveHome("resume", home));
  server_->clock().Advance(absl::Hours(24 * 5));
  auto waiting = [](const gfo::v1::RankHomesResponse& ranked) {
    for (const gfo::v1::CriterionScore& c : ranked.homes(0).criteria()) {
      if (c.criterion() == "waiting_time") return c;
    }
    return gfo::v1::CriterionScore();
  };

  gfo::v1::RankHomesResponse ranked = MustRank(first);
  ASSERT_EQ(ranked.homes_size(), 1);
  EXPECT_EQ(waiting(ranked).explanation(), "no placement since first approved 35 days ago");
  EXPECT_GT(waiting(ranked).score(), 0);

  ASSERT_FALSE(Accept(Propose(first, home), Who::kCaseWorkerHarnosand).empty());
  ranked = MustRank(second);
  ASSERT_EQ(ranked.homes_size(), 1);  // one seat is still free
  EXPECT_EQ(waiting(ranked).explanation(), "has a child placed now");
  EXPECT_EQ(waiting(ranked).score(), 0);
}

TEST_F(MatchRankTest, TopKLimitsTheListButNotTheCounts) {
  for (int i = 0; i < 4; ++i) ApprovedHome();
  const std::string request = SubmittedRequest();
  gfo::v1::RankHomesResponse top2 = MustRank(request, Who::kStaff, 2);
  EXPECT_EQ(top2.homes_size(), 2);
  EXPECT_EQ(top2.eligible(), 4);
  EXPECT_EQ(top2.homes(0).rank(), 1);
  EXPECT_EQ(top2.homes(1).rank(), 2);
  EXPECT_GE(top2.homes(0).total(), top2.homes(1).total());
  EXPECT_EQ(MustRank(request).homes_size(), 4);  // default top K is 10

  gfo::v1::RankHomesResponse out;
  EXPECT_THAT(Rank(request, Who::kStaff, &out, 101),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "top_k"));
  EXPECT_THAT(Rank(request, Who::kStaff, &out, -1),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "top_k"));
}

TEST_F(MatchRankTest, RankingNamesOnlyTheRequestOnTheAuditTrail) {
  for (int i = 0; i < 3; ++i) ApprovedHome();
  const std::string request = SubmittedRequest();
  MustRank(request);
  EXPECT_EQ(LastAuditResources("gfo.v1.MatchService/RankHomes"), request);
}

TEST_F(MatchRankTest, DraftsMayBeRankedClosedRequestsMayNot) {
  ApprovedHome();
  const std::string draft = DraftRequest(ValidRequest(), Who::kCaseWorkerHarnosand);
  EXPECT_EQ(MustRank(draft, Who::kCaseWorkerHarnosand).eligible(), 1);

  GFO_ASSERT_OK(Withdraw(draft, Who::kCaseWorkerHarnosand));
  gfo::v1::RankHomesResponse out;
  EXPECT_THAT(Rank(draft, Who::kStaff, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "withdrawn"));
  EXPECT_THAT(Rank("requests/999", Who::kStaff, &out),
              StatusIs(grpc::StatusCode::NOT_FOUND, "requests/999"));
  EXPECT_THAT(Rank("homes/1", Who::kStaff, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "request"));
}

TEST_F(MatchRankTest, AuditorMayNotRank) {
  const std::string request = SubmittedRequest();
  gfo::v1::RankHomesResponse out;
  EXPECT_THAT(Rank(request, Who::kAuditor, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ""));
}

}  // namespace
}  // namespace gfo::testing
