// gfo login | logout | whoami | config show: the user's credential and settings.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>
#include "absl/strings/str_cat.h"
#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/config_file.h"
#include "cli/exit_codes.h"
#include "gfo/v1/account.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;

absl::Status GetCurrentAccount(Context& ctx, v1::Account* account) {
  return Call(ctx, &v1::AccountService::Stub::GetCurrentAccount, v1::GetCurrentAccountRequest(),
              account);
}

std::string Describe(const v1::Account& account) {
  std::string text = absl::StrCat(account.name(), " (", account.display_name(), ", role ",
                                  ShortName(account.role()));
  if (account.municipality_code() != 0)
    absl::StrAppend(&text, ", municipality ", account.municipality_code());
  return absl::StrCat(text, ")");
}

int Login(Context& ctx) {
  const Globals& globals = ctx.globals();
  if (globals.token.empty()) {
    return ctx.Fail("login needs a token: gfo login --token TOKEN [--server HOST:PORT]",
                    kExitUsage);
  }
  if (globals.config_path.empty()) {
    return ctx.Fail("no config file location: set HOME, XDG_CONFIG_HOME, GFO_CONFIG or --config",
                    kExitOther);
  }
  v1::Account account;
  if (absl::Status status = GetCurrentAccount(ctx, &account); !status.ok()) return ctx.Fail(status);

  ConfigValues values;
  values.server = globals.server;
  values.token = globals.token;
  std::vector<std::string> erase;
  if (globals.tls.enabled) {
    values.tls = true;
    if (!globals.tls.ca_cert_file.empty()) values.ca_cert = globals.tls.ca_cert_file;
    if (!globals.tls.client_cert_file.empty()) {
      values.client_cert = globals.tls.client_cert_file;
      values.client_key = globals.tls.client_key_file;
    }
  } else {
    erase = {"tls", "ca_cert", "client_cert", "client_key"};
  }
  if (absl::Status status = UpdateConfig(globals.config_path, values, erase); !status.ok()) {
    return ctx.Fail(status, kExitOther);
  }
  ctx.out() << "Logged in to " << globals.server << " as " << Describe(account) << ".\n"
            << "Saved in " << globals.config_path << " (readable only by you).\n";
  return kExitOk;
}

int Logout(Context& ctx) {
  const std::string& path = ctx.globals().config_path;
  if (path.empty()) return ctx.Fail("no config file location", kExitOther);
  absl::StatusOr<ConfigValues> current = LoadConfig(path);
  if (!current.ok()) return ctx.Fail(current.status(), kExitOther);
  if (!current->token.has_value()) {
    ctx.out() << "Not logged in: " << path << " holds no token.\n";
    return kExitOk;
  }
  if (absl::Status status = UpdateConfig(path, ConfigValues(), {"token"}); !status.ok()) {
    return ctx.Fail(status, kExitOther);
  }
  ctx.out() << "Logged out: the token was removed from " << path
            << ". It stays valid until it expires or is revoked.\n";
  return kExitOk;
}

int WhoAmI(Context& ctx) {
  v1::Account account;
  if (absl::Status status = GetCurrentAccount(ctx, &account); !status.ok()) return ctx.Fail(status);
  PrintResource(ctx.out(), ctx.globals().output, account, AccountColumns());
  return kExitOk;
}

int ConfigShow(Context& ctx) {
  const Globals& g = ctx.globals();
  const auto source = [&](const char* key) { return g.sources.at(key); };
  std::string token = g.token.empty() ? "not set" : "set";
  if (!g.token_withheld_for_server.empty()) {
    token = absl::StrCat("not sent (the saved token is for ", g.token_withheld_for_server, ")");
  }
  const char* formats[] = {"table", "json", "csv"};
  const std::vector<std::vector<std::string>> rows = {
      {"server", g.server, source("server")},
      {"token", token, source("token")},
      {"output", formats[static_cast<int>(g.output)], source("output")},
      {"timeout", absl::StrCat(g.timeout_seconds), source("timeout")},
      {"tls", g.tls.enabled ? "on" : "off", source("tls")},
      {"ca_cert", g.tls.ca_cert_file, ""},
      {"client_cert", g.tls.client_cert_file, ""},
      {"client_key", g.tls.client_key_file, ""},
      {"config", g.config_path, ""},
  };
  switch (g.output) {
    case OutputFormat::kJson: {
      nlohmann::json settings = nlohmann::json::object();
      for (const auto& row : rows) settings[row[0]] = {{"value", row[1]}, {"from", row[2]}};
      ctx.out() << settings.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      break;
    }
    case OutputFormat::kCsv:
      WriteCsvRecord(ctx.out(), {"SETTING", "VALUE", "FROM"});
      for (const auto& row : rows) WriteCsvRecord(ctx.out(), row);
      break;
    case OutputFormat::kTable:
      WriteTable(ctx.out(), {"SETTING", "VALUE", "FROM"}, rows, 200);
      break;
  }
  return kExitOk;
}

}  // namespace

void AddLoginCommands(CLI::App& root, Context& ctx) {
  AddCommand(root, "login",
             "Check a token (--token, GFO_TOKEN) against the server and save server and token in "
             "the config file (mode 0600)",
             ctx, Login);
  AddCommand(root, "logout", "Remove the saved token from the config file", ctx, Logout);
  AddCommand(root, "whoami", "Show the account of the token in use", ctx, WhoAmI);
  CLI::App* config = AddGroup(root, "config", "Inspect gfo's settings");
  AddCommand(*config, "show",
             "Show the effective settings and where each comes from (flag, env, config file, "
             "default); never prints the token",
             ctx, ConfigShow);
}

}  // namespace gfo::cli
