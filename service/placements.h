// Placements and the views GFO staff need every day: the business rules behind
// gfo.v1.PlacementService (read, end, record decisions, due reviews and time limits, vacancies,
// summaries), plus the legal clocks as pure functions.
//
// A placement uses its home's capacity from acceptance until it ends; ending it frees the seats at
// once and records the home's last-placement day (the matcher's waiting time). The legal clocks
// (six-monthly review, custody consideration after two years, the emergency home's two-month
// limit, the secret-whereabouts review) are computed from recorded decision dates; the legal
// reference of each comes from the `legal_references` table, never from code.

#ifndef GFO_SERVICE_PLACEMENTS_H_
#define GFO_SERVICE_PLACEMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/common.pb.h"
#include "gfo/v1/placement.pb.h"
#include "service/app.h"
#include "service/storage/sqlite.h"

namespace gfo {

// `day` (days since 1970-01-01) moved by `months` calendar months; a day that does not exist in
// the target month becomes its last day (31 Aug + 6 months = 28 or 29 Feb).
int32_t AddMonths(int32_t day, int months);

// What the legal clocks of one active placement depend on.
struct PlacementClocks {
  gfo::v1::PlacementKind kind = gfo::v1::PLACEMENT_KIND_UNSPECIFIED;
  int32_t start_day = 0;
  std::optional<int32_t> investigation_closed_day;
  bool special_reasons = false;
  std::optional<int32_t> last_review_day;
  std::optional<int32_t> custody_considered_day;
  std::optional<int32_t> secret_whereabouts_day;
};

struct DueDate {
  gfo::v1::DueKind kind = gfo::v1::DUE_KIND_UNSPECIFIED;
  int32_t due_day = 0;
  bool overdue = false;  // due_day is before today
};

// The clocks of one active placement that fall due on or before today + within_days (overdue
// ones included), in kind order:
// - six-month review: (last review, else start) + review_interval_months (22 kap. 13 §);
// - custody consideration: start + 2 years, until a consideration is recorded (22 kap. 14 §);
// - emergency time limit: investigation closed + 2 months, for an emergency placement without
//   special reasons (22 kap. 4 §);
// - secret whereabouts review: decision + 3 months (LVU 14 §).
std::vector<DueDate> ComputeDueDates(const PlacementClocks& clocks, int32_t today,
                                     int32_t within_days, int review_interval_months);

// The key of `kind`'s row in `legal_references` (six_month_review, custody_consideration,
// emergency_time_limit, secret_whereabouts).
std::string_view LegalReferenceKey(gfo::v1::DueKind kind);

// The reference stored under `key`. INTERNAL when the table has no such row (a seed is missing).
absl::StatusOr<gfo::v1::LegalReference> LoadLegalReference(storage::Db& db, std::string_view key);

// The Swedish citation form: `22 kap. 6 § SFS 2025:400`, or `14 § SFS 1990:52` without a chapter.
std::string FormatLegalReference(const gfo::v1::LegalReference& reference);

// A placement created by accepting a proposal.
struct NewPlacement {
  int64_t request_id = 0;
  int64_t home_id = 0;
  int64_t proposal_id = 0;
  int32_t municipality_code = 0;
  int32_t children = 0;
  gfo::v1::PlacementKind kind = gfo::v1::PLACEMENT_KIND_UNSPECIFIED;
  int32_t start_day = 0;
};

// Inserts an active placement and records its first move; returns its id.
// REQUIRES: inside Call::Write.
absl::StatusOr<int64_t> InsertPlacement(storage::Db& db, const Call& call,
                                        const NewPlacement& placement);

// The business rules of gfo.v1.PlacementService. Each method takes the call in progress, reads or
// writes through it (one Write at most), names the resources it touches, and fills `out` on
// success. Case workers see and change only their own municipality's placements. Stateless and
// thread-safe.
class Placements {
 public:
  absl::Status Get(Call& call, const gfo::v1::GetPlacementRequest& req, gfo::v1::Placement* out);
  absl::Status List(Call& call, const gfo::v1::ListPlacementsRequest& req,
                    gfo::v1::ListPlacementsResponse* out);
  // Ends an active placement (reason required, end date not before the start): frees its seats,
  // sets the home's last-placement day and moves the request to ended.
  absl::Status End(Call& call, const gfo::v1::EndPlacementRequest& req, gfo::v1::Placement* out);
  // Records decisions with legal clocks on an active placement (field mask; etag, stale =
  // ABORTED).
  absl::Status Update(Call& call, const gfo::v1::UpdatePlacementRequest& req,
                      gfo::v1::Placement* out);
  // Due and overdue reviews and time limits of active placements, soonest first.
  absl::Status ListDue(Call& call, const gfo::v1::ListDueRequest& req,
                       gfo::v1::ListDueResponse* out);
  // Approved homes with free capacity, by kind and municipality.
  absl::Status ListVacancies(Call& call, const gfo::v1::ListVacanciesRequest& req,
                             gfo::v1::ListVacanciesResponse* out);
  // Active placements and their children per home and per municipality.
  absl::Status Summarize(Call& call, const gfo::v1::SummarizePlacementsRequest& req,
                         gfo::v1::SummarizePlacementsResponse* out);
};

}  // namespace gfo

#endif  // GFO_SERVICE_PLACEMENTS_H_
