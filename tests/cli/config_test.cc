// Settings precedence (flag > env > config file > default) and the config file itself.

#include <sys/stat.h>

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/config_file.h"
#include "cli/globals.h"
#include "tests/cli/test_env.h"

namespace gfo::cli {
namespace {

using ::testing::HasSubstr;
using testing::IsolatedEnvTest;
using ::testing::Not;
using testing::ReadFileOrEmpty;
using testing::RunGfoCapture;
using testing::WriteFileOrDie;

EnvLookup FakeEnv(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(CliGlobals, DefaultsWhenNothingIsGiven) {
  const absl::StatusOr<Globals> g = ResolveGlobals({}, FakeEnv({}), {}, "");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->server, "127.0.0.1:50051");
  EXPECT_EQ(g->token, "");
  EXPECT_EQ(g->output, OutputFormat::kTable);
  EXPECT_EQ(g->timeout_seconds, 30);
  EXPECT_FALSE(g->tls.enabled);
  EXPECT_EQ(g->sources.at("server"), "default");
}

TEST(CliGlobals, AReasonLongerThanTheTrailKeepsIsRefused) {
  GlobalFlagValues flags;
  flags.reason = std::string(200, 'r');
  EXPECT_TRUE(ResolveGlobals(flags, FakeEnv({}), {}, "").ok());
  flags.reason = std::string(201, 'r');
  const absl::StatusOr<Globals> g = ResolveGlobals(flags, FakeEnv({}), {}, "");
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("reason: at most 200 bytes, got 201"));
}

TEST(CliGlobals, FlagBeatsEnvBeatsFile) {
  ConfigValues file;
  file.server = "file:1";
  file.token = "file-token";
  file.output = "csv";
  GlobalFlagValues flags;
  const EnvLookup env = FakeEnv({{"GFO_SERVER", "env:1"}, {"GFO_OUTPUT", "json"}});

  absl::StatusOr<Globals> g = ResolveGlobals(flags, FakeEnv({}), file, "");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->server, "file:1");
  EXPECT_EQ(g->token, "file-token");
  EXPECT_EQ(g->output, OutputFormat::kCsv);

  g = ResolveGlobals(flags, env, file, "");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->server, "env:1");
  EXPECT_EQ(g->sources.at("server"), "env GFO_SERVER");
  EXPECT_EQ(g->output, OutputFormat::kJson);

  flags.server = "flag:1";
  flags.output = "table";
  g = ResolveGlobals(flags, env, file, "");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->server, "flag:1");
  EXPECT_EQ(g->sources.at("server"), "flag");
  EXPECT_EQ(g->output, OutputFormat::kTable);
}

TEST(CliGlobals, SavedTokenIsNotSentToAnotherServer) {
  ConfigValues file;
  file.server = "bank.example:443";
  file.token = "saved";
  GlobalFlagValues flags;
  flags.server = "other.example:443";
  const absl::StatusOr<Globals> g = ResolveGlobals(flags, FakeEnv({}), file, "");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->token, "");
  EXPECT_EQ(g->token_withheld_for_server, "bank.example:443");

  // An explicit token is the user's choice and is sent.
  flags.token = "explicit";
  EXPECT_EQ(ResolveGlobals(flags, FakeEnv({}), file, "")->token, "explicit");
}

TEST(CliGlobals, RejectsBadValuesNamingTheSource) {
  const absl::StatusOr<Globals> bad_output =
      ResolveGlobals({}, FakeEnv({{"GFO_OUTPUT", "yaml"}}), {}, "");
  ASSERT_FALSE(bad_output.ok());
  EXPECT_THAT(std::string(bad_output.status().message()), HasSubstr("env GFO_OUTPUT"));

  ConfigValues file;
  file.timeout = -1;
  EXPECT_FALSE(ResolveGlobals({}, FakeEnv({}), file, "").ok());

  GlobalFlagValues flags;
  flags.token = "bad token";
  EXPECT_FALSE(ResolveGlobals(flags, FakeEnv({}), {}, "").ok());

  GlobalFlagValues cert_only;
  cert_only.client_cert = "client.pem";
  EXPECT_FALSE(ResolveGlobals(cert_only, FakeEnv({}), {}, "").ok());
}

