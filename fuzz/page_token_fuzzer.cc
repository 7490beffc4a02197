// Fuzzes DecodePageToken with arbitrary text under two filter keys, and round-trips cursors made
// from the input's bytes.
// Invariants: decoding never crashes; a rejection is INVALID_ARGUMENT `page_token: ...`; a token
// that decodes is exactly the encoding of its cursor under that key, and is rejected under the
// other key; every cursor survives encode/decode.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "service/validation/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kKeys[] = {"gfo.v1.ListHomesRequest\n\x18\x03", "other query"};

  for (size_t k = 0; k < 2; ++k) {
    absl::StatusOr<std::optional<gfo::validation::PageCursor>> cursor =
        gfo::validation::DecodePageToken(token, kKeys[k]);
    if (!cursor.ok()) {
      gfo::fuzz::CheckRejection(cursor.status(), "page_token: ");
      continue;
    }
    if (!cursor->has_value()) {
      GFO_FUZZ_CHECK(token.empty());
      continue;
    }
    GFO_FUZZ_CHECK(gfo::validation::EncodePageToken(**cursor, kKeys[k]) == token);
    GFO_FUZZ_CHECK(!gfo::validation::DecodePageToken(token, kKeys[1 - k]).ok());
  }

  if (size >= 16) {
    gfo::validation::PageCursor cursor;
    std::memcpy(&cursor.sort_key, data, 8);
    std::memcpy(&cursor.after_id, data + 8, 8);
    const std::string key(reinterpret_cast<const char*>(data) + 16, size - 16);
    absl::StatusOr<std::optional<gfo::validation::PageCursor>> decoded =
        gfo::validation::DecodePageToken(gfo::validation::EncodePageToken(cursor, key), key);
    GFO_FUZZ_CHECK(decoded.ok() && decoded->has_value() && **decoded == cursor);
  }
  return 0;
}
