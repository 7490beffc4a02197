#include "tests/integration/match_test_helpers.h"

#include "service/storage/sqlite.h"

namespace gfo::testing {

void MatchTest::SetUp() {
  server_ = TestServer::Start();
  homes_ = gfo::v1::HomeService::NewStub(server_->channel());
  requests_ = gfo::v1::RequestService::NewStub(server_->channel());
  proposals_ = gfo::v1::ProposalService::NewStub(server_->channel());
  placements_ = gfo::v1::PlacementService::NewStub(server_->channel());
  match_ = gfo::v1::MatchService::NewStub(server_->channel());
  municipalities_ = gfo::v1::MunicipalityService::NewStub(server_->channel());
  admin_ = gfo::v1::AdminService::NewStub(server_->channel());
  audit_ = gfo::v1::AuditService::NewStub(server_->channel());
}

std::string MatchTest::HomeInAssessment(const gfo::v1::Home& home) {
  gfo::v1::CreateHomeRequest req;
  *req.mutable_home() = home;
  req.set_initial_status(gfo::v1::HOME_STATUS_ASSESSMENT);
  gfo::v1::Home out;
  auto ctx = server_->Context(Who::kStaff);
  grpc::Status s = homes_->CreateHome(ctx.get(), req, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out.name();
}

std::string MatchTest::ApprovedHome(const gfo::v1::Home& home) {
  const std::string name = HomeInAssessment(home);
  grpc::Status s = MoveHome("approve", name);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return name;
}

std::string MatchTest::HomeCode(const std::string& home_name) {
  gfo::v1::GetHomeRequest req;
  req.set_name(home_name);
  gfo::v1::Home out;
  auto ctx = server_->Context(Who::kStaff);
  grpc::Status s = homes_->GetHome(ctx.get(), req, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out.code();
}

grpc::Status MatchTest::MoveHome(const std::string& verb, const std::string& home_name,
                                 const std::string& reason) {
  gfo::v1::HomeTransitionRequest req;
  req.set_name(home_name);
  req.set_reason(reason);
  gfo::v1::Home out;
  auto ctx = server_->Context(Who::kStaff);
  if (verb == "approve") return homes_->ApproveHome(ctx.get(), req, &out);
  if (verb == "pause") return homes_->PauseHome(ctx.get(), req, &out);
  if (verb == "resume") return homes_->ResumeHome(ctx.get(), req, &out);
  if (verb == "close") return homes_->CloseHome(ctx.get(), req, &out);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "unknown move " + verb);
}

std::string MatchTest::DraftRequest(const gfo::v1::PlacementRequest& request, Who who) {
  gfo::v1::CreateRequestRequest req;
  *req.mutable_request() = request;
  gfo::v1::PlacementRequest out;
  auto ctx = server_->Context(who);
  grpc::Status s = requests_->CreateRequest(ctx.get(), req, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out.name();
}

grpc::Status MatchTest::Submit(const std::string& request_name, Who who) {
  gfo::v1::RequestTransitionRequest req;
  req.set_name(request_name);
  gfo::v1::PlacementRequest out;
  auto ctx = server_->Context(who);
  return requests_->SubmitRequest(ctx.get(), req, &out);
}

std::string MatchTest::SubmittedRequest(const gfo::v1::PlacementRequest& request, Who who) {
  const std::string name = DraftRequest(request, who);
  grpc::Status s = Submit(name, who);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return name;
}

grpc::Status MatchTest::Withdraw(const std::string& request_name, Who who) {
  gfo::v1::RequestTransitionRequest req;
  req.set_name(request_name);
  req.set_reason("no longer needed");
  gfo::v1::PlacementRequest out;
  auto ctx = server_->Context(who);
  return requests_->WithdrawRequest(ctx.get(), req, &out);
}

std::string MatchTest::Propose(const std::string& request_name, const std::string& home_name) {
  gfo::v1::CreateProposalRequest req;
  req.mutable_proposal()->set_request(request_name);
  req.mutable_proposal()->set_home(home_name);
  gfo::v1::Proposal out;
  auto ctx = server_->Context(Who::kStaff);
  grpc::Status s = proposals_->CreateProposal(ctx.get(), req, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out.name();
}

std::string MatchTest::Accept(const std::string& proposal_name, Who who) {
  gfo::v1::AcceptProposalRequest req;
  req.set_name(proposal_name);
  gfo::v1::Proposal out;
  auto ctx = server_->Context(who);
  grpc::Status s = proposals_->AcceptProposal(ctx.get(), req, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out.placement();
}

grpc::Status MatchTest::EndPlacement(const std::string& placement_name, Who who) {
  gfo::v1::EndPlacementRequest req;
  req.set_name(placement_name);
  req.set_reason("returned home");
  gfo::v1::Placement out;
  auto ctx = server_->Context(who);
  return placements_->EndPlacement(ctx.get(), req, &out);
}

gfo::v1::GetRetentionReportResponse MatchTest::RetentionReport() {
  gfo::v1::GetRetentionReportResponse out;
  auto ctx = server_->Context(Who::kAdmin);
  grpc::Status s = admin_->GetRetentionReport(ctx.get(), {}, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out;
}

grpc::Status MatchTest::ApplyRetention(const std::vector<std::string>& resources,
                                       gfo::v1::ApplyRetentionResponse* out) {
  gfo::v1::ApplyRetentionRequest req;
  for (const auto& r : resources) req.add_resources(r);
  auto ctx = server_->Context(Who::kAdmin);
  return admin_->ApplyRetention(ctx.get(), req, out);
}

grpc::Status MatchTest::Rank(const std::string& request_name, Who who,
                             gfo::v1::RankHomesResponse* out, int top_k) {
  gfo::v1::RankHomesRequest req;
  req.set_request(request_name);
  req.set_top_k(top_k);
  auto ctx = server_->Context(who);
  return match_->RankHomes(ctx.get(), req, out);
}

gfo::v1::RankHomesResponse MatchTest::MustRank(const std::string& request_name, Who who,
                                               int top_k) {
  gfo::v1::RankHomesResponse out;
  grpc::Status s = Rank(request_name, who, &out, top_k);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out;
}

gfo::v1::Home MatchTest::MustGetHome(const std::string& home_name, Who who) {
  gfo::v1::GetHomeRequest get;
  get.set_name(home_name);
  gfo::v1::Home out;
  grpc::Status s = homes_->GetHome(server_->Context(who).get(), get, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out;
}

gfo::v1::PlacementRequest MatchTest::MustGetRequest(const std::string& request_name, Who who) {
  gfo::v1::GetRequestRequest get;
  get.set_name(request_name);
  gfo::v1::PlacementRequest out;
  grpc::Status s = requests_->GetRequest(server_->Context(who).get(), get, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out;
}

std::vector<std::string> MatchTest::Cleared(const gfo::v1::ApplyRetentionResponse& applied) {
  return {applied.cleared().begin(), applied.cleared().end()};
}

int64_t MatchTest::QueryInt(const std::string& sql) {
  auto db = storage::Db::Open(server_->db_path(), {.read_only = true, .create = false});
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return -1;
  auto stmt = (*db)->Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return -1;
  auto row = (*stmt)->Step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  const int64_t value = row.ok() && *row ? (*stmt)->ColumnInt(0) : -1;
  (*stmt)->Reset();
  return value;
}

std::string MatchTest::LastAuditResources(const std::string& method) {
  auto db = storage::Db::Open(server_->db_path(), {.read_only = true, .create = false});
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return "";
  auto stmt = (*db)->Prepare(
      "SELECT resources FROM audit_events WHERE method = ? ORDER BY sequence DESC LIMIT 1");
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return "";
  (*stmt)->Bind(1, method);
  auto row = (*stmt)->Step();
  EXPECT_TRUE(row.ok() && *row) << method;
  std::string value = row.ok() && *row ? (*stmt)->ColumnText(0) : "";
  (*stmt)->Reset();
  return value;
}

int ExclusionCount(const gfo::v1::RankHomesResponse& response, const std::string& reason) {
  for (const auto& e : response.exclusions()) {
    if (e.reason() == reason) return e.homes();
  }
  return 0;
}

const gfo::v1::RankedHome* FindRanked(const gfo::v1::RankHomesResponse& response,
                                      const std::string& code) {
  for (const auto& h : response.homes()) {
    if (h.profile().code() == code) return &h;
  }
  return nullptr;
}

}  // namespace gfo::testing
