// The role matrix: every method of every gfo.v1 service × every role, over a real channel.
//
// The methods come from the generated descriptors of every proto/gfo/v1/*.proto file, so a new
// method fails here until it has a row in the policy table (service/policy.cc) and in this
// test's own table, which restates DOMAIN.md "Who uses it" independently of the policy. Each
// cell is called with an empty request of the method's input type: no credential must be
// UNAUTHENTICATED, a role outside the row PERMISSION_DENIED, and a role inside it anything but
// those two (the empty request is usually INVALID_ARGUMENT). Every call leaves exactly one audit
// event that says who called what with which outcome. The second part covers the per-record
// rule: a case worker never reaches another municipality's requests, proposals or placements.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/match.grpc.pb.h"
#include "gfo/v1/placement.grpc.pb.h"
#include "gfo/v1/proposal.grpc.pb.h"
#include "gfo/v1/request.grpc.pb.h"
#include "service/audit_log.h"
#include "service/policy.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;
namespace pb = google::protobuf;

enum : unsigned {
  kAdmin = 1u << v1::ROLE_ADMIN,
  kStaff = 1u << v1::ROLE_GFO_STAFF,
  kCase = 1u << v1::ROLE_CASE_WORKER,
  kAuditor = 1u << v1::ROLE_AUDITOR,
  kAll = kAdmin | kStaff | kCase | kAuditor,
};

// Who may call what (DOMAIN.md "Who uses it"), written out here on purpose rather than read
// from service/policy.cc: the two must agree.
const std::map<std::string, unsigned>& ExpectedRoles() {
  static const auto* const kTable = new std::map<std::string, unsigned>{
      {"gfo.v1.HomeService/GetHome", kAdmin | kStaff | kCase},
      {"gfo.v1.HomeService/ListHomes", kAdmin | kStaff},
      {"gfo.v1.HomeService/CreateHome", kAdmin | kStaff},
      {"gfo.v1.HomeService/UpdateHome", kAdmin | kStaff},
      {"gfo.v1.HomeService/StartAssessment", kAdmin | kStaff},
      {"gfo.v1.HomeService/ApproveHome", kAdmin | kStaff},
      {"gfo.v1.HomeService/PauseHome", kAdmin | kStaff},
      {"gfo.v1.HomeService/ResumeHome", kAdmin | kStaff},
      {"gfo.v1.HomeService/CloseHome", kAdmin | kStaff},
      {"gfo.v1.HomeService/ConfirmAvailability", kAdmin | kStaff},
      {"gfo.v1.HomeService/ListHomeHistory", kAdmin | kStaff},
      {"gfo.v1.AccountService/CreateAccount", kAdmin},
      {"gfo.v1.AccountService/ListAccounts", kAdmin | kAuditor},
      {"gfo.v1.AccountService/DisableAccount", kAdmin},
      {"gfo.v1.AccountService/IssueToken", kAdmin},
      {"gfo.v1.AccountService/RevokeToken", kAdmin},
      {"gfo.v1.AccountService/ListTokens", kAdmin},
      {"gfo.v1.AccountService/GetCurrentAccount", kAll},
      {"gfo.v1.AuditService/ListAuditEvents", kAuditor},
      {"gfo.v1.AuditService/ExportAuditEvents", kAuditor},
      {"gfo.v1.AuditService/VerifyAuditChain", kAuditor | kAdmin},
      {"gfo.v1.MunicipalityService/ListMunicipalities", kAll},
      {"gfo.v1.MunicipalityService/GetMunicipality", kAll},
      {"gfo.v1.MunicipalityService/CreateMunicipality", kAdmin},
      {"gfo.v1.MunicipalityService/JoinGfo", kAdmin},
      {"gfo.v1.MunicipalityService/LeaveGfo", kAdmin},
      {"gfo.v1.RequestService/CreateRequest", kCase},
      {"gfo.v1.RequestService/GetRequest", kAdmin | kStaff | kCase},
      {"gfo.v1.RequestService/ListRequests", kAdmin | kStaff | kCase},
      {"gfo.v1.RequestService/UpdateRequest", kCase},
      {"gfo.v1.RequestService/SubmitRequest", kCase},
      {"gfo.v1.RequestService/WithdrawRequest", kCase},
      {"gfo.v1.RequestService/ListRequestHistory", kAdmin | kStaff | kCase},
      {"gfo.v1.ProposalService/CreateProposal", kAdmin | kStaff},
      {"gfo.v1.ProposalService/GetProposal", kAdmin | kStaff | kCase},
      {"gfo.v1.ProposalService/ListProposals", kAdmin | kStaff | kCase},
      {"gfo.v1.ProposalService/AcceptProposal", kCase},
      {"gfo.v1.ProposalService/DeclineProposal", kCase},
      {"gfo.v1.ProposalService/WithdrawProposal", kAdmin | kStaff},
      {"gfo.v1.ProposalService/RecordConsultation", kCase},
      {"gfo.v1.PlacementService/GetPlacement", kAdmin | kStaff | kCase},
      {"gfo.v1.PlacementService/ListPlacements", kAdmin | kStaff | kCase},
      {"gfo.v1.PlacementService/EndPlacement", kCase},
      {"gfo.v1.PlacementService/UpdatePlacement", kCase},
      {"gfo.v1.PlacementService/ListDue", kAdmin | kStaff | kCase},
      {"gfo.v1.PlacementService/ListVacancies", kAdmin | kStaff},
      {"gfo.v1.PlacementService/SummarizePlacements", kAdmin | kStaff},
      {"gfo.v1.MatchService/RankHomes", kAdmin | kStaff | kCase},
      {"gfo.v1.MatchService/SuggestAssignment", kAdmin | kStaff},
      {"gfo.v1.AdminService/BackupDatabase", kAdmin},
      {"gfo.v1.AdminService/GetRetentionReport", kAdmin},
      {"gfo.v1.AdminService/ApplyRetention", kAdmin},
  };
  return *kTable;
}

