// PlacementService over a real channel: ending frees capacity at once, decisions with legal
// clocks, due and overdue reviews and time limits with a fake clock, vacancies and summaries.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/civil_time.h"
#include "tests/integration/workflow_test_helpers.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;
using ::testing::IsEmpty;

v1::Date MakeDate(int y, int m, int d) {
  v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

bool SameDate(const v1::Date& a, int y, int m, int d) {
  return a.year() == y && a.month() == m && a.day() == d;
}

class WorkflowPlacements : public WorkflowTest {
 protected:
  // Moves the fake clock to 09:00 UTC on the given day.
  void SetToday(int y, int m, int d) {
    server_->clock().Set(absl::FromCivil(absl::CivilSecond(y, m, d, 9, 0, 0), absl::UTCTimeZone()));
  }

  grpc::Status Update(Who who, const std::string& name, const std::string& etag,
                      const v1::Placement& patch, std::vector<std::string> paths,
                      v1::Placement* out) {
    v1::UpdatePlacementRequest req;
    *req.mutable_placement() = patch;
    req.mutable_placement()->set_name(name);
    req.mutable_placement()->set_etag(etag);
    for (const auto& p : paths) req.mutable_update_mask()->add_paths(p);
    return placements_->UpdatePlacement(Ctx(who).get(), req, out);
  }

  v1::Placement MustGet(const std::string& name) {
    v1::Placement out;
    grpc::Status s = GetPlacement(Who::kStaff, name, &out);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return out;
  }

  // The home as staff read it.
  v1::Home MustGetHome(const std::string& name) {
    v1::GetHomeRequest get;
    get.set_name(name);
    v1::Home out;
    grpc::Status s = homes_->GetHome(Ctx(Who::kStaff).get(), get, &out);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return out;
  }
};

TEST_F(WorkflowPlacements, EndingFreesCapacityAtOnceAndRecordsTheHomesLastPlacementDay) {
  const std::string home = ApprovedHome(2280, 2);
  v1::Proposal accepted = PlaceRequest(Who::kCaseWorkerHarnosand, home, 2);
  EXPECT_EQ(FreeCapacity(home), 0);
  v1::Placement out;
  // The placement starts 2026-12-01 (a call before then calls it off: the next test).
  SetToday(2026, 12, 10);
  EXPECT_THAT(EndPlacement(Who::kCaseWorkerHarnosand, accepted.placement(), "", &out),
              StatusIs(grpc::INVALID_ARGUMENT, "reason: required"));
  GFO_ASSERT_OK(EndPlacement(Who::kCaseWorkerHarnosand, accepted.placement(), "moved home", &out));
  EXPECT_EQ(out.state(), v1::PLACEMENT_STATE_ENDED);
  EXPECT_TRUE(SameDate(out.end_date(), 2026, 12, 10));
  EXPECT_EQ(out.end_reason(), "moved home");
  EXPECT_EQ(FreeCapacity(home), 2);
  EXPECT_EQ(RequestState(accepted.request()), v1::REQUEST_STATE_ENDED);
  EXPECT_TRUE(SameDate(MustGetHome(home).last_placement_end(), 2026, 12, 10));
  EXPECT_THAT(EndPlacement(Who::kCaseWorkerHarnosand, accepted.placement(), "again", &out),
              StatusIs(grpc::FAILED_PRECONDITION, "cannot move from ended to ended"));
}

// Only the municipality decides (DOMAIN.md): GFO staff and admins may not end a placement or
// record its legal decisions (special reasons, reviews), which would clear its due items.
TEST_F(WorkflowPlacements, OnlyTheMunicipalityEndsAPlacementOrRecordsItsDecisions) {
  const std::string home = ApprovedHome(2280, 1);
  const v1::Proposal accepted = PlaceRequest(Who::kCaseWorkerHarnosand, home);
  v1::Placement out;
  for (Who who : {Who::kStaff, Who::kAdmin}) {
    EXPECT_THAT(EndPlacement(who, accepted.placement(), "GFO decided", &out),
                StatusIs(grpc::PERMISSION_DENIED, "EndPlacement"));
    v1::Placement patch;
    patch.set_special_reasons(true);
    EXPECT_THAT(Update(who, accepted.placement(), "1", patch, {"special_reasons"}, &out),
                StatusIs(grpc::PERMISSION_DENIED, "UpdatePlacement"));
  }
  EXPECT_EQ(FreeCapacity(home), 0);
}

// A placement accepted with a later start date that falls through before it begins can be called
// off: ended on its start day, its seats back at once, the home's last placement day unchanged.
// An end date before the start is still refused.
TEST_F(WorkflowPlacements, APlacementThatHasNotStartedCanBeCalledOffAndItsSeatsComeBack) {
  const std::string home = ApprovedHome(2280, 2);
  v1::Proposal accepted = PlaceRequest(Who::kCaseWorkerHarnosand, home, 2);
  EXPECT_EQ(FreeCapacity(home), 0);
  const v1::Placement placement = MustGet(accepted.placement());
  ASSERT_TRUE(SameDate(placement.start_date(), 2026, 12, 1));  // today is 2026-11-23

  v1::EndPlacementRequest dated;
  dated.set_name(accepted.placement());
  dated.set_reason("the home fell through");
  *dated.mutable_end_date() = MakeDate(2026, 11, 23);
  v1::Placement out;
  EXPECT_THAT(placements_->EndPlacement(Ctx(Who::kCaseWorkerHarnosand).get(), dated, &out),
              StatusIs(grpc::INVALID_ARGUMENT, "leave it unset to call off a placement"));
  EXPECT_EQ(FreeCapacity(home), 0);

  GFO_ASSERT_OK(
      EndPlacement(Who::kCaseWorkerHarnosand, accepted.placement(), "the home fell through", &out));
  EXPECT_EQ(out.state(), v1::PLACEMENT_STATE_ENDED);
  EXPECT_TRUE(SameDate(out.end_date(), 2026, 12, 1));
  EXPECT_EQ(FreeCapacity(home), 2);
  EXPECT_EQ(RequestState(accepted.request()), v1::REQUEST_STATE_ENDED);
  EXPECT_FALSE(MustGetHome(home).has_last_placement_end());
}

// DOMAIN.md: a case worker sees a proposed home's profile, not its identity, until it accepts.
// After that it may read the home (to reach the family); other municipalities still may not,
// and a home without its placement is refused as one that does not exist would be.
TEST_F(WorkflowPlacements, ACaseWorkerSeesTheHomeOnceItsMunicipalityAccepted) {
  const std::string home = ApprovedHome(2280, 2);
  gfo::v1::GetHomeRequest get;
  get.set_name(home);
  gfo::v1::Home seen;
  const gfo::v1::Proposal pending =
      MustPropose(SubmittedRequest(Who::kCaseWorkerHarnosand).name(), home);
  EXPECT_THAT(homes_->GetHome(Ctx(Who::kCaseWorkerHarnosand).get(), get, &seen),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "a case worker sees a home only"));

  gfo::v1::Proposal accepted;
  GFO_ASSERT_OK(Accept(Who::kCaseWorkerHarnosand, pending.name(), &accepted));
  // The GFO's own notes on the home, and whom it lets see a protected address, are not shown.
  v1::UpdateHomeRequest readers;
  readers.mutable_home()->set_name(home);
  readers.mutable_home()->set_etag(MustGetHome(home).etag());
  readers.mutable_home()->add_address_readers(server_->account(Who::kStaff));
  readers.mutable_update_mask()->add_paths("address_readers");
  v1::Home updated;
  GFO_ASSERT_OK(homes_->UpdateHome(Ctx(Who::kAdmin).get(), readers, &updated));
  ASSERT_EQ(updated.address_readers_size(), 1);
  GFO_ASSERT_OK(homes_->GetHome(Ctx(Who::kCaseWorkerHarnosand).get(), get, &seen));
  EXPECT_EQ(seen.name(), home);
  EXPECT_GT(seen.adults_size(), 0);
  EXPECT_TRUE(seen.availability_confirmed_by().empty());
  EXPECT_EQ(seen.address_readers_size(), 0);

  EXPECT_THAT(homes_->GetHome(Ctx(Who::kCaseWorkerKramfors).get(), get, &seen),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "a case worker sees a home only"));
  get.set_name("homes/999");
  EXPECT_THAT(homes_->GetHome(Ctx(Who::kCaseWorkerHarnosand).get(), get, &seen),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "a case worker sees a home only"));
}

