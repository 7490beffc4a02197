#include <limits>
#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "service/clock.h"
#include "service/validation/account_validation.h"
#include "service/validation/audit_validation.h"
#include "service/validation/municipality_validation.h"
#include "service/validation/workflow_validation.h"
#include "tests/service/validation_test_dates.h"

namespace gfo::validation {
namespace {

int32_t Today() { return DayNumberFromCivilDay(absl::CivilDay(2025, 7, 1)); }

using dates::MakeDate;

gfo::v1::Account CaseWorker() {
  gfo::v1::Account account;
  account.set_display_name("Eva Handläggare");
  account.set_role(gfo::v1::ROLE_CASE_WORKER);
  account.set_municipality_code(2262);
  return account;
}

TEST(ValidationAccount, CaseWorkerNeedsMunicipality) {
  EXPECT_TRUE(ValidateAccountForCreate(CaseWorker()).ok());
  gfo::v1::Account account = CaseWorker();
  account.set_municipality_code(0);
  EXPECT_EQ(ValidateAccountForCreate(account).ToString(),
            "INVALID_ARGUMENT: account.municipality_code: required");
  account.set_municipality_code(22);
  EXPECT_EQ(ValidateAccountForCreate(account).ToString(),
            "INVALID_ARGUMENT: account.municipality_code: must be a 4-digit municipality code, "
            "got 22");
}

TEST(ValidationAccount, OtherRolesHaveNoMunicipality) {
  gfo::v1::Account account = CaseWorker();
  account.set_role(gfo::v1::ROLE_GFO_STAFF);
  EXPECT_EQ(ValidateAccountForCreate(account).ToString(),
            "INVALID_ARGUMENT: account.municipality_code: must be unset unless role is "
            "ROLE_CASE_WORKER");
  account.set_municipality_code(0);
  EXPECT_TRUE(ValidateAccountForCreate(account).ok());
}

TEST(ValidationAccount, DisplayNameAndRole) {
  gfo::v1::Account account = CaseWorker();
  account.set_display_name("");
  EXPECT_EQ(ValidateAccountForCreate(account).ToString(),
            "INVALID_ARGUMENT: account.display_name: required");
  account.set_display_name(std::string(101, 'n'));
  EXPECT_EQ(ValidateAccountForCreate(account).ToString(),
            "INVALID_ARGUMENT: account.display_name: must be at most 100 characters, got 101");
  account = CaseWorker();
  account.set_role(gfo::v1::ROLE_UNSPECIFIED);
  EXPECT_EQ(ValidateAccountForCreate(account).ToString(),
            "INVALID_ARGUMENT: account.role: required");
  account.set_role(static_cast<gfo::v1::Role>(17));
  EXPECT_EQ(ValidateAccountForCreate(account).ToString(),
            "INVALID_ARGUMENT: account.role: unknown value 17");
}

google::protobuf::Duration Seconds(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Duration duration;
  duration.set_seconds(seconds);
  duration.set_nanos(nanos);
  return duration;
}

TEST(ValidationAccount, TokenTtl) {
  EXPECT_EQ(*ResolveTokenTtl(nullptr), absl::Hours(24 * 90));
  const google::protobuf::Duration hour = Seconds(3600);
  EXPECT_EQ(*ResolveTokenTtl(&hour), absl::Hours(1));
  const google::protobuf::Duration max = Seconds(400 * 86400);
  EXPECT_EQ(*ResolveTokenTtl(&max), absl::Hours(24 * 400));
  for (const google::protobuf::Duration& bad :
       {Seconds(0), Seconds(-1), Seconds(400 * 86400 + 1), Seconds(400 * 86400, 1),
        Seconds(std::numeric_limits<int64_t>::max())}) {
    EXPECT_EQ(ResolveTokenTtl(&bad).status().ToString(),
              "INVALID_ARGUMENT: token_ttl: must be more than 0 and at most 400 days");
  }
  const google::protobuf::Duration malformed = Seconds(5, -1);
  EXPECT_EQ(ResolveTokenTtl(&malformed).status().ToString(),
            "INVALID_ARGUMENT: token_ttl: not a valid duration");
}

TEST(ValidationAccount, CreateAndIssueRequests) {
  gfo::v1::CreateAccountRequest create;
  EXPECT_EQ(ValidateCreateAccount(create).status().ToString(),
            "INVALID_ARGUMENT: account: required");
  *create.mutable_account() = CaseWorker();
  EXPECT_EQ(*ValidateCreateAccount(create), absl::Hours(24 * 90));
  *create.mutable_token_ttl() = Seconds(0);
  EXPECT_FALSE(ValidateCreateAccount(create).ok());

  gfo::v1::IssueTokenRequest issue;
  issue.set_account("accounts/x");
  EXPECT_EQ(ValidateIssueToken(issue).status().ToString(),
            "INVALID_ARGUMENT: account: must have the form accounts/{id}");
  issue.set_account("accounts/4");
  EXPECT_TRUE(ValidateIssueToken(issue).ok());
}

TEST(ValidationWorkflow, TransitionsNeedNameAndSometimesReason) {
  gfo::v1::HomeTransitionRequest home;
  home.set_name("homes/3");
  EXPECT_EQ(*ValidateHomeTransition(home, /*reason_required=*/false), 3);
  EXPECT_EQ(ValidateHomeTransition(home, /*reason_required=*/true).status().ToString(),
            "INVALID_ARGUMENT: reason: required");
  home.set_reason(std::string(201, 'r'));
  EXPECT_EQ(ValidateHomeTransition(home, true).status().ToString(),
            "INVALID_ARGUMENT: reason: must be at most 200 characters, got 201");
  home.set_name("requests/3");
  EXPECT_EQ(ValidateHomeTransition(home, false).status().ToString(),
            "INVALID_ARGUMENT: name: must have the form homes/{id}");

  gfo::v1::RequestTransitionRequest request;
  request.set_name("requests/8");
  request.set_reason("network home found");
  EXPECT_EQ(*ValidateRequestTransition(request, true), 8);
}

TEST(ValidationWorkflow, ProposalCreate) {
  gfo::v1::Proposal proposal;
  EXPECT_EQ(ValidateProposalForCreate(proposal).status().ToString(),
            "INVALID_ARGUMENT: proposal.request: required");
  proposal.set_request("requests/5");
  EXPECT_EQ(ValidateProposalForCreate(proposal).status().ToString(),
            "INVALID_ARGUMENT: proposal.home: required");
  proposal.set_home("homes/x");
  EXPECT_EQ(ValidateProposalForCreate(proposal).status().ToString(),
            "INVALID_ARGUMENT: proposal.home: must have the form homes/{id}");
  proposal.set_home("homes/9");
  proposal.set_rationale("close to school\nspeaks Arabic");
  absl::StatusOr<ProposalTarget> target = ValidateProposalForCreate(proposal);
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(target->request_id, 5);
  EXPECT_EQ(target->home_id, 9);
}

TEST(ValidationWorkflow, AcceptDeclineWithdraw) {
  gfo::v1::AcceptProposalRequest accept;
  accept.set_name("proposals/2");
  absl::StatusOr<AcceptProposalInput> input = ValidateAcceptProposal(accept, Today());
  ASSERT_TRUE(input.ok());
  EXPECT_FALSE(input->start_day.has_value());
  *accept.mutable_start_date() = MakeDate(2025, 7, 15);
  input = ValidateAcceptProposal(accept, Today());
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(input->start_day, Today() + 14);
  *accept.mutable_start_date() = MakeDate(2030, 1, 1);
  EXPECT_EQ(ValidateAcceptProposal(accept, Today()).status().ToString(),
            "INVALID_ARGUMENT: start_date: must be from 1 year before today to 2 years after "
            "today");

  gfo::v1::DeclineProposalRequest decline;
  decline.set_name("proposals/2");
  EXPECT_EQ(ValidateDeclineProposal(decline).status().ToString(),
            "INVALID_ARGUMENT: reason: required");
  decline.set_reason("too far from school");
  EXPECT_EQ(*ValidateDeclineProposal(decline), 2);

  gfo::v1::WithdrawProposalRequest withdraw;
  withdraw.set_name("proposals/0");
  withdraw.set_reason("x");
  EXPECT_EQ(ValidateWithdrawProposal(withdraw).status().ToString(),
            "INVALID_ARGUMENT: name: must have the form proposals/{id}");
}

gfo::v1::Consultation ValidConsultation() {
  gfo::v1::Consultation consultation;
  consultation.set_municipality_code(2283);
  *consultation.mutable_date() = MakeDate(2025, 6, 30);
  consultation.set_outcome("no objection");
  return consultation;
}

TEST(ValidationWorkflow, Consultation) {
  EXPECT_TRUE(ValidateConsultation(ValidConsultation(), Today()).ok());
  gfo::v1::Consultation c = ValidConsultation();
  c.set_municipality_code(0);
  EXPECT_EQ(ValidateConsultation(c, Today()).ToString(),
            "INVALID_ARGUMENT: consultation.municipality_code: required");
  c = ValidConsultation();
  c.clear_date();
  EXPECT_EQ(ValidateConsultation(c, Today()).ToString(),
            "INVALID_ARGUMENT: consultation.date: required");
  *c.mutable_date() = MakeDate(2025, 7, 2);
  EXPECT_EQ(ValidateConsultation(c, Today()).ToString(),
            "INVALID_ARGUMENT: consultation.date: must be from 1 year before today to today");
  c = ValidConsultation();
  c.set_outcome("");
  EXPECT_EQ(ValidateConsultation(c, Today()).ToString(),
            "INVALID_ARGUMENT: consultation.outcome: required");
  c.set_outcome(std::string(201, 'o'));
  EXPECT_EQ(ValidateConsultation(c, Today()).ToString(),
            "INVALID_ARGUMENT: consultation.outcome: must be at most 200 characters, got 201");

  gfo::v1::RecordConsultationRequest record;
  record.set_proposal("proposals/4");
  EXPECT_EQ(ValidateRecordConsultation(record, Today()).status().ToString(),
            "INVALID_ARGUMENT: consultation: required");
  *record.mutable_consultation() = ValidConsultation();
  EXPECT_EQ(*ValidateRecordConsultation(record, Today()), 4);
}

TEST(ValidationWorkflow, EndPlacement) {
  gfo::v1::EndPlacementRequest end;
  end.set_name("placements/6");
  EXPECT_EQ(ValidateEndPlacement(end, Today()).status().ToString(),
            "INVALID_ARGUMENT: reason: required");
  end.set_reason("returned home");
  absl::StatusOr<EndPlacementInput> input = ValidateEndPlacement(end, Today());
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(input->placement_id, 6);
  EXPECT_EQ(input->end_day, Today());
  *end.mutable_end_date() = MakeDate(2025, 6, 1);
  EXPECT_EQ(ValidateEndPlacement(end, Today())->end_day, Today() - 30);
  *end.mutable_end_date() = MakeDate(2025, 7, 2);
  EXPECT_EQ(ValidateEndPlacement(end, Today()).status().ToString(),
            "INVALID_ARGUMENT: end_date: must be from 1 year before today to today");
  *end.mutable_end_date() = MakeDate(2025, 6, 31);
  EXPECT_EQ(ValidateEndPlacement(end, Today()).status().ToString(),
            "INVALID_ARGUMENT: end_date: not a valid date");
}

TEST(ValidationWorkflow, PlacementUpdate) {
  gfo::v1::Placement patch;
  *patch.mutable_last_review_date() = MakeDate(2025, 6, 1);
  google::protobuf::FieldMask mask;
  mask.add_paths("last_review_date");
  EXPECT_TRUE(ValidatePlacementUpdate(patch, mask, Today()).ok());
  *patch.mutable_last_review_date() = MakeDate(2025, 8, 1);
  EXPECT_EQ(ValidatePlacementUpdate(patch, mask, Today()).status().ToString(),
            "INVALID_ARGUMENT: placement.last_review_date: must be from 25 years before today to "
            "today");
  mask.set_paths(0, "end_date");
  EXPECT_EQ(ValidatePlacementUpdate(patch, mask, Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"end_date\" cannot be updated");
  mask.set_paths(0, "last_review_date.year");
  EXPECT_EQ(ValidatePlacementUpdate(patch, mask, Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: paths must name whole fields");

  gfo::v1::Placement stored;
  stored.set_name("placements/1");
  *stored.mutable_last_review_date() = MakeDate(2025, 1, 1);
  mask.set_paths(0, "last_review_date");
  gfo::v1::Placement clear;
  absl::StatusOr<google::protobuf::FieldMask> resolved =
      ValidatePlacementUpdate(clear, mask, Today());
  ASSERT_TRUE(resolved.ok());
  ApplyPlacementMask(stored, clear, *resolved);
  EXPECT_FALSE(stored.has_last_review_date());
  EXPECT_EQ(stored.name(), "placements/1");
}

gfo::v1::Municipality Sundsvall() {
  gfo::v1::Municipality municipality;
  municipality.set_code(2281);
  municipality.set_display_name("Sundsvall");
  municipality.mutable_location()->set_latitude(62.391);
  municipality.mutable_location()->set_longitude(17.307);
  return municipality;
}

TEST(ValidationMunicipality, Create) {
  EXPECT_TRUE(ValidateMunicipalityForCreate(Sundsvall()).ok());
  gfo::v1::Municipality m = Sundsvall();
  m.set_code(281);
  EXPECT_EQ(ValidateMunicipalityForCreate(m).ToString(),
            "INVALID_ARGUMENT: municipality.code: must be a 4-digit municipality code, got 281");
  m = Sundsvall();
  m.clear_display_name();
  EXPECT_EQ(ValidateMunicipalityForCreate(m).ToString(),
            "INVALID_ARGUMENT: municipality.display_name: required");
  m = Sundsvall();
  m.clear_location();
  EXPECT_EQ(ValidateMunicipalityForCreate(m).ToString(),
            "INVALID_ARGUMENT: municipality.location: required");
}

TEST(ValidationMunicipality, MembershipPeriods) {
  gfo::v1::Municipality m = Sundsvall();
  gfo::v1::Membership* first = m.add_memberships();
  *first->mutable_start_date() = MakeDate(2019, 2, 1);
  *first->mutable_end_date() = MakeDate(2021, 1, 1);
  gfo::v1::Membership* second = m.add_memberships();
  *second->mutable_start_date() = MakeDate(2022, 9, 1);
  EXPECT_TRUE(ValidateMunicipalityForCreate(m).ok());

  *m.mutable_memberships(1)->mutable_start_date() = MakeDate(2020, 1, 1);
  EXPECT_EQ(ValidateMunicipalityForCreate(m).ToString(),
            "INVALID_ARGUMENT: municipality.memberships[1].start_date: must not be before the end "
            "of the previous period");
  m.mutable_memberships(0)->clear_end_date();
  *m.mutable_memberships(1)->mutable_start_date() = MakeDate(2022, 9, 1);
  EXPECT_EQ(ValidateMunicipalityForCreate(m).ToString(),
            "INVALID_ARGUMENT: municipality.memberships[1].start_date: must not be before the end "
            "of the previous period");
  *m.mutable_memberships(0)->mutable_end_date() = MakeDate(2019, 2, 1);
  EXPECT_EQ(ValidateMunicipalityForCreate(m).ToString(),
            "INVALID_ARGUMENT: municipality.memberships[0].end_date: must be after start_date");
}

TEST(ValidationMunicipality, JoinAndLeave) {
  gfo::v1::JoinGfoRequest join;
  join.set_name("municipalities/2281");
  absl::StatusOr<MembershipChange> change = ValidateJoinGfo(join, Today());
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->municipality_code, 2281);
  EXPECT_FALSE(change->day.has_value());
  join.set_name("municipalities/22810");
  EXPECT_FALSE(ValidateJoinGfo(join, Today()).ok());

  gfo::v1::LeaveGfoRequest leave;
  leave.set_name("municipalities/2260");
  *leave.mutable_end_date() = MakeDate(2025, 12, 31);
  leave.set_reason(std::string(201, 'x'));
  EXPECT_EQ(ValidateLeaveGfo(leave, Today()).status().ToString(),
            "INVALID_ARGUMENT: reason: must be at most 200 characters, got 201");
  leave.set_reason("");
  change = ValidateLeaveGfo(leave, Today());
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->day, DayNumberFromCivilDay(absl::CivilDay(2025, 12, 31)));
}

TEST(ValidationAudit, Filter) {
  gfo::v1::AuditFilter filter;
  EXPECT_TRUE(ValidateAuditFilter(filter).ok());
  filter.mutable_start_time()->set_seconds(2000);
  filter.mutable_end_time()->set_seconds(1000);
  EXPECT_EQ(ValidateAuditFilter(filter).ToString(),
            "INVALID_ARGUMENT: filter.end_time: must be after start_time");
  filter.mutable_end_time()->set_seconds(2000);
  EXPECT_FALSE(ValidateAuditFilter(filter).ok());
  filter.mutable_end_time()->set_nanos(1);
  EXPECT_TRUE(ValidateAuditFilter(filter).ok());
  filter.mutable_end_time()->set_nanos(-1);
  EXPECT_EQ(ValidateAuditFilter(filter).ToString(),
            "INVALID_ARGUMENT: filter.end_time: not a valid timestamp");

  filter.Clear();
  filter.set_outcome(static_cast<gfo::v1::AuditOutcome>(9));
  EXPECT_EQ(ValidateAuditFilter(filter).ToString(),
            "INVALID_ARGUMENT: filter.outcome: unknown value 9");
  filter.Clear();
  filter.set_account("accounts/abc");
  EXPECT_EQ(ValidateAuditFilter(filter).ToString(),
            "INVALID_ARGUMENT: filter.account: must have the form accounts/{id}");
  filter.Clear();
  filter.set_municipality_code(0);
  EXPECT_EQ(ValidateAuditFilter(filter).ToString(),
            "INVALID_ARGUMENT: filter.municipality_code: required");
  filter.Clear();
  filter.set_method(std::string("Get\nRequest"));
  EXPECT_EQ(ValidateAuditFilter(filter).ToString(),
            "INVALID_ARGUMENT: filter.method: must not contain control characters");
  filter.Clear();
  filter.set_method("GetRequest");
  filter.set_resource("requests/17");
  filter.set_outcome(gfo::v1::AUDIT_OUTCOME_DENIED);
  EXPECT_TRUE(ValidateAuditFilter(filter).ok());
}

}  // namespace
}  // namespace gfo::validation
