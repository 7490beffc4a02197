// The matcher's own plain types for homes, children, placement requests and configuration.
//
// They mirror gfo.v1 Home, PlacementRequest and MatcherConfig (proto/gfo/v1/) field for field
// where the matcher needs a fact, so the service maps protos onto them in one place. Dates are
// day numbers: days since 1970-01-01 (see civil_day.h). Enum values equal the proto's numbers.

#ifndef GFO_MATCHER_TYPES_H_
#define GFO_MATCHER_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace gfo::matcher {

// gfo.v1.PlacementKind.
enum class PlacementKind : uint8_t {
  kUnspecified = 0,
  kLongTerm = 1,    // familjehem
  kEmergency = 2,   // jourhem
  kReinforced = 3,  // förstärkt familjehem
  kRespite = 4,     // kontaktfamilj
};

// gfo.v1.Gender.
enum class Gender : uint8_t { kUnspecified = 0, kFemale = 1, kMale = 2, kOther = 3 };

// gfo.v1.LegalBasis.
enum class LegalBasis : uint8_t { kUnspecified = 0, kSol = 1, kLvu = 2, kLvu6 = 3 };

// gfo.v1.SiblingRule. kSingleChild with more than one child is treated as kTogetherPreferred.
enum class SiblingRule : uint8_t {
  kUnspecified = 0,
  kSingleChild = 1,
  kTogetherRequired = 2,
  kTogetherPreferred = 3,
};

// gfo.v1.Need: needs and experience tags, numbered 1..15 as in the proto.
enum class Need : uint8_t {
  kUnspecified = 0,
  kHealth = 1,
  kEducation = 2,
  kEmotionsBehaviour = 3,
  kIdentity = 4,
  kFamilyRelationships = 5,
  kSocialPresentation = 6,
  kSelfCare = 7,
  kNeuropsychiatric = 8,
  kTrauma = 9,
  kSubstanceUse = 10,
  kDisability = 11,
  kUnaccompaniedMinor = 12,
  kInfant = 13,
  kSelfHarm = 14,
  kCriminality = 15,
};
inline constexpr int kMaxNeed = 15;

// Sets of kinds, genders and needs as bit masks: bit n stands for the enum value n.
using KindMask = uint8_t;
using GenderMask = uint8_t;
using NeedMask = uint32_t;

constexpr KindMask KindBit(PlacementKind kind) {
  return static_cast<KindMask>(1u << static_cast<unsigned>(kind));
}
constexpr GenderMask GenderBit(Gender gender) {
  return static_cast<GenderMask>(1u << static_cast<unsigned>(gender));
}
constexpr NeedMask NeedBit(Need need) { return NeedMask{1} << static_cast<unsigned>(need); }

// A point in WGS84 degrees.
//
// REQUIRES: finite coordinates (the service validates every point it maps). A home, child's place
// or risk location that breaks this is not matched as if it had no place: a distance that is not
// a finite number fails the safety checks (the home is excluded as near_risk_location and, with a
// maximum distance, as beyond_max_distance) and scores proximity 0, as a home far away.
struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

// A family home as the matcher sees it (gfo.v1.Home). Field order puts the facts every ranking
// reads first; the caller precomputes the holds.
struct Home {
  int64_t id = 0;  // homes/{id}
  double lat = 0;  // postal-area centroid; finite (see GeoPoint)
  double lon = 0;
  int32_t municipality_code = 0;
  int32_t capacity = 0;           // children at once
  int32_t active_children = 0;    // in active placements
  int32_t held_children = 0;      // in live proposal holds
  int32_t max_sibling_group = 0;  // 0 = capacity
  int32_t min_age = 0;            // accepted ages, inclusive
  int32_t max_age = 20;
  int32_t available_from_day = 0;   // 0 = available now
  KindMask kinds = 0;               // kinds offered: KindBit(...)
  GenderMask accepted_genders = 0;  // GenderBit(...); 0 = any gender
  NeedMask experience = 0;          // NeedBit(...) of experience and training tags
  bool approved = false;            // status APPROVED (or PAUSED, with `paused` set)
  bool paused = false;
  bool has_pets = false;
  bool smoking = false;
  bool wheelchair_access = false;
  bool protected_location = false;  // skyddade personuppgifter: distance never shown
  // Day the last placement in the home ended; nullopt = never placed. The waiting time (fairness)
  // counts from here, unless a child is placed in the home now (active_children > 0): such a
  // home is not waiting at all.
  std::optional<int32_t> last_placement_end_day;
  // Day the home was first approved (or assessed when that is all that is known), not the day it
  // came back from a pause; the waiting time of a home never placed counts from here. nullopt
  // with no placement = waited the whole horizon.
  std::optional<int32_t> approved_day;
  std::string code;  // pseudonymous, e.g. FH-0042
  std::vector<int32_t> own_children_birth_years;
  std::vector<std::string> languages;  // ISO 639-1, lower case
  std::string background;              // sensitive; empty = not stated
};

