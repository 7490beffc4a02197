// gfo.v1.AuditService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/audit.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class AuditServiceImpl final : public gfo::v1::AuditService::Service {
 public:
  explicit AuditServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAuditService(App& app) {
  return std::make_unique<AuditServiceImpl>(app);
}

}  // namespace gfo
