// Shapes the workflow's services (requests, proposals, placements) and the home store share:
// resolving where a List call reads and which page it continues, and running a change on a
// loaded resource inside one workflow write. The row helpers they use live in
// service/storage/rows.h.
//
// Every function runs on the connection or call it is given and returns storage errors as they
// come (see service/storage/sqlite.h). Stateless and thread-safe.

#ifndef GFO_SERVICE_WORKFLOW_COMMON_H_
#define GFO_SERVICE_WORKFLOW_COMMON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "service/app.h"
#include "service/proposals.h"
#include "service/status_macros.h"
#include "service/storage/rows.h"
#include "service/storage/sqlite.h"
#include "service/validation/page_token.h"

namespace gfo {

// The row helpers, in storage since every service reads rows (service/storage/rows.h).
using storage::AppendRows;
using storage::ForEachRow;
using storage::ReadOneRow;
using storage::StepToFirstRow;

// The municipality a list or view is limited to: a case worker's own (PERMISSION_DENIED when it
// names another), else `requested` (0 = all). INVALID_ARGUMENT `municipality_code: ...` for a
// code that is not a municipality's.
absl::StatusOr<int32_t> ScopeMunicipality(const Call& call, int32_t requested);

// Where a workflow List call reads and which page it continues.
struct ListScope {
  // The municipality the rows must belong to; 0 for every municipality. A case worker is always
  // scoped to its own.
  int32_t municipality_code = 0;
  // The page-token key: the request's filters and the scope (validation::PageFilterKey).
  std::string filter_key;
  // Where the page starts; nullopt for the first page.
  std::optional<validation::PageCursor> cursor;
};

// Validates the optional municipality filter `municipality_code` (0 = none) of `list_request`,
// scopes a case worker to its own municipality (PERMISSION_DENIED when it names another one),
// and decodes `page_token` against the request's filters and that scope (INVALID_ARGUMENT
// `page_token: ...` for a token of another query).
absl::StatusOr<ListScope> ResolveListScope(const Call& call,
                                           const google::protobuf::Message& list_request,
                                           int32_t municipality_code, std::string_view page_token);

// Drops the one row a List reads past `page_size` to learn whether another page follows; true
// when there was one.
template <typename T>
bool TrimToPage(std::vector<T>& rows, int32_t page_size) {
  const bool more = static_cast<int32_t>(rows.size()) > page_size;
  if (more) rows.pop_back();
  return more;
}

// The shape of every change to a workflow resource: one Call::Write that first makes due hold
// expiries permanent (ExpireDue), then loads the resource with `load` (as of call.now()), checks
// that the caller may see it (its `municipality_code`, named `name` in a refusal), and applies
// `change` to it. `Stored` is the loaded type; it has a member `int32_t municipality_code`.
template <typename Stored>
absl::Status ChangeInWrite(Call& call, std::string_view name,
                           absl::FunctionRef<absl::StatusOr<Stored>(storage::Db&)> load,
                           absl::FunctionRef<absl::Status(storage::Db&, const Stored&)> change) {
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(ExpireDue(db, call));
    GFO_ASSIGN_OR_RETURN(Stored stored, load(db));
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(stored.municipality_code, name));
    return change(db, stored);
  });
}

}  // namespace gfo

#endif  // GFO_SERVICE_WORKFLOW_COMMON_H_
