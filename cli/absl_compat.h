// Abseil 20220623 (bookworm) has its own absl::string_view, distinct from std::string_view, and
// StrCat, StrSplit and absl::Status take only the former. gfo's interfaces use std::string_view;
// this converts at the call.

#ifndef GFO_CLI_ABSL_COMPAT_H_
#define GFO_CLI_ABSL_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace gfo::cli {

inline absl::string_view ToAbsl(std::string_view text) { return {text.data(), text.size()}; }

}  // namespace gfo::cli

#endif  // GFO_CLI_ABSL_COMPAT_H_
