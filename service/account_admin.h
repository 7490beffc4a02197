// Account administration below gfo.v1.AccountService: creating accounts, disabling them, and
// issuing, revoking and listing their bearer tokens.
//
// Each function runs one call (authenticated and authorized by App::Handle before it is reached),
// names every account and token it touches on the call's audit event, and writes in at most one
// transaction. A new token's secret appears in the response only; the database keeps its
// SHA-256, and no listing ever returns a token or its hash.

#ifndef GFO_SERVICE_ACCOUNT_ADMIN_H_
#define GFO_SERVICE_ACCOUNT_ADMIN_H_

#include "absl/status/status.h"
#include "gfo/v1/account.pb.h"
#include "service/app.h"

namespace gfo::accounts {

// Validates the account (display name, role, municipality of a case worker, which must be a
// registered municipality: INVALID_ARGUMENT naming the field) and the token lifetime (default
// 90 days, at most 400), then creates the account and its first token. A certificate subject
// already mapped to another account is ALREADY_EXISTS.
absl::Status CreateAccount(Call& call, const gfo::v1::CreateAccountRequest& request,
                           gfo::v1::CreateAccountResponse* out);

// Every account in id order, one page at a time (page_size 0 = 50, at most 1000).
absl::Status ListAccounts(Call& call, const gfo::v1::ListAccountsRequest& request,
                          gfo::v1::ListAccountsResponse* out);

// Disables an account and revokes all its tokens; the reason (required) is kept in the
// account's history. NOT_FOUND for an unknown account; FAILED_PRECONDITION for the caller's own
// account or one already disabled.
absl::Status DisableAccount(Call& call, const gfo::v1::DisableAccountRequest& request,
                            gfo::v1::Account* out);

// Issues another token for an enabled account (FAILED_PRECONDITION when disabled).
absl::Status IssueToken(Call& call, const gfo::v1::IssueTokenRequest& request,
                        gfo::v1::IssueTokenResponse* out);

// Revokes accounts/{a}/tokens/{t}. Revoking a revoked token changes nothing and returns it.
absl::Status RevokeToken(Call& call, const gfo::v1::RevokeTokenRequest& request,
                         gfo::v1::TokenInfo* out);

// The tokens of one account, oldest first: metadata only.
absl::Status ListTokens(Call& call, const gfo::v1::ListTokensRequest& request,
                        gfo::v1::ListTokensResponse* out);

// The caller's own account.
absl::Status GetCurrentAccount(Call& call, gfo::v1::Account* out);

}  // namespace gfo::accounts

#endif  // GFO_SERVICE_ACCOUNT_ADMIN_H_
