#include "service/validation/home_validation.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/validation/common_validation.h"
#include "service/validation/field_mask_validation.h"
#include "service/validation/personnummer.h"
#include "service/validation/str_util.h"
#include "service/validation/text_validation.h"

namespace gfo::validation {
namespace {

using gfo::v1::Home;

constexpr int kMaxListEntries = 32;
constexpr int kMaxOwnChildren = 20;
constexpr int kMaxLanguages = 20;
constexpr int kAdultAge = 18;

struct Context {
  int32_t today_day;
  int64_t today_year;
};

absl::Status Range(std::string_view field, int64_t value, int64_t low, int64_t high) {
  if (value >= low && value <= high) return absl::OkStatus();
  return errors::InvalidArgument(
      field, internal::Cat("must be between ", low, " and ", high, ", got ", value));
}

absl::Status CheckAdult(const gfo::v1::Adult& adult, std::string_view field,
                        const Context& context) {
  if (absl::Status s = ValidateText(adult.given_name(), internal::Cat(field, ".given_name"),
                                    {.max_chars = 100, .required = true});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateText(adult.family_name(), internal::Cat(field, ".family_name"),
                                    {.max_chars = 100, .required = true});
      !s.ok()) {
    return s;
  }
  if (!adult.personal_identity_number().empty()) {
    const std::string pnr_field = internal::Cat(field, ".personal_identity_number");
    absl::StatusOr<Personnummer> pnr =
        ParsePersonnummer(adult.personal_identity_number(), context.today_day, pnr_field);
    if (!pnr.ok()) return pnr.status();
    const absl::CivilDay birth = pnr->birth_date;
    if (absl::CivilDay(birth.year() + kAdultAge, birth.month(), birth.day()) >
        CivilDayFromNumber(context.today_day)) {
      return errors::InvalidArgument(pnr_field, "must belong to an adult (18 or older)");
    }
  }
  if (absl::Status s = ValidatePhone(adult.phone(), internal::Cat(field, ".phone")); !s.ok()) {
    return s;
  }
  return ValidateEmail(adult.email(), internal::Cat(field, ".email"));
}

absl::Status CheckAdults(const Home& home, const Context& context) {
  if (absl::Status s = ValidateCount(home.adults_size(), kMaxHomeAdults, "home.adults"); !s.ok()) {
    return s;
  }
  for (int i = 0; i < home.adults_size(); ++i) {
    if (absl::Status s = CheckAdult(home.adults(i), internal::Cat("home.adults[", i, "]"), context);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAddress(const Home& home, const Context&) {
  return ValidateText(home.address(), "home.address", {.max_chars = 200});
}

absl::Status CheckMunicipality(const Home& home, const Context&) {
  return ValidateMunicipalityCode(home.municipality_code(), "home.municipality_code");
}

absl::Status CheckLocation(const Home& home, const Context&) {
  if (!home.has_location()) return errors::InvalidArgument("home.location", "required");
  return ValidateGeoPointInSweden(home.location(), "home.location");
}

absl::Status CheckKinds(const Home& home, const Context&) {
  return ValidateEnumList<gfo::v1::PlacementKind>(home.kinds(), "home.kinds", kMaxListEntries,
                                                  /*required=*/true);
}

absl::Status CheckCapacity(const Home& home, const Context&) {
  return Range("home.capacity", home.capacity(), 1, kMaxHomeCapacity);
}

absl::Status CheckMinAge(const Home& home, const Context&) {
  return Range("home.min_age", home.min_age(), 0, kMaxChildAge);
}

absl::Status CheckMaxAge(const Home& home, const Context&) {
  return Range("home.max_age", home.max_age(), 0, kMaxChildAge);
}

absl::Status CheckGenders(const Home& home, const Context&) {
  return ValidateEnumList<gfo::v1::Gender>(home.accepted_genders(), "home.accepted_genders",
                                           kMaxListEntries, /*required=*/false);
}

absl::Status CheckSiblingGroup(const Home& home, const Context&) {
  return Range("home.max_sibling_group", home.max_sibling_group(), 0, kMaxHomeCapacity);
}

absl::Status CheckOwnChildren(const Home& home, const Context& context) {
  if (absl::Status s = ValidateCount(home.own_children_birth_years_size(), kMaxOwnChildren,
                                     "home.own_children_birth_years");
      !s.ok()) {
    return s;
  }
  for (int i = 0; i < home.own_children_birth_years_size(); ++i) {
    if (absl::Status s = Range(internal::Cat("home.own_children_birth_years[", i, "]"),
                               home.own_children_birth_years(i), kMinDateYear, context.today_year);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckLanguages(const Home& home, const Context&) {
  return ValidateLanguageList(home.languages(), "home.languages", kMaxLanguages);
}

absl::Status CheckBackground(const Home& home, const Context&) {
  return ValidateText(home.background(), "home.background", {.max_chars = 100});
}

absl::Status CheckExperience(const Home& home, const Context&) {
  return ValidateEnumList<gfo::v1::Need>(home.experience(), "home.experience", kMaxListEntries,
                                         /*required=*/false);
}

// A date within `years_before` years before and `years_after` years after today, when set.
absl::Status CheckOptionalDateWithin(const gfo::v1::Date& date, const Context& ctx,
                                     int years_before, int years_after, std::string_view field) {
  if (!IsDateSet(date)) return absl::OkStatus();
  return DayNumberWithinYears(date, ctx.today_day, years_before, years_after, field).status();
}

// Available from a past day (since then), or from a day up to two years ahead.
absl::Status CheckAvailableFrom(const Home& home, const Context& ctx) {
  return CheckOptionalDateWithin(home.available_from(), ctx, 50, 2, "home.available_from");
}

// Assessment and training have happened: not in the future (the assessment date also stands in
// for the approval day in the ranking's waiting time).
absl::Status CheckAssessmentDate(const Home& home, const Context& ctx) {
  return CheckOptionalDateWithin(home.assessment_date(), ctx, 50, 0, "home.assessment_date");
}

absl::Status CheckTrainingDate(const Home& home, const Context& ctx) {
  return CheckOptionalDateWithin(home.training_date(), ctx, 50, 0, "home.training_date");
}

absl::Status NoCheck(const Home&, const Context&) { return absl::OkStatus(); }

// Resource names of accounts, each once (whether they are staff is checked against the accounts
// table by the service).
absl::Status CheckAddressReaders(const Home& home, const Context&) {
  constexpr int kMaxReaders = 20;
  if (home.address_readers_size() > kMaxReaders) {
    return errors::InvalidArgument(
        "home.address_readers",
        internal::Cat("at most ", kMaxReaders, " accounts, got ", home.address_readers_size()));
  }
  for (int i = 0; i < home.address_readers_size(); ++i) {
    const std::string field = internal::Cat("home.address_readers[", i, "]");
    absl::StatusOr<int64_t> id = ParseResourceName(home.address_readers(i), "accounts", field);
    if (!id.ok()) return id.status();
    for (int j = 0; j < i; ++j) {
      if (home.address_readers(j) == home.address_readers(i)) {
        return errors::InvalidArgument(field, "named twice");
      }
    }
  }
  return absl::OkStatus();
}

using FieldCheck = absl::Status (*)(const Home&, const Context&);

struct FieldRule {
  std::string_view name;
  FieldCheck check;
};

// Every input field of Home, in field-number order, with the check of its value alone.
constexpr FieldRule kFieldRules[] = {
    {"adults", CheckAdults},
    {"address", CheckAddress},
    {"municipality_code", CheckMunicipality},
    {"location", CheckLocation},
    {"kinds", CheckKinds},
    {"contracted_emergency", NoCheck},
    {"capacity", CheckCapacity},
    {"min_age", CheckMinAge},
    {"max_age", CheckMaxAge},
    {"accepted_genders", CheckGenders},
    {"max_sibling_group", CheckSiblingGroup},
    {"own_children_birth_years", CheckOwnChildren},
    {"has_pets", NoCheck},
    {"smoking", NoCheck},
    {"wheelchair_access", NoCheck},
    {"languages", CheckLanguages},
    {"background", CheckBackground},
    {"experience", CheckExperience},
    {"available_from", CheckAvailableFrom},
    {"assessment_date", CheckAssessmentDate},
    {"training_date", CheckTrainingDate},
    {"protected_identity", NoCheck},
    {"address_readers", CheckAddressReaders},
};

Context MakeContext(int32_t today_day) {
  return Context{today_day, CivilDayFromNumber(today_day).year()};
}

// Rules that involve more than one field.
absl::Status CheckAcrossFields(const Home& home) {
  if (home.max_age() < home.min_age()) {
    return errors::InvalidArgument(
        "home.max_age",
        internal::Cat("must be at least min_age (", home.min_age(), "), got ", home.max_age()));
  }
  if (home.max_sibling_group() > home.capacity()) {
    return errors::InvalidArgument(
        "home.max_sibling_group", internal::Cat("must be between 0 and capacity (", home.capacity(),
                                                "), got ", home.max_sibling_group()));
  }
  if (home.contracted_emergency() &&
      std::find(home.kinds().begin(), home.kinds().end(), gfo::v1::PLACEMENT_KIND_EMERGENCY) ==
          home.kinds().end()) {
    return errors::InvalidArgument("home.contracted_emergency",
                                   "requires kind PLACEMENT_KIND_EMERGENCY");
  }
  return absl::OkStatus();
}

void SortIntegers(google::protobuf::RepeatedField<int32_t>& values) {
  std::sort(values.begin(), values.end());
}

}  // namespace

absl::Span<const std::string_view> HomeUpdatableFields() {
  static const std::vector<std::string_view>* const kNames = [] {
    auto* names = new std::vector<std::string_view>();
    for (const FieldRule& rule : kFieldRules) names->push_back(rule.name);
    return names;
  }();
  return *kNames;
}

absl::Status ValidateHomeForCreate(const Home& home, int32_t today_day) {
  const Context context = MakeContext(today_day);
  for (const FieldRule& rule : kFieldRules) {
    if (absl::Status s = rule.check(home, context); !s.ok()) return s;
  }
  return CheckAcrossFields(home);
}

absl::StatusOr<google::protobuf::FieldMask> ValidateHomeUpdate(
    const Home& patch, const google::protobuf::FieldMask& update_mask, int32_t today_day) {
  absl::StatusOr<google::protobuf::FieldMask> mask =
      ResolveUpdateMask(update_mask, Home::descriptor(), HomeUpdatableFields());
  if (!mask.ok()) return mask.status();
  const Context context = MakeContext(today_day);
  for (const FieldRule& rule : kFieldRules) {
    // Only whole fields are checked here; a nested path (`location.latitude`) leaves the patch's
    // field partial, and ValidateMergedHome checks the result.
    if (std::find(mask->paths().begin(), mask->paths().end(), rule.name) == mask->paths().end()) {
      continue;
    }
    if (absl::Status s = rule.check(patch, context); !s.ok()) return s;
  }
  return mask;
}

void ApplyHomeMask(Home& stored, const Home& patch,
                   const google::protobuf::FieldMask& resolved_mask) {
  ApplyUpdateMask(patch, resolved_mask, stored);
}

absl::Status ValidateMergedHome(const Home& merged, int32_t today_day) {
  return ValidateHomeForCreate(merged, today_day);
}

void NormalizeHome(Home& home, int32_t today_day) {
  for (gfo::v1::Adult& adult : *home.mutable_adults()) {
    adult.set_given_name(TrimmedText(adult.given_name()));
    adult.set_family_name(TrimmedText(adult.family_name()));
    adult.set_phone(TrimmedText(adult.phone()));
    adult.set_email(TrimmedText(adult.email()));
    if (absl::StatusOr<Personnummer> pnr =
            ParsePersonnummer(adult.personal_identity_number(), today_day, "pnr");
        pnr.ok()) {
      adult.set_personal_identity_number(pnr->canonical);
    }
  }
  home.set_address(TrimmedText(home.address()));
  home.set_background(TrimmedText(home.background()));
  SortUnique(*home.mutable_kinds());
  SortUnique(*home.mutable_accepted_genders());
  SortUnique(*home.mutable_experience());
  SortIntegers(*home.mutable_own_children_birth_years());
  NormalizeLanguageList(*home.mutable_languages());
}

void ClearHomeOutputOnlyFields(Home& home) {
  home.clear_name();
  home.clear_code();
  home.clear_status();
  home.clear_availability_confirmed_time();
  home.clear_availability_confirmed_by();
  home.clear_active_children();
  home.clear_held_children();
  home.clear_free_capacity();
  home.clear_last_placement_end();
  home.clear_close_reason();
  home.clear_create_time();
  home.clear_update_time();
  home.clear_etag();
}

void MaskHome(Home& home) {
  for (gfo::v1::Adult& adult : *home.mutable_adults()) {
    if (!adult.personal_identity_number().empty()) {
      adult.set_personal_identity_number(MaskPersonnummer(adult.personal_identity_number()));
    }
  }
}

}  // namespace gfo::validation
