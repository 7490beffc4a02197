// The home lifecycle over a real channel: every move from every state, legal or illegal, with
// the code and both states named; history with actor and reason; closing refused while the home
// still has children placed or held.

#include <string>
#include <vector>

#include "tests/integration/homes_test_helpers.h"

namespace gfo::testing {
namespace {

using gfo::v1::Home;
using gfo::v1::HomeStatus;

struct MoveCase {
  HomeMove move;
  const char* move_name;
  HomeStatus to;
  const char* reason;  // a reason is required for pause and close
};

const MoveCase kMoves[] = {
    {HomeMove::kStartAssessment, "StartAssessment", gfo::v1::HOME_STATUS_ASSESSMENT, ""},
    {HomeMove::kApprove, "ApproveHome", gfo::v1::HOME_STATUS_APPROVED, ""},
    {HomeMove::kPause, "PauseHome", gfo::v1::HOME_STATUS_PAUSED, "summer break"},
    {HomeMove::kResume, "ResumeHome", gfo::v1::HOME_STATUS_APPROVED, ""},
    {HomeMove::kClose, "CloseHome", gfo::v1::HOME_STATUS_CLOSED, "family moved away"},
};

const HomeStatus kStates[] = {gfo::v1::HOME_STATUS_INQUIRY, gfo::v1::HOME_STATUS_ASSESSMENT,
                              gfo::v1::HOME_STATUS_APPROVED, gfo::v1::HOME_STATUS_PAUSED,
                              gfo::v1::HOME_STATUS_CLOSED};

std::string StateName(HomeStatus s) {
  switch (s) {
    case gfo::v1::HOME_STATUS_INQUIRY:
      return "inquiry";
    case gfo::v1::HOME_STATUS_ASSESSMENT:
      return "assessment";
    case gfo::v1::HOME_STATUS_APPROVED:
      return "approved";
    case gfo::v1::HOME_STATUS_PAUSED:
      return "paused";
    case gfo::v1::HOME_STATUS_CLOSED:
      return "closed";
    default:
      return "?";
  }
}

// The legal moves of DOMAIN.md: inquiry -> assessment -> approved <-> paused; any but closed ->
// closed.
bool IsLegal(HomeMove move, HomeStatus from) {
  switch (move) {
    case HomeMove::kStartAssessment:
      return from == gfo::v1::HOME_STATUS_INQUIRY;
    case HomeMove::kApprove:
      return from == gfo::v1::HOME_STATUS_ASSESSMENT;
    case HomeMove::kPause:
      return from == gfo::v1::HOME_STATUS_APPROVED;
    case HomeMove::kResume:
      return from == gfo::v1::HOME_STATUS_PAUSED;
    case HomeMove::kClose:
      return from != gfo::v1::HOME_STATUS_CLOSED;
  }
  return false;
}

TEST_F(HomesTest, EveryMoveFromEveryStateIsAllowedOrRefusedAsTheLifecycleSays) {
  int legal = 0;
  int illegal = 0;
  for (HomeStatus from : kStates) {
    for (const MoveCase& c : kMoves) {
      SCOPED_TRACE(StateName(from) + " " + c.move_name);
      Home home = MustCreateIn(from);
      Home out;
      grpc::Status s = Move(c.move, home.name(), c.reason, &out);
      Home after = MustGet(home.name());
      if (IsLegal(c.move, from)) {
        ++legal;
        ASSERT_TRUE(s.ok()) << Describe(s);
        EXPECT_EQ(out.status(), c.to);
        EXPECT_EQ(after.status(), c.to);
        EXPECT_NE(after.etag(), home.etag());
        std::vector<gfo::v1::StateTransition> history = History(home.name());
        ASSERT_FALSE(history.empty());
        EXPECT_EQ(history.back().from_state(), StateName(from));
        EXPECT_EQ(history.back().to_state(), StateName(c.to));
        EXPECT_EQ(history.back().reason(), c.reason);
        EXPECT_EQ(history.back().actor(), server_->account(Who::kStaff));
      } else {
        ++illegal;
        EXPECT_THAT(s, StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                                home.name() + ": cannot move from " + StateName(from) + " to " +
                                    StateName(c.to)));
        EXPECT_EQ(after.status(), from);
        EXPECT_EQ(after.etag(), home.etag());
      }
    }
  }
  EXPECT_EQ(legal, 8);
  EXPECT_EQ(illegal, 17);
}

TEST_F(HomesTest, HistoryRecordsEveryMoveWithActorTimeAndReasonFromCreation) {
  Home home = MustCreate();
  Home out;
  server_->clock().Advance(absl::Hours(24));
  ASSERT_TRUE(Move(HomeMove::kStartAssessment, home.name(), "home study booked", &out).ok());
  server_->clock().Advance(absl::Hours(24));
  ASSERT_TRUE(Move(HomeMove::kApprove, home.name(), "course done", &out, "", Who::kAdmin).ok());
  ASSERT_TRUE(Move(HomeMove::kPause, home.name(), "parental leave", &out).ok());
  ASSERT_TRUE(Move(HomeMove::kResume, home.name(), "", &out).ok());
  ASSERT_TRUE(Move(HomeMove::kClose, home.name(), "retired", &out).ok());
  EXPECT_EQ(out.close_reason(), "retired");

  std::vector<gfo::v1::StateTransition> h = History(home.name());
  ASSERT_EQ(h.size(), 6u);
  EXPECT_EQ(h[0].from_state(), "");
  EXPECT_EQ(h[0].to_state(), "inquiry");
  EXPECT_EQ(h[1].to_state(), "assessment");
  EXPECT_EQ(h[1].reason(), "home study booked");
  EXPECT_EQ(h[1].time().seconds(), h[0].time().seconds() + 24 * 3600);
  EXPECT_EQ(h[2].from_state(), "assessment");
  EXPECT_EQ(h[2].to_state(), "approved");
  EXPECT_EQ(h[2].actor(), server_->account(Who::kAdmin));
  EXPECT_EQ(h[3].to_state(), "paused");
  EXPECT_EQ(h[3].reason(), "parental leave");
  EXPECT_EQ(h[4].from_state(), "paused");
  EXPECT_EQ(h[4].to_state(), "approved");
  EXPECT_EQ(h[5].to_state(), "closed");
  EXPECT_EQ(h[5].reason(), "retired");
  for (const auto& t : h) {
    if (t.to_state() != "approved" || t.from_state() != "assessment") {
      EXPECT_EQ(t.actor(), server_->account(Who::kStaff));
    }
  }
  EXPECT_EQ(MustGet(home.name()).close_reason(), "retired");
}

TEST_F(HomesTest, CreateInAssessmentRecordsThatFirstMove) {
  Home home = MustCreate(ValidHome(), gfo::v1::HOME_STATUS_ASSESSMENT);
  std::vector<gfo::v1::StateTransition> h = History(home.name());
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].from_state(), "");
  EXPECT_EQ(h[0].to_state(), "assessment");
}