// Respite (kontaktfamilj) uses no capacity between stays (DOMAIN.md): its placements and the holds
// of its proposals leave the seats that long-term, emergency and reinforced placements share,
// while a respite proposal still needs a free seat for the child's visits.
TEST_F(WorkflowPlacements, RespiteUsesNoCapacityBetweenStays) {
  const std::string home =
      ApprovedHome(2280, 1, {v1::PLACEMENT_KIND_LONG_TERM, v1::PLACEMENT_KIND_RESPITE});
  const v1::Proposal respite =
      PlaceRequest(Who::kCaseWorkerHarnosand, home, 1, v1::PLACEMENT_KIND_RESPITE);
  EXPECT_EQ(MustGet(respite.placement()).state(), v1::PLACEMENT_STATE_ACTIVE);
  EXPECT_EQ(FreeCapacity(home), 1);
  // A second respite child, proposed: its hold takes no seat either.
  const v1::PlacementRequest second =
      SubmittedRequest(Who::kCaseWorkerHarnosand, 1, v1::PLACEMENT_KIND_RESPITE);
  MustPropose(second.name(), home);
  EXPECT_EQ(FreeCapacity(home), 1);
  // The home's one seat goes to a long-term placement...
  PlaceRequest(Who::kCaseWorkerHarnosand, home, 1, v1::PLACEMENT_KIND_LONG_TERM);
  EXPECT_EQ(FreeCapacity(home), 0);
  // ...after which no respite child can be proposed: there is no room for its visits.
  const v1::PlacementRequest third =
      SubmittedRequest(Who::kCaseWorkerHarnosand, 1, v1::PLACEMENT_KIND_RESPITE);
  v1::Proposal out;
  EXPECT_THAT(Propose(third.name(), home, &out),
              StatusIs(grpc::FAILED_PRECONDITION, "not enough free capacity (0 free, 1 needed)"));
}

