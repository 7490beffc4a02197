#include "service/app.h"

#include <google/protobuf/util/time_util.h>
#include <grpcpp/server_context.h>
#include <spdlog/spdlog.h>

#include <utility>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gfo/v1/audit.pb.h"
#include "service/audit_log.h"
#include "service/crypto.h"
#include "service/errors.h"
#include "service/grpc_status.h"
#include "service/policy.h"
#include "service/status_macros.h"

namespace gfo {
namespace {

std::string_view Metadata(const grpc::ServerContext& ctx, std::string_view key) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return {};
  return std::string_view(it->second.data(), it->second.size());
}

std::string CertificateSubject(const grpc::ServerContext& ctx) {
  auto auth = ctx.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  for (const auto& value : auth->FindPropertyValues("x509_subject")) {
    return std::string(value.data(), value.size());
  }
  return "";
}

// A reason keeps this many bytes on the trail; this many are decoded and scanned first.
constexpr size_t kReasonKeptBytes = 200;
constexpr size_t kReasonScanBytes = 400;

// The byte length of the separator an identity number may have at `pos` (0 when none): '-',
// '+', a space, or what documents put there instead: a no-break, narrow no-break or thin space
// (U+00A0, U+202F, U+2009), a Unicode dash or minus (U+2010..U+2015, U+2212).
size_t IdentitySeparatorAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return 0;
  if (text[pos] == '-' || text[pos] == '+' || text[pos] == ' ') return 1;
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 == 0xC2 && pos + 1 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0xA0) {
    return 2;
  }
  if (b0 == 0xE2 && pos + 2 < text.size()) {
    const auto b1 = static_cast<unsigned char>(text[pos + 1]);
    const auto b2 = static_cast<unsigned char>(text[pos + 2]);
    if ((b1 == 0x80 && ((b2 >= 0x90 && b2 <= 0x95) || b2 == 0xAF || b2 == 0x89)) ||
        (b1 == 0x88 && b2 == 0x92)) {
      return 3;
    }
  }
  return 0;
}

// The trail holds "never the personal data itself" (DOMAIN.md), yet a reason is the caller's
// free text, and a personal identity number is the likeliest personal datum in it. Every number
// written as one has its digits replaced by '*': a run of 10 or 12 digits, or of 6 or 8 digits
// and then a separator (IdentitySeparatorAt) and 4 digits. Other numbers (case references such
// as SN-2026-0042, dates, most phone numbers) are kept. Names cannot be recognised; the CLI's
// --reason help asks for none.
void MaskIdentityNumbers(std::string& text) {
  auto digit = [&](size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
  auto run_end = [&](size_t k) {
    while (digit(k)) ++k;
    return k;
  };
  auto mask = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
      if (digit(k)) text[k] = '*';
    }
  };
  size_t i = 0;
  while (i < text.size()) {
    if (!digit(i)) {
      ++i;
      continue;
    }
    const size_t end = run_end(i);
    const size_t head = end - i;
    size_t next = end;
    if (head == 10 || head == 12) {
      mask(i, end);
    } else if (head == 6 || head == 8) {
      const size_t separator = IdentitySeparatorAt(text, end);
      if (separator > 0 && digit(end + separator)) {
        const size_t tail_end = run_end(end + separator);
        if (tail_end - end - separator == 4) {
          mask(i, tail_end);
          next = tail_end;
        }
      }
    }
    i = next;
  }
}

// The reason a caller gives (metadata x-gfo-reason, percent-encoded by the CLI because metadata
// is ASCII), decoded and limited so a log cannot be flooded; control characters are dropped, and
// any other character that can act on a terminal (C1 controls, bidi overrides) becomes '?'.
// Identity numbers are masked (MaskIdentityNumbers).
std::string CleanReason(std::string_view raw) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  // Decoded (control characters dropped as they come), made storable, masked, and only then cut
  // to the 200 bytes kept: a number across the cut is masked whole before it is cut, never cut
  // into a shorter run that no longer looks like one. Decoding stops after kReasonScanBytes;
  // a run of digits it stopped in is dropped, as the cut would otherwise keep a piece of it.
  std::string decoded;
  size_t i = 0;
  for (; i < raw.size() && decoded.size() < kReasonScanBytes; ++i) {
    char c = raw[i];
    if (c == '%' && i + 2 < raw.size() && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
      c = static_cast<char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
      i += 2;
    }
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) decoded.push_back(c);
  }
  if (i < raw.size()) {
    // Trailing digits and the separators a number may have between its parts.
    while (!decoded.empty()) {
      const size_t n = decoded.size();
      if (decoded[n - 1] >= '0' && decoded[n - 1] <= '9') {
        decoded.pop_back();
      } else if (IdentitySeparatorAt(decoded, n - 1) == 1) {
        decoded.pop_back();
      } else if (n >= 2 && IdentitySeparatorAt(decoded, n - 2) == 2) {
        decoded.resize(n - 2);
      } else if (n >= 3 && IdentitySeparatorAt(decoded, n - 3) == 3) {
        decoded.resize(n - 3);
      } else {
        break;
      }
    }
  }
  std::string out = audit::StorableText(decoded, decoded.size());
  MaskIdentityNumbers(out);
  return audit::StorableText(out, kReasonKeptBytes);
}

