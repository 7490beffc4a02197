// The home bank's read helpers that other services share (LoadHome, LoadHomeCapacity, ToProfile,
// RedactHomeForCaller), on an in-memory database with the real schema.

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gfo/v1/placement.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "service/app.h"
#include "service/home_store.h"
#include "service/homes.h"
#include "service/storage/schema.h"
#include "service/storage/sqlite.h"
#include "service/validation/home_validation.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"

namespace gfo {
namespace {

using gfo::testing::StatusIs;
using gfo::v1::Home;

const absl::Time kNow = absl::FromUnixSeconds(1795424400);  // 2026-11-23T09:00:00Z

class HomesRead : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::Db::Open(":memory:", {});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::ApplyMigrations(*db_, storage::SchemaMigrations()).ok());
  }

  void Exec(const std::string& sql) {
    absl::Status s = db_->Exec(sql);
    ASSERT_TRUE(s.ok()) << s << " in " << sql;
  }

  // Stores `home` as row `id` the way Homes::Create does (canonical numbers, version 3).
  void InsertHome(int64_t id, const Home& home, gfo::v1::HomeStatus status) {
    auto stmt = db_->Prepare(
        "INSERT INTO homes(id, code, status, municipality_code, capacity, min_age, max_age, "
        "kinds, version, proto, create_time, update_time, last_placement_end_day) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 3, ?, ?, ?, 20400)");
    ASSERT_TRUE(stmt.ok());
    Home stored = home;
    stored.mutable_adults(0)->set_personal_identity_number("198004122308");
    (*stmt)
        ->Bind(1, id)
        .Bind(2, "FH-0007")
        .Bind(3, static_cast<int>(status))
        .Bind(4, home.municipality_code())
        .Bind(5, home.capacity())
        .Bind(6, home.min_age())
        .Bind(7, home.max_age())
        .Bind(8, HomeKindsMask(home))
        .BindBlob(9, stored.SerializeAsString())
        .Bind(10, ToMicros(kNow - absl::Hours(1)))
        .Bind(11, ToMicros(kNow));
    ASSERT_TRUE((*stmt)->Run().ok());
  }

  // A request, and a proposal in `state` for `children` seats expiring at `expire`; with
  // `placement_state` also a placement.
  void InsertUse(int64_t home_id, int children, gfo::v1::ProposalState state, absl::Time expire,
                 gfo::v1::PlacementState placement_state = gfo::v1::PLACEMENT_STATE_UNSPECIFIED) {
    Exec(absl::StrCat("INSERT INTO requests(municipality_code, state, kind, children, proto, ",
                      "create_time, update_time) VALUES (2280, 1, 1, ", children, ", x'', 0, 0)"));
    const int64_t request_id = db_->LastInsertRowId();
    Exec(absl::StrCat("INSERT INTO proposals(request_id, home_id, municipality_code, children, ",
                      "state, create_time, expire_time) VALUES (", request_id, ", ", home_id,
                      ", 2280, ", children, ", ", static_cast<int>(state), ", 0, ",
                      ToMicros(expire), ")"));
    if (placement_state == gfo::v1::PLACEMENT_STATE_UNSPECIFIED) return;
    const int64_t proposal_id = db_->LastInsertRowId();
    Exec(absl::StrCat("INSERT INTO placements(request_id, home_id, proposal_id, ",
                      "municipality_code, children, kind, state, start_day, create_time, ",
                      "update_time) VALUES (", request_id, ", ", home_id, ", ", proposal_id,
                      ", 2280, ", children, ", 1, ", static_cast<int>(placement_state),
                      ", 20000, 0, 0)"));
  }

  std::unique_ptr<storage::Db> db_;
};

TEST_F(HomesRead, UnknownHomeIsNotFound) {
  EXPECT_THAT(LoadHome(*db_, 9, kNow).status(),
              StatusIs(absl::StatusCode::kNotFound, "homes/9: not found"));
  EXPECT_THAT(LoadHomeCapacity(*db_, 9, kNow).status(),
              StatusIs(absl::StatusCode::kNotFound, "homes/9: not found"));
}