TEST_F(WorkflowPlacements, UpdateRecordsDecisionsWithAnEtagAndAMask) {
  const std::string home = ApprovedHome(2280, 1);
  v1::Proposal accepted = PlaceRequest(Who::kCaseWorkerHarnosand, home);
  v1::Placement placement = MustGet(accepted.placement());
  v1::Placement patch;
  *patch.mutable_last_review_date() = MakeDate(2026, 11, 20);
  v1::Placement out;
  EXPECT_THAT(
      Update(Who::kCaseWorkerHarnosand, placement.name(), "", patch, {"last_review_date"}, &out),
      StatusIs(grpc::INVALID_ARGUMENT, "placement.etag"));
  EXPECT_THAT(Update(Who::kCaseWorkerHarnosand, placement.name(), placement.etag(), patch,
                     {"end_reason"}, &out),
              StatusIs(grpc::INVALID_ARGUMENT, "update_mask"));
  GFO_ASSERT_OK(Update(Who::kCaseWorkerHarnosand, placement.name(), placement.etag(), patch,
                       {"last_review_date"}, &out));
  EXPECT_TRUE(SameDate(out.last_review_date(), 2026, 11, 20));
  EXPECT_NE(out.etag(), placement.etag());
  EXPECT_THAT(Update(Who::kCaseWorkerHarnosand, placement.name(), placement.etag(), patch,
                     {"last_review_date"}, &out),
              StatusIs(grpc::ABORTED, "etag"));
}

