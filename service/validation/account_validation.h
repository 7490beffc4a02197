// Validation of account administration calls: new accounts and the lifetime of bearer tokens.
//
// Errors are INVALID_ARGUMENT naming the field (`account.display_name: required`). All functions
// are pure and thread-safe.

#ifndef GFO_SERVICE_VALIDATION_ACCOUNT_VALIDATION_H_
#define GFO_SERVICE_VALIDATION_ACCOUNT_VALIDATION_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gfo/v1/account.pb.h"
#include "google/protobuf/duration.pb.h"

namespace gfo::validation {

inline constexpr absl::Duration kDefaultTokenTtl = absl::Hours(24 * 90);
inline constexpr absl::Duration kMaxTokenTtl = absl::Hours(24 * 400);

// display_name 1..100 characters; role set and known; municipality_code a 4-digit code for a
// case worker and 0 for every other role; certificate_subject at most 256 characters.
// Output-only fields are ignored.
absl::Status ValidateAccountForCreate(const gfo::v1::Account& account);

// The lifetime of a new token: 90 days when `ttl` is null (unset), otherwise `ttl`, which must be a
// well-formed Duration with 0 < ttl <= 400 days (`<field>: must be more than 0 and at most 400
// days`).
absl::StatusOr<absl::Duration> ResolveTokenTtl(const google::protobuf::Duration* ttl,
                                               std::string_view field = "token_ttl");

// The checks of CreateAccount: the account, then the token lifetime. Returns the lifetime.
absl::StatusOr<absl::Duration> ValidateCreateAccount(const gfo::v1::CreateAccountRequest& request);

// The checks of IssueToken: `account` names accounts/{id}; returns the token lifetime.
absl::StatusOr<absl::Duration> ValidateIssueToken(const gfo::v1::IssueTokenRequest& request);

}  // namespace gfo::validation

#endif  // GFO_SERVICE_VALIDATION_ACCOUNT_VALIDATION_H_
