// gfo.v1.RequestService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/request.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class RequestServiceImpl final : public gfo::v1::RequestService::Service {
 public:
  explicit RequestServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeRequestService(App& app) {
  return std::make_unique<RequestServiceImpl>(app);
}

}  // namespace gfo
