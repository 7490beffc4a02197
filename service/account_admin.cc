#include "service/account_admin.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/accounts.h"
#include "service/errors.h"
#include "service/status_macros.h"
#include "service/storage/rows.h"
#include "service/validation/account_validation.h"
#include "service/validation/common_validation.h"
#include "service/validation/page_token.h"
#include "service/validation/text_validation.h"

namespace gfo::accounts {
namespace {

using google::protobuf::util::TimeUtil;

constexpr std::string_view kAccountColumns =
    "id, display_name, role, municipality_code, disabled, certificate_subject, create_time";

gfo::v1::Account ReadAccount(const storage::Statement& s) {
  gfo::v1::Account a;
  a.set_name(validation::FormatResourceName("accounts", s.ColumnInt(0)));
  a.set_display_name(s.ColumnText(1));
  a.set_role(static_cast<gfo::v1::Role>(s.ColumnInt(2)));
  a.set_municipality_code(static_cast<int32_t>(s.ColumnInt(3)));
  a.set_disabled(s.ColumnInt(4) != 0);
  a.set_certificate_subject(s.ColumnText(5));
  *a.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(s.ColumnInt(6));
  return a;
}

constexpr std::string_view kTokenColumns = "id, account_id, create_time, expire_time, revoked";

gfo::v1::TokenInfo ReadToken(const storage::Statement& s) {
  gfo::v1::TokenInfo t;
  t.set_name(absl::StrCat("accounts/", s.ColumnInt(1), "/tokens/", s.ColumnInt(0)));
  *t.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(s.ColumnInt(2));
  if (const std::optional<int64_t> expire = s.ColumnOptionalInt(3); expire.has_value()) {
    *t.mutable_expire_time() = TimeUtil::MicrosecondsToTimestamp(*expire);
  }
  t.set_revoked(s.ColumnInt(4) != 0);
  return t;
}

absl::StatusOr<bool> IsRegisteredMunicipality(storage::Db& db, int32_t code) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare("SELECT 1 FROM municipalities WHERE code = ?"));
  stmt->Bind(1, static_cast<int64_t>(code));
  GFO_ASSIGN_OR_RETURN(const bool found, stmt->Step());
  stmt->Reset();
  return found;
}

absl::StatusOr<gfo::v1::TokenInfo> LoadToken(storage::Db& db, int64_t account_id, int64_t token_id,
                                             std::string_view name) {
  GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                       db.Prepare(absl::StrCat("SELECT ", std::string(kTokenColumns),
                                               " FROM tokens WHERE id = ? AND account_id = ?")));
  stmt->Bind(1, token_id).Bind(2, account_id);
  GFO_ASSIGN_OR_RETURN(const bool found, stmt->Step());
  if (!found) {
    stmt->Reset();
    return errors::NotFound(name);
  }
  gfo::v1::TokenInfo token = ReadToken(*stmt);
  stmt->Reset();
  return token;
}

}  // namespace

absl::Status CreateAccount(Call& call, const gfo::v1::CreateAccountRequest& request,
                           gfo::v1::CreateAccountResponse* out) {
  GFO_ASSIGN_OR_RETURN(const absl::Duration ttl, validation::ValidateCreateAccount(request));
  gfo::v1::Account account = request.account();
  account.clear_name();
  account.clear_disabled();
  account.clear_create_time();
  return call.Write([&](storage::Db& db) -> absl::Status {
    if (account.role() == gfo::v1::ROLE_CASE_WORKER) {
      GFO_ASSIGN_OR_RETURN(const bool registered,
                           IsRegisteredMunicipality(db, account.municipality_code()));
      if (!registered) {
        return errors::InvalidArgument(
            "account.municipality_code",
            absl::StrCat("not a registered municipality, got ", account.municipality_code()));
      }
    }
    GFO_ASSIGN_OR_RETURN(gfo::v1::Account created, InsertAccount(db, account, call.now()));
    call.AddResource(created.name());
    GFO_ASSIGN_OR_RETURN(const int64_t id,
                         validation::ParseResourceName(created.name(), "accounts", "account"));
    GFO_ASSIGN_OR_RETURN(NewToken token, InsertToken(db, id, call.now(), ttl));
    call.AddResource(token.info.name());
    *out->mutable_account() = std::move(created);
    out->set_token(std::move(token.token));
    *out->mutable_token_info() = std::move(token.info);
    return absl::OkStatus();
  });
}

absl::Status ListAccounts(Call& call, const gfo::v1::ListAccountsRequest& request,
                          gfo::v1::ListAccountsResponse* out) {
  GFO_ASSIGN_OR_RETURN(const int32_t page_size, validation::ResolvePageSize(request.page_size()));
  const std::string filter_key = validation::PageFilterKey(request);
  GFO_ASSIGN_OR_RETURN(const std::optional<validation::PageCursor> cursor,
                       validation::DecodePageToken(request.page_token(), filter_key));
  const int64_t after_id = cursor.has_value() ? cursor->after_id : 0;
  bool more = false;
  GFO_RETURN_IF_ERROR(call.Read([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(
        storage::Statement * stmt,
        db.Prepare(absl::StrCat("SELECT ", std::string(kAccountColumns),
                                " FROM accounts WHERE id > ? ORDER BY id LIMIT ?")));
    stmt->Bind(1, after_id).Bind(2, static_cast<int64_t>(page_size) + 1);
    GFO_RETURN_IF_ERROR(storage::ForEachRow(*stmt, [&](const storage::Statement& row) {
      *out->add_accounts() = ReadAccount(row);
      return absl::OkStatus();
    }));
    more = out->accounts_size() > page_size;
    if (more) out->mutable_accounts()->RemoveLast();
    return absl::OkStatus();
  }));
  for (const gfo::v1::Account& a : out->accounts()) call.AddResource(a.name());
  if (more) {
    GFO_ASSIGN_OR_RETURN(
        const int64_t last,
        validation::ParseResourceName(out->accounts().rbegin()->name(), "accounts", "account"));
    out->set_next_page_token(validation::EncodePageToken({.after_id = last}, filter_key));
  }
  return absl::OkStatus();
}

