#include <functional>
#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "service/clock.h"
#include "service/validation/request_validation.h"
#include "tests/service/validation_test_dates.h"

namespace gfo::validation {
namespace {

using gfo::v1::Child;
using gfo::v1::PlacementRequest;

int32_t Today() { return DayNumberFromCivilDay(absl::CivilDay(2025, 7, 1)); }

using dates::MakeDate;

// A draft request from Timrå for one child that passes every rule.
PlacementRequest ValidRequest() {
  PlacementRequest request;
  request.set_municipality_code(2262);
  request.set_case_reference("TIM-2025-17");
  Child* child = request.add_children();
  child->set_personal_identity_number("150312-2382");
  child->set_gender(gfo::v1::GENDER_FEMALE);
  gfo::v1::ChildNeed* need = child->add_needs();
  need->set_need(gfo::v1::NEED_TRAUMA);
  need->set_required(true);
  child->add_languages("sv");
  request.set_kind(gfo::v1::PLACEMENT_KIND_LONG_TERM);
  request.set_legal_basis(gfo::v1::LEGAL_BASIS_SOL);
  *request.mutable_wanted_start_date() = MakeDate(2025, 8, 1);
  request.set_expected_length_days(365);
  request.mutable_child_place()->set_latitude(62.489);
  request.mutable_child_place()->set_longitude(17.327);
  request.set_child_place_description("school in Timrå");
  return request;
}

Child SecondChild() {
  Child child;
  *child.mutable_birth_date() = MakeDate(2017, 5, 20);
  child.set_gender(gfo::v1::GENDER_MALE);
  return child;
}

void AddNetworkExamination(PlacementRequest& request) {
  *request.mutable_network_examination()->mutable_examined_date() = MakeDate(2025, 6, 20);
  request.mutable_network_examination()->set_outcome(
      gfo::v1::NETWORK_OUTCOME_NO_SUITABLE_NETWORK_HOME);
}

TEST(ValidationRequest, ValidRequestPasses) {
  EXPECT_TRUE(ValidateRequestForCreate(ValidRequest(), Today()).ok());
}

TEST(ValidationRequest, SiblingGroupWithBirthDateOnlyPasses) {
  PlacementRequest request = ValidRequest();
  *request.add_children() = SecondChild();
  request.set_sibling_rule(gfo::v1::SIBLING_RULE_TOGETHER_REQUIRED);
  EXPECT_TRUE(ValidateRequestForCreate(request, Today()).ok());
}

TEST(ValidationRequest, NumberAndMatchingBirthDatePass) {
  PlacementRequest request = ValidRequest();
  *request.mutable_children(0)->mutable_birth_date() = MakeDate(2015, 3, 12);
  EXPECT_TRUE(ValidateRequestForCreate(request, Today()).ok());
}

TEST(ValidationRequest, SamordningsnummerPasses) {
  PlacementRequest request = ValidRequest();
  request.mutable_children(0)->set_personal_identity_number("150372-2389");
  *request.mutable_children(0)->mutable_birth_date() = MakeDate(2015, 3, 12);
  EXPECT_TRUE(ValidateRequestForCreate(request, Today()).ok());
}

struct RequestCase {
  std::string name;
  std::function<void(PlacementRequest&)> mutate;
  std::string message;
};

class ValidationRequestRule : public testing::TestWithParam<RequestCase> {};

TEST_P(ValidationRequestRule, NamesTheField) {
  PlacementRequest request = ValidRequest();
  GetParam().mutate(request);
  const absl::Status status = ValidateRequestForCreate(request, Today());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), GetParam().message);
  EXPECT_EQ(std::string(status.message()).find("2382"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Validation, ValidationRequestRule,
    testing::Values(
        RequestCase{"MunicipalityMissing", [](PlacementRequest& r) { r.set_municipality_code(0); },
                    "request.municipality_code: required"},
        RequestCase{"CaseReferenceMissing", [](PlacementRequest& r) { r.clear_case_reference(); },
                    "request.case_reference: required"},
        RequestCase{"CaseReferenceTooLong",
                    [](PlacementRequest& r) { r.set_case_reference(std::string(65, 'R')); },
                    "request.case_reference: must be at most 64 characters, got 65"},
        RequestCase{"NoChildren", [](PlacementRequest& r) { r.clear_children(); },
                    "request.children: at least one child required"},
        RequestCase{"NineChildren",
                    [](PlacementRequest& r) {
                      for (int i = 0; i < 8; ++i) *r.add_children() = SecondChild();
                      r.set_sibling_rule(gfo::v1::SIBLING_RULE_TOGETHER_PREFERRED);
                    },
                    "request.children: at most 8 entries, got 9"},
        RequestCase{
            "NeitherNumberNorBirthDate",
            [](PlacementRequest& r) { r.mutable_children(0)->clear_personal_identity_number(); },
            "request.children[0]: personal_identity_number or birth_date required"},
        RequestCase{"BadCheckDigit",
                    [](PlacementRequest& r) {
                      r.mutable_children(0)->set_personal_identity_number("150312-2383");
                    },
                    "request.children[0].personal_identity_number: check digit does not match"},
        RequestCase{"SecondChildBadNumber",
                    [](PlacementRequest& r) {
                      Child* child = r.add_children();
                      *child = SecondChild();
                      child->set_personal_identity_number("1503122");
                      r.set_sibling_rule(gfo::v1::SIBLING_RULE_TOGETHER_REQUIRED);
                    },
                    "request.children[1].personal_identity_number: must be 10 or 12 digits"},
        RequestCase{"BirthDateDisagreesWithNumber",
                    [](PlacementRequest& r) {
                      *r.mutable_children(0)->mutable_birth_date() = MakeDate(2015, 3, 13);
                    },
                    "request.children[0].birth_date: does not match personal_identity_number"},
        RequestCase{"BirthDateInvalid",
                    [](PlacementRequest& r) {
                      r.mutable_children(0)->clear_personal_identity_number();
                      *r.mutable_children(0)->mutable_birth_date() = MakeDate(2015, 2, 29);
                    },
                    "request.children[0].birth_date: not a valid date"},
        RequestCase{"BirthDateInTheFuture",
                    [](PlacementRequest& r) {
                      r.mutable_children(0)->clear_personal_identity_number();
                      *r.mutable_children(0)->mutable_birth_date() = MakeDate(2025, 7, 2);
                    },
                    "request.children[0].birth_date: must not be in the future"},
        RequestCase{"ChildAged21",
                    [](PlacementRequest& r) {
                      r.mutable_children(0)->clear_personal_identity_number();
                      *r.mutable_children(0)->mutable_birth_date() = MakeDate(2004, 7, 1);
                    },
                    "request.children[0].birth_date: child must be younger than 21"},
        RequestCase{"NumberOfAnAdult",
                    [](PlacementRequest& r) {
                      r.mutable_children(0)->set_personal_identity_number("800101-1231");
                    },
                    "request.children[0].personal_identity_number: child must be younger than 21"},
        RequestCase{"GenderMissing",
                    [](PlacementRequest& r) { r.mutable_children(0)->clear_gender(); },
                    "request.children[0].gender: required"},
        RequestCase{"GenderUnknown",
                    [](PlacementRequest& r) {
                      r.mutable_children(0)->set_gender(static_cast<gfo::v1::Gender>(9));
                    },
                    "request.children[0].gender: unknown value 9"},
        RequestCase{"NeedUnspecified",
                    [](PlacementRequest& r) { r.mutable_children(0)->add_needs(); },
                    "request.children[0].needs[1].need: required"},
        RequestCase{"NeedDuplicate",
                    [](PlacementRequest& r) {
                      r.mutable_children(0)->add_needs()->set_need(gfo::v1::NEED_TRAUMA);
                    },
                    "request.children[0].needs[1].need: duplicate of needs[0]"},
        RequestCase{"ChildLanguageUnknown",
                    [](PlacementRequest& r) { r.mutable_children(0)->add_languages("qq"); },
                    "request.children[0].languages[1]: unknown ISO 639-1 code qq"},
        RequestCase{"FormerHomeMalformed",
                    [](PlacementRequest& r) { r.mutable_children(0)->add_former_homes("homes/0"); },
                    "request.children[0].former_homes[0]: must have the form homes/{id}"},
        RequestCase{"GroupWithoutSiblingRule",
                    [](PlacementRequest& r) { *r.add_children() = SecondChild(); },
                    "request.sibling_rule: required when more than one child"},
        RequestCase{"GroupWithSingleChildRule",
                    [](PlacementRequest& r) {
                      *r.add_children() = SecondChild();
                      r.set_sibling_rule(gfo::v1::SIBLING_RULE_SINGLE_CHILD);
                    },
                    "request.sibling_rule: SIBLING_RULE_SINGLE_CHILD needs exactly one child"},
        RequestCase{"OneChildWithTogetherRule",
                    [](PlacementRequest& r) {
                      r.set_sibling_rule(gfo::v1::SIBLING_RULE_TOGETHER_REQUIRED);
                    },
                    "request.sibling_rule: must be SIBLING_RULE_SINGLE_CHILD or unset for one "
                    "child"},
        RequestCase{"KindMissing", [](PlacementRequest& r) { r.clear_kind(); },
                    "request.kind: required"},
        RequestCase{"LegalBasisMissing", [](PlacementRequest& r) { r.clear_legal_basis(); },
                    "request.legal_basis: required"},
        RequestCase{
            "LegalBasisUnknown",
            [](PlacementRequest& r) { r.set_legal_basis(static_cast<gfo::v1::LegalBasis>(12)); },
            "request.legal_basis: unknown value 12"},
        RequestCase{"WantedStartMissing", [](PlacementRequest& r) { r.clear_wanted_start_date(); },
                    "request.wanted_start_date: required"},
        RequestCase{
            "WantedStartTooEarly",
            [](PlacementRequest& r) { *r.mutable_wanted_start_date() = MakeDate(2024, 6, 30); },
            "request.wanted_start_date: must be from 1 year before today to 2 years "
            "after today"},
        RequestCase{
            "WantedStartTooLate",
            [](PlacementRequest& r) { *r.mutable_wanted_start_date() = MakeDate(2027, 7, 2); },
            "request.wanted_start_date: must be from 1 year before today to 2 years "
            "after today"},
        RequestCase{"ExpectedLengthNegative",
                    [](PlacementRequest& r) { r.set_expected_length_days(-1); },
                    "request.expected_length_days: must be between 0 and 7300, got -1"},
        RequestCase{"ExpectedLengthTooLong",
                    [](PlacementRequest& r) { r.set_expected_length_days(7301); },
                    "request.expected_length_days: must be between 0 and 7300, got 7301"},
        RequestCase{"ChildPlaceInvalid",
                    [](PlacementRequest& r) { r.mutable_child_place()->set_latitude(95); },
                    "request.child_place.latitude: must be between 55 and 69.5, got 95"},
        RequestCase{"ChildPlaceEmpty",
                    [](PlacementRequest& r) {
                      r.mutable_child_place()->set_latitude(0);
                      r.mutable_child_place()->set_longitude(0);
                    },
                    "request.child_place.latitude: must be between 55 and 69.5, got 0"},
        RequestCase{"ExcludedMunicipalityMalformed",
                    [](PlacementRequest& r) {
                      r.add_excluded_municipality_codes(2281);
                      r.add_excluded_municipality_codes(99);
                    },
                    "request.excluded_municipality_codes[1]: must be a 4-digit municipality "
                    "code, got 99"},
        RequestCase{"RiskLocationWithoutPlace",
                    [](PlacementRequest& r) { r.add_risk_locations()->set_min_distance_km(10); },
                    "request.risk_locations[0].location: required"},
        RequestCase{"RiskLocationZeroDistance",
                    [](PlacementRequest& r) {
                      gfo::v1::RiskLocation* risk = r.add_risk_locations();
                      risk->mutable_location()->set_latitude(62.39);
                      risk->mutable_location()->set_longitude(17.31);
                    },
                    "request.risk_locations[0].min_distance_km: must be > 0 and <= 500, got 0"},
        RequestCase{"RiskLocationTooFar",
                    [](PlacementRequest& r) {
                      gfo::v1::RiskLocation* risk = r.add_risk_locations();
                      risk->mutable_location()->set_latitude(62.39);
                      risk->mutable_location()->set_longitude(17.31);
                      risk->set_min_distance_km(501);
                    },
                    "request.risk_locations[0].min_distance_km: must be > 0 and <= 500, got 501"},
        RequestCase{"MaxDistanceNegative", [](PlacementRequest& r) { r.set_max_distance_km(-1); },
                    "request.max_distance_km: must be >= 0 and <= 2000, got -1"},
        RequestCase{"MaxDistanceTooLarge",
                    [](PlacementRequest& r) { r.set_max_distance_km(2000.5); },
                    "request.max_distance_km: must be >= 0 and <= 2000, got 2000.5"},
        RequestCase{"NetworkExaminationInTheFuture",
                    [](PlacementRequest& r) {
                      AddNetworkExamination(r);
                      *r.mutable_network_examination()->mutable_examined_date() =
                          MakeDate(2025, 7, 2);
                    },
                    "request.network_examination.examined_date: must be from 5 years before "
                    "today to today"},
        RequestCase{"NetworkExaminationLongAgo",
                    [](PlacementRequest& r) {
                      AddNetworkExamination(r);
                      *r.mutable_network_examination()->mutable_examined_date() =
                          MakeDate(1900, 1, 1);
                    },
                    "request.network_examination.examined_date: must be from 5 years before "
                    "today to today"},
        RequestCase{"FormerHomeTwice",
                    [](PlacementRequest& r) {
                      r.mutable_children(0)->add_former_homes("homes/1");
                      r.mutable_children(0)->add_former_homes("homes/1");
                    },
                    "request.children[0].former_homes[1]: duplicate of former_homes[0]"},
        RequestCase{"NetworkOutcomeUnknown",
                    [](PlacementRequest& r) {
                      AddNetworkExamination(r);
                      r.mutable_network_examination()->set_outcome(
                          static_cast<gfo::v1::NetworkOutcome>(8));
                    },
                    "request.network_examination.outcome: unknown value 8"}),
    [](const testing::TestParamInfo<RequestCase>& info) { return info.param.name; });

TEST(ValidationRequest, WantedStartWindowIsInclusive) {
  PlacementRequest request = ValidRequest();
  *request.mutable_wanted_start_date() = MakeDate(2024, 7, 1);
  EXPECT_TRUE(ValidateRequestForCreate(request, Today()).ok());
  *request.mutable_wanted_start_date() = MakeDate(2027, 7, 1);
  EXPECT_TRUE(ValidateRequestForCreate(request, Today()).ok());
}

TEST(ValidationRequest, ChildOneDayShortOf21Passes) {
  PlacementRequest request = ValidRequest();
  request.mutable_children(0)->clear_personal_identity_number();
  *request.mutable_children(0)->mutable_birth_date() = MakeDate(2004, 7, 2);
  EXPECT_TRUE(ValidateRequestForCreate(request, Today()).ok());
}

TEST(ValidationRequestSubmit, NetworkExaminationRequired) {
  PlacementRequest request = ValidRequest();
  EXPECT_EQ(ValidateForSubmit(request, Today()).ToString(),
            "INVALID_ARGUMENT: request.network_examination: required before submit (22 kap. 1 § "
            "SoL)");
  AddNetworkExamination(request);
  EXPECT_TRUE(ValidateForSubmit(request, Today()).ok());

  request.mutable_network_examination()->clear_examined_date();
  EXPECT_EQ(ValidateForSubmit(request, Today()).ToString(),
            "INVALID_ARGUMENT: request.network_examination.examined_date: required before submit "
            "(22 kap. 1 § SoL)");
  AddNetworkExamination(request);
  request.mutable_network_examination()->clear_outcome();
  EXPECT_EQ(ValidateForSubmit(request, Today()).ToString(),
            "INVALID_ARGUMENT: request.network_examination.outcome: required before submit (22 "
            "kap. 1 § SoL)");
}

TEST(ValidationRequestSubmit, AlsoAppliesTheCreateRules) {
  PlacementRequest request = ValidRequest();
  AddNetworkExamination(request);
  request.set_kind(gfo::v1::PLACEMENT_KIND_UNSPECIFIED);
  EXPECT_EQ(ValidateForSubmit(request, Today()).ToString(),
            "INVALID_ARGUMENT: request.kind: required");
}

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) mask.add_paths(path);
  return mask;
}

