#include "service/storage/rows.h"

#include "service/errors.h"

namespace gfo::storage {

absl::Status ForEachRow(Statement& stmt, absl::FunctionRef<absl::Status(const Statement&)> visit) {
  absl::Status status;
  while (true) {
    absl::StatusOr<bool> row = stmt.Step();
    if (!row.ok()) {
      status = row.status();
      break;
    }
    if (!*row) break;
    status = visit(stmt);
    if (!status.ok()) break;
  }
  stmt.Reset();
  return status;
}

absl::Status StepToFirstRow(Statement& stmt, std::string_view name) {
  absl::StatusOr<bool> row = stmt.Step();
  if (row.ok() && *row) return absl::OkStatus();
  stmt.Reset();
  if (!row.ok()) return row.status();
  return errors::NotFound(name);
}

absl::StatusOr<bool> HasRow(Statement& stmt) {
  absl::StatusOr<bool> row = stmt.Step();
  stmt.Reset();
  return row;
}

}  // namespace gfo::storage
