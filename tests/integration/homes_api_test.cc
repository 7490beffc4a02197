// HomeService over a real channel and a real SQLite file: the standard methods, filters,
// pagination, etags, persistence, roles, and what a caller may see of identity and location.

#include <set>

#include "gfo/v1/account.grpc.pb.h"
#include "tests/integration/homes_test_helpers.h"
#include "tests/support/db_queries.h"

namespace gfo::testing {
namespace {

using gfo::v1::Home;
using ::testing::HasSubstr;

TEST_F(HomesTest, CreateAssignsNameCodeStatusAndOutputFields) {
  Home home = MustCreate();
  EXPECT_EQ(home.name(), "homes/1");
  EXPECT_EQ(home.code(), "FH-0001");
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_INQUIRY);
  EXPECT_EQ(home.etag(), "1");
  EXPECT_EQ(home.capacity(), 2);
  EXPECT_EQ(home.free_capacity(), 2);
  EXPECT_EQ(home.active_children(), 0);
  EXPECT_EQ(home.held_children(), 0);
  EXPECT_TRUE(home.has_create_time());
  EXPECT_EQ(home.create_time().seconds(), absl::ToUnixSeconds(server_->clock().Now()));
  Home second = MustCreate(ValidHome(2282, 3), gfo::v1::HOME_STATUS_ASSESSMENT);
  EXPECT_EQ(second.name(), "homes/2");
  EXPECT_EQ(second.code(), "FH-0002");
  EXPECT_EQ(second.status(), gfo::v1::HOME_STATUS_ASSESSMENT);
}

TEST_F(HomesTest, CreateIgnoresOutputOnlyFieldsAndNormalises) {
  Home input = ValidHome();
  input.set_name("homes/99");
  input.set_code("FH-9999");
  input.set_status(gfo::v1::HOME_STATUS_APPROVED);
  input.set_free_capacity(9);
  input.set_etag("77");
  input.clear_languages();
  input.add_languages("SV");
  input.add_languages("ar");
  input.add_languages("sv");
  input.add_kinds(gfo::v1::PLACEMENT_KIND_EMERGENCY);
  input.add_kinds(gfo::v1::PLACEMENT_KIND_LONG_TERM);
  Home home = MustCreate(input);
  EXPECT_EQ(home.name(), "homes/1");
  EXPECT_EQ(home.code(), "FH-0001");
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_INQUIRY);
  EXPECT_EQ(home.free_capacity(), 2);
  EXPECT_EQ(home.etag(), "1");
  EXPECT_THAT(home.languages(), ::testing::ElementsAre("ar", "sv"));
  EXPECT_THAT(home.kinds(), ::testing::ElementsAre(gfo::v1::PLACEMENT_KIND_LONG_TERM,
                                                   gfo::v1::PLACEMENT_KIND_EMERGENCY));
}

TEST_F(HomesTest, CreateRefusesInitialStatusBeyondAssessment) {
  Home out;
  EXPECT_THAT(Create(ValidHome(), &out, Who::kStaff, gfo::v1::HOME_STATUS_APPROVED),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "initial_status"));
  EXPECT_TRUE(ListAll({}).empty());
}

TEST_F(HomesTest, GetReturnsTheStoredHomeAndNotFoundForUnknown) {
  Home created = MustCreate();
  Home got = MustGet(created.name());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
  Home out;
  EXPECT_THAT(Get("homes/42", &out), StatusIs(grpc::StatusCode::NOT_FOUND, "homes/42: not found"));
  EXPECT_THAT(Get("houses/1", &out), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "name"));
}