absl::Status DisableAccount(Call& call, const gfo::v1::DisableAccountRequest& request,
                            gfo::v1::Account* out) {
  GFO_ASSIGN_OR_RETURN(const int64_t id,
                       validation::ParseResourceName(request.name(), "accounts", "name"));
  call.AddResource(request.name());
  GFO_RETURN_IF_ERROR(
      validation::ValidateText(request.reason(), "reason", {.max_chars = 500, .required = true}));
  if (id == call.principal().account_id) {
    return errors::FailedPrecondition(
        absl::StrCat(request.name(), ": is the caller's own account and cannot be disabled"));
  }
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(gfo::v1::Account account, LoadAccount(db, id));
    if (account.disabled()) {
      return errors::FailedPrecondition(absl::StrCat(request.name(), ": is already disabled"));
    }
    GFO_ASSIGN_OR_RETURN(storage::Statement * disable,
                         db.Prepare("UPDATE accounts SET disabled = 1 WHERE id = ?"));
    disable->Bind(1, id);
    GFO_RETURN_IF_ERROR(disable->Run());
    GFO_ASSIGN_OR_RETURN(storage::Statement * revoke,
                         db.Prepare("UPDATE tokens SET revoked = 1 WHERE account_id = ?"));
    revoke->Bind(1, id);
    GFO_RETURN_IF_ERROR(revoke->Run());
    GFO_RETURN_IF_ERROR(
        RecordTransition(db, call, request.name(), "enabled", "disabled", request.reason()));
    account.set_disabled(true);
    *out = std::move(account);
    return absl::OkStatus();
  });
}

absl::Status IssueToken(Call& call, const gfo::v1::IssueTokenRequest& request,
                        gfo::v1::IssueTokenResponse* out) {
  GFO_ASSIGN_OR_RETURN(const absl::Duration ttl, validation::ValidateIssueToken(request));
  GFO_ASSIGN_OR_RETURN(const int64_t id,
                       validation::ParseResourceName(request.account(), "accounts", "account"));
  call.AddResource(request.account());
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(const gfo::v1::Account account, LoadAccount(db, id));
    if (account.disabled()) {
      return errors::FailedPrecondition(
          absl::StrCat(request.account(), ": is disabled; no token can be issued"));
    }
    GFO_ASSIGN_OR_RETURN(NewToken token, InsertToken(db, id, call.now(), ttl));
    call.AddResource(token.info.name());
    out->set_token(std::move(token.token));
    *out->mutable_token_info() = std::move(token.info);
    return absl::OkStatus();
  });
}

absl::Status RevokeToken(Call& call, const gfo::v1::RevokeTokenRequest& request,
                         gfo::v1::TokenInfo* out) {
  GFO_ASSIGN_OR_RETURN(const auto ids, validation::ParseChildResourceName(
                                           request.name(), "accounts", "tokens", "name"));
  call.AddResource(validation::FormatResourceName("accounts", ids.first));
  call.AddResource(request.name());
  return call.Write([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(gfo::v1::TokenInfo token,
                         LoadToken(db, ids.first, ids.second, request.name()));
    if (!token.revoked()) {
      GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                           db.Prepare("UPDATE tokens SET revoked = 1 WHERE id = ?"));
      stmt->Bind(1, ids.second);
      GFO_RETURN_IF_ERROR(stmt->Run());
      token.set_revoked(true);
    }
    *out = std::move(token);
    return absl::OkStatus();
  });
}

absl::Status ListTokens(Call& call, const gfo::v1::ListTokensRequest& request,
                        gfo::v1::ListTokensResponse* out) {
  GFO_ASSIGN_OR_RETURN(const int64_t id,
                       validation::ParseResourceName(request.account(), "accounts", "account"));
  call.AddResource(request.account());
  GFO_RETURN_IF_ERROR(call.Read([&](storage::Db& db) -> absl::Status {
    GFO_RETURN_IF_ERROR(LoadAccount(db, id).status());
    GFO_ASSIGN_OR_RETURN(storage::Statement * stmt,
                         db.Prepare(absl::StrCat("SELECT ", std::string(kTokenColumns),
                                                 " FROM tokens WHERE account_id = ? ORDER BY id")));
    stmt->Bind(1, id);
    return storage::ForEachRow(*stmt, [&](const storage::Statement& row) {
      *out->add_tokens() = ReadToken(row);
      return absl::OkStatus();
    });
  }));
  for (const gfo::v1::TokenInfo& t : out->tokens()) call.AddResource(t.name());
  return absl::OkStatus();
}

absl::Status GetCurrentAccount(Call& call, gfo::v1::Account* out) {
  call.AddResource(call.principal().account);
  return call.ReadRecorded([&](storage::Db& db) -> absl::Status {
    GFO_ASSIGN_OR_RETURN(*out, LoadAccount(db, call.principal().account_id));
    return absl::OkStatus();
  });
}

}  // namespace gfo::accounts
