#include "tests/cli/test_env.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/gfo_cli.h"

namespace gfo::cli::testing {

GfoResult RunGfoCapture(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  GfoResult result;
  result.exit_code = RunGfo(args, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFileOrDie(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

void IsolatedEnvTest::SetUp() {
  std::string pattern = (std::filesystem::temp_directory_path() / "gfo-cli-test-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  home_ = pattern;
  SetEnv("HOME", home_);
  SetEnv("XDG_CONFIG_HOME", home_ + "/.config");
  for (const char* name : {"GFO_SERVER", "GFO_TOKEN", "GFO_OUTPUT", "GFO_CONFIG"}) {
    SetEnv(name, std::nullopt);
  }
}

void IsolatedEnvTest::TearDown() {
  for (const auto& [name, value] : saved_) {
    if (value.has_value()) {
      ::setenv(name.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(home_, ignored);
}

void IsolatedEnvTest::SetEnv(const std::string& name, const std::optional<std::string>& value) {
  if (saved_.count(name) == 0) {
    const char* old = ::getenv(name.c_str());
    saved_[name] = old == nullptr ? std::nullopt : std::optional<std::string>(old);
  }
  if (value.has_value()) {
    ::setenv(name.c_str(), value->c_str(), 1);
  } else {
    ::unsetenv(name.c_str());
  }
}

}  // namespace gfo::cli::testing