v1::Role RoleOf(Who who) {
  switch (who) {
    case Who::kAdmin:
      return v1::ROLE_ADMIN;
    case Who::kStaff:
      return v1::ROLE_GFO_STAFF;
    case Who::kAuditor:
      return v1::ROLE_AUDITOR;
    case Who::kCaseWorkerHarnosand:
    case Who::kCaseWorkerKramfors:
    case Who::kCaseWorkerSundsvall:
      return v1::ROLE_CASE_WORKER;
    case Who::kNobody:
      break;
  }
  return v1::ROLE_UNSPECIFIED;
}

int32_t MunicipalityOf(Who who) {
  switch (who) {
    case Who::kCaseWorkerHarnosand:
      return 2280;
    case Who::kCaseWorkerKramfors:
      return 2282;
    case Who::kCaseWorkerSundsvall:
      return 2281;
    default:
      return 0;
  }
}

// Every method of every service declared in proto/gfo/v1/*.proto, from the generated pool.
std::vector<const pb::MethodDescriptor*> AllMethods() {
  std::vector<const pb::MethodDescriptor*> methods;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(GFO_PROTO_DIR)) {
    if (entry.path().extension() == ".proto") {
      files.push_back("gfo/v1/" + entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  for (const std::string& name : files) {
    const pb::FileDescriptor* file = pb::DescriptorPool::generated_pool()->FindFileByName(name);
    EXPECT_NE(file, nullptr) << name << " is not in the generated descriptor pool";
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        methods.push_back(file->service(s)->method(m));
      }
    }
  }
  return methods;
}

std::string FullName(const pb::MethodDescriptor* m) {
  return absl::StrCat(m->service()->full_name(), "/", m->name());
}