TEST(CliGlobals, CertificatesTurnTlsOn) {
  GlobalFlagValues flags;
  flags.ca_cert = "ca.pem";
  const absl::StatusOr<Globals> g = ResolveGlobals(flags, FakeEnv({}), {}, "");
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE(g->tls.enabled);
  EXPECT_EQ(g->tls.ca_cert_file, "ca.pem");
}

TEST(CliGlobals, ConfigPathFollowsFlagEnvXdgHome) {
  EXPECT_EQ(ResolveConfigPath("/x/c.json", FakeEnv({{"GFO_CONFIG", "/e.json"}})), "/x/c.json");
  EXPECT_EQ(ResolveConfigPath(std::nullopt,
                              FakeEnv({{"GFO_CONFIG", "/e.json"}, {"XDG_CONFIG_HOME", "/xdg"}})),
            "/e.json");
  EXPECT_EQ(ResolveConfigPath(std::nullopt, FakeEnv({{"XDG_CONFIG_HOME", "/xdg"}, {"HOME", "/h"}})),
            "/xdg/gfo/config.json");
  EXPECT_EQ(ResolveConfigPath(std::nullopt, FakeEnv({{"HOME", "/h"}})),
            "/h/.config/gfo/config.json");
  EXPECT_EQ(ResolveConfigPath(std::nullopt, FakeEnv({})), "");
}

class CliConfigFile : public IsolatedEnvTest {};

TEST_F(CliConfigFile, MissingFileIsEmpty) {
  const absl::StatusOr<ConfigValues> values = LoadConfig(home() + "/nope/config.json");
  ASSERT_TRUE(values.ok());
  EXPECT_FALSE(values->server.has_value());
}

