#include "service/validation/page_token.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "service/errors.h"

namespace gfo::validation {
namespace {

constexpr uint8_t kVersion = 1;
// version, sort_key, after_id, filter hash, checksum.
constexpr size_t kRecordSize = 1 + 8 + 8 + 8 + 4;
// Longest token text worth decoding: base64url of kRecordSize bytes without padding.
constexpr size_t kMaxTokenSize = 64;

uint64_t Fnv1a64(std::string_view data) {
  uint64_t hash = 14695981039346656037ULL;
  for (char c : data) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

uint32_t Fnv1a32(std::string_view data) {
  uint32_t hash = 2166136261U;
  for (char c : data) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 16777619U;
  }
  return hash;
}

void AppendBigEndian(uint64_t value, int bytes, std::string* out) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

uint64_t ReadBigEndian(std::string_view data, size_t offset, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<uint8_t>(data[offset + i]);
  return value;
}

}  // namespace

std::string PageFilterKey(const google::protobuf::Message& list_request) {
  std::unique_ptr<google::protobuf::Message> copy(list_request.New());
  copy->CopyFrom(list_request);
  const google::protobuf::Descriptor* descriptor = copy->GetDescriptor();
  const google::protobuf::Reflection* reflection = copy->GetReflection();
  for (const char* paging_field : {"page_size", "page_token"}) {
    if (const google::protobuf::FieldDescriptor* field =
            descriptor->FindFieldByName(paging_field)) {
      reflection->ClearField(copy.get(), field);
    }
  }
  std::string key = descriptor->full_name();
  key.push_back('\n');
  {
    google::protobuf::io::StringOutputStream stream(&key);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!copy->SerializeToCodedStream(&coded)) key.append("unserialisable");
  }
  return key;
}

std::string EncodePageToken(const PageCursor& cursor, std::string_view filter_key) {
  std::string record;
  record.reserve(kRecordSize);
  record.push_back(static_cast<char>(kVersion));
  AppendBigEndian(static_cast<uint64_t>(cursor.sort_key), 8, &record);
  AppendBigEndian(static_cast<uint64_t>(cursor.after_id), 8, &record);
  AppendBigEndian(Fnv1a64(filter_key), 8, &record);
  AppendBigEndian(Fnv1a32(record), 4, &record);
  std::string token;
  absl::WebSafeBase64Escape(record, &token);
  return token;
}

absl::StatusOr<std::optional<PageCursor>> DecodePageToken(std::string_view token,
                                                          std::string_view filter_key,
                                                          std::string_view field) {
  if (token.empty()) return std::optional<PageCursor>();
  const absl::Status invalid = errors::InvalidArgument(field, "invalid");
  if (token.size() > kMaxTokenSize) return invalid;
  std::string record;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &record) ||
      record.size() != kRecordSize || static_cast<uint8_t>(record[0]) != kVersion) {
    return invalid;
  }
  const std::string_view view(record);
  if (ReadBigEndian(view, kRecordSize - 4, 4) != Fnv1a32(view.substr(0, kRecordSize - 4))) {
    return invalid;
  }
  PageCursor cursor;
  cursor.sort_key = static_cast<int64_t>(ReadBigEndian(view, 1, 8));
  cursor.after_id = static_cast<int64_t>(ReadBigEndian(view, 9, 8));
  if (ReadBigEndian(view, 17, 8) != Fnv1a64(filter_key)) {
    return errors::InvalidArgument(field, "does not match the request's filters");
  }
  // Only the canonical spelling of a record is a token (base64 has others, e.g. with padding).
  if (EncodePageToken(cursor, filter_key) != token) return invalid;
  return std::optional<PageCursor>(cursor);
}

}  // namespace gfo::validation
