// Checks for free-text input: valid UTF-8, a length limit in characters, no control characters,
// and the shapes of phone numbers and e-mail addresses.
//
// Messages name the field and the rule, never the text itself (free text may hold personal data).
// All functions are pure and thread-safe.

#ifndef GFO_SERVICE_VALIDATION_TEXT_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_TEXT_VALIDATION_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace gfo::validation {

struct TextRule {
  // Longest accepted text, counted in Unicode code points.
  size_t max_chars = 100;
  // When true, empty or whitespace-only text is INVALID_ARGUMENT `<field>: required`.
  bool required = false;
  // When true, '\n' (and "\r\n") may appear; all other control characters are always refused.
  bool allow_newlines = false;
};

// The number of code points in `text`, or nullopt if `text` is not valid UTF-8 (overlong forms,
// surrogates and values above U+10FFFF are invalid).
std::optional<size_t> Utf8Length(std::string_view text);

// OK if `text` satisfies `rule`. Details: `required`, `must be valid utf-8`,
// `must not contain control characters`, `must be at most 100 characters, got 140`.
absl::Status ValidateText(std::string_view text, std::string_view field, const TextRule& rule);

// `text` without leading and trailing ASCII whitespace.
std::string TrimmedText(std::string_view text);

// An optional phone number: empty, or 6..30 characters of digits, spaces and `+-()`, with at least
// six digits and `+` only first.
absl::Status ValidatePhone(std::string_view phone, std::string_view field);

// An optional e-mail address: empty, or at most 254 characters `local@domain` with one `@`, no
// spaces or control characters, and a domain of dot-separated labels (at least two).
absl::Status ValidateEmail(std::string_view email, std::string_view field);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_TEXT_VALIDATION_H_