TEST_F(HomesTest, PersonalIdentityNumbersAreMaskedInGetListAndCreate) {
  Home created = MustCreate();
  ASSERT_EQ(created.adults_size(), 1);
  EXPECT_EQ(created.adults(0).personal_identity_number(), "19800412-****");
  EXPECT_EQ(MustGet(created.name()).adults(0).personal_identity_number(), "19800412-****");
  EXPECT_EQ(MustGet(created.name(), Who::kAdmin).adults(0).personal_identity_number(),
            "19800412-****");
  std::vector<Home> listed = ListAll({});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].adults(0).personal_identity_number(), "19800412-****");
  // The full number stays stored: it is in the database's proto blob, canonical form.
  EXPECT_EQ(
      CountRows("SELECT COUNT(*) FROM homes WHERE instr(proto, CAST('1980041223' AS BLOB)) > 0"),
      1);
}

// Staff cannot lift the protection to read the address; an administrator can, and either change
// is on the home's history.
TEST_F(HomesTest, OnlyAnAdministratorLiftsAHomesProtection) {
  Home created = MustCreate();
  Home patch;
  patch.set_name(created.name());
  patch.set_etag(created.etag());
  patch.set_protected_identity(true);
  Home out;
  GFO_ASSERT_OK(Update(patch, {"protected_identity"}, &out));
  EXPECT_TRUE(out.address().empty());

  patch.set_etag(out.etag());
  patch.set_protected_identity(false);
  EXPECT_THAT(Update(patch, {"protected_identity"}, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       "only an administrator may lift a home's protected personal data"));
  EXPECT_TRUE(MustGet(created.name()).protected_identity());
  EXPECT_TRUE(MustGet(created.name()).address().empty());

  GFO_ASSERT_OK(Update(patch, {"protected_identity"}, &out, Who::kAdmin));
  EXPECT_FALSE(MustGet(created.name()).address().empty());
  std::vector<std::string> reasons;
  for (const auto& t : History(created.name())) reasons.push_back(t.reason());
  EXPECT_THAT(reasons, ::testing::Contains("protected personal data recorded"));
  EXPECT_THAT(reasons, ::testing::Contains("protected personal data lifted"));
}

// DOMAIN.md: a protected address is hidden "from everyone but staff who must see it". An admin
// names those staff; they see the address, other staff do not, and only an admin may name them.
TEST_F(HomesTest, StaffNamedByAnAdminSeeAProtectedAddress) {
  gfo::v1::CreateAccountRequest create;
  create.mutable_account()->set_display_name("Other Staff");
  create.mutable_account()->set_role(gfo::v1::ROLE_GFO_STAFF);
  gfo::v1::CreateAccountResponse other;
  auto accounts = gfo::v1::AccountService::NewStub(server_->channel());
  GFO_ASSERT_OK(accounts->CreateAccount(server_->Context(Who::kAdmin).get(), create, &other));

  Home input = ValidHome();
  input.set_protected_identity(true);
  input.add_address_readers(server_->account(Who::kStaff));
  Home out;
  EXPECT_THAT(Create(input, &out, Who::kStaff),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "home.address_readers"));
  Home created;
  GFO_ASSERT_OK(Create(input, &created, Who::kAdmin));
  EXPECT_FALSE(MustGet(created.name(), Who::kStaff).address().empty());
  EXPECT_TRUE(MustGet(created.name(), Who::kStaff).has_location());

  auto other_ctx = [&] {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + other.token());
    return ctx;
  };
  gfo::v1::GetHomeRequest get;
  get.set_name(created.name());
  Home seen;
  GFO_ASSERT_OK(stub().GetHome(other_ctx().get(), get, &seen));
  EXPECT_TRUE(seen.address().empty());
  EXPECT_FALSE(seen.has_location());

  // Staff may not add themselves; a reader must be an enabled gfo_staff account.
  Home patch;
  patch.set_name(created.name());
  patch.set_etag(seen.etag());
  patch.add_address_readers(server_->account(Who::kStaff));
  patch.add_address_readers(other.account().name());
  gfo::v1::UpdateHomeRequest self;
  *self.mutable_home() = patch;
  self.mutable_update_mask()->add_paths("address_readers");
  EXPECT_THAT(stub().UpdateHome(other_ctx().get(), self, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "home.address_readers"));
  GFO_ASSERT_OK(stub().GetHome(other_ctx().get(), get, &seen));
  EXPECT_TRUE(seen.address().empty());
  patch.clear_address_readers();
  patch.add_address_readers(server_->account(Who::kAuditor));
  EXPECT_THAT(Update(patch, {"address_readers"}, &out, Who::kAdmin),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       "home.address_readers[0]: " + server_->account(Who::kAuditor) +
                           " is not an enabled gfo_staff account"));
  EXPECT_FALSE(MustGet(created.name(), Who::kStaff).address().empty());
}

