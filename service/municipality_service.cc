// gfo.v1.MunicipalityService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/municipality.grpc.pb.h"
#include "service/app.h"
#include "service/municipalities.h"
#include "service/services.h"

namespace gfo {
namespace {

class MunicipalityServiceImpl final : public gfo::v1::MunicipalityService::Service {
 public:
  explicit MunicipalityServiceImpl(App& app) : app_(app) {}

  grpc::Status ListMunicipalities(grpc::ServerContext* ctx,
                                  const gfo::v1::ListMunicipalitiesRequest* request,
                                  gfo::v1::ListMunicipalitiesResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.MunicipalityService/ListMunicipalities", *request,
                       [&](Call& call) { return municipalities::List(call, *request, out); });
  }

  grpc::Status GetMunicipality(grpc::ServerContext* ctx,
                               const gfo::v1::GetMunicipalityRequest* request,
                               gfo::v1::Municipality* out) override {
    return app_.Handle(ctx, "gfo.v1.MunicipalityService/GetMunicipality", *request,
                       [&](Call& call) { return municipalities::Get(call, *request, out); });
  }

  grpc::Status CreateMunicipality(grpc::ServerContext* ctx,
                                  const gfo::v1::CreateMunicipalityRequest* request,
                                  gfo::v1::Municipality* out) override {
    return app_.Handle(ctx, "gfo.v1.MunicipalityService/CreateMunicipality", *request,
                       [&](Call& call) { return municipalities::Create(call, *request, out); });
  }

  grpc::Status JoinGfo(grpc::ServerContext* ctx, const gfo::v1::JoinGfoRequest* request,
                       gfo::v1::Municipality* out) override {
    return app_.Handle(ctx, "gfo.v1.MunicipalityService/JoinGfo", *request,
                       [&](Call& call) { return municipalities::Join(call, *request, out); });
  }

  grpc::Status LeaveGfo(grpc::ServerContext* ctx, const gfo::v1::LeaveGfoRequest* request,
                        gfo::v1::Municipality* out) override {
    return app_.Handle(ctx, "gfo.v1.MunicipalityService/LeaveGfo", *request,
                       [&](Call& call) { return municipalities::Leave(call, *request, out); });
  }

 private:
  App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeMunicipalityService(App& app) {
  return std::make_unique<MunicipalityServiceImpl>(app);
}

}  // namespace gfo
