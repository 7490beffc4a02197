// Capacity under concurrency: many staff clients propose the last seats of one home for different
// submitted requests at the same moment. Exactly as many win as there are seats; the others get
// FAILED_PRECONDITION; capacity is never exceeded.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/workflow_test_helpers.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;

constexpr int kClients = 16;

class WorkflowConcurrency : public WorkflowTest {
 protected:
  // Each of kClients threads, on its own channel, proposes `home` for its own request at once.
  // Returns the status codes.
  std::vector<grpc::StatusCode> ProposeAtOnce(const std::vector<std::string>& requests,
                                              const std::string& home) {
    std::vector<grpc::StatusCode> codes(requests.size(), grpc::UNKNOWN);
    std::vector<std::string> messages(requests.size());
    std::latch start(static_cast<std::ptrdiff_t>(requests.size()));
    std::vector<std::thread> threads;
    for (size_t i = 0; i < requests.size(); ++i) {
      threads.emplace_back([&, i] {
        grpc::ChannelArguments args;
        args.SetInt("gfo.test.client", static_cast<int>(i));  // a channel of its own
        auto channel =
            grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(), args);
        auto stub = v1::ProposalService::NewStub(channel);
        v1::CreateProposalRequest req;
        req.mutable_proposal()->set_request(requests[i]);
        req.mutable_proposal()->set_home(home);
        auto ctx = Ctx(Who::kStaff);
        v1::Proposal out;
        channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10));
        start.arrive_and_wait();
        grpc::Status s = stub->CreateProposal(ctx.get(), req, &out);
        codes[i] = s.error_code();
        messages[i] = s.error_message();
      });
    }
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < codes.size(); ++i) {
      if (codes[i] != grpc::OK) {
        EXPECT_EQ(codes[i], grpc::FAILED_PRECONDITION) << messages[i];
        EXPECT_THAT(messages[i], ::testing::HasSubstr("not enough free capacity"));
      }
    }
    return codes;
  }

  int64_t HeldChildren(const std::string& home) {
    return QueryInt(
        "SELECT COALESCE(SUM(children), 0) FROM proposals WHERE state = 1 AND "
        "home_id = " +
        home.substr(home.find('/') + 1));
  }
};

TEST_F(WorkflowConcurrency, ExactlyOneOfManyProposalsForTheLastSeatsWins) {
  const std::string home = ApprovedHome(2280, 2);
  std::vector<std::string> requests;
  for (int i = 0; i < kClients; ++i) {
    requests.push_back(
        SubmittedRequest(i % 2 == 0 ? Who::kCaseWorkerHarnosand : Who::kCaseWorkerKramfors, 2)
            .name());
  }
  std::vector<grpc::StatusCode> codes = ProposeAtOnce(requests, home);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), grpc::OK), 1);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), grpc::FAILED_PRECONDITION), kClients - 1);
  EXPECT_EQ(FreeCapacity(home), 0);
  EXPECT_EQ(HeldChildren(home), 2);
  int proposed = 0;
  for (const std::string& r : requests) {
    if (RequestState(r) == v1::REQUEST_STATE_PROPOSED) ++proposed;
  }
  EXPECT_EQ(proposed, 1);
}

TEST_F(WorkflowConcurrency, AsManyWinAsThereAreSeatsAndCapacityIsNeverExceeded) {
  const std::string home = ApprovedHome(2280, 5);
  // One seat is already used by a placement.
  PlaceRequest(Who::kCaseWorkerHarnosand, home, 1);
  std::vector<std::string> requests;
  for (int i = 0; i < kClients; ++i) {
    requests.push_back(SubmittedRequest(Who::kCaseWorkerHarnosand, 1).name());
  }
  std::vector<grpc::StatusCode> codes = ProposeAtOnce(requests, home);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), grpc::OK), 4);
  EXPECT_EQ(FreeCapacity(home), 0);
  EXPECT_EQ(HeldChildren(home), 4);
}

}  // namespace
}  // namespace gfo::testing
