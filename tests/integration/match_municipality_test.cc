// MunicipalityService over a real server: membership as data. Sundsvall is seeded as a
// non-member; joining lets its case workers submit, leaving ends the period at once.

#include "tests/integration/match_test_helpers.h"

namespace gfo::testing {
namespace {

class MatchMunicipalityTest : public MatchTest {
 protected:
  grpc::Status Join(const std::string& name, gfo::v1::Municipality* out, Who who = Who::kAdmin) {
    gfo::v1::JoinGfoRequest req;
    req.set_name(name);
    auto ctx = server_->Context(who);
    return municipalities_->JoinGfo(ctx.get(), req, out);
  }
  grpc::Status Leave(const std::string& name, gfo::v1::Municipality* out, Who who = Who::kAdmin) {
    gfo::v1::LeaveGfoRequest req;
    req.set_name(name);
    req.set_reason("decided by the municipal council");
    auto ctx = server_->Context(who);
    return municipalities_->LeaveGfo(ctx.get(), req, out);
  }
  grpc::Status Get(const std::string& name, gfo::v1::Municipality* out, Who who = Who::kStaff) {
    gfo::v1::GetMunicipalityRequest req;
    req.set_name(name);
    auto ctx = server_->Context(who);
    return municipalities_->GetMunicipality(ctx.get(), req, out);
  }
  grpc::Status Create(const gfo::v1::Municipality& m, gfo::v1::Municipality* out,
                      Who who = Who::kAdmin) {
    gfo::v1::CreateMunicipalityRequest req;
    *req.mutable_municipality() = m;
    auto ctx = server_->Context(who);
    return municipalities_->CreateMunicipality(ctx.get(), req, out);
  }
};

TEST_F(MatchMunicipalityTest, ListShowsTheCountyWithSundsvallOutside) {
  for (Who who : {Who::kAdmin, Who::kStaff, Who::kAuditor, Who::kCaseWorkerSundsvall}) {
    gfo::v1::ListMunicipalitiesResponse out;
    auto ctx = server_->Context(who);
    GFO_ASSERT_OK(municipalities_->ListMunicipalities(ctx.get(), {}, &out));
    ASSERT_EQ(out.municipalities_size(), 7) << WhoName(who);
    int members = 0;
    for (const auto& m : out.municipalities()) {
      EXPECT_EQ(m.name(), "municipalities/" + std::to_string(m.code()));
      if (m.current_member()) ++members;
      if (m.code() == 2281) {
        EXPECT_EQ(m.display_name(), "Sundsvall");
        EXPECT_FALSE(m.current_member());
        EXPECT_EQ(m.memberships_size(), 0);
      }
      if (m.code() == 2262) {
        ASSERT_EQ(m.memberships_size(), 1);
        EXPECT_EQ(m.memberships(0).start_date().year(), 2022);
        EXPECT_EQ(m.memberships(0).start_date().month(), 9);
        EXPECT_FALSE(m.memberships(0).has_end_date());
      }
    }
    EXPECT_EQ(members, 6);
  }
}

// The bank is the members' own: a municipality outside the GFO does not see its homes, not even
// through a draft's ranking; joining opens it, leaving closes it again.
TEST_F(MatchMunicipalityTest, OnlyAMembersRequestIsRankedAgainstTheBank) {
  ApprovedHome();
  const std::string draft = DraftRequest(ValidRequest(2281), Who::kCaseWorkerSundsvall);
  gfo::v1::RankHomesResponse ranked;
  for (Who who : {Who::kCaseWorkerSundsvall, Who::kStaff}) {
    EXPECT_THAT(Rank(draft, who, &ranked),
                StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                         "municipalities/2281: Sundsvall is not a member of the GFO"));
    EXPECT_EQ(ranked.homes_size(), 0);
  }

  gfo::v1::Municipality m;
  GFO_ASSERT_OK(Join("municipalities/2281", &m));
  GFO_ASSERT_OK(Rank(draft, Who::kCaseWorkerSundsvall, &ranked));
  EXPECT_EQ(ranked.homes_size(), 1);

  GFO_ASSERT_OK(Leave("municipalities/2281", &m));
  ranked.Clear();
  EXPECT_THAT(Rank(draft, Who::kCaseWorkerSundsvall, &ranked),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "not a member"));
  EXPECT_EQ(ranked.homes_size(), 0);
}

