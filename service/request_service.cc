// gfo.v1.RequestService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/request.grpc.pb.h"
#include "service/app.h"
#include "service/requests.h"
#include "service/services.h"

namespace gfo {
namespace {

namespace v1 = gfo::v1;

class RequestServiceImpl final : public v1::RequestService::Service {
 public:
  explicit RequestServiceImpl(App& app) : app_(app) {}

  grpc::Status CreateRequest(grpc::ServerContext* ctx, const v1::CreateRequestRequest* req,
                             v1::PlacementRequest* out) override {
    return app_.Handle(ctx, "gfo.v1.RequestService/CreateRequest", *req,
                       [&](Call& call) { return requests_.Create(call, *req, out); });
  }

  grpc::Status GetRequest(grpc::ServerContext* ctx, const v1::GetRequestRequest* req,
                          v1::PlacementRequest* out) override {
    return app_.Handle(ctx, "gfo.v1.RequestService/GetRequest", *req,
                       [&](Call& call) { return requests_.Get(call, *req, out); });
  }

  grpc::Status ListRequests(grpc::ServerContext* ctx, const v1::ListRequestsRequest* req,
                            v1::ListRequestsResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.RequestService/ListRequests", *req,
                       [&](Call& call) { return requests_.List(call, *req, out); });
  }

  grpc::Status UpdateRequest(grpc::ServerContext* ctx, const v1::UpdateRequestRequest* req,
                             v1::PlacementRequest* out) override {
    return app_.Handle(ctx, "gfo.v1.RequestService/UpdateRequest", *req,
                       [&](Call& call) { return requests_.Update(call, *req, out); });
  }

  grpc::Status SubmitRequest(grpc::ServerContext* ctx, const v1::RequestTransitionRequest* req,
                             v1::PlacementRequest* out) override {
    return app_.Handle(ctx, "gfo.v1.RequestService/SubmitRequest", *req,
                       [&](Call& call) { return requests_.Submit(call, *req, out); });
  }

  grpc::Status WithdrawRequest(grpc::ServerContext* ctx, const v1::RequestTransitionRequest* req,
                               v1::PlacementRequest* out) override {
    return app_.Handle(ctx, "gfo.v1.RequestService/WithdrawRequest", *req,
                       [&](Call& call) { return requests_.Withdraw(call, *req, out); });
  }

  grpc::Status ListRequestHistory(grpc::ServerContext* ctx,
                                  const v1::ListRequestHistoryRequest* req,
                                  v1::ListRequestHistoryResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.RequestService/ListRequestHistory", *req,
                       [&](Call& call) { return requests_.ListHistory(call, *req, out); });
  }

 private:
  App& app_;
  Requests requests_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeRequestService(App& app) {
  return std::make_unique<RequestServiceImpl>(app);
}

}  // namespace gfo
