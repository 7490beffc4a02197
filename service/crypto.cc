#include "service/crypto.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/escaping.h"

namespace gfo::crypto {

namespace {

// OpenSSL 3's one-shot SHA256() looks the algorithm up and allocates a digest context on every
// call, which cost as much as hashing a 300-byte audit event (bench/LOAD_RESULTS.md). The
// algorithm is fetched once, and each thread keeps one context that it resets per hash.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) std::abort();  // libcrypto without SHA-256: nothing can be verified
    return fetched;
  }();
  return md;
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string Sha256Bytes(std::string_view data) {
  thread_local std::unique_ptr<EVP_MD_CTX, ContextDeleter> ctx(EVP_MD_CTX_new());
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int length = 0;
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx.get(), Sha256Algorithm(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1 || length != sizeof(digest)) {
    // Only an allocation failure inside libcrypto gets here; a wrong hash would break the audit
    // chain and every token lookup.
    std::abort();
  }
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
