// Writing an audit export (`gfo audit export`) to a file and proving the file complete.
//
// The server streams a header (how many events match), the events in sequence order, and a
// trailer (count, first/last sequence, chain hash at the end, and a digest: SHA-256 over each
// exported event's hash followed by "\n"). AuditExportWriter consumes those parts from any
// source (a gRPC reader in the command, a vector in tests), writes CSV (RFC 4180, header row)
// or JSONL (one canonical-JSON event per line), recomputes the digest as it goes, and refuses a
// stream whose trailer does not match what was received. Memory use does not grow with the
// number of events.

#ifndef GFO_CLI_AUDIT_EXPORT_H_
#define GFO_CLI_AUDIT_EXPORT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/audit.pb.h"

namespace gfo::cli {

enum class ExportFormat { kCsv, kJsonl };

// Receives progress while events arrive. `total` is the header's matching_events (0 = unknown).
class ExportProgress {
 public:
  virtual ~ExportProgress() = default;
  virtual void Update(int64_t done, int64_t total) = 0;
  // Called once at the end, whether or not the export succeeded.
  virtual void Done() = 0;
};

// A one-line progress bar redrawn with '\r', at most once per 0.1 % of the total (or once per
// 1000 events when the total is unknown). For terminals only.
class TerminalProgressBar final : public ExportProgress {
 public:
  explicit TerminalProgressBar(std::ostream& out) : out_(out) {}
  void Update(int64_t done, int64_t total) override;
  void Done() override;

 private:
  std::ostream& out_;
  int64_t last_step_ = -1;
  bool drawn_ = false;
};

// The CSV header record of an export, and one event as a CSV record.
std::vector<std::string> AuditCsvHeader();
std::vector<std::string> AuditCsvRecord(const gfo::v1::AuditEvent& event);

// Lower-case hex SHA-256 over each hash followed by "\n", in order (the trailer's digest).
std::string ExportDigest(const std::vector<std::string>& event_hashes);

class Sha256;  // Incremental SHA-256, defined in audit_export.cc.

// Consumes one export stream. Not thread-safe.
class AuditExportWriter {
 public:
  // Writes events to `events` (the CSV header at once). `progress` may be null.
  AuditExportWriter(ExportFormat format, std::ostream& events, ExportProgress* progress);
  ~AuditExportWriter();

  // Takes the next part, in stream order. DATA_LOSS for a malformed stream (no header first,
  // parts after the trailer, sequence numbers not increasing, an empty part); UNKNOWN when the
  // output cannot be written.
  absl::Status Consume(const gfo::v1::ExportAuditEventsResponse& part);

  // Checks the finished stream against its trailer: DATA_LOSS naming the difference when the
  // trailer is missing or its count, sequences, last hash or digest differ from what arrived.
  absl::Status Finish();

  int64_t event_count() const { return event_count_; }
  const gfo::v1::ExportTrailer& trailer() const { return trailer_; }

 private:
  ExportFormat format_;
  std::ostream& events_;
  ExportProgress* progress_;
  std::unique_ptr<Sha256> digest_;
  bool header_seen_ = false;
  bool trailer_seen_ = false;
  int64_t total_ = 0;
  int64_t event_count_ = 0;
  int64_t first_sequence_ = 0;
  int64_t last_sequence_ = 0;
  std::string last_hash_;
  gfo::v1::ExportTrailer trailer_;
};

// The source of one export stream.
struct ExportStream {
  // Fills the next part; false at the end of the stream (or when it broke).
  std::function<bool(gfo::v1::ExportAuditEventsResponse*)> next;
  // Asks the server to stop sending (called when writing fails before the stream ended).
  std::function<void()> cancel;
  // The stream's final status; called once, after `next` returned false or after `cancel`.
  std::function<absl::Status()> finish;
};

// Runs a whole export: events to `path` (written as `path`.partial and renamed when complete)
// and the trailer as canonical JSON to `path`.trailer.json. On any failure neither file is left
// behind (an existing file at `path` is kept) and the status says why: the stream's status, or
// the writer's. Returns the verified trailer.
absl::StatusOr<gfo::v1::ExportTrailer> ExportAuditToFile(const ExportStream& stream,
                                                         ExportFormat format,
                                                         const std::string& path,
                                                         ExportProgress* progress);

}  // namespace gfo::cli

#endif  // GFO_CLI_AUDIT_EXPORT_H_
