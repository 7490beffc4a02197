// The synthetic data generator. Shares below are our own plausible choices unless DOMAIN.md
// states them: about 90 % of homes approved and 5 % paused; kinds long-term 72 %, emergency 30 %,
// reinforced 10 %, respite 15 %; capacity 1-4 (35/35/20/10 %); 40 % with pets; 97 % speak
// Swedish; requests 78 % one child, 22 % sibling groups of 2-4; 28 % of children with another
// own language than Swedish (Arabic, Somali, Persian, Tigrinya, ...).

#include "matcher/synthetic.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <numbers>
#include <random>
#include <string>
#include <utility>

namespace gfo::matcher {
namespace {

struct Town {
  int32_t municipality_code;
  const char* name;
  double lat;
  double lon;
  double weight;  // population share (thousands of inhabitants)
  bool gfo_member;
};

// County 22 (DOMAIN.md "Municipalities"); Sundsvall is not a member.
constexpr Town kCountyTowns[] = {
    {2260, "Ånge", 62.524, 15.659, 9, true},
    {2262, "Timrå", 62.489, 17.327, 18, true},
    {2280, "Härnösand", 62.632, 17.938, 25, true},
    {2281, "Sundsvall", 62.391, 17.307, 100, false},
    {2282, "Kramfors", 62.931, 17.777, 18, true},
    {2283, "Sollefteå", 63.167, 17.267, 19, true},
    {2284, "Örnsköldsvik", 63.290, 18.716, 56, true},
};

constexpr Town kSwedenTowns[] = {
    {180, "Stockholm", 59.329, 18.069, 980, true},
    {1480, "Göteborg", 57.709, 11.975, 600, true},
    {1280, "Malmö", 55.605, 13.003, 360, true},
    {380, "Uppsala", 59.858, 17.639, 240, true},
    {580, "Linköping", 58.411, 15.622, 165, true},
    {1880, "Örebro", 59.275, 15.213, 160, true},
    {1980, "Västerås", 59.611, 16.545, 157, true},
    {1283, "Helsingborg", 56.046, 12.694, 150, true},
    {581, "Norrköping", 58.588, 16.192, 145, true},
    {680, "Jönköping", 57.782, 14.161, 143, true},
    {2480, "Umeå", 63.826, 20.263, 130, true},
    {1281, "Lund", 55.705, 13.191, 128, true},
    {2180, "Gävle", 60.675, 17.141, 103, true},
    {1490, "Borås", 57.721, 12.940, 115, true},
    {2281, "Sundsvall", 62.391, 17.307, 100, true},
    {484, "Eskilstuna", 59.371, 16.510, 107, true},
    {1780, "Karlstad", 59.403, 13.511, 95, true},
    {780, "Växjö", 56.879, 14.806, 96, true},
    {1380, "Halmstad", 56.674, 12.857, 104, true},
    {2580, "Luleå", 65.584, 22.154, 80, true},
    {2380, "Östersund", 63.179, 14.636, 64, true},
    {2482, "Skellefteå", 64.750, 20.950, 75, true},
    {2080, "Falun", 60.607, 15.626, 60, true},
    {880, "Kalmar", 56.663, 16.356, 72, true},
    {1290, "Kristianstad", 56.031, 14.156, 86, true},
    {980, "Gotland", 57.634, 18.294, 61, true},
    {2584, "Kiruna", 67.856, 20.225, 23, true},
    {2284, "Örnsköldsvik", 63.290, 18.716, 56, true},
    {2081, "Borlänge", 60.484, 15.434, 53, true},
    {1488, "Trollhättan", 58.283, 12.289, 59, true},
};

// Other own languages of children and their stated backgrounds (share within that group).
struct LanguageBackground {
  const char* language;
  const char* background;
  double weight;
};
constexpr LanguageBackground kChildLanguages[] = {
    {"ar", "Syrian", 30},   {"so", "Somali", 20}, {"fa", "Afghan", 15},
    {"ti", "Eritrean", 10}, {"ku", "Kurdish", 6}, {"fi", "Sweden-Finnish", 5},
    {"bs", "Bosnian", 3},   {"pl", "Polish", 3},  {"uk", "Ukrainian", 5},
    {"se", "Sami", 1},      {"ru", "Russian", 2},
};

// Languages homes speak besides Swedish, with the share of homes speaking each.
constexpr std::pair<const char*, double> kHomeLanguages[] = {
    {"en", 0.45}, {"ar", 0.06}, {"fi", 0.04},  {"so", 0.03},  {"fa", 0.03},
    {"ku", 0.02}, {"bs", 0.02}, {"ti", 0.015}, {"pl", 0.015}, {"es", 0.01},
    {"de", 0.01}, {"ru", 0.01}, {"uk", 0.01},  {"tr", 0.01},  {"se", 0.007},
};

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  // Uniform in lo..hi inclusive.
  int32_t Int(int32_t lo, int32_t hi) {
    const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo + 1);
    return lo + static_cast<int32_t>(engine_() % span);
  }
  double Normal() {  // Box-Muller
    const double u = 1.0 - Uniform();
    const double v = Uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2 * std::numbers::pi * v);
  }
  // Index drawn with the given weights.
  template <typename T, typename WeightOf>
  size_t Pick(const T& items, WeightOf weight_of) {
    double total = 0;
    for (const auto& item : items) total += weight_of(item);
    double x = Uniform() * total;
    size_t i = 0;
    for (const auto& item : items) {
      x -= weight_of(item);
      if (x < 0) return i;
      ++i;
    }
    return i - 1;
  }
  int32_t PickValue(std::initializer_list<std::pair<int32_t, double>> table) {
    return (table.begin() + Pick(table, [](const auto& e) { return e.second; }))->first;
  }

 private:
  std::mt19937_64 engine_;
};

