// SHA-256 against the FIPS 180-2 test vectors, on several threads at once (each thread reuses a
// digest context of its own), and the shape of new tokens.

#include "service/crypto.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace gfo::crypto {
namespace {

TEST(CryptoSha256, MatchesTheStandardsTestVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(Sha256Bytes("abc").size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(Sha256Bytes("abc")[0]), 0xba);
}

TEST(CryptoSha256, EachHashStartsFreshOnEveryThread) {
  // A reused context that kept state from the previous hash would change the second result.
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 500; ++i) {
        if (Sha256Hex(i % 2 == 0 ? "abc" : "") !=
            (i % 2 == 0 ? "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
                        : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")) {
          ++wrong[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

TEST(CryptoToken, IsPrefixedAndCarries256RandomBits) {
  const std::string a = NewToken();
  const std::string b = NewToken();
  EXPECT_EQ(a.substr(0, 4), "gfo_");
  EXPECT_EQ(a.size(), 4u + 43u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace gfo::crypto