TEST_F(HomesTest, ProtectedHomeHidesLocationFromStaffButNotFromAdmin) {
  Home input = ValidHome();
  input.set_protected_identity(true);
  Home created = MustCreate(input);
  EXPECT_FALSE(created.has_location());
  EXPECT_TRUE(created.address().empty());
  Home staff_view = MustGet(created.name(), Who::kStaff);
  EXPECT_FALSE(staff_view.has_location());
  EXPECT_TRUE(staff_view.address().empty());
  EXPECT_FALSE(ListAll({})[0].has_location());
  Home admin_view = MustGet(created.name(), Who::kAdmin);
  ASSERT_TRUE(admin_view.has_location());
  EXPECT_DOUBLE_EQ(admin_view.location().latitude(), 62.63);
  EXPECT_FALSE(admin_view.address().empty());
  // An unprotected home shows its location to staff.
  EXPECT_TRUE(MustGet(MustCreate().name()).has_location());
}

TEST_F(HomesTest, CaseWorkersAndAuditorsArePermissionDenied) {
  Home created = MustCreate();
  for (Who who : {Who::kAuditor, Who::kCaseWorkerHarnosand, Who::kCaseWorkerKramfors,
                  Who::kCaseWorkerSundsvall}) {
    SCOPED_TRACE(WhoName(who));
    Home out;
    EXPECT_THAT(Get(created.name(), &out, who),
                StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                         who == Who::kAuditor ? "GetHome" : "a case worker sees a home only"));
    gfo::v1::ListHomesResponse list;
    EXPECT_THAT(List({}, &list, who), StatusIs(grpc::StatusCode::PERMISSION_DENIED, "ListHomes"));
    EXPECT_THAT(Create(ValidHome(), &out, who),
                StatusIs(grpc::StatusCode::PERMISSION_DENIED, "CreateHome"));
    Home patch;
    patch.set_name(created.name());
    patch.set_etag(created.etag());
    patch.set_capacity(3);
    EXPECT_THAT(Update(patch, {"capacity"}, &out, who),
                StatusIs(grpc::StatusCode::PERMISSION_DENIED, "UpdateHome"));
    EXPECT_THAT(Move(HomeMove::kClose, created.name(), "x", &out, "", who),
                StatusIs(grpc::StatusCode::PERMISSION_DENIED, "CloseHome"));
  }
  Home out;
  EXPECT_THAT(Get(created.name(), &out, Who::kNobody),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, ""));
  EXPECT_EQ(ListAll({}).size(), 1u);
  EXPECT_EQ(MustGet(created.name()).etag(), "1");
}

TEST_F(HomesTest, AdminMayDoEverythingStaffMay) {
  Home out;
  ASSERT_TRUE(Create(ValidHome(), &out, Who::kAdmin).ok());
  EXPECT_TRUE(Move(HomeMove::kStartAssessment, out.name(), "", &out, "", Who::kAdmin).ok());
}

