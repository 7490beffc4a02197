#include "cli/output.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gfo/v1/home.pb.h"

namespace gfo::cli {
namespace {

using ::testing::HasSubstr;

struct CsvCase {
  std::string field;
  std::string expected;
};

TEST(CliCsv, QuotesPerRfc4180) {
  const CsvCase cases[] = {
      {"plain", "plain"},           {"", ""},
      {"a,b", "\"a,b\""},           {"say \"hej\"", "\"say \"\"hej\"\"\""},
      {"\"", "\"\"\"\""},           {"line1\nline2", "\"line1\nline2\""},
      {"cr\rhere", "\"cr\rhere\""}, {"crlf\r\n", "\"crlf\r\n\""},
      {" padded ", "\" padded \""}, {"Örnsköldsvik", "Örnsköldsvik"},
      {"semi;colon", "semi;colon"},
  };
  for (const CsvCase& c : cases) EXPECT_EQ(CsvField(c.field), c.expected) << c.field;
}

TEST(CliCsv, RecordsEndInCrLf) {
  std::ostringstream out;
  WriteCsvRecord(out, {"a", "b,c", ""});
  WriteCsvRecord(out, {"x"});
  EXPECT_EQ(out.str(), "a,\"b,c\",\r\nx\r\n");
}

TEST(CliDisplayWidth, CountsSwedishLettersAsOneColumn) {
  EXPECT_EQ(DisplayWidth("Ånge"), 4u);
  EXPECT_EQ(DisplayWidth("Härnösand"), 9u);
  EXPECT_EQ(DisplayWidth("Örnsköldsvik"), 12u);
  EXPECT_EQ(DisplayWidth("a\u0308"), 1u);  // a + combining diaeresis
  EXPECT_EQ(DisplayWidth("日本"), 4u);
  EXPECT_EQ(DisplayWidth("\xff"), 1u);  // an invalid byte counts one
}

TEST(CliDisplayWidth, TruncatesOnCodePointBoundaries) {
  EXPECT_EQ(TruncateToWidth("Örnsköldsvik", 12), "Örnsköldsvik");
  EXPECT_EQ(TruncateToWidth("Örnsköldsvik", 6), "Örnsk…");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("ååååååååå", 5)), 5u);
  EXPECT_EQ(TruncateToWidth("ååå", 1), "…");
  EXPECT_EQ(TruncateToWidth("ååå", 0), "");
}

TEST(CliTable, AlignsColumnsByDisplayWidthNotBytes) {
  std::ostringstream out;
  WriteTable(out, {"NAME", "CODE"},
             {{"Ånge", "2260"}, {"Örnsköldsvik", "2284"}, {"Timrå", "2262"}});
  EXPECT_EQ(out.str(),
            "NAME          CODE\n"
            "Ånge          2260\n"
            "Örnsköldsvik  2284\n"
            "Timrå         2262\n");
}

TEST(CliTable, TruncatesLongCellsAndFlattensNewlines) {
  std::ostringstream out;
  WriteTable(out, {"A", "B"}, {{"väldigt långt värde här", "x"}, {"two\nlines", "y"}}, 10);
  EXPECT_EQ(out.str(),
            "A           B\n"
            "väldigt l…  x\n"
            "two lines   y\n");
}

// Text from the server can hold characters that act on a terminal: ESC and CSI sequences (C0 and
// C1), line separators, bidi overrides and isolates. A table shows each as a space.
TEST(CliTable, ShowsCharactersThatActOnTheTerminalAsSpaces) {
  std::ostringstream out;
  WriteTable(out, {"A"}, {{"x\x1b[2Ky\u009b1Az\u2028w\u202ev\u2067u\u00e5"}});
  EXPECT_EQ(out.str(), "A\nx [2Ky 1Az w v u\u00e5\n");
}

TEST(CliTable, PadsShortRowsAndLeavesNoTrailingBlanks) {
  std::ostringstream out;
  WriteTable(out, {"A", "B", "C"}, {{"1"}, {"1", "", "3"}});
  EXPECT_EQ(out.str(), "A  B  C\n1\n1     3\n");
}

std::vector<Column> HomeColumns() {
  return {Col<gfo::v1::Home>("NAME", [](const gfo::v1::Home& h) { return h.name(); }),
          Col<gfo::v1::Home>("CAPACITY",
                             [](const gfo::v1::Home& h) { return std::to_string(h.capacity()); })};
}

TEST(CliPrint, ListAsCsvHasHeaderAndRows) {
  gfo::v1::ListHomesResponse response;
  response.add_homes()->set_name("homes/1");
  response.mutable_homes(0)->set_capacity(2);
  response.add_homes()->set_name("homes/2");
  std::ostringstream out;
  PrintList(out, OutputFormat::kCsv, response, Rows(response.homes()), HomeColumns());
  EXPECT_EQ(out.str(), "NAME,CAPACITY\r\nhomes/1,2\r\nhomes/2,0\r\n");
}

TEST(CliPrint, ListAsJsonIsTheWholeResponseWithProtoFieldNames) {
  gfo::v1::ListHomesResponse response;
  response.add_homes()->set_municipality_code(2280);
  response.set_next_page_token("abc");
  std::ostringstream out;
  PrintList(out, OutputFormat::kJson, response, Rows(response.homes()), HomeColumns());
  EXPECT_THAT(out.str(), HasSubstr("\"municipality_code\": 2280"));
  EXPECT_THAT(out.str(), HasSubstr("\"next_page_token\": \"abc\""));
  EXPECT_EQ(out.str().front(), '{');
}

TEST(CliPrint, ResourceAsTableIsOneLabelledLinePerColumn) {
  gfo::v1::Home home;
  home.set_name("homes/7");
  home.set_capacity(3);
  std::ostringstream out;
  PrintResource(out, OutputFormat::kTable, home, HomeColumns());
  EXPECT_EQ(out.str(), "name:      homes/7\ncapacity:  3\n");
}

TEST(CliOutputFormat, ParsesTheThreeFormatsOnly) {
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_FALSE(ParseOutputFormat("yaml").ok());
  EXPECT_FALSE(ParseOutputFormat("JSON").ok());
}

}  // namespace
}  // namespace gfo::cli
