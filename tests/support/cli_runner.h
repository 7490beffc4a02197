// Runs the gfo command-line client in-process (cli::RunGfo) against a TestServer, for end-to-end
// tests of the CLI: the exit code and what gfo wrote to stdout and stderr.
//
//   IsolateCliEnvironment(server->dir());
//   CliResult r = RunGfoAs(*server, Who::kStaff, {"--output", "json", "homes", "list"});

#ifndef GFO_TESTS_SUPPORT_CLI_RUNNER_H_
#define GFO_TESTS_SUPPORT_CLI_RUNNER_H_

#include <string>
#include <vector>

#include "tests/support/test_server.h"

namespace gfo::testing {

// What one run of gfo gave.
struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Runs `gfo args...` in-process.
CliResult RunGfoInProcess(const std::vector<std::string>& args);

// Runs `gfo <leading...> --server <server's address> --token <who's token> <args...>`.
CliResult RunGfoAs(const TestServer& server, Who who, const std::vector<std::string>& args,
                   const std::vector<std::string>& leading = {});

// Keeps the user's own settings out of gfo for the rest of the process: unsets GFO_SERVER,
// GFO_TOKEN, GFO_OUTPUT and GFO_CONFIG and points XDG_CONFIG_HOME and HOME at `dir`.
void IsolateCliEnvironment(const std::string& dir);

}  // namespace gfo::testing

#endif  // GFO_TESTS_SUPPORT_CLI_RUNNER_H_
