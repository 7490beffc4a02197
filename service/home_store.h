// Storage of family homes: the SQL behind service/homes.{h,cc}. Internal to the home bank; other
// services read homes through homes.h (LoadHome, LoadHomeCapacity).
//
// A home is one `homes` row: indexed columns (status, municipality, capacity, ages, a kinds bit
// mask) plus the whole gfo.v1.Home as a proto blob in canonical, unmasked form, holding the input
// fields and the output fields without a column of their own (close reason, availability
// confirmation). Counters are summed from placements and proposals at read time.
//
// Every function runs on the connection it is given (inside Call::Read or Call::Write) and
// returns storage errors as they come (see service/storage/sqlite.h).

#ifndef GFO_SERVICE_HOME_STORE_H_
#define GFO_SERVICE_HOME_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gfo/v1/home.pb.h"
#include "service/storage/sqlite.h"

namespace gfo::home_store {

// Which homes ListHomes returns. Zero / nullopt fields do not filter.
struct ListFilter {
  int64_t after_id = 0;   // only homes with a larger id, in id order
  int32_t status = 0;     // HomeStatus
  int64_t kind_mask = 0;  // any of these bits set in the kinds column
  int32_t municipality_code = 0;
  std::optional<int32_t> accepts_age;
  std::optional<int32_t> min_free_capacity;  // as of `now`
  int64_t limit = 50;
};

// Appends up to filter.limit homes, as LoadHome fills them, to `out`.
absl::Status List(storage::Db& db, absl::Time now, const ListFilter& filter,
                  std::vector<gfo::v1::Home>* out);

// The id a new home gets (one more than the largest). REQUIRES: inside the write transaction
// that inserts it.
absl::StatusOr<int64_t> NextId(storage::Db& db);

// Inserts `home` (canonical form, status set) as row `id` with version 1 and code FH-0001 style.
// `home` is left as it was (StoredBlob).
absl::Status Insert(storage::Db& db, int64_t id, gfo::v1::Home& home, absl::Time now);

// Writes `home` over row `id` and bumps its version (the etag). `home` was read by LoadHome in
// the same write transaction and changed since; Save then sets its etag, update_time and
// free_capacity as they are stored now, so that `home` is what LoadHome would return (the writes
// answer with it instead of reading the row back).
absl::Status Save(storage::Db& db, int64_t id, gfo::v1::Home& home, absl::Time now);

// The proto blob stored for a home (Insert, Save): `home` without the output fields that have a
// column of their own or are computed when read (validation::ClearHomeOutputOnlyFields clears
// them all; the close reason and the availability confirmation have no column and stay in the
// blob). `home` is left as it was.
std::string StoredBlob(gfo::v1::Home& home);

// True if `code` is in the municipalities table.
absl::StatusOr<bool> MunicipalityExists(storage::Db& db, int32_t code);

}  // namespace gfo::home_store

#endif  // GFO_SERVICE_HOME_STORE_H_