TEST_F(WorkflowPlacements, SixMonthReviewIsDueThenOverdueThenClearedByARecordedReview) {
  const std::string home = ApprovedHome(2280, 1);
  v1::Proposal accepted = PlaceRequest(Who::kCaseWorkerHarnosand, home);  // starts 2026-12-01
  v1::ListDueResponse due;
  GFO_ASSERT_OK(ListDue(Who::kCaseWorkerHarnosand, 30, &due));
  EXPECT_THAT(due.items(), IsEmpty());

  SetToday(2027, 5, 15);
  GFO_ASSERT_OK(ListDue(Who::kCaseWorkerHarnosand, 30, &due));
  ASSERT_EQ(due.items_size(), 1);
  const v1::DueItem& item = due.items(0);
  EXPECT_EQ(item.placement(), accepted.placement());
  EXPECT_EQ(item.kind(), v1::DUE_KIND_SIX_MONTH_REVIEW);
  EXPECT_TRUE(SameDate(item.due_date(), 2027, 6, 1));
  EXPECT_FALSE(item.overdue());
  EXPECT_EQ(item.municipality_code(), 2280);
  EXPECT_EQ(item.legal_reference().act(), "SFS 2025:400");
  EXPECT_EQ(item.legal_reference().chapter(), "22");
  EXPECT_EQ(item.legal_reference().section(), "13");

  SetToday(2027, 6, 5);
  due.Clear();
  GFO_ASSERT_OK(ListDue(Who::kStaff, 0, &due));  // 0 = the default window
  ASSERT_EQ(due.items_size(), 1);
  EXPECT_TRUE(due.items(0).overdue());

  // A case worker of another municipality sees none of it.
  due.Clear();
  GFO_ASSERT_OK(ListDue(Who::kCaseWorkerKramfors, 30, &due));
  EXPECT_THAT(due.items(), IsEmpty());
  EXPECT_THAT(ListDue(Who::kCaseWorkerKramfors, 30, &due, 2280),
              StatusIs(grpc::PERMISSION_DENIED, "municipalities/2280"));
  EXPECT_THAT(ListDue(Who::kStaff, -1, &due), StatusIs(grpc::INVALID_ARGUMENT, "within_days"));

  v1::Placement placement = MustGet(accepted.placement());
  v1::Placement patch;
  *patch.mutable_last_review_date() = MakeDate(2027, 6, 3);
  v1::Placement out;
  GFO_ASSERT_OK(Update(Who::kCaseWorkerHarnosand, placement.name(), placement.etag(), patch,
                       {"last_review_date"}, &out));
  due.Clear();
  GFO_ASSERT_OK(ListDue(Who::kCaseWorkerHarnosand, 30, &due));
  EXPECT_THAT(due.items(), IsEmpty());
}

TEST_F(WorkflowPlacements, LegalReferencesComeFromTheTable) {
  const std::string home = ApprovedHome(2280, 1);
  PlaceRequest(Who::kCaseWorkerHarnosand, home);
  Exec(
      "UPDATE legal_references SET chapter = '23', section = '7' WHERE key = "
      "'six_month_review'");
  SetToday(2027, 5, 20);
  v1::ListDueResponse due;
  GFO_ASSERT_OK(ListDue(Who::kStaff, 30, &due));
  ASSERT_EQ(due.items_size(), 1);
  EXPECT_EQ(due.items(0).legal_reference().chapter(), "23");
  EXPECT_EQ(due.items(0).legal_reference().section(), "7");
}

TEST_F(WorkflowPlacements, EmergencyPlacementsPastTwoMonthsAfterTheInvestigationAreFlagged) {
  const std::string home = ApprovedHome(2280, 1, {v1::PLACEMENT_KIND_EMERGENCY});
  v1::Proposal accepted =
      PlaceRequest(Who::kCaseWorkerHarnosand, home, 1, v1::PLACEMENT_KIND_EMERGENCY);
  SetToday(2027, 1, 10);
  v1::Placement placement = MustGet(accepted.placement());
  EXPECT_EQ(placement.kind(), v1::PLACEMENT_KIND_EMERGENCY);
  v1::Placement patch;
  *patch.mutable_investigation_closed_date() = MakeDate(2026, 11, 30);
  v1::Placement out;
  GFO_ASSERT_OK(Update(Who::kCaseWorkerHarnosand, placement.name(), placement.etag(), patch,
                       {"investigation_closed_date"}, &out));
  SetToday(2027, 2, 2);
  v1::ListDueResponse due;
  GFO_ASSERT_OK(ListDue(Who::kCaseWorkerHarnosand, 1, &due));
  ASSERT_EQ(due.items_size(), 1);
  EXPECT_EQ(due.items(0).kind(), v1::DUE_KIND_EMERGENCY_TIME_LIMIT);
  EXPECT_TRUE(SameDate(due.items(0).due_date(), 2027, 1, 30));
  EXPECT_TRUE(due.items(0).overdue());
  EXPECT_EQ(due.items(0).legal_reference().section(), "4");

  patch.set_special_reasons(true);
  GFO_ASSERT_OK(Update(Who::kCaseWorkerHarnosand, placement.name(), out.etag(), patch,
                       {"special_reasons"}, &out));
  due.Clear();
  GFO_ASSERT_OK(ListDue(Who::kCaseWorkerHarnosand, 1, &due));
  EXPECT_THAT(due.items(), IsEmpty());
}