TEST_F(MatchMunicipalityTest, JoinLetsSundsvallSubmitAndLeaveEndsItAtOnce) {
  const std::string draft = DraftRequest(ValidRequest(2281), Who::kCaseWorkerSundsvall);
  EXPECT_THAT(Submit(draft, Who::kCaseWorkerSundsvall),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "not a member"));

  gfo::v1::Municipality joined;
  GFO_ASSERT_OK(Join("municipalities/2281", &joined));
  EXPECT_TRUE(joined.current_member());
  ASSERT_EQ(joined.memberships_size(), 1);
  EXPECT_EQ(joined.memberships(0).start_date().year(), 2026);
  EXPECT_EQ(joined.memberships(0).start_date().month(), 11);
  EXPECT_EQ(joined.memberships(0).start_date().day(), 23);
  GFO_ASSERT_OK(Submit(draft, Who::kCaseWorkerSundsvall));

  gfo::v1::Municipality again;
  EXPECT_THAT(Join("municipalities/2281", &again),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "municipalities/2281"));

  gfo::v1::Municipality left;
  GFO_ASSERT_OK(Leave("municipalities/2281", &left));
  EXPECT_FALSE(left.current_member());
  ASSERT_EQ(left.memberships_size(), 1);
  EXPECT_EQ(left.memberships(0).end_date().day(), 23);
  const std::string second = DraftRequest(ValidRequest(2281), Who::kCaseWorkerSundsvall);
  EXPECT_THAT(Submit(second, Who::kCaseWorkerSundsvall),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "not a member"));
  // A municipality that left keeps read access to its own history.
  gfo::v1::GetRequestRequest get;
  get.set_name(draft);
  gfo::v1::PlacementRequest read;
  auto ctx = server_->Context(Who::kCaseWorkerSundsvall);
  GFO_EXPECT_OK(requests_->GetRequest(ctx.get(), get, &read));

  EXPECT_THAT(Leave("municipalities/2281", &left),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "not a member"));

  // Rejoining later starts a second period.
  server_->clock().Advance(absl::Hours(24 * 30));
  GFO_ASSERT_OK(Join("municipalities/2281", &joined));
  EXPECT_EQ(joined.memberships_size(), 2);
  EXPECT_TRUE(joined.current_member());

  gfo::v1::Municipality got;
  GFO_ASSERT_OK(Get("municipalities/2281", &got));
  EXPECT_EQ(got.memberships_size(), 2);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM transitions WHERE resource = 'municipalities/2281'"), 3);
}

TEST_F(MatchMunicipalityTest, JoinAndLeaveOnChosenDates) {
  gfo::v1::JoinGfoRequest join;
  join.set_name("municipalities/2281");
  join.mutable_start_date()->set_year(2027);
  join.mutable_start_date()->set_month(1);
  join.mutable_start_date()->set_day(1);
  gfo::v1::Municipality out;
  auto ctx = server_->Context(Who::kAdmin);
  GFO_ASSERT_OK(municipalities_->JoinGfo(ctx.get(), join, &out));
  EXPECT_FALSE(out.current_member());  // not yet
  server_->clock().Advance(absl::Hours(24 * 40));
  GFO_ASSERT_OK(Get("municipalities/2281", &out));
  EXPECT_TRUE(out.current_member());

  gfo::v1::LeaveGfoRequest leave;
  leave.set_name("municipalities/2281");
  leave.mutable_end_date()->set_year(2026);
  leave.mutable_end_date()->set_month(12);
  leave.mutable_end_date()->set_day(1);
  auto ctx2 = server_->Context(Who::kAdmin);
  EXPECT_THAT(municipalities_->LeaveGfo(ctx2.get(), leave, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "end_date"));
  leave.mutable_end_date()->set_year(2030);
  auto ctx3 = server_->Context(Who::kAdmin);
  EXPECT_THAT(municipalities_->LeaveGfo(ctx3.get(), leave, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "end_date"));
}

TEST_F(MatchMunicipalityTest, OnlyAdminsChangeMemberships) {
  gfo::v1::Municipality out;
  EXPECT_THAT(Join("municipalities/2281", &out, Who::kStaff),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  EXPECT_THAT(Leave("municipalities/2280", &out, Who::kCaseWorkerHarnosand),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  EXPECT_THAT(Join("municipalities/9999", &out),
              StatusIs(grpc::StatusCode::NOT_FOUND, "municipalities/9999"));
  EXPECT_THAT(Join("kommuner/2281", &out), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "name"));
  EXPECT_THAT(Get("municipalities/1234", &out),
              StatusIs(grpc::StatusCode::NOT_FOUND, "municipalities/1234"));
}

TEST_F(MatchMunicipalityTest, CreateRegistersAnotherCountysMunicipality) {
  gfo::v1::Municipality umea;
  umea.set_code(2480);
  umea.set_display_name("Umeå");
  umea.mutable_location()->set_latitude(63.826);
  umea.mutable_location()->set_longitude(20.263);
  gfo::v1::Municipality out;
  GFO_ASSERT_OK(Create(umea, &out));
  EXPECT_EQ(out.name(), "municipalities/2480");
  EXPECT_FALSE(out.current_member());

  EXPECT_THAT(Create(umea, &out),
              StatusIs(grpc::StatusCode::ALREADY_EXISTS, "municipalities/2480"));
  gfo::v1::Municipality bad = umea;
  bad.set_code(248);
  EXPECT_THAT(Create(bad, &out), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "municipality.code"));
  bad = umea;
  bad.set_code(2481);
  bad.clear_display_name();
  EXPECT_THAT(Create(bad, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "municipality.display_name"));
  EXPECT_THAT(Create(umea, &out, Who::kStaff), StatusIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM municipalities"), 8);
}

}  // namespace
}  // namespace gfo::testing
