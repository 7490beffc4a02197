// Bad input over a real channel: oversized messages, deep nesting, invalid UTF-8, huge and
// negative page sizes, unknown enum values, far-past and far-future dates. Each is refused with
// a clear code (INVALID_ARGUMENT, or RESOURCE_EXHAUSTED from gRPC for size) or clamped, the
// server keeps serving, and no bad row is stored. A request gRPC cannot deserialize is audited
// like any other refused call (service/bad_input_interceptor.h).

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <limits>

#include "absl/strings/str_cat.h"
#include "gfo/v1/audit.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/request.grpc.pb.h"
#include "service/storage/sqlite.h"
#include "tests/support/db_queries.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace gfo::testing {
namespace {

int64_t Count(TestServer& server, const std::string& table) {
  return QueryInt(server, "SELECT COUNT(*) FROM " + table);
}

// The number of audit events for `method` with `status_code` and `account` ("" for a caller
// that was not authenticated). The arguments are the test's own constants, without quotes.
int64_t AuditEvents(TestServer& server, std::string_view method, int status_code,
                    std::string_view account) {
  const std::string method_text(method);
  const std::string account_text(account);
  return QueryInt(server, absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE method = '",
                                       method_text, "' AND status_code = ", status_code,
                                       " AND account = '", account_text, "'"));
}

constexpr std::string_view kCreateHome = "gfo.v1.HomeService/CreateHome";
constexpr int kInvalidArgument = static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT);
constexpr int kUnauthenticated = static_cast<int>(grpc::StatusCode::UNAUTHENTICATED);

// 100,000 nested groups of an unknown field: beyond protobuf's recursion limit.
std::string DeeplyNestedBytes() {
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested.push_back(static_cast<char>((15 << 3) | 3));
  return nested;
}

// A CreateHomeRequest whose home.address is not UTF-8, serialized as a client would send it
// (protobuf's serializer only logs invalid UTF-8; the parser refuses it).
std::string InvalidUtf8CreateHomeBytes() {
  v1::CreateHomeRequest request;
  *request.mutable_home() = ValidHome();
  request.mutable_home()->set_address("Storgatan \xC3\x28 1");
  return request.SerializeAsString();
}

v1::Date MakeDate(int year, int month, int day) {
  v1::Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

class FaultsInput : public ::testing::Test {
 protected:
  FaultsInput()
      : server_(TestServer::Start()), homes_(v1::HomeService::NewStub(server_->channel())) {}

  grpc::Status Create(const v1::Home& home, v1::Home* out = nullptr) {
    v1::CreateHomeRequest request;
    *request.mutable_home() = home;
    v1::Home ignored;
    return homes_->CreateHome(server_->Context(Who::kStaff).get(), request,
                              out != nullptr ? out : &ignored);
  }

  // Sends `bytes` as the request of unary `method` (`/gfo.v1.Service/Method`) as `who`.
  grpc::Status SendRaw(Who who, const std::string& method, const std::string& bytes) {
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::GenericStub generic(server_->channel());
    grpc::CompletionQueue cq;
    auto ctx = server_->Context(who);
    auto call = generic.PrepareUnaryCall(ctx.get(), method, request, &cq);
    grpc::ByteBuffer response;
    grpc::Status status;
    call->StartCall();
    call->Finish(&response, &status, &cq);
    void* tag;
    bool ok;
    EXPECT_TRUE(cq.Next(&tag, &ok));
    return status;
  }

  // The server still answers a good call after a bad one.
  void ExpectStillServing() {
    v1::Home home;
    GFO_EXPECT_OK(Create(ValidHome(), &home));
    v1::GetHomeRequest get;
    get.set_name(home.name());
    v1::Home read;
    GFO_EXPECT_OK(homes_->GetHome(server_->Context(Who::kStaff).get(), get, &read));
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::HomeService::Stub> homes_;
};

TEST_F(FaultsInput, OversizedMessageIsResourceExhaustedAndStoresNothing) {
  v1::Home home = ValidHome();
  home.set_address(std::string(5 * 1024 * 1024, 'a'));  // over the server's 4 MiB limit
  EXPECT_THAT(Create(home), StatusIs(grpc::StatusCode::RESOURCE_EXHAUSTED, ""));
  EXPECT_EQ(Count(*server_, "homes"), 0);
  ExpectStillServing();
}

TEST_F(FaultsInput, DeepNestingIsRefusedWithoutACrash) {
  const std::string staff = server_->account(Who::kStaff);
  const int64_t events_before = AuditEvents(*server_, kCreateHome, kInvalidArgument, staff);
  const grpc::Status status =
      SendRaw(Who::kStaff, "/gfo.v1.HomeService/CreateHome", DeeplyNestedBytes());
  // gRPC's deserializer refuses it (INTERNAL in gRPC 1.51); the interceptor makes that an
  // audited INVALID_ARGUMENT.
  EXPECT_THAT(status, StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "request: could not be parsed"));
  EXPECT_EQ(Count(*server_, "homes"), 0);
  EXPECT_EQ(AuditEvents(*server_, kCreateHome, kInvalidArgument, staff), events_before + 1);
  ExpectStillServing();
}

TEST_F(FaultsInput, InvalidUtf8IsRefusedAndStoresNothing) {
  const std::string staff = server_->account(Who::kStaff);
  const int64_t events_before = AuditEvents(*server_, kCreateHome, kInvalidArgument, staff);
  v1::Home home = ValidHome();
  home.set_address("Storgatan \xC3\x28 1");
  // proto3 strings must be UTF-8: gRPC's deserializer refuses the request (INTERNAL in gRPC
  // 1.51); the interceptor makes that an audited INVALID_ARGUMENT.
  EXPECT_THAT(Create(home), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "request"));
  EXPECT_EQ(Count(*server_, "homes"), 0);
  EXPECT_EQ(AuditEvents(*server_, kCreateHome, kInvalidArgument, staff), events_before + 1);
  ExpectStillServing();
}

