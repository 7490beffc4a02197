#include "cli/enum_names.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "cli/absl_compat.h"

namespace gfo::cli {
namespace {

// "PLACEMENT_KIND_" for PlacementKind; "" if the zero value is not named *UNSPECIFIED.
std::string EnumPrefix(const google::protobuf::EnumDescriptor* descriptor) {
  const google::protobuf::EnumValueDescriptor* zero = descriptor->FindValueByNumber(0);
  if (zero == nullptr) return "";
  const std::string& name = zero->name();
  constexpr absl::string_view kUnspecified = "UNSPECIFIED";
  if (!absl::EndsWith(name, kUnspecified)) return "";
  return name.substr(0, name.size() - kUnspecified.size());
}

std::string ShortNameOf(const google::protobuf::EnumValueDescriptor* value,
                        const std::string& prefix) {
  absl::string_view name = value->name();
  if (absl::StartsWith(name, prefix)) name.remove_prefix(prefix.size());
  return absl::AsciiStrToLower(name);
}

}  // namespace

std::string EnumShortName(const google::protobuf::EnumDescriptor* descriptor, int value) {
  if (value == 0) return "";
  const google::protobuf::EnumValueDescriptor* found = descriptor->FindValueByNumber(value);
  if (found == nullptr) return absl::StrCat(value);
  return ShortNameOf(found, EnumPrefix(descriptor));
}

absl::StatusOr<int> ParseEnumName(const google::protobuf::EnumDescriptor* descriptor,
                                  std::string_view text) {
  const std::string prefix = EnumPrefix(descriptor);
  const std::string wanted = absl::AsciiStrToUpper(absl::StrReplaceAll(ToAbsl(text), {{"-", "_"}}));
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = descriptor->value(i);
    if (value->number() == 0) continue;
    if (value->name() == wanted || value->name() == prefix + wanted) return value->number();
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown value '", ToAbsl(text),
                                                 "'; expected one of ",
                                                 absl::StrJoin(EnumShortNames(descriptor), ", ")));
}

std::vector<std::string> EnumShortNames(const google::protobuf::EnumDescriptor* descriptor) {
  const std::string prefix = EnumPrefix(descriptor);
  std::vector<std::string> names;
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = descriptor->value(i);
    if (value->number() != 0) names.push_back(ShortNameOf(value, prefix));
  }
  return names;
}

}  // namespace gfo::cli
