// gfo_crash_driver: the client side of scripts/crash-loop. It drives concurrent writes against a
// gfo-server that the script kills with SIGKILL at a random moment, logs every write the server
// ACKNOWLEDGED (fsync'ed before the next one counts), and after the restart verifies that each
// of them is there, then checks the database file offline.
//
//   gfo_crash_driver wait-listening --log server.out        prints the server's address
//   gfo_crash_driver setup  --server ADDR --state DIR       accounts (GFO_ADMIN_TOKEN)
//   gfo_crash_driver drive  --server ADDR --state DIR --iteration I
//   gfo_crash_driver verify --server ADDR --state DIR       every acknowledged write present
//   gfo_crash_driver check-db --db FILE                     integrity, capacity, audit chain

#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/load/crash_checks.h"
#include "bench/load/loopback.h"
#include "bench/load/synthetic.h"
#include "gfo/v1/account.grpc.pb.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/placement.grpc.pb.h"
#include "gfo/v1/proposal.grpc.pb.h"
#include "gfo/v1/request.grpc.pb.h"
#include "service/accounts.h"
#include "service/storage/sqlite.h"

namespace gfo::load {
namespace {

namespace v1 = gfo::v1;

struct Options {
  std::string server;
  std::string state;
  std::string db;
  std::string log;
  int iteration = 0;
  int threads = 6;
  double seconds = 30;
  double timeout = 20;
};

// `seconds`: the call's deadline (verifying a trail of millions of events reads all of them).
std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token, int seconds = 10) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return ctx;
}

std::string Describe(const grpc::Status& s) {
  return absl::StrCat("code ", static_cast<int>(s.error_code()), ": ", s.error_message());
}

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  if (absl::Status s = CheckLoopbackAddress(address, "--server"); !s.ok()) {
    std::cerr << "gfo_crash_driver: " << s.message() << "\n";
    std::exit(2);
  }
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

// The tokens file of the state directory: "role token" per line.
std::map<std::string, std::string> ReadTokens(const std::string& state) {
  std::map<std::string, std::string> tokens;
  std::ifstream in(state + "/tokens");
  std::string role, token;
  while (in >> role >> token) tokens[role] = token;
  if (tokens.count("staff") == 0 || tokens.count("case_worker") == 0) {
    std::cerr << "gfo_crash_driver: " << state << "/tokens is missing; run setup first\n";
    std::exit(2);
  }
  return tokens;
}

