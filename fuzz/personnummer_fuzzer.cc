// Fuzzes ParsePersonnummer and MaskPersonnummer with arbitrary text.
// Invariants: an accepted number has a 12-digit canonical form that parses to itself with the same
// birth date; a rejection is INVALID_ARGUMENT without four consecutive digits in its message (no
// detail quotes the number); a mask never shows more than the eight date digits.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "service/validation/personnummer.h"

namespace {

bool HasFourDigitRun(std::string_view text) {
  int run = 0;
  for (char c : text) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run >= 4) return true;
  }
  return false;
}

void CheckOne(std::string_view input, int32_t today) {
  using gfo::validation::ParsePersonnummer;
  absl::StatusOr<gfo::validation::Personnummer> parsed = ParsePersonnummer(input, today, "pnr");
  if (!parsed.ok()) {
    gfo::fuzz::CheckRejection(parsed.status(), "pnr: ");
    GFO_FUZZ_CHECK(!HasFourDigitRun(std::string(parsed.status().message())));
    return;
  }
  GFO_FUZZ_CHECK(parsed->canonical.size() == 12);
  GFO_FUZZ_CHECK(gfo::fuzz::DigitsOf(parsed->canonical) == parsed->canonical);
  GFO_FUZZ_CHECK(gfo::DayNumberFromCivilDay(parsed->birth_date) <= today);
  absl::StatusOr<gfo::validation::Personnummer> again =
      ParsePersonnummer(parsed->canonical, today, "pnr");
  GFO_FUZZ_CHECK(again.ok());
  GFO_FUZZ_CHECK(again->canonical == parsed->canonical);
  GFO_FUZZ_CHECK(again->birth_date == parsed->birth_date);
  GFO_FUZZ_CHECK(again->coordination_number == parsed->coordination_number);
  const std::string masked = gfo::validation::MaskPersonnummer(parsed->canonical);
  GFO_FUZZ_CHECK(gfo::validation::IsMaskedPersonnummer(masked));
  GFO_FUZZ_CHECK(masked.substr(0, 8) == parsed->canonical.substr(0, 8));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckOne(input, gfo::fuzz::Today());
  // A second "today" on a leap day in another century exercises the century inference.
  CheckOne(input, gfo::DayNumberFromCivilDay(absl::CivilDay(2000, 2, 29)));
  const std::string masked = gfo::validation::MaskPersonnummer(input);
  GFO_FUZZ_CHECK(masked == "********-****" || gfo::validation::IsMaskedPersonnummer(masked));
  return 0;
}
