// The schema of gfo's SQLite database as numbered, append-only migrations, and the seed data
// every new database starts with (the county's municipalities and their GFO memberships, the
// legal references the workflow cites).
//
// Conventions: times are INTEGER microseconds since the Unix epoch (UTC); calendar dates are
// INTEGER days since 1970-01-01. Records whose full shape is a proto keep it in a `proto` BLOB
// beside the indexed columns the queries need.

#ifndef GFO_SERVICE_STORAGE_SCHEMA_H_
#define GFO_SERVICE_STORAGE_SCHEMA_H_

#include <vector>

#include "service/storage/sqlite.h"

namespace gfo::storage {

// Every migration, in order.
const std::vector<Migration>& SchemaMigrations();

}  // namespace gfo::storage

#endif  // GFO_SERVICE_STORAGE_SCHEMA_H_
