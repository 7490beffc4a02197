// Shapes the workflow's services (requests, proposals) and the home store share: stepping through
// the rows of a query, reading the one row of a resource, resolving where a List call reads and
// which page it continues, and running a change on a loaded resource inside one workflow write.
//
// Every function runs on the connection or call it is given and returns storage errors as they
// come (see service/storage/sqlite.h). Stateless and thread-safe.

#ifndef GFO_SERVICE_WORKFLOW_COMMON_H_
#define GFO_SERVICE_WORKFLOW_COMMON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "service/app.h"
#include "service/proposals.h"
#include "service/status_macros.h"
#include "service/storage/sqlite.h"
#include "service/validation/page_token.h"

namespace gfo {

namespace workflow_internal {

// The value type a row reader yields: T for a reader returning T or absl::StatusOr<T>.
template <typename T>
struct RowValue {
  using type = T;
};
template <typename T>
struct RowValue<absl::StatusOr<T>> {
  using type = T;
};
template <typename ReadRow>
using RowValueOf = typename RowValue<
    std::decay_t<std::invoke_result_t<ReadRow&, const storage::Statement&>>>::type;

}  // namespace workflow_internal

// Steps `stmt` to its end, calling `visit` on each row. Stops at the first error, from a step or
// from `visit`, and returns it. Resets `stmt` in every case.
absl::Status ForEachRow(storage::Statement& stmt,
                        absl::FunctionRef<absl::Status(const storage::Statement&)> visit);

// Appends `read_row(row)` for every row of `stmt` to `out`, in order. `read_row` returns a T or
// an absl::StatusOr<T>; its first error stops the walk (rows before it stay appended). Resets
// `stmt` in every case.
template <typename T, typename ReadRow>
absl::Status AppendRows(storage::Statement& stmt, ReadRow&& read_row, std::vector<T>* out) {
  return ForEachRow(stmt, [&](const storage::Statement& row) -> absl::Status {
    absl::StatusOr<T> value = read_row(row);
    if (!value.ok()) return value.status();
    out->push_back(*std::move(value));
    return absl::OkStatus();
  });
}

// Steps `stmt` to its first row. OK when there is one (the caller reads it, then resets `stmt`);
// otherwise resets `stmt` and returns the step's error, or NOT_FOUND `<name>: not found`
// (errors::NotFound) when the query found nothing.
absl::Status StepToFirstRow(storage::Statement& stmt, std::string_view name);

// `read_row` applied to the first row of `stmt` (a reader returning T or absl::StatusOr<T>), or
// the errors of StepToFirstRow. Resets `stmt` in every case.
template <typename ReadRow>
absl::StatusOr<workflow_internal::RowValueOf<ReadRow>> ReadOneRow(storage::Statement& stmt,
                                                                  std::string_view name,
                                                                  ReadRow&& read_row) {
  GFO_RETURN_IF_ERROR(StepToFirstRow(stmt, name));
  absl::StatusOr<workflow_internal::RowValueOf<ReadRow>> value =
      read_row(static_cast<const storage::Statement&>(stmt));
  stmt.Reset();
  return value;
}

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
