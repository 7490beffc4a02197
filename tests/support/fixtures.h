// Valid example records for tests: change one field of a valid record to test one rule.

#ifndef GFO_TESTS_SUPPORT_FIXTURES_H_
#define GFO_TESTS_SUPPORT_FIXTURES_H_

#include <string>

#include "gfo/v1/home.pb.h"
#include "gfo/v1/request.pb.h"

namespace gfo::testing {

// A valid personal identity number (12 digits with separator, correct Luhn digit) for a child
// born on the given date; `serial` (0..99) varies the number.
std::string PersonalNumber(int year, int month, int day, int serial = 1);

// A long-term home in Härnösand (2280) for ages 0..17, capacity 2, speaking Swedish.
gfo::v1::Home ValidHome(int32_t municipality_code = 2280, int capacity = 2);

// A submitted-ready request from `municipality_code` for `children` siblings (ages 7, 9, ...),
// long-term, SoL, starting 2026-12-01, network examined, child's place in the municipality.
gfo::v1::PlacementRequest ValidRequest(int32_t municipality_code = 2280, int children = 1);

}  // namespace gfo::testing

#endif  // GFO_TESTS_SUPPORT_FIXTURES_H_