// Consumes `[a-z_]+/[0-9]{1,19}` from the front of `value`; false when it is not there.
bool ConsumeNameSegment(std::string_view& value) {
  size_t i = 0;
  while (i < value.size() && ((value[i] >= 'a' && value[i] <= 'z') || value[i] == '_')) ++i;
  if (i == 0 || i >= value.size() || value[i] != '/') return false;
  const size_t digits_start = ++i;
  while (i < value.size() && value[i] >= '0' && value[i] <= '9') ++i;
  const size_t digits = i - digits_start;
  if (digits == 0 || digits > 19) return false;
  value.remove_prefix(i);
  return true;
}

// True for a pseudonymous resource name: `collection/123` or `collection/1/sub/2`.
bool IsResourceName(std::string_view value) {
  if (value.size() > 80 || !ConsumeNameSegment(value)) return false;
  if (value.empty()) return true;
  if (value.front() != '/') return false;
  value.remove_prefix(1);
  return ConsumeNameSegment(value) && value.empty();
}

void CollectResourceNames(const google::protobuf::Message& message, int depth,
                          std::vector<std::string>& out) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) continue;
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      std::string value = reflection->GetString(message, field);
      if (IsResourceName(value)) out.push_back(std::move(value));
    } else if (field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE && depth == 0 &&
               reflection->HasField(message, field)) {
      CollectResourceNames(reflection->GetMessage(message, field), depth + 1, out);
    }
  }
}

// The resource names a request refers to (only strings shaped like resource names, so no
// personal data can pass).
std::vector<std::string> RequestResourceNames(const google::protobuf::Message& request) {
  std::vector<std::string> out;
  CollectResourceNames(request, 0, out);
  return out;
}

}  // namespace

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

void Call::AddResource(std::string resource_name) {
  for (const std::string& r : resources_) {
    if (r == resource_name) return;
  }
  resources_.push_back(std::move(resource_name));
}

absl::Status Call::CheckMunicipality(int32_t municipality_code, std::string_view resource) const {
  if (!is_case_worker()) return absl::OkStatus();
  if (principal_.municipality_code == municipality_code) return absl::OkStatus();
  return errors::PermissionDenied(
      absl::StrCat(std::string(resource), ": belongs to another municipality than the caller's (",
                   principal_.municipality_code, ")"));
}

absl::Status Call::Read(absl::FunctionRef<absl::Status(storage::Db&)> fn) {
  return app_.db().Read(fn);
}

absl::Status Call::Write(absl::FunctionRef<absl::Status(storage::Db&)> fn) {
  if (recorded_code_.has_value()) {
    return errors::Internal("call: a write after the call was recorded (one write per call)");
  }
  if (ctx_ != nullptr && ctx_->deadline() < std::chrono::system_clock::now()) {
    return absl::DeadlineExceededError("call: deadline passed before the write started");
  }
  if (ctx_ != nullptr && absl::Now() - arrived_ >= kCancelCheckAfter && ctx_->IsCancelled()) {
    return absl::CancelledError("call: cancelled before the write started; nothing was changed");
  }
  absl::Status status = app_.db().Write(
      [&](storage::Db& db) -> absl::Status {
        absl::Status body = fn(db);
        if (!body.ok()) return body;
        return app_.AppendAudit(db, *this, 0);
      },
      [&](storage::Db& db) {
        recorded_code_ = 0;
        for (auto& hook : after_commit_) hook(db);
        // Reloaded once for the whole group (App's AfterEachCommit hook).
        app_.homes_to_reload_.insert(app_.homes_to_reload_.end(), touched_homes_.begin(),
                                     touched_homes_.end());
      },
      announcement_);
  return status;
}