// Calls `method` as `who` with an empty request of its input type through the generic stub
// (streaming or not: the generic call reads every message the server sends).
grpc::Status CallEmpty(TestServer& server, Who who, const pb::MethodDescriptor* method,
                       int* messages) {
  const pb::Message* prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(method->input_type());
  const std::string bytes = prototype->SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);

  grpc::GenericStub stub(server.channel());
  std::unique_ptr<grpc::ClientContext> ctx = server.Context(who);
  ctx->AddMetadata("x-gfo-reason", "role matrix");
  grpc::CompletionQueue cq;
  auto wait = [&cq]() {
    void* tag = nullptr;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&tag, &ok));
    return ok;
  };
  auto call = stub.PrepareCall(ctx.get(), "/" + FullName(method), &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  wait();
  call->WriteLast(request, grpc::WriteOptions(), reinterpret_cast<void*>(2));
  wait();
  *messages = 0;
  while (true) {
    grpc::ByteBuffer response;
    call->Read(&response, reinterpret_cast<void*>(3));
    if (!wait()) break;
    ++*messages;
  }
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  wait();
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

int64_t LastSequence(TestServer& server) {
  int64_t last = 0;
  EXPECT_TRUE(server.server()
                  .database()
                  .Read([&](storage::Db& db) -> absl::Status {
                    auto stmt = db.Prepare("SELECT COALESCE(MAX(sequence), 0) FROM audit_events");
                    if (!stmt.ok()) return stmt.status();
                    auto row = (*stmt)->Step();
                    if (!row.ok()) return row.status();
                    last = (*stmt)->ColumnInt(0);
                    (*stmt)->Reset();
                    return absl::OkStatus();
                  })
                  .ok());
  return last;
}

std::vector<v1::AuditEvent> EventsAfter(TestServer& server, int64_t after) {
  std::vector<v1::AuditEvent> events;
  EXPECT_TRUE(server.server()
                  .database()
                  .Read([&](storage::Db& db) {
                    return audit::Scan(db, {}, {.after = after}, 0, [&](const v1::AuditEvent& e) {
                      events.push_back(e);
                      return true;
                    });
                  })
                  .ok());
  return events;
}

TEST(AccountsRoleMatrix, EveryMethodHasAPolicyRowAndAnExpectation) {
  const std::vector<const pb::MethodDescriptor*> methods = AllMethods();
  ASSERT_GE(methods.size(), ExpectedRoles().size());
  std::set<std::string> declared;
  for (const pb::MethodDescriptor* m : methods) {
    const std::string name = FullName(m);
    declared.insert(name);
    EXPECT_TRUE(HasPolicy(name)) << name << " has no row in service/policy.cc";
    auto row = ExpectedRoles().find(name);
    ASSERT_NE(row, ExpectedRoles().end())
        << name << " has no row in this test's table (ExpectedRoles)";
    for (v1::Role role :
         {v1::ROLE_ADMIN, v1::ROLE_GFO_STAFF, v1::ROLE_CASE_WORKER, v1::ROLE_AUDITOR}) {
      EXPECT_EQ(IsAllowed(name, role), (row->second & (1u << role)) != 0)
          << name << " for " << v1::Role_Name(role) << ": policy and expectation differ";
    }
    EXPECT_FALSE(IsAllowed(name, v1::ROLE_UNSPECIFIED)) << name;
  }
  for (const auto& [name, roles] : ExpectedRoles()) {
    EXPECT_TRUE(declared.contains(name)) << name << " is in the table but in no proto";
  }
  for (const std::string& name : PolicyMethods()) {
    EXPECT_TRUE(declared.contains(name)) << name << " is in the policy but in no proto";
  }
}

TEST(AccountsRoleMatrix, EveryMethodTimesEveryRoleOverTheChannelWithOneAuditEventEach) {
  auto server = TestServer::Start();
  std::vector<Who> everyone = AllRoles();
  everyone.push_back(Who::kNobody);
  const int64_t before_sweep = LastSequence(*server);
  const std::vector<v1::AuditEvent> history = EventsAfter(*server, 0);

  for (const pb::MethodDescriptor* method : AllMethods()) {
    const std::string name = FullName(method);
    auto row = ExpectedRoles().find(name);
    ASSERT_NE(row, ExpectedRoles().end()) << name;
    for (Who who : everyone) {
      SCOPED_TRACE(absl::StrCat(name, " as ", WhoName(who)));
      const int64_t before = LastSequence(*server);
      int messages = 0;
      const grpc::Status status = CallEmpty(*server, who, method, &messages);
      const grpc::StatusCode code = status.error_code();
      if (who == Who::kNobody) {
        EXPECT_EQ(code, grpc::StatusCode::UNAUTHENTICATED) << Describe(status);
      } else if ((row->second & (1u << RoleOf(who))) == 0) {
        EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED) << Describe(status);
      } else {
        EXPECT_NE(code, grpc::StatusCode::PERMISSION_DENIED) << Describe(status);
        EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED) << Describe(status);
        EXPECT_NE(code, grpc::StatusCode::UNIMPLEMENTED) << Describe(status);
      }
      if (code != grpc::StatusCode::OK) {
        EXPECT_EQ(messages, 0);
      }

      // Exactly one audit event for this call, saying who, what, outcome, from where and why.
      int found = 0;
      for (const v1::AuditEvent& e : EventsAfter(*server, before)) {
        if (e.method() != name) continue;
        ++found;
        EXPECT_EQ(e.account(), server->account(who));
        EXPECT_EQ(e.role(), RoleOf(who));
        EXPECT_EQ(e.municipality_code(), MunicipalityOf(who));
        EXPECT_EQ(e.status_code(), static_cast<int>(code));
        EXPECT_TRUE(e.client_address().find("127.0.0.1") != std::string::npos ||
                    e.client_address().find("[::1]") != std::string::npos)
            << e.client_address();
        EXPECT_EQ(e.reason(), "role matrix");
      }
      EXPECT_EQ(found, 1);
    }
  }

  // No method, called by anyone, removed or changed an earlier event, and the chain holds.
  const std::vector<v1::AuditEvent> after = EventsAfter(*server, 0);
  ASSERT_GE(after.size(), history.size());
  for (size_t i = 0; i < history.size(); ++i) {
    EXPECT_EQ(after[i].SerializeAsString(), history[i].SerializeAsString()) << i;
  }
  EXPECT_GT(LastSequence(*server), before_sweep);
  auto audit = v1::AuditService::NewStub(server->channel());
  v1::VerifyAuditChainResponse verified;
  GFO_ASSERT_OK(audit->VerifyAuditChain(server->Context(Who::kAuditor).get(), {}, &verified));
  EXPECT_TRUE(verified.ok()) << verified.detail();
}

