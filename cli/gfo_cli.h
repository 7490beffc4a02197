// `gfo`, the command-line client of gfo-server, as a function: parse `args` (without argv[0]),
// run the selected command, print results on `out` and errors on `err`, return the exit code
// (see cli/exit_codes.h). cli/main.cc calls it; tests call it in-process.

#ifndef GFO_CLI_GFO_CLI_H_
#define GFO_CLI_GFO_CLI_H_

#include <ostream>
#include <string>
#include <vector>

namespace gfo::cli {

// Not thread-safe with respect to the process environment it reads (GFO_*, HOME,
// XDG_CONFIG_HOME). Progress bars appear only when `err` is std::cerr on a terminal.
int RunGfo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace gfo::cli

#endif  // GFO_CLI_GFO_CLI_H_
