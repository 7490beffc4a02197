#include "service/audit_trail.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "service/audit_log.h"
#include "service/errors.h"
#include "service/status_macros.h"
#include "service/validation/audit_validation.h"
#include "service/validation/common_validation.h"
#include "service/validation/page_token.h"

namespace gfo::audit {
namespace {

// Incremental SHA-256 (OpenSSL EVP); the digest of an export of any length.
class Sha256Stream {
 public:
  Sha256Stream() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    ok_ = ctx_ != nullptr && EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) == 1;
  }
  void Update(std::string_view data) {
    ok_ = ok_ && EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1;
  }
  // Lower-case hex of the digest. INTERNAL when OpenSSL failed at any step.
  absl::StatusOr<std::string> FinishHex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    ok_ = ok_ && EVP_DigestFinal_ex(ctx_.get(), digest, &size) == 1;
    if (!ok_) return errors::Internal("export: sha-256 failed");
    return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), size));
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
  bool ok_ = false;
};

}  // namespace

absl::Status ListEvents(storage::Database& db, const gfo::v1::ListAuditEventsRequest& request,
                        gfo::v1::ListAuditEventsResponse* out) {
  GFO_RETURN_IF_ERROR(validation::ValidateAuditFilter(request.filter(), "filter"));
  GFO_ASSIGN_OR_RETURN(const int32_t page_size, validation::ResolvePageSize(request.page_size()));
  const std::string filter_key = validation::PageFilterKey(request);
  GFO_ASSIGN_OR_RETURN(const std::optional<validation::PageCursor> cursor,
                       validation::DecodePageToken(request.page_token(), filter_key));
  // The first page finds the filter's sequence range; later pages carry its end in the token.
  SequenceRange range;
  if (cursor.has_value()) {
    range.after = cursor->after_id;
    range.through = cursor->sort_key;
  }
  bool more = false;
  GFO_RETURN_IF_ERROR(db.Read([&](storage::Db& conn) -> absl::Status {
    if (!cursor.has_value()) {
      GFO_ASSIGN_OR_RETURN(range, RangeOf(conn, request.filter()));
    }
    return Scan(conn, request.filter(), range, int64_t{page_size} + 1,
                [&](const gfo::v1::AuditEvent& event) {
                  if (out->events_size() == page_size) {
                    more = true;
                    return false;
                  }
                  *out->add_events() = event;
                  return true;
                });
  }));
  if (more) {
    const int64_t last = out->events(out->events_size() - 1).sequence();
    out->set_next_page_token(
        validation::EncodePageToken({.sort_key = range.through, .after_id = last}, filter_key));
  }
  return absl::OkStatus();
}

absl::StatusOr<gfo::v1::ExportTrailer> Export(storage::Database& db,
                                              const gfo::v1::AuditFilter& filter, ExportSink sink,
                                              int64_t chunk_size) {
  GFO_RETURN_IF_ERROR(validation::ValidateAuditFilter(filter, "filter"));
  if (chunk_size <= 0) return errors::Internal("export: chunk size must be positive");

  // The range is fixed at the start: up to the newest sequence, with the matching count read
  // in the same snapshot so the header's count is exactly what follows.
  SequenceRange range;
  int64_t matching = 0;
  GFO_RETURN_IF_ERROR(db.Read([&](storage::Db& conn) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                         conn.Prepare("SELECT COALESCE(MAX(sequence), 0) FROM audit_events"));
    GFO_ASSIGN_OR_RETURN(const bool row, stmt->Step());
    const int64_t head = row ? stmt->ColumnInt(0) : 0;
    stmt->Reset();
    GFO_ASSIGN_OR_RETURN(range, RangeOf(conn, filter));
    range.through = std::min(range.through, head);
    GFO_ASSIGN_OR_RETURN(matching, Count(conn, filter, range));
    return absl::OkStatus();
  }));

  gfo::v1::ExportAuditEventsResponse part;
  part.mutable_header()->set_matching_events(matching);
  GFO_RETURN_IF_ERROR(sink(part));

  gfo::v1::ExportTrailer trailer;
  Sha256Stream digest;
  std::vector<gfo::v1::AuditEvent> chunk;
  chunk.reserve(static_cast<size_t>(std::min<int64_t>(chunk_size, 4096)));
  SequenceRange rest = range;
  while (!rest.empty()) {
    chunk.clear();
    GFO_RETURN_IF_ERROR(db.Read([&](storage::Db& conn) {
      return Scan(conn, filter, rest, chunk_size, [&](const gfo::v1::AuditEvent& event) {
        chunk.push_back(event);
        return true;
      });
    }));
    for (gfo::v1::AuditEvent& event : chunk) {
      if (trailer.event_count() == 0) trailer.set_first_sequence(event.sequence());
      trailer.set_event_count(trailer.event_count() + 1);
      trailer.set_last_sequence(event.sequence());
      trailer.set_last_event_hash(event.hash());
      digest.Update(event.hash());
      digest.Update("\n");
      *part.mutable_event() = std::move(event);
      GFO_RETURN_IF_ERROR(sink(part));
    }
    if (static_cast<int64_t>(chunk.size()) < chunk_size) break;
    rest.after = trailer.last_sequence();
  }
  if (trailer.event_count() != matching) {
    return errors::Internal("export: the number of events sent differs from the header's count");
  }
  GFO_ASSIGN_OR_RETURN(std::string hex, digest.FinishHex());
  trailer.set_digest(std::move(hex));
  *part.mutable_trailer() = trailer;
  GFO_RETURN_IF_ERROR(sink(part));
  return trailer;
}

absl::StatusOr<gfo::v1::VerifyAuditChainResponse> VerifyChain(
    storage::Database& db, const gfo::v1::VerifyAuditChainRequest& request) {
  GFO_RETURN_IF_ERROR(validation::ValidateVerifyAuditChain(request));
  gfo::v1::VerifyAuditChainResponse out;
  GFO_RETURN_IF_ERROR(db.Read([&](storage::Db& conn) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(out, Verify(conn, request));
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace gfo::audit
