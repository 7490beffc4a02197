// Demo data for new users: the matcher's seeded synthetic homes and requests in Västernorrland
// (matcher/synthetic.h), written as the gfo.v1 messages a client sends to CreateHome and
// CreateRequest, so `gfo demo seed` fills a server through its real API.
//
// The data hold no personal data at all: homes have no adults and no address, children have a
// birth date but no identity number. Pure functions of their arguments; thread-safe.

#ifndef GFO_SERVICE_DEMO_SEED_H_
#define GFO_SERVICE_DEMO_SEED_H_

#include <cstdint>
#include <vector>

#include "gfo/v1/home.pb.h"
#include "gfo/v1/request.pb.h"

namespace gfo::demo {

struct DemoHome {
  gfo::v1::Home home;  // for CreateHome (created in assessment)
  // Where the demo moves it next: APPROVED (most), PAUSED (approved, then paused), or
  // ASSESSMENT (left there).
  gfo::v1::HomeStatus status = gfo::v1::HOME_STATUS_APPROVED;
};

// `n` homes from `seed`, with availability dates relative to `today_day` (days since 1970-01-01).
std::vector<DemoHome> DemoHomes(int32_t n, uint64_t seed, int32_t today_day);

// `n` requests from `seed`, ready to submit on `today_day` (network examined, a demo case
// reference). Each comes from one of `member_codes` (a generated request from another
// municipality is given to the members in turn). REQUIRES: member_codes is not empty.
std::vector<gfo::v1::PlacementRequest> DemoRequests(int32_t n, uint64_t seed, int32_t today_day,
                                                    const std::vector<int32_t>& member_codes);

}  // namespace gfo::demo

#endif  // GFO_SERVICE_DEMO_SEED_H_
