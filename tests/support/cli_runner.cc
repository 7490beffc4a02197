#include "tests/support/cli_runner.h"

#include <stdlib.h>

#include <sstream>

#include "cli/gfo_cli.h"

namespace gfo::testing {

CliResult RunGfoInProcess(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = cli::RunGfo(args, out, err);
  return {code, out.str(), err.str()};
}

CliResult RunGfoAs(const TestServer& server, Who who, const std::vector<std::string>& args,
                   const std::vector<std::string>& leading) {
  std::vector<std::string> full = leading;
  full.insert(full.end(), {"--server", server.address(), "--token", server.token(who)});
  full.insert(full.end(), args.begin(), args.end());
  return RunGfoInProcess(full);
}

void IsolateCliEnvironment(const std::string& dir) {
  for (const char* var : {"GFO_SERVER", "GFO_TOKEN", "GFO_OUTPUT", "GFO_CONFIG"}) unsetenv(var);
  setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  setenv("HOME", dir.c_str(), 1);
}

}  // namespace gfo::testing
