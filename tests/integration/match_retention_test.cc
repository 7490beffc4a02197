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
    gfo::v1::GetRetentionReportResponse out;
    auto ctx = server_->Context(Who::kAdmin);
    grpc::Status s = admin_->GetRetentionReport(ctx.get(), {}, &out);
    EXPECT_TRUE(s.ok()) << Describe(s);
    std::vector<std::string> names;
    for (const auto& item : out.items()) names.push_back(item.resource());
    return names;
  }
  grpc::Status Apply(const std::vector<std::string>& resources,
                     gfo::v1::ApplyRetentionResponse* out) {
    gfo::v1::ApplyRetentionRequest req;
    for (const auto& r : resources) req.add_resources(r);
    auto ctx = server_->Context(Who::kAdmin);
    return admin_->ApplyRetention(ctx.get(), req, out);
  }
  // The number after the collection in a resource name ("homes/7" -> "7").
  static std::string IdOf(const std::string& name) { return name.substr(name.find('/') + 1); }
};

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
  EXPECT_THAT(std::vector<std::string>(applied.cleared().begin(), applied.cleared().end()),
              UnorderedElementsAre(closed, withdrawn));
  EXPECT_EQ(QueryInt("SELECT cleared FROM homes WHERE id = " + IdOf(home)), 0);
  EXPECT_EQ(QueryInt("SELECT cleared FROM requests WHERE id = " + IdOf(request)), 0);

  // Which family the child lived with, and which child was placed, are still there.
  gfo::v1::GetHomeRequest get_home;
  get_home.set_name(home);
  gfo::v1::Home kept_home;
  auto ctx = server_->Context(Who::kAdmin);
  GFO_ASSERT_OK(homes_->GetHome(ctx.get(), get_home, &kept_home));
  EXPECT_GT(kept_home.adults_size(), 0);
  EXPECT_EQ(kept_home.close_reason(), "family moved away");
  gfo::v1::GetRequestRequest get_request;
  get_request.set_name(request);
  gfo::v1::PlacementRequest kept_request;
  auto rctx = server_->Context(Who::kStaff);
  GFO_ASSERT_OK(requests_->GetRequest(rctx.get(), get_request, &kept_request));
  EXPECT_FALSE(kept_request.case_reference().empty());
  ASSERT_EQ(kept_request.children_size(), 1);
  EXPECT_FALSE(kept_request.children(0).personal_identity_number().empty());
}

}  // namespace
}  // namespace gfo::testing