TEST_F(HomesTest, UpdateChangesMaskedFieldsOnlyAndBumpsEtag) {
  Home created = MustCreate();
  Home patch;
  patch.set_name(created.name());
  patch.set_etag(created.etag());
  patch.set_capacity(4);
  patch.set_max_age(12);
  patch.set_has_pets(true);  // not in the mask: ignored
  Home updated;
  ASSERT_TRUE(Update(patch, {"capacity", "max_age"}, &updated).ok());
  EXPECT_EQ(updated.capacity(), 4);
  EXPECT_EQ(updated.max_age(), 12);
  EXPECT_FALSE(updated.has_pets());
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(updated.free_capacity(), 4);
  EXPECT_EQ(updated.adults(0).given_name(), "Anna");
  EXPECT_EQ(MustGet(created.name()).SerializeAsString(), updated.SerializeAsString());
}

TEST_F(HomesTest, UpdateWithTheHomeAsReadKeepsMaskedIdentityNumbers) {
  Home created = MustCreate();
  Home patch = MustGet(created.name());
  patch.mutable_adults(0)->set_phone("+46709999999");
  Home updated;
  ASSERT_TRUE(Update(patch, {"adults"}, &updated).ok());
  EXPECT_EQ(updated.adults(0).phone(), "+46709999999");
  EXPECT_EQ(updated.adults(0).personal_identity_number(), "19800412-****");
  EXPECT_EQ(
      CountRows("SELECT COUNT(*) FROM homes WHERE instr(proto, CAST('1980041223' AS BLOB)) > 0"),
      1);
}

TEST_F(HomesTest, StaleEtagIsAbortedAndChangesNothing) {
  Home created = MustCreate();
  Home patch;
  patch.set_name(created.name());
  patch.set_etag(created.etag());
  patch.set_capacity(3);
  Home first;
  ASSERT_TRUE(Update(patch, {"capacity"}, &first).ok());
  patch.set_capacity(5);  // still etag "1"
  Home out;
  EXPECT_THAT(Update(patch, {"capacity"}, &out),
              StatusIs(grpc::StatusCode::ABORTED, "homes/1: etag does not match"));
  EXPECT_THAT(Move(HomeMove::kStartAssessment, created.name(), "", &out, created.etag()),
              StatusIs(grpc::StatusCode::ABORTED, "etag"));
  Home now = MustGet(created.name());
  EXPECT_EQ(now.capacity(), 3);
  EXPECT_EQ(now.etag(), "2");
  EXPECT_EQ(now.status(), gfo::v1::HOME_STATUS_INQUIRY);
  // The current etag works.
  EXPECT_TRUE(Move(HomeMove::kStartAssessment, created.name(), "", &out, now.etag()).ok());
}

TEST_F(HomesTest, CapacityCannotGoBelowPlacedAndHeldChildren) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED, ValidHome(2280, 4));
  InsertActivePlacement(HomeId(home), 2);
  InsertHold(HomeId(home), 1, absl::Hours(72));
  home = MustGet(home.name());
  EXPECT_EQ(home.active_children(), 2);
  EXPECT_EQ(home.held_children(), 1);
  EXPECT_EQ(home.free_capacity(), 1);
  Home patch;
  patch.set_name(home.name());
  patch.set_etag(home.etag());
  patch.set_capacity(2);
  Home out;
  EXPECT_THAT(Update(patch, {"capacity"}, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION, "capacity cannot go below the 3"));
  EXPECT_EQ(MustGet(home.name()).capacity(), 4);
  patch.set_capacity(3);
  ASSERT_TRUE(Update(patch, {"capacity"}, &out).ok()) << out.DebugString();
  EXPECT_EQ(out.free_capacity(), 0);
}

TEST_F(HomesTest, ExpiredHoldsFreeCapacityWithoutAnyoneActing) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED, ValidHome(2280, 3));
  InsertHold(HomeId(home), 2, absl::Hours(72));
  EXPECT_EQ(MustGet(home.name()).free_capacity(), 1);
  server_->clock().Advance(absl::Hours(72));
  EXPECT_EQ(MustGet(home.name()).held_children(), 0);
  EXPECT_EQ(MustGet(home.name()).free_capacity(), 3);
}

