// Fuzzes the request validator: bytes -> gfo.v1.PlacementRequest (wire format) ->
// ValidateRequestForCreate and ValidateForSubmit.
// Invariants: a rejection is INVALID_ARGUMENT naming a `request.` field and never quotes a child's
// personal identity number; a request that validates still validates after NormalizeRequest (which
// sets every birth date), normalising twice changes nothing, the request passes as an update patch
// with mask `*`, submit validity implies create validity, and MaskRequest leaves only masked
// numbers.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "gfo/v1/request.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "service/validation/common_validation.h"
#include "service/validation/personnummer.h"
#include "service/validation/request_validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gfo::v1::PlacementRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  const int32_t today = gfo::fuzz::Today();

  const absl::Status submit = gfo::validation::ValidateForSubmit(request, today);
  const absl::Status status = gfo::validation::ValidateRequestForCreate(request, today);
  if (!status.ok()) {
    GFO_FUZZ_CHECK(!submit.ok());
    for (const gfo::v1::Child& child : request.children()) {
      gfo::fuzz::CheckRejection(status, "request.",
                                gfo::fuzz::DigitsOf(child.personal_identity_number()));
      gfo::fuzz::CheckRejection(submit, "request.",
                                gfo::fuzz::DigitsOf(child.personal_identity_number()));
    }
    gfo::fuzz::CheckRejection(status, "request.");
    return 0;
  }
  if (!submit.ok()) {
    gfo::fuzz::CheckRejection(submit, "request.network_examination");
  }

  gfo::v1::PlacementRequest normalized = request;
  gfo::validation::NormalizeRequest(normalized, today);
  GFO_FUZZ_CHECK(gfo::validation::ValidateRequestForCreate(normalized, today).ok());
  GFO_FUZZ_CHECK(gfo::validation::ValidateForSubmit(normalized, today).ok() == submit.ok());
  for (const gfo::v1::Child& child : normalized.children()) {
    GFO_FUZZ_CHECK(gfo::validation::IsDateSet(child.birth_date()));
  }
  gfo::v1::PlacementRequest twice = normalized;
  gfo::validation::NormalizeRequest(twice, today);
  GFO_FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(twice, normalized));

  google::protobuf::FieldMask everything;
  everything.add_paths("*");
  absl::StatusOr<google::protobuf::FieldMask> mask =
      gfo::validation::ValidateRequestUpdate(request, everything, today);
  GFO_FUZZ_CHECK(mask.ok());

  gfo::validation::MaskRequest(twice);
  for (const gfo::v1::Child& child : twice.children()) {
    GFO_FUZZ_CHECK(child.personal_identity_number().empty() ||
                   gfo::validation::IsMaskedPersonnummer(child.personal_identity_number()));
  }
  return 0;
}