// --- Own and other municipality -------------------------------------------------------------

// True (and the test skipped by the caller) when a workflow method is not built yet.
bool Unimplemented(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNIMPLEMENTED;
}

MATCHER(IsDenied, "") {
  *result_listener << Describe(arg);
  return arg.error_code() == grpc::StatusCode::PERMISSION_DENIED;
}

TEST(AccountsRoleMatrix, CaseWorkersReachOnlyTheirOwnMunicipalitysRecords) {
  auto server = TestServer::Start();
  auto requests = v1::RequestService::NewStub(server->channel());
  const Who own = Who::kCaseWorkerHarnosand;
  const Who other = Who::kCaseWorkerKramfors;

  v1::CreateRequestRequest create;
  *create.mutable_request() = ValidRequest(2280, 1);
  v1::PlacementRequest request;
  grpc::Status s = requests->CreateRequest(server->Context(own).get(), create, &request);
  if (Unimplemented(s)) GTEST_SKIP() << "the request workflow is not built yet";
  GFO_ASSERT_OK(s);
  const std::string name = request.name();

  // Another municipality's case worker cannot create in Härnösand's name...
  v1::PlacementRequest ignored;
  EXPECT_THAT(requests->CreateRequest(server->Context(other).get(), create, &ignored), IsDenied());
  // ...nor read, change, submit, withdraw or trace Härnösand's request.
  v1::GetRequestRequest get;
  get.set_name(name);
  EXPECT_THAT(requests->GetRequest(server->Context(other).get(), get, &ignored), IsDenied());
  EXPECT_THAT(requests->GetRequest(server->Context(Who::kCaseWorkerSundsvall).get(), get, &ignored),
              IsDenied());
  v1::UpdateRequestRequest update;
  update.mutable_request()->set_name(name);
  update.mutable_request()->set_etag(request.etag());
  update.mutable_request()->set_case_reference("changed by kramfors");
  update.mutable_update_mask()->add_paths("case_reference");
  EXPECT_THAT(requests->UpdateRequest(server->Context(other).get(), update, &ignored), IsDenied());
  v1::RequestTransitionRequest move;
  move.set_name(name);
  move.set_reason("not ours");
  EXPECT_THAT(requests->SubmitRequest(server->Context(other).get(), move, &ignored), IsDenied());
  EXPECT_THAT(requests->WithdrawRequest(server->Context(other).get(), move, &ignored), IsDenied());
  v1::ListRequestHistoryRequest history;
  history.set_name(name);
  v1::ListRequestHistoryResponse transitions;
  EXPECT_THAT(requests->ListRequestHistory(server->Context(other).get(), history, &transitions),
              IsDenied());
  v1::ListRequestsRequest list;
  list.set_page_size(1000);
  v1::ListRequestsResponse listed;
  GFO_ASSERT_OK(requests->ListRequests(server->Context(other).get(), list, &listed));
  for (const auto& r : listed.requests()) {
    EXPECT_NE(r.name(), name);
    EXPECT_EQ(r.municipality_code(), 2282);
  }

  // Nothing the other municipality tried changed the request; its own case worker sees it.
  v1::PlacementRequest current;
  GFO_ASSERT_OK(requests->GetRequest(server->Context(own).get(), get, &current));
  EXPECT_EQ(current.state(), v1::REQUEST_STATE_DRAFT);
  EXPECT_EQ(current.case_reference(), request.case_reference());
  GFO_EXPECT_OK(requests->ListRequestHistory(server->Context(own).get(), history, &transitions));
  listed.Clear();
  GFO_ASSERT_OK(requests->ListRequests(server->Context(own).get(), list, &listed));
  EXPECT_TRUE(std::any_of(listed.requests().begin(), listed.requests().end(),
                          [&](const auto& r) { return r.name() == name; }));
  GFO_EXPECT_OK(requests->GetRequest(server->Context(Who::kStaff).get(), get, &current));

  // "Who looked at this request": the auditor's one query shows the refused look from Kramfors.
  auto audit = v1::AuditService::NewStub(server->channel());
  v1::ListAuditEventsRequest who_looked;
  who_looked.mutable_filter()->set_resource(name);
  v1::ListAuditEventsResponse looked;
  GFO_ASSERT_OK(audit->ListAuditEvents(server->Context(Who::kAuditor).get(), who_looked, &looked));
  EXPECT_TRUE(std::any_of(looked.events().begin(), looked.events().end(), [&](const auto& e) {
    return e.method() == "gfo.v1.RequestService/GetRequest" && e.municipality_code() == 2282 &&
           e.status_code() == static_cast<int>(grpc::StatusCode::PERMISSION_DENIED) &&
           e.account() == server->account(other);
  })) << looked.DebugString();

  // Submitted, the request is ranked and proposed; the other municipality still sees nothing.
  v1::PlacementRequest submitted;
  move.set_reason("");
  GFO_ASSERT_OK(requests->SubmitRequest(server->Context(own).get(), move, &submitted));
  auto match = v1::MatchService::NewStub(server->channel());
  v1::RankHomesRequest rank;
  rank.set_request(name);
  v1::RankHomesResponse ranked;
  s = match->RankHomes(server->Context(other).get(), rank, &ranked);
  if (!Unimplemented(s)) {
    EXPECT_THAT(s, IsDenied());
  }

  auto homes = v1::HomeService::NewStub(server->channel());
  v1::CreateHomeRequest new_home;
  *new_home.mutable_home() = ValidHome(2280, 2);
  new_home.set_initial_status(v1::HOME_STATUS_ASSESSMENT);
  v1::Home home;
  s = homes->CreateHome(server->Context(Who::kStaff).get(), new_home, &home);
  if (Unimplemented(s)) GTEST_SKIP() << "the home bank is not built yet";
  GFO_ASSERT_OK(s);
  v1::HomeTransitionRequest approve;
  approve.set_name(home.name());
  GFO_ASSERT_OK(homes->ApproveHome(server->Context(Who::kStaff).get(), approve, &home));

  auto proposals = v1::ProposalService::NewStub(server->channel());
  v1::CreateProposalRequest propose;
  propose.mutable_proposal()->set_request(name);
  propose.mutable_proposal()->set_home(home.name());
  v1::Proposal proposal;
  s = proposals->CreateProposal(server->Context(Who::kStaff).get(), propose, &proposal);
  if (Unimplemented(s)) GTEST_SKIP() << "proposals are not built yet";
  GFO_ASSERT_OK(s);
  v1::Proposal no_proposal;
  v1::GetProposalRequest get_proposal;
  get_proposal.set_name(proposal.name());
  EXPECT_THAT(proposals->GetProposal(server->Context(other).get(), get_proposal, &no_proposal),
              IsDenied());
  v1::AcceptProposalRequest accept;
  accept.set_name(proposal.name());
  EXPECT_THAT(proposals->AcceptProposal(server->Context(other).get(), accept, &no_proposal),
              IsDenied());
  v1::DeclineProposalRequest decline;
  decline.set_name(proposal.name());
  decline.set_reason("not ours");
  EXPECT_THAT(proposals->DeclineProposal(server->Context(other).get(), decline, &no_proposal),
              IsDenied());
  v1::RecordConsultationRequest consult;
  consult.set_proposal(proposal.name());
  consult.mutable_consultation()->set_municipality_code(2282);
  consult.mutable_consultation()->mutable_date()->set_year(2026);
  consult.mutable_consultation()->mutable_date()->set_month(11);
  consult.mutable_consultation()->mutable_date()->set_day(23);
  consult.mutable_consultation()->set_outcome("agreed");
  EXPECT_THAT(proposals->RecordConsultation(server->Context(other).get(), consult, &no_proposal),
              IsDenied());
  v1::ListProposalsRequest list_proposals;
  list_proposals.set_page_size(1000);
  v1::ListProposalsResponse proposals_seen;
  GFO_ASSERT_OK(
      proposals->ListProposals(server->Context(other).get(), list_proposals, &proposals_seen));
  for (const auto& p : proposals_seen.proposals()) EXPECT_NE(p.name(), proposal.name());
  GFO_EXPECT_OK(proposals->GetProposal(server->Context(own).get(), get_proposal, &no_proposal));

  // Accepted by its own municipality, the placement stays out of the other's reach.
  v1::Proposal accepted;
  GFO_ASSERT_OK(proposals->AcceptProposal(server->Context(own).get(), accept, &accepted));
  ASSERT_FALSE(accepted.placement().empty());
  auto placements = v1::PlacementService::NewStub(server->channel());
  v1::Placement no_placement;
  v1::GetPlacementRequest get_placement;
  get_placement.set_name(accepted.placement());
  EXPECT_THAT(placements->GetPlacement(server->Context(other).get(), get_placement, &no_placement),
              IsDenied());
  v1::EndPlacementRequest end;
  end.set_name(accepted.placement());
  end.set_reason("not ours");
  EXPECT_THAT(placements->EndPlacement(server->Context(other).get(), end, &no_placement),
              IsDenied());
  v1::Placement placement;
  GFO_ASSERT_OK(placements->GetPlacement(server->Context(own).get(), get_placement, &placement));
  v1::UpdatePlacementRequest update_placement;
  update_placement.mutable_placement()->set_name(accepted.placement());
  update_placement.mutable_placement()->set_etag(placement.etag());
  update_placement.mutable_placement()->set_special_reasons(true);
  update_placement.mutable_update_mask()->add_paths("special_reasons");
  EXPECT_THAT(
      placements->UpdatePlacement(server->Context(other).get(), update_placement, &no_placement),
      IsDenied());
  v1::ListPlacementsRequest list_placements;
  list_placements.set_page_size(1000);
  v1::ListPlacementsResponse placements_seen;
  GFO_ASSERT_OK(
      placements->ListPlacements(server->Context(other).get(), list_placements, &placements_seen));
  for (const auto& p : placements_seen.placements()) EXPECT_NE(p.name(), accepted.placement());
  v1::ListDueRequest due;
  due.set_within_days(3650);
  v1::ListDueResponse due_items;
  s = placements->ListDue(server->Context(other).get(), due, &due_items);
  if (s.ok()) {
    for (const auto& item : due_items.items()) EXPECT_NE(item.placement(), accepted.placement());
  } else {
    EXPECT_THAT(s, IsDenied());
  }
  GFO_EXPECT_OK(placements->GetPlacement(server->Context(own).get(), get_placement, &no_placement));
}

}  // namespace
}  // namespace gfo::testing
