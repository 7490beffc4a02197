#include "cli/audit_export.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/enum_names.h"
#include "cli/exit_codes.h"
#include "cli/output.h"

namespace gfo::cli {

// Incremental SHA-256 (OpenSSL EVP).
class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) {
    ok_ = context_ != nullptr && EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) == 1;
  }
  ~Sha256() { EVP_MD_CTX_free(context_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Add(std::string_view data) {
    ok_ = ok_ && EVP_DigestUpdate(context_, data.data(), data.size()) == 1;
  }

  // Lower-case hex; "" if OpenSSL failed. Ends the digest.
  std::string HexFinal() {
    unsigned char bytes[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!ok_ || EVP_DigestFinal_ex(context_, bytes, &length) != 1) return "";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) absl::StrAppendFormat(&hex, "%02x", bytes[i]);
    return hex;
  }

 private:
  EVP_MD_CTX* context_;
  bool ok_ = false;
};

namespace {

absl::Status Malformed(absl::string_view detail) {
  return absl::DataLossError(absl::StrCat("audit export stream malformed: ", detail));
}

absl::Status Incomplete(absl::string_view detail) {
  return absl::DataLossError(absl::StrCat("audit export incomplete or altered: ", detail));
}

std::string FullTimestamp(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return google::protobuf::util::TimeUtil::ToString(time);
}

std::string TrailerJson(const gfo::v1::ExportTrailer& trailer) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(trailer, &json, options).ok()) json = "{}";
  return json;
}

// Creates (or empties) `path` readable by its owner only, whatever the umask: an export holds who
// looked at which records. The std::ofstream that then opens it keeps that mode.
void CreatePrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::fchmod(fd, 0600);  // an existing file keeps its mode through O_CREAT
    ::close(fd);
  }
}

absl::Status WriteError(const std::string& path) {
  return absl::UnknownError(absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
}

}  // namespace

void TerminalProgressBar::Update(int64_t done, int64_t total) {
  constexpr int kWidth = 30;
  if (total <= 0) {
    if (done / 1000 == last_step_) return;
    last_step_ = done / 1000;
    out_ << "\rexported " << done << " events" << std::flush;
    drawn_ = true;
    return;
  }
  const int64_t clamped = std::min(done, total);
  const int64_t step = clamped * 1000 / total;
  if (step == last_step_) return;
  last_step_ = step;
  const int filled = static_cast<int>(clamped * kWidth / total);
  out_ << '\r' << '[' << std::string(static_cast<size_t>(filled), '#')
       << std::string(static_cast<size_t>(kWidth - filled), ' ') << "] "
       << absl::StrFormat("%5.1f%% %d/%d events", static_cast<double>(step) / 10.0, done, total)
       << std::flush;
  drawn_ = true;
}

void TerminalProgressBar::Done() {
  if (drawn_) out_ << '\n' << std::flush;
  drawn_ = false;
}

std::vector<std::string> AuditCsvHeader() {
  return {"sequence", "time",      "account",     "role",   "municipality_code",
          "method",   "resources", "status_code", "status", "client_address",
          "reason",   "prev_hash", "hash"};
}

std::vector<std::string> AuditCsvRecord(const gfo::v1::AuditEvent& event) {
  return {absl::StrCat(event.sequence()),
          FullTimestamp(event.time()),
          event.account(),
          ShortName(event.role()),
          event.municipality_code() == 0 ? "" : absl::StrCat(event.municipality_code()),
          event.method(),
          absl::StrJoin(event.resources(), ";"),
          absl::StrCat(event.status_code()),
          StatusCodeName(static_cast<absl::StatusCode>(event.status_code())),
          event.client_address(),
          event.reason(),
          event.prev_hash(),
          event.hash()};
}

std::string ExportDigest(const std::vector<std::string>& event_hashes) {
  Sha256 digest;
  for (const std::string& hash : event_hashes) {
    digest.Add(hash);
    digest.Add("\n");
  }
  return digest.HexFinal();
}

AuditExportWriter::AuditExportWriter(ExportFormat format, std::ostream& events,
                                     ExportProgress* progress)
    : format_(format), events_(events), progress_(progress), digest_(std::make_unique<Sha256>()) {
  if (format_ == ExportFormat::kCsv) WriteCsvRecord(events_, AuditCsvHeader());
}

AuditExportWriter::~AuditExportWriter() = default;

