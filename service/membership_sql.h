// When a municipality is a GFO member, as one SQL condition shared by the queries that need it
// (a request's municipality must be a member to send or rank it; the batch suggestion matches
// members' requests only), so that they cannot drift apart. municipalities.cc Covers is the
// same rule for a period already read.

#ifndef GFO_SERVICE_MEMBERSHIP_SQL_H_
#define GFO_SERVICE_MEMBERSHIP_SQL_H_

// True for a row of `memberships` (under `alias`) that covers the day number `day` (an SQL
// expression, such as a parameter "?2"). A membership's end_day is the first day the
// municipality is no longer a member.
// clang-format off
#define GFO_MEMBERSHIP_COVERS(alias, day)                          \
  "(" alias ".start_day <= " day " AND (" alias ".end_day IS NULL " \
  "OR " alias ".end_day > " day "))"
// clang-format on

#endif  // GFO_SERVICE_MEMBERSHIP_SQL_H_
