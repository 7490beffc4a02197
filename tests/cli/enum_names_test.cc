#include "cli/enum_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gfo/v1/audit.pb.h"
#include "gfo/v1/common.pb.h"

namespace gfo::cli {
namespace {

using google::protobuf::GetEnumDescriptor;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CliEnumNames, ShortNamesStripTheEnumPrefix) {
  EXPECT_EQ(ShortName(gfo::v1::PLACEMENT_KIND_LONG_TERM), "long_term");
  EXPECT_EQ(ShortName(gfo::v1::PLACEMENT_KIND_EMERGENCY), "emergency");
  EXPECT_EQ(ShortName(gfo::v1::GENDER_FEMALE), "female");
  EXPECT_EQ(ShortName(gfo::v1::NEED_TRAUMA), "trauma");
  EXPECT_EQ(ShortName(gfo::v1::ROLE_CASE_WORKER), "case_worker");
  EXPECT_EQ(ShortName(gfo::v1::HOME_STATUS_APPROVED), "approved");
  EXPECT_EQ(ShortName(gfo::v1::AUDIT_OUTCOME_DENIED), "denied");
  EXPECT_EQ(ShortName(gfo::v1::LEGAL_BASIS_LVU_6), "lvu_6");
}

TEST(CliEnumNames, UnspecifiedIsEmptyAndUnknownIsTheNumber) {
  EXPECT_EQ(ShortName(gfo::v1::PLACEMENT_KIND_UNSPECIFIED), "");
  EXPECT_EQ(EnumShortName(GetEnumDescriptor<gfo::v1::PlacementKind>(), 99), "99");
}

TEST(CliEnumNames, ParsesShortFullUpperAndDashedNames) {
  const auto* kind = GetEnumDescriptor<gfo::v1::PlacementKind>();
  EXPECT_EQ(*ParseEnumName(kind, "long_term"), gfo::v1::PLACEMENT_KIND_LONG_TERM);
  EXPECT_EQ(*ParseEnumName(kind, "LONG_TERM"), gfo::v1::PLACEMENT_KIND_LONG_TERM);
  EXPECT_EQ(*ParseEnumName(kind, "long-term"), gfo::v1::PLACEMENT_KIND_LONG_TERM);
  EXPECT_EQ(*ParseEnumName(kind, "PLACEMENT_KIND_RESPITE"), gfo::v1::PLACEMENT_KIND_RESPITE);
  EXPECT_EQ(*ParseEnumName(GetEnumDescriptor<gfo::v1::Role>(), "gfo_staff"),
            gfo::v1::ROLE_GFO_STAFF);
  EXPECT_EQ(*ParseEnumName(GetEnumDescriptor<gfo::v1::Need>(), "emotions_behaviour"),
            gfo::v1::NEED_EMOTIONS_BEHAVIOUR);
}

TEST(CliEnumNames, RejectsUnspecifiedAndUnknownNamesListingTheChoices) {
  const auto* gender = GetEnumDescriptor<gfo::v1::Gender>();
  EXPECT_FALSE(ParseEnumName(gender, "unspecified").ok());
  EXPECT_FALSE(ParseEnumName(gender, "GENDER_UNSPECIFIED").ok());
  EXPECT_FALSE(ParseEnumName(gender, "").ok());
  const absl::StatusOr<int> bad = ParseEnumName(gender, "femal");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("female, male, other"));
}

TEST(CliEnumNames, ListsEveryNameButUnspecifiedInOrder) {
  EXPECT_THAT(EnumShortNames(GetEnumDescriptor<gfo::v1::Role>()),
              ElementsAre("admin", "gfo_staff", "case_worker", "auditor"));
}

TEST(CliEnumNames, EveryValueOfEveryFlagEnumRoundTrips) {
  for (const google::protobuf::EnumDescriptor* descriptor :
       {GetEnumDescriptor<gfo::v1::PlacementKind>(), GetEnumDescriptor<gfo::v1::Gender>(),
        GetEnumDescriptor<gfo::v1::Need>(), GetEnumDescriptor<gfo::v1::HomeStatus>(),
        GetEnumDescriptor<gfo::v1::Role>(), GetEnumDescriptor<gfo::v1::AuditOutcome>()}) {
    for (int i = 1; i < descriptor->value_count(); ++i) {
      const int number = descriptor->value(i)->number();
      const std::string name = EnumShortName(descriptor, number);
      ASSERT_TRUE(ParseEnumName(descriptor, name).ok()) << name;
      EXPECT_EQ(*ParseEnumName(descriptor, name), number) << name;
    }
  }
}

}  // namespace
}  // namespace gfo::cli