TEST_F(HomesTest, HistoryOfUnknownHomeIsNotFound) {
  gfo::v1::ListHomeHistoryRequest req;
  req.set_name("homes/5");
  gfo::v1::ListHomeHistoryResponse out;
  auto ctx = server_->Context(Who::kStaff);
  EXPECT_THAT(stub().ListHomeHistory(ctx.get(), req, &out),
              StatusIs(grpc::StatusCode::NOT_FOUND, "homes/5"));
}

TEST_F(HomesTest, PauseAndCloseRequireAReason) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED);
  Home out;
  EXPECT_THAT(Move(HomeMove::kPause, home.name(), "  ", &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "reason: required"));
  EXPECT_THAT(Move(HomeMove::kClose, home.name(), "", &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "reason: required"));
  EXPECT_THAT(Move(HomeMove::kClose, home.name(), std::string(501, 'x'), &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "reason: must be at most 500"));
  Home after = MustGet(home.name());
  EXPECT_EQ(after.status(), gfo::v1::HOME_STATUS_APPROVED);
  EXPECT_EQ(after.etag(), home.etag());
  EXPECT_EQ(History(home.name()).size(), 3u);
}

TEST_F(HomesTest, MovesOnAnUnknownHomeAreNotFound) {
  Home out;
  EXPECT_THAT(Move(HomeMove::kApprove, "homes/77", "", &out),
              StatusIs(grpc::StatusCode::NOT_FOUND, "homes/77: not found"));
  EXPECT_THAT(Move(HomeMove::kApprove, "homes/0", "", &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "name"));
}

TEST_F(HomesTest, CloseIsRefusedWhileChildrenArePlaced) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED);
  InsertActivePlacement(HomeId(home), 1);
  Home out;
  EXPECT_THAT(Move(HomeMove::kClose, home.name(), "retiring", &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "cannot close while 1 children"));
  EXPECT_EQ(MustGet(home.name()).status(), gfo::v1::HOME_STATUS_APPROVED);
  // Pausing is still allowed: the placed child stays.
  EXPECT_TRUE(Move(HomeMove::kPause, home.name(), "break", &out).ok());
  EXPECT_THAT(Move(HomeMove::kClose, home.name(), "retiring", &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "placed"));
}

TEST_F(HomesTest, CloseIsRefusedWhileAHoldIsLiveAndAllowedOnceItExpires) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED);
  InsertHold(HomeId(home), 2, absl::Hours(72));
  Home out;
  EXPECT_THAT(Move(HomeMove::kClose, home.name(), "retiring", &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "2 held by pending proposals"));
  EXPECT_EQ(MustGet(home.name()).status(), gfo::v1::HOME_STATUS_APPROVED);
  server_->clock().Advance(absl::Hours(73));
  ASSERT_TRUE(Move(HomeMove::kClose, home.name(), "retiring", &out).ok());
  EXPECT_EQ(out.status(), gfo::v1::HOME_STATUS_CLOSED);
}

TEST_F(HomesTest, ClosedHomeCannotBeUpdatedOrConfirmed) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_CLOSED);
  Home patch;
  patch.set_name(home.name());
  patch.set_etag(home.etag());
  patch.set_capacity(3);
  Home out;
  EXPECT_THAT(Update(patch, {"capacity"}, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "closed"));
  gfo::v1::ConfirmAvailabilityRequest req;
  req.set_name(home.name());
  auto ctx = server_->Context(Who::kStaff);
  EXPECT_THAT(stub().ConfirmAvailability(ctx.get(), req, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "closed"));
  EXPECT_EQ(MustGet(home.name()).etag(), home.etag());
}

}  // namespace
}  // namespace gfo::testing
