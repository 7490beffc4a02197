// gfo.v1.PlacementService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/placement.grpc.pb.h"
#include "service/app.h"
#include "service/placements.h"
#include "service/services.h"

namespace gfo {
namespace {

namespace v1 = gfo::v1;

class PlacementServiceImpl final : public v1::PlacementService::Service {
 public:
  explicit PlacementServiceImpl(App& app) : app_(app) {}

  grpc::Status GetPlacement(grpc::ServerContext* ctx, const v1::GetPlacementRequest* req,
                            v1::Placement* out) override {
    return app_.Handle(ctx, "gfo.v1.PlacementService/GetPlacement", *req,
                       [&](Call& call) { return placements_.Get(call, *req, out); });
  }

  grpc::Status ListPlacements(grpc::ServerContext* ctx, const v1::ListPlacementsRequest* req,
                              v1::ListPlacementsResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.PlacementService/ListPlacements", *req,
                       [&](Call& call) { return placements_.List(call, *req, out); });
  }

  grpc::Status EndPlacement(grpc::ServerContext* ctx, const v1::EndPlacementRequest* req,
                            v1::Placement* out) override {
    return app_.Handle(ctx, "gfo.v1.PlacementService/EndPlacement", *req,
                       [&](Call& call) { return placements_.End(call, *req, out); });
  }

  grpc::Status UpdatePlacement(grpc::ServerContext* ctx, const v1::UpdatePlacementRequest* req,
                               v1::Placement* out) override {
    return app_.Handle(ctx, "gfo.v1.PlacementService/UpdatePlacement", *req,
                       [&](Call& call) { return placements_.Update(call, *req, out); });
  }

  grpc::Status ListDue(grpc::ServerContext* ctx, const v1::ListDueRequest* req,
                       v1::ListDueResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.PlacementService/ListDue", *req,
                       [&](Call& call) { return placements_.ListDue(call, *req, out); });
  }

  grpc::Status ListVacancies(grpc::ServerContext* ctx, const v1::ListVacanciesRequest* req,
                             v1::ListVacanciesResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.PlacementService/ListVacancies", *req,
                       [&](Call& call) { return placements_.ListVacancies(call, *req, out); });
  }

  grpc::Status SummarizePlacements(grpc::ServerContext* ctx,
                                   const v1::SummarizePlacementsRequest* req,
                                   v1::SummarizePlacementsResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.PlacementService/SummarizePlacements", *req,
                       [&](Call& call) { return placements_.Summarize(call, *req, out); });
  }

 private:
  App& app_;
  Placements placements_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakePlacementService(App& app) {
  return std::make_unique<PlacementServiceImpl>(app);
}

}  // namespace gfo
