#include "bench/load/gfo_workload.h"

#include <grpcpp/grpcpp.h>

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bench/load/synthetic.h"
#include "gfo/v1/account.grpc.pb.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/match.grpc.pb.h"
#include "gfo/v1/proposal.grpc.pb.h"
#include "gfo/v1/request.grpc.pb.h"
#include "service/accounts.h"
#include "service/server.h"

namespace gfo::load {
namespace {

namespace v1 = gfo::v1;

struct Municipality {
  int32_t code;
  double latitude;
  double longitude;
};
// The county's municipalities as seeded by the schema.
constexpr Municipality kMunicipalities[] = {
    {2260, 62.524, 15.659}, {2262, 62.489, 17.327}, {2280, 62.632, 17.938}, {2281, 62.391, 17.307},
    {2282, 62.931, 17.777}, {2283, 63.167, 17.267}, {2284, 63.290, 18.716}};

std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

std::string Describe(const grpc::Status& s) {
  return absl::StrCat("code ", static_cast<int>(s.error_code()), " ", s.error_message());
}

v1::Home MakeHome(int i) {
  const Municipality& m = kMunicipalities[i % 7];
  v1::Home h;
  v1::Adult* adult = h.add_adults();
  adult->set_given_name("Load");
  adult->set_family_name("Tester");
  adult->set_personal_identity_number(PersonalNumber(1960 + i % 30, 1 + i % 12, 1 + i % 28, i));
  adult->set_phone("+46701234567");
  adult->set_email("load.tester@example.se");
  h.set_address(absl::StrCat("Lastgatan ", i + 1));
  h.set_municipality_code(m.code);
  h.mutable_location()->set_latitude(m.latitude + 0.01 * (i % 5));
  h.mutable_location()->set_longitude(m.longitude + 0.01 * (i % 3));
  h.add_kinds(v1::PLACEMENT_KIND_LONG_TERM);
  if (i % 3 == 0) h.add_kinds(v1::PLACEMENT_KIND_EMERGENCY);
  h.set_capacity(2 + i % 3);
  h.set_min_age(0);
  h.set_max_age(17);
  h.add_languages("sv");
  if (i % 4 == 0) h.add_languages("ar");
  if (i % 5 == 0) h.add_languages("en");
  h.add_experience(v1::NEED_TRAUMA);
  if (i % 3 == 1) h.add_experience(v1::NEED_NEUROPSYCHIATRIC);
  *h.mutable_available_from() = DateOf(Today() - 10);
  return h;
}

v1::PlacementRequest MakeRequest(int32_t code, int i) {
  const Municipality* m = &kMunicipalities[0];
  for (const Municipality& candidate : kMunicipalities) {
    if (candidate.code == code) m = &candidate;
  }
  v1::PlacementRequest r;
  r.set_municipality_code(code);
  r.set_case_reference(absl::StrCat("LOAD-", code, "-", i));
  const int children = i % 4 == 3 ? 2 : 1;
  for (int c = 0; c < children; ++c) {
    v1::Child* child = r.add_children();
    child->set_personal_identity_number(
        PersonalNumber(2012 + (i + 2 * c) % 10, 1 + i % 12, 1 + (i + c) % 28, 10 + c + i % 50));
    child->set_gender(c % 2 == 0 ? v1::GENDER_FEMALE : v1::GENDER_MALE);
    child->add_languages("sv");
  }
  r.set_kind(v1::PLACEMENT_KIND_LONG_TERM);
  r.set_legal_basis(v1::LEGAL_BASIS_SOL);
  *r.mutable_wanted_start_date() = DateOf(Today() + 14);
  r.set_expected_length_days(365);
  r.set_sibling_rule(children > 1 ? v1::SIBLING_RULE_TOGETHER_REQUIRED
                                  : v1::SIBLING_RULE_SINGLE_CHILD);
  r.mutable_child_place()->set_latitude(m->latitude);
  r.mutable_child_place()->set_longitude(m->longitude);
  r.set_child_place_description("school in the municipality");
  v1::NetworkExamination* network = r.mutable_network_examination();
  *network->mutable_examined_date() = DateOf(Today() - 3);
  network->set_outcome(v1::NETWORK_OUTCOME_NO_SUITABLE_NETWORK_HOME);
  return r;
}

// Creates and submits one request; returns its name or the failure.
absl::StatusOr<std::string> CreateSubmittedRequest(v1::RequestService::Stub& stub,
                                                   const std::string& token, int32_t code, int i) {
  v1::CreateRequestRequest create;
  *create.mutable_request() = MakeRequest(code, i);
  v1::PlacementRequest created;
  grpc::Status s = stub.CreateRequest(Context(token).get(), create, &created);
  if (!s.ok()) return absl::UnknownError(absl::StrCat("CreateRequest: ", Describe(s)));
  v1::RequestTransitionRequest submit;
  submit.set_name(created.name());
  v1::PlacementRequest submitted;
  s = stub.SubmitRequest(Context(token).get(), submit, &submitted);
  if (!s.ok()) return absl::UnknownError(absl::StrCat("SubmitRequest: ", Describe(s)));
  return created.name();
}

template <typename Message>
std::string Bytes(const Message& m) {
  return m.SerializeAsString();
}

}  // namespace

absl::StatusOr<Tokens> SeedAccounts(const std::shared_ptr<grpc::Channel>& channel,
                                    const std::string& admin_token, GfoServer* in_process,
                                    std::vector<std::string>& notes) {
  Tokens tokens;
  tokens.admin = admin_token;
  struct Want {
    std::string* token;
    std::string* account;
    v1::Role role;
    int32_t municipality;
    const char* display_name;
  };
  const Want wants[] = {
      {&tokens.seeder, &tokens.seeder_account, v1::ROLE_GFO_STAFF, 0, "Load seeder"},
      {&tokens.staff, nullptr, v1::ROLE_GFO_STAFF, 0, "Load staff"},
      {&tokens.auditor, nullptr, v1::ROLE_AUDITOR, 0, "Load auditor"},
      {&tokens.case_worker_2280, nullptr, v1::ROLE_CASE_WORKER, 2280, "Load case worker 2280"},
      {&tokens.case_worker_2282, nullptr, v1::ROLE_CASE_WORKER, 2282, "Load case worker 2282"},
  };
  auto stub = v1::AccountService::NewStub(channel);
  bool direct = false;
  for (const Want& want : wants) {
    v1::Account account;
    account.set_display_name(want.display_name);
    account.set_role(want.role);
    account.set_municipality_code(want.municipality);
    if (!direct) {
      v1::CreateAccountRequest request;
      *request.mutable_account() = account;
      request.mutable_token_ttl()->set_seconds(86400);
      v1::CreateAccountResponse response;
      grpc::Status s = stub->CreateAccount(Context(admin_token).get(), request, &response);
      if (s.ok()) {
        *want.token = response.token();
        if (want.account != nullptr) *want.account = response.account().name();
        continue;
      }
      if (s.error_code() != grpc::StatusCode::UNIMPLEMENTED || in_process == nullptr) {
        return absl::UnavailableError(absl::StrCat("CreateAccount: ", Describe(s)));
      }
      direct = true;
      notes.push_back(
          "AccountService/CreateAccount is not offered: accounts inserted directly into the "
          "in-process server's database");
    }
    absl::Status status = in_process->database().Write([&](storage::Db& db) -> absl::Status {
      auto inserted = accounts::InsertAccount(db, account, absl::Now());
      if (!inserted.ok()) return inserted.status();
      const int64_t id = std::stoll(inserted->name().substr(sizeof("accounts/") - 1));
      auto issued = accounts::InsertToken(db, id, absl::Now(), std::nullopt);
      if (!issued.ok()) return issued.status();
      *want.token = issued->token;
      if (want.account != nullptr) *want.account = inserted->name();
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
  }
  return tokens;
}

Bank SeedBank(const std::shared_ptr<grpc::Channel>& channel, const Tokens& tokens, int homes,
              int requests, std::vector<std::string>& notes) {
  Bank bank;
  auto home_stub = v1::HomeService::NewStub(channel);
  for (int i = 0; i < homes; ++i) {
    v1::CreateHomeRequest create;
    *create.mutable_home() = MakeHome(i);
    create.set_initial_status(v1::HOME_STATUS_ASSESSMENT);
    v1::Home created;
    grpc::Status s = home_stub->CreateHome(Context(tokens.seeder).get(), create, &created);
    if (!s.ok()) {
      notes.push_back(absl::StrCat("homes not seeded: CreateHome: ", Describe(s)));
      break;
    }
    v1::HomeTransitionRequest approve;
    approve.set_name(created.name());
    v1::Home approved;
    s = home_stub->ApproveHome(Context(tokens.seeder).get(), approve, &approved);
    if (!s.ok()) {
      notes.push_back(absl::StrCat("homes not approved: ApproveHome: ", Describe(s)));
      break;
    }
    bank.homes.push_back(created.name());
  }

  auto request_stub = v1::RequestService::NewStub(channel);
  for (int i = 0; i < requests; ++i) {
    const bool harnosand = i % 2 == 0;
    auto name = CreateSubmittedRequest(
        *request_stub, harnosand ? tokens.case_worker_2280 : tokens.case_worker_2282,
        harnosand ? 2280 : 2282, i);
    if (!name.ok()) {
      notes.push_back(absl::StrCat("requests not seeded: ", name.status().message()));
      break;
    }
    (harnosand ? bank.requests_2280 : bank.requests_2282).push_back(*name);
  }
  if (!bank.requests_2280.empty()) {
    for (int i = 0; i < 64; ++i) {
      auto name =
          CreateSubmittedRequest(*request_stub, tokens.case_worker_2280, 2280, requests + 4 * i);
      if (!name.ok()) break;
      bank.proposal_requests.push_back(*name);
    }
  }
  return bank;
}

std::vector<std::string> OperationNames() {
  return {"GetCurrentAccount", "GetHome",          "ListHomes",       "ConfirmAvailability",
          "GetRequest",        "ListRequests",     "RankHomes",       "ListProposals",
          "CreateProposal",    "WithdrawProposal", "ListAuditEvents", "ExportAuditEvents"};
}

std::vector<Operation> BuildOperations(const Tokens& tokens, const Bank& bank) {
  std::vector<Operation> ops;
  ops.reserve(OperationNames().size());  // `add` hands out references that must stay valid
  auto add = [&](std::string name, std::string method) -> Operation& {
    Operation op;
    op.name = std::move(name);
    op.method = std::move(method);
    ops.push_back(std::move(op));
    return ops.back();
  };
  // Case workers read their own municipality's requests.
  std::vector<std::pair<std::string, std::string>> own_requests;  // (name, token)
  for (const std::string& r : bank.requests_2280)
    own_requests.push_back({r, tokens.case_worker_2280});
  for (const std::string& r : bank.requests_2282)
    own_requests.push_back({r, tokens.case_worker_2282});

  {
    Operation& op = add("GetCurrentAccount", "/gfo.v1.AccountService/GetCurrentAccount");
    for (const std::string* t : {&tokens.staff, &tokens.case_worker_2280, &tokens.auditor}) {
      op.inputs.push_back(MakeInput(Bytes(v1::GetCurrentAccountRequest()), *t));
    }
  }
  if (!bank.homes.empty()) {
    Operation& get = add("GetHome", "/gfo.v1.HomeService/GetHome");
    for (const std::string& h : bank.homes) {
      v1::GetHomeRequest r;
      r.set_name(h);
      get.inputs.push_back(MakeInput(Bytes(r), tokens.staff));
    }
    Operation& list = add("ListHomes", "/gfo.v1.HomeService/ListHomes");
    for (int32_t code : {0, 2280, 2282, 2281}) {
      v1::ListHomesRequest r;
      r.set_page_size(20);
      r.set_status(v1::HOME_STATUS_APPROVED);
      r.set_municipality_code(code);
      list.inputs.push_back(MakeInput(Bytes(r), tokens.staff));
    }
    Operation& confirm = add("ConfirmAvailability", "/gfo.v1.HomeService/ConfirmAvailability");
    for (const std::string& h : bank.homes) {
      v1::ConfirmAvailabilityRequest r;
      r.set_name(h);
      confirm.inputs.push_back(MakeInput(Bytes(r), tokens.staff));
    }
  }
  if (!own_requests.empty()) {
    Operation& get = add("GetRequest", "/gfo.v1.RequestService/GetRequest");
    Operation& rank = add("RankHomes", "/gfo.v1.MatchService/RankHomes");
    for (const auto& [name, token] : own_requests) {
      v1::GetRequestRequest g;
      g.set_name(name);
      get.inputs.push_back(MakeInput(Bytes(g), token));
      v1::RankHomesRequest r;
      r.set_request(name);
      r.set_top_k(10);
      rank.inputs.push_back(MakeInput(Bytes(r), token));
    }
    Operation& list = add("ListRequests", "/gfo.v1.RequestService/ListRequests");
    Operation& proposals = add("ListProposals", "/gfo.v1.ProposalService/ListProposals");
    for (const std::string* t : {&tokens.case_worker_2280, &tokens.case_worker_2282}) {
      v1::ListRequestsRequest r;
      r.set_page_size(20);
      r.set_open_only(true);
      list.inputs.push_back(MakeInput(Bytes(r), *t));
      v1::ListProposalsRequest p;
      p.set_page_size(20);
      proposals.inputs.push_back(MakeInput(Bytes(p), *t));
    }
    Operation& audit_list = add("ListAuditEvents", "/gfo.v1.AuditService/ListAuditEvents");
    for (size_t i = 0; i < own_requests.size() && i < 16; ++i) {
      v1::ListAuditEventsRequest r;
      r.set_page_size(50);
      r.mutable_filter()->set_resource(own_requests[i].first);
      audit_list.inputs.push_back(MakeInput(Bytes(r), tokens.auditor));
    }
  }
  if (!bank.homes.empty()) {
    // The auditor exports one fixed slice: the seeder's approvals (one event per seeded home).
    Operation& exp = add("ExportAuditEvents", "/gfo.v1.AuditService/ExportAuditEvents");
    exp.server_streaming = true;
    v1::ExportAuditEventsRequest r;
    r.mutable_filter()->set_account(tokens.seeder_account);
    r.mutable_filter()->set_method("ApproveHome");
    exp.inputs.push_back(MakeInput(Bytes(r), tokens.auditor));
  }
  if (!bank.homes.empty() && !bank.proposal_requests.empty()) {
    // Staff propose a home for a submitted request, then withdraw it at once (a follow-up call),
    // so the request is free for the next proposal and capacity is not used up.
    const int withdraw_index = static_cast<int>(ops.size()) + 1;
    Operation& propose = add("CreateProposal", "/gfo.v1.ProposalService/CreateProposal");
    for (size_t i = 0; i < bank.proposal_requests.size(); ++i) {
      for (size_t j = 0; j < 4; ++j) {
        v1::CreateProposalRequest r;
        r.mutable_proposal()->set_request(bank.proposal_requests[i]);
        r.mutable_proposal()->set_home(bank.homes[(i * 4 + j * 7) % bank.homes.size()]);
        propose.inputs.push_back(MakeInput(Bytes(r), tokens.staff));
      }
    }
    const std::string staff = tokens.staff;
    propose.follow_up = [withdraw_index,
                         staff](const grpc::ByteBuffer& response) -> std::optional<FollowUp> {
      v1::Proposal proposal;
      if (!proposal.ParseFromString(FromByteBuffer(response))) return std::nullopt;
      v1::WithdrawProposalRequest w;
      w.set_name(proposal.name());
      w.set_reason("load test: proposal withdrawn at once");
      return FollowUp{withdraw_index, MakeInput(Bytes(w), staff)};
    };
    Operation& withdraw = add("WithdrawProposal", "/gfo.v1.ProposalService/WithdrawProposal");
    // Never picked from a mix on its own: this input only makes the operation well-formed.
    v1::WithdrawProposalRequest none;
    none.set_name("proposals/1");
    none.set_reason("load test");
    withdraw.inputs.push_back(MakeInput(Bytes(none), tokens.staff));
  }
  return ops;
}

absl::StatusOr<std::vector<MixEntry>> ParseMix(
    const std::string& text, const std::vector<Operation>& operations,
    const std::map<std::string, std::string>& unavailable, std::vector<std::string>& notes) {
  const std::vector<std::string> known = OperationNames();
  std::vector<MixEntry> mix;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    double weight = 1;
    if (!kv.second.empty() && (!absl::SimpleAtod(kv.second, &weight) || !(weight > 0))) {
      return absl::InvalidArgumentError(
          absl::StrCat("mix: weight of ", kv.first, " must be a positive number, got ", kv.second));
    }
    if (std::find(known.begin(), known.end(), kv.first) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat("mix: unknown operation ", kv.first));
    }
    int index = -1;
    for (size_t i = 0; i < operations.size(); ++i) {
      if (operations[i].name == kv.first) index = static_cast<int>(i);
    }
    if (index < 0) {
      notes.push_back(absl::StrCat(kv.first, " left out of the mix: its data were not seeded"));
      continue;
    }
    if (auto it = unavailable.find(kv.first); it != unavailable.end()) {
      notes.push_back(absl::StrCat(kv.first, " left out of the mix: ", it->second));
      continue;
    }
    mix.push_back(MixEntry{index, weight});
  }
  return mix;
}

}  // namespace gfo::load
