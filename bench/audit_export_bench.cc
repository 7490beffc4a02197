// Audit export at scale: fills a fresh database with N audit events (default 1,000,000) through
// audit::Append in batched transactions, starts gfo-server on it (loopback, port 0), and exports
// through the real ExportAuditEvents stream three times: every event to a plain client that
// checks count, order and digest; a time window over the middle half (the filtered path); and
// every event through `gfo audit export --format csv` (in-process) into a file.
// Prints the time of each step and the process's peak RSS (getrusage ru_maxrss) after each, so
// memory that grew with N would show.
//
// Usage: audit_export_bench [EVENTS] [WORK_DIR]
// The fill runs in a child process, so the peak RSS figures are those of the server and the
// export clients alone. A WORK_DIR given is kept; the default one (under /tmp) is removed.

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <openssl/evp.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cli/gfo_cli.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "service/accounts.h"
#include "service/audit_log.h"
#include "service/server.h"
#include "service/storage/database.h"

namespace {

namespace v1 = gfo::v1;

// The filled events start at 2020-01-01T00:00:00Z, 50 ms apart: long before the events the
// benchmark's own calls add, so a time window over them holds exactly the filled ones.
constexpr int64_t kFirstEventSecond = 1577836800;

long PeakRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Fills `db_path` with `events` audit events in transactions of 10,000 and creates an auditor
// account whose token is written to `token_path`. Runs in a child process.
int Fill(const std::string& db_path, int64_t events, const std::string& token_path) {
  gfo::storage::DatabaseOptions options;
  options.path = db_path;
  options.readers = 1;
  auto db = gfo::storage::Database::Open(options);
  if (!db.ok()) {
    std::cerr << "open: " << db.status() << "\n";
    return 1;
  }
  static const char* const kMethods[] = {"gfo.v1.RequestService/GetRequest",
                                         "gfo.v1.RequestService/ListRequests",
                                         "gfo.v1.HomeService/GetHome",
                                         "gfo.v1.MatchService/RankHomes",
                                         "gfo.v1.ProposalService/CreateProposal",
                                         "gfo.v1.PlacementService/ListPlacements"};
  const int64_t start_micros = kFirstEventSecond * 1000000;
  constexpr int64_t kBatch = 10000;
  for (int64_t done = 0; done < events;) {
    const int64_t n = std::min(kBatch, events - done);
    absl::Status status = (*db)->Write([&](gfo::storage::Db& conn) -> absl::Status {
      for (int64_t i = done; i < done + n; ++i) {
        v1::AuditEvent e;
        *e.mutable_time() =
            google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(start_micros + i * 50000);
        e.set_account(absl::StrCat("accounts/", 2 + i % 40));
        e.set_role(i % 4 == 0 ? v1::ROLE_CASE_WORKER : v1::ROLE_GFO_STAFF);
        e.set_municipality_code(i % 4 == 0 ? 2280 : 0);
        e.set_method(kMethods[i % 6]);
        e.add_resources(absl::StrCat("requests/", i % 5000));
        if (i % 3 == 0) e.add_resources(absl::StrCat("homes/", i % 700));
        e.set_status_code(i % 50 == 0 ? 7 : 0);
        e.set_client_address(
            absl::StrCat("ipv4:10.0.", i % 8, ".", i % 250, ":", 40000 + i % 20000));
        if (i % 10 == 0) e.set_reason("review, as agreed");
        absl::StatusOr<v1::AuditEvent> stored = gfo::audit::Append(conn, std::move(e));
        if (!stored.ok()) return stored.status();
      }
      return absl::OkStatus();
    });
    if (!status.ok()) {
      std::cerr << "fill: " << status << "\n";
      return 1;
    }
    done += n;
  }
  std::string token;
  absl::Status status = (*db)->Write([&](gfo::storage::Db& conn) -> absl::Status {
    v1::Account auditor;
    auditor.set_display_name("bench auditor");
    auditor.set_role(v1::ROLE_AUDITOR);
    auto account = gfo::accounts::InsertAccount(conn, auditor, absl::Now());
    if (!account.ok()) return account.status();
    auto issued = gfo::accounts::InsertToken(
        conn, std::stoll(account->name().substr(sizeof("accounts/") - 1)), absl::Now(),
        std::nullopt);
    if (!issued.ok()) return issued.status();
    token = issued->token;
    return absl::OkStatus();
  });
  if (!status.ok()) {
    std::cerr << "account: " << status << "\n";
    return 1;
  }
  FILE* f = std::fopen(token_path.c_str(), "w");
  if (f == nullptr) return 1;
  std::fputs(token.c_str(), f);
  std::fclose(f);
  return 0;
}

std::string Sha256Hex(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), size));
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t events = argc > 1 ? std::stoll(argv[1]) : 1000000;
  std::string dir;
  if (argc > 2) {
    dir = argv[2];
    std::filesystem::create_directories(dir);
  } else {
    std::string templ =
        (std::filesystem::temp_directory_path() / "gfo-audit-bench-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) return 1;
    dir = templ;
  }
  const std::string db_path = dir + "/audit.db";
  const std::string token_path = dir + "/token";
  std::filesystem::remove(db_path);

  absl::Time t0 = absl::Now();
  const pid_t child = fork();
  if (child == 0) _exit(Fill(db_path, events, token_path));
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) return 1;
  const double fill_s = absl::ToDoubleSeconds(absl::Now() - t0);
  std::string token;
  {
    FILE* f = std::fopen(token_path.c_str(), "r");
    char buffer[128] = {};
    if (f == nullptr || std::fgets(buffer, sizeof(buffer), f) == nullptr) return 1;
    std::fclose(f);
    token = buffer;
  }

  gfo::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db_path = db_path;
  auto server = gfo::GfoServer::Start(options);
  if (!server.ok()) {
    std::cerr << "server: " << server.status() << "\n";
    return 1;
  }
  const long rss_started = PeakRssKib();

  // 1. A plain streaming client: count, order and digest.
  t0 = absl::Now();
  auto channel = grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials());
  auto stub = v1::AuditService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + token);
  auto reader = stub->ExportAuditEvents(&ctx, v1::ExportAuditEventsRequest());
  v1::ExportAuditEventsResponse part;
  int64_t received = 0, header = -1, last_sequence = 0;
  v1::ExportTrailer trailer;
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md, EVP_sha256(), nullptr);
  bool ordered = true;
  while (reader->Read(&part)) {
    if (part.has_header()) header = part.header().matching_events();
    if (part.has_event()) {
      ++received;
      ordered = ordered && part.event().sequence() > last_sequence;
      last_sequence = part.event().sequence();
      EVP_DigestUpdate(md, part.event().hash().data(), part.event().hash().size());
      EVP_DigestUpdate(md, "\n", 1);
    }
    if (part.has_trailer()) trailer = part.trailer();
  }
  const grpc::Status status = reader->Finish();
  const std::string digest = Sha256Hex(md);
  EVP_MD_CTX_free(md);
  const double stream_s = absl::ToDoubleSeconds(absl::Now() - t0);
  const long rss_stream = PeakRssKib();
  const bool stream_ok = status.ok() && header == events && received == events &&
                         trailer.event_count() == events && trailer.digest() == digest && ordered;

  // 2. A time window over the middle half of the trail (events are 50 ms apart).
  t0 = absl::Now();
  v1::ExportAuditEventsRequest window;
  const int64_t first_second = kFirstEventSecond + events / 4 / 20;
  *window.mutable_filter()->mutable_start_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(first_second);
  *window.mutable_filter()->mutable_end_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(first_second + events / 2 / 20);
  grpc::ClientContext window_ctx;
  window_ctx.AddMetadata("authorization", "Bearer " + token);
  auto window_reader = stub->ExportAuditEvents(&window_ctx, window);
  int64_t window_events = 0, window_header = -1;
  v1::ExportTrailer window_trailer;
  while (window_reader->Read(&part)) {
    if (part.has_header()) window_header = part.header().matching_events();
    if (part.has_event()) ++window_events;
    if (part.has_trailer()) window_trailer = part.trailer();
  }
  const bool window_ok = window_reader->Finish().ok() && window_events == events / 2 &&
                         window_header == window_events &&
                         window_trailer.event_count() == window_events;
  const double window_s = absl::ToDoubleSeconds(absl::Now() - t0);
  const long rss_window = PeakRssKib();

  // 3. The CLI writing CSV.
  t0 = absl::Now();
  std::ostringstream out, err;
  const int cli_code =
      gfo::cli::RunGfo({"--config", dir + "/gfo.json", "--server", (*server)->address(), "--token",
                        token, "audit", "export", "--format", "csv", "--out", dir + "/audit.csv"},
                       out, err);
  const double cli_s = absl::ToDoubleSeconds(absl::Now() - t0);
  const long rss_cli = PeakRssKib();
  std::error_code ec;
  const auto csv_bytes = std::filesystem::file_size(dir + "/audit.csv", ec);

  (*server)->Shutdown(absl::Seconds(5));
  server->reset();
  if (argc <= 2) std::filesystem::remove_all(dir);

  std::printf("events                         %lld\n", static_cast<long long>(events));
  std::printf("fill (audit::Append, 10k/tx)   %.1f s\n", fill_s);
  std::printf("peak RSS after server start    %ld KiB\n", rss_started);
  std::printf("export, plain stream client    %.1f s  (%.0f events/s)  %s\n", stream_s,
              static_cast<double>(events) / stream_s,
              stream_ok ? "count, order and digest ok" : "MISMATCH");
  std::printf("peak RSS after stream export   %ld KiB\n", rss_stream);
  std::printf("export, time window (half)      %.1f s  (%.0f events/s)  %s\n", window_s,
              static_cast<double>(window_events) / window_s, window_ok ? "count ok" : "MISMATCH");
  std::printf("peak RSS after window export   %ld KiB\n", rss_window);
  std::printf("export, gfo audit export csv   %.1f s  (%.0f events/s)  exit %d, %lld bytes\n",
              cli_s, static_cast<double>(events) / cli_s, cli_code,
              static_cast<long long>(ec ? 0 : csv_bytes));
  std::printf("peak RSS after CLI export      %ld KiB\n", rss_cli);
  if (!stream_ok || !window_ok || cli_code != 0) {
    std::fprintf(stderr, "stream: %s, %lld of %lld events\nwindow: %lld events, header %lld\n%s\n",
                 status.error_message().c_str(), static_cast<long long>(received),
                 static_cast<long long>(events), static_cast<long long>(window_events),
                 static_cast<long long>(window_header), err.str().c_str());
    return 1;
  }
  return 0;
}
