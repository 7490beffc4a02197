// The matcher configuration as gfo-server loads it: the real binary refuses to start with an
// invalid configuration file and names the field; a valid one starts.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace gfo::testing {
namespace {

class MatchConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (std::filesystem::temp_directory_path() / "gfo-config-XXXXXX").string();
    dir_ = mkdtemp(templ.data());
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Starts gfo-server with `config_text` as its --config file. Returns the exit code and the
  // output (stdout and stderr) of a server that refused to start; for one that started, sends
  // SIGTERM once it prints "listening on" and returns its exit code.
  std::pair<int, std::string> Run(const std::string& config_text) {
    const std::string config = dir_ + "/gfo.textproto";
    std::ofstream(config) << config_text;
    const std::string db = dir_ + "/gfo.db";
    int pipe_fds[2];
    EXPECT_EQ(pipe(pipe_fds), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      dup2(pipe_fds[1], STDOUT_FILENO);
      dup2(pipe_fds[1], STDERR_FILENO);
      close(pipe_fds[0]);
      execl(GFO_SERVER_BINARY, GFO_SERVER_BINARY, "--listen", "127.0.0.1:0", "--db", db.c_str(),
            "--config", config.c_str(), "--log-level", "off", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(pipe_fds[1]);
    FILE* out = fdopen(pipe_fds[0], "r");
    std::string text;
    char line[512];
    while (fgets(line, sizeof(line), out) != nullptr) {
      text += line;
      if (text.find("listening on") != std::string::npos) {
        kill(pid, SIGTERM);
        break;
      }
    }
    int wstatus = 0;
    EXPECT_EQ(waitpid(pid, &wstatus, 0), pid);
    fclose(out);
    return {WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1, text};
  }

  std::string dir_;
};

TEST_F(MatchConfigTest, NegativeWeightRefusesStartNamingTheField) {
  auto [code, output] = Run("matcher { weights { proximity: -1 } }\n");
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("matcher.weights.proximity"), std::string::npos) << output;
  EXPECT_EQ(output.find("listening on"), std::string::npos) << output;
}

TEST_F(MatchConfigTest, OutOfRangeValuesNameTheirFields) {
  for (const auto& [text, field] : std::vector<std::pair<std::string, std::string>>{
           {"matcher { distance_half_km: 0 }", "matcher.distance_half_km"},
           {"matcher { fairness_horizon_days: 0 }", "matcher.fairness_horizon_days"},
           {"matcher { default_top_k: 500 }", "matcher.default_top_k"},
           {"proposal_hold_hours: 0", "proposal_hold_hours"},
           {"matcher { weights { proximity: 0 language: 0 background: 0 experience: 0 "
            "age_fit: 0 siblings: 0 continuity: 0 waiting_time: 0 } }",
            "matcher.weights"},
       }) {
    auto [code, output] = Run(text);
    EXPECT_NE(code, 0) << text;
    EXPECT_NE(output.find(field), std::string::npos) << text << " -> " << output;
  }
}

TEST_F(MatchConfigTest, SyntaxErrorNamesTheLine) {
  auto [code, output] = Run("matcher {\n  weights { proximty: 2 }\n}\n");
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("line 2"), std::string::npos) << output;
}

TEST_F(MatchConfigTest, ValidConfigurationStarts) {
  auto [code, output] =
      Run("matcher {\n  weights { proximity: 4 language: 2.5 }\n  distance_half_km: 25\n"
          "  default_max_distance_km: 300\n  default_top_k: 20\n}\nproposal_hold_hours: 48\n");
  EXPECT_NE(output.find("listening on"), std::string::npos) << output;
  EXPECT_EQ(code, 0) << output;
}

}  // namespace
}  // namespace gfo::testing
