// gfo placements list | get | end | update | due | summary, and gfo vacancies: placements, the
// decisions with legal clocks, what is due or overdue, and the views GFO staff need every day
// (gfo.v1.PlacementService).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "gfo/v1/placement.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using google::protobuf::GetEnumDescriptor;
using Stub = v1::PlacementService::Stub;

// The decisions `placements update --clear` removes: each flag's name, and the field it sets.
const std::map<std::string, std::string> kClearable = {
    {"investigation-closed", "investigation_closed_date"},
    {"special-reasons", "special_reasons"},
    {"last-review", "last_review_date"},
    {"custody-considered", "custody_considered_date"},
    {"secret-whereabouts", "secret_whereabouts_decision_date"},
};

std::vector<Column> PlacementListColumns() {
  using P = v1::Placement;
  return {
      Col<P>("NAME", [](const P& p) { return p.name(); }),
      Col<P>("REQUEST", [](const P& p) { return p.request(); }),
      Col<P>("HOME", [](const P& p) { return p.home(); }),
      Col<P>("CODE", [](const P& p) { return p.home_code(); }),
      Col<P>("MUNICIPALITY", [](const P& p) { return absl::StrCat(p.municipality_code()); }),
      Col<P>("CHILDREN", [](const P& p) { return absl::StrCat(p.children()); }),
      Col<P>("KIND", [](const P& p) { return ShortName(p.kind()); }),
      Col<P>("STATE", [](const P& p) { return ShortName(p.state()); }),
      Col<P>("START", [](const P& p) { return FormatDate(p.start_date()); }),
      Col<P>("END", [](const P& p) { return FormatDate(p.end_date()); }),
  };
}

std::vector<Column> PlacementDetailColumns() {
  using P = v1::Placement;
  std::vector<Column> columns = PlacementListColumns();
  columns.push_back(Col<P>("END REASON", [](const P& p) { return p.end_reason(); }));
  columns.push_back(Col<P>("INVESTIGATION CLOSED",
                           [](const P& p) { return FormatDate(p.investigation_closed_date()); }));
  columns.push_back(
      Col<P>("SPECIAL REASONS", [](const P& p) { return YesNo(p.special_reasons()); }));
  columns.push_back(
      Col<P>("LAST REVIEW", [](const P& p) { return FormatDate(p.last_review_date()); }));
  columns.push_back(Col<P>("CUSTODY CONSIDERED",
                           [](const P& p) { return FormatDate(p.custody_considered_date()); }));
  columns.push_back(Col<P>("SECRET WHEREABOUTS", [](const P& p) {
    return FormatDate(p.secret_whereabouts_decision_date());
  }));
  columns.push_back(Col<P>("PROPOSAL", [](const P& p) { return p.proposal(); }));
  columns.push_back(Col<P>("ETAG", [](const P& p) { return p.etag(); }));
  return columns;
}

// `22 kap. 13 § SFS 2025:400`, as the server's legal_references table gives it.
std::string Citation(const v1::LegalReference& r) {
  std::string out = r.chapter().empty() ? "" : absl::StrCat(r.chapter(), " kap. ");
  absl::StrAppend(&out, r.section(), " § ", r.act());
  return out;
}

int PrintPlacement(Context& ctx, const absl::Status& status, const v1::Placement& placement) {
  if (!status.ok()) return ctx.Fail(status);
  PrintResource(ctx.out(), ctx.globals().output, placement, PlacementDetailColumns());
  return kExitOk;
}

