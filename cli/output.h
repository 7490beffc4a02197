// How `gfo` prints results: aligned tables for people, CSV (RFC 4180) and canonical proto JSON for
// programs.
//
// A command describes its columns once as a list of `Column`s and hands the response to
// PrintResource (one message) or PrintList (a List response and its items); the chosen
// --output format decides the rest. Table cells are measured in terminal columns (UTF-8 aware,
// so "Örnsköldsvik" is 12 wide) and long cells are cut with "…". JSON always prints the whole
// response message, so `--output json` of a list is one object with the items and the
// next_page_token.

#ifndef GFO_CLI_OUTPUT_H_
#define GFO_CLI_OUTPUT_H_

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>
#include "absl/status/statusor.h"

namespace gfo::cli {

enum class OutputFormat { kTable, kJson, kCsv };

// Parses "table", "json" or "csv" (exactly, lower case). INVALID_ARGUMENT otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view text);

// One column of a table or CSV: a header and how to render a row's message as text.
struct Column {
  std::string header;
  std::function<std::string(const google::protobuf::Message&)> value;
};

// A Column over a concrete message type M; `value` receives the row downcast to M.
// REQUIRES: every row passed with this column is an M.
template <typename M>
Column Col(std::string header, std::function<std::string(const M&)> value) {
  return Column{std::move(header), [value = std::move(value)](const google::protobuf::Message& m) {
                  return value(static_cast<const M&>(m));
                }};
}

// The rows of a repeated message field, for PrintList.
template <typename M>
std::vector<const google::protobuf::Message*> Rows(
    const google::protobuf::RepeatedPtrField<M>& items) {
  std::vector<const google::protobuf::Message*> rows;
  rows.reserve(static_cast<size_t>(items.size()));
  for (const M& item : items) rows.push_back(&item);
  return rows;
}

// Width in terminal columns of UTF-8 text: one per code point, zero for combining marks
// (U+0300..U+036F) and two for East Asian wide ranges. Invalid bytes count one each.
size_t DisplayWidth(std::string_view utf8);

// `text` cut to at most `width` columns on a code-point boundary, ending in "…" when cut.
std::string TruncateToWidth(std::string_view text, size_t width);

// Writes an aligned table: headers, then rows, columns separated by two spaces, no trailing
// blanks. Control characters (tabs, newlines) in cells become spaces; cells wider than
// `max_cell_width` are truncated. Rows shorter than `headers` are padded with empty cells.
void WriteTable(std::ostream& out, const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, size_t max_cell_width = 48);

// A CSV field per RFC 4180: quoted when it holds a comma, a double quote, CR or LF (also when it
// starts or ends with a space), with quotes doubled.
std::string CsvField(std::string_view field);

// One CSV record: fields joined by commas, terminated by CRLF.
void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields);

// The canonical proto JSON of `message` with proto field names (e.g. "municipality_code").
// Pretty: indented, multi-line; compact: one line. Neither ends in a newline.
enum class JsonStyle { kPretty, kCompact };
std::string ToJson(const google::protobuf::Message& message, JsonStyle style = JsonStyle::kPretty);

// Prints one resource. Table: one "HEADER  value" line per column; CSV: a header record and
// one record; JSON: the message.
void PrintResource(std::ostream& out, OutputFormat format, const google::protobuf::Message& message,
                   const std::vector<Column>& columns);

// Prints a list. Table and CSV: the header and one row per item of `rows`; JSON: `response`.
// Table cells wider than `max_cell_width` are cut (sentences need more than the default).
void PrintList(std::ostream& out, OutputFormat format, const google::protobuf::Message& response,
               const std::vector<const google::protobuf::Message*>& rows,
               const std::vector<Column>& columns, size_t max_cell_width = 48);

}  // namespace gfo::cli

#endif  // GFO_CLI_OUTPUT_H_
