#include "service/demo_seed.h"

#include <algorithm>
#include <cstdio>

#include "matcher/civil_day.h"
#include "matcher/synthetic.h"
#include "matcher/types.h"

namespace gfo::demo {
namespace {

gfo::v1::Date DateOf(int32_t day_number) {
  const matcher::CivilDate civil = matcher::CivilFromDay(day_number);
  gfo::v1::Date date;
  date.set_year(civil.year);
  date.set_month(civil.month);
  date.set_day(civil.day);
  return date;
}

void AddNeeds(matcher::NeedMask mask, google::protobuf::RepeatedField<int>* out) {
  for (int need = 1; need <= matcher::kMaxNeed; ++need) {
    if (mask & matcher::NeedBit(static_cast<matcher::Need>(need))) out->Add(need);
  }
}

gfo::v1::Home HomeProto(const matcher::Home& h, int32_t today_day) {
  gfo::v1::Home home;
  home.set_municipality_code(h.municipality_code);
  home.mutable_location()->set_latitude(h.lat);
  home.mutable_location()->set_longitude(h.lon);
  for (int kind = 1; kind <= 4; ++kind) {
    if (h.kinds & matcher::KindBit(static_cast<matcher::PlacementKind>(kind))) {
      home.add_kinds(static_cast<gfo::v1::PlacementKind>(kind));
    }
  }
  home.set_capacity(h.capacity);
  home.set_min_age(h.min_age);
  home.set_max_age(h.max_age);
  for (int gender = 1; gender <= 3; ++gender) {
    if (h.accepted_genders & matcher::GenderBit(static_cast<matcher::Gender>(gender))) {
      home.add_accepted_genders(static_cast<gfo::v1::Gender>(gender));
    }
  }
  home.set_max_sibling_group(h.max_sibling_group);
  for (int32_t year : h.own_children_birth_years) home.add_own_children_birth_years(year);
  home.set_has_pets(h.has_pets);
  home.set_smoking(h.smoking);
  home.set_wheelchair_access(h.wheelchair_access);
  for (const std::string& language : h.languages) home.add_languages(language);
  home.set_background(h.background);
  AddNeeds(h.experience, home.mutable_experience());
  *home.mutable_available_from() = DateOf(std::max(h.available_from_day, today_day));
  home.set_protected_identity(h.protected_location);
  return home;
}

gfo::v1::PlacementRequest RequestProto(const matcher::Request& r, int32_t today_day,
                                       int32_t municipality_code, int64_t number) {
  gfo::v1::PlacementRequest request;
  request.set_municipality_code(municipality_code);
  char reference[32];
  std::snprintf(reference, sizeof reference, "DEMO-%04lld", static_cast<long long>(number));
  request.set_case_reference(reference);
  for (const matcher::Child& c : r.children) {
    gfo::v1::Child* child = request.add_children();
    // Born before today whatever the wanted start (the generator counts from the start day).
    *child->mutable_birth_date() = DateOf(std::min(c.birth_day.value_or(today_day), today_day - 1));
    child->set_gender(static_cast<gfo::v1::Gender>(c.gender));
    for (int need = 1; need <= matcher::kMaxNeed; ++need) {
      const matcher::NeedMask bit = matcher::NeedBit(static_cast<matcher::Need>(need));
      if ((c.required_needs | c.preferred_needs) & bit) {
        gfo::v1::ChildNeed* n = child->add_needs();
        n->set_need(static_cast<gfo::v1::Need>(need));
        n->set_required((c.required_needs & bit) != 0);
      }
    }
    for (const std::string& language : c.languages) child->add_languages(language);
    child->set_background(c.background);
    child->set_pet_allergy(c.pet_allergy);
    child->set_smoke_free(c.smoke_free);
    child->set_wheelchair(c.wheelchair);
  }
  request.set_kind(static_cast<gfo::v1::PlacementKind>(r.kind));
  request.set_legal_basis(static_cast<gfo::v1::LegalBasis>(r.legal_basis));
  *request.mutable_wanted_start_date() = DateOf(std::max(r.wanted_start_day, today_day));
  request.set_expected_length_days(r.kind == matcher::PlacementKind::kEmergency ? 60 : 365);
  request.set_sibling_rule(r.children.size() > 1 ? static_cast<gfo::v1::SiblingRule>(r.sibling_rule)
                                                 : gfo::v1::SIBLING_RULE_SINGLE_CHILD);
  if (r.child_place.has_value()) {
    request.mutable_child_place()->set_latitude(r.child_place->lat);
    request.mutable_child_place()->set_longitude(r.child_place->lon);
    request.set_child_place_description(r.child_place_description);
  }
  for (int32_t code : r.excluded_municipality_codes) {
    if (code != municipality_code) request.add_excluded_municipality_codes(code);
  }
  for (const matcher::RiskLocation& risk : r.risk_locations) {
    gfo::v1::RiskLocation* out = request.add_risk_locations();
    out->mutable_location()->set_latitude(risk.point.lat);
    out->mutable_location()->set_longitude(risk.point.lon);
    out->set_min_distance_km(risk.min_distance_km);
  }
  request.set_max_distance_km(r.max_distance_km);
  request.set_language_wish(r.language_wish);
  request.set_culture_wish(r.culture_wish);
  gfo::v1::NetworkExamination* network = request.mutable_network_examination();
  *network->mutable_examined_date() = DateOf(today_day);
  network->set_outcome(gfo::v1::NETWORK_OUTCOME_NO_SUITABLE_NETWORK_HOME);
  return request;
}

}  // namespace

std::vector<DemoHome> DemoHomes(int32_t n, uint64_t seed, int32_t today_day) {
  matcher::HomeOptions options;
  options.region = matcher::Region::kVasternorrland;
  options.today_day = today_day;
  std::vector<DemoHome> homes;
  for (const matcher::Home& h : matcher::GenerateHomes(n, seed, options)) {
    DemoHome demo;
    demo.home = HomeProto(h, today_day);
    demo.status = !h.approved ? gfo::v1::HOME_STATUS_ASSESSMENT
                  : h.paused  ? gfo::v1::HOME_STATUS_PAUSED
                              : gfo::v1::HOME_STATUS_APPROVED;
    homes.push_back(std::move(demo));
  }
  return homes;
}

std::vector<gfo::v1::PlacementRequest> DemoRequests(int32_t n, uint64_t seed, int32_t today_day,
                                                    const std::vector<int32_t>& member_codes) {
  matcher::RequestOptions options;
  options.region = matcher::Region::kVasternorrland;
  options.today_day = today_day;
  std::vector<gfo::v1::PlacementRequest> requests;
  size_t next_member = 0;
  int64_t number = 0;
  for (const matcher::Request& r : matcher::GenerateRequests(n, seed, options)) {
    int32_t code = r.municipality_code;
    if (std::find(member_codes.begin(), member_codes.end(), code) == member_codes.end()) {
      code = member_codes[next_member++ % member_codes.size()];
    }
    requests.push_back(RequestProto(r, today_day, code, ++number));
  }
  return requests;
}

}  // namespace gfo::demo
