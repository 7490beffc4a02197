// Accounts and their bearer tokens: creation (the token is returned once and only its SHA-256
// is stored), listing, disabling, issuing and revoking tokens.
//
// Functions taking a Db& run inside the caller's write transaction (REQUIRES: writer).

#ifndef GFO_SERVICE_ACCOUNTS_H_
#define GFO_SERVICE_ACCOUNTS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gfo/v1/account.pb.h"
#include "service/storage/sqlite.h"

namespace gfo::accounts {

struct NewToken {
  std::string token;  // the secret; shown once
  gfo::v1::TokenInfo info;
};

// Inserts `account` (validated by the caller) and returns it with its name and create time.
absl::StatusOr<gfo::v1::Account> InsertAccount(storage::Db& db, gfo::v1::Account account,
                                               absl::Time now);

// Issues a token for `account_id`; `token` is the secret to use, or empty for a random one.
// `ttl` of nullopt means the token never expires.
absl::StatusOr<NewToken> InsertToken(storage::Db& db, int64_t account_id, absl::Time now,
                                     std::optional<absl::Duration> ttl,
                                     const std::string& token = "");

// Loads an account by id. NOT_FOUND names `accounts/{id}`.
absl::StatusOr<gfo::v1::Account> LoadAccount(storage::Db& db, int64_t account_id);

// Number of accounts in the database.
absl::StatusOr<int64_t> CountAccounts(storage::Db& db);

}  // namespace gfo::accounts

#endif  // GFO_SERVICE_ACCOUNTS_H_
