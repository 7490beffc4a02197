// gfo.v1.AccountService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/account.grpc.pb.h"
#include "service/account_admin.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

namespace v1 = gfo::v1;

class AccountServiceImpl final : public v1::AccountService::Service {
 public:
  explicit AccountServiceImpl(App& app) : app_(app) {}

  grpc::Status CreateAccount(grpc::ServerContext* ctx, const v1::CreateAccountRequest* req,
                             v1::CreateAccountResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AccountService/CreateAccount", *req,
                       [&](Call& call) { return accounts::CreateAccount(call, *req, out); });
  }

  grpc::Status ListAccounts(grpc::ServerContext* ctx, const v1::ListAccountsRequest* req,
                            v1::ListAccountsResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AccountService/ListAccounts", *req,
                       [&](Call& call) { return accounts::ListAccounts(call, *req, out); });
  }

  grpc::Status DisableAccount(grpc::ServerContext* ctx, const v1::DisableAccountRequest* req,
                              v1::Account* out) override {
    return app_.Handle(ctx, "gfo.v1.AccountService/DisableAccount", *req,
                       [&](Call& call) { return accounts::DisableAccount(call, *req, out); });
  }

  grpc::Status IssueToken(grpc::ServerContext* ctx, const v1::IssueTokenRequest* req,
                          v1::IssueTokenResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AccountService/IssueToken", *req,
                       [&](Call& call) { return accounts::IssueToken(call, *req, out); });
  }

  grpc::Status RevokeToken(grpc::ServerContext* ctx, const v1::RevokeTokenRequest* req,
                           v1::TokenInfo* out) override {
    return app_.Handle(ctx, "gfo.v1.AccountService/RevokeToken", *req,
                       [&](Call& call) { return accounts::RevokeToken(call, *req, out); });
  }

  grpc::Status ListTokens(grpc::ServerContext* ctx, const v1::ListTokensRequest* req,
                          v1::ListTokensResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AccountService/ListTokens", *req,
                       [&](Call& call) { return accounts::ListTokens(call, *req, out); });
  }

  grpc::Status GetCurrentAccount(grpc::ServerContext* ctx, const v1::GetCurrentAccountRequest*,
                                 v1::Account* out) override {
    return app_.Handle(ctx, "gfo.v1.AccountService/GetCurrentAccount",
                       [&](Call& call) { return accounts::GetCurrentAccount(call, out); });
  }

 private:
  App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAccountService(App& app) {
  return std::make_unique<AccountServiceImpl>(app);
}

}  // namespace gfo
