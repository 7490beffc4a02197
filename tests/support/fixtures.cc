#include "tests/support/fixtures.h"

#include <cstdio>

namespace gfo::testing {

std::string PersonalNumber(int year, int month, int day, int serial) {
  char ten[32];
  std::snprintf(ten, sizeof(ten), "%02d%02d%02d%02d0", year % 100, month % 100, day % 100,
                serial % 100);
  // Luhn over the first nine digits of the ten-digit form gives the tenth.
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    int d = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  const int check = (10 - sum % 10) % 10;
  char out[48];
  std::snprintf(out, sizeof(out), "%04d%02d%02d-%02d%d%d", year, month, day, serial % 100, 0,
                check);
  return out;
}

gfo::v1::Home ValidHome(int32_t municipality_code, int capacity) {
  gfo::v1::Home h;
  auto* adult = h.add_adults();
  adult->set_given_name("Anna");
  adult->set_family_name("Berg");
  adult->set_personal_identity_number(PersonalNumber(1980, 4, 12, 23));
  adult->set_phone("+46701234567");
  adult->set_email("anna.berg@example.se");
  h.set_address("Storgatan 1, 871 31 Härnösand");
  h.set_municipality_code(municipality_code);
  h.mutable_location()->set_latitude(62.63);
  h.mutable_location()->set_longitude(17.94);
  h.add_kinds(gfo::v1::PLACEMENT_KIND_LONG_TERM);
  h.set_capacity(capacity);
  h.set_min_age(0);
  h.set_max_age(17);
  h.add_languages("sv");
  h.add_experience(gfo::v1::NEED_TRAUMA);
  h.mutable_available_from()->set_year(2026);
  h.mutable_available_from()->set_month(11);
  h.mutable_available_from()->set_day(1);
  return h;
}

gfo::v1::PlacementRequest ValidRequest(int32_t municipality_code, int children) {
  gfo::v1::PlacementRequest r;
  r.set_municipality_code(municipality_code);
  r.set_case_reference("IFO-2026-0042");
  for (int i = 0; i < children; ++i) {
    auto* c = r.add_children();
    const int year = 2019 - 2 * i;
    c->set_personal_identity_number(PersonalNumber(year, 3, 12, 40 + i));
    c->set_gender(i % 2 == 0 ? gfo::v1::GENDER_FEMALE : gfo::v1::GENDER_MALE);
    c->add_languages("sv");
  }
  r.set_kind(gfo::v1::PLACEMENT_KIND_LONG_TERM);
  r.set_legal_basis(gfo::v1::LEGAL_BASIS_SOL);
  r.mutable_wanted_start_date()->set_year(2026);
  r.mutable_wanted_start_date()->set_month(12);
  r.mutable_wanted_start_date()->set_day(1);
  r.set_expected_length_days(365);
  r.set_sibling_rule(children > 1 ? gfo::v1::SIBLING_RULE_TOGETHER_REQUIRED
                                  : gfo::v1::SIBLING_RULE_SINGLE_CHILD);
  r.mutable_child_place()->set_latitude(62.632);
  r.mutable_child_place()->set_longitude(17.938);
  r.set_child_place_description("school in Härnösand");
  auto* network = r.mutable_network_examination();
  network->mutable_examined_date()->set_year(2026);
  network->mutable_examined_date()->set_month(11);
  network->mutable_examined_date()->set_day(20);
  network->set_outcome(gfo::v1::NETWORK_OUTCOME_NO_SUITABLE_NETWORK_HOME);
  return r;
}

}  // namespace gfo::testing
