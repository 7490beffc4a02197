// gfo.v1.HomeService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/home.grpc.pb.h"
#include "service/app.h"
#include "service/homes.h"
#include "service/services.h"

namespace gfo {
namespace {

using gfo::v1::Home;

class HomeServiceImpl final : public gfo::v1::HomeService::Service {
 public:
  explicit HomeServiceImpl(App& app) : app_(app) {}

  grpc::Status GetHome(grpc::ServerContext* ctx, const gfo::v1::GetHomeRequest* req,
                       Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/GetHome", *req,
                       [&](Call& call) { return homes_.Get(call, *req, out); });
  }

  grpc::Status ListHomes(grpc::ServerContext* ctx, const gfo::v1::ListHomesRequest* req,
                         gfo::v1::ListHomesResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/ListHomes", *req,
                       [&](Call& call) { return homes_.List(call, *req, out); });
  }

  grpc::Status CreateHome(grpc::ServerContext* ctx, const gfo::v1::CreateHomeRequest* req,
                          Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/CreateHome", *req,
                       [&](Call& call) { return homes_.Create(call, *req, out); });
  }

  grpc::Status UpdateHome(grpc::ServerContext* ctx, const gfo::v1::UpdateHomeRequest* req,
                          Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/UpdateHome", *req,
                       [&](Call& call) { return homes_.Update(call, *req, out); });
  }

  grpc::Status StartAssessment(grpc::ServerContext* ctx, const gfo::v1::HomeTransitionRequest* req,
                               Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/StartAssessment", *req,
                       [&](Call& call) { return homes_.StartAssessment(call, *req, out); });
  }

  grpc::Status ApproveHome(grpc::ServerContext* ctx, const gfo::v1::HomeTransitionRequest* req,
                           Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/ApproveHome", *req,
                       [&](Call& call) { return homes_.Approve(call, *req, out); });
  }

  grpc::Status PauseHome(grpc::ServerContext* ctx, const gfo::v1::HomeTransitionRequest* req,
                         Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/PauseHome", *req,
                       [&](Call& call) { return homes_.Pause(call, *req, out); });
  }

  grpc::Status ResumeHome(grpc::ServerContext* ctx, const gfo::v1::HomeTransitionRequest* req,
                          Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/ResumeHome", *req,
                       [&](Call& call) { return homes_.Resume(call, *req, out); });
  }

  grpc::Status CloseHome(grpc::ServerContext* ctx, const gfo::v1::HomeTransitionRequest* req,
                         Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/CloseHome", *req,
                       [&](Call& call) { return homes_.Close(call, *req, out); });
  }

  grpc::Status ConfirmAvailability(grpc::ServerContext* ctx,
                                   const gfo::v1::ConfirmAvailabilityRequest* req,
                                   Home* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/ConfirmAvailability", *req,
                       [&](Call& call) { return homes_.ConfirmAvailability(call, *req, out); });
  }

  grpc::Status ListHomeHistory(grpc::ServerContext* ctx, const gfo::v1::ListHomeHistoryRequest* req,
                               gfo::v1::ListHomeHistoryResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.HomeService/ListHomeHistory", *req,
                       [&](Call& call) { return homes_.ListHistory(call, *req, out); });
  }

 private:
  App& app_;
  Homes homes_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeHomeService(App& app) {
  return std::make_unique<HomeServiceImpl>(app);
}

}  // namespace gfo
