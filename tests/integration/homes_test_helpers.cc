#include "tests/integration/homes_test_helpers.h"

#include "absl/strings/numbers.h"
#include "gfo/v1/placement.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "service/app.h"
#include "service/storage/database.h"
#include "tests/support/db_queries.h"

namespace gfo::testing {

int64_t HomeId(const gfo::v1::Home& home) {
  int64_t id = 0;
  EXPECT_TRUE(absl::SimpleAtoi(home.name().substr(home.name().find('/') + 1), &id)) << home.name();
  return id;
}

void HomesTest::SetUp() {
  server_ = TestServer::Start();
  stub_ = gfo::v1::HomeService::NewStub(server_->channel());
}

grpc::Status HomesTest::Create(const gfo::v1::Home& home, gfo::v1::Home* out, Who who,
                               gfo::v1::HomeStatus initial) {
  gfo::v1::CreateHomeRequest req;
  *req.mutable_home() = home;
  req.set_initial_status(initial);
  auto ctx = server_->Context(who);
  return stub_->CreateHome(ctx.get(), req, out);
}

gfo::v1::Home HomesTest::MustCreate(const gfo::v1::Home& home, gfo::v1::HomeStatus initial) {
  gfo::v1::Home out;
  grpc::Status s = Create(home, &out, Who::kStaff, initial);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out;
}

grpc::Status HomesTest::Get(const std::string& name, gfo::v1::Home* out, Who who) {
  gfo::v1::GetHomeRequest req;
  req.set_name(name);
  auto ctx = server_->Context(who);
  return stub_->GetHome(ctx.get(), req, out);
}

gfo::v1::Home HomesTest::MustGet(const std::string& name, Who who) {
  gfo::v1::Home out;
  grpc::Status s = Get(name, &out, who);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return out;
}

grpc::Status HomesTest::List(const gfo::v1::ListHomesRequest& req, gfo::v1::ListHomesResponse* out,
                             Who who) {
  auto ctx = server_->Context(who);
  return stub_->ListHomes(ctx.get(), req, out);
}

std::vector<gfo::v1::Home> HomesTest::ListAll(gfo::v1::ListHomesRequest req, int page_size) {
  std::vector<gfo::v1::Home> all;
  req.set_page_size(page_size);
  for (int pages = 0; pages < 1000; ++pages) {
    gfo::v1::ListHomesResponse page;
    grpc::Status s = List(req, &page);
    EXPECT_TRUE(s.ok()) << Describe(s);
    if (!s.ok()) break;
    for (const auto& h : page.homes()) all.push_back(h);
    if (page.next_page_token().empty()) break;
    req.set_page_token(page.next_page_token());
  }
  return all;
}

grpc::Status HomesTest::Update(const gfo::v1::Home& patch, const std::vector<std::string>& paths,
                               gfo::v1::Home* out, Who who) {
  gfo::v1::UpdateHomeRequest req;
  *req.mutable_home() = patch;
  for (const auto& p : paths) req.mutable_update_mask()->add_paths(p);
  auto ctx = server_->Context(who);
  return stub_->UpdateHome(ctx.get(), req, out);
}

grpc::Status HomesTest::Move(HomeMove move, const std::string& name, const std::string& reason,
                             gfo::v1::Home* out, const std::string& etag, Who who) {
  gfo::v1::HomeTransitionRequest req;
  req.set_name(name);
  req.set_reason(reason);
  req.set_etag(etag);
  auto ctx = server_->Context(who);
  switch (move) {
    case HomeMove::kStartAssessment:
      return stub_->StartAssessment(ctx.get(), req, out);
    case HomeMove::kApprove:
      return stub_->ApproveHome(ctx.get(), req, out);
    case HomeMove::kPause:
      return stub_->PauseHome(ctx.get(), req, out);
    case HomeMove::kResume:
      return stub_->ResumeHome(ctx.get(), req, out);
    case HomeMove::kClose:
      return stub_->CloseHome(ctx.get(), req, out);
  }
  return grpc::Status(grpc::StatusCode::INTERNAL, "unknown move");
}

gfo::v1::Home HomesTest::MustCreateIn(gfo::v1::HomeStatus status, const gfo::v1::Home& home) {
  gfo::v1::Home h = MustCreate(home);
  auto step = [&](HomeMove move, const char* reason) {
    grpc::Status s = Move(move, h.name(), reason, &h);
    EXPECT_TRUE(s.ok()) << Describe(s);
  };
  switch (status) {
    case gfo::v1::HOME_STATUS_INQUIRY:
      break;
    case gfo::v1::HOME_STATUS_ASSESSMENT:
      step(HomeMove::kStartAssessment, "");
      break;
    case gfo::v1::HOME_STATUS_APPROVED:
      step(HomeMove::kStartAssessment, "");
      step(HomeMove::kApprove, "");
      break;
    case gfo::v1::HOME_STATUS_PAUSED:
      step(HomeMove::kStartAssessment, "");
      step(HomeMove::kApprove, "");
      step(HomeMove::kPause, "family on a break");
      break;
    case gfo::v1::HOME_STATUS_CLOSED:
      step(HomeMove::kClose, "family withdrew");
      break;
    default:
      ADD_FAILURE() << "no such status";
  }
  EXPECT_EQ(h.status(), status);
  return h;
}

std::vector<gfo::v1::StateTransition> HomesTest::History(const std::string& name) {
  gfo::v1::ListHomeHistoryRequest req;
  req.set_name(name);
  gfo::v1::ListHomeHistoryResponse out;
  auto ctx = server_->Context(Who::kStaff);
  grpc::Status s = stub_->ListHomeHistory(ctx.get(), req, &out);
  EXPECT_TRUE(s.ok()) << Describe(s);
  return {out.transitions().begin(), out.transitions().end()};
}

int64_t HomesTest::InsertRequest(int children) {
  int64_t id = 0;
  absl::Status s = server_->server().database().Write([&](storage::Db& db) -> absl::Status {
    auto stmt = db.Prepare(
        "INSERT INTO requests(municipality_code, state, kind, children, proto, create_time, "
        "update_time) VALUES (2280, 1, 1, ?, x'', 0, 0)");
    if (!stmt.ok()) return stmt.status();
    (*stmt)->Bind(1, children);
    absl::Status run = (*stmt)->Run();
    id = db.LastInsertRowId();
    return run;
  });
  EXPECT_TRUE(s.ok()) << s;
  return id;
}

namespace {

// Inserts a proposal of municipality 2280 for `children` of request `request_id` into home
// `home_id`, created at `create_micros` and expiring at `expire_micros`.
absl::Status InsertProposal(storage::Db& db, int64_t request_id, int64_t home_id, int children,
                            gfo::v1::ProposalState state, int64_t create_micros,
                            int64_t expire_micros) {
  auto proposal = db.Prepare(
      "INSERT INTO proposals(request_id, home_id, municipality_code, children, state, "
      "create_time, expire_time) VALUES (?, ?, 2280, ?, ?, ?, ?)");
  if (!proposal.ok()) return proposal.status();
  (*proposal)
      ->Bind(1, request_id)
      .Bind(2, home_id)
      .Bind(3, children)
      .Bind(4, static_cast<int>(state))
      .Bind(5, create_micros)
      .Bind(6, expire_micros);
  return (*proposal)->Run();
}

}  // namespace

void HomesTest::InsertActivePlacement(int64_t home_id, int children) {
  const int64_t request_id = InsertRequest(children);
  const int64_t now = ToMicros(server_->clock().Now());
  absl::Status s = server_->server().database().Write([&](storage::Db& db) -> absl::Status {
    if (absl::Status r = InsertProposal(db, request_id, home_id, children,
                                        gfo::v1::PROPOSAL_STATE_ACCEPTED, now, now);
        !r.ok()) {
      return r;
    }
    const int64_t proposal_id = db.LastInsertRowId();
    auto placement = db.Prepare(
        "INSERT INTO placements(request_id, home_id, proposal_id, municipality_code, children, "
        "kind, state, start_day, create_time, update_time) VALUES (?, ?, ?, 2280, ?, 1, ?, 20000, "
        "?, ?)");
    if (!placement.ok()) return placement.status();
    (*placement)
        ->Bind(1, request_id)
        .Bind(2, home_id)
        .Bind(3, proposal_id)
        .Bind(4, children)
        .Bind(5, static_cast<int>(gfo::v1::PLACEMENT_STATE_ACTIVE))
        .Bind(6, now)
        .Bind(7, now);
    return (*placement)->Run();
  });
  EXPECT_TRUE(s.ok()) << s;
}

void HomesTest::InsertHold(int64_t home_id, int children, absl::Duration hold) {
  const int64_t request_id = InsertRequest(children);
  const absl::Time now = server_->clock().Now();
  absl::Status s = server_->server().database().Write([&](storage::Db& db) -> absl::Status {
    return InsertProposal(db, request_id, home_id, children, gfo::v1::PROPOSAL_STATE_PENDING,
                          ToMicros(now), ToMicros(now + hold));
  });
  EXPECT_TRUE(s.ok()) << s;
}

int64_t HomesTest::CountRows(const std::string& sql) { return QueryInt(*server_, sql); }

}  // namespace gfo::testing
