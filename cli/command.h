// The core API that every `gfo` command group is written against.
//
// A group is one file cli/cmd_<group>.cc with one registration function declared below, e.g.
// AddHomesCommands(root, ctx). It adds its subcommands with AddGroup/AddCommand; each leaf gets
// an Action that runs after parsing succeeded and the global settings are resolved. Flag values
// live in a std::shared_ptr captured by the action, because the CLI::App outlives the
// registration function. An action returns a process exit code: 0, or ctx.Fail(status).
// Calls to the server go through cli/rpc.h (Call, ListPages); printing through cli/output.h.
//
//   void AddThingsCommands(CLI::App& root, Context& ctx) {
//     CLI::App* things = AddGroup(root, "things", "Manage things");
//     auto name = std::make_shared<std::string>();
//     CLI::App* get = AddCommand(*things, "get", "Show one thing", ctx, [name](Context& ctx) {
//       v1::GetThingRequest request;
//       request.set_name(ResourceName("things", *name));
//       v1::Thing thing;
//       if (absl::Status s = Call(ctx, &v1::ThingService::Stub::GetThing, request, &thing);
//           !s.ok()) return ctx.Fail(s);
//       PrintResource(ctx.out(), ctx.globals().output, thing, ThingColumns());
//       return 0;
//     });
//     get->add_option("NAME", *name, "things/{id} or {id}")->required();
//   }
//
// This header stays free of gRPC and CLI11 so including it is cheap.

#ifndef GFO_CLI_COMMAND_H_
#define GFO_CLI_COMMAND_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/globals.h"
#include "cli/output.h"

namespace CLI {
class App;
}  // namespace CLI

namespace gfo::cli {

class Client;
class Context;

// What a leaf command does once its flags are parsed. Returns the process exit code.
using Action = std::function<int(Context& ctx)>;

// The state of one `gfo` run, handed to every action. Not thread-safe.
class Context {
 public:
  // `err_is_terminal` enables progress bars on `err`.
  Context(std::ostream& out, std::ostream& err, bool err_is_terminal);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  bool err_is_terminal() const { return err_is_terminal_; }

  // REQUIRES: set by RunGfo before any action runs.
  const Globals& globals() const { return globals_; }
  void set_globals(Globals globals) { globals_ = std::move(globals); }

  // The connection to globals().server, made on first use. Fails (e.g. an unreadable
  // certificate file) with a status that Fail() can print.
  absl::StatusOr<Client*> client();

  // Prints FormatError(status) (plus a hint for UNAUTHENTICATED when a saved token was
  // withheld) on err() and returns ExitCodeFor(status.code()). REQUIRES: !status.ok().
  int Fail(const absl::Status& status);

  // Prints `error: <message>` on err() and returns `exit_code`; for local failures whose status
  // code is not the point (e.g. a usage rule CLI11 cannot express: exit_code kExitUsage, or an
  // unreadable file: kExitOther).
  int Fail(std::string_view message, int exit_code);
  int Fail(const absl::Status& status, int exit_code);

  // The action of the selected leaf command (set while parsing; empty if none was selected).
  void set_action(Action action) { action_ = std::move(action); }
  const Action& action() const { return action_; }

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool err_is_terminal_;
  Globals globals_;
  std::unique_ptr<Client> client_;
  Action action_;
};

// Adds a command group `name` under `parent`; using it without a subcommand is a usage error.
CLI::App* AddGroup(CLI::App& parent, const std::string& name, const std::string& description);

// Adds a leaf command whose `action` runs when it is selected. Returns it for adding flags.
CLI::App* AddCommand(CLI::App& parent, const std::string& name, const std::string& description,
                     Context& ctx, Action action);

// Prints a List response (PrintList in the global output format) and, for tables, a hint on
// err() naming --page-token and --all when `next_page_token` is not empty.
void PrintPage(Context& ctx, const google::protobuf::Message& response,
               const std::vector<const google::protobuf::Message*>& rows,
               const std::vector<Column>& columns, const std::string& next_page_token);

// A full resource name from what the user typed: "7" or "homes/7" under collection "homes"
// both give "homes/7". Text containing '/' is passed through unchanged.
std::string ResourceName(std::string_view collection, std::string_view text);

// The command groups, one per cli/cmd_<group>.cc, registered by RunGfo in this order.
void AddLoginCommands(CLI::App& root, Context& ctx);  // login, logout, whoami, config show
void AddHomesCommands(CLI::App& root, Context& ctx);
void AddAccountsCommands(CLI::App& root, Context& ctx);
void AddAuditCommands(CLI::App& root, Context& ctx);
void AddMunicipalitiesCommands(CLI::App& root, Context& ctx);
void AddAdminCommands(CLI::App& root, Context& ctx);
void AddRequestsCommands(CLI::App& root, Context& ctx);
void AddProposalsCommands(CLI::App& root, Context& ctx);
void AddPlacementsCommands(CLI::App& root, Context& ctx);  // placements ..., vacancies
void AddMatchCommands(CLI::App& root, Context& ctx);       // match rank, match suggest
void AddDemoCommands(CLI::App& root, Context& ctx);        // demo seed

}  // namespace gfo::cli

#endif  // GFO_CLI_COMMAND_H_
