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
//
// Started with a journal file instead, it is the journaled echo: each call appends one record
// (the time, the payload's length and the payload) to that file with a single write(2) before it
// answers, the cheapest durable record there is (it survives the process, as a WAL commit with
// synchronous=NORMAL does). gfo_load's journal phase measures it, as the floor of a design that
// would record calls in an append-only journal rather than in SQLite.

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
  // The journaled echo: every call first appends its record to `journal_fd` (a file opened with
  // O_APPEND, which must stay open while the server runs).
  static absl::StatusOr<std::unique_ptr<EchoServer>> StartJournaled(
      const std::string& listen_address, int journal_fd);

  // Size in bytes of the journal record of a call with `payload_bytes` of payload.
  static size_t JournalRecordBytes(size_t payload_bytes);

  // Creates the recorded echo's table in `db` (its rows: id, time in microseconds, payload).
  static absl::Status CreateRecordTable(storage::Database& db);
  ~EchoServer();

  // "127.0.0.1:<port>".
  std::string address() const;

 private:
  struct Impl;
  explicit EchoServer(std::unique_ptr<Impl> impl);
  static absl::StatusOr<std::unique_ptr<EchoServer>> StartWith(const std::string& listen_address,
                                                               storage::Database* record,
                                                               int journal_fd);
  std::unique_ptr<Impl> impl_;
};

// The full method name of the echo call, for generic stubs: "/gfo.load.Echo/Echo".
inline constexpr char kEchoMethod[] = "/gfo.load.Echo/Echo";

}  // namespace gfo::load

#endif  // GFO_BENCH_LOAD_ECHO_SERVER_H_
