#include <functional>
#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "service/clock.h"
#include "service/validation/home_validation.h"
#include "tests/service/validation_test_dates.h"

namespace gfo::validation {
namespace {

using gfo::v1::Home;

int32_t Today() { return DayNumberFromCivilDay(absl::CivilDay(2025, 7, 1)); }

using dates::MakeDate;

// A home in Härnösand that passes every rule.
Home ValidHome() {
  Home home;
  gfo::v1::Adult* adult = home.add_adults();
  adult->set_given_name("Anna");
  adult->set_family_name("Berg");
  adult->set_personal_identity_number("800101-1231");
  adult->set_phone("+46 70-123 45 67");
  adult->set_email("anna.berg@example.se");
  gfo::v1::Adult* second = home.add_adults();
  second->set_given_name("Karl");
  second->set_family_name("Berg");
  home.set_address("Storgatan 1, 871 30 Härnösand");
  home.set_municipality_code(2280);
  home.mutable_location()->set_latitude(62.632);
  home.mutable_location()->set_longitude(17.938);
  home.add_kinds(gfo::v1::PLACEMENT_KIND_LONG_TERM);
  home.add_kinds(gfo::v1::PLACEMENT_KIND_EMERGENCY);
  home.set_capacity(2);
  home.set_min_age(0);
  home.set_max_age(12);
  home.set_max_sibling_group(2);
  home.add_own_children_birth_years(2010);
  home.add_languages("sv");
  home.add_experience(gfo::v1::NEED_TRAUMA);
  home.mutable_available_from()->set_year(2025);
  home.mutable_available_from()->set_month(8);
  home.mutable_available_from()->set_day(1);
  return home;
}

TEST(ValidationHome, ValidHomePasses) {
  EXPECT_TRUE(ValidateHomeForCreate(ValidHome(), Today()).ok());
}

struct HomeCase {
  std::string name;
  std::function<void(Home&)> mutate;
  std::string message;
};

class ValidationHomeRule : public testing::TestWithParam<HomeCase> {};

TEST_P(ValidationHomeRule, NamesTheField) {
  Home home = ValidHome();
  GetParam().mutate(home);
  const absl::Status status = ValidateHomeForCreate(home, Today());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Validation, ValidationHomeRule,
    testing::Values(
        HomeCase{"CapacityZero", [](Home& h) { h.set_capacity(0); },
                 "home.capacity: must be between 1 and 10, got 0"},
        HomeCase{"CapacityEleven", [](Home& h) { h.set_capacity(11); },
                 "home.capacity: must be between 1 and 10, got 11"},
        HomeCase{"MinAgeAboveTwenty", [](Home& h) { h.set_min_age(21); },
                 "home.min_age: must be between 0 and 20, got 21"},
        HomeCase{"MaxAgeNegative", [](Home& h) { h.set_max_age(-1); },
                 "home.max_age: must be between 0 and 20, got -1"},
        HomeCase{"MaxBelowMin",
                 [](Home& h) {
                   h.set_min_age(5);
                   h.set_max_age(3);
                 },
                 "home.max_age: must be at least min_age (5), got 3"},
        HomeCase{"NoKinds", [](Home& h) { h.clear_kinds(); }, "home.kinds: required"},
        HomeCase{"UnspecifiedKind",
                 [](Home& h) { h.add_kinds(gfo::v1::PLACEMENT_KIND_UNSPECIFIED); },
                 "home.kinds[2]: required"},
        HomeCase{"UnknownKind", [](Home& h) { h.mutable_kinds()->Set(0, 99); },
                 "home.kinds[0]: unknown value 99"},
        HomeCase{"ContractedWithoutEmergency",
                 [](Home& h) {
                   h.set_contracted_emergency(true);
                   h.set_kinds(1, gfo::v1::PLACEMENT_KIND_RESPITE);
                 },
                 "home.contracted_emergency: requires kind PLACEMENT_KIND_EMERGENCY"},
        HomeCase{"SiblingGroupAboveCapacity", [](Home& h) { h.set_max_sibling_group(3); },
                 "home.max_sibling_group: must be between 0 and capacity (2), got 3"},
        HomeCase{"SiblingGroupNegative", [](Home& h) { h.set_max_sibling_group(-1); },
                 "home.max_sibling_group: must be between 0 and 10, got -1"},
        HomeCase{"MunicipalityMissing", [](Home& h) { h.set_municipality_code(0); },
                 "home.municipality_code: required"},
        HomeCase{"MunicipalityThreeDigits", [](Home& h) { h.set_municipality_code(228); },
                 "home.municipality_code: must be a 4-digit municipality code, got 228"},
        HomeCase{"LocationMissing", [](Home& h) { h.clear_location(); }, "home.location: required"},
        HomeCase{"LocationOutsideSweden",
                 [](Home& h) { h.mutable_location()->set_latitude(48.85); },
                 "home.location.latitude: must be between 55 and 69.5, got 48.85"},
        HomeCase{"OwnChildBefore1900", [](Home& h) { h.add_own_children_birth_years(1899); },
                 "home.own_children_birth_years[1]: must be between 1900 and 2025, got 1899"},
        HomeCase{"OwnChildNextYear", [](Home& h) { h.set_own_children_birth_years(0, 2026); },
                 "home.own_children_birth_years[0]: must be between 1900 and 2025, got 2026"},
        HomeCase{"UnknownLanguage", [](Home& h) { h.add_languages("xx"); },
                 "home.languages[1]: unknown ISO 639-1 code xx"},
        HomeCase{"ThreeLetterLanguage", [](Home& h) { h.set_languages(0, "swe"); },
                 "home.languages[0]: must be an ISO 639-1 code of two letters"},
        HomeCase{"SecondAdultBadCheckDigit",
                 [](Home& h) { h.mutable_adults(1)->set_personal_identity_number("800101-1232"); },
                 "home.adults[1].personal_identity_number: check digit does not match"},
        HomeCase{"AdultBadDate",
                 [](Home& h) { h.mutable_adults(0)->set_personal_identity_number("800230-1231"); },
                 "home.adults[0].personal_identity_number: not a valid date"},
        HomeCase{"AdultIsAChild",
                 [](Home& h) { h.mutable_adults(0)->set_personal_identity_number("120101-1234"); },
                 "home.adults[0].personal_identity_number: must belong to an adult (18 or older)"},
        HomeCase{"AdultWithoutGivenName", [](Home& h) { h.mutable_adults(0)->clear_given_name(); },
                 "home.adults[0].given_name: required"},
        HomeCase{"AdultFamilyNameTooLong",
                 [](Home& h) { h.mutable_adults(1)->set_family_name(std::string(101, 'x')); },
                 "home.adults[1].family_name: must be at most 100 characters, got 101"},
        HomeCase{"AdultPhoneWithLetters",
                 [](Home& h) { h.mutable_adults(0)->set_phone("070-CALLME"); },
                 "home.adults[0].phone: may contain only digits, spaces and +-()"},
        HomeCase{"AdultEmailWithoutAt", [](Home& h) { h.mutable_adults(0)->set_email("anna"); },
                 "home.adults[0].email: must be an e-mail address local@domain"},
        HomeCase{"FiveAdults",
                 [](Home& h) {
                   for (int i = 0; i < 3; ++i) *h.add_adults() = h.adults(1);
                 },
                 "home.adults: at most 4 entries, got 5"},
        HomeCase{"AddressTooLong", [](Home& h) { h.set_address(std::string(201, 'a')); },
                 "home.address: must be at most 200 characters, got 201"},
        HomeCase{"AddressControlCharacter", [](Home& h) { h.set_address("Storgatan\x07 1"); },
                 "home.address: must not contain control characters"},
        HomeCase{"BackgroundTooLong", [](Home& h) { h.set_background(std::string(101, 'b')); },
                 "home.background: must be at most 100 characters, got 101"},
        HomeCase{"BackgroundInvalidUtf8", [](Home& h) { h.set_background("\xff\xfe"); },
                 "home.background: must be valid utf-8"},
        HomeCase{"UnspecifiedGender", [](Home& h) { h.mutable_accepted_genders()->Add(0); },
                 "home.accepted_genders[0]: required"},
        HomeCase{"UnknownExperience", [](Home& h) { h.mutable_experience()->Add(77); },
                 "home.experience[1]: unknown value 77"},
        HomeCase{"AvailableFromImpossibleDay",
                 [](Home& h) {
                   h.mutable_available_from()->set_month(9);
                   h.mutable_available_from()->set_day(31);
                 },
                 "home.available_from: not a valid date"},
        HomeCase{"AssessmentFarPast",
                 [](Home& h) {
                   h.mutable_assessment_date()->set_year(1800);
                   h.mutable_assessment_date()->set_month(1);
                   h.mutable_assessment_date()->set_day(1);
                 },
                 "home.assessment_date: year must be between 1900 and 2200, got 1800"},
        HomeCase{"TrainingPartial", [](Home& h) { h.mutable_training_date()->set_year(2024); },
                 "home.training_date: not a valid date"},
        // Plausible dates: assessment and training have happened (within 50 years), a home is
        // available from at most two years ahead.
        HomeCase{"AssessmentInTheFuture",
                 [](Home& h) { *h.mutable_assessment_date() = MakeDate(2199, 1, 1); },
                 "home.assessment_date: must be from 50 years before today to today"},
        HomeCase{"TrainingLongAgo",
                 [](Home& h) { *h.mutable_training_date() = MakeDate(1900, 1, 1); },
                 "home.training_date: must be from 50 years before today to today"},
        HomeCase{"AvailableFromFarAhead",
                 [](Home& h) { *h.mutable_available_from() = MakeDate(2199, 1, 1); },
                 "home.available_from: must be from 50 years before today to 2 years after "
                 "today"}),
    [](const testing::TestParamInfo<HomeCase>& info) { return info.param.name; });

TEST(ValidationHome, PersonalIdentityNumberNeverInMessage) {
  Home home = ValidHome();
  home.mutable_adults(0)->set_personal_identity_number("800101-1232");
  const absl::Status status = ValidateHomeForCreate(home, Today());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(std::string(status.message()).find("800101"), std::string::npos);
}

TEST(ValidationHome, OutputOnlyFieldsAreIgnoredOnInput) {
  Home home = ValidHome();
  home.set_name("homes/not-a-number");
  home.set_code("anything");
  home.set_status(static_cast<gfo::v1::HomeStatus>(99));
  home.set_free_capacity(-5);
  home.set_etag("x");
  EXPECT_TRUE(ValidateHomeForCreate(home, Today()).ok());
  ClearHomeOutputOnlyFields(home);
  EXPECT_TRUE(home.name().empty());
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_UNSPECIFIED);
  EXPECT_EQ(home.free_capacity(), 0);
  EXPECT_TRUE(home.etag().empty());
}

TEST(ValidationHome, AdultsAndMostFieldsAreOptional) {
  Home home = ValidHome();
  home.clear_adults();
  home.clear_address();
  home.clear_languages();
  home.clear_available_from();
  EXPECT_TRUE(ValidateHomeForCreate(home, Today()).ok());
}

TEST(ValidationHome, NormalizeCanonicalisesSortsAndStillValidates) {
  Home home = ValidHome();
  home.set_languages(0, "SV");
  home.add_languages("ar");
  home.add_languages("sv");
  home.add_kinds(gfo::v1::PLACEMENT_KIND_LONG_TERM);
  home.add_accepted_genders(gfo::v1::GENDER_MALE);
  home.add_accepted_genders(gfo::v1::GENDER_FEMALE);
  home.add_own_children_birth_years(2005);
  home.mutable_adults(0)->set_given_name("  Anna ");
  ASSERT_TRUE(ValidateHomeForCreate(home, Today()).ok());

  NormalizeHome(home, Today());
  EXPECT_EQ(home.adults(0).personal_identity_number(), "198001011231");
  EXPECT_EQ(home.adults(0).given_name(), "Anna");
  ASSERT_EQ(home.languages_size(), 2);
  EXPECT_EQ(home.languages(0), "ar");
  EXPECT_EQ(home.languages(1), "sv");
  ASSERT_EQ(home.kinds_size(), 2);
  EXPECT_EQ(home.kinds(0), gfo::v1::PLACEMENT_KIND_LONG_TERM);
  EXPECT_EQ(home.kinds(1), gfo::v1::PLACEMENT_KIND_EMERGENCY);
  EXPECT_EQ(home.accepted_genders(0), gfo::v1::GENDER_FEMALE);
  EXPECT_EQ(home.own_children_birth_years(0), 2005);
  EXPECT_TRUE(ValidateHomeForCreate(home, Today()).ok());

  Home again = home;
  NormalizeHome(again, Today());
  EXPECT_EQ(again.SerializeAsString(), home.SerializeAsString());
}

TEST(ValidationHome, MaskHidesAdultNumbers) {
  Home home = ValidHome();
  NormalizeHome(home, Today());
  MaskHome(home);
  EXPECT_EQ(home.adults(0).personal_identity_number(), "19800101-****");
  EXPECT_TRUE(home.adults(1).personal_identity_number().empty());
}

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) mask.add_paths(path);
  return mask;
}

