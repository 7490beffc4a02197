// Flag helpers shared by the command groups: enum flags that take short names from the proto
// descriptors, date and time flags checked while parsing (so a bad value is a usage error,
// exit 2), and the paging flags of every list command.

#ifndef GFO_CLI_FLAGS_H_
#define GFO_CLI_FLAGS_H_

#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <CLI/CLI.hpp>

namespace gfo::cli {

// A CLI11 validator accepting the enum's short names (see enum_names.h) and turning the value
// into the enum number, so the option can store into an int.
CLI::Validator EnumValidator(const google::protobuf::EnumDescriptor* descriptor);

// `--kind long_term` into `*value` (the enum number); the help lists the accepted names.
CLI::Option* AddEnumOption(CLI::App& app, const std::string& name, int* value,
                           const google::protobuf::EnumDescriptor* descriptor,
                           const std::string& help);

// A repeatable enum flag (`--kind long_term --kind emergency` or `--kind long_term,emergency`).
CLI::Option* AddEnumListOption(CLI::App& app, const std::string& name, std::vector<int>* values,
                               const google::protobuf::EnumDescriptor* descriptor,
                               const std::string& help);

// A YYYY-MM-DD flag, checked with ParseDate.
CLI::Option* AddDateOption(CLI::App& app, const std::string& name, std::string* value,
                           const std::string& help);

// An RFC 3339 or YYYY-MM-DD flag, checked with ParseInstant.
CLI::Option* AddInstantOption(CLI::App& app, const std::string& name, std::string* value,
                              const std::string& help);

// A number of seconds greater than 0 (CLI11's PositiveNumber names the largest double in its
// message).
CLI::Validator PositiveSeconds();

// --page-size, --page-token, --all.
struct PageFlags {
  int page_size = 0;  // 0 = the server's default
  std::string page_token;
  bool all = false;
};
void AddPageFlags(CLI::App& app, PageFlags* flags);

}  // namespace gfo::cli

#endif  // GFO_CLI_FLAGS_H_
