#include "service/validation/account_validation.h"

#include "service/errors.h"
#include "service/validation/common_validation.h"
#include "service/validation/text_validation.h"

namespace gfo::validation {

absl::Status ValidateAccountForCreate(const gfo::v1::Account& account) {
  if (absl::Status s = ValidateText(account.display_name(), "account.display_name",
                                    {.max_chars = 100, .required = true});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateEnum(account.role(), "account.role"); !s.ok()) return s;
  if (account.role() == gfo::v1::ROLE_CASE_WORKER) {
    if (absl::Status s =
            ValidateMunicipalityCode(account.municipality_code(), "account.municipality_code");
        !s.ok()) {
      return s;
    }
  } else if (account.municipality_code() != 0) {
    return errors::InvalidArgument("account.municipality_code",
                                   "must be unset unless role is ROLE_CASE_WORKER");
  }
  return ValidateText(account.certificate_subject(), "account.certificate_subject",
                      {.max_chars = 256});
}

absl::StatusOr<absl::Duration> ResolveTokenTtl(const google::protobuf::Duration* ttl,
                                               std::string_view field) {
  if (ttl == nullptr) return kDefaultTokenTtl;
  const int64_t seconds = ttl->seconds();
  const int32_t nanos = ttl->nanos();
  if (nanos <= -1000000000 || nanos >= 1000000000 || (seconds > 0 && nanos < 0) ||
      (seconds < 0 && nanos > 0)) {
    return errors::InvalidArgument(field, "not a valid duration");
  }
  // Compare in whole seconds first so that huge values cannot overflow absl::Duration math.
  const int64_t max_seconds = absl::ToInt64Seconds(kMaxTokenTtl);
  if (seconds < 0 || (seconds == 0 && nanos <= 0) || seconds > max_seconds ||
      (seconds == max_seconds && nanos > 0)) {
    return errors::InvalidArgument(field, "must be more than 0 and at most 400 days");
  }
  return absl::Seconds(seconds) + absl::Nanoseconds(nanos);
}

absl::StatusOr<absl::Duration> ValidateCreateAccount(const gfo::v1::CreateAccountRequest& request) {
  if (!request.has_account()) return errors::InvalidArgument("account", "required");
  if (absl::Status s = ValidateAccountForCreate(request.account()); !s.ok()) return s;
  return ResolveTokenTtl(request.has_token_ttl() ? &request.token_ttl() : nullptr);
}

absl::StatusOr<absl::Duration> ValidateIssueToken(const gfo::v1::IssueTokenRequest& request) {
  if (absl::StatusOr<int64_t> id = ParseResourceName(request.account(), "accounts", "account");
      !id.ok()) {
    return id.status();
  }
  return ResolveTokenTtl(request.has_token_ttl() ? &request.token_ttl() : nullptr);
}

}  // namespace gfo::validation
