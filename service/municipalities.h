// Municipalities and their GFO membership periods (municipalities/{code}): the domain logic of
// gfo.v1.MunicipalityService, and the membership question other services ask ("may this
// municipality's case workers submit requests today?").
//
// A membership period covers the days start_day <= d < end_day: its end date is the first day
// without membership, so leaving "today" ends the membership at once. A period without an end
// is open. Municipalities are public facts; only admins change them (policy table).

#ifndef GFO_SERVICE_MUNICIPALITIES_H_
#define GFO_SERVICE_MUNICIPALITIES_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/municipality.pb.h"
#include "service/app.h"
#include "service/storage/sqlite.h"

namespace gfo::municipalities {

// True when `municipality_code` has a membership period covering `day` (days since 1970-01-01).
// A municipality that is not registered is not a member.
absl::StatusOr<bool> IsMember(storage::Db& db, int32_t municipality_code, int32_t day);

// Loads one municipality with its periods, oldest first, and current_member as of `today_day`.
// NOT_FOUND names `municipalities/{code}`.
absl::StatusOr<gfo::v1::Municipality> LoadMunicipality(storage::Db& db, int32_t code,
                                                       int32_t today_day);

// The handlers' bodies. Each names the municipality on the audit event.
absl::Status List(Call& call, const gfo::v1::ListMunicipalitiesRequest& request,
                  gfo::v1::ListMunicipalitiesResponse* out);
absl::Status Get(Call& call, const gfo::v1::GetMunicipalityRequest& request,
                 gfo::v1::Municipality* out);
// ALREADY_EXISTS when the code is registered.
absl::Status Create(Call& call, const gfo::v1::CreateMunicipalityRequest& request,
                    gfo::v1::Municipality* out);
// Starts a period on start_date (default today). FAILED_PRECONDITION when a period is open or
// the last one ends after the new start.
absl::Status Join(Call& call, const gfo::v1::JoinGfoRequest& request, gfo::v1::Municipality* out);
// Ends the open period on end_date (default today). FAILED_PRECONDITION when none is open or
// the end would come before its start.
absl::Status Leave(Call& call, const gfo::v1::LeaveGfoRequest& request, gfo::v1::Municipality* out);

}  // namespace gfo::municipalities

#endif  // GFO_SERVICE_MUNICIPALITIES_H_
