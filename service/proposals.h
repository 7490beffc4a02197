// Proposals and their capacity holds: the business rules behind gfo.v1.ProposalService.
//
// GFO staff propose an approved home for a submitted request; the proposal holds the home's seats
// for the whole group until the municipality accepts or declines it, staff withdraw it, or the
// hold expires (AppConfig::proposal_hold). Capacity is checked and the hold written in one write
// transaction, so two staff proposing the last seat at once cannot both win.
//
// Expiry is lazy and consistent: a pending proposal whose expire time is at or before "now"
// counts as expired everywhere at once (free capacity, the proposal's state, its request back in
// `submitted`), and ExpireDue makes that permanent at the start of every workflow write. Nothing
// sleeps and nothing needs a background task.
//
// Consultation (22 kap. 6 § SoL): before a municipality accepts a home, it must have recorded a
// consultation with the home's municipality when that is another one, and with every other
// municipality that has a child placed in the home. Decisions are human: nothing here accepts or
// places on anyone's behalf.

#ifndef GFO_SERVICE_PROPOSALS_H_
#define GFO_SERVICE_PROPOSALS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "gfo/v1/common.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "service/app.h"
#include "service/storage/sqlite.h"

namespace gfo {

// Lower-case state name used in transitions and messages: pending, accepted, declined,
// withdrawn, expired ("unspecified" for 0).
std::string_view ProposalStateName(gfo::v1::ProposalState state);

// The municipalities that must be consulted before `requesting_municipality` accepts a home in
// `home_municipality` in which `placing_municipalities` have active placements (22 kap. 6 §):
// none when the home lies in the requesting municipality; otherwise the home's municipality
// plus every placing municipality other than the requesting one. Sorted, without duplicates.
std::vector<int32_t> RequiredConsultations(int32_t requesting_municipality,
                                           int32_t home_municipality,
                                           absl::Span<const int32_t> placing_municipalities);

// Marks every pending proposal whose hold expired at or before call.now() as expired and moves
// its request from proposed back to submitted, each move recorded with actor `system` at the
// expiry time. Etags and update times do not change: reads already showed the expiry. Touches
// the homes whose holds it ends. REQUIRES: inside Call::Write, before the write's own checks.
absl::Status ExpireDue(storage::Db& db, Call& call);

// Withdraws the live pending proposal of request `request_id`, if there is one, freeing its
// hold. The request's own move is the caller's. REQUIRES: inside Call::Write.
absl::Status WithdrawPendingProposalOf(storage::Db& db, Call& call, int64_t request_id,
                                       std::string_view reason);

// Appends to `out` the move proposed -> submitted of request `request_id` for a hold that has
// expired by `now` but that no write has recorded yet (as ExpireDue will record it).
absl::Status AppendUnrecordedExpiry(
    storage::Db& db, int64_t request_id, absl::Time now,
    google::protobuf::RepeatedPtrField<gfo::v1::StateTransition>* out);

// The business rules of gfo.v1.ProposalService. Each method takes the call in progress, reads or
// writes through it (one Write at most), names the resources it touches, and fills `out` on
// success. A case worker sees the proposed home's profile, and the home's name only once the
// proposal is accepted; staff see both. Stateless and thread-safe.
class Proposals {
 public:
  // Staff propose an approved home offering the request's kind for a submitted request. Refused
  // with FAILED_PRECONDITION `homes/5: not enough free capacity (1 free, 2 needed)` when the
  // home's free capacity is short of the group.
  absl::Status Create(Call& call, const gfo::v1::CreateProposalRequest& req,
                      gfo::v1::Proposal* out);
  absl::Status Get(Call& call, const gfo::v1::GetProposalRequest& req, gfo::v1::Proposal* out);
  absl::Status List(Call& call, const gfo::v1::ListProposalsRequest& req,
                    gfo::v1::ListProposalsResponse* out);
  // The requesting municipality's case worker accepts a live pending proposal once every
  // required consultation is recorded; creates the placement and moves the request to placed.
  absl::Status Accept(Call& call, const gfo::v1::AcceptProposalRequest& req,
                      gfo::v1::Proposal* out);
  // Declined (reason required): the hold is freed and the request is submitted again.
  absl::Status Decline(Call& call, const gfo::v1::DeclineProposalRequest& req,
                       gfo::v1::Proposal* out);
  // Withdrawn by staff (reason required): the hold is freed and the request is submitted again.
  absl::Status Withdraw(Call& call, const gfo::v1::WithdrawProposalRequest& req,
                        gfo::v1::Proposal* out);
  // Records one consultation with a municipality in the proposal's required list.
  absl::Status RecordConsultation(Call& call, const gfo::v1::RecordConsultationRequest& req,
                                  gfo::v1::Proposal* out);
};

}  // namespace gfo

#endif  // GFO_SERVICE_PROPOSALS_H_
