#include "cli/columns.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/dates.h"

namespace gfo::cli {
namespace {

using gfo::v1::Account;
using gfo::v1::Home;
using gfo::v1::StateTransition;
using gfo::v1::TokenInfo;

std::string CodeOrEmpty(int code) { return code == 0 ? "" : absl::StrCat(code); }

std::string Ages(const Home& home) { return absl::StrCat(home.min_age(), "-", home.max_age()); }

std::string Location(const Home& home) {
  if (!home.has_location()) return "";
  return absl::StrFormat("%.3f, %.3f", home.location().latitude(), home.location().longitude());
}

std::string Adults(const Home& home) {
  std::vector<std::string> adults;
  for (const gfo::v1::Adult& adult : home.adults()) {
    std::string text = absl::StrCat(adult.given_name(), " ", adult.family_name());
    if (!adult.personal_identity_number().empty()) {
      absl::StrAppend(&text, " (", adult.personal_identity_number(), ")");
    }
    adults.push_back(std::move(text));
  }
  return absl::StrJoin(adults, "; ");
}

}  // namespace

std::string YesNo(bool value) { return value ? "yes" : "no"; }

std::vector<Column> AccountColumns() {
  return {
      Col<Account>("NAME", [](const Account& a) { return a.name(); }),
      Col<Account>("DISPLAY NAME", [](const Account& a) { return a.display_name(); }),
      Col<Account>("ROLE", [](const Account& a) { return ShortName(a.role()); }),
      Col<Account>("MUNICIPALITY",
                   [](const Account& a) { return CodeOrEmpty(a.municipality_code()); }),
      Col<Account>("DISABLED", [](const Account& a) { return YesNo(a.disabled()); }),
      Col<Account>("CERT SUBJECT", [](const Account& a) { return a.certificate_subject(); }),
      Col<Account>("CREATED", [](const Account& a) { return FormatTimestamp(a.create_time()); }),
  };
}

std::vector<Column> TokenColumns() {
  return {
      Col<TokenInfo>("NAME", [](const TokenInfo& t) { return t.name(); }),
      Col<TokenInfo>("CREATED",
                     [](const TokenInfo& t) { return FormatTimestamp(t.create_time()); }),
      Col<TokenInfo>("EXPIRES",
                     [](const TokenInfo& t) {
                       return t.has_expire_time() ? FormatTimestamp(t.expire_time()) : "never";
                     }),
      Col<TokenInfo>("REVOKED", [](const TokenInfo& t) { return YesNo(t.revoked()); }),
  };
}

std::vector<Column> HomeListColumns() {
  return {
      Col<Home>("NAME", [](const Home& h) { return h.name(); }),
      Col<Home>("CODE", [](const Home& h) { return h.code(); }),
      Col<Home>("STATUS", [](const Home& h) { return ShortName(h.status()); }),
      Col<Home>("MUNICIPALITY", [](const Home& h) { return CodeOrEmpty(h.municipality_code()); }),
      Col<Home>("KINDS",
                [](const Home& h) { return JoinEnums<gfo::v1::PlacementKind>(h.kinds()); }),
      Col<Home>("AGES", Ages),
      Col<Home>("CAPACITY", [](const Home& h) { return absl::StrCat(h.capacity()); }),
      Col<Home>("FREE", [](const Home& h) { return absl::StrCat(h.free_capacity()); }),
      Col<Home>("AVAILABLE", [](const Home& h) { return FormatDate(h.available_from()); }),
      Col<Home>("CONFIRMED",
                [](const Home& h) { return FormatTimestamp(h.availability_confirmed_time()); }),
  };
}

std::vector<Column> HomeDetailColumns() {
  return {
      Col<Home>("NAME", [](const Home& h) { return h.name(); }),
      Col<Home>("CODE", [](const Home& h) { return h.code(); }),
      Col<Home>("STATUS", [](const Home& h) { return ShortName(h.status()); }),
      Col<Home>("MUNICIPALITY", [](const Home& h) { return CodeOrEmpty(h.municipality_code()); }),
      Col<Home>("LOCATION", Location),
      Col<Home>("PROTECTED", [](const Home& h) { return YesNo(h.protected_identity()); }),
      Col<Home>("KINDS",
                [](const Home& h) { return JoinEnums<gfo::v1::PlacementKind>(h.kinds()); }),
      Col<Home>("CONTRACTED EMERGENCY",
                [](const Home& h) { return YesNo(h.contracted_emergency()); }),
      Col<Home>("CAPACITY", [](const Home& h) { return absl::StrCat(h.capacity()); }),
      Col<Home>("ACTIVE", [](const Home& h) { return absl::StrCat(h.active_children()); }),
      Col<Home>("HELD", [](const Home& h) { return absl::StrCat(h.held_children()); }),
      Col<Home>("FREE", [](const Home& h) { return absl::StrCat(h.free_capacity()); }),
      Col<Home>("AGES", Ages),
      Col<Home>("GENDERS",
                [](const Home& h) {
                  return h.accepted_genders().empty()
                             ? std::string("any")
                             : JoinEnums<gfo::v1::Gender>(h.accepted_genders());
                }),
      Col<Home>("MAX SIBLINGS", [](const Home& h) { return absl::StrCat(h.max_sibling_group()); }),
      Col<Home>("OWN CHILDREN",
                [](const Home& h) { return absl::StrJoin(h.own_children_birth_years(), ","); }),
      Col<Home>("PETS", [](const Home& h) { return YesNo(h.has_pets()); }),
      Col<Home>("SMOKING", [](const Home& h) { return YesNo(h.smoking()); }),
      Col<Home>("WHEELCHAIR", [](const Home& h) { return YesNo(h.wheelchair_access()); }),
      Col<Home>("LANGUAGES", [](const Home& h) { return absl::StrJoin(h.languages(), ","); }),
      Col<Home>("BACKGROUND", [](const Home& h) { return h.background(); }),
      Col<Home>("EXPERIENCE",
                [](const Home& h) { return JoinEnums<gfo::v1::Need>(h.experience()); }),
      Col<Home>("AVAILABLE FROM", [](const Home& h) { return FormatDate(h.available_from()); }),
      Col<Home>("CONFIRMED",
                [](const Home& h) { return FormatTimestamp(h.availability_confirmed_time()); }),
      Col<Home>("CONFIRMED BY", [](const Home& h) { return h.availability_confirmed_by(); }),
      Col<Home>("ASSESSED", [](const Home& h) { return FormatDate(h.assessment_date()); }),
      Col<Home>("TRAINED", [](const Home& h) { return FormatDate(h.training_date()); }),
      Col<Home>("LAST PLACEMENT END",
                [](const Home& h) { return FormatDate(h.last_placement_end()); }),
      Col<Home>("ADULTS", Adults),
      Col<Home>("ADDRESS", [](const Home& h) { return h.address(); }),
      Col<Home>("CLOSE REASON", [](const Home& h) { return h.close_reason(); }),
      Col<Home>("CREATED", [](const Home& h) { return FormatTimestamp(h.create_time()); }),
      Col<Home>("UPDATED", [](const Home& h) { return FormatTimestamp(h.update_time()); }),
      Col<Home>("ETAG", [](const Home& h) { return h.etag(); }),
  };
}

std::vector<Column> TransitionColumns() {
  return {
      Col<StateTransition>("TIME",
                           [](const StateTransition& t) { return FormatTimestamp(t.time()); }),
      Col<StateTransition>("FROM", [](const StateTransition& t) { return t.from_state(); }),
      Col<StateTransition>("TO", [](const StateTransition& t) { return t.to_state(); }),
      Col<StateTransition>("ACTOR", [](const StateTransition& t) { return t.actor(); }),
      Col<StateTransition>("REASON", [](const StateTransition& t) { return t.reason(); }),
  };
}

}  // namespace gfo::cli
