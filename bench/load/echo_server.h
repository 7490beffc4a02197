// The bare gRPC echo server gfo_load measures as the transport's limit: a synchronous
// grpc::Server built with the same ServerBuilder settings as gfo-server (service/server.cc:
// default sync thread pool, 4 MiB receive limit, health checking and reflection on), serving
// one unary method that returns its request.
//
// Started with a database, it is the recorded echo, the floor of any audited call in this design:
// before it answers, each call appends one small row (the time and its payload) to that database
// through the service's own group commit (storage::Database::Write, with the call announced as
// App::HandleCall announces it), and answers after the commit. No authentication, policy,
// message conversion or hash chain: what an audited call costs beyond it is the service's own
// work. gfo_load's floor phase measures it.

#ifndef GFO_BENCH_LOAD_ECHO_SERVER_H_
#define GFO_BENCH_LOAD_ECHO_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "service/storage/database.h"

namespace gfo::load {

class EchoServer {
 public:
  // Starts serving on `listen_address` ("127.0.0.1:0" picks a free port). UNAVAILABLE when it
  // cannot listen. With `record`, every call first appends its row there (the recorded echo);
  // `record` must outlive the server.
  static absl::StatusOr<std::unique_ptr<EchoServer>> Start(const std::string& listen_address,
                                                           storage::Database* record = nullptr);

  // Creates the recorded echo's table in `db` (its rows: id, time in microseconds, payload).
  static absl::Status CreateRecordTable(storage::Database& db);
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
