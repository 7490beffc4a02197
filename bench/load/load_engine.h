// The load engine of gfo_load: many concurrent gRPC calls in flight over the asynchronous
// CompletionQueue API with generic (byte-level) stubs, so the same engine drives the bare echo
// server and gfo-server and the client costs the same per call in both.
//
// A phase picks each call from a weighted mix of operations, keeps `concurrency` calls in flight
// until its time or call budget is spent, and reports completions, status codes and latency per
// operation. Calls that started during the warm-up are made but not measured.

#ifndef GFO_BENCH_LOAD_LOAD_ENGINE_H_
#define GFO_BENCH_LOAD_LOAD_ENGINE_H_

#include <grpcpp/channel.h>
#include <grpcpp/support/byte_buffer.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace gfo::load {

// What one call sends: the serialized request and its credential.
struct CallInput {
  grpc::ByteBuffer message;
  std::string authorization;  // the whole header value, "Bearer <token>"; empty = none
};

// The next call a slot makes at once after a successful call (e.g. withdraw the proposal that
// was just created), instead of a fresh pick from the mix.
struct FollowUp {
  int operation = 0;  // index into the phase's operations
  CallInput input;
};

// One kind of call.
struct Operation {
  std::string name;    // the row in the report, e.g. "GetHome"
  std::string method;  // the full path, e.g. "/gfo.v1.HomeService/GetHome"
  bool server_streaming = false;
  // The calls to choose from; each call takes one at random. Must not be empty.
  std::vector<CallInput> inputs;
  // Optional: called for a successful unary call with its response.
  std::function<std::optional<FollowUp>(const grpc::ByteBuffer& response)> follow_up;
};

struct MixEntry {
  int operation = 0;
  double weight = 1;
};

struct PhaseOptions {
  int concurrency = 32;                        // calls in flight
  int threads = 1;                             // completion-queue threads of the client
  absl::Duration duration = absl::Seconds(5);  // measured time, after the warm-up
  absl::Duration warmup = absl::Seconds(1);
  int64_t max_calls = 0;  // 0 = no limit; warm-up calls count too
  absl::Duration call_deadline = absl::Seconds(30);
  uint64_t seed = 1;
};

struct OperationStats {
  std::string name;
  int64_t calls = 0;  // measured completions, any status
  int64_t ok = 0;
  std::map<int, int64_t> errors;  // grpc status code -> count
  int64_t stream_messages = 0;
  std::vector<uint32_t> latencies_us;  // one per measured completion

  double PercentileMs(double p) const;  // nearest rank; 0 when there are no calls
};

struct PhaseResult {
  double seconds = 0;  // measured wall time
  int64_t calls = 0;   // measured completions, any status
  int64_t ok = 0;
  std::vector<OperationStats> operations;  // in the order of the phase's operations
  // First error message seen per operation name (for the report; never personal data, the
  // server's messages carry none).
  std::map<std::string, std::string> first_error;

  // CPU time of the whole process (every thread: the client, and a server running in it) from
  // the start of measurement to the end of the phase; negative when not measured.
  double cpu_seconds = -1;

  double calls_per_second() const { return seconds > 0 ? calls / seconds : 0; }
  // Process CPU per measured call, in microseconds (0 when not measured).
  double cpu_us_per_call() const {
    return cpu_seconds >= 0 && calls > 0 ? cpu_seconds * 1e6 / static_cast<double>(calls) : 0;
  }
};

// Runs one phase: `mix` names which of `operations` to start and how often (follow-ups may
// reach any operation). Calls are spread over `channels` round-robin per slot.
PhaseResult RunPhase(const std::vector<std::shared_ptr<grpc::Channel>>& channels,
                     const std::vector<Operation>& operations, const std::vector<MixEntry>& mix,
                     const PhaseOptions& options);

// A ByteBuffer holding `bytes` (a serialized message).
grpc::ByteBuffer ToByteBuffer(const std::string& bytes);
// A call input: `bytes` sent with `token` as a bearer credential (none when empty).
CallInput MakeInput(const std::string& bytes, const std::string& token);
// The bytes of a ByteBuffer (for parsing a response in a follow-up).
std::string FromByteBuffer(const grpc::ByteBuffer& buffer);

}  // namespace gfo::load

#endif  // GFO_BENCH_LOAD_LOAD_ENGINE_H_
