// Placement requests: the business rules behind gfo.v1.RequestService (create, change, submit,
// withdraw, read) and the small helpers the proposal and placement rules share with them.
//
// A request is one row of `requests`: indexed columns (municipality, state, kind, children,
// version, submit time) plus the whole gfo.v1.PlacementRequest as a proto blob in canonical form
// (12-digit identity numbers, output-only fields cleared). Every request that leaves this module
// for a client is masked (`20150312-****`).
//
// A request whose stored state is `proposed` but whose proposal hold has expired counts as
// `submitted` everywhere (ExpireDue in proposals.h makes that permanent at the next workflow
// write).

#ifndef GFO_SERVICE_REQUESTS_H_
#define GFO_SERVICE_REQUESTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gfo/v1/request.pb.h"
#include "service/app.h"
#include "service/storage/sqlite.h"

namespace gfo {

// Lower-case state name used in transitions and messages: draft, submitted, proposed, placed,
// ended, withdrawn ("unspecified" for 0).
std::string_view RequestStateName(gfo::v1::RequestState state);

// True when the lifecycle allows `from` -> `to`: draft -> submitted -> proposed -> placed ->
// ended, proposed -> submitted (declined, withdrawn or expired proposal), and draft, submitted
// or proposed -> withdrawn.
bool IsLegalRequestMove(gfo::v1::RequestState from, gfo::v1::RequestState to);

// SQL for a request's state as it counts at time ?1 (micros), over a row of `requests` aliased
// `r`: `proposed` without a live pending proposal counts as `submitted`.
extern const char kEffectiveRequestStateSql[];

// A stored request as the workflow sees it.
struct StoredRequest {
  int64_t id = 0;
  int32_t municipality_code = 0;
  gfo::v1::RequestState stored_state = gfo::v1::REQUEST_STATE_UNSPECIFIED;
  // The state as it counts at the time the request was loaded (see the file comment).
  gfo::v1::RequestState state = gfo::v1::REQUEST_STATE_UNSPECIFIED;
  int64_t version = 0;
  // Canonical (UNMASKED) with every output-only field filled as of the load time, age_days
  // included for open requests. Mask before returning it to a client.
  gfo::v1::PlacementRequest request;
};

// Loads request `id` as of `now`. NOT_FOUND (`requests/7: not found`) for an unknown id.
absl::StatusOr<StoredRequest> LoadRequest(storage::Db& db, int64_t id, absl::Time now);

// Moves request `id` from `from` to `to` (REQUIRES: IsLegalRequestMove), bumps its version and
// update time, sets the submit time when `to` is submitted for the first time, and records the
// move with `reason`. REQUIRES: inside Call::Write.
absl::Status MoveRequest(storage::Db& db, const Call& call, int64_t id, gfo::v1::RequestState from,
                         gfo::v1::RequestState to, std::string_view reason);

// True when `municipality_code` has a GFO membership covering `day` (days since 1970-01-01):
// start_day <= day < end_day, or no end_day (service/membership_sql.h).
absl::StatusOr<bool> IsMemberOn(storage::Db& db, int32_t municipality_code, int32_t day);

// The registered display name of a municipality (`Sundsvall`), or its code as text when it is
// not registered.
absl::StatusOr<std::string> MunicipalityDisplayName(storage::Db& db, int32_t municipality_code);

// The business rules of gfo.v1.RequestService. Each method takes the call in progress, reads or
// writes through it (one Write at most), names the resources it touches, and fills `out` with a
// masked request on success. Stateless and thread-safe.
class Requests {
 public:
  // A case worker creates a draft for its own municipality (PERMISSION_DENIED otherwise).
  absl::Status Create(Call& call, const gfo::v1::CreateRequestRequest& req,
                      gfo::v1::PlacementRequest* out);
  absl::Status Get(Call& call, const gfo::v1::GetRequestRequest& req,
                   gfo::v1::PlacementRequest* out);
  // Case workers see only their own municipality's requests; open_only lists submitted and
  // proposed requests oldest submission first, each with its age in days.
  absl::Status List(Call& call, const gfo::v1::ListRequestsRequest& req,
                    gfo::v1::ListRequestsResponse* out);
  // Drafts and submitted requests only; field mask and etag (stale = ABORTED). A child's number
  // sent back in its masked form keeps the stored number.
  absl::Status Update(Call& call, const gfo::v1::UpdateRequestRequest& req,
                      gfo::v1::PlacementRequest* out);
  // draft -> submitted: needs the network examination (22 kap. 1 §) and a current GFO
  // membership of the request's municipality (FAILED_PRECONDITION otherwise).
  absl::Status Submit(Call& call, const gfo::v1::RequestTransitionRequest& req,
                      gfo::v1::PlacementRequest* out);
  // draft, submitted or proposed -> withdrawn (reason required); a pending proposal is withdrawn
  // with it and its hold freed.
  absl::Status Withdraw(Call& call, const gfo::v1::RequestTransitionRequest& req,
                        gfo::v1::PlacementRequest* out);
  absl::Status ListHistory(Call& call, const gfo::v1::ListRequestHistoryRequest& req,
                           gfo::v1::ListRequestHistoryResponse* out);
};

}  // namespace gfo

#endif  // GFO_SERVICE_REQUESTS_H_
