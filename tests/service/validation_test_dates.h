// A gfo.v1.Date from its parts, for the validation tests (one binary, validation_tests).

#ifndef GFO_TESTS_SERVICE_VALIDATION_TEST_DATES_H_
#define GFO_TESTS_SERVICE_VALIDATION_TEST_DATES_H_

#include "gfo/v1/common.pb.h"

namespace gfo::validation::dates {

inline gfo::v1::Date MakeDate(int year, int month, int day) {
  gfo::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

}  // namespace gfo::validation::dates

#endif  // GFO_TESTS_SERVICE_VALIDATION_TEST_DATES_H_
