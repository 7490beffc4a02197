// Characters that can act on a terminal rather than be shown on it, for the audit trail's stored
// text (audit::StorableText) and the CLI's table cells (SanitizeCell): one definition, so that
// what the trail neutralizes and what an auditor's terminal is protected from stay the same.
// Header-only: the CLI includes it without linking the service.

#ifndef GFO_SERVICE_DISPLAY_CONTROLS_H_
#define GFO_SERVICE_DISPLAY_CONTROLS_H_

#include <cstdint>

namespace gfo {

// True for a code point that can move the cursor or reorder what a terminal shows: C0 and C1
// controls (newline, ESC, CSI), DEL, the line and paragraph separators, and the bidirectional
// marks, embeddings, overrides and isolates.
inline bool IsDisplayControl(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace gfo

#endif  // GFO_SERVICE_DISPLAY_CONTROLS_H_
