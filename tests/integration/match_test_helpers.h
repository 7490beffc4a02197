// Shared set-up for the matching, municipality and administration integration tests: a
// TestServer, stubs of every service they drive, and short helpers that walk a home and a
// request through the real API (approve, submit, propose, accept, end) so each test states only
// what it checks.

#ifndef GFO_TESTS_INTEGRATION_MATCH_TEST_HELPERS_H_
#define GFO_TESTS_INTEGRATION_MATCH_TEST_HELPERS_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "gfo/v1/admin.grpc.pb.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/match.grpc.pb.h"
#include "gfo/v1/municipality.grpc.pb.h"
#include "gfo/v1/placement.grpc.pb.h"
#include "gfo/v1/proposal.grpc.pb.h"
#include "gfo/v1/request.grpc.pb.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {

class MatchTest : public ::testing::Test {
 public:
  void SetUp() override;

  // A home created in assessment (not yet in the bank); returns its name.
  std::string HomeInAssessment(const gfo::v1::Home& home = ValidHome());
  // A home created and approved; returns its name.
  std::string ApprovedHome(const gfo::v1::Home& home = ValidHome());
  // The home's pseudonymous code.
  std::string HomeCode(const std::string& home_name);
  grpc::Status MoveHome(const std::string& verb, const std::string& home_name,
                        const std::string& reason = "test");

  // A draft created by `who` (a case worker of the request's municipality).
  std::string DraftRequest(const gfo::v1::PlacementRequest& request, Who who);
  grpc::Status Submit(const std::string& request_name, Who who);
  // A request created and submitted by `who`.
  std::string SubmittedRequest(const gfo::v1::PlacementRequest& request = ValidRequest(),
                               Who who = Who::kCaseWorkerHarnosand);
  grpc::Status Withdraw(const std::string& request_name, Who who);

  // GFO staff propose `home` for `request`; returns the proposal's name.
  std::string Propose(const std::string& request_name, const std::string& home_name);
  // `who` accepts the proposal; returns the placement's name.
  std::string Accept(const std::string& proposal_name, Who who);
  grpc::Status EndPlacement(const std::string& placement_name, Who who);

  // The retention report as of today, and ApplyRetention of `resources` (all due when empty),
  // both as the admin.
  gfo::v1::GetRetentionReportResponse RetentionReport();
  grpc::Status ApplyRetention(const std::vector<std::string>& resources,
                              gfo::v1::ApplyRetentionResponse* out);

  grpc::Status Rank(const std::string& request_name, Who who, gfo::v1::RankHomesResponse* out,
                    int top_k = 0);
  gfo::v1::RankHomesResponse MustRank(const std::string& request_name, Who who = Who::kStaff,
                                      int top_k = 0);

  // GetHome and GetRequest as `who`; the call must succeed.
  gfo::v1::Home MustGetHome(const std::string& home_name, Who who = Who::kAdmin);
  gfo::v1::PlacementRequest MustGetRequest(const std::string& request_name, Who who = Who::kStaff);
  // The names an ApplyRetention response cleared.
  static std::vector<std::string> Cleared(const gfo::v1::ApplyRetentionResponse& applied);

  // A single integer from `sql` run directly on the server's database file.
  int64_t QueryInt(const std::string& sql);
  // The resource names on the newest audit event of `method` (full name), comma-separated.
  std::string LastAuditResources(const std::string& method);

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<gfo::v1::HomeService::Stub> homes_;
  std::unique_ptr<gfo::v1::RequestService::Stub> requests_;
  std::unique_ptr<gfo::v1::ProposalService::Stub> proposals_;
  std::unique_ptr<gfo::v1::PlacementService::Stub> placements_;
  std::unique_ptr<gfo::v1::MatchService::Stub> match_;
  std::unique_ptr<gfo::v1::MunicipalityService::Stub> municipalities_;
  std::unique_ptr<gfo::v1::AdminService::Stub> admin_;
  std::unique_ptr<gfo::v1::AuditService::Stub> audit_;
};

// The number of homes a ranking's exclusion counts give for `reason` (0 when absent).
int ExclusionCount(const gfo::v1::RankHomesResponse& response, const std::string& reason);

// The ranked home with `code`, or nullptr.
const gfo::v1::RankedHome* FindRanked(const gfo::v1::RankHomesResponse& response,
                                      const std::string& code);

}  // namespace gfo::testing

#endif  // GFO_TESTS_INTEGRATION_MATCH_TEST_HELPERS_H_