template <size_t N>
const Town& PickTown(Random& random, const Town (&towns)[N], bool members_only) {
  return towns[random.Pick(towns, [members_only](const Town& t) {
    return members_only && !t.gfo_member ? 0.0 : t.weight;
  })];
}

const Town& PickTown(Random& random, Region region, bool members_only) {
  return region == Region::kSweden ? PickTown(random, kSwedenTowns, members_only)
                                   : PickTown(random, kCountyTowns, members_only);
}

GeoPoint Near(Random& random, const Town& town, double sigma_km) {
  const double north_km = random.Normal() * sigma_km;
  const double east_km = random.Normal() * sigma_km;
  const double cos_lat = std::cos(town.lat * std::numbers::pi / 180);
  return {town.lat + north_km / 111.2, town.lon + east_km / (111.2 * cos_lat)};
}

NeedMask RandomNeeds(Random& random, double p) {
  NeedMask mask = 0;
  for (int need = 1; need <= kMaxNeed; ++need) {
    if (random.Chance(p)) mask |= NeedMask{1} << need;
  }
  return mask;
}

Home MakeHome(Random& random, int64_t id, const HomeOptions& options) {
  Home home;
  home.id = id;
  char code[32];
  std::snprintf(code, sizeof code, "FH-%04lld", static_cast<long long>(id));
  home.code = code;
  const Town& town = PickTown(random, options.region, false);
  home.municipality_code = town.municipality_code;
  const GeoPoint point = Near(random, town, 15);
  home.lat = point.lat;
  home.lon = point.lon;
  const double status = random.Uniform();
  home.approved = status < 0.95;
  home.paused = status >= 0.90 && status < 0.95;
  if (random.Chance(0.72)) home.kinds |= KindBit(PlacementKind::kLongTerm);
  if (random.Chance(0.30)) home.kinds |= KindBit(PlacementKind::kEmergency);
  const bool reinforced = random.Chance(0.10);
  if (reinforced) home.kinds |= KindBit(PlacementKind::kReinforced);
  if (random.Chance(0.15)) home.kinds |= KindBit(PlacementKind::kRespite);
  if (home.kinds == 0) home.kinds = KindBit(PlacementKind::kLongTerm);
  home.capacity = random.PickValue({{1, 0.35}, {2, 0.35}, {3, 0.20}, {4, 0.10}});
  for (int32_t seat = 0; seat < home.capacity; ++seat) {
    if (random.Chance(0.55)) {
      ++home.active_children;
    } else if (random.Chance(0.05)) {
      ++home.held_children;
    }
  }
  home.min_age = random.PickValue({{0, 0.45}, {3, 0.15}, {6, 0.15}, {10, 0.10}, {13, 0.15}});
  home.max_age = std::max(home.min_age + 4,
                          random.PickValue({{12, 0.15}, {17, 0.50}, {18, 0.25}, {20, 0.10}}));
  home.max_age = std::min(home.max_age, 20);
  const double gender = random.Uniform();
  if (gender >= 0.86 && gender < 0.92) {
    home.accepted_genders = GenderBit(Gender::kFemale);
  } else if (gender >= 0.92 && gender < 0.98) {
    home.accepted_genders = GenderBit(Gender::kMale);
  } else if (gender >= 0.98) {
    home.accepted_genders = GenderBit(Gender::kFemale) | GenderBit(Gender::kOther);
  }
  home.max_sibling_group = random.Chance(0.6) ? 0 : random.Int(1, home.capacity);
  const int32_t own = random.PickValue({{0, 0.5}, {1, 0.2}, {2, 0.2}, {3, 0.1}});
  const int32_t this_year = CivilFromDay(options.today_day).year;
  for (int32_t i = 0; i < own; ++i) {
    home.own_children_birth_years.push_back(this_year - random.Int(0, 25));
  }
  home.has_pets = random.Chance(0.40);
  home.smoking = random.Chance(0.08);
  home.wheelchair_access = random.Chance(0.08);
  home.protected_location = random.Chance(0.02);
  if (random.Chance(0.97)) home.languages.push_back("sv");
  for (const auto& [language, share] : kHomeLanguages) {
    if (random.Chance(share)) home.languages.push_back(language);
  }
  if (home.languages.empty()) home.languages.push_back("en");
  for (const LanguageBackground& lb : kChildLanguages) {
    if (std::find(home.languages.begin(), home.languages.end(), lb.language) !=
            home.languages.end() &&
        random.Chance(0.6)) {
      home.background = lb.background;
      break;
    }
  }
  home.experience = RandomNeeds(random, reinforced ? 0.5 : 0.25);
  if (!random.Chance(0.8)) home.available_from_day = options.today_day + random.Int(1, 120);
  if (random.Chance(0.7)) home.last_placement_end_day = options.today_day - random.Int(0, 900);
  home.approved_day = options.today_day - random.Int(200, 4000);
  return home;
}

