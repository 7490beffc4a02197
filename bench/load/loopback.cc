#include "bench/load/loopback.h"

#include <arpa/inet.h>

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace gfo::load {
namespace {

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6);
  }
  return false;
}

}  // namespace

absl::Status CheckLoopbackAddress(std::string_view address, std::string_view field) {
  std::string_view rest = address;
  for (std::string_view scheme : {"ipv4:", "ipv6:", "dns:"}) {
    if (rest.substr(0, scheme.size()) == scheme) rest.remove_prefix(scheme.size());
  }
  std::string host;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(field), ": expected [host]:port, got ", std::string(address)));
    }
    host = std::string(rest.substr(1, close - 1));
    port = rest.substr(close + 2);
  } else {
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(field), ": expected host:port, got ", std::string(address)));
    }
    host = std::string(rest.substr(0, colon));
    port = rest.substr(colon + 1);
  }
  int port_number = 0;
  if (!absl::SimpleAtoi(absl::string_view(port.data(), port.size()), &port_number) ||
      port_number < 1 || port_number > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), ": port must be 1..65535, got ", std::string(address)));
  }
  if (!IsLoopbackHost(host)) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field),
                     ": only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed, got ",
                     std::string(address)));
  }
  return absl::OkStatus();
}

}  // namespace gfo::load
