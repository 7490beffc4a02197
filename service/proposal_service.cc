// gfo.v1.ProposalService: proto in, one domain call through App::Handle, proto out.

#include "gfo/v1/proposal.grpc.pb.h"
#include "service/app.h"
#include "service/proposals.h"
#include "service/services.h"

namespace gfo {
namespace {

namespace v1 = gfo::v1;

class ProposalServiceImpl final : public v1::ProposalService::Service {
 public:
  explicit ProposalServiceImpl(App& app) : app_(app) {}

  grpc::Status CreateProposal(grpc::ServerContext* ctx, const v1::CreateProposalRequest* req,
                              v1::Proposal* out) override {
    return app_.Handle(ctx, "gfo.v1.ProposalService/CreateProposal", *req,
                       [&](Call& call) { return proposals_.Create(call, *req, out); });
  }

  grpc::Status GetProposal(grpc::ServerContext* ctx, const v1::GetProposalRequest* req,
                           v1::Proposal* out) override {
    return app_.Handle(ctx, "gfo.v1.ProposalService/GetProposal", *req,
                       [&](Call& call) { return proposals_.Get(call, *req, out); });
  }

  grpc::Status ListProposals(grpc::ServerContext* ctx, const v1::ListProposalsRequest* req,
                             v1::ListProposalsResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.ProposalService/ListProposals", *req,
                       [&](Call& call) { return proposals_.List(call, *req, out); });
  }

  grpc::Status AcceptProposal(grpc::ServerContext* ctx, const v1::AcceptProposalRequest* req,
                              v1::Proposal* out) override {
    return app_.Handle(ctx, "gfo.v1.ProposalService/AcceptProposal", *req,
                       [&](Call& call) { return proposals_.Accept(call, *req, out); });
  }

  grpc::Status DeclineProposal(grpc::ServerContext* ctx, const v1::DeclineProposalRequest* req,
                               v1::Proposal* out) override {
    return app_.Handle(ctx, "gfo.v1.ProposalService/DeclineProposal", *req,
                       [&](Call& call) { return proposals_.Decline(call, *req, out); });
  }

  grpc::Status WithdrawProposal(grpc::ServerContext* ctx, const v1::WithdrawProposalRequest* req,
                                v1::Proposal* out) override {
    return app_.Handle(ctx, "gfo.v1.ProposalService/WithdrawProposal", *req,
                       [&](Call& call) { return proposals_.Withdraw(call, *req, out); });
  }

  grpc::Status RecordConsultation(grpc::ServerContext* ctx,
                                  const v1::RecordConsultationRequest* req,
                                  v1::Proposal* out) override {
    return app_.Handle(ctx, "gfo.v1.ProposalService/RecordConsultation", *req,
                       [&](Call& call) { return proposals_.RecordConsultation(call, *req, out); });
  }

 private:
  App& app_;
  Proposals proposals_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeProposalService(App& app) {
  return std::make_unique<ProposalServiceImpl>(app);
}

}  // namespace gfo
