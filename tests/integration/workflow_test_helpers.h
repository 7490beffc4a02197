// Shared set-up for the placement workflow's integration tests: a TestServer, one stub per
// workflow service, and short helpers that walk a request through its lifecycle over the real
// API (homes are created and approved through HomeService).

#ifndef GFO_TESTS_INTEGRATION_WORKFLOW_TEST_HELPERS_H_
#define GFO_TESTS_INTEGRATION_WORKFLOW_TEST_HELPERS_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/placement.grpc.pb.h"
#include "gfo/v1/proposal.grpc.pb.h"
#include "gfo/v1/request.grpc.pb.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Starts the server with `options` (SetUp starts one with the defaults).
  void StartServer(TestServerOptions options);

  // An approved home in `municipality` offering `kinds` (long-term when empty); returns its name.
  std::string ApprovedHome(int32_t municipality, int capacity,
                           std::vector<gfo::v1::PlacementKind> kinds = {});
  // `home` created by staff and approved; returns its name.
  std::string ApprovedHome(const gfo::v1::Home& home);
  int32_t FreeCapacity(const std::string& home);

  grpc::Status CreateRequest(Who who, const gfo::v1::PlacementRequest& request,
                             gfo::v1::PlacementRequest* out);
  grpc::Status GetRequest(Who who, const std::string& name, gfo::v1::PlacementRequest* out);
  grpc::Status SubmitRequest(Who who, const std::string& name, gfo::v1::PlacementRequest* out);
  grpc::Status WithdrawRequest(Who who, const std::string& name, const std::string& reason,
                               gfo::v1::PlacementRequest* out);
  // A created and submitted request of `who`'s municipality with `children` siblings.
  gfo::v1::PlacementRequest SubmittedRequest(
      Who who, int children = 1, gfo::v1::PlacementKind kind = gfo::v1::PLACEMENT_KIND_LONG_TERM);
  gfo::v1::RequestState RequestState(const std::string& name);

  grpc::Status Propose(const std::string& request, const std::string& home, gfo::v1::Proposal* out,
                       Who who = Who::kStaff);
  gfo::v1::Proposal MustPropose(const std::string& request, const std::string& home);
  grpc::Status GetProposal(Who who, const std::string& name, gfo::v1::Proposal* out);
  grpc::Status Accept(Who who, const std::string& proposal, gfo::v1::Proposal* out);
  grpc::Status Decline(Who who, const std::string& proposal, const std::string& reason,
                       gfo::v1::Proposal* out);
  grpc::Status Consult(Who who, const std::string& proposal, int32_t municipality,
                       gfo::v1::Proposal* out);
  grpc::Status GetPlacement(Who who, const std::string& name, gfo::v1::Placement* out);
  grpc::Status EndPlacement(Who who, const std::string& name, const std::string& reason,
                            gfo::v1::Placement* out);
  grpc::Status ListDue(Who who, int32_t within_days, gfo::v1::ListDueResponse* out,
                       int32_t municipality = 0);
  // Request, proposal, acceptance: returns the accepted proposal (placement filled).
  gfo::v1::Proposal PlaceRequest(Who who, const std::string& home, int children = 1,
                                 gfo::v1::PlacementKind kind = gfo::v1::PLACEMENT_KIND_LONG_TERM);

  // Runs `sql` on the server's database (outside the API) and returns the first column of the
  // first row as an integer (0 when there is none).
  int64_t QueryInt(const std::string& sql);
  void Exec(const std::string& sql);

  std::unique_ptr<grpc::ClientContext> Ctx(Who who) { return server_->Context(who); }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<gfo::v1::HomeService::Stub> homes_;
  std::unique_ptr<gfo::v1::RequestService::Stub> requests_;
  std::unique_ptr<gfo::v1::ProposalService::Stub> proposals_;
  std::unique_ptr<gfo::v1::PlacementService::Stub> placements_;
};

// The Who whose case workers belong to `municipality` (2280, 2282 or 2281).
Who CaseWorkerOf(int32_t municipality);

}  // namespace gfo::testing

#endif  // GFO_TESTS_INTEGRATION_WORKFLOW_TEST_HELPERS_H_
