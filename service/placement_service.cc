// gfo.v1.PlacementService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/placement.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class PlacementServiceImpl final : public gfo::v1::PlacementService::Service {
 public:
  explicit PlacementServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakePlacementService(App& app) {
  return std::make_unique<PlacementServiceImpl>(app);
}

}  // namespace gfo
