// One-line English explanations of the soft scores, written for the top K homes only.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "matcher/internal/kernel.h"

namespace gfo::matcher::internal {
namespace {

std::string LanguageName(absl::string_view code) {
  static constexpr struct {
    absl::string_view code;
    absl::string_view name;
  } kNames[] = {
      {"am", "Amharic"},    {"ar", "Arabic"},        {"bn", "Bengali"},    {"bs", "Bosnian"},
      {"da", "Danish"},     {"de", "German"},        {"en", "English"},    {"es", "Spanish"},
      {"et", "Estonian"},   {"fa", "Persian"},       {"fi", "Finnish"},    {"fr", "French"},
      {"hr", "Croatian"},   {"hu", "Hungarian"},     {"it", "Italian"},    {"ku", "Kurdish"},
      {"lt", "Lithuanian"}, {"lv", "Latvian"},       {"nl", "Dutch"},      {"no", "Norwegian"},
      {"pl", "Polish"},     {"ps", "Pashto"},        {"pt", "Portuguese"}, {"ro", "Romanian"},
      {"ru", "Russian"},    {"se", "Northern Sami"}, {"so", "Somali"},     {"sq", "Albanian"},
      {"sr", "Serbian"},    {"sv", "Swedish"},       {"sw", "Swahili"},    {"ta", "Tamil"},
      {"th", "Thai"},       {"ti", "Tigrinya"},      {"tr", "Turkish"},    {"uk", "Ukrainian"},
      {"ur", "Urdu"},       {"uz", "Uzbek"},         {"vi", "Vietnamese"}, {"yi", "Yiddish"},
      {"zh", "Chinese"},
  };
  for (const auto& entry : kNames) {
    if (absl::EqualsIgnoreCase(entry.code, code)) return std::string(entry.name);
  }
  return absl::StrCat("the language '", code, "'");
}

absl::string_view NeedName(int need) {
  static constexpr absl::string_view kNames[kMaxNeed + 1] = {
      "unspecified",
      "health",
      "education",
      "emotions and behaviour",
      "identity",
      "family and relationships",
      "social presentation",
      "self-care",
      "neuropsychiatric needs",
      "trauma",
      "substance use",
      "disability",
      "unaccompanied minors",
      "infants",
      "self-harm",
      "criminality",
  };
  return need >= 0 && need <= kMaxNeed ? kNames[need] : "unknown need";
}

std::vector<std::string> NeedNames(NeedMask mask) {
  std::vector<std::string> names;
  for (int need = 1; need <= kMaxNeed; ++need) {
    if (mask & (NeedMask{1} << need)) names.emplace_back(NeedName(need));
  }
  return names;
}

// "a", "a and b", "a, b and c".
std::string JoinAnd(const std::vector<std::string>& items) {
  if (items.size() <= 1) return items.empty() ? "" : items[0];
  return absl::StrCat(absl::StrJoin(items.begin(), items.end() - 1, ", "), " and ", items.back());
}

void AddUnique(std::vector<std::string>* items, std::string item) {
  if (std::find(items->begin(), items->end(), item) == items->end()) {
    items->push_back(std::move(item));
  }
}

bool Speaks(const Home& home, absl::string_view language) {
  for (const std::string& spoken : home.languages) {
    if (absl::EqualsIgnoreCase(spoken, language)) return true;
  }
  return false;
}

std::string PlacePhrase(const Request& request) {
  if (request.child_place_description.empty()) return "the child's place";
  return absl::StrCat("the child's ", request.child_place_description);
}

std::string ExplainProximity(const Home& home, const PreparedRequest& p, const ScoreDetail& d) {
  if (std::isnan(d.distance_km)) {
    return "distance unknown (a location is not a valid point); scored as far away";
  }
  if (d.distance_km < 0) return "no place given for the child; neutral score";
  const std::string place = PlacePhrase(*p.request);
  if (home.protected_location) {
    // The matcher knows only the centre of the home's grid cell (kernel.h FactsOf), and says so:
    // the distance rounded to 5 km, or, when the child's place is within the cell's radius of its
    // centre, how far the home can be at most.
    constexpr absl::string_view kApproximate = " (protected address: approximate)";
    if (d.distance_km < d.cell_radius_km) {
      const double at_most_km = 5 * std::ceil((d.distance_km + d.cell_radius_km) / 5);
      return absl::StrCat("within about ", at_most_km, " km of ", place, kApproximate);
    }
    const long about_km = std::max(5L, 5 * std::lround(d.distance_km / 5));
    return absl::StrCat("about ", about_km, " km from ", place, kApproximate);
  }
  if (d.distance_km < 1) return absl::StrCat("under 1 km from ", place);
  return absl::StrCat(std::lround(d.distance_km), " km from ", place);
}

std::string ExplainLanguage(const Home& home, const PreparedRequest& p) {
  std::vector<std::string> own_matched;
  std::vector<std::string> other_matched;
  std::vector<std::string> own_missed;
  int with_language = 0;
  int own_count = 0;
  for (const PreparedChild& child : p.children) {
    if (child.languages.empty()) continue;
    ++with_language;
    if (Speaks(home, child.languages[0])) {
      ++own_count;
      AddUnique(&own_matched, LanguageName(child.languages[0]));
      continue;
    }
    AddUnique(&own_missed, LanguageName(child.languages[0]));
    for (size_t i = 1; i < child.languages.size(); ++i) {
      if (Speaks(home, child.languages[i])) {
        AddUnique(&other_matched, LanguageName(child.languages[i]));
        break;
      }
    }
  }
  const bool single = with_language == 1;
  std::string text;
  if (own_count == with_language) {
    text =
        absl::StrCat("speaks ", JoinAnd(own_matched), ", like the ", single ? "child" : "children");
  } else if (own_count > 0) {
    text = absl::StrCat("speaks ", JoinAnd(own_matched), ", the own language of ", own_count,
                        " of ", with_language, " children");
  } else if (!other_matched.empty()) {
    text = absl::StrCat("speaks ", JoinAnd(other_matched), ", but not ", JoinAnd(own_missed));
  } else {
    text = absl::StrCat("does not speak ", JoinAnd(own_missed), " or another language of the ",
                        single ? "child" : "children");
  }
  if (p.request->language_wish) absl::StrAppend(&text, "; the municipality asked for this");
  return text;
}

std::string ExplainBackground(double score, const PreparedRequest& p) {
  int with_background = 0;
  for (const PreparedChild& child : p.children) with_background += child.background.empty() ? 0 : 1;
  std::string text;
  if (score >= 1) {
    text = with_background == 1 ? "shares the child's stated background"
                                : "shares the children's stated background";
  } else if (score > 0) {
    text = absl::StrCat("shares the stated background of ", std::lround(score * with_background),
                        " of ", with_background, " children");
  } else {
    text = with_background == 1 ? "does not share the child's stated background"
                                : "does not share the children's stated background";
  }
  if (p.request->culture_wish) absl::StrAppend(&text, "; the municipality asked for this");
  return text;
}

std::string ExplainExperience(const Home& home, const PreparedRequest& p) {
  const NeedMask covered = p.preferred_needs & home.experience;
  const std::vector<std::string> wanted = NeedNames(p.preferred_needs);
  if (covered == 0) {
    return absl::StrCat("no experience with the preferred needs (", absl::StrJoin(wanted, ", "),
                        ")");
  }
  const std::vector<std::string> have = NeedNames(covered);
  if (covered == p.preferred_needs) {
    return absl::StrCat("experienced with ", JoinAnd(have),
                        have.size() == 1 ? ", the preferred need" : ", all preferred needs");
  }
  return absl::StrCat("experienced with ", JoinAnd(have), " (", have.size(), " of ", wanted.size(),
                      " preferred needs)");
}

std::string ExplainAgeFit(const Home& home, const PreparedRequest& p) {
  std::vector<std::string> ages;
  for (const PreparedChild& child : p.children) ages.push_back(absl::StrCat(child.age));
  std::string text = absl::StrCat(ages.size() == 1 ? "age " : "ages ", JoinAnd(ages),
                                  ", the home takes ", home.min_age, " to ", home.max_age);
  std::vector<int32_t> own;
  for (int32_t year : home.own_children_birth_years) {
    const int32_t age = p.start_year - year;
    if (age >= 0 && age < 18) own.push_back(age);
  }
  std::sort(own.begin(), own.end());
  if (own.empty()) {
    absl::StrAppend(&text, "; no own children under 18");
  } else {
    std::vector<std::string> own_text;
    for (int32_t age : own) own_text.push_back(absl::StrCat(age));
    absl::StrAppend(&text, own.size() == 1 ? "; own child aged " : "; own children aged ",
                    JoinAnd(own_text));
  }
  return text;
}

std::string ExplainSiblings(const PreparedRequest& p, const ScoreDetail& d) {
  if (d.seats_for_group >= p.group_size) {
    return absl::StrCat("takes all ", p.group_size, " siblings together");
  }
  // A proposal places the whole request: the rest of the group needs a request of its own.
  return absl::StrCat("can take ", d.seats_for_group, " of the ", p.group_size,
                      " siblings (placing them here needs the request split)");
}

std::string ExplainContinuity(const PreparedRequest& p, const ScoreDetail& d) {
  if (p.group_size == 1) {
    return d.continuity_children > 0 ? "the child has lived here before"
                                     : "the child has not lived here before";
  }
  if (d.continuity_children == 0) return "none of the children has lived here before";
  return absl::StrCat(d.continuity_children, " of the ", p.group_size,
                      " children have lived here before");
}

// Follows WaitingSinceDay (kernel.h).
std::string ExplainWaiting(const Home& home, const ScoreDetail& d) {
  if (home.active_children > 0) return "has a child placed now";
  if (home.last_placement_end_day) {
    return absl::StrCat("last placement ended ", d.waiting_days, " days ago");
  }
  if (home.approved_day) {
    return absl::StrCat("no placement since first approved ", d.waiting_days, " days ago");
  }
  return "no placement recorded";
}

std::string NotUsed(const PreparedRequest& p, Criterion criterion) {
  if (p.applies[static_cast<size_t>(criterion)]) return "not used: its weight is 0";
  switch (criterion) {
    case Criterion::kLanguage:
      return "not used: no language given for the child";
    case Criterion::kBackground:
      return "not used: no background given for the child";
    case Criterion::kExperience:
      return "not used: no preferred needs given";
    case Criterion::kSiblings:
      return "not used: one child";
    case Criterion::kContinuity:
      return "not used: no former homes given";
    default:
      return "not used: its weight is 0";
  }
}

}  // namespace

std::vector<CriterionScore> ExplainScores(const Home& home, const PreparedRequest& p,
                                          const std::array<double, kCriterionCount>& scores,
                                          const ScoreDetail& detail) {
  std::vector<CriterionScore> criteria;
  criteria.reserve(kCriterionCount);
  for (int i = 0; i < kCriterionCount; ++i) {
    const auto criterion = static_cast<Criterion>(i);
    CriterionScore c;
    c.criterion = criterion;
    c.name = std::string(CriterionName(criterion));
    c.weight = p.weights[i];
    c.score = c.weight > 0 ? scores[i] : 0.0;
    c.contribution = p.weight_sum > 0 ? c.weight * c.score / p.weight_sum : 0.0;
    if (c.weight <= 0) {
      c.explanation = NotUsed(p, criterion);
      criteria.push_back(std::move(c));
      continue;
    }
    switch (criterion) {
      case Criterion::kProximity:
        c.explanation = ExplainProximity(home, p, detail);
        break;
      case Criterion::kLanguage:
        c.explanation = ExplainLanguage(home, p);
        break;
      case Criterion::kBackground:
        c.explanation = ExplainBackground(c.score, p);
        break;
      case Criterion::kExperience:
        c.explanation = ExplainExperience(home, p);
        break;
      case Criterion::kAgeFit:
        c.explanation = ExplainAgeFit(home, p);
        break;
      case Criterion::kSiblings:
        c.explanation = ExplainSiblings(p, detail);
        break;
      case Criterion::kContinuity:
        c.explanation = ExplainContinuity(p, detail);
        break;
      case Criterion::kWaitingTime:
        c.explanation = ExplainWaiting(home, detail);
        break;
    }
    criteria.push_back(std::move(c));
  }
  return criteria;
}

}  // namespace gfo::matcher::internal
