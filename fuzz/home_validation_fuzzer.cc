// Fuzzes the home validator: bytes -> gfo.v1.Home (wire format) -> ValidateHomeForCreate.
// Invariants: a rejection is INVALID_ARGUMENT naming a `home.` field and never quotes an adult's
// personal identity number; a home that validates still validates after NormalizeHome, normalising
// twice changes nothing, the home passes as an update patch with mask `*`, and MaskHome leaves
// only masked numbers.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "gfo/v1/home.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "service/validation/home_validation.h"
#include "service/validation/personnummer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gfo::v1::Home home;
  if (!home.ParseFromArray(data, static_cast<int>(size))) return 0;
  const int32_t today = gfo::fuzz::Today();

  const absl::Status status = gfo::validation::ValidateHomeForCreate(home, today);
  if (!status.ok()) {
    for (const gfo::v1::Adult& adult : home.adults()) {
      gfo::fuzz::CheckRejection(status, "home.",
                                gfo::fuzz::DigitsOf(adult.personal_identity_number()));
    }
    gfo::fuzz::CheckRejection(status, "home.");
    return 0;
  }

  gfo::v1::Home normalized = home;
  gfo::validation::NormalizeHome(normalized, today);
  GFO_FUZZ_CHECK(gfo::validation::ValidateHomeForCreate(normalized, today).ok());
  gfo::v1::Home twice = normalized;
  gfo::validation::NormalizeHome(twice, today);
  GFO_FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(twice, normalized));

  google::protobuf::FieldMask everything;
  everything.add_paths("*");
  absl::StatusOr<google::protobuf::FieldMask> mask =
      gfo::validation::ValidateHomeUpdate(home, everything, today);
  GFO_FUZZ_CHECK(mask.ok());
  gfo::v1::Home stored;
  gfo::validation::ApplyHomeMask(stored, normalized, *mask);
  GFO_FUZZ_CHECK(gfo::validation::ValidateMergedHome(stored, today).ok());

  gfo::validation::MaskHome(twice);
  for (const gfo::v1::Adult& adult : twice.adults()) {
    GFO_FUZZ_CHECK(adult.personal_identity_number().empty() ||
                   gfo::validation::IsMaskedPersonnummer(adult.personal_identity_number()));
  }
  return 0;
}
