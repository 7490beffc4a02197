// gfo match rank | suggest: the ranking of the bank for one request, with the reasons behind
// every score and every exclusion, and the batch suggestion for all open requests
// (gfo.v1.MatchService). The suggestion is only a suggestion: nothing is written.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "gfo/v1/match.grpc.pb.h"
#include "gfo/v1/municipality.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using Stub = v1::MatchService::Stub;

// Explanations are sentences: let them be longer than the default cell width.
constexpr size_t kExplanationWidth = 120;

// Municipality names by code for readable tables; empty when they cannot be read (the codes are
// shown then).
std::map<int32_t, std::string> MunicipalityNames(Context& ctx) {
  std::map<int32_t, std::string> names;
  v1::ListMunicipalitiesResponse response;
  if (Call(ctx, &v1::MunicipalityService::Stub::ListMunicipalities, v1::ListMunicipalitiesRequest(),
           &response)
          .ok()) {
    for (const v1::Municipality& m : response.municipalities()) {
      names[m.code()] = m.display_name();
    }
  }
  return names;
}

std::string MunicipalityText(const std::map<int32_t, std::string>& names, int32_t code) {
  auto it = names.find(code);
  if (it == names.end()) return absl::StrCat(code);
  return absl::StrCat(it->second, " (", code, ")");
}

std::string Distance(const v1::HomeProfile& profile) {
  if (!profile.has_distance_km()) return "-";
  return absl::StrFormat("%.1f km", profile.distance_km());
}

std::string Score(double value) { return absl::StrFormat("%.3f", value); }

// "insufficient_capacity" -> "insufficient capacity".
std::string ReasonText(const std::string& reason) {
  return absl::StrReplaceAll(reason, {{"_", " "}});
}

// For CSV: the table's columns; with `explain`, one more holding every criterion as
// "criterion share: why", separated by " | ".
std::vector<Column> RankedColumns(bool explain) {
  using R = v1::RankedHome;
  std::vector<Column> columns = {
      Col<R>("RANK", [](const R& r) { return absl::StrCat(r.rank()); }),
      Col<R>("CODE", [](const R& r) { return r.profile().code(); }),
      Col<R>("HOME", [](const R& r) { return r.profile().home(); }),
      Col<R>("MUNICIPALITY",
             [](const R& r) { return absl::StrCat(r.profile().municipality_code()); }),
      // Empty where no distance is shown: a protected home's, or one without a place.
      Col<R>("DISTANCE KM",
             [](const R& r) {
               return r.profile().has_distance_km()
                          ? absl::StrFormat("%.1f", r.profile().distance_km())
                          : std::string();
             }),
      Col<R>("FREE", [](const R& r) { return absl::StrCat(r.profile().free_capacity()); }),
      Col<R>("TOTAL", [](const R& r) { return Score(r.total()); }),
  };
  if (explain) {
    columns.push_back(Col<R>("WHY", [](const R& r) {
      std::vector<std::string> parts;
      for (const v1::CriterionScore& c : r.criteria()) {
        parts.push_back(absl::StrCat(c.criterion(), " ",
                                     c.weight() > 0 ? Score(c.contribution()) : "-", ": ",
                                     c.explanation()));
      }
      return absl::StrJoin(parts, " | ");
    }));
  }
  return columns;
}

// "12 homes considered: 3 eligible, 9 excluded.", for the table and for CSV's stderr.
std::string CountsLine(const v1::RankHomesResponse& response) {
  return absl::StrFormat("%d homes considered: %d eligible, %d excluded.\n", response.considered(),
                         response.eligible(), response.excluded());
}

// For CSV, whose stdout holds one table: the counts behind it go to stderr.
void PrintRankCountsToStderr(Context& ctx, const v1::RankHomesResponse& response) {
  ctx.err() << CountsLine(response);
  for (const v1::ExclusionCount& e : response.exclusions()) {
    ctx.err() << "excluded because " << ReasonText(e.reason()) << ": " << e.homes() << "\n";
  }
}

void PrintRankTable(Context& ctx, const v1::RankHomesResponse& response, bool explain) {
  const std::map<int32_t, std::string> names = MunicipalityNames(ctx);
  bool show_home = false;
  for (const v1::RankedHome& home : response.homes()) {
    show_home = show_home || !home.profile().home().empty();
  }
  std::vector<std::string> headers = {"RANK", "CODE"};
  if (show_home) headers.push_back("HOME");
  for (const char* h : {"MUNICIPALITY", "DISTANCE", "FREE", "TOTAL"}) headers.push_back(h);
  if (explain) headers.push_back("WHY");
  std::vector<std::vector<std::string>> rows;
  for (const v1::RankedHome& home : response.homes()) {
    std::vector<std::string> row = {absl::StrCat(home.rank()), home.profile().code()};
    if (show_home) row.push_back(home.profile().home());
    row.push_back(MunicipalityText(names, home.profile().municipality_code()));
    row.push_back(Distance(home.profile()));
    row.push_back(absl::StrCat(home.profile().free_capacity()));
    row.push_back(Score(home.total()));
    rows.push_back(std::move(row));
    if (!explain) continue;
    // One line per criterion: its share of the total in the TOTAL column, its sentence in WHY.
    for (const v1::CriterionScore& c : home.criteria()) {
      std::vector<std::string> line(headers.size());
      line[1] = absl::StrCat("  ", c.criterion());
      line[headers.size() - 2] = c.weight() > 0 ? Score(c.contribution()) : "-";
      line[headers.size() - 1] = c.explanation();
      rows.push_back(std::move(line));
    }
  }
  if (rows.empty()) {
    ctx.out() << "No home fits this request.\n";
  } else {
    WriteTable(ctx.out(), headers, rows, explain ? kExplanationWidth : 48);
  }
  ctx.out() << "\n" << CountsLine(response);
  if (response.exclusions_size() > 0) {
    std::vector<std::vector<std::string>> reasons;
    for (const v1::ExclusionCount& e : response.exclusions()) {
      reasons.push_back({ReasonText(e.reason()), absl::StrCat(e.homes())});
    }
    ctx.out() << "A home is counted once under each reason that excludes it.\n";
    WriteTable(ctx.out(), {"EXCLUDED BECAUSE", "HOMES"}, reasons);
  }
}