absl::Status Call::ReadRecorded(absl::FunctionRef<absl::Status(storage::Db&)> fn) {
  if (recorded_code_.has_value()) {
    return errors::Internal("call: recorded read after the call was recorded");
  }
  absl::Status read;
  GFO_RETURN_IF_ERROR(app_.RecordCall(*this, [&](storage::Db& db) {
    read = fn(db);
    return static_cast<int>(read.code());
  }));
  recorded_code_ = static_cast<int>(read.code());
  return read;
}

absl::Status Call::RecordBeforeSending() {
  if (recorded_code_.has_value()) {
    return errors::Internal("call: recorded before sending more than once");
  }
  GFO_RETURN_IF_ERROR(app_.RecordCall(*this, 0));
  recorded_code_ = 0;
  return absl::OkStatus();
}

absl::Status Call::ClientGaveUp(std::string_view what) const {
  if (ctx_ == nullptr) return absl::OkStatus();
  if (ctx_->deadline() <= std::chrono::system_clock::now()) {
    return absl::DeadlineExceededError(absl::StrCat(std::string(what), ": the deadline passed"));
  }
  if (ctx_->IsCancelled()) {
    return absl::CancelledError(absl::StrCat(std::string(what), ": the client cancelled the call"));
  }
  return absl::OkStatus();
}

absl::Status Call::CheckStillAuthorized() const {
  absl::StatusOr<Principal> now = app_.Authenticate(bearer_token_, certificate_subject_);
  if (!now.ok()) return now.status();
  if (now->account != principal_.account || now->role != principal_.role ||
      now->municipality_code != principal_.municipality_code || !IsAllowed(method_, now->role)) {
    return errors::Unauthenticated("the credentials of this call no longer allow it");
  }
  return absl::OkStatus();
}

void Call::AfterCommit(std::function<void(storage::Db&)> fn) {
  after_commit_.push_back(std::move(fn));
}

void Call::TouchHome(int64_t home_id) { touched_homes_.push_back(TouchedHome{home_id, nullptr}); }

void Call::TouchSavedHome(int64_t home_id, const gfo::v1::Home& saved) {
  touched_homes_.push_back(TouchedHome{home_id, std::make_shared<const gfo::v1::Home>(saved)});
}

App::App(storage::Database& db, const Clock& clock, std::shared_ptr<spdlog::logger> logger,
         AppConfig config)
    : db_(db), clock_(clock), logger_(std::move(logger)), config_(std::move(config)) {
  db_.OnTableChange("accounts", [this] { ForgetCredentials(); });
  db_.OnTableChange("tokens", [this] { ForgetCredentials(); });
  db_.AfterEachCommit([this](storage::Db& db) {
    if (homes_to_reload_.empty()) return;
    if (homes_changed_) homes_changed_(db, homes_to_reload_);
    homes_to_reload_.clear();
  });
}

void App::ForgetCredentials() {
  absl::MutexLock lock(&credentials_mu_);
  credentials_.clear();
  ++credentials_generation_;
}

