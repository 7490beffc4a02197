// A home that a write changed, as the write tells the home index (Call::TouchHome,
// Call::TouchSavedHome) and the index reloads it after the commit (HomeIndex::Reload).

#ifndef GFO_SERVICE_TOUCHED_HOME_H_
#define GFO_SERVICE_TOUCHED_HOME_H_

#include <cstdint>
#include <memory>

#include "gfo/v1/home.pb.h"

namespace gfo {

struct TouchedHome {
  int64_t id = 0;
  // Set when the write changed only the home's row (not its placements, holds or transitions):
  // the row as the write saved it (home_store::Save), which the index takes instead of reading
  // the home back. Null: the index reads everything of the home back.
  std::shared_ptr<const gfo::v1::Home> saved;
};

}  // namespace gfo

#endif  // GFO_SERVICE_TOUCHED_HOME_H_
