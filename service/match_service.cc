// gfo.v1.MatchService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/match.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class MatchServiceImpl final : public gfo::v1::MatchService::Service {
 public:
  explicit MatchServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeMatchService(App& app) {
  return std::make_unique<MatchServiceImpl>(app);
}

}  // namespace gfo
