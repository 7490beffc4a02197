// Direct reads of a TestServer's database, for tests that check what a call stored (row counts,
// single values) without going through the API.
//
// Reads run through the server's own database (a reader connection), so they see exactly what
// the server has committed.

#ifndef GFO_TESTS_SUPPORT_DB_QUERIES_H_
#define GFO_TESTS_SUPPORT_DB_QUERIES_H_

#include <cstdint>
#include <string>

#include "tests/support/test_server.h"

namespace gfo::testing {

// The first column of the first row of `sql` (a query without parameters, typically a COUNT),
// or -1 when the query returns no row. A query that fails fails the calling test (and gives -1).
int64_t QueryInt(TestServer& server, const std::string& sql);

// An SQL condition: the audit event aliased `e` names the resource `resource_sql` (an SQL
// expression). It reads the event row itself: the lookup table audit_resources is filled behind
// the trail (audit::IndexPending), so it may not hold the latest events yet.
std::string EventNames(const std::string& resource_sql);

}  // namespace gfo::testing

#endif  // GFO_TESTS_SUPPORT_DB_QUERIES_H_
