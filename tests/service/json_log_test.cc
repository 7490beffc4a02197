// gfo-server --log-format json: each line parses as one JSON object whose msg is the message as
// logged, whatever quotes, backslashes or control characters it holds.

#include "service/json_log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace gfo {
namespace {

TEST(JsonLog, EveryLineIsOneObjectWhateverTheMessageHolds) {
  std::ostringstream lines;
  auto logger = std::make_shared<spdlog::logger>(
      "json", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines));
  logger->set_formatter(JsonLogFormatter());
  const std::string tricky =
      "audit append failed error=INVALID_ARGUMENT: authorization: expected \"Bearer <token>\" "
      "\\ path C:\\x\ttab\nnewline \x01\x1b[2K end";
  logger->error("{}", tricky);
  logger->info("rpc method={} code={}", "gfo.v1.HomeService/GetHome", "OK");

  std::istringstream in(lines.str());
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const nlohmann::json first = nlohmann::json::parse(line);  // throws on a broken line
  EXPECT_EQ(first["msg"], tricky);
  EXPECT_EQ(first["level"], "error");
  EXPECT_EQ(first.size(), 3u);
  EXPECT_EQ(first["time"].get<std::string>().back(), 'Z');
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(nlohmann::json::parse(line)["msg"], "rpc method=gfo.v1.HomeService/GetHome code=OK");
  EXPECT_FALSE(std::getline(in, line));
}

}  // namespace
}  // namespace gfo
