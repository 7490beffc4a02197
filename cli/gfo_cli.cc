#include "cli/gfo_cli.h"

#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/config_file.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "cli/globals.h"

namespace gfo::cli {
namespace {

// The global options as CLI11 stores them; counts tell given from default.
struct GlobalOptions {
  std::string server;
  std::string token;
  std::string output;
  double timeout = 0;
  std::string reason;
  bool tls = false;
  std::string ca_cert;
  std::string client_cert;
  std::string client_key;
  std::string config;
};

std::optional<std::string> IfGiven(const CLI::Option* option, const std::string& value) {
  if (option->count() == 0) return std::nullopt;
  return value;
}

const char kGlobalGroup[] = "Global options (accepted at every level)";

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--server", options.server, "Server address host:port [env GFO_SERVER]")
      ->group(kGlobalGroup);
  app.add_option("--token", options.token, "Bearer token [env GFO_TOKEN]")->group(kGlobalGroup);
  app.add_option("--output,-o", options.output,
                 "Output format: table, json or csv [env GFO_OUTPUT]")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->group(kGlobalGroup);
  app.add_option("--timeout", options.timeout, "Deadline of each call in seconds (default 30)")
      ->check(PositiveSeconds())
      ->group(kGlobalGroup);
  app.add_option("--reason", options.reason,
                 "Why you make this call, recorded on the audit trail (x-gfo-reason): a case "
                 "reference, never a name (identity numbers are masked)")
      ->group(kGlobalGroup);
  app.add_flag("--tls", options.tls, "Use TLS (implied by --ca-cert and --client-cert)")
      ->group(kGlobalGroup);
  app.add_option("--ca-cert", options.ca_cert, "PEM file of the CA that signed the server")
      ->group(kGlobalGroup);
  app.add_option("--client-cert", options.client_cert, "PEM client certificate (mutual TLS)")
      ->group(kGlobalGroup);
  app.add_option("--client-key", options.client_key, "PEM key of --client-cert")
      ->group(kGlobalGroup);
  app.add_option("--config", options.config,
                 "Config file [env GFO_CONFIG; default $XDG_CONFIG_HOME/gfo/config.json or "
                 "~/.config/gfo/config.json]")
      ->group(kGlobalGroup);
}

GlobalFlagValues GivenValues(CLI::App& app, const GlobalOptions& options) {
  GlobalFlagValues values;
  values.server = IfGiven(app.get_option("--server"), options.server);
  values.token = IfGiven(app.get_option("--token"), options.token);
  values.output = IfGiven(app.get_option("--output"), options.output);
  if (app.get_option("--timeout")->count() > 0) values.timeout = options.timeout;
  values.reason = IfGiven(app.get_option("--reason"), options.reason);
  values.tls = options.tls;
  values.ca_cert = IfGiven(app.get_option("--ca-cert"), options.ca_cert);
  values.client_cert = IfGiven(app.get_option("--client-cert"), options.client_cert);
  values.client_key = IfGiven(app.get_option("--client-key"), options.client_key);
  values.config = IfGiven(app.get_option("--config"), options.config);
  return values;
}

std::string RootFooter() {
  return absl::StrCat(
      "Settings come from a flag, else the environment (GFO_SERVER, GFO_TOKEN, GFO_OUTPUT,\n"
      "GFO_CONFIG), else the config file written by `gfo login`, else the default.\n"
      "A saved token is only sent to the server it was saved for.\n\n",
      ExitCodeHelp());
}

constexpr char kSubcommandFooter[] =
    "Global options (--server, --token, --output, --timeout, --reason, --tls, ...) may be given\n"
    "at any level; see `gfo --help`.";

}  // namespace

int RunGfo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const bool err_is_terminal = &err == &std::cerr && ::isatty(STDERR_FILENO) == 1;
  Context ctx(out, err, err_is_terminal);

  CLI::App app("gfo: the command-line client of the family-home bank (gfo-server).", "gfo");
  app.fallthrough();
  app.require_subcommand(1);
  app.failure_message([](const CLI::App* root, const CLI::Error& e) {
    // Name the deepest subcommand reached, so the hint points at the right --help.
    std::string command = root->get_name();
    for (const CLI::App* app = root; !app->get_subcommands().empty();) {
      app = app->get_subcommands().front();
      absl::StrAppend(&command, " ", app->get_name());
    }
    return absl::StrCat("error: usage: ", e.what(), "\nRun `", command,
                        " --help` for more information.\n");
  });
  GlobalOptions options;
  AddGlobalOptions(app, options);
  app.footer(kSubcommandFooter);  // inherited by the groups added below

  AddLoginCommands(app, ctx);
  AddHomesCommands(app, ctx);
  AddAccountsCommands(app, ctx);
  AddAuditCommands(app, ctx);
  AddMunicipalitiesCommands(app, ctx);
  AddAdminCommands(app, ctx);
  AddRequestsCommands(app, ctx);
  AddProposalsCommands(app, ctx);
  AddPlacementsCommands(app, ctx);
  AddMatchCommands(app, ctx);
  AddDemoCommands(app, ctx);
  app.footer(RootFooter());

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(std::move(reversed));
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUsage;
  }

  const GlobalFlagValues flags = GivenValues(app, options);
  const EnvLookup env = ProcessEnvironment();
  const std::string config_path = ResolveConfigPath(flags.config, env);
  ConfigValues file;
  if (!config_path.empty()) {
    absl::StatusOr<ConfigValues> loaded = LoadConfig(config_path);
    if (!loaded.ok()) return ctx.Fail(loaded.status(), kExitOther);
    file = *std::move(loaded);
  }
  absl::StatusOr<Globals> globals = ResolveGlobals(flags, env, file, config_path);
  if (!globals.ok()) return ctx.Fail(globals.status(), kExitUsage);
  ctx.set_globals(*std::move(globals));

  if (!ctx.action()) return ctx.Fail("no command given; see `gfo --help`", kExitUsage);
  return ctx.action()(ctx);
}

}  // namespace gfo::cli