TEST(ValidationHomeUpdate, MaskErrorsNameUpdateMask) {
  const Home patch = ValidHome();
  EXPECT_EQ(ValidateHomeUpdate(patch, Mask({}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: required");
  EXPECT_EQ(ValidateHomeUpdate(patch, Mask({"etag"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"etag\" cannot be updated");
  EXPECT_EQ(ValidateHomeUpdate(patch, Mask({"status"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"status\" cannot be updated");
  EXPECT_EQ(ValidateHomeUpdate(patch, Mask({"free_capacity"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"free_capacity\" cannot be updated");
  EXPECT_EQ(ValidateHomeUpdate(patch, Mask({"colour"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"colour\" is not a field of gfo.v1.Home");
  EXPECT_EQ(ValidateHomeUpdate(patch, Mask({"*", "capacity"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: update_mask: \"*\" must be the only path");
}

TEST(ValidationHomeUpdate, EveryInputFieldIsUpdatable) {
  for (std::string_view name : HomeUpdatableFields()) {
    google::protobuf::FieldMask mask;
    mask.add_paths(std::string(name));
    EXPECT_TRUE(ValidateHomeUpdate(ValidHome(), mask, Today()).ok()) << name;
  }
  EXPECT_EQ(HomeUpdatableFields().size(), 23u);
}

TEST(ValidationHome, AddressReadersAreAccountNamesEachOnce) {
  Home home = ValidHome();
  home.add_address_readers("accounts/2");
  home.add_address_readers("accounts/3");
  EXPECT_TRUE(ValidateHomeForCreate(home, Today()).ok());
  home.add_address_readers("homes/4");
  const absl::Status wrong = ValidateHomeForCreate(home, Today());
  EXPECT_EQ(wrong.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(wrong.message()).find("home.address_readers[2]"), std::string::npos)
      << wrong;
  home.set_address_readers(2, "accounts/2");
  EXPECT_EQ(ValidateHomeForCreate(home, Today()).ToString(),
            "INVALID_ARGUMENT: home.address_readers[2]: named twice");
}

TEST(ValidationHomeUpdate, ChecksOnlyMaskedFieldsOfThePatch) {
  Home patch;
  patch.set_capacity(0);
  patch.set_min_age(30);
  EXPECT_EQ(ValidateHomeUpdate(patch, Mask({"capacity"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: home.capacity: must be between 1 and 10, got 0");
  patch.set_capacity(3);
  EXPECT_TRUE(ValidateHomeUpdate(patch, Mask({"capacity"}), Today()).ok());
}

TEST(ValidationHomeUpdate, ApplyReplacesMaskedFieldsOnly) {
  Home stored = ValidHome();
  stored.set_name("homes/7");
  stored.set_etag("e1");
  Home patch;
  patch.set_capacity(4);
  patch.add_languages("ar");
  patch.set_min_age(19);  // not in the mask
  absl::StatusOr<google::protobuf::FieldMask> mask =
      ValidateHomeUpdate(patch, Mask({"capacity", "languages"}), Today());
  ASSERT_TRUE(mask.ok()) << mask.status();
  ApplyHomeMask(stored, patch, *mask);
  EXPECT_EQ(stored.capacity(), 4);
  ASSERT_EQ(stored.languages_size(), 1);
  EXPECT_EQ(stored.languages(0), "ar");
  EXPECT_EQ(stored.min_age(), 0);
  EXPECT_EQ(stored.name(), "homes/7");
  EXPECT_EQ(stored.etag(), "e1");
  EXPECT_TRUE(ValidateMergedHome(stored, Today()).ok());
}

TEST(ValidationHomeUpdate, MergedResultIsCheckedAcrossFields) {
  Home stored = ValidHome();
  Home patch;
  patch.set_capacity(1);
  absl::StatusOr<google::protobuf::FieldMask> mask =
      ValidateHomeUpdate(patch, Mask({"capacity"}), Today());
  ASSERT_TRUE(mask.ok());
  ApplyHomeMask(stored, patch, *mask);
  EXPECT_EQ(ValidateMergedHome(stored, Today()).ToString(),
            "INVALID_ARGUMENT: home.max_sibling_group: must be between 0 and capacity (1), got 2");
}

TEST(ValidationHomeUpdate, UnsetMessageInMaskClearsIt) {
  Home stored = ValidHome();
  absl::StatusOr<google::protobuf::FieldMask> mask =
      ValidateHomeUpdate(Home(), Mask({"available_from"}), Today());
  ASSERT_TRUE(mask.ok());
  ApplyHomeMask(stored, Home(), *mask);
  EXPECT_FALSE(stored.has_available_from());
  EXPECT_TRUE(ValidateMergedHome(stored, Today()).ok());

  mask = ValidateHomeUpdate(Home(), Mask({"location"}), Today());
  EXPECT_EQ(mask.status().ToString(), "INVALID_ARGUMENT: home.location: required");
}

TEST(ValidationHomeUpdate, NestedPathMergesIntoStoredMessage) {
  Home stored = ValidHome();
  Home patch;
  patch.mutable_location()->set_latitude(63.167);
  absl::StatusOr<google::protobuf::FieldMask> mask =
      ValidateHomeUpdate(patch, Mask({"location.latitude"}), Today());
  ASSERT_TRUE(mask.ok()) << mask.status();
  ApplyHomeMask(stored, patch, *mask);
  EXPECT_DOUBLE_EQ(stored.location().latitude(), 63.167);
  EXPECT_DOUBLE_EQ(stored.location().longitude(), 17.938);
  EXPECT_TRUE(ValidateMergedHome(stored, Today()).ok());
}

TEST(ValidationHomeUpdate, WildcardChecksEveryField) {
  Home patch = ValidHome();
  patch.set_capacity(0);
  EXPECT_EQ(ValidateHomeUpdate(patch, Mask({"*"}), Today()).status().ToString(),
            "INVALID_ARGUMENT: home.capacity: must be between 1 and 10, got 0");
}

}  // namespace
}  // namespace gfo::validation