TEST_F(FaultsInput, UnparseableRequestWithoutATokenIsUnauthenticated) {
  for (const std::string& bytes : {DeeplyNestedBytes(), InvalidUtf8CreateHomeBytes()}) {
    const int64_t events_before = AuditEvents(*server_, kCreateHome, kUnauthenticated, "");
    EXPECT_THAT(SendRaw(Who::kNobody, "/gfo.v1.HomeService/CreateHome", bytes),
                StatusIs(grpc::StatusCode::UNAUTHENTICATED, "authorization"));
    EXPECT_EQ(AuditEvents(*server_, kCreateHome, kUnauthenticated, ""), events_before + 1);
  }
  EXPECT_EQ(AuditEvents(*server_, kCreateHome, kInvalidArgument, ""), 0);
  EXPECT_EQ(Count(*server_, "homes"), 0);
  ExpectStillServing();
}

TEST_F(FaultsInput, UnparseableRequestOfAStreamingMethodIsInvalidArgument) {
  v1::ExportAuditEventsRequest request;
  request.mutable_filter()->set_account("accounts/\xC3\x28");
  auto audit = v1::AuditService::NewStub(server_->channel());
  auto ctx = server_->Context(Who::kAuditor);
  auto reader = audit->ExportAuditEvents(ctx.get(), request);
  v1::ExportAuditEventsResponse response;
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_THAT(reader->Finish(), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "request"));
  EXPECT_EQ(AuditEvents(*server_, "gfo.v1.AuditService/ExportAuditEvents", kInvalidArgument,
                        server_->account(Who::kAuditor)),
            1);
}

TEST_F(FaultsInput, HugePageSizeIsClampedToOneThousand) {
  for (int i = 0; i < 1001; ++i) GFO_ASSERT_OK(Create(ValidHome()));
  for (int32_t size : {1001, std::numeric_limits<int32_t>::max()}) {
    v1::ListHomesRequest request;
    request.set_page_size(size);
    v1::ListHomesResponse response;
    GFO_ASSERT_OK(homes_->ListHomes(server_->Context(Who::kStaff).get(), request, &response));
    EXPECT_EQ(response.homes_size(), 1000) << size;
    EXPECT_FALSE(response.next_page_token().empty()) << size;
  }
}

TEST_F(FaultsInput, NegativePageSizeIsInvalidArgument) {
  v1::ListHomesRequest request;
  request.set_page_size(-1);
  v1::ListHomesResponse response;
  EXPECT_THAT(homes_->ListHomes(server_->Context(Who::kStaff).get(), request, &response),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "page_size"));
}

