#include "service/crypto.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdlib>

#include "absl/strings/escaping.h"

namespace gfo::crypto {

std::string Sha256Bytes(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

std::string Sha256Hex(std::string_view data) {
  const std::string bytes = Sha256Bytes(data);
  return absl::BytesToHexString(absl::string_view(bytes.data(), bytes.size()));
}

std::string NewToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // Without randomness no credential can be safe: stop rather than issue a weak token.
    std::abort();
  }
  std::string out;
  absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)),
                            &out);
  return "gfo_" + out;
}

}  // namespace gfo::crypto