Child MakeChild(Random& random, int32_t age, int32_t start_day, const RequestOptions& options) {
  Child child;
  // Born so that the child is `age` on the start day.
  child.birth_day = start_day - static_cast<int32_t>(age * 365.2425) - random.Int(1, 360);
  const double gender = random.Uniform();
  child.gender = gender < 0.49 ? Gender::kFemale : gender < 0.98 ? Gender::kMale : Gender::kOther;
  if (random.Chance(0.2)) {
    static constexpr Need kRequired[] = {Need::kHealth, Need::kNeuropsychiatric, Need::kTrauma,
                                         Need::kSelfHarm, Need::kSubstanceUse};
    child.required_needs = NeedBit(kRequired[random.Pick(kRequired, [](Need) { return 1.0; })]);
  }
  child.preferred_needs = RandomNeeds(random, 0.12) & ~child.required_needs;
  if (age >= 2) child.preferred_needs &= ~NeedBit(Need::kInfant);
  if (random.Chance(0.28)) {
    const LanguageBackground& lb =
        kChildLanguages[random.Pick(kChildLanguages, [](const auto& l) { return l.weight; })];
    child.languages.push_back(lb.language);
    if (random.Chance(0.6)) child.languages.push_back("sv");
    if (random.Chance(0.5)) child.background = lb.background;
  } else {
    child.languages.push_back("sv");
  }
  child.pet_allergy = random.Chance(0.08);
  child.smoke_free = random.Chance(0.25);
  child.wheelchair = random.Chance(0.02);
  if (options.former_home_id_max > 0 && random.Chance(0.08)) {
    child.former_home_ids.push_back(
        1 +
        static_cast<int64_t>(random.Uniform() * static_cast<double>(options.former_home_id_max)));
  }
  return child;
}

