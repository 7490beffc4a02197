#include <CLI/CLI.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/absl_compat.h"
#include "cli/client.h"
#include "cli/command.h"
#include "cli/exit_codes.h"

namespace gfo::cli {

Context::Context(std::ostream& out, std::ostream& err, bool err_is_terminal)
    : out_(out), err_(err), err_is_terminal_(err_is_terminal) {}

Context::~Context() = default;

absl::StatusOr<Client*> Context::client() {
  if (client_ == nullptr) {
    absl::StatusOr<std::unique_ptr<Client>> client = Client::Connect(globals_);
    if (!client.ok()) return client.status();
    client_ = *std::move(client);
  }
  return client_.get();
}

int Context::Fail(const absl::Status& status) {
  err_ << FormatError(status) << '\n';
  if (status.code() == absl::StatusCode::kUnauthenticated) {
    if (!globals_.token_withheld_for_server.empty()) {
      err_ << "hint: the token saved in " << globals_.config_path << " is for "
           << globals_.token_withheld_for_server << ", not " << globals_.server
           << "; run `gfo login --server " << globals_.server << " --token ...`\n";
    } else if (globals_.token.empty()) {
      err_ << "hint: no token given; use --token, GFO_TOKEN or `gfo login`\n";
    } else if (absl::StrContains(status.message(), "expired") ||
               absl::StrContains(status.message(), "revoked")) {
      err_ << "hint: ask an admin for a new token (`gfo accounts token issue ACCOUNT`), then "
              "`gfo login --token ...`; when no admin token works, the server's operator runs "
              "`gfo-server --db FILE --issue-admin-token`\n";
    }
  }
  return ExitCodeFor(status.code());
}

int Context::Fail(std::string_view message, int exit_code) {
  err_ << "error: " << message << '\n';
  return exit_code;
}

int Context::Fail(const absl::Status& status, int exit_code) {
  err_ << "error: " << status.message() << '\n';
  return exit_code;
}

CLI::App* AddGroup(CLI::App& parent, const std::string& name, const std::string& description) {
  CLI::App* group = parent.add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

CLI::App* AddCommand(CLI::App& parent, const std::string& name, const std::string& description,
                     Context& ctx, Action action) {
  CLI::App* command = parent.add_subcommand(name, description);
  command->callback([&ctx, action = std::move(action)] { ctx.set_action(action); });
  return command;
}

void PrintPage(Context& ctx, const google::protobuf::Message& response,
               const std::vector<const google::protobuf::Message*>& rows,
               const std::vector<Column>& columns, const std::string& next_page_token) {
  PrintList(ctx.out(), ctx.globals().output, response, rows, columns);
  // On stderr in every format: a CSV file saved from stdout must not look complete when it holds
  // only the first page.
  if (!next_page_token.empty()) {
    ctx.err() << "more results: add --page-token " << next_page_token << " (or --all)\n";
  }
}

std::string ResourceName(std::string_view collection, std::string_view text) {
  if (text.find('/') != std::string_view::npos) return std::string(text);
  return absl::StrCat(ToAbsl(collection), "/", ToAbsl(text));
}

}  // namespace gfo::cli
