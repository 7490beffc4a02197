// Fuzzes the remaining request validators: the first byte picks a message type (account and token
// calls, lifecycle moves, proposals, consultations, placements, municipalities, audit filters and
// verify's expected event, update masks), the rest is parsed as that message in wire format and
// validated.
// Invariants: never a crash; every rejection is INVALID_ARGUMENT (or OK); accepted ids are
// positive.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "gfo/v1/account.pb.h"
#include "gfo/v1/audit.pb.h"
#include "gfo/v1/home.pb.h"
#include "gfo/v1/municipality.pb.h"
#include "gfo/v1/placement.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "gfo/v1/request.pb.h"
#include "service/validation/account_validation.h"
#include "service/validation/audit_validation.h"
#include "service/validation/home_validation.h"
#include "service/validation/municipality_validation.h"
#include "service/validation/request_validation.h"
#include "service/validation/workflow_validation.h"

namespace {

void Check(const absl::Status& status) {
  GFO_FUZZ_CHECK(status.ok() || status.code() == absl::StatusCode::kInvalidArgument);
}

template <typename T>
void CheckId(const absl::StatusOr<T>& id) {
  Check(id.status());
  if (id.ok()) GFO_FUZZ_CHECK(*id > 0);
}

template <typename Message>
bool Parse(const uint8_t* data, size_t size, Message& message) {
  return message.ParseFromArray(data, static_cast<int>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0] % 12;
  ++data;
  --size;
  const int32_t today = gfo::fuzz::Today();
  using namespace gfo::validation;  // NOLINT(build/namespaces): a fuzz target of one function.
  switch (selector) {
    case 0: {
      gfo::v1::CreateAccountRequest m;
      if (Parse(data, size, m)) {
        absl::StatusOr<absl::Duration> ttl = ValidateCreateAccount(m);
        Check(ttl.status());
        if (ttl.ok()) GFO_FUZZ_CHECK(*ttl > absl::ZeroDuration() && *ttl <= kMaxTokenTtl);
      }
      break;
    }
    case 1: {
      gfo::v1::IssueTokenRequest m;
      if (Parse(data, size, m)) Check(ValidateIssueToken(m).status());
      break;
    }
    case 2: {
      gfo::v1::HomeTransitionRequest m;
      if (Parse(data, size, m)) CheckId(ValidateHomeTransition(m, /*reason_required=*/true));
      break;
    }
    case 3: {
      gfo::v1::RequestTransitionRequest m;
      if (Parse(data, size, m)) CheckId(ValidateRequestTransition(m, /*reason_required=*/false));
      break;
    }
    case 4: {
      gfo::v1::Proposal m;
      if (Parse(data, size, m)) {
        absl::StatusOr<ProposalTarget> target = ValidateProposalForCreate(m);
        Check(target.status());
        if (target.ok()) GFO_FUZZ_CHECK(target->request_id > 0 && target->home_id > 0);
      }
      break;
    }
    case 5: {
      gfo::v1::AcceptProposalRequest m;
      if (Parse(data, size, m)) Check(ValidateAcceptProposal(m, today).status());
      break;
    }
    case 6: {
      gfo::v1::RecordConsultationRequest m;
      if (Parse(data, size, m)) CheckId(ValidateRecordConsultation(m, today));
      break;
    }
    case 7: {
      gfo::v1::EndPlacementRequest m;
      if (Parse(data, size, m)) {
        absl::StatusOr<EndPlacementInput> input = ValidateEndPlacement(m, today);
        Check(input.status());
        if (input.ok()) GFO_FUZZ_CHECK(input->end_day <= today);
      }
      break;
    }
    case 8: {
      gfo::v1::UpdatePlacementRequest m;
      if (Parse(data, size, m)) {
        absl::StatusOr<google::protobuf::FieldMask> mask =
            ValidatePlacementUpdate(m.placement(), m.update_mask(), today);
        Check(mask.status());
        if (mask.ok()) {
          gfo::v1::Placement stored;
          ApplyPlacementMask(stored, m.placement(), *mask);
        }
      }
      break;
    }
    case 9: {
      gfo::v1::Municipality m;
      if (Parse(data, size, m)) Check(ValidateMunicipalityForCreate(m));
      gfo::v1::JoinGfoRequest join;
      if (Parse(data, size, join)) Check(ValidateJoinGfo(join, today).status());
      gfo::v1::LeaveGfoRequest leave;
      if (Parse(data, size, leave)) Check(ValidateLeaveGfo(leave, today).status());
      break;
    }
    case 10: {
      gfo::v1::ListAuditEventsRequest m;
      if (Parse(data, size, m)) Check(ValidateAuditFilter(m.filter()));
      gfo::v1::VerifyAuditChainRequest verify;
      if (Parse(data, size, verify)) Check(ValidateVerifyAuditChain(verify));
      break;
    }
    default: {
      gfo::v1::UpdateHomeRequest home_update;
      if (Parse(data, size, home_update)) {
        absl::StatusOr<google::protobuf::FieldMask> mask =
            ValidateHomeUpdate(home_update.home(), home_update.update_mask(), today);
        Check(mask.status());
        if (mask.ok()) {
          gfo::v1::Home stored;
          ApplyHomeMask(stored, home_update.home(), *mask);
          Check(ValidateMergedHome(stored, today));
        }
      }
      gfo::v1::UpdateRequestRequest request_update;
      if (Parse(data, size, request_update)) {
        absl::StatusOr<google::protobuf::FieldMask> mask =
            ValidateRequestUpdate(request_update.request(), request_update.update_mask(), today);
        Check(mask.status());
        if (mask.ok()) {
          gfo::v1::PlacementRequest stored;
          ApplyRequestMask(stored, request_update.request(), *mask);
          Check(ValidateMergedRequest(stored, today));
        }
      }
      break;
    }
  }
  return 0;
}
