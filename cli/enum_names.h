// Short command-line names for the gfo.v1 enums, derived from the proto descriptors so no table
// of names is written twice: PLACEMENT_KIND_LONG_TERM is `long_term`, GENDER_FEMALE is `female`,
// NEED_TRAUMA is `trauma`, ROLE_CASE_WORKER is `case_worker`.
//
// The prefix stripped is the name of the enum's zero value without "UNSPECIFIED" (every gfo.v1
// enum starts with `<PREFIX>_UNSPECIFIED = 0`). Pure functions; thread-safe.

#ifndef GFO_CLI_ENUM_NAMES_H_
#define GFO_CLI_ENUM_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>
#include "absl/status/statusor.h"

namespace gfo::cli {

// The lower-case short name of `value`, e.g. "long_term"; the decimal number for a value the
// descriptor does not know (a newer server's value); "" for the zero (unspecified) value.
std::string EnumShortName(const google::protobuf::EnumDescriptor* descriptor, int value);

template <typename E>
std::string ShortName(E value) {
  return EnumShortName(google::protobuf::GetEnumDescriptor<E>(), static_cast<int>(value));
}

// Parses a short name ("long_term"), also accepting upper case, '-' for '_', and the full
// value name ("PLACEMENT_KIND_LONG_TERM"). The unspecified value is not accepted.
// INVALID_ARGUMENT listing the accepted names otherwise.
absl::StatusOr<int> ParseEnumName(const google::protobuf::EnumDescriptor* descriptor,
                                  std::string_view text);

// Every short name except the unspecified one, in declaration order.
std::vector<std::string> EnumShortNames(const google::protobuf::EnumDescriptor* descriptor);

}  // namespace gfo::cli

#endif  // GFO_CLI_ENUM_NAMES_H_
