// Checks shared by every resource: calendar dates, coarse locations, language codes, enum values,
// municipality codes, resource names and page sizes.
//
// Each check takes the request path of the value (`home.location`, `request.children[0].gender`)
// and returns INVALID_ARGUMENT `<field>: <detail>` through gfo::errors. All functions are pure and
// thread-safe.

#ifndef GFO_SERVICE_VALIDATION_COMMON_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_COMMON_VALIDATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/common.pb.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/repeated_field.h"

namespace gfo::validation {

inline constexpr int32_t kMinDateYear = 1900;
inline constexpr int32_t kMaxDateYear = 2200;
inline constexpr int32_t kDefaultPageSize = 50;
inline constexpr int32_t kMaxPageSize = 1000;

// --- Dates (gfo.v1.Date; stored as int32 days since 1970-01-01) ---

// True unless year, month and day are all 0 (proto3's "not given").
bool IsDateSet(const gfo::v1::Date& date);

// OK if `date` is a real calendar day in years 1900..2200. An unset date is
// `<field>: required`; a partly set one (`2025-00-00`) is `<field>: not a valid date`.
absl::Status ValidateDate(const gfo::v1::Date& date, std::string_view field);

// OK if `date` is unset or valid as ValidateDate says.
absl::Status ValidateOptionalDate(const gfo::v1::Date& date, std::string_view field);

// The day number of a valid `date`; the errors of ValidateDate otherwise.
absl::StatusOr<int32_t> DayNumberFromDate(const gfo::v1::Date& date, std::string_view field);

// The day number of `date`, which must be valid and lie from `years_before` years before to
// `years_after` years after `today_day` (calendar years; 29 February moves to 1 March).
// Detail: `must be from 1 year before today to 2 years after today`.
absl::StatusOr<int32_t> DayNumberWithinYears(const gfo::v1::Date& date, int32_t today_day,
                                             int years_before, int years_after,
                                             std::string_view field);

// The gfo.v1.Date of a day number.
gfo::v1::Date DateFromDayNumber(int32_t day_number);

// --- Locations ---

// OK if latitude is in -90..90 and longitude in -180..180, both finite.
absl::Status ValidateGeoPoint(const gfo::v1::GeoPoint& point, std::string_view field);

// ValidateGeoPoint plus Sweden's bounding box: 55..69.5 N, 10..24.5 E.
absl::Status ValidateGeoPointInSweden(const gfo::v1::GeoPoint& point, std::string_view field);

// --- Codes ---

// A Swedish municipality code: 1000..9999 (e.g. 2280). Does not check that it is registered.
absl::Status ValidateMunicipalityCode(int32_t code, std::string_view field);

// An ISO 639-1 code (`sv`, `ar`), accepted in either case; returns it in lower case. Only codes
// of the ISO 639-1 list are accepted.
absl::StatusOr<std::string> NormalizeLanguageCode(std::string_view code, std::string_view field);

// --- Enums ---

// OK if `value` is a declared, non-zero value of `descriptor`. Proto3 keeps unknown numbers, so a
// message field may hold any int. Details: `required` (0) and `unknown value 42`.
absl::Status ValidateEnumValue(const google::protobuf::EnumDescriptor* descriptor, int value,
                               std::string_view field);

// As ValidateEnumValue, but 0 (unspecified) is allowed.
absl::Status ValidateOptionalEnumValue(const google::protobuf::EnumDescriptor* descriptor,
                                       int value, std::string_view field);

template <typename Enum>
absl::Status ValidateEnum(Enum value, std::string_view field) {
  return ValidateEnumValue(google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value),
                           field);
}

template <typename Enum>
absl::Status ValidateOptionalEnum(Enum value, std::string_view field) {
  return ValidateOptionalEnumValue(google::protobuf::GetEnumDescriptor<Enum>(),
                                   static_cast<int>(value), field);
}

// Each entry as ValidateEnumValue says, field `<field>[i]`; at most `max_count` entries
// (`<field>: at most 32 entries, got 40`); when `required`, at least one (`<field>: required`).
absl::Status ValidateEnumList(const google::protobuf::EnumDescriptor* descriptor,
                              const google::protobuf::RepeatedField<int>& values,
                              std::string_view field, int max_count, bool required);

template <typename Enum>
absl::Status ValidateEnumList(const google::protobuf::RepeatedField<int>& values,
                              std::string_view field, int max_count, bool required) {
  return ValidateEnumList(google::protobuf::GetEnumDescriptor<Enum>(), values, field, max_count,
                          required);
}

// Sorts `values` and removes duplicates.
void SortUnique(google::protobuf::RepeatedField<int>& values);

// --- Language lists ---

// Each entry as NormalizeLanguageCode says, field `<field>[i]`; at most `max_count` entries.
absl::Status ValidateLanguageList(const google::protobuf::RepeatedPtrField<std::string>& codes,
                                  std::string_view field, int max_count);

// Lower-cases every valid code, sorts the list and removes duplicates. Invalid entries are kept
// as they are (validate first).
void NormalizeLanguageList(google::protobuf::RepeatedPtrField<std::string>& codes);

// `<field>: at most <max_count> entries, got <count>` when count > max_count, OK otherwise.
absl::Status ValidateCount(int count, int max_count, std::string_view field);

// --- Resource names ---

// Parses `<collection>/<id>` (e.g. `homes/7`), where id is a positive int64 written without
// leading zeros. Empty is `<field>: required`; anything else malformed is
// `<field>: must have the form homes/{id}`.
absl::StatusOr<int64_t> ParseResourceName(std::string_view name, std::string_view collection,
                                          std::string_view field);

// Parses `<parent_collection>/<id>/<collection>/<id>` (e.g. `accounts/3/tokens/9`).
absl::StatusOr<std::pair<int64_t, int64_t>> ParseChildResourceName(
    std::string_view name, std::string_view parent_collection, std::string_view collection,
    std::string_view field);

// `<collection>/<id>`.
std::string FormatResourceName(std::string_view collection, int64_t id);

// Parses `municipalities/<code>` and checks the code as ValidateMunicipalityCode does.
absl::StatusOr<int32_t> ParseMunicipalityName(std::string_view name, std::string_view field);

// --- Paging (AIP-158) ---

// 0 gives the default (50); above 1000 is clamped to 1000; negative is
// `<field>: must not be negative, got -1`.
absl::StatusOr<int32_t> ResolvePageSize(int32_t page_size, std::string_view field = "page_size");

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_COMMON_VALIDATION_H_
