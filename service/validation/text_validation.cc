#include "service/validation/text_validation.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "service/errors.h"
#include "service/validation/str_util.h"

namespace gfo::validation {
namespace {

// Decodes one code point at `text[*pos]`, advancing `*pos`; nullopt on invalid UTF-8.
std::optional<uint32_t> DecodeCodePoint(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(*pos);
  size_t length = 0;
  uint32_t code_point = 0;
  uint32_t minimum = 0;
  if (lead < 0x80) {
    ++*pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
    minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (text.size() - *pos < length) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    const uint8_t continuation = byte(*pos + i);
    if ((continuation & 0xC0) != 0x80) return std::nullopt;
    code_point = (code_point << 6) | (continuation & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return std::nullopt;
  }
  *pos += length;
  return code_point;
}

bool IsControl(uint32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F) || code_point == 0x2028 ||
         code_point == 0x2029;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<size_t> Utf8Length(std::string_view text) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (!DecodeCodePoint(text, &pos).has_value()) return std::nullopt;
    ++count;
  }
  return count;
}

absl::Status ValidateText(std::string_view text, std::string_view field, const TextRule& rule) {
  size_t count = 0;
  size_t pos = 0;
  bool has_content = false;
  while (pos < text.size()) {
    const std::optional<uint32_t> code_point = DecodeCodePoint(text, &pos);
    if (!code_point.has_value()) return errors::InvalidArgument(field, "must be valid utf-8");
    const bool newline =
        *code_point == '\n' || (*code_point == '\r' && pos < text.size() && text[pos] == '\n');
    if (IsControl(*code_point) && !(rule.allow_newlines && newline)) {
      return errors::InvalidArgument(field, "must not contain control characters");
    }
    if (*code_point != ' ' && *code_point != '\t' && *code_point != '\n' && *code_point != '\r') {
      has_content = true;
    }
    ++count;
  }
  if (rule.required && !has_content) return errors::InvalidArgument(field, "required");
  if (count > rule.max_chars) {
    return errors::InvalidArgument(
        field, internal::Cat("must be at most ", rule.max_chars, " characters, got ", count));
  }
  return absl::OkStatus();
}

std::string TrimmedText(std::string_view text) {
  return std::string(absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size())));
}

absl::Status ValidatePhone(std::string_view phone, std::string_view field) {
  if (phone.empty()) return absl::OkStatus();
  if (phone.size() < 6 || phone.size() > 30) {
    return errors::InvalidArgument(field, "must be 6..30 characters");
  }
  int digits = 0;
  for (size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (IsAsciiDigit(c)) {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return errors::InvalidArgument(field, "'+' may only come first");
    } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
      return errors::InvalidArgument(field, "may contain only digits, spaces and +-()");
    }
  }
  if (digits < 6) return errors::InvalidArgument(field, "must contain at least 6 digits");
  return absl::OkStatus();
}

absl::Status ValidateEmail(std::string_view email, std::string_view field) {
  if (email.empty()) return absl::OkStatus();
  if (email.size() > 254) return errors::InvalidArgument(field, "must be at most 254 characters");
  for (char c : email) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) {
      return errors::InvalidArgument(field, "must not contain spaces or control characters");
    }
  }
  if (!Utf8Length(email).has_value()) return errors::InvalidArgument(field, "must be valid utf-8");
  const size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos ||
      at == 0 || at > 64) {
    return errors::InvalidArgument(field, "must be an e-mail address local@domain");
  }
  const std::string_view domain = email.substr(at + 1);
  size_t labels = 0;
  size_t start = 0;
  while (start <= domain.size()) {
    size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return errors::InvalidArgument(field, "must be an e-mail address local@domain");
    }
    ++labels;
    start = end + 1;
  }
  if (labels < 2) return errors::InvalidArgument(field, "must be an e-mail address local@domain");
  return absl::OkStatus();
}

}  // namespace gfo::validation
