// gfo_load: throughput and latency of gfo-server under a realistic, authenticated and audited
// load, measured in the same run as a bare gRPC echo server built the same way, so the result
// reads as a ratio of this machine's transport limit. Loopback only.
//
//   gfo_load --target echo                   the echo baseline alone
//   gfo_load --target gfo                    in-process gfo-server on a temporary SQLite file:
//                                            echo, the recorded echo (the floor of an audited
//                                            call: echo plus one row per call through the
//                                            service's group commit, bench/load/echo_server.h),
//                                            audited reads (per-call audit commit, then group
//                                            commit), audited writes, the mix, echo again
//   gfo_load --phases echo,journal,reads,echo  adds the journaled echo (one write(2) per call)
//   gfo_load --concurrency 32,64,128         each phase at each level, measured at its peak
//   gfo_load --target gfo --server 127.0.0.1:50051 --token ADMIN_TOKEN
//                                            the same against a running server

#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "bench/load/echo.pb.h"
#include "bench/load/echo_server.h"
#include "bench/load/gfo_workload.h"
#include "bench/load/load_engine.h"
#include "bench/load/loopback.h"
#include "service/server.h"
#include "service/storage/database.h"
#include "service/storage/rows.h"

namespace gfo::load {
namespace {

struct Flags {
  std::string target = "gfo";
  std::string server;
  std::string token;
  // Calls in flight; with several levels each phase runs at each and is measured at its peak.
  std::vector<int> concurrency = {32};
  int threads = 2;
  int channels = 2;
  double duration = 5;
  int rounds = 1;
  double warmup = 1;
  int64_t max_calls = 0;
  std::string phases = "echo,floor,reads,writes,mix,echo";
  std::string reads_mix = "GetHome=1,GetRequest=1";
  std::string writes_mix = "ConfirmAvailability=1";
  std::string mix =
      "GetRequest=25,ListRequests=8,RankHomes=12,ListProposals=5,GetHome=20,ListHomes=8,"
      "CreateProposal=5,ConfirmAvailability=5,ListAuditEvents=5,ExportAuditEvents=1";
  std::string group_commit = "both";
  int homes = 200;
  int requests = 100;
  int readers = 4;
  std::string synchronous = ServerOptions().synchronous;
  int checkpoint_pages = ServerOptions().checkpoint_pages;
  int audit_index_ms =
      static_cast<int>(absl::ToInt64Milliseconds(ServerOptions().audit_index_interval));
  std::string access_log = "file";
  int payload = 64;
  uint64_t seed = 1;
};

const char* CodeName(int code) {
  static const char* const kNames[] = {
      "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT", "DEADLINE",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "EXHAUSTED",        "FAILED_PRECONDITION",
      "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",         "UNAVAILABLE",
      "DATA_LOSS", "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : "?";
}

std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(const std::string& address, int count) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < std::max(1, count); ++i) {
    grpc::ChannelArguments args;
    // Each channel gets its own connection rather than sharing one subchannel.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("gfo.load.channel", i);
    channels.push_back(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

PhaseOptions OptionsFrom(const Flags& f) {
  PhaseOptions o;
  o.concurrency = f.concurrency.front();
  o.threads = f.threads;
  o.duration = absl::Seconds(f.duration);
  o.warmup = absl::Seconds(f.warmup);
  o.max_calls = f.max_calls;
  o.seed = f.seed;
  return o;
}

void PrintPhase(const std::string& label, const PhaseResult& r) {
  std::printf("\n== %s: %.0f calls/s (%lld calls, %lld ok, %.2f s measured)\n", label.c_str(),
              r.calls_per_second(), static_cast<long long>(r.calls), static_cast<long long>(r.ok),
              r.seconds);
  if (r.cpu_us_per_call() > 0) {
    std::printf(
        "  process CPU: %.1f us per call (every thread of gfo_load: the client, and the "
        "server when it runs in-process)\n",
        r.cpu_us_per_call());
  }
  std::printf("  %-22s %9s %10s %9s %9s  %s\n", "operation", "calls", "calls/s", "p50 ms", "p99 ms",
              "errors");
  for (const OperationStats& s : r.operations) {
    if (s.calls == 0) continue;
    std::string errors;
    for (const auto& [code, count] : s.errors) {
      absl::StrAppend(&errors, errors.empty() ? "" : " ", CodeName(code), "=", count);
    }
    std::printf("  %-22s %9lld %10.0f %9.2f %9.2f  %s\n", s.name.c_str(),
                static_cast<long long>(s.calls), r.seconds > 0 ? s.calls / r.seconds : 0.0,
                s.PercentileMs(50), s.PercentileMs(99), errors.empty() ? "-" : errors.c_str());
  }
  for (const auto& [name, message] : r.first_error) {
    std::printf("  first error of %s: %s\n", name.c_str(), message.c_str());
  }
  std::fflush(stdout);
}

// The in-process gfo-server, restartable with another audit setting on the same file.
class InProcessServer {
 public:
  InProcessServer(const Flags& flags, std::string dir) : flags_(flags), dir_(std::move(dir)) {}

  absl::Status Start(bool group_commit) {
    server_.reset();
    ServerOptions o;
    o.listen_address = "127.0.0.1:0";
    o.db_path = dir_ + "/gfo.db";
    o.backup_dir = dir_ + "/backups";
    o.readers = flags_.readers;
    o.synchronous = flags_.synchronous;
    o.max_group = group_commit ? ServerOptions().max_group : 1;
    o.checkpoint_pages = flags_.checkpoint_pages;
    o.audit_index_interval = absl::Milliseconds(flags_.audit_index_ms);
    if (flags_.access_log == "file") {
      // The access log as gfo-server writes it (one line per call), to a file.
      o.logger = std::make_shared<spdlog::logger>(
          "gfo", std::make_shared<spdlog::sinks::basic_file_sink_mt>(dir_ + "/access.log"));
      o.logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %l %v", spdlog::pattern_time_type::utc);
    }
    auto server = GfoServer::Start(o);
    if (!server.ok()) return server.status();
    server_ = std::move(*server);
    if (!server_->bootstrap_admin_token().empty()) admin_token_ = server_->bootstrap_admin_token();
    group_commit_ = group_commit;
    return absl::OkStatus();
  }

  GfoServer& server() { return *server_; }
  const std::string& admin_token() const { return admin_token_; }
  bool group_commit() const { return group_commit_; }

 private:
  const Flags& flags_;
  std::string dir_;
  std::unique_ptr<GfoServer> server_;
  std::string admin_token_;
  bool group_commit_ = false;
};

Operation EchoOperation(int payload) {
  Operation op;
  op.name = "Echo";
  op.method = kEchoMethod;
  EchoMessage message;
  message.set_payload(std::string(static_cast<size_t>(std::max(0, payload)), 'x'));
  op.inputs.push_back(MakeInput(message.SerializeAsString(), ""));
  return op;
}

bool WaitReady(const std::vector<std::shared_ptr<grpc::Channel>>& channels) {
  for (const auto& channel : channels) {
    if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
      return false;
    }
  }
  return true;
}

// Makes one or two calls of each operation; an operation whose call does not succeed is left
// out of every mix (name -> why).
std::map<std::string, std::string> Probe(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const std::vector<Operation>& ops) {
  std::map<std::string, std::string> unavailable;
  PhaseOptions o;
  o.concurrency = 1;
  o.threads = 1;
  o.warmup = absl::ZeroDuration();
  o.duration = absl::Seconds(30);
  o.max_calls = 2;  // a call and its follow-up
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].name == "WithdrawProposal") continue;  // only ever a follow-up
    PhaseResult r = RunPhase(channels, ops, {MixEntry{static_cast<int>(i), 1}}, o);
    const OperationStats& s = r.operations[i];
    if (s.calls == 0 || s.ok < s.calls) {
      std::string why = "probe call failed";
      if (!s.errors.empty())
        why = absl::StrCat("probe call failed with ", CodeName(s.errors.begin()->first));
      if (auto it = r.first_error.find(ops[i].name); it != r.first_error.end()) {
        absl::StrAppend(&why, ": ", it->second);
      }
      unavailable[ops[i].name] = why;
    }
  }
  return unavailable;
}

