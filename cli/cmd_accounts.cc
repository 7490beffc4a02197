// gfo accounts create | list | disable | token issue | token revoke | token list: accounts and
// their bearer tokens (gfo.v1.AccountService). Admins only, enforced by the server.

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "gfo/v1/account.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using google::protobuf::GetEnumDescriptor;
using Stub = v1::AccountService::Stub;

constexpr int kSecondsPerDay = 24 * 60 * 60;

const char kShownOnce[] =
    "warning: this is the only time the token is shown; store it now (e.g. `gfo login --token "
    "...`). Only its hash is kept on the server.\n";

CLI::Option* AddTtlDays(CLI::App& cmd, int* days) {
  return cmd.add_option("--ttl-days", *days, "Token lifetime in days (server default 90)")
      ->check(CLI::Range(1, 400));
}

// Columns over a new token: the account (when there is one), the token's name, expiry and value.
template <typename Response>
std::vector<Column> NewTokenColumns(bool with_account) {
  std::vector<Column> columns;
  if constexpr (std::is_same_v<Response, v1::CreateAccountResponse>) {
    if (with_account) {
      for (Column& column : AccountColumns()) {
        columns.push_back(Column{column.header, [value = column.value](const auto& m) {
                                   return value(static_cast<const Response&>(m).account());
                                 }});
      }
    }
  }
  columns.push_back(
      Col<Response>("TOKEN NAME", [](const Response& r) { return r.token_info().name(); }));
  columns.push_back(Col<Response>("TOKEN EXPIRES", [](const Response& r) {
    return r.token_info().has_expire_time() ? FormatTimestamp(r.token_info().expire_time())
                                            : std::string("never");
  }));
  columns.push_back(Col<Response>("TOKEN", [](const Response& r) { return r.token(); }));
  return columns;
}

