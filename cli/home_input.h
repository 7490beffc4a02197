// Turns `gfo homes create|update` flags and `--from-file` JSON into CreateHomeRequest and
// UpdateHomeRequest messages.
//
// Flags are collected in HomeFieldFlags; `given` names the Home fields whose flags were on the
// command line, so an update's field mask is exactly what the user gave. A file holds a Home in
// canonical proto JSON (create also accepts a whole CreateHomeRequest); flags given together with
// a file override the file's values. Output-only fields (name, code, status, counters, times,
// etag) are never sent as input, so the JSON of `gfo homes get -o json` can be edited and sent
// back. Pure functions; no gRPC, no CLI11.

#ifndef GFO_CLI_HOME_INPUT_H_
#define GFO_CLI_HOME_INPUT_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gfo/v1/home.pb.h"

namespace gfo::cli {

// The input fields of a home as flags. Enum members hold proto enum numbers.
struct HomeFieldFlags {
  int municipality_code = 0;
  double latitude = 0;
  double longitude = 0;
  std::vector<int> kinds;
  bool contracted_emergency = false;
  int capacity = 0;
  int min_age = 0;
  int max_age = 0;
  std::vector<int> accepted_genders;
  int max_sibling_group = 0;
  std::vector<int> own_children_birth_years;
  bool has_pets = false;
  bool smoking = false;
  bool wheelchair_access = false;
  std::vector<std::string> languages;
  std::string background;
  std::vector<int> experience;
  std::string available_from;  // YYYY-MM-DD
  std::string assessment_date;
  std::string training_date;
  std::vector<std::string> adults;  // each as ParseAdult reads it
  std::string address;
  bool protected_identity = false;
  std::vector<std::string> address_readers;  // accounts/{id} or {id}

  // Home field names whose flags were given; "location" stands for --lat and --lon together.
  std::set<std::string> given;
  // Fields to reset to their empty value (update only): named in the mask, left unset.
  std::vector<std::string> clear;
};

// An adult from `Given Family PNR` (exactly three words) or
// `given,family,pnr[,phone[,email]]` (for names with spaces). INVALID_ARGUMENT otherwise; the
// message never repeats the text (it holds an identity number).
absl::StatusOr<gfo::v1::Adult> ParseAdult(std::string_view text);

// The Home fields a caller may set (every field that is not output only), in field order.
std::vector<std::string> HomeInputFieldNames();

// Sets the fields named in flags.given on `home`. INVALID_ARGUMENT naming the flag for a bad
// date or adult.
absl::Status ApplyHomeFlags(const HomeFieldFlags& flags, gfo::v1::Home* home);

// A create request from an optional file (`file_json`, read from `source`) and the flags.
// `initial_status` is a HomeStatus number (0 = leave as in the file, or the server default).
absl::StatusOr<gfo::v1::CreateHomeRequest> BuildCreateHomeRequest(
    const HomeFieldFlags& flags, int initial_status, const std::optional<std::string>& file_json,
    std::string_view source);

// An update request for `name` (homes/{id}). The mask holds the given flags' fields, the cleared
// fields and, with a file, every input field present in it. The etag is `etag`, else the file's.
// INVALID_ARGUMENT when nothing would change, the etag is missing, a cleared field is unknown or
// also given, or the file names another home.
absl::StatusOr<gfo::v1::UpdateHomeRequest> BuildUpdateHomeRequest(
    const std::string& name, const std::string& etag, const HomeFieldFlags& flags,
    const std::optional<std::string>& file_json, std::string_view source);

}  // namespace gfo::cli

#endif  // GFO_CLI_HOME_INPUT_H_