TEST_F(HomesRead, CapacityCountsActivePlacementsAndLiveHoldsOnly) {
  InsertHome(7, testing::ValidHome(2282, 8), gfo::v1::HOME_STATUS_APPROVED);
  InsertUse(7, 2, gfo::v1::PROPOSAL_STATE_ACCEPTED, kNow, gfo::v1::PLACEMENT_STATE_ACTIVE);
  InsertUse(7, 3, gfo::v1::PROPOSAL_STATE_ACCEPTED, kNow, gfo::v1::PLACEMENT_STATE_ENDED);
  InsertUse(7, 1, gfo::v1::PROPOSAL_STATE_PENDING, kNow + absl::Seconds(1));  // live
  InsertUse(7, 4, gfo::v1::PROPOSAL_STATE_PENDING, kNow);  // expires now: not live
  InsertUse(7, 4, gfo::v1::PROPOSAL_STATE_DECLINED, kNow + absl::Hours(1));
  InsertUse(7, 4, gfo::v1::PROPOSAL_STATE_WITHDRAWN, kNow + absl::Hours(1));

  absl::StatusOr<HomeCapacity> c = LoadHomeCapacity(*db_, 7, kNow);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->home_id, 7);
  EXPECT_EQ(c->status, gfo::v1::HOME_STATUS_APPROVED);
  EXPECT_EQ(c->municipality_code, 2282);
  EXPECT_EQ(c->capacity, 8);
  EXPECT_EQ(c->active_children, 2);
  EXPECT_EQ(c->held_children, 1);
  EXPECT_EQ(c->free_capacity(), 5);

  // One second later the last hold has expired too.
  c = LoadHomeCapacity(*db_, 7, kNow + absl::Seconds(1));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->held_children, 0);
  EXPECT_EQ(c->free_capacity(), 6);
}

TEST_F(HomesRead, LoadHomeFillsOutputFieldsAndKeepsTheStoredForm) {
  Home input = testing::ValidHome(2280, 3);
  input.set_protected_identity(true);
  InsertHome(7, input, gfo::v1::HOME_STATUS_PAUSED);
  InsertUse(7, 1, gfo::v1::PROPOSAL_STATE_PENDING, kNow + absl::Hours(72));

  absl::StatusOr<Home> home = LoadHome(*db_, 7, kNow);
  ASSERT_TRUE(home.ok()) << home.status();
  EXPECT_EQ(home->name(), "homes/7");
  EXPECT_EQ(home->code(), "FH-0007");
  EXPECT_EQ(home->status(), gfo::v1::HOME_STATUS_PAUSED);
  EXPECT_EQ(home->etag(), "3");
  EXPECT_EQ(home->held_children(), 1);
  EXPECT_EQ(home->active_children(), 0);
  EXPECT_EQ(home->free_capacity(), 2);
  EXPECT_EQ(home->update_time().seconds(), absl::ToUnixSeconds(kNow));
  EXPECT_EQ(home->last_placement_end().year(), 2025);  // day 20400 = 2025-11-08
  EXPECT_EQ(home->last_placement_end().month(), 11);
  EXPECT_EQ(home->last_placement_end().day(), 8);
  // Stored form: the full number and the location of a protected home.
  EXPECT_EQ(home->adults(0).personal_identity_number(), "198004122308");
  EXPECT_TRUE(home->has_location());
}

TEST_F(HomesRead, RedactMasksNumbersAndHidesProtectedLocationFromAllButAdmin) {
  Home home = testing::ValidHome();
  home.mutable_adults(0)->set_personal_identity_number("198004122308");
  home.set_protected_identity(true);
  Principal staff{.account_id = 2, .account = "accounts/2", .role = gfo::v1::ROLE_GFO_STAFF};
  Principal admin{.account_id = 1, .account = "accounts/1", .role = gfo::v1::ROLE_ADMIN};

  Home for_staff = home;
  RedactHomeForCaller(for_staff, staff);
  EXPECT_EQ(for_staff.adults(0).personal_identity_number(), "19800412-****");
  EXPECT_FALSE(for_staff.has_location());
  EXPECT_TRUE(for_staff.address().empty());

  Home for_admin = home;
  RedactHomeForCaller(for_admin, admin);
  EXPECT_EQ(for_admin.adults(0).personal_identity_number(), "19800412-****");
  EXPECT_TRUE(for_admin.has_location());
  EXPECT_FALSE(for_admin.address().empty());

  home.set_protected_identity(false);
  RedactHomeForCaller(home, staff);
  EXPECT_TRUE(home.has_location());
}