// What the group commit did during a phase: `writes` (named `what`) in `commits` transactions.
void PrintGroupCommit(std::string_view what, int64_t writes, int64_t commits) {
  if (commits <= 0) return;
  std::printf("  group commit: %lld %.*s in %lld transactions (%.1f per commit)\n",
              static_cast<long long>(writes), static_cast<int>(what.size()), what.data(),
              static_cast<long long>(commits),
              static_cast<double>(writes) / static_cast<double>(commits));
}

// One phase's result as the summaries use it.
struct Measure {
  double rate = 0;      // calls/s
  double cpu_us = 0;    // process CPU per call, client and in-process server; 0: not measured
  int concurrency = 0;  // calls in flight when measured
};

// Process CPU per call, when the server runs in this process (0 otherwise: the CPU time would
// only be the client's).
Measure MeasureOf(const PhaseResult& r, bool server_in_process, int concurrency) {
  return Measure{r.calls_per_second(), server_in_process ? r.cpu_us_per_call() : 0, concurrency};
}

// A phase run at each of `levels` calls in flight (one level: the phase as it always ran).
struct Sweep {
  PhaseResult peak;  // the level with the highest rate
  int peak_concurrency = 0;
  int64_t ok = 0;  // answered calls over all levels
};

// Runs `run` once per level and prints each; with several levels, also the peak. A service
// whose calls take longer needs more calls in flight to reach its own peak than the echo does
// (bench/LOAD_RESULTS.md), so comparing peaks compares each with its own limit.
Sweep RunLevels(const std::vector<int>& levels, const PhaseOptions& base, const std::string& label,
                absl::FunctionRef<PhaseResult(const PhaseOptions&)> run) {
  Sweep sweep;
  for (int level : levels) {
    PhaseOptions o = base;
    o.concurrency = level;
    PhaseResult r = run(o);
    PrintPhase(levels.size() > 1 ? absl::StrCat(label, ", ", level, " in flight") : label, r);
    sweep.ok += r.ok;
    if (sweep.peak_concurrency == 0 || r.calls_per_second() > sweep.peak.calls_per_second()) {
      sweep.peak = std::move(r);
      sweep.peak_concurrency = level;
    }
  }
  if (levels.size() > 1) {
    std::printf("  peak of %s: %.0f calls/s at %d in flight\n", label.c_str(),
                sweep.peak.calls_per_second(), sweep.peak_concurrency);
  }
  return sweep;
}

