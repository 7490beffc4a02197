// Hashes and random tokens (OpenSSL libcrypto).
//
// Thread-safe.

#ifndef GFO_SERVICE_CRYPTO_H_
#define GFO_SERVICE_CRYPTO_H_

#include <string>
#include <string_view>

namespace gfo::crypto {

// SHA-256 of `data` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// SHA-256 of `data` as 32 raw bytes.
std::string Sha256Bytes(std::string_view data);

// A new bearer token: "gfo_" followed by 43 base64url characters (256 random bits).
std::string NewToken();

}  // namespace gfo::crypto

#endif  // GFO_SERVICE_CRYPTO_H_
