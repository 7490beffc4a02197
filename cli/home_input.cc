#include "cli/home_input.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/absl_compat.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/input_file.h"

namespace gfo::cli {
namespace {

using gfo::v1::Home;

// Fields of Home the server sets; the proto marks them "Output only."
bool IsOutputOnly(std::string_view field) {
  static const std::set<std::string, std::less<>> kOutputOnly = {"name",
                                                                 "code",
                                                                 "status",
                                                                 "availability_confirmed_time",
                                                                 "availability_confirmed_by",
                                                                 "active_children",
                                                                 "held_children",
                                                                 "free_capacity",
                                                                 "last_placement_end",
                                                                 "close_reason",
                                                                 "create_time",
                                                                 "update_time",
                                                                 "etag"};
  return kOutputOnly.count(field) > 0;
}

void ClearOutputOnlyFields(Home* home) {
  const google::protobuf::Reflection* reflection = home->GetReflection();
  const google::protobuf::Descriptor* descriptor = home->GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (IsOutputOnly(field->name())) reflection->ClearField(home, field);
  }
}

absl::StatusOr<gfo::v1::Date> DateFlag(absl::string_view flag, const std::string& text) {
  absl::StatusOr<gfo::v1::Date> date = ParseDate(text);
  if (!date.ok())
    return absl::InvalidArgumentError(absl::StrCat(flag, ": ", date.status().message()));
  return date;
}

// The top-level JSON keys of the file as Home field names (either spelling accepted).
absl::StatusOr<std::vector<std::string>> FieldsInJson(const std::string& json,
                                                      std::string_view source) {
  const nlohmann::json document =
      nlohmann::json::parse(json, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(ToAbsl(source), ": not a JSON object"));
  }
  const google::protobuf::Descriptor* descriptor = Home::descriptor();
  std::vector<std::string> fields;
  for (const auto& item : document.items()) {
    const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(item.key());
    if (field == nullptr) field = descriptor->FindFieldByCamelcaseName(item.key());
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(source), ": unknown field \"", item.key(), "\" in a home"));
    }
    fields.push_back(field->name());
  }
  return fields;
}

}  // namespace

absl::StatusOr<gfo::v1::Adult> ParseAdult(std::string_view text) {
  std::vector<std::string> parts;
  if (text.find(',') != std::string_view::npos) {
    for (absl::string_view part : absl::StrSplit(ToAbsl(text), ',')) {
      parts.emplace_back(absl::StripAsciiWhitespace(part));
    }
    if (parts.size() < 3 || parts.size() > 5) {
      return absl::InvalidArgumentError(
          "--adult: expected given,family,pnr[,phone[,email]] with 3 to 5 fields");
    }
  } else {
    parts = absl::StrSplit(ToAbsl(text), ' ', absl::SkipWhitespace());
    if (parts.size() != 3) {
      return absl::InvalidArgumentError(
          "--adult: expected \"Given Family PNR\" (three words); for names with spaces use "
          "given,family,pnr[,phone[,email]]");
    }
  }
  if (parts[0].empty() || parts[1].empty() || parts[2].empty()) {
    return absl::InvalidArgumentError("--adult: given name, family name and pnr are required");
  }
  gfo::v1::Adult adult;
  adult.set_given_name(parts[0]);
  adult.set_family_name(parts[1]);
  adult.set_personal_identity_number(parts[2]);
  if (parts.size() > 3) adult.set_phone(parts[3]);
  if (parts.size() > 4) adult.set_email(parts[4]);
  return adult;
}

std::vector<std::string> HomeInputFieldNames() {
  std::vector<std::string> names;
  const google::protobuf::Descriptor* descriptor = Home::descriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    if (!IsOutputOnly(descriptor->field(i)->name())) names.push_back(descriptor->field(i)->name());
  }
  return names;
}

