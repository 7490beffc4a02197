#include "service/validation/workflow_validation.h"

#include <algorithm>
#include <string>

#include "service/errors.h"
#include "service/validation/common_validation.h"
#include "service/validation/field_mask_validation.h"
#include "service/validation/str_util.h"
#include "service/validation/text_validation.h"

namespace gfo::validation {
namespace {

// How far back a recorded decision date may lie: the longest placements last until 21.
constexpr int kDecisionYearsBack = 25;

constexpr std::string_view kPlacementDateFields[] = {"investigation_closed_date",
                                                     "last_review_date", "custody_considered_date",
                                                     "secret_whereabouts_decision_date"};

constexpr std::string_view kPlacementUpdatableFields[] = {
    "investigation_closed_date", "special_reasons", "last_review_date", "custody_considered_date",
    "secret_whereabouts_decision_date"};

absl::StatusOr<int64_t> ProposalWithReason(std::string_view name, std::string_view reason) {
  absl::StatusOr<int64_t> id = ParseResourceName(name, "proposals", "name");
  if (!id.ok()) return id.status();
  if (absl::Status s = ValidateReason(reason, "reason", /*required=*/true); !s.ok()) return s;
  return id;
}

const gfo::v1::Date& PlacementDate(const gfo::v1::Placement& placement, std::string_view name) {
  if (name == "investigation_closed_date") return placement.investigation_closed_date();
  if (name == "last_review_date") return placement.last_review_date();
  if (name == "custody_considered_date") return placement.custody_considered_date();
  return placement.secret_whereabouts_decision_date();
}

}  // namespace

absl::Status ValidateReason(std::string_view reason, std::string_view field, bool required) {
  return ValidateText(reason, field, {.max_chars = kMaxReasonChars, .required = required});
}

absl::StatusOr<int64_t> ValidateHomeTransition(const gfo::v1::HomeTransitionRequest& request,
                                               bool reason_required) {
  absl::StatusOr<int64_t> id = ParseResourceName(request.name(), "homes", "name");
  if (!id.ok()) return id.status();
  if (absl::Status s = ValidateReason(request.reason(), "reason", reason_required); !s.ok()) {
    return s;
  }
  return id;
}

absl::StatusOr<int64_t> ValidateRequestTransition(const gfo::v1::RequestTransitionRequest& request,
                                                  bool reason_required) {
  absl::StatusOr<int64_t> id = ParseResourceName(request.name(), "requests", "name");
  if (!id.ok()) return id.status();
  if (absl::Status s = ValidateReason(request.reason(), "reason", reason_required); !s.ok()) {
    return s;
  }
  return id;
}

absl::StatusOr<ProposalTarget> ValidateProposalForCreate(const gfo::v1::Proposal& proposal) {
  ProposalTarget target;
  absl::StatusOr<int64_t> request_id =
      ParseResourceName(proposal.request(), "requests", "proposal.request");
  if (!request_id.ok()) return request_id.status();
  absl::StatusOr<int64_t> home_id = ParseResourceName(proposal.home(), "homes", "proposal.home");
  if (!home_id.ok()) return home_id.status();
  if (absl::Status s = ValidateText(proposal.rationale(), "proposal.rationale",
                                    {.max_chars = 500, .allow_newlines = true});
      !s.ok()) {
    return s;
  }
  target.request_id = *request_id;
  target.home_id = *home_id;
  return target;
}

absl::StatusOr<AcceptProposalInput> ValidateAcceptProposal(
    const gfo::v1::AcceptProposalRequest& request, int32_t today_day) {
  AcceptProposalInput input;
  absl::StatusOr<int64_t> id = ParseResourceName(request.name(), "proposals", "name");
  if (!id.ok()) return id.status();
  input.proposal_id = *id;
  if (IsDateSet(request.start_date())) {
    absl::StatusOr<int32_t> day =
        DayNumberWithinYears(request.start_date(), today_day, 1, 2, "start_date");
    if (!day.ok()) return day.status();
    input.start_day = *day;
  }
  return input;
}

absl::StatusOr<int64_t> ValidateDeclineProposal(const gfo::v1::DeclineProposalRequest& request) {
  return ProposalWithReason(request.name(), request.reason());
}

absl::StatusOr<int64_t> ValidateWithdrawProposal(const gfo::v1::WithdrawProposalRequest& request) {
  return ProposalWithReason(request.name(), request.reason());
}

absl::Status ValidateConsultation(const gfo::v1::Consultation& consultation, int32_t today_day,
                                  std::string_view field) {
  if (absl::Status s = ValidateMunicipalityCode(consultation.municipality_code(),
                                                internal::Cat(field, ".municipality_code"));
      !s.ok()) {
    return s;
  }
  if (absl::StatusOr<int32_t> day =
          DayNumberWithinYears(consultation.date(), today_day, 1, 0, internal::Cat(field, ".date"));
      !day.ok()) {
    return day.status();
  }
  return ValidateReason(consultation.outcome(), internal::Cat(field, ".outcome"),
                        /*required=*/true);
}

absl::StatusOr<int64_t> ValidateRecordConsultation(
    const gfo::v1::RecordConsultationRequest& request, int32_t today_day) {
  absl::StatusOr<int64_t> id = ParseResourceName(request.proposal(), "proposals", "proposal");
  if (!id.ok()) return id.status();
  if (!request.has_consultation()) return errors::InvalidArgument("consultation", "required");
  if (absl::Status s = ValidateConsultation(request.consultation(), today_day); !s.ok()) return s;
  return id;
}

absl::StatusOr<EndPlacementInput> ValidateEndPlacement(const gfo::v1::EndPlacementRequest& request,
                                                       int32_t today_day) {
  EndPlacementInput input;
  absl::StatusOr<int64_t> id = ParseResourceName(request.name(), "placements", "name");
  if (!id.ok()) return id.status();
  input.placement_id = *id;
  input.end_day = today_day;
  if (IsDateSet(request.end_date())) {
    absl::StatusOr<int32_t> day =
        DayNumberWithinYears(request.end_date(), today_day, 1, 0, "end_date");
    if (!day.ok()) return day.status();
    input.end_day = *day;
  }
  if (absl::Status s = ValidateReason(request.reason(), "reason", /*required=*/true); !s.ok()) {
    return s;
  }
  return input;
}

absl::Span<const std::string_view> PlacementUpdatableFields() { return kPlacementUpdatableFields; }

absl::StatusOr<google::protobuf::FieldMask> ValidatePlacementUpdate(
    const gfo::v1::Placement& patch, const google::protobuf::FieldMask& update_mask,
    int32_t today_day) {
  absl::StatusOr<google::protobuf::FieldMask> mask =
      ResolveUpdateMask(update_mask, gfo::v1::Placement::descriptor(), PlacementUpdatableFields());
  if (!mask.ok()) return mask.status();
  for (const std::string& path : mask->paths()) {
    if (path.find('.') != std::string::npos) {
      return errors::InvalidArgument("update_mask", "paths must name whole fields");
    }
  }
  for (std::string_view name : kPlacementDateFields) {
    if (std::find(mask->paths().begin(), mask->paths().end(), name) == mask->paths().end()) {
      continue;
    }
    const gfo::v1::Date& date = PlacementDate(patch, name);
    // Naming the field with an unset date clears the decision.
    if (!IsDateSet(date)) continue;
    if (absl::StatusOr<int32_t> day = DayNumberWithinYears(date, today_day, kDecisionYearsBack, 0,
                                                           internal::Cat("placement.", name));
        !day.ok()) {
      return day.status();
    }
  }
  return mask;
}

void ApplyPlacementMask(gfo::v1::Placement& stored, const gfo::v1::Placement& patch,
                        const google::protobuf::FieldMask& resolved_mask) {
  ApplyUpdateMask(patch, resolved_mask, stored);
}

}  // namespace gfo::validation
