// The one object built at start-up that owns what every handler needs (database, clock,
// configuration, logger), and the one place where every call is authenticated, authorized,
// audited and logged.
//
// A handler is written as
//
//   grpc::Status GetHome(grpc::ServerContext* ctx, const GetHomeRequest* req, Home* out) override {
//     return app_.Handle(ctx, kGetHome, [&](Call& call) { return homes_.Get(call, *req, out); });
//   }
//
// App::Handle authenticates the bearer token (or mTLS subject), checks the policy table
// (service/policy.h), runs the body, and appends exactly one audit event per call: inside the
// write transaction for a call that writes (Call::Write), in the same transaction as the read for
// a lookup by name (Call::ReadRecorded), otherwise after the body; always before the response is
// sent. A call that cannot be audited fails with UNAVAILABLE and returns no data.

#ifndef GFO_SERVICE_APP_H_
#define GFO_SERVICE_APP_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/support/status.h>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gfo/v1/audit.pb.h"
#include "gfo/v1/common.pb.h"
#include "gfo/v1/config.pb.h"
#include "service/clock.h"
#include "service/storage/database.h"
#include "service/touched_home.h"

namespace grpc {
class ServerContext;
}
namespace google::protobuf {
class Message;
}
namespace spdlog {
class logger;
}

namespace gfo {

// Who is calling.
struct Principal {
  int64_t account_id = 0;  // 0 = not authenticated
  std::string account;     // accounts/{id}
  gfo::v1::Role role = gfo::v1::ROLE_UNSPECIFIED;
  int32_t municipality_code = 0;  // case workers only
};

struct AppConfig {
  gfo::v1::ServiceConfig service;  // as loaded; defaults apply to unset fields
  absl::Duration proposal_hold = absl::Hours(72);
  int review_interval_months = 6;
  std::string backup_dir = "var/backups";
};

class App;

// One call in progress. Not thread-safe; lives on the handler's stack.
class Call {
 public:
  const Principal& principal() const { return principal_; }
  bool is_case_worker() const { return principal_.role == gfo::v1::ROLE_CASE_WORKER; }
  absl::Time now() const { return now_; }
  App& app() const { return app_; }
  std::string_view reason() const { return reason_; }
  grpc::ServerContext* server_context() const { return ctx_; }

  // Names a resource the call touches; it goes on the audit event (pseudonymous names only).
  void AddResource(std::string resource_name);

  // PERMISSION_DENIED unless the caller may see records of `municipality_code`: staff, admins
  // and auditors always pass here (the policy table limits what they reach); a case worker
  // only for its own municipality. `resource` names the record in the message.
  absl::Status CheckMunicipality(int32_t municipality_code, std::string_view resource) const;

  // Runs `fn` against a consistent read snapshot.
  absl::Status Read(absl::FunctionRef<absl::Status(storage::Db&)> fn);

  // For a call whose whole answer is one short read (a lookup by name): runs `fn` on the writer,
  // in the group transaction that also appends the call's audit event with `fn`'s status, and
  // returns `fn`'s status once that transaction has committed. The answer and its record are
  // then one commit, and the read costs no reader transaction of its own. `fn` must not change
  // anything and must be short: it holds the writer. UNAVAILABLE (and nothing to return) when
  // the event cannot be recorded. At most once per call, and not with Write.
  absl::Status ReadRecorded(absl::FunctionRef<absl::Status(storage::Db&)> fn);

  // Runs `fn` in one write transaction; the call's audit event is appended in the same
  // transaction, so the change and its record commit together or not at all. At most once per
  // call. When the call is past its deadline before the write starts, nothing is written; so
  // too when the client cancelled a call that has been in the server for kCancelCheckAfter or
  // more. (Asking gRPC whether a call was cancelled costs a poll of the call's completion queue,
  // about a tenth of a write call's CPU on this machine, bench/LOAD_RESULTS.md, and a client
  // gives up on calls that wait. A call cancelled sooner may still commit whole, as one
  // cancelled just after its commit does: either way the client sees CANCELLED and nothing is
  // half done.)
  absl::Status Write(absl::FunctionRef<absl::Status(storage::Db&)> fn);
  static constexpr absl::Duration kCancelCheckAfter = absl::Milliseconds(20);

