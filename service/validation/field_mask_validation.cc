#include "service/validation/field_mask_validation.h"

#include <algorithm>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/field_mask_util.h"
#include "service/errors.h"
#include "service/validation/str_util.h"

namespace gfo::validation {
namespace {

using google::protobuf::util::FieldMaskUtil;

// A path is echoed in a message only when it looks like a field path, so a message never carries
// arbitrary caller text.
std::string Quoted(std::string_view path) {
  const bool plain =
      !path.empty() && path.size() <= 64 && std::all_of(path.begin(), path.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               (c >= 'A' && c <= 'Z');
      });
  return plain ? internal::Cat("\"", path, "\"") : std::string("a path");
}

}  // namespace

absl::StatusOr<google::protobuf::FieldMask> ResolveUpdateMask(
    const google::protobuf::FieldMask& mask, const google::protobuf::Descriptor* descriptor,
    absl::Span<const std::string_view> updatable_fields, std::string_view field) {
  if (mask.paths_size() == 0) return errors::InvalidArgument(field, "required");
  google::protobuf::FieldMask resolved;
  for (const std::string& path : mask.paths()) {
    if (path == "*") {
      if (mask.paths_size() != 1) {
        return errors::InvalidArgument(field, "\"*\" must be the only path");
      }
      for (std::string_view name : updatable_fields) resolved.add_paths(std::string(name));
      continue;
    }
    std::vector<const google::protobuf::FieldDescriptor*> path_fields;
    if (!FieldMaskUtil::GetFieldDescriptors(descriptor, path, &path_fields) ||
        path_fields.empty()) {
      return errors::InvalidArgument(
          field, internal::Cat(Quoted(path), " is not a field of ", descriptor->full_name()));
    }
    const std::string& top = path_fields.front()->name();
    if (std::find(updatable_fields.begin(), updatable_fields.end(), top) ==
        updatable_fields.end()) {
      return errors::InvalidArgument(field, internal::Cat(Quoted(top), " cannot be updated"));
    }
    resolved.add_paths(path);
  }
  google::protobuf::FieldMask canonical;
  FieldMaskUtil::ToCanonicalForm(resolved, &canonical);
  return canonical;
}

void ApplyUpdateMask(const google::protobuf::Message& patch,
                     const google::protobuf::FieldMask& resolved_mask,
                     google::protobuf::Message& stored) {
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, resolved_mask, options, &stored);
}

}  // namespace gfo::validation
