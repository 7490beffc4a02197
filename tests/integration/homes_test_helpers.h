// Shared set-up for the home bank's integration tests: a TestServer, a HomeService stub, and
// short helpers to create, read, list and move homes, plus direct database writes for placements
// and proposal holds (whose own services are tested elsewhere).

#ifndef GFO_TESTS_INTEGRATION_HOMES_TEST_HELPERS_H_
#define GFO_TESTS_INTEGRATION_HOMES_TEST_HELPERS_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "gfo/v1/home.grpc.pb.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {

// The lifecycle methods of HomeService, for table-driven tests.
enum class HomeMove { kStartAssessment, kApprove, kPause, kResume, kClose };

class HomesTest : public ::testing::Test {
 public:
  void SetUp() override;

  gfo::v1::HomeService::Stub& stub() { return *stub_; }

  grpc::Status Create(const gfo::v1::Home& home, gfo::v1::Home* out, Who who = Who::kStaff,
                      gfo::v1::HomeStatus initial = gfo::v1::HOME_STATUS_UNSPECIFIED);
  // Creates a valid home (ValidHome) or fails the test.
  gfo::v1::Home MustCreate(const gfo::v1::Home& home = ValidHome(),
                           gfo::v1::HomeStatus initial = gfo::v1::HOME_STATUS_UNSPECIFIED);
  grpc::Status Get(const std::string& name, gfo::v1::Home* out, Who who = Who::kStaff);
  gfo::v1::Home MustGet(const std::string& name, Who who = Who::kStaff);
  grpc::Status List(const gfo::v1::ListHomesRequest& req, gfo::v1::ListHomesResponse* out,
                    Who who = Who::kStaff);
  // Every home, following next_page_token with pages of `page_size`.
  std::vector<gfo::v1::Home> ListAll(gfo::v1::ListHomesRequest req, int page_size = 1000);
  grpc::Status Update(const gfo::v1::Home& patch, const std::vector<std::string>& paths,
                      gfo::v1::Home* out, Who who = Who::kStaff);
  grpc::Status Move(HomeMove move, const std::string& name, const std::string& reason,
                    gfo::v1::Home* out, const std::string& etag = "", Who who = Who::kStaff);
  // Moves a new home to `status` through legal moves.
  gfo::v1::Home MustCreateIn(gfo::v1::HomeStatus status, const gfo::v1::Home& home = ValidHome());
  std::vector<gfo::v1::StateTransition> History(const std::string& name);

  // Writes an active placement of `children` into home `home_id` (with its request and accepted
  // proposal) straight into the database.
  void InsertActivePlacement(int64_t home_id, int children);
  // Writes a pending proposal holding `children` seats until now + `hold`.
  void InsertHold(int64_t home_id, int children, absl::Duration hold);
  int64_t CountRows(const std::string& sql);

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<gfo::v1::HomeService::Stub> stub_;

 private:
  int64_t InsertRequest(int children);
};

int64_t HomeId(const gfo::v1::Home& home);

}  // namespace gfo::testing

#endif  // GFO_TESTS_INTEGRATION_HOMES_TEST_HELPERS_H_
