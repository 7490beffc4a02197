// The command line as a whole: help on every level, usage errors, exit codes without a server.

#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_join.h"
#include "tests/cli/test_env.h"

namespace gfo::cli {
namespace {

using testing::GfoResult;
using ::testing::HasSubstr;
using testing::RunGfoCapture;

// The subcommand names listed in a CLI11 help text ("Subcommands:" section).
std::vector<std::string> SubcommandsInHelp(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream lines(help);
  std::string line;
  bool in_section = false;
  while (std::getline(lines, line)) {
    if (line == "Subcommands:") {
      in_section = true;
      continue;
    }
    if (!in_section) continue;
    if (line.empty()) break;
    if (line.size() > 2 && line.rfind("  ", 0) == 0 && line[2] != ' ') {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return names;
}

class CliHelp : public testing::IsolatedEnvTest {};

TEST_F(CliHelp, WorksOnEveryLevelWithExitZero) {
  std::vector<std::vector<std::string>> pending = {{}};
  std::set<std::string> visited;
  while (!pending.empty()) {
    const std::vector<std::string> path = pending.back();
    pending.pop_back();
    std::vector<std::string> args = path;
    args.push_back("--help");
    const GfoResult result = RunGfoCapture(args);
    const std::string command = absl::StrJoin(path, " ");
    EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.err;
    EXPECT_THAT(result.out, HasSubstr("Usage: gfo")) << command;
    EXPECT_EQ(result.err, "") << command;
    visited.insert(command);
    for (const std::string& sub : SubcommandsInHelp(result.out)) {
      std::vector<std::string> child = path;
      child.push_back(sub);
      pending.push_back(child);
    }
  }
  // Not vacuous: the walk reached the leaves of every group.
  for (const char* command : {"login",
                              "logout",
                              "whoami",
                              "config show",
                              "homes list",
                              "homes get",
                              "homes create",
                              "homes update",
                              "homes start-assessment",
                              "homes approve",
                              "homes pause",
                              "homes resume",
                              "homes close",
                              "homes confirm",
                              "homes history",
                              "accounts create",
                              "accounts list",
                              "accounts disable",
                              "accounts token issue",
                              "accounts token revoke",
                              "accounts token list",
                              "audit list",
                              "audit export",
                              "audit verify",
                              "municipalities list",
                              "municipalities get",
                              "municipalities create",
                              "municipalities join",
                              "municipalities leave",
                              "admin backup",
                              "admin retention report",
                              "admin retention apply"}) {
    EXPECT_EQ(visited.count(command), 1u) << command;
  }
}

TEST_F(CliHelp, RootHelpDocumentsExitCodesAndEnvironment) {
  const GfoResult result = RunGfoCapture({"--help"});
  EXPECT_THAT(result.out, HasSubstr("Exit codes:"));
  EXPECT_THAT(result.out, HasSubstr("8   UNAUTHENTICATED"));
  EXPECT_THAT(result.out, HasSubstr("GFO_SERVER"));
}

TEST_F(CliHelp, SubcommandHelpPointsToGlobalOptions) {
  const GfoResult result = RunGfoCapture({"homes", "list", "--help"});
  EXPECT_THAT(result.out, HasSubstr("--accepts-age"));
  EXPECT_THAT(result.out, HasSubstr("may be given\nat any level"));
}

class CliUsage : public testing::IsolatedEnvTest {};

TEST_F(CliUsage, BadCommandLinesExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"nonsense"},
      {"homes"},
      {"homes", "get"},
      {"homes", "list", "--bogus"},
      {"homes", "list", "--kind", "castle"},
      {"homes", "list", "--page-size", "-1"},
      {"homes", "list", "--accepts-age", "21"},
      {"homes", "create", "--lat", "62.5"},
      {"homes", "create", "--available-from", "2025-02-30"},
      {"homes", "close", "7"},
      {"accounts", "create", "--name", "A"},
      {"accounts", "create", "--name", "A", "--role", "king"},
      {"audit", "list", "--since", "last tuesday"},
      {"audit", "list", "--outcome", "maybe"},
      {"audit", "export", "--format", "xml", "--out", "x"},
      {"audit", "export"},
      {"--output", "yaml", "homes", "list"},
      {"homes", "list", "--timeout", "0"},
      {"homes", "get", "1", "2"},
  };
  for (const auto& args : cases) {
    const GfoResult result = RunGfoCapture(args);
    EXPECT_EQ(result.exit_code, 2) << absl::StrJoin(args, " ") << "\n" << result.err;
    EXPECT_THAT(result.err, HasSubstr("error: usage:")) << absl::StrJoin(args, " ");
  }
}

TEST_F(CliUsage, ATimeoutOfZeroSaysWhatIsExpected) {
  const GfoResult result = RunGfoCapture({"homes", "list", "--timeout", "0"});
  EXPECT_THAT(result.err,
              HasSubstr("--timeout: must be a number of seconds greater than 0, got 0"));
  EXPECT_LT(result.err.size(), 200u) << result.err;
}

TEST_F(CliUsage, HintNamesTheSubcommandThatFailed) {
  const GfoResult result = RunGfoCapture({"homes", "list", "--kind", "castle"});
  EXPECT_THAT(result.err, HasSubstr("expected one of long_term, emergency, reinforced, respite"));
  EXPECT_THAT(result.err, HasSubstr("Run `gfo homes list --help`"));
}

TEST_F(CliUsage, GlobalOptionsAreAcceptedAtEveryLevel) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--output", "json", "config", "show"},
           {"config", "--output", "json", "show"},
           {"config", "show", "--output", "json"},
           {"config", "show", "-o", "csv", "--timeout", "5", "--reason", "audit review"}}) {
    const GfoResult result = RunGfoCapture(args);
    EXPECT_EQ(result.exit_code, 0) << absl::StrJoin(args, " ") << "\n" << result.err;
  }
}

TEST_F(CliUsage, UnreachableServerIsExitNine) {
  const GfoResult result =
      RunGfoCapture({"--server", "127.0.0.1:1", "--timeout", "5", "homes", "get", "7"});
  EXPECT_EQ(result.exit_code, 9);
  EXPECT_THAT(result.err, HasSubstr("error: UNAVAILABLE: "));
}

TEST_F(CliUsage, LoginWithoutTokenIsAUsageError) {
  const GfoResult result = RunGfoCapture({"login", "--server", "127.0.0.1:1"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("login needs a token"));
}

TEST_F(CliUsage, UnreadableCertificateIsExitOne) {
  const GfoResult result = RunGfoCapture(
      {"--ca-cert", home() + "/missing-ca.pem", "--server", "127.0.0.1:1", "homes", "get", "7"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("missing-ca.pem"));
}

}  // namespace
}  // namespace gfo::cli