TEST_F(CliConfigFile, UpdateCreatesPrivateDirectoriesAndFileAndKeepsOtherKeys) {
  const std::string path = home() + "/a/b/config.json";
  WriteFileOrDie(path, R"({"custom": 1, "output": "csv"})");
  ConfigValues set;
  set.server = "s:1";
  set.token = "t";
  ASSERT_TRUE(UpdateConfig(path, set).ok());

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const absl::StatusOr<ConfigValues> values = LoadConfig(path);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(values->server, "s:1");
  EXPECT_EQ(values->token, "t");
  EXPECT_EQ(values->output, "csv");
  EXPECT_THAT(ReadFileOrEmpty(path), HasSubstr("\"custom\": 1"));

  const std::string fresh = home() + "/new/dir/config.json";
  ASSERT_TRUE(UpdateConfig(fresh, set).ok());
  ASSERT_EQ(::stat((home() + "/new/dir").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((home() + "/new").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);

  ASSERT_TRUE(UpdateConfig(path, {}, {"token"}).ok());
  EXPECT_FALSE(LoadConfig(path)->token.has_value());
  EXPECT_EQ(LoadConfig(path)->server, "s:1");
}

TEST_F(CliConfigFile, MalformedFileOrWrongTypeIsInvalidArgumentNamingTheFile) {
  const std::string path = home() + "/config.json";
  WriteFileOrDie(path, "{not json");
  absl::StatusOr<ConfigValues> values = LoadConfig(path);
  ASSERT_FALSE(values.ok());
  EXPECT_EQ(values.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(values.status().message()), HasSubstr(path));

  WriteFileOrDie(path, R"({"timeout": "soon"})");
  values = LoadConfig(path);
  ASSERT_FALSE(values.ok());
  EXPECT_THAT(std::string(values.status().message()), HasSubstr("timeout"));
}

TEST_F(CliConfigFile, RelativeCertificatePathsAreRelativeToTheFile) {
  const std::string path = home() + "/conf/config.json";
  WriteFileOrDie(path, R"({"ca_cert": "ca.pem", "client_cert": "/abs/c.pem"})");
  const absl::StatusOr<ConfigValues> values = LoadConfig(path);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(values->ca_cert, home() + "/conf/ca.pem");
  EXPECT_EQ(values->client_cert, "/abs/c.pem");
}

// Through the whole command line: `gfo config show` reports the effective settings.
class CliConfigPrecedence : public IsolatedEnvTest {};

TEST_F(CliConfigPrecedence, FileThenEnvThenFlag) {
  WriteFileOrDie(DefaultConfigPath(),
                 R"({"server": "file.example:1", "token": "t0", "output": "csv"})");
  auto show = RunGfoCapture({"config", "show"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("server,file.example:1,config file\r\n"));
  EXPECT_THAT(show.out, HasSubstr("output,csv,config file\r\n"));
  EXPECT_THAT(show.out, Not(HasSubstr("t0")));  // never prints the token

  // The file's `output: csv` applies, which makes the lines easy to match.
  SetEnv("GFO_SERVER", "env.example:2");
  show = RunGfoCapture({"config", "show"});
  EXPECT_THAT(show.out, HasSubstr("server,env.example:2,env GFO_SERVER\r\n"));
  // The saved token belongs to file.example:1, so it is not sent to env.example:2.
  EXPECT_THAT(show.out, HasSubstr("not sent"));

  show = RunGfoCapture({"config", "show", "--server", "flag.example:3"});
  EXPECT_THAT(show.out, HasSubstr("server,flag.example:3,flag\r\n"));
  show = RunGfoCapture({"--server", "flag.example:4", "config", "show"});
  EXPECT_THAT(show.out, HasSubstr("server,flag.example:4,flag\r\n"));

  // The output format follows the same order: file (csv) < env < flag.
  SetEnv("GFO_OUTPUT", "table");
  show = RunGfoCapture({"config", "show"});
  EXPECT_THAT(show.out, HasSubstr("env GFO_OUTPUT"));
  EXPECT_THAT(show.out, Not(HasSubstr("\r\n")));
  show = RunGfoCapture({"config", "show", "-o", "json"});
  EXPECT_THAT(show.out, HasSubstr("\"from\": \"flag\""));
}

TEST_F(CliConfigPrecedence, GfoConfigEnvAndConfigFlagChooseTheFile) {
  WriteFileOrDie(home() + "/env.json", R"({"server": "from-env-file:1"})");
  WriteFileOrDie(home() + "/flag.json", R"({"server": "from-flag-file:1"})");
  SetEnv("GFO_CONFIG", home() + "/env.json");
  EXPECT_THAT(RunGfoCapture({"config", "show"}).out, HasSubstr("from-env-file:1"));
  EXPECT_THAT(RunGfoCapture({"config", "show", "--config", home() + "/flag.json"}).out,
              HasSubstr("from-flag-file:1"));
}

TEST_F(CliConfigPrecedence, BadSettingsAreUsageErrorsAndBadFilesOtherErrors) {
  SetEnv("GFO_OUTPUT", "yaml");
  auto result = RunGfoCapture({"config", "show"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("GFO_OUTPUT"));
  SetEnv("GFO_OUTPUT", std::nullopt);

  WriteFileOrDie(DefaultConfigPath(), "[1, 2]");
  result = RunGfoCapture({"config", "show"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(DefaultConfigPath()));
}

TEST_F(CliConfigPrecedence, LogoutRemovesOnlyTheToken) {
  WriteFileOrDie(DefaultConfigPath(), R"({"server": "s:1", "token": "t"})");
  const auto result = RunGfoCapture({"logout"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const absl::StatusOr<ConfigValues> values = LoadConfig(DefaultConfigPath());
  ASSERT_TRUE(values.ok());
  EXPECT_FALSE(values->token.has_value());
  EXPECT_EQ(values->server, "s:1");
  EXPECT_EQ(RunGfoCapture({"logout"}).exit_code, 0);
}

}  // namespace
}  // namespace gfo::cli
