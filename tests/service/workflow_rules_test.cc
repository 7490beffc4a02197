// The workflow's pure rules: the request lifecycle, whom to consult (22 kap. 6 §), calendar
// months, and the legal clocks of a placement.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "absl/time/civil_time.h"
#include "service/clock.h"
#include "service/placements.h"
#include "service/proposals.h"
#include "service/requests.h"

namespace gfo {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
namespace v1 = gfo::v1;

int32_t Day(int y, int m, int d) { return DayNumberFromCivilDay(absl::CivilDay(y, m, d)); }

TEST(WorkflowRequestLifecycle, AllowsExactlyTheDocumentedMoves) {
  const v1::RequestState states[] = {v1::REQUEST_STATE_DRAFT,    v1::REQUEST_STATE_SUBMITTED,
                                     v1::REQUEST_STATE_PROPOSED, v1::REQUEST_STATE_PLACED,
                                     v1::REQUEST_STATE_ENDED,    v1::REQUEST_STATE_WITHDRAWN};
  std::set<std::pair<int, int>> legal = {
      {v1::REQUEST_STATE_DRAFT, v1::REQUEST_STATE_SUBMITTED},
      {v1::REQUEST_STATE_SUBMITTED, v1::REQUEST_STATE_PROPOSED},
      {v1::REQUEST_STATE_PROPOSED, v1::REQUEST_STATE_SUBMITTED},
      {v1::REQUEST_STATE_PROPOSED, v1::REQUEST_STATE_PLACED},
      {v1::REQUEST_STATE_PLACED, v1::REQUEST_STATE_ENDED},
      {v1::REQUEST_STATE_DRAFT, v1::REQUEST_STATE_WITHDRAWN},
      {v1::REQUEST_STATE_SUBMITTED, v1::REQUEST_STATE_WITHDRAWN},
      {v1::REQUEST_STATE_PROPOSED, v1::REQUEST_STATE_WITHDRAWN},
  };
  for (v1::RequestState from : states) {
    for (v1::RequestState to : states) {
      EXPECT_EQ(IsLegalRequestMove(from, to), legal.contains({from, to}))
          << RequestStateName(from) << " -> " << RequestStateName(to);
    }
  }
}

absl::Time Utc(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), absl::UTCTimeZone());
}

// "Today" for the law is Sweden's calendar day, not UTC's: an hour or two after Swedish midnight
// UTC is still on the day before.
TEST(WorkflowLegalDay, TodayIsTheSwedishCalendarDay) {
  EXPECT_EQ(CivilDayNumber(Utc(2026, 12, 6, 22, 59)), Day(2026, 12, 6));
  EXPECT_EQ(CivilDayNumber(Utc(2026, 12, 6, 23, 0)), Day(2026, 12, 7));  // CET, +1 h
  EXPECT_EQ(CivilDayNumber(Utc(2026, 7, 1, 21, 59)), Day(2026, 7, 1));
  EXPECT_EQ(CivilDayNumber(Utc(2026, 7, 1, 22, 0)), Day(2026, 7, 2));  // CEST, +2 h
  // Summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last of October.
  EXPECT_EQ(SwedishUtcOffset(Utc(2026, 3, 29, 0, 59)), absl::Hours(1));
  EXPECT_EQ(SwedishUtcOffset(Utc(2026, 3, 29, 1, 0)), absl::Hours(2));
  EXPECT_EQ(SwedishUtcOffset(Utc(2026, 10, 25, 0, 59)), absl::Hours(2));
  EXPECT_EQ(SwedishUtcOffset(Utc(2026, 10, 25, 1, 0)), absl::Hours(1));
}

// The built-in rule agrees with the time-zone database, where the machine has one.
TEST(WorkflowLegalDay, TheBuiltInRuleAgreesWithEuropeStockholm) {
  absl::TimeZone stockholm;
  if (!absl::LoadTimeZone("Europe/Stockholm", &stockholm)) {
    GTEST_SKIP() << "no time-zone database on this machine";
  }
  for (absl::Time t = Utc(2019, 1, 1, 0, 30); t < Utc(2032, 1, 1, 0, 0); t += absl::Hours(1)) {
    ASSERT_EQ(SwedishUtcOffset(t), absl::Seconds(stockholm.At(t).offset))
        << absl::FormatTime(t, absl::UTCTimeZone());
  }
}

TEST(WorkflowRequestLifecycle, StateNamesAreLowerCase) {
  EXPECT_EQ(RequestStateName(v1::REQUEST_STATE_PROPOSED), "proposed");
  EXPECT_EQ(ProposalStateName(v1::PROPOSAL_STATE_EXPIRED), "expired");
}

TEST(WorkflowConsultation, NoneWhenTheHomeIsInTheRequestingMunicipality) {
  EXPECT_THAT(RequiredConsultations(2280, 2280, {}), IsEmpty());
}

TEST(WorkflowConsultation, TheHomesMunicipalityWhenItDiffers) {
  EXPECT_THAT(RequiredConsultations(2280, 2282, {}), ElementsAre(2282));
}

TEST(WorkflowConsultation, EveryOtherMunicipalityWithAChildPlacedThere) {
  EXPECT_THAT(RequiredConsultations(2280, 2282, {2284, 2280, 2282, 2284}), ElementsAre(2282, 2284));
  // A home in the requesting municipality needs no consultation (22 kap. 6 §).
  EXPECT_THAT(RequiredConsultations(2280, 2280, {2283}), IsEmpty());
}