TEST_F(HomesRead, ProfileCarriesNoIdentity) {
  Home home = testing::ValidHome(2282, 3);
  home.set_name("homes/4");
  home.set_code("FH-0004");
  home.set_free_capacity(2);
  home.set_has_pets(true);
  home.add_own_children_birth_years(2012);
  gfo::v1::HomeProfile p = ToProfile(home);
  EXPECT_EQ(p.home(), "homes/4");
  EXPECT_EQ(p.code(), "FH-0004");
  EXPECT_EQ(p.municipality_code(), 2282);
  EXPECT_EQ(p.capacity(), 3);
  EXPECT_EQ(p.free_capacity(), 2);
  EXPECT_EQ(p.max_age(), 17);
  EXPECT_TRUE(p.has_pets());
  EXPECT_THAT(p.own_children_birth_years(), ::testing::ElementsAre(2012));
  EXPECT_THAT(p.languages(), ::testing::ElementsAre("sv"));
  EXPECT_EQ(p.kinds_size(), 1);
  EXPECT_EQ(p.experience_size(), 1);
  EXPECT_FALSE(p.has_distance_km());
  const std::string bytes = p.SerializeAsString();
  EXPECT_EQ(bytes.find("Berg"), std::string::npos);
  EXPECT_EQ(bytes.find("Storgatan"), std::string::npos);
}

TEST(HomesNames, KindsMaskAndStatusNames) {
  Home home;
  EXPECT_EQ(HomeKindsMask(home), 0);
  home.add_kinds(gfo::v1::PLACEMENT_KIND_LONG_TERM);
  home.add_kinds(gfo::v1::PLACEMENT_KIND_RESPITE);
  EXPECT_EQ(HomeKindsMask(home), (1 << 1) | (1 << 4));
  EXPECT_EQ(HomeStatusName(gfo::v1::HOME_STATUS_INQUIRY), "inquiry");
  EXPECT_EQ(HomeStatusName(gfo::v1::HOME_STATUS_ASSESSMENT), "assessment");
  EXPECT_EQ(HomeStatusName(gfo::v1::HOME_STATUS_APPROVED), "approved");
  EXPECT_EQ(HomeStatusName(gfo::v1::HOME_STATUS_PAUSED), "paused");
  EXPECT_EQ(HomeStatusName(gfo::v1::HOME_STATUS_CLOSED), "closed");
  EXPECT_EQ(HomeStatusName(gfo::v1::HOME_STATUS_UNSPECIFIED), "");
}

// Every field of a message of type `d` (and of the messages in it, two levels down) with a value
// that is not the default, in text format, so that a test sees any field a new version of the
// proto adds.
std::string EveryFieldText(const google::protobuf::Descriptor* d, int depth = 0) {
  using google::protobuf::FieldDescriptor;
  std::string text;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (depth < 2) {
          absl::StrAppend(&text, f->name(), " { ", EveryFieldText(f->message_type(), depth + 1),
                          "} ");
        }
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        absl::StrAppend(&text, f->name(), ": ",
                        f->enum_type()->value(f->enum_type()->value_count() - 1)->name(), " ");
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        absl::StrAppend(&text, f->name(), ": \"x\" ");
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        absl::StrAppend(&text, f->name(), ": true ");
        break;
      default:  // the numbers
        absl::StrAppend(&text, f->name(), ": 7 ");
        break;
    }
  }
  return text;
}

// Save and Insert serialize the home in place instead of a cleared copy: the blob must be the
// copy's, for every field the proto has, and the home must come back unchanged.
TEST(HomeStore, StoredBlobIsTheHomeWithoutItsColumnAndComputedFields) {
  Home home;
  ASSERT_TRUE(
      google::protobuf::TextFormat::ParseFromString(EveryFieldText(Home::descriptor()), &home));
  const std::string before = home.SerializeAsString();

  Home expected = home;
  validation::ClearHomeOutputOnlyFields(expected);
  expected.set_close_reason(home.close_reason());
  *expected.mutable_availability_confirmed_time() = home.availability_confirmed_time();
  expected.set_availability_confirmed_by(home.availability_confirmed_by());

  EXPECT_EQ(home_store::StoredBlob(home), expected.SerializeAsString());
  EXPECT_EQ(home.SerializeAsString(), before);
  Home empty;
  EXPECT_EQ(home_store::StoredBlob(empty), "");
}

}  // namespace
}  // namespace gfo
