// String building for validation messages. Abseil 20220623's StrCat takes absl::string_view, which
// is its own type there and does not convert from std::string_view; Cat() bridges the two.
// Internal to gfo_validation.

#ifndef GFO_SERVICE_VALIDATION_STR_UTIL_H_
#define GFO_SERVICE_VALIDATION_STR_UTIL_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gfo::validation::internal {

template <typename T>
decltype(auto) ToPiece(const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    const std::string_view view = value;
    return absl::string_view(view.data(), view.size());
  } else {
    return (value);
  }
}

// absl::StrCat over arguments that may include std::string_view.
template <typename... Args>
std::string Cat(const Args&... args) {
  return absl::StrCat(ToPiece(args)...);
}

}  // namespace gfo::validation::internal

#endif  // GFO_SERVICE_VALIDATION_STR_UTIL_H_