struct Summary {
  std::vector<Measure> echo;
  Measure floor;    // the recorded echo
  Measure journal;  // the journaled echo
  Measure reads_per_call;
  Measure reads_group;
  Measure reads_server;  // --server: whatever the server does
  Measure writes;
  Measure mix;
};

// A ratio as printed: cut, not rounded, to two decimals, so that a ratio printed as meeting a
// target does (0.396 prints as 0.39, not as 0.40 beside "NOT met").
double Cut2(double ratio) { return std::floor(ratio * 100) / 100; }

// The mean of the echo runs' rates and of their CPU per call.
Measure MeanEcho(const Summary& s) {
  Measure mean;
  int with_cpu = 0;
  for (const Measure& e : s.echo) {
    mean.rate += e.rate;
    if (e.cpu_us > 0) {
      mean.cpu_us += e.cpu_us;
      ++with_cpu;
    }
  }
  if (!s.echo.empty()) mean.rate /= static_cast<double>(s.echo.size());
  mean.cpu_us =
      with_cpu > 0 && with_cpu == static_cast<int>(s.echo.size()) ? mean.cpu_us / with_cpu : 0;
  return mean;
}

// Echo's CPU per call over `m`'s: the ratio `m` would reach if both had the cores to themselves,
// which the other engineers' load moves far less than the ratio of rates (0 when not measured).
double CpuRatio(const Measure& m, const Measure& echo) {
  return m.cpu_us > 0 && echo.cpu_us > 0 ? echo.cpu_us / m.cpu_us : 0;
}

// `peaks`: each measure is its phase's peak over several concurrency levels (RunLevels).
void PrintSummary(const Summary& s, const std::string& title, bool peaks) {
  std::printf("\n== %s%s\n", title.c_str(),
              peaks ? " (each phase at its peak over the concurrency levels)" : "");
  if (s.echo.empty()) return;
  const Measure echo = MeanEcho(s);
  std::vector<std::string> runs;
  for (const Measure& e : s.echo) {
    runs.push_back(peaks ? absl::StrCat(static_cast<int64_t>(e.rate), " at ", e.concurrency)
                         : absl::StrCat(static_cast<int64_t>(e.rate)));
  }
  std::printf("  echo (bare gRPC)                       %8.0f calls/s (mean of %zu runs: %s)",
              echo.rate, s.echo.size(), absl::StrJoin(runs, ", ").c_str());
  if (echo.cpu_us > 0) std::printf(", CPU %.1f us per call", echo.cpu_us);
  std::printf("\n");
  auto line = [&](const char* label, const Measure& m, double target) {
    if (m.rate <= 0) return;
    const double ratio = m.rate / echo.rate;
    std::printf("  %-38s %8.0f calls/s", label, m.rate);
    if (peaks) std::printf(" at %d in flight", m.concurrency);
    std::printf(" = %.2f of echo", Cut2(ratio));
    if (target > 0) {
      std::printf(" (target >= %.2f: %s)", target, ratio >= target ? "met" : "NOT met");
    }
    if (const double by_cpu = CpuRatio(m, echo); by_cpu > 0) {
      std::printf("; CPU %.1f us per call, by CPU %.2f of echo", m.cpu_us, Cut2(by_cpu));
    }
    std::printf("\n");
  };
  line("recorded echo (audited-call floor)", s.floor, 0);
  line("journaled echo (one write per call)", s.journal, 0);
  line("audited reads, per-call audit commit", s.reads_per_call,
       s.reads_group.rate > 0 || s.reads_server.rate > 0 ? 0 : 0.60);
  line("audited reads, group commit", s.reads_group, 0.60);
  line("audited reads", s.reads_server, 0.60);
  line("audited writes", s.writes, 0.40);
  line("mix", s.mix, 0);
  if (s.reads_per_call.rate > 0 && s.reads_group.rate > 0) {
    std::printf("  group commit on audited reads: x%.2f\n",
                s.reads_group.rate / s.reads_per_call.rate);
  }
  std::fflush(stdout);
}

