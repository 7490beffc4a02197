// Early-return helpers for absl::Status and absl::StatusOr<T>.
//
// Abseil 20220623 ships no RETURN_IF_ERROR / ASSIGN_OR_RETURN; these are the project's versions.
// They only return the error; they never log, throw or add context.

#ifndef GFO_SERVICE_STATUS_MACROS_H_
#define GFO_SERVICE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gfo::status_macros_internal {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }

template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace gfo::status_macros_internal

#define GFO_STATUS_MACROS_CONCAT_INNER_(a, b) a##b
#define GFO_STATUS_MACROS_CONCAT_(a, b) GFO_STATUS_MACROS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status or absl::StatusOr<T>) once; if it is not OK, returns its status
// from the enclosing function, which must return absl::Status or absl::StatusOr<U>.
#define GFO_RETURN_IF_ERROR(expr) \
  GFO_RETURN_IF_ERROR_IMPL_(GFO_STATUS_MACROS_CONCAT_(gfo_status_, __COUNTER__), expr)

#define GFO_RETURN_IF_ERROR_IMPL_(tmp, expr)                                     \
  do {                                                                           \
    const ::absl::Status tmp = ::gfo::status_macros_internal::GetStatus((expr)); \
    if (!tmp.ok()) return tmp;                                                   \
  } while (false)

// Evaluates `expr` (an absl::StatusOr<T>) once; if it is not OK, returns its status from the
// enclosing function, otherwise moves the value into `lhs`. `lhs` may declare a variable
// (`GFO_ASSIGN_OR_RETURN(Db db, Db::Open(path, {}))`) or name an existing one.
// REQUIRES: `lhs` contains no unparenthesized comma (no structured bindings); the macro expands
// to several statements, so do not use it as the body of an unbraced `if`.
#define GFO_ASSIGN_OR_RETURN(lhs, expr) \
  GFO_ASSIGN_OR_RETURN_IMPL_(GFO_STATUS_MACROS_CONCAT_(gfo_status_or_, __COUNTER__), lhs, expr)

#define GFO_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return std::move(tmp).status();   \
  lhs = std::move(tmp).value()

#endif  // GFO_SERVICE_STATUS_MACROS_H_
