// gfo.v1.AdminService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/admin.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class AdminServiceImpl final : public gfo::v1::AdminService::Service {
 public:
  explicit AdminServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAdminService(App& app) {
  return std::make_unique<AdminServiceImpl>(app);
}

}  // namespace gfo