TEST_F(HomesTest, ConfirmAvailabilityRecordsWhoWhenAndOptionalDate) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED);
  server_->clock().Advance(absl::Hours(5));
  gfo::v1::ConfirmAvailabilityRequest req;
  req.set_name(home.name());
  Home out;
  {
    auto ctx = server_->Context(Who::kStaff);
    ASSERT_TRUE(stub().ConfirmAvailability(ctx.get(), req, &out).ok());
  }
  EXPECT_EQ(out.availability_confirmed_by(), server_->account(Who::kStaff));
  EXPECT_EQ(out.availability_confirmed_time().seconds(),
            absl::ToUnixSeconds(server_->clock().Now()));
  EXPECT_EQ(out.available_from().month(), 11);  // unchanged
  EXPECT_NE(out.etag(), home.etag());
  req.mutable_available_from()->set_year(2027);
  req.mutable_available_from()->set_month(1);
  req.mutable_available_from()->set_day(15);
  {
    auto ctx = server_->Context(Who::kAdmin);
    ASSERT_TRUE(stub().ConfirmAvailability(ctx.get(), req, &out).ok());
  }
  EXPECT_EQ(out.available_from().year(), 2027);
  EXPECT_EQ(out.availability_confirmed_by(), server_->account(Who::kAdmin));
  EXPECT_EQ(MustGet(home.name()).availability_confirmed_by(), server_->account(Who::kAdmin));
  req.mutable_available_from()->set_month(13);
  auto ctx = server_->Context(Who::kStaff);
  EXPECT_THAT(stub().ConfirmAvailability(ctx.get(), req, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "available_from"));
  EXPECT_EQ(MustGet(home.name()).available_from().year(), 2027);
}

// The writes answer with the home as they saved it instead of reading it back
// (home_store::Save): the answer must be exactly what a read returns right after, counts,
// etag and update time included.
TEST_F(HomesTest, EveryWriteAnswersWithTheHomeExactlyAsAReadReturnsIt) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED, ValidHome(2280, 3));
  InsertActivePlacement(HomeId(home), 1);
  InsertHold(HomeId(home), 1, absl::Hours(2));
  const auto expect_as_read = [&](const Home& out, const char* what) {
    const Home read = MustGet(out.name());
    EXPECT_EQ(out.SerializeAsString(), read.SerializeAsString())
        << what << "\nanswered: " << out.ShortDebugString()
        << "\nread:     " << read.ShortDebugString();
  };
  Home out;
  server_->clock().Advance(absl::Minutes(3));
  Home patch;
  patch.set_name(home.name());
  patch.set_etag(MustGet(home.name()).etag());
  patch.set_capacity(4);
  ASSERT_TRUE(Update(patch, {"capacity"}, &out).ok());
  EXPECT_EQ(out.free_capacity(), 2);  // 4 - 1 placed - 1 held
  expect_as_read(out, "UpdateHome");

  server_->clock().Advance(absl::Minutes(3));
  gfo::v1::ConfirmAvailabilityRequest confirm;
  confirm.set_name(home.name());
  {
    auto ctx = server_->Context(Who::kStaff);
    ASSERT_TRUE(stub().ConfirmAvailability(ctx.get(), confirm, &out).ok());
  }
  expect_as_read(out, "ConfirmAvailability");

  server_->clock().Advance(absl::Minutes(3));
  ASSERT_TRUE(Move(HomeMove::kPause, home.name(), "family holiday", &out).ok());
  expect_as_read(out, "PauseHome");
  server_->clock().Advance(absl::Minutes(3));
  ASSERT_TRUE(Move(HomeMove::kResume, home.name(), "", &out).ok());
  expect_as_read(out, "ResumeHome");
  EXPECT_EQ(out.etag(), "7");  // created 1, assessment 2, approved 3, then 4 writes
}

