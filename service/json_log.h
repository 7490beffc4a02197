// The access and error log as one JSON object per line (gfo-server --log-format json): the
// message is escaped as a JSON string, so a quote, a backslash or a control character in it (an
// error's text, say) cannot break the line or forge a field.

#ifndef GFO_SERVICE_JSON_LOG_H_
#define GFO_SERVICE_JSON_LOG_H_

#include <spdlog/formatter.h>

#include <memory>

namespace gfo {

// {"time":"<UTC, microseconds>Z","level":"<level>","msg":"<the escaped message>"}
std::unique_ptr<spdlog::formatter> JsonLogFormatter();

}  // namespace gfo

#endif  // GFO_SERVICE_JSON_LOG_H_