void AddCreate(CLI::App& accounts, Context& ctx) {
  struct Flags {
    std::string display_name;
    int role = 0;
    int municipality = 0;
    int ttl_days = 0;
    std::string certificate_subject;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* create = AddCommand(
      accounts, "create", "Create an account and its first token (shown once)", ctx,
      [f](Context& ctx) {
        v1::CreateAccountRequest request;
        v1::Account* account = request.mutable_account();
        account->set_display_name(f->display_name);
        account->set_role(static_cast<v1::Role>(f->role));
        account->set_municipality_code(f->municipality);
        account->set_certificate_subject(f->certificate_subject);
        if (f->ttl_days > 0)
          request.mutable_token_ttl()->set_seconds(int64_t{f->ttl_days} * kSecondsPerDay);
        v1::CreateAccountResponse response;
        if (absl::Status s = Call(ctx, &Stub::CreateAccount, request, &response); !s.ok()) {
          return ctx.Fail(s);
        }
        PrintResource(ctx.out(), ctx.globals().output, response,
                      NewTokenColumns<v1::CreateAccountResponse>(true));
        ctx.err() << kShownOnce;
        return kExitOk;
      });
  create->add_option("--name", f->display_name, "Display name (1..100 characters)")->required();
  AddEnumOption(*create, "--role", &f->role, GetEnumDescriptor<v1::Role>(), "The account's role")
      ->required();
  create->add_option("--municipality", f->municipality,
                     "Municipality code; required for case_worker");
  AddTtlDays(*create, &f->ttl_days);
  create->add_option("--cert-subject", f->certificate_subject,
                     "Client-certificate subject that maps to this account (mutual TLS)");
}

void AddList(CLI::App& accounts, Context& ctx) {
  auto page = std::make_shared<PageFlags>();
  CLI::App* list = AddCommand(accounts, "list", "List accounts", ctx, [page](Context& ctx) {
    v1::ListAccountsRequest request;
    request.set_page_size(page->page_size);
    request.set_page_token(page->page_token);
    v1::ListAccountsResponse response;
    if (absl::Status s = ListPages(ctx, &Stub::ListAccounts, request, page->all, &response);
        !s.ok()) {
      return ctx.Fail(s);
    }
    PrintPage(ctx, response, Rows(response.accounts()), AccountColumns(),
              response.next_page_token());
    return kExitOk;
  });
  AddPageFlags(*list, page.get());
}

void AddDisable(CLI::App& accounts, Context& ctx) {
  auto request = std::make_shared<v1::DisableAccountRequest>();
  auto name = std::make_shared<std::string>();
  CLI::App* disable = AddCommand(
      accounts, "disable", "Disable an account and revoke all its tokens", ctx,
      [request, name](Context& ctx) {
        request->set_name(ResourceName("accounts", *name));
        v1::Account account;
        if (absl::Status s = Call(ctx, &Stub::DisableAccount, *request, &account); !s.ok()) {
          return ctx.Fail(s);
        }
        PrintResource(ctx.out(), ctx.globals().output, account, AccountColumns());
        return kExitOk;
      });
  disable->add_option("NAME", *name, "accounts/{id} or {id}")->required();
  disable
      ->add_option_function<std::string>(
          "--reason", [request](const std::string& reason) { request->set_reason(reason); },
          "Why the account is disabled")
      ->required();
}

int RevokeTokenNamed(Context& ctx, const std::string& token_name) {
  v1::RevokeTokenRequest request;
  request.set_name(token_name);
  v1::TokenInfo info;
  if (absl::Status s = Call(ctx, &Stub::RevokeToken, request, &info); !s.ok()) {
    return ctx.Fail(s);
  }
  PrintResource(ctx.out(), ctx.globals().output, info, TokenColumns());
  return kExitOk;
}

void AddTokens(CLI::App& accounts, Context& ctx) {
  CLI::App* token = AddGroup(accounts, "token", "Issue, revoke and list an account's tokens");

  struct IssueFlags {
    std::string account;
    int ttl_days = 0;
  };
  auto issue_flags = std::make_shared<IssueFlags>();
  CLI::App* issue = AddCommand(
      *token, "issue", "Issue a new token for an account (shown once)", ctx,
      [f = issue_flags](Context& ctx) {
        v1::IssueTokenRequest request;
        request.set_account(ResourceName("accounts", f->account));
        if (f->ttl_days > 0)
          request.mutable_token_ttl()->set_seconds(int64_t{f->ttl_days} * kSecondsPerDay);
        v1::IssueTokenResponse response;
        if (absl::Status s = Call(ctx, &Stub::IssueToken, request, &response); !s.ok()) {
          return ctx.Fail(s);
        }
        PrintResource(ctx.out(), ctx.globals().output, response,
                      NewTokenColumns<v1::IssueTokenResponse>(false));
        ctx.err() << kShownOnce;
        return kExitOk;
      });
  issue->add_option("ACCOUNT", issue_flags->account, "accounts/{id} or {id}")->required();
  AddTtlDays(*issue, &issue_flags->ttl_days);

  // `gfo accounts token revoke NAME`, and the short form `gfo accounts revoke NAME`.
  for (CLI::App* parent : {token, &accounts}) {
    auto token_name = std::make_shared<std::string>();
    CLI::App* revoke =
        AddCommand(*parent, "revoke", "Revoke one token; calls with it fail from now on", ctx,
                   [token_name](Context& ctx) { return RevokeTokenNamed(ctx, *token_name); });
    revoke->add_option("TOKEN_NAME", *token_name, "accounts/{a}/tokens/{t}")->required();
  }

  auto account = std::make_shared<std::string>();
  CLI::App* list =
      AddCommand(*token, "list", "List an account's tokens (never the tokens themselves)", ctx,
                 [account](Context& ctx) {
                   v1::ListTokensRequest request;
                   request.set_account(ResourceName("accounts", *account));
                   v1::ListTokensResponse response;
                   if (absl::Status s = Call(ctx, &Stub::ListTokens, request, &response); !s.ok()) {
                     return ctx.Fail(s);
                   }
                   PrintList(ctx.out(), ctx.globals().output, response, Rows(response.tokens()),
                             TokenColumns());
                   return kExitOk;
                 });
  list->add_option("ACCOUNT", *account, "accounts/{id} or {id}")->required();
}

}  // namespace

void AddAccountsCommands(CLI::App& root, Context& ctx) {
  CLI::App* accounts = AddGroup(root, "accounts", "Accounts, roles and tokens (admin)");
  AddCreate(*accounts, ctx);
  AddList(*accounts, ctx);
  AddDisable(*accounts, ctx);
  AddTokens(*accounts, ctx);
}

}  // namespace gfo::cli
