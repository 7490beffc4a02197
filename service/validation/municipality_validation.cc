#include "service/validation/municipality_validation.h"

#include <limits>
#include <string>

#include "service/errors.h"
#include "service/validation/common_validation.h"
#include "service/validation/str_util.h"
#include "service/validation/text_validation.h"
#include "service/validation/workflow_validation.h"

namespace gfo::validation {
namespace {

constexpr int kMaxMemberships = 100;

absl::StatusOr<MembershipChange> Change(const std::string& name, const gfo::v1::Date& date,
                                        std::string_view date_field, int32_t today_day) {
  MembershipChange change;
  absl::StatusOr<int32_t> code = ParseMunicipalityName(name, "name");
  if (!code.ok()) return code.status();
  change.municipality_code = *code;
  if (IsDateSet(date)) {
    absl::StatusOr<int32_t> day = DayNumberWithinYears(date, today_day, 1, 1, date_field);
    if (!day.ok()) return day.status();
    change.day = *day;
  }
  return change;
}

}  // namespace

absl::Status ValidateMunicipalityForCreate(const gfo::v1::Municipality& municipality) {
  if (absl::Status s = ValidateMunicipalityCode(municipality.code(), "municipality.code");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateText(municipality.display_name(), "municipality.display_name",
                                    {.max_chars = 100, .required = true});
      !s.ok()) {
    return s;
  }
  if (!municipality.has_location()) {
    return errors::InvalidArgument("municipality.location", "required");
  }
  if (absl::Status s = ValidateGeoPointInSweden(municipality.location(), "municipality.location");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateCount(municipality.memberships_size(), kMaxMemberships,
                                     "municipality.memberships");
      !s.ok()) {
    return s;
  }
  // The end of the previous period; an open period ends at kOpen.
  constexpr int32_t kOpen = std::numeric_limits<int32_t>::max();
  int32_t previous_end = kOpen;
  for (int i = 0; i < municipality.memberships_size(); ++i) {
    const std::string field = internal::Cat("municipality.memberships[", i, "]");
    const gfo::v1::Membership& membership = municipality.memberships(i);
    absl::StatusOr<int32_t> start =
        DayNumberFromDate(membership.start_date(), field + ".start_date");
    if (!start.ok()) return start.status();
    if (i > 0 && *start < previous_end) {
      return errors::InvalidArgument(field + ".start_date",
                                     "must not be before the end of the previous period");
    }
    previous_end = kOpen;
    if (IsDateSet(membership.end_date())) {
      absl::StatusOr<int32_t> end = DayNumberFromDate(membership.end_date(), field + ".end_date");
      if (!end.ok()) return end.status();
      if (*end <= *start) {
        return errors::InvalidArgument(field + ".end_date", "must be after start_date");
      }
      previous_end = *end;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<MembershipChange> ValidateJoinGfo(const gfo::v1::JoinGfoRequest& request,
                                                 int32_t today_day) {
  return Change(request.name(), request.start_date(), "start_date", today_day);
}

absl::StatusOr<MembershipChange> ValidateLeaveGfo(const gfo::v1::LeaveGfoRequest& request,
                                                  int32_t today_day) {
  absl::StatusOr<MembershipChange> change =
      Change(request.name(), request.end_date(), "end_date", today_day);
  if (!change.ok()) return change.status();
  if (absl::Status s = ValidateReason(request.reason(), "reason", /*required=*/false); !s.ok()) {
    return s;
  }
  return change;
}

}  // namespace gfo::validation