TEST_F(WorkflowPlacements, SecretWhereaboutsAndCustodyConsiderationFallDue) {
  const std::string home = ApprovedHome(2280, 1);
  v1::Proposal accepted = PlaceRequest(Who::kCaseWorkerHarnosand, home);  // starts 2026-12-01
  SetToday(2026, 12, 5);
  v1::Placement placement = MustGet(accepted.placement());
  v1::Placement patch;
  *patch.mutable_secret_whereabouts_decision_date() = MakeDate(2026, 12, 2);
  v1::Placement out;
  GFO_ASSERT_OK(Update(Who::kCaseWorkerHarnosand, placement.name(), placement.etag(), patch,
                       {"secret_whereabouts_decision_date"}, &out));
  SetToday(2027, 2, 20);
  v1::ListDueResponse due;
  GFO_ASSERT_OK(ListDue(Who::kCaseWorkerHarnosand, 30, &due));
  ASSERT_EQ(due.items_size(), 1);
  EXPECT_EQ(due.items(0).kind(), v1::DUE_KIND_SECRET_WHEREABOUTS_REVIEW);
  EXPECT_TRUE(SameDate(due.items(0).due_date(), 2027, 3, 2));
  EXPECT_EQ(due.items(0).legal_reference().act(), "SFS 1990:52");
  EXPECT_EQ(due.items(0).legal_reference().section(), "14");

  // Two years on (reviews kept up to date), the custody consideration comes due.
  *patch.mutable_secret_whereabouts_decision_date() = MakeDate(2028, 11, 1);
  *patch.mutable_last_review_date() = MakeDate(2028, 11, 1);
  SetToday(2028, 11, 10);
  GFO_ASSERT_OK(Update(Who::kCaseWorkerHarnosand, placement.name(), out.etag(), patch,
                       {"secret_whereabouts_decision_date", "last_review_date"}, &out));
  due.Clear();
  GFO_ASSERT_OK(ListDue(Who::kCaseWorkerHarnosand, 30, &due));
  ASSERT_EQ(due.items_size(), 1);
  EXPECT_EQ(due.items(0).kind(), v1::DUE_KIND_CUSTODY_CONSIDERATION);
  EXPECT_TRUE(SameDate(due.items(0).due_date(), 2028, 12, 1));
  EXPECT_EQ(due.items(0).legal_reference().section(), "14");
  EXPECT_EQ(due.items(0).legal_reference().chapter(), "22");
}

TEST_F(WorkflowPlacements, VacanciesAreApprovedHomesWithFreeCapacity) {
  const std::string open_home = ApprovedHome(2280, 2);
  const std::string full_home =
      ApprovedHome(2282, 1, {v1::PLACEMENT_KIND_LONG_TERM, v1::PLACEMENT_KIND_EMERGENCY});
  MustPropose(SubmittedRequest(Who::kCaseWorkerHarnosand).name(), full_home);
  const std::string emergency = ApprovedHome(2282, 1, {v1::PLACEMENT_KIND_EMERGENCY});
  v1::CreateHomeRequest create;
  *create.mutable_home() = ValidHome();
  v1::Home inquiry;
  GFO_ASSERT_OK(homes_->CreateHome(Ctx(Who::kStaff).get(), create, &inquiry));

  v1::ListVacanciesResponse all;
  GFO_ASSERT_OK(placements_->ListVacancies(Ctx(Who::kStaff).get(), {}, &all));
  ASSERT_EQ(all.vacancies_size(), 2);
  EXPECT_EQ(all.vacancies(0).home(), open_home);
  EXPECT_EQ(all.vacancies(0).free_capacity(), 2);
  EXPECT_EQ(all.vacancies(1).home(), emergency);

  v1::ListVacanciesRequest by_kind;
  by_kind.set_kind(v1::PLACEMENT_KIND_EMERGENCY);
  v1::ListVacanciesResponse emergency_only;
  GFO_ASSERT_OK(placements_->ListVacancies(Ctx(Who::kStaff).get(), by_kind, &emergency_only));
  ASSERT_EQ(emergency_only.vacancies_size(), 1);
  EXPECT_EQ(emergency_only.vacancies(0).home(), emergency);
  v1::ListVacanciesRequest by_municipality;
  by_municipality.set_municipality_code(2280);
  v1::ListVacanciesResponse harnosand;
  GFO_ASSERT_OK(placements_->ListVacancies(Ctx(Who::kStaff).get(), by_municipality, &harnosand));
  ASSERT_EQ(harnosand.vacancies_size(), 1);
  EXPECT_EQ(harnosand.vacancies(0).home(), open_home);
  EXPECT_THAT(placements_->ListVacancies(Ctx(Who::kCaseWorkerHarnosand).get(), {}, &all),
              StatusIs(grpc::PERMISSION_DENIED, ""));
}