Request MakeRequest(Random& random, int64_t id, const RequestOptions& options) {
  Request request;
  request.id = id;
  request.today_day = options.today_day;
  const Town& town = PickTown(random, options.region, true);
  request.municipality_code = town.municipality_code;
  request.kind =
      static_cast<PlacementKind>(random.PickValue({{1, 0.55}, {2, 0.32}, {3, 0.08}, {4, 0.05}}));
  if (request.kind == PlacementKind::kEmergency) {
    request.legal_basis = static_cast<LegalBasis>(random.PickValue({{1, 0.3}, {2, 0.3}, {3, 0.4}}));
    request.wanted_start_day = options.today_day;
  } else {
    request.legal_basis = static_cast<LegalBasis>(random.PickValue({{1, 0.55}, {2, 0.45}}));
    request.wanted_start_day = options.today_day + random.Int(0, 60);
  }
  const int32_t group = std::min(options.max_children,
                                 random.PickValue({{1, 0.78}, {2, 0.13}, {3, 0.06}, {4, 0.03}}));
  request.sibling_rule = group <= 1           ? SiblingRule::kSingleChild
                         : random.Chance(0.4) ? SiblingRule::kTogetherRequired
                                              : SiblingRule::kTogetherPreferred;
  const int32_t first_age = random.Int(0, 17);
  for (int32_t i = 0; i < std::max(1, group); ++i) {
    const int32_t age = i == 0 ? first_age : std::clamp(first_age + random.Int(-5, 5), 0, 17);
    request.children.push_back(MakeChild(random, age, request.wanted_start_day, options));
  }
  if (random.Chance(0.85)) {
    request.child_place = Near(random, town, 6);
    request.child_place_description =
        std::string(random.Chance(0.7) ? "school in " : "home in ") + town.name;
  }
  if (random.Chance(0.05)) {
    const Town& other = PickTown(random, options.region, false);
    if (other.municipality_code != town.municipality_code) {
      request.excluded_municipality_codes.push_back(other.municipality_code);
    }
  }
  if (random.Chance(0.08)) {
    request.risk_locations.push_back({Near(random, town, 10), 5.0 + random.Uniform() * 25.0});
  }
  if (random.Chance(0.15)) request.max_distance_km = 50.0 + random.Uniform() * 200.0;
  const Child& first = request.children.front();
  request.language_wish = first.languages.front() != "sv" && random.Chance(0.5);
  request.culture_wish = !first.background.empty() && random.Chance(0.4);
  return request;
}

}  // namespace

std::vector<Home> GenerateHomes(int32_t n, uint64_t seed, const HomeOptions& options) {
  Random random(seed);
  std::vector<Home> homes;
  homes.reserve(static_cast<size_t>(std::max(0, n)));
  for (int32_t i = 0; i < n; ++i) homes.push_back(MakeHome(random, options.first_id + i, options));
  return homes;
}

std::vector<Home> GenerateHomes(int32_t n, uint64_t seed, Region region) {
  HomeOptions options;
  options.region = region;
  return GenerateHomes(n, seed, options);
}

std::vector<Request> GenerateRequests(int32_t n, uint64_t seed, const RequestOptions& options) {
  Random random(seed);
  std::vector<Request> requests;
  requests.reserve(static_cast<size_t>(std::max(0, n)));
  for (int32_t i = 0; i < n; ++i) {
    requests.push_back(MakeRequest(random, options.first_id + i, options));
  }
  return requests;
}

std::vector<Request> GenerateRequests(int32_t n, uint64_t seed, Region region) {
  RequestOptions options;
  options.region = region;
  return GenerateRequests(n, seed, options);
}

}  // namespace gfo::matcher
