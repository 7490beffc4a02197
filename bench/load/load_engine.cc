#include "bench/load/load_engine.h"

#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/generic/generic_stub.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <random>
#include <thread>

namespace gfo::load {
namespace {

using Clock = std::chrono::steady_clock;

// CPU time used so far by every thread of this process, in seconds (-1 when unavailable).
double ProcessCpuSeconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0) return -1;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Decides whether another call may start: before the stop time and within the call budget.
class Budget {
 public:
  Budget(Clock::time_point stop, int64_t max_calls) : stop_(stop), max_calls_(max_calls) {}
  bool Claim() {
    if (Clock::now() >= stop_) return false;
    if (max_calls_ > 0 && started_.fetch_add(1, std::memory_order_relaxed) >= max_calls_) {
      return false;
    }
    return true;
  }

 private:
  const Clock::time_point stop_;
  const int64_t max_calls_;
  std::atomic<int64_t> started_{0};
};

// One call in flight and the state of its small state machine.
struct Slot {
  enum class State { kUnary, kStreamStart, kStreamWrite, kStreamRead, kStreamFinish };
  int channel = 0;
  int operation = -1;
  State state = State::kUnary;
  Clock::time_point start;
  std::unique_ptr<grpc::ClientContext> context;
  CallInput input;
  grpc::ByteBuffer response;
  grpc::Status status;
  int64_t messages = 0;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> unary;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> stream;
};

struct ThreadResult {
  std::vector<OperationStats> stats;
  std::map<std::string, std::string> first_error;
  Clock::time_point last_completion{};
};

class Worker {
 public:
  Worker(const std::vector<std::unique_ptr<grpc::GenericStub>>& stubs,
         const std::vector<Operation>& operations, const std::vector<MixEntry>& mix,
         const PhaseOptions& options, Budget& budget, Clock::time_point measure_from, uint64_t seed,
         int slots, int first_channel)
      : stubs_(stubs),
        operations_(operations),
        mix_(mix),
        options_(options),
        budget_(budget),
        measure_from_(measure_from),
        rng_(seed),
        slots_(slots) {
    double total = 0;
    for (const MixEntry& m : mix_) {
      total += m.weight;
      cumulative_.push_back(total);
    }
    result_.stats.resize(operations_.size());
    for (size_t i = 0; i < operations_.size(); ++i) result_.stats[i].name = operations_[i].name;
    for (int i = 0; i < slots; ++i) {
      slots_[i].channel = (first_channel + i) % static_cast<int>(stubs_.size());
    }
  }

  ThreadResult Run() {
    int active = 0;
    for (Slot& slot : slots_) {
      if (!budget_.Claim()) break;
      StartFresh(slot);
      ++active;
    }
    void* tag = nullptr;
    bool ok = false;
    while (active > 0 && cq_.Next(&tag, &ok)) {
      Slot& slot = *static_cast<Slot*>(tag);
      if (!Advance(slot, ok)) continue;  // the call goes on
      std::optional<FollowUp> next = Complete(slot);
      if (!budget_.Claim()) {
        --active;
        continue;
      }
      if (next.has_value()) {
        Start(slot, next->operation, std::move(next->input));
      } else {
        StartFresh(slot);
      }
    }
    cq_.Shutdown();
    while (cq_.Next(&tag, &ok)) {
    }
    return std::move(result_);
  }

 private:
  int PickOperation() {
    std::uniform_real_distribution<double> dist(0, cumulative_.back());
    const double x = dist(rng_);
    const size_t i =
        std::upper_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin();
    return mix_[std::min(i, mix_.size() - 1)].operation;
  }

  void StartFresh(Slot& slot) {
    const int op = PickOperation();
    const auto& inputs = operations_[op].inputs;
    std::uniform_int_distribution<size_t> pick(0, inputs.size() - 1);
    Start(slot, op, inputs[pick(rng_)]);
  }

  void Start(Slot& slot, int op, CallInput input) {
    const Operation& operation = operations_[op];
    slot.operation = op;
    // The readers live in the call's arena, which the context owns: drop them first.
    slot.unary.reset();
    slot.stream.reset();
    slot.context = std::make_unique<grpc::ClientContext>();
    if (!input.authorization.empty()) {
      slot.context->AddMetadata("authorization", input.authorization);
    }
    slot.context->set_deadline(std::chrono::system_clock::now() +
                               absl::ToChronoMicroseconds(options_.call_deadline));
    slot.input = std::move(input);
    slot.response.Clear();
    slot.messages = 0;
    slot.status = grpc::Status();
    slot.start = Clock::now();
    grpc::GenericStub& stub = *stubs_[slot.channel];
    if (operation.server_streaming) {
      slot.stream = stub.PrepareCall(slot.context.get(), operation.method, &cq_);
      slot.state = Slot::State::kStreamStart;
      slot.stream->StartCall(&slot);
    } else {
      slot.unary =
          stub.PrepareUnaryCall(slot.context.get(), operation.method, slot.input.message, &cq_);
      slot.state = Slot::State::kUnary;
      slot.unary->StartCall();
      slot.unary->Finish(&slot.response, &slot.status, &slot);
    }
  }