TEST_F(WorkflowPlacements, SummaryCountsActivePlacementsPerHomeAndMunicipality) {
  const std::string home = ApprovedHome(2280, 3);
  v1::Proposal ours = PlaceRequest(Who::kCaseWorkerHarnosand, home, 1);
  v1::Proposal theirs = PlaceRequest(Who::kCaseWorkerKramfors, home, 2);
  v1::SummarizePlacementsResponse summary;
  GFO_ASSERT_OK(placements_->SummarizePlacements(Ctx(Who::kStaff).get(), {}, &summary));
  ASSERT_EQ(summary.by_home_size(), 1);
  EXPECT_EQ(summary.by_home(0).key(), home);
  EXPECT_EQ(summary.by_home(0).active_placements(), 2);
  EXPECT_EQ(summary.by_home(0).children(), 3);
  ASSERT_EQ(summary.by_municipality_size(), 2);
  EXPECT_EQ(summary.by_municipality(0).key(), "municipalities/2280");
  EXPECT_EQ(summary.by_municipality(0).children(), 1);
  EXPECT_EQ(summary.by_municipality(1).key(), "municipalities/2282");
  EXPECT_EQ(summary.by_municipality(1).children(), 2);
}

TEST_F(WorkflowPlacements, CaseWorkersSeeAndChangeOnlyTheirOwn) {
  const std::string home = ApprovedHome(2280, 3);
  v1::Proposal ours = PlaceRequest(Who::kCaseWorkerHarnosand, home, 1);
  v1::Proposal theirs = PlaceRequest(Who::kCaseWorkerKramfors, home, 1);
  const Who other = Who::kCaseWorkerKramfors;
  v1::Placement out;
  EXPECT_THAT(GetPlacement(other, ours.placement(), &out),
              StatusIs(grpc::PERMISSION_DENIED, ours.placement()));
  SetToday(2026, 12, 2);
  EXPECT_THAT(EndPlacement(other, ours.placement(), "x", &out),
              StatusIs(grpc::PERMISSION_DENIED, ours.placement()));
  v1::Placement patch;
  *patch.mutable_last_review_date() = MakeDate(2026, 12, 1);
  EXPECT_THAT(Update(other, ours.placement(), "1", patch, {"last_review_date"}, &out),
              StatusIs(grpc::PERMISSION_DENIED, ours.placement()));
  v1::ListPlacementsResponse list;
  GFO_ASSERT_OK(placements_->ListPlacements(Ctx(other).get(), {}, &list));
  ASSERT_EQ(list.placements_size(), 1);
  EXPECT_EQ(list.placements(0).name(), theirs.placement());
  v1::ListPlacementsRequest req;
  req.set_home(home);
  req.set_state(v1::PLACEMENT_STATE_ACTIVE);
  v1::ListPlacementsResponse in_home;
  GFO_ASSERT_OK(placements_->ListPlacements(Ctx(Who::kStaff).get(), req, &in_home));
  EXPECT_EQ(in_home.placements_size(), 2);
  EXPECT_EQ(MustGet(ours.placement()).state(), v1::PLACEMENT_STATE_ACTIVE);
}

}  // namespace
}  // namespace gfo::testing
