#include "cli/flags.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/dates.h"
#include "cli/enum_names.h"

namespace gfo::cli {

CLI::Validator EnumValidator(const google::protobuf::EnumDescriptor* descriptor) {
  return CLI::Validator(
      [descriptor](std::string& value) -> std::string {
        absl::StatusOr<int> number = ParseEnumName(descriptor, value);
        if (!number.ok()) return std::string(number.status().message());
        value = absl::StrCat(*number);
        return "";
      },
      absl::StrCat("one of: ", absl::StrJoin(EnumShortNames(descriptor), ", ")));
}

CLI::Option* AddEnumOption(CLI::App& app, const std::string& name, int* value,
                           const google::protobuf::EnumDescriptor* descriptor,
                           const std::string& help) {
  return app.add_option(name, *value, help)
      ->transform(EnumValidator(descriptor))
      ->type_name("NAME");
}

CLI::Option* AddEnumListOption(CLI::App& app, const std::string& name, std::vector<int>* values,
                               const google::protobuf::EnumDescriptor* descriptor,
                               const std::string& help) {
  return app.add_option(name, *values, help)
      ->delimiter(',')
      ->transform(EnumValidator(descriptor))
      ->type_name("NAME")
      ->allow_extra_args(false)
      ->take_all();
}

CLI::Option* AddDateOption(CLI::App& app, const std::string& name, std::string* value,
                           const std::string& help) {
  return app.add_option(name, *value, help)
      ->check(
          [](const std::string& text) -> std::string {
            absl::StatusOr<gfo::v1::Date> date = ParseDate(text);
            return date.ok() ? "" : std::string(date.status().message());
          },
          "")
      ->type_name("YYYY-MM-DD");
}

CLI::Option* AddInstantOption(CLI::App& app, const std::string& name, std::string* value,
                              const std::string& help) {
  return app.add_option(name, *value, help)
      ->check(
          [](const std::string& text) -> std::string {
            auto instant = ParseInstant(text, DateBound::kStartOfDay);
            return instant.ok() ? "" : std::string(instant.status().message());
          },
          "")
      ->type_name("TIME");
}

void AddPageFlags(CLI::App& app, PageFlags* flags) {
  app.add_option("--page-size", flags->page_size, "Items per page (server default when 0)")
      ->check(CLI::Range(0, 1000));
  app.add_option("--page-token", flags->page_token, "Continue from this page token");
  app.add_flag("--all", flags->all, "Fetch every page");
}

CLI::Validator PositiveSeconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double seconds = 0;
        if (!CLI::detail::lexical_cast(text, seconds) || !(seconds > 0) ||
            !std::isfinite(seconds)) {
          return "must be a number of seconds greater than 0, got " + text;
        }
        return "";
      },
      "SECONDS");
}

}  // namespace gfo::cli