// Free seats: capacity - active - held, never below zero.
inline int32_t FreeCapacity(const Home& home) {
  const int32_t free = home.capacity - home.active_children - home.held_children;
  return free > 0 ? free : 0;
}

// One child of a request (gfo.v1.Child).
struct Child {
  std::optional<int32_t> birth_day;  // day number; when absent, age_years is used
  int32_t age_years = 0;
  Gender gender = Gender::kUnspecified;
  NeedMask required_needs = 0;         // the home must have every one (hard)
  NeedMask preferred_needs = 0;        // experience with these scores higher (soft)
  std::vector<std::string> languages;  // ISO 639-1; the first is the child's own language
  std::string background;              // sensitive; empty = not given
  bool pet_allergy = false;
  bool smoke_free = false;
  bool wheelchair = false;
  std::vector<int64_t> former_home_ids;  // homes the child has lived in
};

// A minimum distance the home must keep from a place of risk.
struct RiskLocation {
  GeoPoint point;
  double min_distance_km = 0;
};

// A placement request for one child or a sibling group (gfo.v1.PlacementRequest).
// REQUIRES for matching: at least one child.
struct Request {
  int64_t id = 0;  // requests/{id}
  int32_t municipality_code = 0;
  PlacementKind kind = PlacementKind::kLongTerm;
  LegalBasis legal_basis = LegalBasis::kSol;
  int32_t wanted_start_day = 0;
  int32_t today_day = 0;  // the day the matching runs; waiting time counts up to it
  std::vector<Child> children;
  SiblingRule sibling_rule = SiblingRule::kSingleChild;
  std::optional<GeoPoint> child_place;  // school or home, for proximity
  std::string child_place_description;  // e.g. "school in Timrå"
  std::vector<int32_t> excluded_municipality_codes;
  std::vector<RiskLocation> risk_locations;
  double max_distance_km = 0;  // 0 = the configured default
  bool language_wish = false;
  bool culture_wish = false;
};

// An emergency request is one of kind emergency or under emergency custody (LVU 6 §); the batch
// assignment serves these first.
inline bool IsEmergency(const Request& request) {
  return request.kind == PlacementKind::kEmergency || request.legal_basis == LegalBasis::kLvu6;
}

// Weights of the soft criteria (gfo.v1.MatcherWeights); defaults are our product choice.
struct Weights {
  double proximity = 3;
  double language = 2;
  double background = 1.5;
  double experience = 2;
  double age_fit = 1;
  double siblings = 2;
  double continuity = 2.5;
  double waiting_time = 0.5;
};

// Matcher configuration (gfo.v1.MatcherConfig) with its documented defaults.
struct Config {
  Weights weights;
  double distance_half_km = 30;         // proximity score is 0.5 at this distance
  double default_max_distance_km = 0;   // hard maximum when a request sets none; 0 = none
  int32_t fairness_horizon_days = 365;  // waiting this long scores 1
  int32_t default_top_k = 10;           // 1..100

  // OK, or INVALID_ARGUMENT naming the first bad field, e.g.
  // `matcher.weights.proximity: must be >= 0, got -1`.
  absl::Status Validate() const;
};

}  // namespace gfo::matcher

#endif  // GFO_MATCHER_TYPES_H_