// Appends acknowledged writes to <state>/acked.log; each line is on disk before Ack returns.
class AckLog {
 public:
  explicit AckLog(const std::string& path)
      : fd_(open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {
    if (fd_ < 0) {
      std::cerr << "gfo_crash_driver: cannot open " << path << "\n";
      std::exit(2);
    }
  }
  ~AckLog() { close(fd_); }
  void Ack(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
    const std::string text = line + "\n";
    if (write(fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        fdatasync(fd_) != 0) {
      std::cerr << "gfo_crash_driver: cannot write the acknowledgement log\n";
      std::exit(2);
    }
    ++count_;
  }
  int64_t count() {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }

 private:
  int fd_;
  std::mutex mu_;
  int64_t count_ = 0;
};

v1::Home CrashHome(const std::string& address, int capacity) {
  v1::Home h;
  v1::Adult* adult = h.add_adults();
  adult->set_given_name("Crash");
  adult->set_family_name("Tester");
  adult->set_personal_identity_number(PersonalNumber(1980, 4, 12, 23));
  h.set_address(address);
  h.set_municipality_code(2280);
  h.mutable_location()->set_latitude(62.63);
  h.mutable_location()->set_longitude(17.94);
  h.add_kinds(v1::PLACEMENT_KIND_LONG_TERM);
  h.set_capacity(capacity);
  h.set_min_age(0);
  h.set_max_age(17);
  h.add_languages("sv");
  *h.mutable_available_from() = DateOf(Today() - 10);
  return h;
}

v1::PlacementRequest CrashRequest(const std::string& reference) {
  v1::PlacementRequest r;
  r.set_municipality_code(2280);
  r.set_case_reference(reference);
  v1::Child* child = r.add_children();
  child->mutable_birth_date()->set_year(2016);
  child->mutable_birth_date()->set_month(3);
  child->mutable_birth_date()->set_day(12);
  child->set_gender(v1::GENDER_FEMALE);
  child->add_languages("sv");
  r.set_kind(v1::PLACEMENT_KIND_LONG_TERM);
  r.set_legal_basis(v1::LEGAL_BASIS_SOL);
  // Starting today, so the placement can also end today.
  *r.mutable_wanted_start_date() = DateOf(Today());
  r.set_expected_length_days(365);
  r.set_sibling_rule(v1::SIBLING_RULE_SINGLE_CHILD);
  r.mutable_child_place()->set_latitude(62.632);
  r.mutable_child_place()->set_longitude(17.938);
  v1::NetworkExamination* network = r.mutable_network_examination();
  *network->mutable_examined_date() = DateOf(Today() - 3);
  network->set_outcome(v1::NETWORK_OUTCOME_NO_SUITABLE_NETWORK_HOME);
  return r;
}

int Setup(const Options& o) {
  const char* admin = std::getenv("GFO_ADMIN_TOKEN");
  if (admin == nullptr || *admin == '\0') {
    std::cerr << "gfo_crash_driver: setup needs GFO_ADMIN_TOKEN\n";
    return 2;
  }
  auto stub = v1::AccountService::NewStub(Connect(o.server));
  std::ofstream out(o.state + "/tokens");
  out << "admin " << admin << "\n";
  for (auto [role_name, role] :
       {std::pair{"staff", v1::ROLE_GFO_STAFF}, std::pair{"case_worker", v1::ROLE_CASE_WORKER}}) {
    v1::CreateAccountRequest request;
    request.mutable_account()->set_display_name(absl::StrCat("Crash ", role_name));
    request.mutable_account()->set_role(role);
    request.mutable_account()->set_municipality_code(role == v1::ROLE_CASE_WORKER ? 2280 : 0);
    v1::CreateAccountResponse response;
    grpc::Status s = stub->CreateAccount(Ctx(admin).get(), request, &response);
    if (s.ok()) {
      out << role_name << " " << response.token() << "\n";
      continue;
    }
    if (s.error_code() != grpc::StatusCode::UNIMPLEMENTED || o.db.empty()) {
      std::cerr << "gfo_crash_driver: CreateAccount: " << Describe(s) << "\n";
      return 1;
    }
    // AccountService not offered yet: insert the account beside the running server.
    auto db = storage::Db::Open(o.db, storage::DbOptions{});
    if (!db.ok()) {
      std::cerr << "gfo_crash_driver: " << db.status().message() << "\n";
      return 1;
    }
    std::string token;
    auto tx = storage::Transaction::Begin(**db, storage::Transaction::Mode::kImmediate);
    absl::Status status = tx.status();
    if (status.ok()) {
      auto account = accounts::InsertAccount(**db, request.account(), absl::Now());
      status = account.status();
      if (status.ok()) {
        auto issued =
            accounts::InsertToken(**db, std::stoll(account->name().substr(sizeof("accounts/") - 1)),
                                  absl::Now(), std::nullopt);
        status = issued.status();
        if (status.ok()) token = issued->token;
      }
    }
    if (status.ok()) status = tx->Commit();
    if (!status.ok()) {
      std::cerr << "gfo_crash_driver: direct account insert: " << status.message() << "\n";
      return 1;
    }
    std::cout << "setup: AccountService/CreateAccount not offered; inserted " << role_name
              << " directly\n";
    out << role_name << " " << token << "\n";
  }
  return 0;
}

class Driver {
 public:
  Driver(const Options& o)
      : o_(o),
        tokens_(ReadTokens(o.state)),
        channel_(Connect(o.server)),
        homes_(v1::HomeService::NewStub(channel_)),
        requests_(v1::RequestService::NewStub(channel_)),
        proposals_(v1::ProposalService::NewStub(channel_)),
        placements_(v1::PlacementService::NewStub(channel_)),
        acks_(o.state + "/acked.log") {}

  int Run() {
    // Homes with few seats, so concurrent proposals contend for them.
    for (int i = 0; i < 3; ++i) {
      auto home = CreateHome(absl::StrCat("crash-", o_.iteration, "-contended-", i), 2);
      if (!home.ok()) break;
      v1::HomeTransitionRequest approve;
      approve.set_name(*home);
      v1::Home approved;
      if (homes_->ApproveHome(Ctx(tokens_["staff"]).get(), approve, &approved).ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        contended_.push_back(*home);
      }
    }
    const absl::Time stop = absl::Now() + absl::Seconds(o_.seconds);
    std::vector<std::thread> threads;
    for (int t = 0; t < o_.threads; ++t) {
      threads.emplace_back([this, t, stop] { Worker(t, stop); });
    }
    for (std::thread& t : threads) t.join();
    std::cout << "drive: iteration " << o_.iteration << ": " << acks_.count()
              << " acknowledged writes;";
    for (const auto& [what, n] : outcomes_) std::cout << " " << what << "=" << n;
    std::cout << "\n";
    for (const auto& [method, message] : first_error_) {
      std::cout << "drive: first error of " << method << ": " << message << "\n";
    }
    return 0;
  }

 private:
  // Creates an assessment-stage home and acknowledges it; returns its name.
  absl::StatusOr<std::string> CreateHome(const std::string& address, int capacity) {
    v1::CreateHomeRequest create;
    *create.mutable_home() = CrashHome(address, capacity);
    create.set_initial_status(v1::HOME_STATUS_ASSESSMENT);
    v1::Home home;
    grpc::Status s = homes_->CreateHome(Ctx(tokens_["staff"]).get(), create, &home);
    Count("CreateHome", s);
    if (!s.ok()) return absl::UnavailableError(Describe(s));
    acks_.Ack(absl::StrCat("home ", home.name(), " ", address));
    return home.name();
  }

  void Count(const std::string& method, const grpc::Status& s) {
    std::lock_guard<std::mutex> lock(mu_);
    ++outcomes_[absl::StrCat(method, s.ok() ? ":ok" : absl::StrCat(":", s.error_code()))];
    if (!s.ok()) first_error_.emplace(method, Describe(s));
    if (s.error_code() == grpc::StatusCode::UNAVAILABLE) server_gone_ = true;
    if (s.error_code() == grpc::StatusCode::UNIMPLEMENTED && method != "CreateHome") {
      workflow_ = false;
    }
  }

  bool Gone() {
    std::lock_guard<std::mutex> lock(mu_);
    return server_gone_;
  }

  void Worker(int thread, absl::Time stop) {
    std::mt19937 rng(static_cast<unsigned>(o_.iteration * 100 + thread));
    for (int n = 0; absl::Now() < stop && !Gone(); ++n) {
      bool workflow;
      std::string home;
      {
        std::lock_guard<std::mutex> lock(mu_);
        workflow = workflow_ && !contended_.empty();
        if (workflow) home = contended_[rng() % contended_.size()];
      }
      const std::string tag = absl::StrCat("crash-", o_.iteration, "-", thread, "-", n);
      if (!workflow || rng() % 10 < 6) {
        (void)CreateHome(tag, 1 + static_cast<int>(rng() % 4));
      } else {
        Propose(tag, home, rng());
      }
    }
  }

  // request -> submit -> proposal for `home` -> withdraw, accept (and maybe end) or leave it.
  void Propose(const std::string& tag, const std::string& home, unsigned dice) {
    const std::string& worker = tokens_["case_worker"];
    const std::string& staff = tokens_["staff"];
    v1::CreateRequestRequest create;
    *create.mutable_request() = CrashRequest(tag);
    v1::PlacementRequest request;
    grpc::Status s = requests_->CreateRequest(Ctx(worker).get(), create, &request);
    Count("CreateRequest", s);
    if (!s.ok()) return;
    acks_.Ack(absl::StrCat("request ", request.name(), " ", tag));
    v1::RequestTransitionRequest submit;
    submit.set_name(request.name());
    s = requests_->SubmitRequest(Ctx(worker).get(), submit, &request);
    Count("SubmitRequest", s);
    if (!s.ok()) return;
    v1::CreateProposalRequest propose;
    propose.mutable_proposal()->set_request(request.name());
    propose.mutable_proposal()->set_home(home);
    v1::Proposal proposal;
    s = proposals_->CreateProposal(Ctx(staff).get(), propose, &proposal);
    Count("CreateProposal", s);
    if (!s.ok()) return;
    acks_.Ack(absl::StrCat("proposal ", proposal.name()));
    switch (dice % 4) {
      case 0: {
        v1::WithdrawProposalRequest w;
        w.set_name(proposal.name());
        w.set_reason("crash test");
        s = proposals_->WithdrawProposal(Ctx(staff).get(), w, &proposal);
        Count("WithdrawProposal", s);
        if (s.ok()) acks_.Ack(absl::StrCat("withdrawn ", proposal.name()));
        break;
      }
      case 1:
      case 2: {
        v1::AcceptProposalRequest a;
        a.set_name(proposal.name());
        s = proposals_->AcceptProposal(Ctx(worker).get(), a, &proposal);
        Count("AcceptProposal", s);
        if (!s.ok()) break;
        acks_.Ack(absl::StrCat("accepted ", proposal.name(), " ", proposal.placement()));
        if (dice % 4 == 2) break;
        v1::EndPlacementRequest e;
        e.set_name(proposal.placement());
        e.set_reason("crash test");
        v1::Placement placement;
        s = placements_->EndPlacement(Ctx(worker).get(), e, &placement);
        Count("EndPlacement", s);
        if (s.ok()) acks_.Ack(absl::StrCat("ended ", placement.name()));
        break;
      }
      default:
        break;  // the hold stays
    }
  }

  const Options& o_;
  std::map<std::string, std::string> tokens_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::HomeService::Stub> homes_;
  std::unique_ptr<v1::RequestService::Stub> requests_;
  std::unique_ptr<v1::ProposalService::Stub> proposals_;
  std::unique_ptr<v1::PlacementService::Stub> placements_;
  AckLog acks_;
  std::mutex mu_;
  std::vector<std::string> contended_;
  std::map<std::string, int64_t> outcomes_;  // "method:code" -> calls
  std::map<std::string, std::string> first_error_;
  bool server_gone_ = false;
  bool workflow_ = true;
};

// Checks one acknowledged write; returns "" when it is there as acknowledged.
std::string CheckAck(const std::string& line, std::map<std::string, std::string>& tokens,
                     const std::shared_ptr<grpc::Channel>& channel) {
  std::vector<std::string> f = absl::StrSplit(line, ' ');
  if (f.size() < 2) return "malformed line";
  grpc::Status s;
  if (f[0] == "home") {
    v1::GetHomeRequest r;
    r.set_name(f[1]);
    v1::Home home;
    s = v1::HomeService::NewStub(channel)->GetHome(Ctx(tokens["staff"]).get(), r, &home);
    if (s.ok() && f.size() > 2 && !home.address().empty() && home.address() != f[2]) {
      return "address differs";
    }
  } else if (f[0] == "request") {
    v1::GetRequestRequest r;
    r.set_name(f[1]);
    v1::PlacementRequest request;
    s = v1::RequestService::NewStub(channel)->GetRequest(Ctx(tokens["case_worker"]).get(), r,
                                                         &request);
    if (s.ok() && f.size() > 2 && request.case_reference() != f[2]) return "case reference differs";
  } else if (f[0] == "proposal" || f[0] == "withdrawn" || f[0] == "accepted") {
    v1::GetProposalRequest r;
    r.set_name(f[1]);
    v1::Proposal proposal;
    s = v1::ProposalService::NewStub(channel)->GetProposal(Ctx(tokens["staff"]).get(), r,
                                                           &proposal);
    if (s.ok() && f[0] == "withdrawn" && proposal.state() != v1::PROPOSAL_STATE_WITHDRAWN) {
      return "not withdrawn";
    }
    if (s.ok() && f[0] == "accepted" && proposal.state() != v1::PROPOSAL_STATE_ACCEPTED) {
      return "not accepted";
    }
  } else if (f[0] == "ended") {
    v1::GetPlacementRequest r;
    r.set_name(f[1]);
    v1::Placement placement;
    s = v1::PlacementService::NewStub(channel)->GetPlacement(Ctx(tokens["staff"]).get(), r,
                                                             &placement);
    if (s.ok() && placement.state() != v1::PLACEMENT_STATE_ENDED) return "not ended";
  } else {
    return "unknown kind";
  }
  return s.ok() ? "" : Describe(s);
}

int Verify(const Options& o) {
  auto tokens = ReadTokens(o.state);
  auto channel = Connect(o.server);
  std::vector<std::string> lines;
  {
    std::ifstream in(o.state + "/acked.log");
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) lines.push_back(line);
    }
  }
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::vector<std::string> missing;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto local_tokens = tokens;
      for (size_t i = next++; i < lines.size(); i = next++) {
        const std::string problem = CheckAck(lines[i], local_tokens, channel);
        if (!problem.empty()) {
          std::lock_guard<std::mutex> lock(mu);
          missing.push_back(lines[i] + " -> " + problem);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  int rc = 0;
  if (!missing.empty()) {
    std::cout << "verify: " << missing.size() << " of " << lines.size()
              << " acknowledged writes are missing or changed:\n";
    for (size_t i = 0; i < missing.size() && i < 20; ++i) std::cout << "  " << missing[i] << "\n";
    rc = 1;
  } else {
    std::cout << "verify: all " << lines.size() << " acknowledged writes are present\n";
  }
  v1::VerifyAuditChainResponse chain;
  grpc::Status s = v1::AuditService::NewStub(channel)->VerifyAuditChain(
      Ctx(tokens["admin"], 600).get(), v1::VerifyAuditChainRequest(), &chain);
  if (s.ok()) {
    std::cout << "verify: audit chain " << (chain.ok() ? "ok" : "BROKEN") << ", "
              << chain.events_checked() << " events"
              << (chain.ok() ? "" : absl::StrCat(" (", chain.detail(), ")")) << "\n";
    if (!chain.ok()) rc = 1;
  } else if (s.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    std::cout << "verify: AuditService/VerifyAuditChain not offered; check-db verifies the "
                 "chain offline\n";
  } else {
    std::cout << "verify: VerifyAuditChain: " << Describe(s) << "\n";
    rc = 1;
  }
  return rc;
}

int CheckDb(const Options& o) {
  auto report = CheckDatabase(o.db, absl::Now());
  if (!report.ok()) {
    std::cout << "check-db: cannot check " << o.db << ": " << report.status().message() << "\n";
    return 1;
  }
  std::cout << "check-db: integrity ok, " << report->homes << " homes, " << report->proposals
            << " proposals, " << report->placements << " placements, " << report->audit_events
            << " audit events" << (report->problems.empty() ? "; all checks passed\n" : "\n");
  for (const std::string& p : report->problems) std::cout << "check-db: FAILED " << p << "\n";
  return report->problems.empty() ? 0 : 1;
}

int WaitListening(const Options& o) {
  const absl::Time stop = absl::Now() + absl::Seconds(o.timeout);
  const std::string marker = "listening on ";
  while (absl::Now() < stop) {
    std::ifstream in(o.log);
    for (std::string line; std::getline(in, line);) {
      const size_t at = line.find(marker);
      if (at == std::string::npos) continue;
      std::string address = line.substr(at + marker.size());
      address = address.substr(0, address.find(','));
      auto channel = Connect(address);
      if (channel->WaitForConnected(absl::ToChronoTime(stop))) {
        std::cout << address << "\n";
        return 0;
      }
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  std::cerr << "gfo_crash_driver: no server listening after " << o.timeout << " s\n";
  return 1;
}

}  // namespace
}  // namespace gfo::load

int main(int argc, char** argv) {
  gfo::load::Options o;
  CLI::App cli{"gfo_crash_driver: writes, acknowledgements and checks for scripts/crash-loop"};
  cli.require_subcommand(1);
  auto* wait = cli.add_subcommand("wait-listening", "Print the address once the server listens");
  wait->add_option("--log", o.log, "The server's standard output")->required();
  wait->add_option("--timeout", o.timeout, "Seconds to wait")->capture_default_str();
  auto* setup = cli.add_subcommand("setup", "Create the staff and case-worker accounts");
  auto* drive = cli.add_subcommand("drive", "Concurrent writes until the server dies");
  auto* verify = cli.add_subcommand("verify", "Every acknowledged write is present");
  for (auto* sub : {setup, drive, verify}) {
    sub->add_option("--server", o.server, "Server address (loopback only)")->required();
    sub->add_option("--state", o.state, "State directory (tokens, acked.log)")->required();
  }
  setup->add_option("--db", o.db,
                    "Database file, for inserting accounts directly when the "
                    "account service is not offered");
  drive->add_option("--iteration", o.iteration, "Iteration number (labels)")->required();
  drive->add_option("--threads", o.threads, "Concurrent writers")->capture_default_str();
  drive->add_option("--seconds", o.seconds, "Stop after this long")->capture_default_str();
  auto* check = cli.add_subcommand("check-db", "Offline checks of a database file");
  check->add_option("--db", o.db, "Database file")->required();
  CLI11_PARSE(cli, argc, argv);
  if (*wait) return gfo::load::WaitListening(o);
  if (*setup) return gfo::load::Setup(o);
  if (*drive) return gfo::load::Driver(o).Run();
  if (*verify) return gfo::load::Verify(o);
  return gfo::load::CheckDb(o);
}
