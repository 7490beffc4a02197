// Reading the rows of a prepared statement: every row, appended rows, or the one row of a
// resource, with the statement reset afterwards in every case, so no caller leaves a read open.
//
// Stateless; a statement belongs to one connection and one thread at a time.

#ifndef GFO_SERVICE_STORAGE_ROWS_H_
#define GFO_SERVICE_STORAGE_ROWS_H_

#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/status_macros.h"
#include "service/storage/sqlite.h"

namespace gfo::storage {

namespace rows_internal {

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
using RowValueOf =
    typename RowValue<std::decay_t<std::invoke_result_t<ReadRow&, const Statement&>>>::type;

}  // namespace rows_internal

// Steps `stmt` to its end, calling `visit` on each row. Stops at the first error, from a step or
// from `visit`, and returns it. Resets `stmt` in every case.
absl::Status ForEachRow(Statement& stmt, absl::FunctionRef<absl::Status(const Statement&)> visit);

// Appends `read_row(row)` for every row of `stmt` to `out`, in order. `read_row` returns a T or
// an absl::StatusOr<T>; its first error stops the walk (rows before it stay appended). Resets
// `stmt` in every case.
template <typename T, typename ReadRow>
absl::Status AppendRows(Statement& stmt, ReadRow&& read_row, std::vector<T>* out) {
  return ForEachRow(stmt, [&](const Statement& row) -> absl::Status {
    absl::StatusOr<T> value = read_row(row);
    if (!value.ok()) return value.status();
    out->push_back(*std::move(value));
    return absl::OkStatus();
  });
}

// Steps `stmt` to its first row. OK when there is one (the caller reads it, then resets `stmt`);
// otherwise resets `stmt` and returns the step's error, or NOT_FOUND `<name>: not found`
// (errors::NotFound) when the query found nothing.
absl::Status StepToFirstRow(Statement& stmt, std::string_view name);

// Whether `stmt` (an existence query such as `SELECT 1 ... LIMIT 1`) yields a row; resets `stmt`
// in every case.
absl::StatusOr<bool> HasRow(Statement& stmt);

// `read_row` applied to the first row of `stmt` (a reader returning T or absl::StatusOr<T>), or
// the errors of StepToFirstRow. Resets `stmt` in every case.
template <typename ReadRow>
absl::StatusOr<rows_internal::RowValueOf<ReadRow>> ReadOneRow(Statement& stmt,
                                                              std::string_view name,
                                                              ReadRow&& read_row) {
  GFO_RETURN_IF_ERROR(StepToFirstRow(stmt, name));
  absl::StatusOr<rows_internal::RowValueOf<ReadRow>> value =
      read_row(static_cast<const Statement&>(stmt));
  stmt.Reset();
  return value;
}

}  // namespace gfo::storage

#endif  // GFO_SERVICE_STORAGE_ROWS_H_
