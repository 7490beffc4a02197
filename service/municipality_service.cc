// gfo.v1.MunicipalityService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/municipality.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class MunicipalityServiceImpl final : public gfo::v1::MunicipalityService::Service {
 public:
  explicit MunicipalityServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeMunicipalityService(App& app) {
  return std::make_unique<MunicipalityServiceImpl>(app);
}

}  // namespace gfo