  // For a server-streaming call: appends the call's audit event now (status OK: the call was
  // allowed and starts sending), so that it is on the trail before any data leaves. Call it
  // before the first message; at most once. If the call then ends with an error, App::Handle
  // appends a second event with that status. UNAVAILABLE when it cannot be recorded: send
  // nothing then.
  absl::Status RecordBeforeSending();

  // OK while the client still waits for the answer; DEADLINE_EXCEEDED once the call is past its
  // deadline, CANCELLED once the client cancelled it, each message starting with `what` (what
  // was or was not done). Asks gRPC about cancellation, which costs a poll: for the end of a
  // long call, not for every write (see Write).
  absl::Status ClientGaveUp(std::string_view what) const;

  // For a long call (a stream): OK while the credentials the call arrived with still identify
  // the same enabled account, whose role may still call the method. UNAUTHENTICATED once the
  // token was revoked or expired or the account disabled (the check reads the credential cache,
  // which every change to accounts or tokens clears before it returns).
  absl::Status CheckStillAuthorized() const;

  // Runs after the write commits, under the write lock (in commit order).
  void AfterCommit(std::function<void(storage::Db&)> fn);

  // Marks a home whose capacity or profile the write changed; the home index reloads it after
  // the commit.
  void TouchHome(int64_t home_id);
  // As TouchHome, for a write that changed only the home's row (not its placements, holds or
  // transitions) and saved it as `saved` (home_store::Save): the index takes `saved` instead of
  // reading the home back.
  void TouchSavedHome(int64_t home_id, const gfo::v1::Home& saved);

 private:
  friend class App;
  Call(App& app, grpc::ServerContext* ctx, absl::Time now)
      : app_(app), ctx_(ctx), now_(now), arrived_(absl::Now()) {}

  App& app_;
  grpc::ServerContext* ctx_;
  absl::Time now_;      // the service clock's time of the call (stored on its records)
  absl::Time arrived_;  // when the handler started, by the system clock (for latency)
  Principal principal_;
  // The credentials the call was authenticated with (the token points into the call's
  // metadata, which lives as long as the call), for CheckStillAuthorized.
  std::string_view bearer_token_;
  std::string certificate_subject_;
  std::string method_;
  std::string reason_;
  std::string peer_;
  std::vector<std::string> resources_;
  std::vector<std::function<void(storage::Db&)>> after_commit_;
  std::vector<TouchedHome> touched_homes_;
  storage::Database::WriteAnnouncement* announcement_ = nullptr;
  // The status code of the audit event already on the trail for this call (by a committed
  // Write, ReadRecorded or RecordBeforeSending); App::Handle appends another only for a
  // different one, and no second Write, ReadRecorded or RecordBeforeSending may follow.
  std::optional<int> recorded_code_;
};

class App {
 public:
  using HomesChangedHook = std::function<void(storage::Db&, const std::vector<TouchedHome>&)>;

  App(storage::Database& db, const Clock& clock, std::shared_ptr<spdlog::logger> logger,
      AppConfig config);

  // Runs one call (see the file comment). `method` is the full name,
  // "gfo.v1.HomeService/GetHome".
  grpc::Status Handle(grpc::ServerContext* ctx, std::string_view method,
                      absl::FunctionRef<absl::Status(Call&)> body);

  // As above, and first names on the audit event the resources `request` refers to (string
  // fields holding resource names such as `requests/17`, at the top level or one message down),
  // so refused and failed calls also record what was asked for.
  grpc::Status Handle(grpc::ServerContext* ctx, std::string_view method,
                      const google::protobuf::Message& request,
                      absl::FunctionRef<absl::Status(Call&)> body);