TEST_F(HomesTest, ListFiltersByStatusKindMunicipalityAgeAndFreeCapacity) {
  Home a = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED, ValidHome(2280, 2));
  Home b_input = ValidHome(2282, 3);
  b_input.clear_kinds();
  b_input.add_kinds(gfo::v1::PLACEMENT_KIND_EMERGENCY);
  b_input.set_min_age(10);
  Home b = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED, b_input);
  Home c = MustCreate(ValidHome(2280, 1));  // inquiry
  InsertActivePlacement(HomeId(a), 2);      // a: free 0

  auto names = [](const std::vector<Home>& homes) {
    std::vector<std::string> out;
    for (const auto& h : homes) out.push_back(h.name());
    return out;
  };
  using ::testing::ElementsAre;
  gfo::v1::ListHomesRequest req;
  EXPECT_THAT(names(ListAll(req)), ElementsAre(a.name(), b.name(), c.name()));
  req.set_status(gfo::v1::HOME_STATUS_APPROVED);
  EXPECT_THAT(names(ListAll(req)), ElementsAre(a.name(), b.name()));
  req.Clear();
  req.set_kind(gfo::v1::PLACEMENT_KIND_EMERGENCY);
  EXPECT_THAT(names(ListAll(req)), ElementsAre(b.name()));
  req.Clear();
  req.set_municipality_code(2280);
  EXPECT_THAT(names(ListAll(req)), ElementsAre(a.name(), c.name()));
  req.Clear();
  req.set_accepts_age(5);
  EXPECT_THAT(names(ListAll(req)), ElementsAre(a.name(), c.name()));
  req.set_accepts_age(17);
  EXPECT_THAT(names(ListAll(req)), ElementsAre(a.name(), b.name(), c.name()));
  req.Clear();
  req.set_min_free_capacity(1);
  EXPECT_THAT(names(ListAll(req)), ElementsAre(b.name(), c.name()));
  req.set_min_free_capacity(2);
  EXPECT_THAT(names(ListAll(req)), ElementsAre(b.name()));
  req.set_min_free_capacity(0);
  EXPECT_THAT(names(ListAll(req)), ElementsAre(a.name(), b.name(), c.name()));
  req.Clear();
  req.set_status(gfo::v1::HOME_STATUS_APPROVED);
  req.set_municipality_code(2280);
  req.set_min_free_capacity(1);
  EXPECT_TRUE(ListAll(req).empty());
  req.Clear();
  req.set_municipality_code(2281);  // registered, no homes
  EXPECT_TRUE(ListAll(req).empty());
}

TEST_F(HomesTest, PaginationCoversEveryHomeOnceAcrossPages) {
  constexpr int kHomes = 11;
  std::vector<std::string> created;
  for (int i = 0; i < kHomes; ++i) created.push_back(MustCreate().name());
  gfo::v1::ListHomesRequest req;
  req.set_page_size(3);
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    gfo::v1::ListHomesResponse page;
    ASSERT_TRUE(List(req, &page).ok());
    ++pages;
    EXPECT_LE(page.homes_size(), 3);
    for (const auto& h : page.homes()) seen.push_back(h.name());
    if (page.next_page_token().empty()) break;
    EXPECT_EQ(page.homes_size(), 3);
    req.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen, created);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
}

