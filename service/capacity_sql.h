// Which placements and proposal holds use a home's capacity, as SQL conditions shared by every
// query that counts it (a home's active and held children, the home index, vacancies, the crash
// checker), so that they cannot drift apart.
//
// Respite placements (kontaktfamilj: regular short stays) use no capacity between stays
// (DOMAIN.md), and the system does not schedule the stays: neither a respite placement nor the
// hold of a proposal for a respite request counts against the capacity that long-term, emergency
// and reinforced placements share. A respite proposal still needs free capacity for its children
// (they stay in the home on their visits).

#ifndef GFO_SERVICE_CAPACITY_SQL_H_
#define GFO_SERVICE_CAPACITY_SQL_H_

#include "gfo/v1/common.pb.h"

static_assert(gfo::v1::PLACEMENT_KIND_RESPITE == 4, "the conditions below name respite as 4");

// True for a row of `placements` (under `alias`) whose children use the home's capacity.
#define GFO_PLACEMENT_USES_CAPACITY(alias) "(" alias ".kind <> 4)"

// True for a row of `proposals` (under `alias`) whose hold uses the home's capacity.
// clang-format off
#define GFO_HOLD_USES_CAPACITY(alias)                   \
  "(NOT EXISTS (SELECT 1 FROM requests capacity_r "     \
  "WHERE capacity_r.id = " alias ".request_id AND capacity_r.kind = 4))"
// clang-format on

#endif  // GFO_SERVICE_CAPACITY_SQL_H_
