// The request builder behind `gfo homes create|update` (flags and --from-file).

#include "cli/home_input.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/test_env.h"

namespace gfo::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHomeJson[] = R"({
  "name": "homes/9",
  "code": "FH-0009",
  "status": "HOME_STATUS_APPROVED",
  "etag": "e9",
  "free_capacity": 2,
  "municipality_code": 2280,
  "location": {"latitude": 62.632, "longitude": 17.938},
  "kinds": ["PLACEMENT_KIND_LONG_TERM", "PLACEMENT_KIND_EMERGENCY"],
  "capacity": 2,
  "maxAge": 12,
  "languages": ["sv", "ar"],
  "available_from": {"year": 2025, "month": 9, "day": 1},
  "adults": [{"given_name": "Anna", "family_name": "Berg", "personal_identity_number": "19800101-0000"}]
})";

TEST(CliHomeInput, ParsesAdultsInBothForms) {
  absl::StatusOr<gfo::v1::Adult> adult = ParseAdult("Anna Berg 198001010000");
  ASSERT_TRUE(adult.ok());
  EXPECT_EQ(adult->given_name(), "Anna");
  EXPECT_EQ(adult->family_name(), "Berg");
  EXPECT_EQ(adult->personal_identity_number(), "198001010000");

  adult = ParseAdult("Anna Maria, von Berg, 19800101-0000, 070-1234567, anna@example.se");
  ASSERT_TRUE(adult.ok());
  EXPECT_EQ(adult->given_name(), "Anna Maria");
  EXPECT_EQ(adult->family_name(), "von Berg");
  EXPECT_EQ(adult->phone(), "070-1234567");
  EXPECT_EQ(adult->email(), "anna@example.se");
}

TEST(CliHomeInput, RejectsAmbiguousAdultsWithoutEchoingTheIdentityNumber) {
  for (const char* text : {"Anna Maria Berg 19800101-0000", "Anna 19800101-0000", "a,b",
                           ",Berg,19800101-0000", "a,b,c,d,e,f"}) {
    const absl::StatusOr<gfo::v1::Adult> adult = ParseAdult(text);
    ASSERT_FALSE(adult.ok()) << text;
    EXPECT_THAT(std::string(adult.status().message()), Not(HasSubstr("19800101")));
  }
}

TEST(CliHomeInput, CreateFromFlagsSetsOnlyGivenFields) {
  HomeFieldFlags flags;
  flags.municipality_code = 2282;
  flags.latitude = 62.9;
  flags.longitude = 17.7;
  flags.kinds = {gfo::v1::PLACEMENT_KIND_RESPITE};
  flags.capacity = 1;
  flags.has_pets = true;
  flags.available_from = "2025-10-01";
  flags.adults = {"Erik Lund 197501010000"};
  flags.max_age = 17;  // not in `given`: must not be sent
  flags.given = {"municipality_code", "location",       "kinds", "capacity",
                 "has_pets",          "available_from", "adults"};
  const absl::StatusOr<gfo::v1::CreateHomeRequest> request =
      BuildCreateHomeRequest(flags, gfo::v1::HOME_STATUS_ASSESSMENT, std::nullopt, "");
  ASSERT_TRUE(request.ok()) << request.status();
  const gfo::v1::Home& home = request->home();
  EXPECT_EQ(home.municipality_code(), 2282);
  EXPECT_DOUBLE_EQ(home.location().latitude(), 62.9);
  EXPECT_THAT(home.kinds(), ElementsAre(gfo::v1::PLACEMENT_KIND_RESPITE));
  EXPECT_TRUE(home.has_pets());
  EXPECT_EQ(home.available_from().month(), 10);
  EXPECT_EQ(home.adults(0).family_name(), "Lund");
  EXPECT_EQ(home.max_age(), 0);
  EXPECT_EQ(request->initial_status(), gfo::v1::HOME_STATUS_ASSESSMENT);
}

TEST(CliHomeInput, CreateFromFileDropsOutputOnlyFieldsAndFlagsOverride) {
  HomeFieldFlags flags;
  flags.capacity = 3;
  flags.given = {"capacity"};
  const absl::StatusOr<gfo::v1::CreateHomeRequest> request =
      BuildCreateHomeRequest(flags, 0, std::string(kHomeJson), "home.json");
  ASSERT_TRUE(request.ok()) << request.status();
  const gfo::v1::Home& home = request->home();
  EXPECT_EQ(home.name(), "");
  EXPECT_EQ(home.code(), "");
  EXPECT_EQ(home.status(), gfo::v1::HOME_STATUS_UNSPECIFIED);
  EXPECT_EQ(home.etag(), "");
  EXPECT_EQ(home.free_capacity(), 0);
  EXPECT_EQ(home.municipality_code(), 2280);
  EXPECT_EQ(home.max_age(), 12);  // lowerCamel spelling accepted
  EXPECT_THAT(home.languages(), ElementsAre("sv", "ar"));
  EXPECT_EQ(home.capacity(), 3);  // the flag wins over the file's 2
  EXPECT_EQ(home.adults(0).given_name(), "Anna");
  EXPECT_EQ(request->initial_status(), gfo::v1::HOME_STATUS_UNSPECIFIED);
}

TEST(CliHomeInput, CreateAcceptsAWholeCreateHomeRequest) {
  const std::string json =
      R"({"home": {"municipality_code": 2283, "capacity": 1}, "initial_status": "HOME_STATUS_ASSESSMENT"})";
  const absl::StatusOr<gfo::v1::CreateHomeRequest> request =
      BuildCreateHomeRequest({}, 0, json, "req.json");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->home().municipality_code(), 2283);
  EXPECT_EQ(request->initial_status(), gfo::v1::HOME_STATUS_ASSESSMENT);
}