absl::Status AuditExportWriter::Consume(const gfo::v1::ExportAuditEventsResponse& part) {
  if (trailer_seen_) return Malformed("data after the trailer");
  switch (part.part_case()) {
    case gfo::v1::ExportAuditEventsResponse::kHeader:
      if (header_seen_) return Malformed("a second header");
      header_seen_ = true;
      total_ = part.header().matching_events();
      if (progress_ != nullptr) progress_->Update(0, total_);
      return absl::OkStatus();
    case gfo::v1::ExportAuditEventsResponse::kEvent: {
      if (!header_seen_) return Malformed("an event before the header");
      const gfo::v1::AuditEvent& event = part.event();
      if (event_count_ > 0 && event.sequence() <= last_sequence_) {
        return Malformed(absl::StrCat("sequence ", event.sequence(), " after ", last_sequence_));
      }
      if (format_ == ExportFormat::kCsv) {
        WriteCsvRecord(events_, AuditCsvRecord(event));
      } else {
        events_ << ToJson(event, JsonStyle::kCompact) << '\n';
      }
      if (!events_) return absl::UnknownError("cannot write the export file");
      digest_->Add(event.hash());
      digest_->Add("\n");
      if (event_count_ == 0) first_sequence_ = event.sequence();
      last_sequence_ = event.sequence();
      last_hash_ = event.hash();
      ++event_count_;
      if (progress_ != nullptr) progress_->Update(event_count_, total_);
      return absl::OkStatus();
    }
    case gfo::v1::ExportAuditEventsResponse::kTrailer:
      if (!header_seen_) return Malformed("a trailer before the header");
      trailer_seen_ = true;
      trailer_ = part.trailer();
      return absl::OkStatus();
    case gfo::v1::ExportAuditEventsResponse::PART_NOT_SET:
      break;
  }
  return Malformed("an empty part");
}

absl::Status AuditExportWriter::Finish() {
  if (!trailer_seen_) return Incomplete("the stream ended without a trailer");
  if (trailer_.event_count() != event_count_) {
    return Incomplete(absl::StrCat("the trailer counts ", trailer_.event_count(),
                                   " events, received ", event_count_));
  }
  if (event_count_ > 0) {
    if (trailer_.first_sequence() != first_sequence_ ||
        trailer_.last_sequence() != last_sequence_) {
      return Incomplete(absl::StrCat("the trailer spans sequences ", trailer_.first_sequence(),
                                     "..", trailer_.last_sequence(), ", received ", first_sequence_,
                                     "..", last_sequence_));
    }
    if (trailer_.last_event_hash() != last_hash_) {
      return Incomplete(absl::StrCat("the trailer's last event hash ", trailer_.last_event_hash(),
                                     " differs from the last event's ", last_hash_));
    }
  }
  const std::string computed = digest_->HexFinal();
  if (computed.empty()) return absl::InternalError("SHA-256 failed in OpenSSL");
  if (absl::AsciiStrToLower(trailer_.digest()) != computed) {
    return Incomplete(absl::StrCat("digest mismatch: the trailer says '", trailer_.digest(),
                                   "', the received events give '", computed, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<gfo::v1::ExportTrailer> ExportAuditToFile(const ExportStream& stream,
                                                         ExportFormat format,
                                                         const std::string& path,
                                                         ExportProgress* progress) {
  const std::string partial = absl::StrCat(path, ".partial");
  const std::string trailer_path = absl::StrCat(path, ".trailer.json");
  const std::string trailer_partial = absl::StrCat(trailer_path, ".partial");
  const auto discard = [&] {
    std::remove(partial.c_str());
    std::remove(trailer_partial.c_str());
  };

  CreatePrivateFile(partial);
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) {
    if (progress != nullptr) progress->Done();
    return WriteError(partial);
  }
  AuditExportWriter writer(format, out, progress);
  absl::Status written = absl::OkStatus();
  gfo::v1::ExportAuditEventsResponse part;
  while (stream.next(&part)) {
    written = writer.Consume(part);
    if (!written.ok()) {
      stream.cancel();
      break;
    }
  }
  const absl::Status streamed = stream.finish();
  if (progress != nullptr) progress->Done();
  // A failed write explains a cancelled stream better than the CANCELLED it causes.
  absl::Status status = !written.ok() ? written : streamed;
  if (status.ok()) {
    out.flush();
    out.close();
    if (!out) status = WriteError(partial);
  }
  if (status.ok()) status = writer.Finish();
  if (status.ok()) {
    CreatePrivateFile(trailer_partial);
    std::ofstream trailer_out(trailer_partial, std::ios::binary | std::ios::trunc);
    trailer_out << TrailerJson(writer.trailer());
    trailer_out.close();
    if (!trailer_out) status = WriteError(trailer_partial);
  }
  if (status.ok() && std::rename(trailer_partial.c_str(), trailer_path.c_str()) != 0) {
    status = WriteError(trailer_path);
  }
  if (status.ok() && std::rename(partial.c_str(), path.c_str()) != 0) {
    status = WriteError(path);
    std::remove(trailer_path.c_str());
  }
  if (!status.ok()) {
    discard();
    return status;
  }
  return writer.trailer();
}

}  // namespace gfo::cli