  // Moves the call's state machine on; true when the call has finished.
  bool Advance(Slot& slot, bool ok) {
    switch (slot.state) {
      case Slot::State::kUnary:
        return true;
      case Slot::State::kStreamStart:
        if (!ok) break;
        slot.state = Slot::State::kStreamWrite;
        slot.stream->WriteLast(slot.input.message, grpc::WriteOptions(), &slot);
        return false;
      case Slot::State::kStreamWrite:
        if (!ok) break;
        slot.state = Slot::State::kStreamRead;
        slot.stream->Read(&slot.response, &slot);
        return false;
      case Slot::State::kStreamRead:
        if (ok) {
          ++slot.messages;
          slot.stream->Read(&slot.response, &slot);
          return false;
        }
        break;
      case Slot::State::kStreamFinish:
        return true;
    }
    slot.state = Slot::State::kStreamFinish;
    slot.stream->Finish(&slot.status, &slot);
    return false;
  }

  std::optional<FollowUp> Complete(Slot& slot) {
    const Clock::time_point now = Clock::now();
    const Operation& operation = operations_[slot.operation];
    if (slot.start >= measure_from_) {
      OperationStats& stats = result_.stats[slot.operation];
      ++stats.calls;
      stats.stream_messages += slot.messages;
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - slot.start);
      stats.latencies_us.push_back(
          static_cast<uint32_t>(std::min<int64_t>(us.count(), UINT32_MAX)));
      if (slot.status.ok()) {
        ++stats.ok;
      } else {
        ++stats.errors[static_cast<int>(slot.status.error_code())];
      }
      result_.last_completion = std::max(result_.last_completion, now);
    }
    if (!slot.status.ok()) {
      result_.first_error.emplace(operation.name, slot.status.error_message());
      return std::nullopt;
    }
    if (operation.follow_up && !operation.server_streaming)
      return operation.follow_up(slot.response);
    return std::nullopt;
  }

  const std::vector<std::unique_ptr<grpc::GenericStub>>& stubs_;
  const std::vector<Operation>& operations_;
  const std::vector<MixEntry>& mix_;
  const PhaseOptions& options_;
  Budget& budget_;
  const Clock::time_point measure_from_;
  std::mt19937_64 rng_;
  std::vector<double> cumulative_;
  grpc::CompletionQueue cq_;  // declared before the slots: their calls go first
  std::vector<Slot> slots_;
  ThreadResult result_;
};

}  // namespace

double OperationStats::PercentileMs(double p) const {
  if (latencies_us.empty()) return 0;
  std::vector<uint32_t> sorted = latencies_us;
  const size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * sorted.size()));
  const size_t index = std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(sorted.begin(), sorted.begin() + index, sorted.end());
  return sorted[index] / 1000.0;
}

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

CallInput MakeInput(const std::string& bytes, const std::string& token) {
  CallInput input;
  input.message = ToByteBuffer(bytes);
  if (!token.empty()) input.authorization = "Bearer " + token;
  return input;
}

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

PhaseResult RunPhase(const std::vector<std::shared_ptr<grpc::Channel>>& channels,
                     const std::vector<Operation>& operations, const std::vector<MixEntry>& mix,
                     const PhaseOptions& options) {
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (const auto& channel : channels)
    stubs.push_back(std::make_unique<grpc::GenericStub>(channel));
  const int threads = std::max(1, options.threads);
  const int concurrency = std::max(threads, options.concurrency);
  const Clock::time_point begin = Clock::now();
  const Clock::time_point measure_from = begin + absl::ToChronoMicroseconds(options.warmup);
  Budget budget(measure_from + absl::ToChronoMicroseconds(options.duration), options.max_calls);

  // The process's CPU time when measurement starts (the warm-up's CPU is left out).
  double cpu_from = -1;
  std::thread cpu_sampler([&] {
    std::this_thread::sleep_until(measure_from);
    cpu_from = ProcessCpuSeconds();
  });
  std::vector<ThreadResult> results(threads);
  std::vector<std::thread> pool;
  int first_slot = 0;
  for (int t = 0; t < threads; ++t) {
    const int slots = concurrency / threads + (t < concurrency % threads ? 1 : 0);
    pool.emplace_back([&, t, slots, first_slot] {
      Worker worker(stubs, operations, mix, options, budget, measure_from,
                    options.seed * 7919 + static_cast<uint64_t>(t), slots, first_slot);
      results[t] = worker.Run();
    });
    first_slot += slots;
  }
  for (std::thread& thread : pool) thread.join();
  cpu_sampler.join();
  const double cpu_to = ProcessCpuSeconds();

  PhaseResult out;
  if (cpu_from >= 0 && cpu_to >= cpu_from) out.cpu_seconds = cpu_to - cpu_from;
  out.operations.resize(operations.size());
  Clock::time_point last{};
  for (size_t i = 0; i < operations.size(); ++i) out.operations[i].name = operations[i].name;
  for (ThreadResult& r : results) {
    last = std::max(last, r.last_completion);
    for (size_t i = 0; i < r.stats.size(); ++i) {
      OperationStats& into = out.operations[i];
      OperationStats& from = r.stats[i];
      into.calls += from.calls;
      into.ok += from.ok;
      into.stream_messages += from.stream_messages;
      for (const auto& [code, count] : from.errors) into.errors[code] += count;
      into.latencies_us.insert(into.latencies_us.end(), from.latencies_us.begin(),
                               from.latencies_us.end());
    }
    for (auto& [name, message] : r.first_error) out.first_error.emplace(name, message);
  }
  for (const OperationStats& s : out.operations) {
    out.calls += s.calls;
    out.ok += s.ok;
  }
  if (last > measure_from) {
    out.seconds = std::chrono::duration<double>(last - measure_from).count();
  }
  return out;
}

}  // namespace gfo::load