TEST(CliHomeInput, BadFilesAreInvalidArgumentNamingTheFile) {
  for (const char* json :
       {"{", "[]", R"({"capasity": 2})", R"({"kinds": ["LONG_TERM"]})", R"({"capacity": "two"})"}) {
    const absl::StatusOr<gfo::v1::CreateHomeRequest> request =
        BuildCreateHomeRequest({}, 0, std::string(json), "home.json");
    ASSERT_FALSE(request.ok()) << json;
    EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument) << json;
    EXPECT_THAT(std::string(request.status().message()), HasSubstr("home.json")) << json;
  }
}

TEST(CliHomeInput, UpdateMaskIsExactlyTheGivenFlags) {
  HomeFieldFlags flags;
  flags.capacity = 4;
  flags.smoking = false;
  flags.kinds = {gfo::v1::PLACEMENT_KIND_LONG_TERM};
  flags.given = {"capacity", "smoking", "kinds"};
  const absl::StatusOr<gfo::v1::UpdateHomeRequest> request =
      BuildUpdateHomeRequest("homes/7", "e1", flags, std::nullopt, "");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->home().name(), "homes/7");
  EXPECT_EQ(request->home().etag(), "e1");
  EXPECT_EQ(request->home().capacity(), 4);
  EXPECT_THAT(request->update_mask().paths(), ElementsAre("capacity", "kinds", "smoking"));
}

TEST(CliHomeInput, UpdateFromFileMasksItsInputFieldsAndTakesItsEtag) {
  const absl::StatusOr<gfo::v1::UpdateHomeRequest> request =
      BuildUpdateHomeRequest("homes/9", "", {}, std::string(kHomeJson), "home.json");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->home().etag(), "e9");
  EXPECT_EQ(request->home().code(), "");
  EXPECT_THAT(request->update_mask().paths(),
              ElementsAre("adults", "available_from", "capacity", "kinds", "languages", "location",
                          "max_age", "municipality_code"));
}

TEST(CliHomeInput, UpdateClearsNamedFields) {
  HomeFieldFlags flags;
  flags.clear = {"languages", "background"};
  const absl::StatusOr<gfo::v1::UpdateHomeRequest> request =
      BuildUpdateHomeRequest("homes/9", "e", flags, std::string(kHomeJson), "home.json");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_TRUE(request->home().languages().empty());
  EXPECT_THAT(request->update_mask().paths(), ::testing::Contains("background"));
  EXPECT_THAT(request->update_mask().paths(), ::testing::Contains("languages"));
}

TEST(CliHomeInput, UpdateRefusesWhatCannotBeRight) {
  HomeFieldFlags nothing;
  EXPECT_FALSE(BuildUpdateHomeRequest("homes/1", "e", nothing, std::nullopt, "").ok());

  HomeFieldFlags capacity;
  capacity.given = {"capacity"};
  const auto no_etag = BuildUpdateHomeRequest("homes/1", "", capacity, std::nullopt, "");
  ASSERT_FALSE(no_etag.ok());
  EXPECT_THAT(std::string(no_etag.status().message()), HasSubstr("--etag"));

  const auto other_home =
      BuildUpdateHomeRequest("homes/1", "e", {}, std::string(kHomeJson), "h.json");
  ASSERT_FALSE(other_home.ok());
  EXPECT_THAT(std::string(other_home.status().message()), HasSubstr("homes/9"));

  HomeFieldFlags clear_output_only;
  clear_output_only.clear = {"etag"};
  EXPECT_FALSE(BuildUpdateHomeRequest("homes/1", "e", clear_output_only, std::nullopt, "").ok());

  HomeFieldFlags clear_and_set = capacity;
  clear_and_set.clear = {"capacity"};
  EXPECT_FALSE(BuildUpdateHomeRequest("homes/1", "e", clear_and_set, std::nullopt, "").ok());
}

TEST(CliHomeInput, InputFieldsExcludeOutputOnlyOnes) {
  const std::vector<std::string> fields = HomeInputFieldNames();
  EXPECT_THAT(fields, ::testing::Contains("capacity"));
  EXPECT_THAT(fields, ::testing::Contains("protected_identity"));
  EXPECT_THAT(fields, Not(::testing::Contains("etag")));
  EXPECT_THAT(fields, Not(::testing::Contains("free_capacity")));
  EXPECT_THAT(fields, Not(::testing::Contains("name")));
}

// The same builder through the command line: a bad file fails before any call (no server runs
// on the address given), with exit 3.
class CliHomesFromFile : public testing::IsolatedEnvTest {};

TEST_F(CliHomesFromFile, BadFileIsExitThreeWithoutContactingTheServer) {
  const std::string path = home() + "/home.json";
  testing::WriteFileOrDie(path, R"({"capasity": 2})");
  const auto result =
      testing::RunGfoCapture({"--server", "127.0.0.1:1", "homes", "create", "--from-file", path});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("error: INVALID_ARGUMENT: " + path));
}

TEST_F(CliHomesFromFile, MissingFileIsExitOne) {
  const auto result = testing::RunGfoCapture(
      {"--server", "127.0.0.1:1", "homes", "create", "--from-file", home() + "/none.json"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("cannot read"));
}

}  // namespace
}  // namespace gfo::cli