// With --rounds: each measure's ratio to the echo of its own round (the phases of one round run
// seconds apart, so a change in the machine's other load between rounds cancels out), and the
// median over the rounds.
void PrintRoundsSummary(const std::vector<Summary>& rounds, bool peaks) {
  std::printf("\n== summary over %zu rounds (ratio to the echo of the same round%s)\n",
              rounds.size(), peaks ? "; each phase at its peak over the concurrency levels" : "");
  // The median and each round's value of `ratios`, as printed.
  struct Spread {
    double median = 0;
    std::string each;
  };
  auto spread = [](std::vector<double> ratios) {
    Spread out;
    std::vector<std::string> each;
    for (double r : ratios) each.push_back(absl::StrFormat("%.2f", Cut2(r)));
    out.each = absl::StrJoin(each, ", ");
    std::sort(ratios.begin(), ratios.end());
    const size_t n = ratios.size();
    out.median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
    return out;
  };
  auto line = [&](const char* label, Measure Summary::*measure, double target) {
    std::vector<double> ratios;
    std::vector<double> cpu_ratios;
    for (const Summary& s : rounds) {
      const Measure echo = MeanEcho(s);
      const Measure& m = s.*measure;
      if (m.rate > 0 && echo.rate > 0) ratios.push_back(m.rate / echo.rate);
      if (const double by_cpu = CpuRatio(m, echo); by_cpu > 0) cpu_ratios.push_back(by_cpu);
    }
    if (ratios.empty()) return;
    const Spread rates = spread(ratios);
    std::printf("  %-38s median %.2f of echo (rounds: %s)", label, Cut2(rates.median),
                rates.each.c_str());
    if (target > 0) {
      std::printf(" target >= %.2f: %s", target, rates.median >= target ? "met" : "NOT met");
    }
    std::printf("\n");
    if (cpu_ratios.size() == ratios.size()) {
      const Spread cpu = spread(cpu_ratios);
      std::printf("  %-38s by CPU median %.2f of echo (rounds: %s)\n", "", Cut2(cpu.median),
                  cpu.each.c_str());
    }
  };
  line("recorded echo (audited-call floor)", &Summary::floor, 0);
  line("journaled echo (one write per call)", &Summary::journal, 0);
  line("audited reads, per-call audit commit", &Summary::reads_per_call, 0);
  line("audited reads, group commit", &Summary::reads_group, 0.60);
  line("audited reads", &Summary::reads_server, 0.60);
  line("audited writes", &Summary::writes, 0.40);
  line("mix", &Summary::mix, 0);
  std::fflush(stdout);
}