void PrintSuggestion(Context& ctx, const v1::SuggestAssignmentResponse& response) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::SuggestedPair& p : response.assignments()) {
    rows.push_back({p.request(), p.home_code(), p.home(), Score(p.score()),
                    absl::StrCat(p.children()), YesNo(p.emergency())});
  }
  if (rows.empty()) {
    ctx.out() << "No open request can be placed in a home with free capacity.\n";
  } else {
    WriteTable(ctx.out(), {"REQUEST", "HOME CODE", "HOME", "SCORE", "CHILDREN", "EMERGENCY"}, rows);
  }
  ctx.out() << "\n"
            << absl::StrFormat("Total score %.3f (%s%s).\n", response.total_score(),
                               response.optimal() ? "optimal" : "not proven optimal",
                               response.method().empty() ? "" : ", " + response.method());
  if (response.unassigned_requests_size() > 0) {
    ctx.out() << "Unassigned: " << absl::StrJoin(response.unassigned_requests(), ", ") << "\n";
  }
  ctx.out() << "A suggestion only: nothing was proposed or written.\n";
}

}  // namespace

void AddMatchCommands(CLI::App& root, Context& ctx) {
  CLI::App* match = AddGroup(root, "match", "Rank homes for a request; suggest a batch assignment");

  struct RankFlags {
    std::string request;
    int top = 0;
    bool explain = false;
  };
  auto rank_flags = std::make_shared<RankFlags>();
  CLI::App* rank =
      AddCommand(*match, "rank",
                 "The best homes for one request, and how many homes each hard constraint excluded",
                 ctx, [f = rank_flags](Context& ctx) {
                   v1::RankHomesRequest request;
                   request.set_request(ResourceName("requests", f->request));
                   request.set_top_k(f->top);
                   v1::RankHomesResponse response;
                   if (absl::Status s = Call(ctx, &Stub::RankHomes, request, &response); !s.ok()) {
                     return ctx.Fail(s);
                   }
                   if (ctx.globals().output == OutputFormat::kTable) {
                     PrintRankTable(ctx, response, f->explain);
                   } else {
                     PrintList(ctx.out(), ctx.globals().output, response, Rows(response.homes()),
                               RankedColumns(f->explain));
                     if (ctx.globals().output == OutputFormat::kCsv) {
                       PrintRankCountsToStderr(ctx, response);
                     }
                   }
                   return kExitOk;
                 });
  rank->add_option("REQUEST", rank_flags->request, "requests/{id} or {id}")->required();
  rank->add_option("--top,-k", rank_flags->top,
                   "How many homes to list (1..100; default: server's)")
      ->check(CLI::Range(1, 100));
  rank->add_flag("--explain", rank_flags->explain,
                 "One line per criterion with its share of the total and why");

  AddCommand(
      *match, "suggest",
      "A batch suggestion for every open request (emergency first); writes nothing", ctx,
      [](Context& ctx) {
        v1::SuggestAssignmentResponse response;
        if (absl::Status s =
                Call(ctx, &Stub::SuggestAssignment, v1::SuggestAssignmentRequest(), &response);
            !s.ok()) {
          return ctx.Fail(s);
        }
        if (ctx.globals().output == OutputFormat::kTable) {
          PrintSuggestion(ctx, response);
          return kExitOk;
        }
        using P = v1::SuggestedPair;
        PrintList(ctx.out(), ctx.globals().output, response, Rows(response.assignments()),
                  {Col<P>("REQUEST", [](const P& p) { return p.request(); }),
                   Col<P>("HOME CODE", [](const P& p) { return p.home_code(); }),
                   Col<P>("HOME", [](const P& p) { return p.home(); }),
                   Col<P>("SCORE", [](const P& p) { return Score(p.score()); }),
                   Col<P>("CHILDREN", [](const P& p) { return absl::StrCat(p.children()); }),
                   Col<P>("EMERGENCY", [](const P& p) { return YesNo(p.emergency()); })});
        if (ctx.globals().output == OutputFormat::kCsv && response.unassigned_requests_size() > 0) {
          ctx.err() << "Unassigned: " << absl::StrJoin(response.unassigned_requests(), ", ")
                    << "\n";
        }
        return kExitOk;
      });
}

}  // namespace gfo::cli
