#include <limits>
#include <string>

#include "gfo/v1/home.pb.h"
#include "gtest/gtest.h"
#include "service/validation/page_token.h"

namespace gfo::validation {
namespace {

std::string HomesKey(gfo::v1::HomeStatus status) {
  gfo::v1::ListHomesRequest request;
  request.set_status(status);
  return PageFilterKey(request);
}

TEST(ValidationPageToken, EmptyTokenIsTheFirstPage) {
  absl::StatusOr<std::optional<PageCursor>> cursor = DecodePageToken("", "key");
  ASSERT_TRUE(cursor.ok());
  EXPECT_FALSE(cursor->has_value());
}

TEST(ValidationPageToken, RoundTrips) {
  for (const PageCursor cursor :
       {PageCursor{0, 1}, PageCursor{0, 42}, PageCursor{19000, 7},
        PageCursor{-5, std::numeric_limits<int64_t>::max()},
        PageCursor{std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min()}}) {
    const std::string token = EncodePageToken(cursor, "filter");
    absl::StatusOr<std::optional<PageCursor>> decoded = DecodePageToken(token, "filter");
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    ASSERT_TRUE(decoded->has_value());
    EXPECT_EQ(**decoded, cursor);
  }
}

TEST(ValidationPageToken, TokenIsUrlSafeAndOpaque) {
  const std::string token = EncodePageToken({0, 12345}, "filter");
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(token.find("12345"), std::string::npos);
}

TEST(ValidationPageToken, EveryEditedCharacterIsInvalid) {
  const std::string token = EncodePageToken({3, 1000}, "filter");
  for (size_t i = 0; i < token.size(); ++i) {
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    absl::StatusOr<std::optional<PageCursor>> decoded = DecodePageToken(tampered, "filter");
    ASSERT_FALSE(decoded.ok()) << i;
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(ValidationPageToken, MalformedTokensAreInvalid) {
  const std::string token = EncodePageToken({0, 9}, "filter");
  for (const std::string& bad :
       {std::string("garbage"), std::string("!!!!"), token.substr(0, token.size() - 1), token + "A",
        token + "=", std::string(1000, 'A'), std::string("\0", 1)}) {
    EXPECT_EQ(DecodePageToken(bad, "filter").status().ToString(),
              "INVALID_ARGUMENT: page_token: invalid")
        << bad;
  }
}

TEST(ValidationPageToken, TokenFromAnotherQueryIsRejected) {
  const std::string approved = HomesKey(gfo::v1::HOME_STATUS_APPROVED);
  const std::string paused = HomesKey(gfo::v1::HOME_STATUS_PAUSED);
  const std::string token = EncodePageToken({0, 50}, approved);
  EXPECT_TRUE(DecodePageToken(token, approved).ok());
  EXPECT_EQ(DecodePageToken(token, paused).status().ToString(),
            "INVALID_ARGUMENT: page_token: does not match the request's filters");
}

TEST(ValidationPageToken, FilterKeyIgnoresPagingFields) {
  gfo::v1::ListHomesRequest first;
  first.set_kind(gfo::v1::PLACEMENT_KIND_EMERGENCY);
  first.set_accepts_age(7);
  gfo::v1::ListHomesRequest second = first;
  second.set_page_size(10);
  second.set_page_token(EncodePageToken({0, 10}, PageFilterKey(first)));
  EXPECT_EQ(PageFilterKey(first), PageFilterKey(second));
  second.set_accepts_age(8);
  EXPECT_NE(PageFilterKey(first), PageFilterKey(second));
  // Different request types never share a key, even when both are empty.
  EXPECT_NE(PageFilterKey(gfo::v1::ListHomesRequest()),
            PageFilterKey(gfo::v1::ListHomeHistoryRequest()));
}

}  // namespace
}  // namespace gfo::validation
