#include "tests/integration/workflow_test_helpers.h"

#include "service/storage/database.h"
#include "service/storage/sqlite.h"

namespace gfo::testing {

namespace v1 = gfo::v1;

Who CaseWorkerOf(int32_t municipality) {
  switch (municipality) {
    case 2282:
      return Who::kCaseWorkerKramfors;
    case 2281:
      return Who::kCaseWorkerSundsvall;
    default:
      return Who::kCaseWorkerHarnosand;
  }
}

void WorkflowTest::SetUp() { StartServer({}); }

void WorkflowTest::StartServer(TestServerOptions options) {
  server_ = TestServer::Start(std::move(options));
  homes_ = v1::HomeService::NewStub(server_->channel());
  requests_ = v1::RequestService::NewStub(server_->channel());
  proposals_ = v1::ProposalService::NewStub(server_->channel());
  placements_ = v1::PlacementService::NewStub(server_->channel());
}

std::string WorkflowTest::ApprovedHome(int32_t municipality, int capacity,
                                       std::vector<v1::PlacementKind> kinds) {
  v1::Home home = ValidHome(municipality, capacity);
  if (!kinds.empty()) {
    home.clear_kinds();
    for (v1::PlacementKind k : kinds) home.add_kinds(k);
  }
  return ApprovedHome(home);
}

std::string WorkflowTest::ApprovedHome(const v1::Home& wanted) {
  v1::CreateHomeRequest create;
  *create.mutable_home() = wanted;
  create.set_initial_status(v1::HOME_STATUS_ASSESSMENT);
  v1::Home home;
  grpc::Status s = homes_->CreateHome(Ctx(Who::kStaff).get(), create, &home);
  EXPECT_TRUE(s.ok()) << Describe(s);
  v1::HomeTransitionRequest approve;
  approve.set_name(home.name());
  s = homes_->ApproveHome(Ctx(Who::kStaff).get(), approve, &home);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return home.name();
}

int32_t WorkflowTest::FreeCapacity(const std::string& home) {
  v1::GetHomeRequest req;
  req.set_name(home);
  v1::Home out;
  grpc::Status s = homes_->GetHome(Ctx(Who::kStaff).get(), req, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out.free_capacity();
}

grpc::Status WorkflowTest::CreateRequest(Who who, const v1::PlacementRequest& request,
                                         v1::PlacementRequest* out) {
  v1::CreateRequestRequest req;
  *req.mutable_request() = request;
  return requests_->CreateRequest(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::GetRequest(Who who, const std::string& name, v1::PlacementRequest* out) {
  v1::GetRequestRequest req;
  req.set_name(name);
  return requests_->GetRequest(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::SubmitRequest(Who who, const std::string& name,
                                         v1::PlacementRequest* out) {
  v1::RequestTransitionRequest req;
  req.set_name(name);
  return requests_->SubmitRequest(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::WithdrawRequest(Who who, const std::string& name,
                                           const std::string& reason, v1::PlacementRequest* out) {
  v1::RequestTransitionRequest req;
  req.set_name(name);
  req.set_reason(reason);
  return requests_->WithdrawRequest(Ctx(who).get(), req, out);
}

v1::PlacementRequest WorkflowTest::SubmittedRequest(Who who, int children, v1::PlacementKind kind) {
  const int32_t municipality = who == Who::kCaseWorkerKramfors    ? 2282
                               : who == Who::kCaseWorkerSundsvall ? 2281
                                                                  : 2280;
  v1::PlacementRequest request = ValidRequest(municipality, children);
  request.set_kind(kind);
  if (kind == v1::PLACEMENT_KIND_EMERGENCY) request.set_legal_basis(v1::LEGAL_BASIS_LVU_6);
  v1::PlacementRequest created;
  grpc::Status s = CreateRequest(who, request, &created);
  EXPECT_TRUE(s.ok()) << Describe(s);
  v1::PlacementRequest submitted;
  s = SubmitRequest(who, created.name(), &submitted);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return submitted;
}

v1::RequestState WorkflowTest::RequestState(const std::string& name) {
  v1::PlacementRequest out;
  grpc::Status s = GetRequest(Who::kStaff, name, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out.state();
}

grpc::Status WorkflowTest::Propose(const std::string& request, const std::string& home,
                                   v1::Proposal* out, Who who) {
  v1::CreateProposalRequest req;
  req.mutable_proposal()->set_request(request);
  req.mutable_proposal()->set_home(home);
  return proposals_->CreateProposal(Ctx(who).get(), req, out);
}

v1::Proposal WorkflowTest::MustPropose(const std::string& request, const std::string& home) {
  v1::Proposal out;
  grpc::Status s = Propose(request, home, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out;
}

grpc::Status WorkflowTest::GetProposal(Who who, const std::string& name, v1::Proposal* out) {
  v1::GetProposalRequest req;
  req.set_name(name);
  return proposals_->GetProposal(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::Accept(Who who, const std::string& proposal, v1::Proposal* out) {
  v1::AcceptProposalRequest req;
  req.set_name(proposal);
  return proposals_->AcceptProposal(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::Decline(Who who, const std::string& proposal, const std::string& reason,
                                   v1::Proposal* out) {
  v1::DeclineProposalRequest req;
  req.set_name(proposal);
  req.set_reason(reason);
  return proposals_->DeclineProposal(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::Consult(Who who, const std::string& proposal, int32_t municipality,
                                   v1::Proposal* out) {
  v1::RecordConsultationRequest req;
  req.set_proposal(proposal);
  req.mutable_consultation()->set_municipality_code(municipality);
  req.mutable_consultation()->mutable_date()->set_year(2026);
  req.mutable_consultation()->mutable_date()->set_month(11);
  req.mutable_consultation()->mutable_date()->set_day(23);
  req.mutable_consultation()->set_outcome("no objection");
  return proposals_->RecordConsultation(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::GetPlacement(Who who, const std::string& name, v1::Placement* out) {
  v1::GetPlacementRequest req;
  req.set_name(name);
  return placements_->GetPlacement(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::EndPlacement(Who who, const std::string& name, const std::string& reason,
                                        v1::Placement* out) {
  v1::EndPlacementRequest req;
  req.set_name(name);
  req.set_reason(reason);
  return placements_->EndPlacement(Ctx(who).get(), req, out);
}

grpc::Status WorkflowTest::ListDue(Who who, int32_t within_days, v1::ListDueResponse* out,
                                   int32_t municipality) {
  v1::ListDueRequest req;
  req.set_within_days(within_days);
  req.set_municipality_code(municipality);
  return placements_->ListDue(Ctx(who).get(), req, out);
}

v1::Proposal WorkflowTest::PlaceRequest(Who who, const std::string& home, int children,
                                        v1::PlacementKind kind) {
  v1::PlacementRequest request = SubmittedRequest(who, children, kind);
  v1::Proposal proposal = MustPropose(request.name(), home);
  for (int32_t code : proposal.required_consultations()) {
    v1::Proposal consulted;
    grpc::Status s = Consult(who, proposal.name(), code, &consulted);
    EXPECT_TRUE(s.ok()) << Describe(s);
  }
  v1::Proposal accepted;
  grpc::Status s = Accept(who, proposal.name(), &accepted);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return accepted;
}

int64_t WorkflowTest::QueryInt(const std::string& sql) {
  int64_t value = 0;
  absl::Status s = server_->server().database().Read([&](storage::Db& db) -> absl::Status {
    absl::StatusOr<storage::Statement*> stmt = db.Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (*row) value = (*stmt)->ColumnInt(0);
    (*stmt)->Reset();
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  return value;
}

void WorkflowTest::Exec(const std::string& sql) {
  absl::Status s =
      server_->server().database().Write([&](storage::Db& db) { return db.Exec(sql); });
  EXPECT_TRUE(s.ok()) << s;
}

}  // namespace gfo::testing
