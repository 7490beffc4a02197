// Validation of the workflow calls around requests, proposals and placements: lifecycle moves with
// reasons, proposal creation and decisions, consultations (22 kap. 6 § SoL), ending a placement and
// recording the decisions that start legal clocks.
//
// Errors are INVALID_ARGUMENT naming the field. All functions are pure and thread-safe;
// `today_day` is days since 1970-01-01.

#ifndef GFO_SERVICE_VALIDATION_WORKFLOW_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_WORKFLOW_VALIDATION_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gfo/v1/home.pb.h"
#include "gfo/v1/placement.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "gfo/v1/request.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace gfo::validation {

inline constexpr size_t kMaxReasonChars = 200;

// A reason for a decision or move: at most 200 characters, no control characters; when
// `required`, not empty (`<field>: required`).
absl::Status ValidateReason(std::string_view reason, std::string_view field, bool required);

// HomeTransitionRequest: `name` is homes/{id}; `reason` required when `reason_required` (CloseHome,
// PauseHome). Returns the home id.
absl::StatusOr<int64_t> ValidateHomeTransition(const gfo::v1::HomeTransitionRequest& request,
                                               bool reason_required);

// RequestTransitionRequest: `name` is requests/{id}; `reason` required when `reason_required`
// (WithdrawRequest). Returns the request id.
absl::StatusOr<int64_t> ValidateRequestTransition(const gfo::v1::RequestTransitionRequest& request,
                                                  bool reason_required);

struct ProposalTarget {
  int64_t request_id = 0;
  int64_t home_id = 0;
};

// CreateProposal: `proposal.request` is requests/{id}, `proposal.home` is homes/{id}, rationale at
// most 500 characters. Output-only fields are ignored.
absl::StatusOr<ProposalTarget> ValidateProposalForCreate(const gfo::v1::Proposal& proposal);

// AcceptProposal: `name` is proposals/{id}; start_date, when set, from one year before today to two
// years after. Returns the proposal id and the start day (nullopt when unset).
struct AcceptProposalInput {
  int64_t proposal_id = 0;
  std::optional<int32_t> start_day;
};
absl::StatusOr<AcceptProposalInput> ValidateAcceptProposal(
    const gfo::v1::AcceptProposalRequest& request, int32_t today_day);

// DeclineProposal and WithdrawProposal: `name` is proposals/{id}, reason required (1..200).
// Returns the proposal id.
absl::StatusOr<int64_t> ValidateDeclineProposal(const gfo::v1::DeclineProposalRequest& request);
absl::StatusOr<int64_t> ValidateWithdrawProposal(const gfo::v1::WithdrawProposalRequest& request);

// A consultation (22 kap. 6 § SoL): a 4-digit municipality code, a date from one year before today
// to today, and an outcome of 1..200 characters. Fields are named under `field`.
absl::Status ValidateConsultation(const gfo::v1::Consultation& consultation, int32_t today_day,
                                  std::string_view field = "consultation");

// RecordConsultation: `proposal` is proposals/{id} and the consultation is valid. Returns the
// proposal id.
absl::StatusOr<int64_t> ValidateRecordConsultation(
    const gfo::v1::RecordConsultationRequest& request, int32_t today_day);

// EndPlacement: `name` is placements/{id}; end_date, when set, from one year before today to today
// (unset = today); reason required (1..200). Returns the end day. The service checks that it is
// not before the placement's start.
struct EndPlacementInput {
  int64_t placement_id = 0;
  int32_t end_day = 0;
};
absl::StatusOr<EndPlacementInput> ValidateEndPlacement(const gfo::v1::EndPlacementRequest& request,
                                                       int32_t today_day);

// The fields UpdatePlacement may change: the decisions with legal clocks
// (investigation_closed_date, special_reasons, last_review_date, custody_considered_date,
// secret_whereabouts_decision_date).
absl::Span<const std::string_view> PlacementUpdatableFields();

// UpdatePlacement: the mask (`update_mask: ...`, whole fields only) and each decision date it
// names, which must be a valid date, not after today and at most 25 years back. Returns the
// canonical mask.
absl::StatusOr<google::protobuf::FieldMask> ValidatePlacementUpdate(
    const gfo::v1::Placement& patch, const google::protobuf::FieldMask& update_mask,
    int32_t today_day);

// Copies the fields of `resolved_mask` from `patch` into `stored`.
void ApplyPlacementMask(gfo::v1::Placement& stored, const gfo::v1::Placement& patch,
                        const google::protobuf::FieldMask& resolved_mask);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_WORKFLOW_VALIDATION_H_