  storage::Database& db() { return db_; }
  const Clock& clock() const { return clock_; }
  spdlog::logger& log() { return *logger_; }
  const AppConfig& config() const { return config_; }

  // Registers the hook run once after every commit whose writes touched homes (Call::TouchHome),
  // with those homes (the home index). Call before serving.
  void SetHomesChangedHook(HomesChangedHook hook) { homes_changed_ = std::move(hook); }

  // Resolves a bearer token or certificate subject to an account. UNAUTHENTICATED when
  // neither identifies an enabled account with a live token.
  absl::StatusOr<Principal> Authenticate(std::string_view bearer_token,
                                         std::string_view certificate_subject);

  // Drops every cached token and certificate lookup (runs after any change to accounts or
  // tokens; see Authenticate).
  void ForgetCredentials();

 private:
  friend class Call;
  grpc::Status HandleCall(grpc::ServerContext* ctx, std::string_view method,
                          const google::protobuf::Message* request,
                          absl::FunctionRef<absl::Status(Call&)> body);
  // Appends `call`'s audit event in a write of its own (grouped with other writes) and returns
  // after it committed; UNAVAILABLE (and an error log line) when it could not be recorded.
  absl::Status RecordCall(const Call& call, int status_code);
  // As above, with the status code taken from `status_code`, run inside the write (it may read).
  absl::Status RecordCall(const Call& call, absl::FunctionRef<int(storage::Db&)> status_code);
  absl::Status AppendAudit(storage::Db& db, const Call& call, int status_code);
  gfo::v1::AuditEvent AuditEventFor(const Call& call, int status_code) const;

  storage::Database& db_;
  const Clock& clock_;
  std::shared_ptr<spdlog::logger> logger_;
  AppConfig config_;
  HomesChangedHook homes_changed_;
  // The homes touched by the writes of the group being committed, reloaded (homes_changed_) once
  // per commit, after every write's hooks (storage::Database::AfterEachCommit). Used only under
  // the database's write lock.
  std::vector<TouchedHome> homes_to_reload_;

  // Authenticated credentials (token hash or certificate subject -> account), so that a call
  // needs no read transaction to learn who is calling. Only successful lookups are kept; the
  // whole cache is dropped after every write transaction that touches `accounts` or `tokens`
  // (storage::Database::OnTableChange), before that write is acknowledged, so a revoked token
  // or disabled account stops working when the revocation returns. Expiry is checked on every
  // call against the cached expiry time. (An edit made to the file by another process, such as
  // the sqlite3 shell, is not seen until the server restarts.)
  struct CachedCredential {
    Principal principal;
    int64_t expire_micros = 0;  // 0 = never
  };
  absl::Mutex credentials_mu_;
  absl::flat_hash_map<std::string, CachedCredential> credentials_ ABSL_GUARDED_BY(credentials_mu_);
  // Bumped by ForgetCredentials: a lookup that started before a change never caches its result.
  uint64_t credentials_generation_ ABSL_GUARDED_BY(credentials_mu_) = 0;
};

// Writes a lifecycle move to the transitions table. REQUIRES: inside Call::Write.
absl::Status RecordTransition(storage::Db& db, const Call& call, std::string_view resource,
                              std::string_view from_state, std::string_view to_state,
                              std::string_view reason);

// Reads the lifecycle moves of `resource`, oldest first.
absl::Status ReadTransitions(storage::Db& db, std::string_view resource,
                             google::protobuf::RepeatedPtrField<gfo::v1::StateTransition>* out);

// Microseconds since the epoch, the storage form of times.
int64_t ToMicros(absl::Time t);
absl::Time FromMicros(int64_t micros);

}  // namespace gfo

#endif  // GFO_SERVICE_APP_H_
