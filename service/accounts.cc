#include "service/accounts.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "service/app.h"
#include "service/crypto.h"
#include "service/errors.h"

namespace gfo::accounts {
namespace {
using google::protobuf::util::TimeUtil;
}  // namespace

absl::StatusOr<gfo::v1::Account> InsertAccount(storage::Db& db, gfo::v1::Account account,
                                               absl::Time now) {
  auto stmt = db.Prepare(
      "INSERT INTO accounts(display_name, role, municipality_code, disabled, certificate_subject, "
      "create_time) VALUES (?,?,?,0,?,?)");
  if (!stmt.ok()) return stmt.status();
  (*stmt)
      ->Bind(1, std::string_view(account.display_name()))
      .Bind(2, static_cast<int64_t>(account.role()))
      .Bind(3, static_cast<int64_t>(account.municipality_code()));
  if (account.certificate_subject().empty()) {
    (*stmt)->BindNull(4);
  } else {
    (*stmt)->Bind(4, std::string_view(account.certificate_subject()));
  }
  (*stmt)->Bind(5, ToMicros(now));
  absl::Status status = (*stmt)->Run();
  if (absl::IsAlreadyExists(status)) {
    return errors::AlreadyExists("account.certificate_subject: another account has this subject");
  }
  if (!status.ok()) return status;
  account.set_name(absl::StrCat("accounts/", db.LastInsertRowId()));
  account.set_disabled(false);
  *account.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(ToMicros(now));
  return account;
}

absl::StatusOr<NewToken> InsertToken(storage::Db& db, int64_t account_id, absl::Time now,
                                     std::optional<absl::Duration> ttl, const std::string& token) {
  NewToken out;
  out.token = token.empty() ? crypto::NewToken() : token;
  auto stmt = db.Prepare(
      "INSERT INTO tokens(account_id, token_hash, create_time, expire_time, revoked) "
      "VALUES (?,?,?,?,0)");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->Bind(1, account_id).BindBlob(2, crypto::Sha256Bytes(out.token)).Bind(3, ToMicros(now));
  if (ttl.has_value()) {
    (*stmt)->Bind(4, ToMicros(now + *ttl));
  } else {
    (*stmt)->BindNull(4);
  }
  absl::Status status = (*stmt)->Run();
  if (absl::IsAlreadyExists(status)) return errors::AlreadyExists("token: already in use");
  if (!status.ok()) return status;
  out.info.set_name(absl::StrCat("accounts/", account_id, "/tokens/", db.LastInsertRowId()));
  *out.info.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(ToMicros(now));
  if (ttl.has_value()) {
    *out.info.mutable_expire_time() = TimeUtil::MicrosecondsToTimestamp(ToMicros(now + *ttl));
  }
  return out;
}

absl::StatusOr<gfo::v1::Account> LoadAccount(storage::Db& db, int64_t account_id) {
  auto stmt = db.Prepare(
      "SELECT display_name, role, municipality_code, disabled, certificate_subject, create_time "
      "FROM accounts WHERE id = ?");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->Bind(1, account_id);
  auto row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    (*stmt)->Reset();
    return errors::NotFound(absl::StrCat("accounts/", account_id));
  }
  gfo::v1::Account a;
  a.set_name(absl::StrCat("accounts/", account_id));
  a.set_display_name((*stmt)->ColumnText(0));
  a.set_role(static_cast<gfo::v1::Role>((*stmt)->ColumnInt(1)));
  a.set_municipality_code(static_cast<int32_t>((*stmt)->ColumnInt(2)));
  a.set_disabled((*stmt)->ColumnInt(3) != 0);
  a.set_certificate_subject((*stmt)->ColumnText(4));
  *a.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp((*stmt)->ColumnInt(5));
  (*stmt)->Reset();
  return a;
}

absl::StatusOr<int64_t> CountAccounts(storage::Db& db) {
  auto stmt = db.Prepare("SELECT COUNT(*) FROM accounts");
  if (!stmt.ok()) return stmt.status();
  auto row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  const int64_t n = (*stmt)->ColumnInt(0);
  (*stmt)->Reset();
  return n;
}

}  // namespace gfo::accounts
