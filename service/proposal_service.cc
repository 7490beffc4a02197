// gfo.v1.ProposalService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/proposal.grpc.pb.h"
#include "service/app.h"
#include "service/services.h"

namespace gfo {
namespace {

class ProposalServiceImpl final : public gfo::v1::ProposalService::Service {
 public:
  explicit ProposalServiceImpl(App& app) : app_(app) {}

 private:
  [[maybe_unused]] App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeProposalService(App& app) {
  return std::make_unique<ProposalServiceImpl>(app);
}

}  // namespace gfo
