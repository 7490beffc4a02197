// gfo_load and the crash driver only ever talk to this machine: a target address must name a
// loopback host (127.0.0.0/8, ::1 or localhost) with a port.

#ifndef GFO_BENCH_LOAD_LOOPBACK_H_
#define GFO_BENCH_LOAD_LOOPBACK_H_

#include <string_view>

#include "absl/status/status.h"

namespace gfo::load {

// OK for "127.0.0.1:50051", "localhost:50051", "[::1]:50051" (an optional "ipv4:" / "ipv6:"
// scheme is accepted); INVALID_ARGUMENT naming `field` for anything else.
absl::Status CheckLoopbackAddress(std::string_view address, std::string_view field);

}  // namespace gfo::load

#endif  // GFO_BENCH_LOAD_LOOPBACK_H_
