// Opaque page tokens for List methods (AIP-158): a cursor (the last id returned and an optional
// sort key) bound to the query that produced it.
//
// A token is base64url of a small versioned record with a checksum. It is not encrypted or signed:
// it carries only ids the caller has already seen. A token that was edited, truncated or made for
// another query (other filters) is INVALID_ARGUMENT. All functions are pure and thread-safe.

#ifndef GFO_SERVICE_VALIDATION_PAGE_TOKEN_H_
#define GFO_SERVICE_VALIDATION_PAGE_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace gfo::validation {

// Where the next page starts: after the row with this (sort_key, id). Lists ordered by id alone
// leave sort_key 0.
struct PageCursor {
  int64_t sort_key = 0;
  int64_t after_id = 0;

  friend bool operator==(const PageCursor&, const PageCursor&) = default;
};

// A key for the query a token belongs to: the request's type name and its deterministic
// serialisation with the fields `page_size` and `page_token` cleared. Callers append anything
// else the result depends on (for instance the caller's municipality) before encoding.
std::string PageFilterKey(const google::protobuf::Message& list_request);

// The token for `cursor` under `filter_key`.
std::string EncodePageToken(const PageCursor& cursor, std::string_view filter_key);

// The cursor in `token`; nullopt for an empty token (the first page). Errors, all
// INVALID_ARGUMENT: `<field>: invalid` (malformed, edited or truncated) and
// `<field>: does not match the request's filters` (made for another query).
absl::StatusOr<std::optional<PageCursor>> DecodePageToken(std::string_view token,
                                                          std::string_view filter_key,
                                                          std::string_view field = "page_token");

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_PAGE_TOKEN_H_
