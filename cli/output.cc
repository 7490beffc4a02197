#include "cli/output.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include <google/protobuf/util/json_util.h>
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cli/absl_compat.h"
#include "service/display_controls.h"

namespace gfo::cli {
namespace {

// Decodes the code point starting at text[*pos] and advances *pos past it. An invalid or
// truncated sequence yields its first byte as a code point of its own.
uint32_t NextCodePoint(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(*pos);
  size_t length = 1;
  uint32_t cp = lead;
  if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
  } else if (lead >= 0xE0) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
  }
  if (length > 1) {
    if (*pos + length > text.size()) length = 1;
    for (size_t i = 1; i < length; ++i) {
      if ((byte(*pos + i) & 0xC0u) != 0x80u) {
        length = 1;
        break;
      }
    }
    if (length == 1) {
      cp = lead;
    } else {
      for (size_t i = 1; i < length; ++i) cp = (cp << 6) | (byte(*pos + i) & 0x3Fu);
    }
  }
  *pos += length;
  return cp;
}

size_t CodePointWidth(uint32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || (cp >= 0xFE00 && cp <= 0xFE0F)) return 0;
  const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
                    (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

// Replaces display controls (IsDisplayControl: newlines, tabs, ESC, CSI, bidi overrides...) by
// spaces so a cell stays on one line and cannot move the terminal's cursor or reorder its text.
std::string SanitizeCell(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const uint32_t cp = NextCodePoint(text, &pos);
    if (IsDisplayControl(cp)) {
      result.push_back(' ');
    } else {
      result.append(text.substr(start, pos - start));
    }
  }
  return result;
}

void WritePadded(std::ostream& out, const std::string& cell, size_t width) {
  out << cell;
  const size_t used = DisplayWidth(cell);
  if (used < width) out << std::string(width - used, ' ');
}

std::vector<std::string> Headers(const std::vector<Column>& columns) {
  std::vector<std::string> headers;
  headers.reserve(columns.size());
  for (const Column& column : columns) headers.push_back(column.header);
  return headers;
}

std::vector<std::string> Cells(const google::protobuf::Message& row,
                               const std::vector<Column>& columns) {
  std::vector<std::string> cells;
  cells.reserve(columns.size());
  for (const Column& column : columns) cells.push_back(column.value(row));
  return cells;
}

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  if (text == "csv") return OutputFormat::kCsv;
  return absl::InvalidArgumentError(
      absl::StrCat("output: must be table, json or csv, got '", ToAbsl(text), "'"));
}

size_t DisplayWidth(std::string_view utf8) {
  size_t width = 0;
  size_t pos = 0;
  while (pos < utf8.size()) width += CodePointWidth(NextCodePoint(utf8, &pos));
  return width;
}

std::string TruncateToWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  const size_t budget = width - 1;  // one column for the ellipsis
  size_t used = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = pos;
    const size_t w = CodePointWidth(NextCodePoint(text, &next));
    if (used + w > budget) break;
    used += w;
    pos = next;
  }
  return absl::StrCat(ToAbsl(text.substr(0, pos)), "…");
}

void WriteTable(std::ostream& out, const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, size_t max_cell_width) {
  const size_t n = headers.size();
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size() + 1);
  cells.push_back(headers);
  for (const auto& row : rows) {
    std::vector<std::string> line(n);
    for (size_t i = 0; i < n && i < row.size(); ++i) {
      line[i] = TruncateToWidth(SanitizeCell(row[i]), max_cell_width);
    }
    cells.push_back(std::move(line));
  }
  std::vector<size_t> widths(n, 0);
  for (const auto& line : cells) {
    for (size_t i = 0; i < n; ++i) widths[i] = std::max(widths[i], DisplayWidth(line[i]));
  }
  for (const auto& line : cells) {
    // The last non-empty cell ends the line, so no line carries trailing blanks.
    size_t last = n;
    while (last > 0 && line[last - 1].empty()) --last;
    for (size_t i = 0; i < last; ++i) {
      if (i > 0) out << "  ";
      if (i + 1 == last) {
        out << line[i];
      } else {
        WritePadded(out, line[i], widths[i]);
      }
    }
    out << '\n';
  }
}

std::string CsvField(std::string_view field) {
  const bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    out << CsvField(fields[i]);
  }
  out << "\r\n";
}

std::string ToJson(const google::protobuf::Message& message, JsonStyle style) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = style == JsonStyle::kPretty;
  std::string json;
  // Printing a valid in-memory message cannot fail; an empty object is the safe fallback.
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) json = "{}";
  if (style == JsonStyle::kPretty) {
    while (!json.empty() && json.back() == '\n') json.pop_back();
  }
  return json;
}

void PrintResource(std::ostream& out, OutputFormat format, const google::protobuf::Message& message,
                   const std::vector<Column>& columns) {
  switch (format) {
    case OutputFormat::kJson:
      out << ToJson(message) << '\n';
      return;
    case OutputFormat::kCsv:
      WriteCsvRecord(out, Headers(columns));
      WriteCsvRecord(out, Cells(message, columns));
      return;
    case OutputFormat::kTable: {
      size_t label_width = 0;
      for (const Column& column : columns) {
        label_width = std::max(label_width, DisplayWidth(column.header) + 1);
      }
      for (const Column& column : columns) {
        const std::string value = SanitizeCell(column.value(message));
        if (value.empty()) {
          out << absl::AsciiStrToLower(column.header) << ":\n";
          continue;
        }
        WritePadded(out, absl::AsciiStrToLower(column.header) + ":", label_width);
        out << "  " << value << '\n';
      }
      return;
    }
  }
}

void PrintList(std::ostream& out, OutputFormat format, const google::protobuf::Message& response,
               const std::vector<const google::protobuf::Message*>& rows,
               const std::vector<Column>& columns, size_t max_cell_width) {
  if (format == OutputFormat::kJson) {
    out << ToJson(response) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  for (const google::protobuf::Message* row : rows) cells.push_back(Cells(*row, columns));
  if (format == OutputFormat::kCsv) {
    WriteCsvRecord(out, Headers(columns));
    for (const auto& record : cells) WriteCsvRecord(out, record);
    return;
  }
  WriteTable(out, Headers(columns), cells, max_cell_width);
}

}  // namespace gfo::cli