int Run(const Flags& flags, const std::string& command_line) {
  std::printf("gfo_load: %s\n", command_line.c_str());
  std::printf(
      "  concurrency %s, client threads %d, channels %d, %.1f s per phase after %.1f s "
      "warm-up, max calls %lld, %u cores\n",
      absl::StrJoin(flags.concurrency, ",").c_str(), flags.threads, flags.channels, flags.duration,
      flags.warmup, static_cast<long long>(flags.max_calls), std::thread::hardware_concurrency());
  {
    // Other work on the machine skews absolute rates; ratios within one run hold up better.
    std::ifstream loadavg("/proc/loadavg");
    std::string one, five, fifteen;
    if (loadavg >> one >> five >> fifteen) {
      std::printf("  load average before the run: %s %s %s\n", one.c_str(), five.c_str(),
                  fifteen.c_str());
    }
  }
  std::vector<std::string> phases = absl::StrSplit(flags.phases, ',', absl::SkipWhitespace());
  for (const std::string& p : phases) {
    if (p != "echo" && p != "floor" && p != "journal" && p != "reads" && p != "writes" &&
        p != "mix") {
      std::cerr << "gfo_load: --phases: unknown phase " << p
                << " (echo|floor|journal|reads|writes|mix)\n";
      return 2;
    }
    if (flags.target == "echo" && p != "echo" && p != "floor" && p != "journal") {
      std::cerr << "gfo_load: --target echo runs only echo, floor and journal phases\n";
      return 2;
    }
  }
  const PhaseOptions options = OptionsFrom(flags);
  const bool peaks = flags.concurrency.size() > 1;

  auto echo = EchoServer::Start("127.0.0.1:0");
  if (!echo.ok()) {
    std::cerr << "gfo_load: " << echo.status().message() << "\n";
    return 1;
  }
  const auto echo_channels = MakeChannels((*echo)->address(), flags.channels);
  const std::vector<Operation> echo_ops = {EchoOperation(flags.payload)};
  const std::vector<MixEntry> echo_mix = {MixEntry{0, 1}};
  if (!WaitReady(echo_channels)) {
    std::cerr << "gfo_load: the echo server does not answer\n";
    return 1;
  }
  // The recorded echo: the same echo server, each call appending a row to a SQLite file of its
  // own, opened with the in-process gfo-server's storage settings, through the same group commit.
  // The journaled echo: the same again, each call appending a record to a file with one write.
  std::string floor_dir;
  std::unique_ptr<storage::Database> floor_db;
  std::unique_ptr<EchoServer> floor_server;
  std::vector<std::shared_ptr<grpc::Channel>> floor_channels;
  int journal_fd = -1;
  std::unique_ptr<EchoServer> journal_server;
  std::vector<std::shared_ptr<grpc::Channel>> journal_channels;
  const bool want_floor = std::find(phases.begin(), phases.end(), "floor") != phases.end();
  const bool want_journal = std::find(phases.begin(), phases.end(), "journal") != phases.end();
  if (want_floor || want_journal) {
    std::string templ = (std::filesystem::temp_directory_path() / "gfo-floor-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      std::cerr << "gfo_load: cannot create a temporary directory\n";
      return 1;
    }
    floor_dir = templ;
  }
  // Keeps a started echo server and connects to it; false (with a message) when either failed.
  auto serve = [&](std::string_view label, absl::StatusOr<std::unique_ptr<EchoServer>> server,
                   std::unique_ptr<EchoServer>& kept,
                   std::vector<std::shared_ptr<grpc::Channel>>& connected) {
    if (!server.ok()) {
      std::cerr << "gfo_load: " << label << ": " << server.status().message() << "\n";
      return false;
    }
    kept = std::move(*server);
    connected = MakeChannels(kept->address(), flags.channels);
    if (!WaitReady(connected)) {
      std::cerr << "gfo_load: the " << label << " server does not answer\n";
      return false;
    }
    return true;
  };
  if (want_journal) {
    journal_fd =
        open((floor_dir + "/journal").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (!serve("journaled echo",
               journal_fd >= 0 ? EchoServer::StartJournaled("127.0.0.1:0", journal_fd)
                               : absl::UnavailableError("cannot create the journal file"),
               journal_server, journal_channels)) {
      return 1;
    }
  }
  if (want_floor) {
    storage::DatabaseOptions o;
    o.path = floor_dir + "/floor.db";
    o.readers = 1;
    o.synchronous = flags.synchronous;
    o.checkpoint_pages = flags.checkpoint_pages;
    auto db = storage::Database::Open(o);
    absl::Status created = db.ok() ? EchoServer::CreateRecordTable(**db) : db.status();
    if (!created.ok()) {
      std::cerr << "gfo_load: recorded echo: " << created.message() << "\n";
      return 1;
    }
    floor_db = std::move(*db);
    if (!serve("recorded echo", EchoServer::Start("127.0.0.1:0", floor_db.get()), floor_server,
               floor_channels)) {
      return 1;
    }
  }
  auto stop_floor = [&] {
    floor_channels.clear();
    floor_server.reset();
    floor_db.reset();
    journal_channels.clear();
    journal_server.reset();
    if (journal_fd >= 0) close(journal_fd);
    if (!floor_dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(floor_dir, ec);
    }
  };

  Summary summary;
  auto run_echo = [&] {
    const Sweep sweep = RunLevels(
        flags.concurrency, options,
        absl::StrCat("echo (bare gRPC, ", flags.payload, "-byte payload)"),
        [&](const PhaseOptions& o) { return RunPhase(echo_channels, echo_ops, echo_mix, o); });
    summary.echo.push_back(MeasureOf(sweep.peak, true, sweep.peak_concurrency));
  };
  // Rows of the recorded echo's table, read back from the file (-1 when the read fails).
  auto count_records = [&]() -> int64_t {
    int64_t rows = -1;
    (void)floor_db->Read([&](storage::Db& db) -> absl::Status {
      auto stmt = db.Prepare("SELECT COUNT(*) FROM load_records");
      if (!stmt.ok()) return stmt.status();
      auto count = storage::ReadOneRow(
          **stmt, "load_records", [](const storage::Statement& row) { return row.ColumnInt(0); });
      if (count.ok()) rows = *count;
      return count.status();
    });
    return rows;
  };
  bool floor_lost = false;
  auto run_floor = [&] {
    const int64_t commits = floor_db->commits();
    const int64_t writes = floor_db->committed_writes();
    const int64_t rows_before = count_records();
    const Sweep sweep = RunLevels(
        flags.concurrency, options,
        absl::StrCat("recorded echo (echo + one ", flags.payload,
                     "-byte row per call, group commit)"),
        [&](const PhaseOptions& o) { return RunPhase(floor_channels, echo_ops, echo_mix, o); });
    // Every answered call must have its row in the file (the warm-up's calls add more).
    const int64_t rows_added = count_records() - rows_before;
    if (rows_before < 0 || rows_added < sweep.ok) {
      // In the errors column's CODE=count form, which LoadToolSmoke fails on.
      std::printf("  recorded echo: DATA_LOSS=%lld answered calls have no row in the file\n",
                  static_cast<long long>(sweep.ok - std::max<int64_t>(0, rows_added)));
      floor_lost = true;
    }
    PrintGroupCommit("rows", floor_db->committed_writes() - writes, floor_db->commits() - commits);
    summary.floor = MeasureOf(sweep.peak, true, sweep.peak_concurrency);
  };
  auto run_journal = [&] {
    const std::string journal = floor_dir + "/journal";
    std::error_code ec;
    const uintmax_t size_before = std::filesystem::file_size(journal, ec);
    const Sweep sweep = RunLevels(
        flags.concurrency, options,
        absl::StrCat("journaled echo (echo + one ", flags.payload,
                     "-byte record per call, one write each)"),
        [&](const PhaseOptions& o) { return RunPhase(journal_channels, echo_ops, echo_mix, o); });
    // Every answered call must have its record in the file (the warm-up's calls add more).
    const uintmax_t size_after = ec ? 0 : std::filesystem::file_size(journal, ec);
    const auto record = static_cast<uintmax_t>(
        EchoServer::JournalRecordBytes(static_cast<size_t>(std::max(0, flags.payload))));
    const int64_t records = !ec && size_after >= size_before
                                ? static_cast<int64_t>((size_after - size_before) / record)
                                : 0;
    if (records < sweep.ok) {
      std::printf("  journaled echo: DATA_LOSS=%lld answered calls have no record in the file\n",
                  static_cast<long long>(sweep.ok - records));
      floor_lost = true;
    }
    summary.journal = MeasureOf(sweep.peak, true, sweep.peak_concurrency);
  };
  // Runs the rounds: the echo phases here, the others through `gfo_phase` (false: stop, failed).
  // Returns the exit code.
  auto run_rounds = [&](absl::FunctionRef<bool(const std::string&)> gfo_phase) -> int {
    std::vector<Summary> rounds;
    bool failed = false;
    for (int round = 1; round <= flags.rounds && !failed; ++round) {
      if (flags.rounds > 1) std::printf("\n==== round %d of %d\n", round, flags.rounds);
      summary = Summary();
      for (const std::string& p : phases) {
        if (p == "echo") {
          run_echo();
        } else if (p == "floor") {
          run_floor();
        } else if (p == "journal") {
          run_journal();
        } else if (!gfo_phase(p)) {
          failed = true;
          break;
        }
      }
      if (failed) break;
      PrintSummary(summary, flags.rounds > 1 ? absl::StrCat("summary of round ", round) : "summary",
                   peaks);
      rounds.push_back(summary);
    }
    if (flags.rounds > 1 && !failed) PrintRoundsSummary(rounds, peaks);
    stop_floor();
    return failed || floor_lost ? 1 : 0;
  };
  if (flags.target == "echo") return run_rounds([](const std::string&) { return true; });

  // The gfo server: in-process on a temporary file, or the one at --server.
  std::unique_ptr<InProcessServer> local;
  std::string address = flags.server;
  std::string admin = flags.token;
  std::string dir;
  const bool compare = flags.server.empty() && flags.group_commit == "both" &&
                       std::find(phases.begin(), phases.end(), "reads") != phases.end();
  if (!flags.server.empty()) {
    if (absl::Status s = CheckLoopbackAddress(flags.server, "--server"); !s.ok()) {
      std::cerr << "gfo_load: " << s.message() << "\n";
      return 2;
    }
    if (admin.empty()) {
      std::cerr << "gfo_load: --server needs --token (an admin token)\n";
      return 2;
    }
  } else {
    std::string templ = (std::filesystem::temp_directory_path() / "gfo-load-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      std::cerr << "gfo_load: cannot create a temporary directory\n";
      return 1;
    }
    dir = templ;
    local = std::make_unique<InProcessServer>(flags, dir);
    if (absl::Status s = local->Start(!compare && flags.group_commit != "off"); !s.ok()) {
      std::cerr << "gfo_load: gfo-server: " << s.message() << "\n";
      return 1;
    }
    address = local->server().address();
    admin = local->admin_token();
    std::printf(
        "  in-process gfo-server on %s, database %s/gfo.db (synchronous=%s, %d readers, "
        "checkpoint pages %d)\n",
        address.c_str(), dir.c_str(), flags.synchronous.c_str(), flags.readers,
        flags.checkpoint_pages);
  }
  auto channels = MakeChannels(address, flags.channels);
  if (!WaitReady(channels)) {
    std::cerr << "gfo_load: the gfo server at " << address << " does not answer\n";
    return 1;
  }

  std::vector<std::string> notes;
  const absl::Time seed_start = absl::Now();
  auto tokens = SeedAccounts(channels[0], admin, local ? &local->server() : nullptr, notes);
  if (!tokens.ok()) {
    std::cerr << "gfo_load: accounts: " << tokens.status().message() << "\n";
    return 1;
  }
  const Bank bank = SeedBank(channels[0], *tokens, flags.homes, flags.requests, notes);
  std::printf(
      "  seeded %zu approved homes, %zu submitted requests (+%zu for proposals) in %.1f s\n",
      bank.homes.size(), bank.requests_2280.size() + bank.requests_2282.size(),
      bank.proposal_requests.size(), absl::ToDoubleSeconds(absl::Now() - seed_start));
  const std::vector<Operation> ops = BuildOperations(*tokens, bank);
  const std::map<std::string, std::string> unavailable = Probe(channels, ops);

  auto mix_of = [&](const std::string& text) -> std::vector<MixEntry> {
    auto mix = ParseMix(text, ops, unavailable, notes);
    if (!mix.ok()) {
      std::cerr << "gfo_load: " << mix.status().message() << "\n";
      std::exit(2);
    }
    return *mix;
  };
  const std::vector<MixEntry> reads = mix_of(flags.reads_mix);
  const std::vector<MixEntry> writes = mix_of(flags.writes_mix);
  const std::vector<MixEntry> mix = mix_of(flags.mix);
  for (const std::string& note : notes) std::printf("  note: %s\n", note.c_str());

  auto restart = [&](bool group_commit) -> bool {
    if (local == nullptr || local->group_commit() == group_commit) return true;
    channels.clear();
    if (absl::Status s = local->Start(group_commit); !s.ok()) {
      std::cerr << "gfo_load: restart: " << s.message() << "\n";
      return false;
    }
    channels = MakeChannels(local->server().address(), flags.channels);
    return WaitReady(channels);
  };
  auto run_gfo = [&](const std::string& label, const std::vector<MixEntry>& m) -> Measure {
    if (m.empty()) {
      std::printf("\n== %s: skipped (no operation of its mix is available)\n", label.c_str());
      return Measure();
    }
    const storage::Database* db = local ? &local->server().database() : nullptr;
    const int64_t commits = db ? db->commits() : 0;
    const int64_t writes = db ? db->committed_writes() : 0;
    const int64_t background = db ? db->background_checkpoints() : 0;
    const int64_t by_writer = db ? db->writer_checkpoints() : 0;
    const Sweep sweep = RunLevels(flags.concurrency, options, label, [&](const PhaseOptions& o) {
      return RunPhase(channels, ops, m, o);
    });
    if (db != nullptr && db->commits() > commits) {
      PrintGroupCommit("writes (calls' changes and audit events)", db->committed_writes() - writes,
                       db->commits() - commits);
      std::printf("  checkpoints: %lld in the background, %lld by the writer\n",
                  static_cast<long long>(db->background_checkpoints() - background),
                  static_cast<long long>(db->writer_checkpoints() - by_writer));
    }
    return MeasureOf(sweep.peak, local != nullptr, sweep.peak_concurrency);
  };
  const char* audit_mode = local == nullptr ? "" : ", group commit";
  const int exit_code = run_rounds([&](const std::string& p) {
    if (p == "reads") {
      if (compare) {
        if (!restart(false)) return false;
        summary.reads_per_call = run_gfo("audited reads, per-call audit commit", reads);
        if (!restart(true)) return false;
        summary.reads_group = run_gfo("audited reads, group commit", reads);
      } else if (local != nullptr && !local->group_commit()) {
        summary.reads_per_call = run_gfo("audited reads, per-call audit commit", reads);
      } else if (local != nullptr) {
        summary.reads_group = run_gfo("audited reads, group commit", reads);
      } else {
        summary.reads_server = run_gfo("audited reads", reads);
      }
    } else if (p == "writes") {
      if (compare && !restart(true)) return false;
      summary.writes = run_gfo(absl::StrCat("audited writes", audit_mode), writes);
    } else if (p == "mix") {
      if (compare && !restart(true)) return false;
      summary.mix = run_gfo(absl::StrCat("mix", audit_mode), mix);
    }
    return true;
  });
  if (local != nullptr) {
    channels.clear();
    local.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return exit_code;
}

}  // namespace
}  // namespace gfo::load

