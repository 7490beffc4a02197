#include "service/validation/common_validation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "absl/time/civil_time.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/validation/str_util.h"

namespace gfo::validation {
namespace {

// ISO 639-1, as listed by Debian's iso-codes (iso_639-2.json, alpha_2), sorted.
constexpr std::array<std::string_view, 184> kIso6391 = {
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu"};

// Parses a positive int64 written in decimal without sign or leading zeros.
std::optional<int64_t> ParsePositiveId(std::string_view digits) {
  if (digits.empty() || digits.size() > 19 || digits.front() == '0') return std::nullopt;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(value);
}

absl::Status ValidateCoordinate(double value, double low, double high, std::string_view field) {
  if (!std::isfinite(value)) return errors::InvalidArgument(field, "must be a finite number");
  if (value < low || value > high) {
    return errors::InvalidArgument(
        field, internal::Cat("must be between ", low, " and ", high, ", got ", value));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsDateSet(const gfo::v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

absl::Status ValidateDate(const gfo::v1::Date& date, std::string_view field) {
  if (!IsDateSet(date)) return errors::InvalidArgument(field, "required");
  if (date.year() < kMinDateYear || date.year() > kMaxDateYear) {
    return errors::InvalidArgument(
        field, internal::Cat("year must be between ", kMinDateYear, " and ", kMaxDateYear, ", got ",
                             date.year()));
  }
  if (date.month() < 1 || date.month() > 12 || date.day() < 1 || date.day() > 31) {
    return errors::InvalidArgument(field, "not a valid date");
  }
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (day.month() != date.month() || day.day() != date.day()) {
    return errors::InvalidArgument(field, "not a valid date");
  }
  return absl::OkStatus();
}

absl::Status ValidateOptionalDate(const gfo::v1::Date& date, std::string_view field) {
  if (!IsDateSet(date)) return absl::OkStatus();
  return ValidateDate(date, field);
}

absl::StatusOr<int32_t> DayNumberFromDate(const gfo::v1::Date& date, std::string_view field) {
  if (absl::Status status = ValidateDate(date, field); !status.ok()) return status;
  return DayNumberFromCivilDay(absl::CivilDay(date.year(), date.month(), date.day()));
}

absl::StatusOr<int32_t> DayNumberWithinYears(const gfo::v1::Date& date, int32_t today_day,
                                             int years_before, int years_after,
                                             std::string_view field) {
  absl::StatusOr<int32_t> day = DayNumberFromDate(date, field);
  if (!day.ok()) return day.status();
  const absl::CivilDay today = CivilDayFromNumber(today_day);
  const absl::CivilDay earliest(today.year() - years_before, today.month(), today.day());
  const absl::CivilDay latest(today.year() + years_after, today.month(), today.day());
  const absl::CivilDay given = CivilDayFromNumber(*day);
  if (given < earliest || given > latest) {
    const auto bound = [](int years, std::string_view direction) {
      if (years == 0) return std::string("today");
      return internal::Cat(years, years == 1 ? " year " : " years ", direction, " today");
    };
    return errors::InvalidArgument(
        field, internal::Cat("must be from ", bound(years_before, "before"), " to ",
                             bound(years_after, "after")));
  }
  return day;
}

gfo::v1::Date DateFromDayNumber(int32_t day_number) {
  const absl::CivilDay day = CivilDayFromNumber(day_number);
  gfo::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::Status ValidateGeoPoint(const gfo::v1::GeoPoint& point, std::string_view field) {
  if (absl::Status status =
          ValidateCoordinate(point.latitude(), -90, 90, internal::Cat(field, ".latitude"));
      !status.ok()) {
    return status;
  }
  return ValidateCoordinate(point.longitude(), -180, 180, internal::Cat(field, ".longitude"));
}

absl::Status ValidateGeoPointInSweden(const gfo::v1::GeoPoint& point, std::string_view field) {
  if (absl::Status status =
          ValidateCoordinate(point.latitude(), 55, 69.5, internal::Cat(field, ".latitude"));
      !status.ok()) {
    return status;
  }
  return ValidateCoordinate(point.longitude(), 10, 24.5, internal::Cat(field, ".longitude"));
}

absl::Status ValidateMunicipalityCode(int32_t code, std::string_view field) {
  if (code == 0) return errors::InvalidArgument(field, "required");
  if (code < 1000 || code > 9999) {
    return errors::InvalidArgument(
        field, internal::Cat("must be a 4-digit municipality code, got ", code));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> NormalizeLanguageCode(std::string_view code, std::string_view field) {
  if (code.empty()) return errors::InvalidArgument(field, "required");
  std::string lower;
  for (char c : code) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') {
      return errors::InvalidArgument(field, "must be an ISO 639-1 code of two letters");
    }
    lower.push_back(c);
  }
  if (lower.size() != 2) {
    return errors::InvalidArgument(field, "must be an ISO 639-1 code of two letters");
  }
  if (!std::binary_search(kIso6391.begin(), kIso6391.end(), std::string_view(lower))) {
    return errors::InvalidArgument(field, internal::Cat("unknown ISO 639-1 code ", lower));
  }
  return lower;
}

absl::Status ValidateOptionalEnumValue(const google::protobuf::EnumDescriptor* descriptor,
                                       int value, std::string_view field) {
  if (descriptor->FindValueByNumber(value) == nullptr) {
    return errors::InvalidArgument(field, internal::Cat("unknown value ", value));
  }
  return absl::OkStatus();
}

absl::Status ValidateEnumValue(const google::protobuf::EnumDescriptor* descriptor, int value,
                               std::string_view field) {
  if (value == 0) return errors::InvalidArgument(field, "required");
  return ValidateOptionalEnumValue(descriptor, value, field);
}

absl::Status ValidateCount(int count, int max_count, std::string_view field) {
  if (count > max_count) {
    return errors::InvalidArgument(field,
                                   internal::Cat("at most ", max_count, " entries, got ", count));
  }
  return absl::OkStatus();
}

absl::Status ValidateEnumList(const google::protobuf::EnumDescriptor* descriptor,
                              const google::protobuf::RepeatedField<int>& values,
                              std::string_view field, int max_count, bool required) {
  if (required && values.empty()) return errors::InvalidArgument(field, "required");
  if (absl::Status status = ValidateCount(values.size(), max_count, field); !status.ok()) {
    return status;
  }
  for (int i = 0; i < values.size(); ++i) {
    if (absl::Status status =
            ValidateEnumValue(descriptor, values.Get(i), internal::Cat(field, "[", i, "]"));
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

void SortUnique(google::protobuf::RepeatedField<int>& values) {
  std::sort(values.begin(), values.end());
  values.Truncate(static_cast<int>(std::unique(values.begin(), values.end()) - values.begin()));
}

absl::Status ValidateLanguageList(const google::protobuf::RepeatedPtrField<std::string>& codes,
                                  std::string_view field, int max_count) {
  if (absl::Status status = ValidateCount(codes.size(), max_count, field); !status.ok()) {
    return status;
  }
  for (int i = 0; i < codes.size(); ++i) {
    if (absl::StatusOr<std::string> code =
            NormalizeLanguageCode(codes.Get(i), internal::Cat(field, "[", i, "]"));
        !code.ok()) {
      return code.status();
    }
  }
  return absl::OkStatus();
}

void NormalizeLanguageList(google::protobuf::RepeatedPtrField<std::string>& codes) {
  for (std::string& code : codes) {
    if (absl::StatusOr<std::string> lower = NormalizeLanguageCode(code, "language"); lower.ok()) {
      code = *std::move(lower);
    }
  }
  std::sort(codes.begin(), codes.end());
  const int unique_count =
      static_cast<int>(std::unique(codes.begin(), codes.end()) - codes.begin());
  codes.DeleteSubrange(unique_count, codes.size() - unique_count);
}

absl::StatusOr<int64_t> ParseResourceName(std::string_view name, std::string_view collection,
                                          std::string_view field) {
  if (name.empty()) return errors::InvalidArgument(field, "required");
  const std::string_view prefix = name.substr(0, collection.size());
  std::optional<int64_t> id;
  if (prefix == collection && name.size() > collection.size() && name[collection.size()] == '/') {
    id = ParsePositiveId(name.substr(collection.size() + 1));
  }
  if (!id.has_value()) {
    return errors::InvalidArgument(field,
                                   internal::Cat("must have the form ", collection, "/{id}"));
  }
  return *id;
}

absl::StatusOr<std::pair<int64_t, int64_t>> ParseChildResourceName(
    std::string_view name, std::string_view parent_collection, std::string_view collection,
    std::string_view field) {
  if (name.empty()) return errors::InvalidArgument(field, "required");
  const absl::Status malformed = errors::InvalidArgument(
      field,
      internal::Cat("must have the form ", parent_collection, "/{id}/", collection, "/{id}"));
  const size_t separator = name.find('/', parent_collection.size() + 1);
  if (separator == std::string_view::npos) return malformed;
  const absl::StatusOr<int64_t> parent =
      ParseResourceName(name.substr(0, separator), parent_collection, field);
  const absl::StatusOr<int64_t> child =
      ParseResourceName(name.substr(separator + 1), collection, field);
  if (!parent.ok() || !child.ok()) return malformed;
  return std::make_pair(*parent, *child);
}

std::string FormatResourceName(std::string_view collection, int64_t id) {
  return internal::Cat(collection, "/", id);
}

absl::StatusOr<int32_t> ParseMunicipalityName(std::string_view name, std::string_view field) {
  const absl::StatusOr<int64_t> code = ParseResourceName(name, "municipalities", field);
  if (!code.ok()) return code.status();
  if (*code < 1000 || *code > 9999) {
    return errors::InvalidArgument(field, "must have the form municipalities/{4-digit code}");
  }
  return static_cast<int32_t>(*code);
}

absl::StatusOr<int32_t> ResolvePageSize(int32_t page_size, std::string_view field) {
  if (page_size < 0) {
    return errors::InvalidArgument(field, internal::Cat("must not be negative, got ", page_size));
  }
  if (page_size == 0) return kDefaultPageSize;
  return std::min(page_size, kMaxPageSize);
}

}  // namespace gfo::validation