TEST(ValidationRequestUpdate, MaskRules) {
  const PlacementRequest patch = ValidRequest();
  EXPECT_EQ(ValidateRequestUpdate(patch, Mask({}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: required");
  EXPECT_EQ(ValidateRequestUpdate(patch, Mask({"municipality_code"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"municipality_code\" cannot be updated");
  EXPECT_EQ(ValidateRequestUpdate(patch, Mask({"state"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"state\" cannot be updated");
  EXPECT_EQ(ValidateRequestUpdate(patch, Mask({"children.gender"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"children.gender\" is not a field of "
            "gfo.v1.PlacementRequest");
  for (std::string_view name : RequestUpdatableFields()) {
    google::protobuf::FieldMask mask;
    mask.add_paths(std::string(name));
    EXPECT_TRUE(ValidateRequestUpdate(patch, mask, Today()).ok()) << name;
  }
}

TEST(ValidationRequestUpdate, PatchAndMergedChecks) {
  PlacementRequest stored = ValidRequest();
  PlacementRequest patch;
  *patch.add_children() = SecondChild();
  *patch.add_children() = SecondChild();
  absl::StatusOr<google::protobuf::FieldMask> mask =
      ValidateRequestUpdate(patch, Mask({"children"}), Today());
  ASSERT_TRUE(mask.ok()) << mask.status();
  ApplyRequestMask(stored, patch, *mask);
  EXPECT_EQ(stored.children_size(), 2);
  EXPECT_EQ(ValidateMergedRequest(stored, Today()).ToString(),
            "INVALID_ARGUMENT: request.sibling_rule: required when more than one child");

  patch.set_expected_length_days(-3);
  EXPECT_EQ(
      ValidateRequestUpdate(patch, Mask({"expected_length_days"}), Today()).status().ToString(),
      "INVALID_ARGUMENT: request.expected_length_days: must be between 0 and 7300, got -3");
}

TEST(ValidationRequest, NormalizeCanonicalisesAndFillsBirthDate) {
  PlacementRequest request = ValidRequest();
  request.mutable_children(0)->set_languages(0, "AR");
  request.mutable_children(0)->add_languages("ar");
  request.mutable_children(0)->add_needs()->set_need(gfo::v1::NEED_HEALTH);
  request.add_excluded_municipality_codes(2281);
  request.add_excluded_municipality_codes(2260);
  request.add_excluded_municipality_codes(2281);
  request.set_case_reference(" TIM-2025-17 ");
  ASSERT_TRUE(ValidateRequestForCreate(request, Today()).ok());

  NormalizeRequest(request, Today());
  const Child& child = request.children(0);
  EXPECT_EQ(child.personal_identity_number(), "201503122382");
  EXPECT_EQ(child.birth_date().year(), 2015);
  EXPECT_EQ(child.birth_date().month(), 3);
  EXPECT_EQ(child.birth_date().day(), 12);
  ASSERT_EQ(child.languages_size(), 1);
  EXPECT_EQ(child.languages(0), "ar");
  EXPECT_EQ(child.needs(0).need(), gfo::v1::NEED_HEALTH);
  EXPECT_EQ(child.needs(1).need(), gfo::v1::NEED_TRAUMA);
  EXPECT_TRUE(child.needs(1).required());
  ASSERT_EQ(request.excluded_municipality_codes_size(), 2);
  EXPECT_EQ(request.excluded_municipality_codes(0), 2260);
  EXPECT_EQ(request.sibling_rule(), gfo::v1::SIBLING_RULE_SINGLE_CHILD);
  EXPECT_EQ(request.case_reference(), "TIM-2025-17");
  EXPECT_TRUE(ValidateRequestForCreate(request, Today()).ok());

  PlacementRequest again = request;
  NormalizeRequest(again, Today());
  EXPECT_EQ(again.SerializeAsString(), request.SerializeAsString());
}

TEST(ValidationRequest, SamordningsnummerNormalisesToRealBirthDate) {
  PlacementRequest request = ValidRequest();
  request.mutable_children(0)->set_personal_identity_number("150372-2389");
  NormalizeRequest(request, Today());
  EXPECT_EQ(request.children(0).personal_identity_number(), "201503722389");
  EXPECT_EQ(request.children(0).birth_date().day(), 12);
  MaskRequest(request);
  EXPECT_EQ(request.children(0).personal_identity_number(), "20150372-****");
}

TEST(ValidationRequest, MaskReplacesEveryNumber) {
  PlacementRequest request = ValidRequest();
  *request.add_children() = SecondChild();
  request.mutable_children(1)->set_personal_identity_number("121212-1212");
  NormalizeRequest(request, Today());
  MaskRequest(request);
  EXPECT_EQ(request.children(0).personal_identity_number(), "20150312-****");
  EXPECT_EQ(request.children(1).personal_identity_number(), "20121212-****");
  EXPECT_EQ(request.SerializeAsString().find("2382"), std::string::npos);
}

TEST(ValidationRequest, ClearOutputOnlyFields) {
  PlacementRequest request = ValidRequest();
  request.set_name("requests/3");
  request.set_state(gfo::v1::REQUEST_STATE_PLACED);
  request.set_age_days(12);
  request.set_etag("e");
  EXPECT_TRUE(ValidateRequestForCreate(request, Today()).ok());
  ClearRequestOutputOnlyFields(request);
  EXPECT_TRUE(request.name().empty());
  EXPECT_EQ(request.state(), gfo::v1::REQUEST_STATE_UNSPECIFIED);
  EXPECT_EQ(request.age_days(), 0);
}

}  // namespace
}  // namespace gfo::validation
