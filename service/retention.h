// Retention under 16 kap. SoL (2025:400): which records are due for clearing, and clearing them.
//
// An ordinary record (a home that is closed or never got past inquiry or assessment; a request that
// was withdrawn or never left draft) is due five years after its last entry (its update_time); a
// cleared draft is withdrawn and a cleared inquiry or assessment closed. Clearing removes the
// personal data from the stored record, keeps the row with its pseudonymous name, municipality,
// state and dates, marks it cleared and writes retention_log. Placement documents (16 kap. 2 §) are
// never listed and never cleared: a placement, and every home and request that has a row in
// `placements` (a request that led to a placement says which child was placed; a home that had one,
// with which family the child lived). The audit trail is never touched: it holds pseudonymous
// references only, so its chain still verifies after a clearing.

#ifndef GFO_SERVICE_RETENTION_H_
#define GFO_SERVICE_RETENTION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "gfo/v1/admin.pb.h"
#include "gfo/v1/home.pb.h"
#include "gfo/v1/request.pb.h"
#include "service/app.h"

namespace gfo::retention {

// Ordinary records are cleared this many calendar years after their last entry.
inline constexpr int kOrdinaryRetentionYears = 5;

// The first day an ordinary record whose last entry was on `last_entry_day` may be cleared
// (29 February moves to 1 March).
int32_t ClearAfterDay(int32_t last_entry_day);

// Removes the personal data of a home: the adults, the address, a stated background, the
// location, the birth years of the family's own children and the reason it closed. Keeps code,
// municipality, status, kinds, capacity and dates.
void ClearHomePersonalData(gfo::v1::Home& home);

// Removes the personal data of a request: every child's identity, birth date, gender, needs,
// languages, background, household needs and former homes (the number of children stays), the
// case reference, the child's place, safety exclusions and the network note. Keeps
// municipality, state, kind, legal basis and dates.
void ClearRequestPersonalData(gfo::v1::PlacementRequest& request);

// GetRetentionReport: the records due on `as_of` (default today), homes first, each by id.
absl::Status Report(Call& call, const gfo::v1::GetRetentionReportRequest& request,
                    gfo::v1::GetRetentionReportResponse* out);

// ApplyRetention: clears the named records or, when none are named, every due record, in one
// transaction. Each named record must be due: NOT_FOUND when there is no such record,
// FAILED_PRECONDITION otherwise, citing 16 kap. 2 § for a placement and for a home or request
// that had one. Clearing removes the personal data above, the reasons in the record's history
// and, for a request, the free text of its proposals (decline reasons, rationales, the outcomes
// of their consultations, the reasons in their history). `as_of` must not be after today.
absl::Status Apply(Call& call, const gfo::v1::ApplyRetentionRequest& request,
                   gfo::v1::ApplyRetentionResponse* out);

}  // namespace gfo::retention

#endif  // GFO_SERVICE_RETENTION_H_