TEST_F(FaultsInput, UnknownEnumValuesAreInvalidArgument) {
  v1::Home home = ValidHome();
  home.add_kinds(static_cast<v1::PlacementKind>(99));
  EXPECT_THAT(Create(home), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "home.kinds"));
  home = ValidHome();
  home.add_experience(static_cast<v1::Need>(1000));
  EXPECT_THAT(Create(home), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "home.experience"));
  home = ValidHome();
  home.add_accepted_genders(static_cast<v1::Gender>(-3));
  EXPECT_THAT(Create(home), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "home.accepted_genders"));
  v1::CreateHomeRequest create;
  *create.mutable_home() = ValidHome();
  create.set_initial_status(static_cast<v1::HomeStatus>(42));
  v1::Home out;
  EXPECT_THAT(homes_->CreateHome(server_->Context(Who::kStaff).get(), create, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "initial_status"));
  v1::ListHomesRequest list;
  list.set_status(static_cast<v1::HomeStatus>(77));
  v1::ListHomesResponse listed;
  EXPECT_THAT(homes_->ListHomes(server_->Context(Who::kStaff).get(), list, &listed),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "status"));
  EXPECT_EQ(Count(*server_, "homes"), 0);
}

TEST_F(FaultsInput, FarPastAndFarFutureDatesAreInvalidArgument) {
  for (const v1::Date& date : {MakeDate(1, 1, 1), MakeDate(1899, 12, 31), MakeDate(2201, 1, 1),
                               MakeDate(99999, 12, 31), MakeDate(2026, 2, 30)}) {
    v1::Home home = ValidHome();
    *home.mutable_available_from() = date;
    EXPECT_THAT(Create(home), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "home.available_from"))
        << date.ShortDebugString();
  }
  EXPECT_EQ(Count(*server_, "homes"), 0);

  v1::Home home;
  GFO_ASSERT_OK(Create(ValidHome(), &home));
  for (const v1::Date& date : {MakeDate(1, 1, 1), MakeDate(9999, 1, 1)}) {
    v1::ConfirmAvailabilityRequest confirm;
    confirm.set_name(home.name());
    *confirm.mutable_available_from() = date;
    v1::Home out;
    EXPECT_THAT(homes_->ConfirmAvailability(server_->Context(Who::kStaff).get(), confirm, &out),
                StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "available_from"));
  }
  v1::GetHomeRequest get;
  get.set_name(home.name());
  v1::Home stored;
  GFO_ASSERT_OK(homes_->GetHome(server_->Context(Who::kStaff).get(), get, &stored));
  EXPECT_EQ(stored.available_from().year(), home.available_from().year());
  EXPECT_FALSE(stored.has_availability_confirmed_time());

  auto requests = v1::RequestService::NewStub(server_->channel());
  for (const char* field : {"request.wanted_start_date", "request.children[0].birth_date"}) {
    for (const v1::Date& date : {MakeDate(1, 1, 1), MakeDate(9999, 1, 1)}) {
      v1::CreateRequestRequest create;
      *create.mutable_request() = ValidRequest();
      if (std::string(field) == "request.wanted_start_date") {
        *create.mutable_request()->mutable_wanted_start_date() = date;
      } else {
        create.mutable_request()->mutable_children(0)->clear_personal_identity_number();
        *create.mutable_request()->mutable_children(0)->mutable_birth_date() = date;
      }
      v1::PlacementRequest out;
      EXPECT_THAT(
          requests->CreateRequest(server_->Context(Who::kCaseWorkerHarnosand).get(), create, &out),
          StatusIs(grpc::StatusCode::INVALID_ARGUMENT, field))
          << date.ShortDebugString();
    }
  }
  EXPECT_EQ(Count(*server_, "requests"), 0);
}

TEST_F(FaultsInput, UnknownEnumValuesInARequestAreInvalidArgument) {
  auto requests = v1::RequestService::NewStub(server_->channel());
  struct Case {
    const char* field;
    void (*spoil)(v1::PlacementRequest&);
  };
  const Case cases[] = {
      {"request.kind",
       [](v1::PlacementRequest& r) { r.set_kind(static_cast<v1::PlacementKind>(9)); }},
      {"request.legal_basis",
       [](v1::PlacementRequest& r) { r.set_legal_basis(static_cast<v1::LegalBasis>(50)); }},
      {"request.children[0].gender",
       [](v1::PlacementRequest& r) {
         r.mutable_children(0)->set_gender(static_cast<v1::Gender>(8));
       }},
  };
  for (const Case& c : cases) {
    v1::CreateRequestRequest create;
    *create.mutable_request() = ValidRequest();
    c.spoil(*create.mutable_request());
    v1::PlacementRequest out;
    EXPECT_THAT(
        requests->CreateRequest(server_->Context(Who::kCaseWorkerHarnosand).get(), create, &out),
        StatusIs(grpc::StatusCode::INVALID_ARGUMENT, c.field));
  }
  EXPECT_EQ(Count(*server_, "requests"), 0);
}

}  // namespace
}  // namespace gfo::testing
