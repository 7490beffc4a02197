// The bare gRPC echo server gfo_load measures as the transport's limit: a synchronous
// grpc::Server built with the same ServerBuilder settings as gfo-server (service/server.cc:
// default sync thread pool, 4 MiB receive limit, health checking and reflection on), serving
// one unary method that returns its request.

#ifndef GFO_BENCH_LOAD_ECHO_SERVER_H_
#define GFO_BENCH_LOAD_ECHO_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace gfo::load {

class EchoServer {
 public:
  // Starts serving on `listen_address` ("127.0.0.1:0" picks a free port). UNAVAILABLE when it
  // cannot listen.
  static absl::StatusOr<std::unique_ptr<EchoServer>> Start(const std::string& listen_address);
  ~EchoServer();

  // "127.0.0.1:<port>".
  std::string address() const;

 private:
  struct Impl;
  explicit EchoServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The full method name of the echo call, for generic stubs: "/gfo.load.Echo/Echo".
inline constexpr char kEchoMethod[] = "/gfo.load.Echo/Echo";

}  // namespace gfo::load

#endif  // GFO_BENCH_LOAD_ECHO_SERVER_H_