absl::StatusOr<Principal> App::Authenticate(std::string_view bearer_token,
                                            std::string_view certificate_subject) {
  const int64_t now = ToMicros(clock_.Now());
  std::string key;
  if (!bearer_token.empty()) {
    key = absl::StrCat("t:", crypto::Sha256Bytes(bearer_token));
  } else if (!certificate_subject.empty()) {
    key = absl::StrCat("c:",
                       absl::string_view(certificate_subject.data(), certificate_subject.size()));
  } else {
    return errors::Unauthenticated("authorization: missing bearer token");
  }
  uint64_t generation = 0;
  {
    absl::MutexLock lock(&credentials_mu_);
    auto it = credentials_.find(key);
    if (it != credentials_.end()) {
      if (it->second.expire_micros != 0 && it->second.expire_micros <= now) {
        return errors::Unauthenticated("authorization: token has expired");
      }
      return it->second.principal;
    }
    generation = credentials_generation_;
  }

  Principal principal;
  bool found = false;
  int64_t expire_micros = 0;
  std::string problem;  // set by every path that leaves `found` false
  absl::Status status = db_.Read([&](storage::Db& db) -> absl::Status {
    if (!bearer_token.empty()) {
      auto stmt = db.Prepare(
          "SELECT a.id, a.role, a.municipality_code, a.disabled, t.revoked, t.expire_time "
          "FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?");
      if (!stmt.ok()) return stmt.status();
      (*stmt)->BindBlob(1, crypto::Sha256Bytes(bearer_token));
      auto row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      problem = "authorization: unknown token";
      if (*row) {
        const auto expire = (*stmt)->ColumnOptionalInt(5);
        if ((*stmt)->ColumnInt(3) != 0) {
          problem = "authorization: account is disabled";
        } else if ((*stmt)->ColumnInt(4) != 0) {
          problem = "authorization: token was revoked";
        } else if (expire.has_value() && *expire <= now) {
          problem = "authorization: token has expired";
        } else {
          found = true;
          principal.account_id = (*stmt)->ColumnInt(0);
          principal.role = static_cast<gfo::v1::Role>((*stmt)->ColumnInt(1));
          principal.municipality_code = static_cast<int32_t>((*stmt)->ColumnInt(2));
          expire_micros = expire.value_or(0);
        }
      }
      (*stmt)->Reset();
      return absl::OkStatus();
    }
    if (!certificate_subject.empty()) {
      auto stmt = db.Prepare(
          "SELECT id, role, municipality_code, disabled FROM accounts WHERE certificate_subject = "
          "?");
      if (!stmt.ok()) return stmt.status();
      (*stmt)->Bind(1, certificate_subject);
      auto row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      problem = "authorization: client certificate maps to no account";
      if (*row) {
        if ((*stmt)->ColumnInt(3) != 0) {
          problem = "authorization: account is disabled";
        } else {
          found = true;
          principal.account_id = (*stmt)->ColumnInt(0);
          principal.role = static_cast<gfo::v1::Role>((*stmt)->ColumnInt(1));
          principal.municipality_code = static_cast<int32_t>((*stmt)->ColumnInt(2));
        }
      }
      (*stmt)->Reset();
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found) return errors::Unauthenticated(problem);
  principal.account = absl::StrCat("accounts/", principal.account_id);
  {
    // Cache only when no change to accounts or tokens committed since the lookup began: its
    // snapshot may predate a revocation.
    constexpr size_t kMaxCachedCredentials = 10000;
    absl::MutexLock lock(&credentials_mu_);
    if (credentials_generation_ == generation) {
      if (credentials_.size() >= kMaxCachedCredentials) credentials_.clear();
      credentials_[key] = CachedCredential{principal, expire_micros};
    }
  }
  return principal;
}

absl::Status App::RecordCall(const Call& call, int status_code) {
  return RecordCall(call, [status_code](storage::Db&) { return status_code; });
}

absl::Status App::RecordCall(const Call& call, absl::FunctionRef<int(storage::Db&)> status_code) {
  absl::Status status =
      db_.Write([&](storage::Db& db) { return AppendAudit(db, call, status_code(db)); },
                [](storage::Db&) {}, call.announcement_);
  if (status.ok()) return status;
  logger_->error("audit append failed method={} error={}", call.method_, status.ToString());
  return errors::Unavailable("audit: the call could not be recorded; no data returned");
}

absl::Status App::AppendAudit(storage::Db& db, const Call& call, int status_code) {
  return audit::Append(db, AuditEventFor(call, status_code)).status();
}

gfo::v1::AuditEvent App::AuditEventFor(const Call& call, int status_code) const {
  gfo::v1::AuditEvent event;
  *event.mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToMicros(call.now_));
  event.set_account(call.principal_.account);
  event.set_role(call.principal_.role);
  event.set_municipality_code(call.principal_.municipality_code);
  event.set_method(call.method_);
  for (const std::string& r : call.resources_) event.add_resources(r);
  event.set_status_code(status_code);
  event.set_client_address(call.peer_);
  event.set_reason(call.reason_);
  return event;
}

grpc::Status App::Handle(grpc::ServerContext* ctx, std::string_view method,
                         absl::FunctionRef<absl::Status(Call&)> body) {
  return HandleCall(ctx, method, nullptr, body);
}

grpc::Status App::Handle(grpc::ServerContext* ctx, std::string_view method,
                         const google::protobuf::Message& request,
                         absl::FunctionRef<absl::Status(Call&)> body) {
  return HandleCall(ctx, method, &request, body);
}

grpc::Status App::HandleCall(grpc::ServerContext* ctx, std::string_view method,
                             const google::protobuf::Message* request,
                             absl::FunctionRef<absl::Status(Call&)> body) {
  // Every call ends in one write (its change or its audit event): announcing it lets a group
  // commit in progress wait for it (storage::Database::WriteAnnouncement).
  storage::Database::WriteAnnouncement announcement(db_);
  Call call(*this, ctx, clock_.Now());
  call.announcement_ = &announcement;
  call.method_ = std::string(method);
  if (request != nullptr) {
    for (std::string& name : RequestResourceNames(*request)) call.AddResource(std::move(name));
  }
  if (ctx != nullptr) {
    call.peer_ = ctx->peer();
    call.reason_ = CleanReason(Metadata(*ctx, "x-gfo-reason"));
  }

  absl::Status status;
  {
    std::string_view auth = ctx != nullptr ? Metadata(*ctx, "authorization") : std::string_view();
    std::string_view token;
    if (!auth.empty()) {
      if (absl::StartsWithIgnoreCase(absl::string_view(auth.data(), auth.size()), "bearer ")) {
        token = auth.substr(7);
      } else {
        status = errors::Unauthenticated("authorization: expected \"Bearer <token>\"");
      }
    }
    if (status.ok()) {
      // The certificate subject counts only without a token (and costs an auth context).
      const std::string subject =
          ctx != nullptr && token.empty() ? CertificateSubject(*ctx) : std::string();
      auto principal = Authenticate(token, subject);
      if (principal.ok()) {
        call.principal_ = std::move(*principal);
        call.bearer_token_ = token;
        call.certificate_subject_ = subject;
      } else {
        status = principal.status();
      }
    }
  }
  if (status.ok() && !IsAllowed(method, call.principal_.role)) {
    status = errors::PermissionDenied(absl::StrCat(std::string(method), ": not allowed for role ",
                                                   gfo::v1::Role_Name(call.principal_.role)));
  }
  if (status.ok()) status = body(call);

  if (call.recorded_code_ != static_cast<int>(status.code())) {
    // Reads, refusals and failures: recorded before the response leaves (Database::Write returns
    // after the group holding this event has committed). A write that committed recorded its
    // event in its own transaction, a lookup with its read (Call::ReadRecorded); a stream
    // recorded its start before sending (Call::RecordBeforeSending). Such a call adds an event
    // here only when it then ended with another status.
    absl::Status audited = RecordCall(call, static_cast<int>(status.code()));
    if (!audited.ok() && status.ok()) status = std::move(audited);
  }
  const int64_t latency_us = absl::ToInt64Microseconds(absl::Now() - call.arrived_);
  logger_->info("rpc method={} account={} role={} code={} latency_us={}", method,
                call.principal_.account.empty() ? "-" : call.principal_.account,
                gfo::v1::Role_Name(call.principal_.role), absl::StatusCodeToString(status.code()),
                latency_us);
  return ToGrpcStatus(status);
}

absl::Status RecordTransition(storage::Db& db, const Call& call, std::string_view resource,
                              std::string_view from_state, std::string_view to_state,
                              std::string_view reason) {
  auto stmt = db.Prepare(
      "INSERT INTO transitions(resource, from_state, to_state, reason, actor, time) "
      "VALUES (?,?,?,?,?,?)");
  if (!stmt.ok()) return stmt.status();
  (*stmt)
      ->Bind(1, resource)
      .Bind(2, from_state)
      .Bind(3, to_state)
      .Bind(4, reason)
      .Bind(5, std::string_view(call.principal().account))
      .Bind(6, ToMicros(call.now()));
  return (*stmt)->Run();
}

absl::Status ReadTransitions(storage::Db& db, std::string_view resource,
                             google::protobuf::RepeatedPtrField<gfo::v1::StateTransition>* out) {
  auto stmt = db.Prepare(
      "SELECT from_state, to_state, reason, actor, time FROM transitions WHERE resource = ? "
      "ORDER BY id");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->Bind(1, resource);
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    gfo::v1::StateTransition* t = out->Add();
    t->set_from_state((*stmt)->ColumnText(0));
    t->set_to_state((*stmt)->ColumnText(1));
    t->set_reason((*stmt)->ColumnText(2));
    t->set_actor((*stmt)->ColumnText(3));
    *t->mutable_time() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp((*stmt)->ColumnInt(4));
  }
  (*stmt)->Reset();
  return absl::OkStatus();
}

}  // namespace gfo