TEST(WorkflowCalendar, AddMonthsClampsToTheLastDayOfTheMonth) {
  EXPECT_EQ(AddMonths(Day(2026, 1, 15), 6), Day(2026, 7, 15));
  EXPECT_EQ(AddMonths(Day(2026, 8, 31), 6), Day(2027, 2, 28));
  EXPECT_EQ(AddMonths(Day(2027, 8, 31), 6), Day(2028, 2, 29));
  EXPECT_EQ(AddMonths(Day(2026, 11, 30), 3), Day(2027, 2, 28));
  EXPECT_EQ(AddMonths(Day(2026, 12, 1), 24), Day(2028, 12, 1));
}

TEST(WorkflowLegalClocks, SixMonthReviewCountsFromStartThenFromTheLastReview) {
  PlacementClocks c;
  c.kind = v1::PLACEMENT_KIND_LONG_TERM;
  c.start_day = Day(2026, 1, 10);
  const int32_t today = Day(2026, 7, 1);
  auto due = ComputeDueDates(c, today, 30, 6);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, v1::DUE_KIND_SIX_MONTH_REVIEW);
  EXPECT_EQ(due[0].due_day, Day(2026, 7, 10));
  EXPECT_FALSE(due[0].overdue);

  EXPECT_THAT(ComputeDueDates(c, today, 5, 6), IsEmpty());  // outside the window
  EXPECT_TRUE(ComputeDueDates(c, Day(2026, 7, 11), 0, 6)[0].overdue);

  c.last_review_day = Day(2026, 6, 20);
  EXPECT_THAT(ComputeDueDates(c, today, 30, 6), IsEmpty());
  auto later = ComputeDueDates(c, Day(2026, 12, 1), 30, 6);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].due_day, Day(2026, 12, 20));
}

TEST(WorkflowLegalClocks, ReviewIntervalIsConfiguration) {
  PlacementClocks c;
  c.start_day = Day(2026, 1, 10);
  auto due = ComputeDueDates(c, Day(2026, 4, 1), 30, 3);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].due_day, Day(2026, 4, 10));
}

TEST(WorkflowLegalClocks, CustodyConsiderationAfterTwoYearsUntilRecorded) {
  PlacementClocks c;
  c.start_day = Day(2024, 3, 1);
  c.last_review_day = Day(2026, 2, 1);
  auto due = ComputeDueDates(c, Day(2026, 3, 5), 30, 6);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, v1::DUE_KIND_CUSTODY_CONSIDERATION);
  EXPECT_EQ(due[0].due_day, Day(2026, 3, 1));
  EXPECT_TRUE(due[0].overdue);
  c.custody_considered_day = Day(2026, 3, 2);
  EXPECT_THAT(ComputeDueDates(c, Day(2026, 3, 5), 30, 6), IsEmpty());
}

TEST(WorkflowLegalClocks, EmergencyLimitTwoMonthsAfterInvestigationUnlessSpecialReasons) {
  PlacementClocks c;
  c.kind = v1::PLACEMENT_KIND_EMERGENCY;
  c.start_day = Day(2026, 1, 1);
  c.last_review_day = Day(2026, 3, 1);
  c.investigation_closed_day = Day(2026, 2, 15);
  auto due = ComputeDueDates(c, Day(2026, 4, 20), 0, 6);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, v1::DUE_KIND_EMERGENCY_TIME_LIMIT);
  EXPECT_EQ(due[0].due_day, Day(2026, 4, 15));
  EXPECT_TRUE(due[0].overdue);

  c.special_reasons = true;
  EXPECT_THAT(ComputeDueDates(c, Day(2026, 4, 20), 0, 6), IsEmpty());
  c.special_reasons = false;
  c.kind = v1::PLACEMENT_KIND_LONG_TERM;  // the limit applies to emergency homes only
  EXPECT_THAT(ComputeDueDates(c, Day(2026, 4, 20), 0, 6), IsEmpty());
}

TEST(WorkflowLegalClocks, SecretWhereaboutsReviewedEveryThreeMonths) {
  PlacementClocks c;
  c.start_day = Day(2026, 1, 1);
  c.last_review_day = Day(2026, 3, 1);
  c.secret_whereabouts_day = Day(2026, 2, 10);
  auto due = ComputeDueDates(c, Day(2026, 5, 1), 30, 6);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, v1::DUE_KIND_SECRET_WHEREABOUTS_REVIEW);
  EXPECT_EQ(due[0].due_day, Day(2026, 5, 10));
}

TEST(WorkflowLegalClocks, EachKindHasALegalReferenceKey) {
  EXPECT_EQ(LegalReferenceKey(v1::DUE_KIND_SIX_MONTH_REVIEW), "six_month_review");
  EXPECT_EQ(LegalReferenceKey(v1::DUE_KIND_CUSTODY_CONSIDERATION), "custody_consideration");
  EXPECT_EQ(LegalReferenceKey(v1::DUE_KIND_EMERGENCY_TIME_LIMIT), "emergency_time_limit");
  EXPECT_EQ(LegalReferenceKey(v1::DUE_KIND_SECRET_WHEREABOUTS_REVIEW), "secret_whereabouts");
}

TEST(WorkflowLegalReference, FormatsTheSwedishCitation) {
  v1::LegalReference ref;
  ref.set_act("SFS 2025:400");
  ref.set_chapter("22");
  ref.set_section("6");
  EXPECT_EQ(FormatLegalReference(ref), "22 kap. 6 § SFS 2025:400");
  ref.set_act("SFS 1990:52");
  ref.clear_chapter();
  ref.set_section("14");
  EXPECT_EQ(FormatLegalReference(ref), "14 § SFS 1990:52");
}

}  // namespace
}  // namespace gfo
