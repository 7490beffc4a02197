// gfo.v1.HomeService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/home.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class HomeServiceImpl final : public gfo::v1::HomeService::Service {
 public:
  explicit HomeServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeHomeService(App& app) {
  return std::make_unique<HomeServiceImpl>(app);
}

}  // namespace gfo
