// The family-home bank: the business rules behind gfo.v1.HomeService, and the small read helpers
// other services (workflow, matching) use to see a home and its capacity.
//
// A home is stored as one row of `homes` (indexed columns plus the whole gfo.v1.Home as a proto
// blob in canonical, unmasked form). Capacity in use is never stored: it is summed from active
// placements and live proposal holds, so free capacity is always current.

#ifndef GFO_SERVICE_HOMES_H_
#define GFO_SERVICE_HOMES_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "gfo/v1/home.pb.h"
#include "service/app.h"
#include "service/storage/sqlite.h"

namespace gfo {

// How a home's capacity is used at one moment.
struct HomeCapacity {
  int64_t home_id = 0;
  gfo::v1::HomeStatus status = gfo::v1::HOME_STATUS_UNSPECIFIED;
  int32_t municipality_code = 0;
  int32_t capacity = 0;
  // SUM(children) of the home's active placements.
  int32_t active_children = 0;
  // SUM(children) of the home's pending proposals whose expire_time is after `now`.
  int32_t held_children = 0;

  // capacity - active - held; negative only if data were written around the rules.
  int32_t free_capacity() const { return capacity - active_children - held_children; }
};

// Reads the capacity of home `home_id` as of `now`. Usable inside Call::Read or Call::Write; in a
// Write, the check and the write that depends on it happen in the same transaction.
// Returns NOT_FOUND (`homes/7: not found`) for an unknown id; storage errors otherwise.
absl::StatusOr<HomeCapacity> LoadHomeCapacity(storage::Db& db, int64_t home_id, absl::Time now);

// Reads home `id` with every output-only field filled (name, code, status, counters,
// free_capacity, last_placement_end, close_reason, times, etag) as of `now`.
// The result is the STORED form: adults' identity numbers are unmasked and the location is
// present even for a protected home. Callers that return it to a client must pass it through
// RedactHomeForCaller (or ToProfile). NOT_FOUND for an unknown id.
absl::StatusOr<gfo::v1::Home> LoadHome(storage::Db& db, int64_t id, absl::Time now);

// The profile of `home` a case worker may see before accepting a proposal: code, municipality,
// kinds, capacity, free capacity, ages, household facts, languages, experience. No names,
// identity numbers, address or location. `home` (homes/{id}) is filled: callers showing the
// profile to a case worker must clear it (HomeProfile.home is for GFO staff only).
// distance_km is left unset: the caller computes it, and leaves it unset for a protected home.
gfo::v1::HomeProfile ToProfile(const gfo::v1::Home& home);

// Prepares a loaded home for a caller: identity numbers masked (`19800412-****`), and for a home
// with protected_identity the address and location cleared unless the caller is an admin or a
// gfo_staff account the home names in address_readers.
void RedactHomeForCaller(gfo::v1::Home& home, const Principal& caller);

// The value of the `homes.kinds` column: bit (1 << kind) set for every PlacementKind offered, so
// "offers kind k" is `(kinds & (1 << k)) != 0` in SQL.
int64_t HomeKindsMask(const gfo::v1::Home& home);

// Lower-case state name used in transitions and messages: inquiry, assessment, approved, paused,
// closed ("" for unspecified).
std::string_view HomeStatusName(gfo::v1::HomeStatus status);

// The business rules of gfo.v1.HomeService. Every method takes the call in progress, reads or
// writes through it (one Write at most), names the resources it touches, and fills `out` on
// success. Errors come from service/errors.h. Stateless and thread-safe.
class Homes {
 public:
  absl::Status Get(Call& call, const gfo::v1::GetHomeRequest& req, gfo::v1::Home* out);
  absl::Status List(Call& call, const gfo::v1::ListHomesRequest& req,
                    gfo::v1::ListHomesResponse* out);
  absl::Status Create(Call& call, const gfo::v1::CreateHomeRequest& req, gfo::v1::Home* out);
  absl::Status Update(Call& call, const gfo::v1::UpdateHomeRequest& req, gfo::v1::Home* out);

  // Lifecycle moves. inquiry -> assessment -> approved <-> paused; any but closed -> closed.
  absl::Status StartAssessment(Call& call, const gfo::v1::HomeTransitionRequest& req,
                               gfo::v1::Home* out);
  absl::Status Approve(Call& call, const gfo::v1::HomeTransitionRequest& req, gfo::v1::Home* out);
  absl::Status Pause(Call& call, const gfo::v1::HomeTransitionRequest& req, gfo::v1::Home* out);
  absl::Status Resume(Call& call, const gfo::v1::HomeTransitionRequest& req, gfo::v1::Home* out);
  absl::Status Close(Call& call, const gfo::v1::HomeTransitionRequest& req, gfo::v1::Home* out);

  absl::Status ConfirmAvailability(Call& call, const gfo::v1::ConfirmAvailabilityRequest& req,
                                   gfo::v1::Home* out);
  absl::Status ListHistory(Call& call, const gfo::v1::ListHomeHistoryRequest& req,
                           gfo::v1::ListHomeHistoryResponse* out);

 private:
  // Moves the home named in `req` to `to` if its status is one of `from`.
  absl::Status Move(Call& call, const gfo::v1::HomeTransitionRequest& req,
                    absl::Span<const gfo::v1::HomeStatus> from, gfo::v1::HomeStatus to,
                    bool reason_required, gfo::v1::Home* out);
};

}  // namespace gfo

#endif  // GFO_SERVICE_HOMES_H_