TEST_F(HomesTest, ExactlyFullLastPageHasNoNextToken) {
  for (int i = 0; i < 6; ++i) MustCreate();
  gfo::v1::ListHomesRequest req;
  req.set_page_size(3);
  gfo::v1::ListHomesResponse page;
  ASSERT_TRUE(List(req, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  req.set_page_token(page.next_page_token());
  page.Clear();
  ASSERT_TRUE(List(req, &page).ok());
  EXPECT_EQ(page.homes_size(), 3);
  EXPECT_TRUE(page.next_page_token().empty());
}

TEST_F(HomesTest, PageTokenIsBoundToTheFilters) {
  for (int i = 0; i < 4; ++i) MustCreate();
  gfo::v1::ListHomesRequest req;
  req.set_page_size(2);
  gfo::v1::ListHomesResponse page;
  ASSERT_TRUE(List(req, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  gfo::v1::ListHomesRequest other = req;
  other.set_page_token(page.next_page_token());
  other.set_status(gfo::v1::HOME_STATUS_INQUIRY);
  gfo::v1::ListHomesResponse out;
  EXPECT_THAT(List(other, &out), StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                                          "page_token: does not match the request's filters"));
  other = req;
  other.set_page_token(page.next_page_token() + "x");
  EXPECT_THAT(List(other, &out), StatusIs(grpc::StatusCode::INVALID_ARGUMENT, "page_token"));
  // A different page size is the same query: the token still works.
  other = req;
  other.set_page_size(10);
  other.set_page_token(page.next_page_token());
  ASSERT_TRUE(List(other, &out).ok());
  EXPECT_EQ(out.homes_size(), 2);
  EXPECT_EQ(out.homes(0).name(), "homes/3");
}

TEST_F(HomesTest, PageSizeDefaultsToFiftyAndClampsToOneThousand) {
  for (int i = 0; i < 51; ++i) MustCreate();
  gfo::v1::ListHomesRequest req;
  gfo::v1::ListHomesResponse page;
  ASSERT_TRUE(List(req, &page).ok());
  EXPECT_EQ(page.homes_size(), 50);
  EXPECT_FALSE(page.next_page_token().empty());
  req.set_page_size(5000);
  page.Clear();
  ASSERT_TRUE(List(req, &page).ok());
  EXPECT_EQ(page.homes_size(), 51);
  EXPECT_TRUE(page.next_page_token().empty());
}

TEST_F(HomesTest, DataSurviveARestart) {
  Home home = MustCreateIn(gfo::v1::HOME_STATUS_APPROVED);
  Home patch;
  patch.set_name(home.name());
  patch.set_etag(home.etag());
  patch.set_capacity(5);
  ASSERT_TRUE(Update(patch, {"capacity"}, &home).ok());
  server_->Restart();
  stub_ = gfo::v1::HomeService::NewStub(server_->channel());
  Home after = MustGet(home.name());
  EXPECT_EQ(after.SerializeAsString(), home.SerializeAsString());
  EXPECT_EQ(History(home.name()).size(), 3u);
  EXPECT_EQ(MustCreate().code(), "FH-0002");
}

TEST_F(HomesTest, WritesAreAuditedWithTheHomeResource) {
  Home home = MustCreate();
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit_events e WHERE " + EventNames("'homes/1'") +
                      " AND e.method = 'gfo.v1.HomeService/CreateHome' AND e.status_code = 0"),
            1);
  Home out;
  EXPECT_FALSE(Move(HomeMove::kApprove, home.name(), "", &out).ok());
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit_events e WHERE " + EventNames("'homes/1'") +
                      " AND e.method = 'gfo.v1.HomeService/ApproveHome' AND e.status_code = 9"),
            1);
}

// A list shows the homes' people and addresses: its event names every home it showed, so that
// an auditor asking who read homes/2 finds the list too.
TEST_F(HomesTest, AListIsAuditedWithEveryHomeItShowed) {
  MustCreate();
  MustCreate();
  gfo::v1::ListHomesResponse page;
  GFO_ASSERT_OK(List({}, &page));
  ASSERT_EQ(page.homes_size(), 2);
  for (const char* home : {"'homes/1'", "'homes/2'"}) {
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit_events e WHERE " + EventNames(home) +
                        " AND e.method = 'gfo.v1.HomeService/ListHomes' AND e.status_code = 0"),
              1)
        << home;
  }
}

}  // namespace
}  // namespace gfo::testing
