// gfo.v1.AccountService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/account.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class AccountServiceImpl final : public gfo::v1::AccountService::Service {
 public:
  explicit AccountServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAccountService(App& app) {
  return std::make_unique<AccountServiceImpl>(app);
}

}  // namespace gfo