int main(int argc, char** argv) {
  // As GfoServer::Start does for the whole process (Debian's abseil keeps Mutex deadlock
  // detection on): set before anything starts, so that the echo phases of --target echo, which
  // start no gfo server, run under the same setting as those of --target gfo.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  gfo::load::Flags f;
  CLI::App cli{
      "gfo_load: gfo-server under an audited load, compared with a bare gRPC echo "
      "server in the same run (loopback only)"};
  cli.add_option("--target", f.target,
                 "echo: the baseline alone; gfo: the service and the baseline")
      ->check(CLI::IsMember({"echo", "gfo"}))
      ->capture_default_str();
  cli.add_option("--server", f.server,
                 "A running gfo-server (loopback only); default: one in-process on a temporary "
                 "SQLite file");
  cli.add_option("--token", f.token, "Admin token of --server")->envname("GFO_TOKEN");
  cli.add_option("--concurrency", f.concurrency,
                 "Calls in flight; a list (32,64,128) runs each phase at each level and measures "
                 "it at its peak, so that each ratio compares the service's peak with the echo's")
      ->delimiter(',')
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cli.add_option("--threads", f.threads, "Client completion-queue threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cli.add_option("--channels", f.channels, "Client connections")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cli.add_option("--rounds", f.rounds,
                 "Runs the phases this many times; the summary gives each round's ratios to "
                 "its own echo and their median")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cli.add_option("--duration", f.duration, "Measured seconds per phase")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cli.add_option("--warmup", f.warmup, "Unmeasured seconds before each phase")
      ->check(CLI::Range(0.0, 600.0))
      ->capture_default_str();
  cli.add_option("--max-calls", f.max_calls, "Calls per phase at most (0 = no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cli.add_option("--phases", f.phases,
                 "Phases in order: echo, floor (the recorded echo), journal (the journaled echo), "
                 "reads, writes, mix")
      ->capture_default_str();
  const std::string names = absl::StrJoin(gfo::load::OperationNames(), ", ");
  cli.add_option("--reads-mix", f.reads_mix, "Operations of the reads phase, NAME=weight,...")
      ->capture_default_str();
  cli.add_option("--writes-mix", f.writes_mix, "Operations of the writes phase")
      ->capture_default_str();
  cli.add_option("--mix", f.mix, "Operations of the mix phase (" + names + ")")
      ->capture_default_str();
  cli.add_option("--group-commit", f.group_commit,
                 "Audit group commit of the in-process server: both (reads measured without, "
                 "then with), on, off")
      ->check(CLI::IsMember({"both", "on", "off"}))
      ->capture_default_str();
  cli.add_option("--homes", f.homes, "Approved homes to seed")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  cli.add_option("--requests", f.requests, "Submitted requests to seed")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  cli.add_option("--readers", f.readers, "Reader connections of the in-process server")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cli.add_option("--synchronous", f.synchronous, "SQLite synchronous of the in-process server")
      ->check(CLI::IsMember({"NORMAL", "FULL"}))
      ->capture_default_str();
  cli.add_option("--checkpoint-pages", f.checkpoint_pages,
                 "WAL pages after which the in-process server checkpoints in the background "
                 "(0: SQLite's automatic checkpoint, inside commits)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cli.add_option("--audit-index-ms", f.audit_index_ms,
                 "How often the in-process server indexes new audit events (AuditIndexer)")
      ->check(CLI::Range(1, 3600000))
      ->capture_default_str();
  cli.add_option("--access-log", f.access_log,
                 "file: the in-process server writes its access log to a file, as gfo-server "
                 "does to stderr; none: no access log")
      ->check(CLI::IsMember({"file", "none"}))
      ->capture_default_str();
  cli.add_option("--payload", f.payload, "Echo payload bytes")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  cli.add_option("--seed", f.seed, "Random seed of the mix")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);
  std::vector<std::string> args(argv, argv + argc);
  return gfo::load::Run(f, absl::StrJoin(args, " "));
}
