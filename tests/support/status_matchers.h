// Small GoogleTest helpers for absl::Status and grpc::Status (Abseil 20220623 has none).

#ifndef GFO_TESTS_SUPPORT_STATUS_MATCHERS_H_
#define GFO_TESTS_SUPPORT_STATUS_MATCHERS_H_

#include <gmock/gmock.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gfo::testing {

inline std::string Describe(const grpc::Status& s) {
  return std::to_string(static_cast<int>(s.error_code())) + " " + s.error_message();
}

}  // namespace gfo::testing

#define GFO_EXPECT_OK(expr)                                          \
  do {                                                               \
    const auto& gfo_s_ = (expr);                                     \
    EXPECT_TRUE(gfo_s_.ok()) << ::gfo::testing::DescribeAny(gfo_s_); \
  } while (false)
#define GFO_ASSERT_OK(expr)                                          \
  do {                                                               \
    const auto& gfo_s_ = (expr);                                     \
    ASSERT_TRUE(gfo_s_.ok()) << ::gfo::testing::DescribeAny(gfo_s_); \
  } while (false)

namespace gfo::testing {
inline std::string DescribeAny(const grpc::Status& s) { return Describe(s); }
inline std::string DescribeAny(const absl::Status& s) { return s.ToString(); }
template <typename T>
std::string DescribeAny(const absl::StatusOr<T>& s) {
  return s.status().ToString();
}

// Matches a grpc::Status or absl::Status with the given code and a message containing `text`.
MATCHER_P2(StatusIs, code, text, "") {
  int actual_code;
  std::string message;
  if constexpr (std::is_same_v<std::decay_t<arg_type>, grpc::Status>) {
    actual_code = static_cast<int>(arg.error_code());
    message = arg.error_message();
  } else {
    actual_code = static_cast<int>(arg.code());
    message = std::string(arg.message());
  }
  *result_listener << "code " << actual_code << " message \"" << message << "\"";
  return actual_code == static_cast<int>(code) &&
         message.find(std::string(text)) != std::string::npos;
}

}  // namespace gfo::testing

#endif  // GFO_TESTS_SUPPORT_STATUS_MATCHERS_H_