absl::Status ApplyHomeFlags(const HomeFieldFlags& flags, Home* home) {
  const auto given = [&](const char* field) { return flags.given.count(field) > 0; };
  if (given("municipality_code")) home->set_municipality_code(flags.municipality_code);
  if (given("location")) {
    home->mutable_location()->set_latitude(flags.latitude);
    home->mutable_location()->set_longitude(flags.longitude);
  }
  if (given("kinds")) {
    home->clear_kinds();
    for (int kind : flags.kinds) home->add_kinds(static_cast<gfo::v1::PlacementKind>(kind));
  }
  if (given("contracted_emergency")) home->set_contracted_emergency(flags.contracted_emergency);
  if (given("capacity")) home->set_capacity(flags.capacity);
  if (given("min_age")) home->set_min_age(flags.min_age);
  if (given("max_age")) home->set_max_age(flags.max_age);
  if (given("accepted_genders")) {
    home->clear_accepted_genders();
    for (int gender : flags.accepted_genders) {
      home->add_accepted_genders(static_cast<gfo::v1::Gender>(gender));
    }
  }
  if (given("max_sibling_group")) home->set_max_sibling_group(flags.max_sibling_group);
  if (given("own_children_birth_years")) {
    home->clear_own_children_birth_years();
    for (int year : flags.own_children_birth_years) home->add_own_children_birth_years(year);
  }
  if (given("has_pets")) home->set_has_pets(flags.has_pets);
  if (given("smoking")) home->set_smoking(flags.smoking);
  if (given("wheelchair_access")) home->set_wheelchair_access(flags.wheelchair_access);
  if (given("languages")) {
    home->clear_languages();
    for (const std::string& language : flags.languages) home->add_languages(language);
  }
  if (given("background")) home->set_background(flags.background);
  if (given("experience")) {
    home->clear_experience();
    for (int need : flags.experience) home->add_experience(static_cast<gfo::v1::Need>(need));
  }
  const struct {
    const char* field;
    const char* flag;
    const std::string* text;
  } date_flags[] = {{"available_from", "--available-from", &flags.available_from},
                    {"assessment_date", "--assessment-date", &flags.assessment_date},
                    {"training_date", "--training-date", &flags.training_date}};
  for (const auto& date_flag : date_flags) {
    if (!given(date_flag.field)) continue;
    absl::StatusOr<gfo::v1::Date> date = DateFlag(date_flag.flag, *date_flag.text);
    if (!date.ok()) return date.status();
    const google::protobuf::FieldDescriptor* field =
        Home::descriptor()->FindFieldByName(date_flag.field);
    home->GetReflection()->MutableMessage(home, field)->CopyFrom(*date);
  }
  if (given("adults")) {
    home->clear_adults();
    for (const std::string& text : flags.adults) {
      absl::StatusOr<gfo::v1::Adult> adult = ParseAdult(text);
      if (!adult.ok()) return adult.status();
      *home->add_adults() = *std::move(adult);
    }
  }
  if (given("address")) home->set_address(flags.address);
  if (given("protected_identity")) home->set_protected_identity(flags.protected_identity);
  if (given("address_readers")) {
    home->clear_address_readers();
    for (const std::string& account : flags.address_readers) {
      home->add_address_readers(ResourceName("accounts", account));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<gfo::v1::CreateHomeRequest> BuildCreateHomeRequest(
    const HomeFieldFlags& flags, int initial_status, const std::optional<std::string>& file_json,
    std::string_view source) {
  gfo::v1::CreateHomeRequest request;
  if (file_json.has_value()) {
    const nlohmann::json document =
        nlohmann::json::parse(*file_json, /*cb=*/nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(ToAbsl(source), ": not a JSON object"));
    }
    // A whole CreateHomeRequest has a "home" key; a Home never does.
    absl::Status parsed = document.contains("home")
                              ? ParseJsonMessage(*file_json, source, &request)
                              : ParseJsonMessage(*file_json, source, request.mutable_home());
    if (!parsed.ok()) return parsed;
    ClearOutputOnlyFields(request.mutable_home());
  }
  absl::Status applied = ApplyHomeFlags(flags, request.mutable_home());
  if (!applied.ok()) return applied;
  if (initial_status != 0) {
    request.set_initial_status(static_cast<gfo::v1::HomeStatus>(initial_status));
  }
  return request;
}

absl::StatusOr<gfo::v1::UpdateHomeRequest> BuildUpdateHomeRequest(
    const std::string& name, const std::string& etag, const HomeFieldFlags& flags,
    const std::optional<std::string>& file_json, std::string_view source) {
  gfo::v1::UpdateHomeRequest request;
  Home* home = request.mutable_home();
  std::set<std::string> mask;
  if (file_json.has_value()) {
    absl::StatusOr<std::vector<std::string>> fields = FieldsInJson(*file_json, source);
    if (!fields.ok()) return fields.status();
    absl::Status parsed = ParseJsonMessage(*file_json, source, home);
    if (!parsed.ok()) return parsed;
    if (!home->name().empty() && home->name() != name) {
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(source), ": the file is for ", home->name(), ", not ", name));
    }
    for (const std::string& field : *fields) {
      if (!IsOutputOnly(field)) mask.insert(field);
    }
  }
  const std::string file_etag = home->etag();
  ClearOutputOnlyFields(home);
  absl::Status applied = ApplyHomeFlags(flags, home);
  if (!applied.ok()) return applied;
  mask.insert(flags.given.begin(), flags.given.end());

  const std::vector<std::string> input_fields = HomeInputFieldNames();
  for (const std::string& field : flags.clear) {
    if (std::find(input_fields.begin(), input_fields.end(), field) == input_fields.end()) {
      return absl::InvalidArgumentError(absl::StrCat("--clear: '", field,
                                                     "' is not a field you can set; one of ",
                                                     absl::StrJoin(input_fields, ", ")));
    }
    if (flags.given.count(field) > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--clear: '", field, "' is also given a value"));
    }
    const google::protobuf::FieldDescriptor* descriptor =
        Home::descriptor()->FindFieldByName(field);
    home->GetReflection()->ClearField(home, descriptor);
    mask.insert(field);
  }
  if (mask.empty()) {
    return absl::InvalidArgumentError(
        "nothing to update: give field flags, --clear or --from-file");
  }
  home->set_name(name);
  home->set_etag(etag.empty() ? file_etag : etag);
  if (home->etag().empty()) {
    return absl::InvalidArgumentError(
        "--etag: required (the etag of the home as last read, e.g. from `gfo homes get`)");
  }
  for (const std::string& path : mask) request.mutable_update_mask()->add_paths(path);
  return request;
}

}  // namespace gfo::cli
