// Test support for RunGfo: a fixture that gives each test an empty home directory (HOME and
// XDG_CONFIG_HOME point into a fresh temporary directory, GFO_* are unset) and restores the
// environment afterwards, plus a helper that runs gfo in-process and captures its output.

#ifndef GFO_TESTS_CLI_TEST_ENV_H_
#define GFO_TESTS_CLI_TEST_ENV_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gfo::cli::testing {

struct GfoResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs RunGfo(args) and captures stdout and stderr.
GfoResult RunGfoCapture(const std::vector<std::string>& args);

// The whole content of a file ("" if it cannot be read).
std::string ReadFileOrEmpty(const std::string& path);

// Writes `content` to `path`, creating parent directories.
void WriteFileOrDie(const std::string& path, const std::string& content);

class IsolatedEnvTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Sets (or with nullopt unsets) an environment variable until the test ends.
  void SetEnv(const std::string& name, const std::optional<std::string>& value);

  // The temporary directory standing in for $HOME; XDG_CONFIG_HOME is home()/.config.
  const std::string& home() const { return home_; }
  std::string DefaultConfigPath() const { return home_ + "/.config/gfo/config.json"; }

 private:
  std::string home_;
  std::map<std::string, std::optional<std::string>> saved_;
};

}  // namespace gfo::cli::testing

#endif  // GFO_TESTS_CLI_TEST_ENV_H_
