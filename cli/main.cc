// gfo: the command-line client of the family-home bank.
#include <iostream>
#include <string>
#include <vector>

#include "cli/gfo_cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  return gfo::cli::RunGfo(args, std::cout, std::cerr);
}