void AddList(CLI::App& group, Context& ctx) {
  struct Flags {
    int state = 0;
    std::string home;
    int municipality = 0;
    PageFlags page;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* list = AddCommand(group, "list", "List placements", ctx, [f](Context& ctx) {
    v1::ListPlacementsRequest request;
    request.set_state(static_cast<v1::PlacementState>(f->state));
    if (!f->home.empty()) request.set_home(ResourceName("homes", f->home));
    request.set_municipality_code(f->municipality);
    request.set_page_size(f->page.page_size);
    request.set_page_token(f->page.page_token);
    v1::ListPlacementsResponse response;
    if (absl::Status s = ListPages(ctx, &Stub::ListPlacements, request, f->page.all, &response);
        !s.ok()) {
      return ctx.Fail(s);
    }
    PrintPage(ctx, response, Rows(response.placements()), PlacementListColumns(),
              response.next_page_token());
    return kExitOk;
  });
  AddEnumOption(*list, "--state", &f->state, GetEnumDescriptor<v1::PlacementState>(),
                "Only placements in this state (active, ended)");
  list->add_option("--home", f->home, "Only placements in this home");
  list->add_option("--municipality", f->municipality, "Only this municipality's placements");
  AddPageFlags(*list, &f->page);
}

void AddGet(CLI::App& group, Context& ctx) {
  auto name = std::make_shared<std::string>();
  CLI::App* get = AddCommand(group, "get", "Show one placement", ctx, [name](Context& ctx) {
    v1::GetPlacementRequest request;
    request.set_name(ResourceName("placements", *name));
    v1::Placement out;
    return PrintPlacement(ctx, Call(ctx, &Stub::GetPlacement, request, &out), out);
  });
  get->add_option("NAME", *name, "placements/{id} or {id}")->required();
}

void AddEnd(CLI::App& group, Context& ctx) {
  struct Flags {
    std::string name;
    std::string end_date;
    std::string reason;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* end = AddCommand(
      group, "end", "End a placement; its seats are free at once", ctx, [f](Context& ctx) {
        v1::EndPlacementRequest request;
        request.set_name(ResourceName("placements", f->name));
        request.set_reason(f->reason);
        if (!f->end_date.empty()) {
          absl::StatusOr<v1::Date> date = ParseDate(f->end_date);
          if (!date.ok()) return ctx.Fail(date.status());
          *request.mutable_end_date() = *date;
        }
        v1::Placement out;
        return PrintPlacement(ctx, Call(ctx, &Stub::EndPlacement, request, &out), out);
      });
  end->add_option("NAME", f->name, "placements/{id} or {id}")->required();
  end->add_option("--reason", f->reason, "Why the placement ends")->required();
  AddDateOption(*end, "--end-date", &f->end_date,
                "Last day (default today; for a placement that has not started, its start day)");
}

void AddUpdate(CLI::App& group, Context& ctx) {
  struct Flags {
    std::string name;
    std::string etag;
    std::string investigation_closed;
    bool special_reasons = false;
    std::string last_review;
    std::string custody_considered;
    std::string secret_whereabouts;
    std::vector<std::string> clear;
    std::vector<std::pair<CLI::Option*, std::string>> bindings;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* update = AddCommand(
      group, "update", "Record decisions with legal clocks (reviews, investigation closed, ...)",
      ctx, [f](Context& ctx) {
        v1::UpdatePlacementRequest request;
        v1::Placement* p = request.mutable_placement();
        p->set_name(ResourceName("placements", f->name));
        p->set_etag(f->etag);
        for (const auto& [option, field] : f->bindings) {
          if (option->count() == 0) continue;
          request.mutable_update_mask()->add_paths(field);
          const std::string* text = nullptr;
          v1::Date* date = nullptr;
          if (field == "investigation_closed_date") {
            text = &f->investigation_closed;
            date = p->mutable_investigation_closed_date();
          } else if (field == "last_review_date") {
            text = &f->last_review;
            date = p->mutable_last_review_date();
          } else if (field == "custody_considered_date") {
            text = &f->custody_considered;
            date = p->mutable_custody_considered_date();
          } else if (field == "secret_whereabouts_decision_date") {
            text = &f->secret_whereabouts;
            date = p->mutable_secret_whereabouts_decision_date();
          } else {
            p->set_special_reasons(f->special_reasons);
          }
          if (date != nullptr) {
            absl::StatusOr<v1::Date> parsed = ParseDate(*text);
            if (!parsed.ok()) return ctx.Fail(parsed.status());
            *date = *parsed;
          }
        }
        for (const std::string& field : f->clear) {
          // The flag's name (last-review) or the field's (last_review_date).
          const auto named = kClearable.find(field);
          request.mutable_update_mask()->add_paths(named != kClearable.end() ? named->second
                                                                             : field);
        }
        if (request.update_mask().paths().empty()) {
          return ctx.Fail("nothing to change: give a decision flag or --clear", kExitUsage);
        }
        v1::Placement out;
        return PrintPlacement(ctx, Call(ctx, &Stub::UpdatePlacement, request, &out), out);
      });
  update->add_option("NAME", f->name, "placements/{id} or {id}")->required();
  update->add_option("--etag", f->etag, "The etag from `gfo placements get`")->required();
  const auto bind = [&](CLI::Option* option, const char* field) {
    f->bindings.emplace_back(option, field);
  };
  bind(AddDateOption(*update, "--investigation-closed", &f->investigation_closed,
                     "Day the child's investigation closed (emergency two-month limit)"),
       "investigation_closed_date");
  bind(update->add_flag("--special-reasons,!--no-special-reasons", f->special_reasons,
                        "Special reasons justify a longer emergency stay"),
       "special_reasons");
  bind(AddDateOption(*update, "--last-review", &f->last_review, "Day of the latest review"),
       "last_review_date");
  bind(AddDateOption(*update, "--custody-considered", &f->custody_considered,
                     "Day transfer of custody was considered"),
       "custody_considered_date");
  bind(AddDateOption(*update, "--secret-whereabouts", &f->secret_whereabouts,
                     "Day of the decision to keep the whereabouts secret"),
       "secret_whereabouts_decision_date");
  std::vector<std::string> clearable;
  for (const auto& [flag, field] : kClearable) {
    clearable.push_back(flag);
    clearable.push_back(field);
  }
  update
      ->add_option("--clear", f->clear,
                   "Remove recorded decisions, named as their flags (last-review, "
                   "investigation-closed, custody-considered, secret-whereabouts, "
                   "special-reasons); comma-separated, or repeat --clear")
      ->allow_extra_args(false)
      ->delimiter(',')
      ->check(CLI::IsMember(clearable))
      ->take_all();
}

void AddDue(CLI::App& group, Context& ctx) {
  auto request = std::make_shared<v1::ListDueRequest>();
  CLI::App* due = AddCommand(
      group, "due", "Reviews and time limits due or overdue (case workers: their own)", ctx,
      [request](Context& ctx) {
        v1::ListDueResponse response;
        if (absl::Status s = Call(ctx, &Stub::ListDue, *request, &response); !s.ok()) {
          return ctx.Fail(s);
        }
        using D = v1::DueItem;
        PrintList(ctx.out(), ctx.globals().output, response, Rows(response.items()),
                  {
                      Col<D>("DUE", [](const D& d) { return FormatDate(d.due_date()); }),
                      Col<D>("OVERDUE", [](const D& d) { return YesNo(d.overdue()); }),
                      Col<D>("KIND", [](const D& d) { return ShortName(d.kind()); }),
                      Col<D>("PLACEMENT", [](const D& d) { return d.placement(); }),
                      Col<D>("MUNICIPALITY",
                             [](const D& d) { return absl::StrCat(d.municipality_code()); }),
                      Col<D>("LAW", [](const D& d) { return Citation(d.legal_reference()); }),
                      Col<D>("WHAT", [](const D& d) { return d.description(); }),
                  },
                  /*max_cell_width=*/160);
        return kExitOk;
      });
  due->add_option_function<int>(
      "--municipality", [request](int code) { request->set_municipality_code(code); },
      "Only this municipality");
  due->add_option_function<int>(
         "--within-days", [request](int days) { request->set_within_days(days); },
         "Due within this many days (default 30); overdue items always show")
      ->check(CLI::Range(0, 3660));
}

void AddSummary(CLI::App& group, Context& ctx) {
  AddCommand(
      group, "summary", "Active placements and children per home and per municipality", ctx,
      [](Context& ctx) {
        v1::SummarizePlacementsRequest request;
        v1::SummarizePlacementsResponse response;
        if (absl::Status s = Call(ctx, &Stub::SummarizePlacements, request, &response); !s.ok()) {
          return ctx.Fail(s);
        }
        std::vector<const google::protobuf::Message*> rows = Rows(response.by_home());
        for (const auto* row : Rows(response.by_municipality())) rows.push_back(row);
        using C = v1::PlacementCount;
        PrintList(ctx.out(), ctx.globals().output, response, rows,
                  {
                      Col<C>("KEY", [](const C& c) { return c.key(); }),
                      Col<C>("PLACEMENTS",
                             [](const C& c) { return absl::StrCat(c.active_placements()); }),
                      Col<C>("CHILDREN", [](const C& c) { return absl::StrCat(c.children()); }),
                  });
        return kExitOk;
      });
}

void AddVacancies(CLI::App& root, Context& ctx) {
  struct Flags {
    int kind = 0;
    int municipality = 0;
    PageFlags page;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* vacancies = AddCommand(
      root, "vacancies", "Approved homes with free capacity, by kind and municipality", ctx,
      [f](Context& ctx) {
        v1::ListVacanciesRequest request;
        request.set_kind(static_cast<v1::PlacementKind>(f->kind));
        request.set_municipality_code(f->municipality);
        request.set_page_size(f->page.page_size);
        request.set_page_token(f->page.page_token);
        v1::ListVacanciesResponse response;
        if (absl::Status s = ListPages(ctx, &Stub::ListVacancies, request, f->page.all, &response);
            !s.ok()) {
          return ctx.Fail(s);
        }
        using V = v1::Vacancy;
        PrintPage(
            ctx, response, Rows(response.vacancies()),
            {
                Col<V>("HOME", [](const V& v) { return v.home(); }),
                Col<V>("CODE", [](const V& v) { return v.code(); }),
                Col<V>("MUNICIPALITY",
                       [](const V& v) { return absl::StrCat(v.municipality_code()); }),
                Col<V>("KINDS", [](const V& v) { return JoinEnums<v1::PlacementKind>(v.kinds()); }),
                Col<V>("CAPACITY", [](const V& v) { return absl::StrCat(v.capacity()); }),
                Col<V>("FREE", [](const V& v) { return absl::StrCat(v.free_capacity()); }),
                Col<V>("AVAILABLE FROM", [](const V& v) { return FormatDate(v.available_from()); }),
                Col<V>("CONFIRMED",
                       [](const V& v) { return FormatTimestamp(v.availability_confirmed_time()); }),
            },
            response.next_page_token());
        return kExitOk;
      });
  AddEnumOption(*vacancies, "--kind", &f->kind, GetEnumDescriptor<v1::PlacementKind>(),
                "Only homes offering this kind");
  vacancies->add_option("--municipality", f->municipality, "Only homes in this municipality");
  AddPageFlags(*vacancies, &f->page);
}

}  // namespace

void AddPlacementsCommands(CLI::App& root, Context& ctx) {
  CLI::App* group =
      AddGroup(root, "placements", "Placements: list, end, record decisions, due reviews");
  AddList(*group, ctx);
  AddGet(*group, ctx);
  AddEnd(*group, ctx);
  AddUpdate(*group, ctx);
  AddDue(*group, ctx);
  AddSummary(*group, ctx);
  AddVacancies(root, ctx);
}

}  // namespace gfo::cli
