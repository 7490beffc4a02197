// gfo homes list | get | create | update | start-assessment | approve | pause | resume | close |
// confirm | history: the family-home bank (gfo.v1.HomeService).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "cli/home_input.h"
#include "cli/input_file.h"
#include "gfo/v1/home.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using google::protobuf::GetEnumDescriptor;
using Stub = v1::HomeService::Stub;

// The flags of create and update, and which Home field each one sets.
struct HomeInputFlags {
  HomeFieldFlags fields;
  std::vector<std::pair<CLI::Option*, std::string>> bindings;
  std::string from_file;
  std::string name;
  std::string etag;
  int initial_status = 0;

  // Records in fields.given the field of every flag that was on the command line.
  void CollectGiven() {
    for (const auto& [option, field] : bindings) {
      if (option->count() > 0) fields.given.insert(field);
    }
  }
};

void AddHomeFieldOptions(CLI::App& cmd, HomeInputFlags& in) {
  HomeFieldFlags& f = in.fields;
  const auto bind = [&](CLI::Option* option, const char* field) {
    in.bindings.emplace_back(option, field);
    return option;
  };
  const auto repeatable = [](CLI::Option* option) {
    return option->allow_extra_args(false)->take_all();
  };
  bind(cmd.add_option("--municipality", f.municipality_code, "Municipality code, e.g. 2280"),
       "municipality_code");
  CLI::Option* lat =
      bind(cmd.add_option("--lat", f.latitude, "Latitude of the postal-area centroid")
               ->check(CLI::Range(-90.0, 90.0)),
           "location");
  CLI::Option* lon =
      bind(cmd.add_option("--lon", f.longitude, "Longitude of the postal-area centroid")
               ->check(CLI::Range(-180.0, 180.0)),
           "location");
  lat->needs(lon);
  lon->needs(lat);
  bind(AddEnumListOption(cmd, "--kind", &f.kinds, GetEnumDescriptor<v1::PlacementKind>(),
                         "Placement kind offered (repeatable)"),
       "kinds");
  bind(cmd.add_flag("--contracted-emergency,!--no-contracted-emergency", f.contracted_emergency,
                    "A contracted emergency home (kontrakterat jourhem)"),
       "contracted_emergency");
  bind(cmd.add_option("--capacity", f.capacity, "Children at once (1..10)"), "capacity");
  bind(cmd.add_option("--min-age", f.min_age, "Youngest accepted age"), "min_age");
  bind(cmd.add_option("--max-age", f.max_age, "Oldest accepted age"), "max_age");
  bind(AddEnumListOption(cmd, "--gender", &f.accepted_genders, GetEnumDescriptor<v1::Gender>(),
                         "Accepted gender (repeatable; none = any)"),
       "accepted_genders");
  bind(cmd.add_option("--max-siblings", f.max_sibling_group,
                      "Largest sibling group taken (0 = capacity)"),
       "max_sibling_group");
  bind(repeatable(cmd.add_option("--own-child-year", f.own_children_birth_years,
                                 "Birth year of one of the family's own children (repeatable)")),
       "own_children_birth_years");
  bind(cmd.add_flag("--pets,!--no-pets", f.has_pets, "The family has pets"), "has_pets");
  bind(cmd.add_flag("--smoking,!--no-smoking", f.smoking, "Someone smokes in the home"), "smoking");
  bind(cmd.add_flag("--wheelchair,!--no-wheelchair", f.wheelchair_access,
                    "The home has wheelchair access"),
       "wheelchair_access");
  bind(repeatable(cmd.add_option("--language", f.languages,
                                 "Language spoken, ISO 639-1 (repeatable or comma-separated)")
                      ->delimiter(',')),
       "languages");
  bind(cmd.add_option("--background", f.background,
                      "Cultural or religious background, only where the family stated one"),
       "background");
  bind(AddEnumListOption(cmd, "--experience", &f.experience, GetEnumDescriptor<v1::Need>(),
                         "Experience or training tag (repeatable)"),
       "experience");
  bind(AddDateOption(cmd, "--available-from", &f.available_from, "First day a child can come"),
       "available_from");
  bind(AddDateOption(cmd, "--assessment-date", &f.assessment_date, "Date of the home study"),
       "assessment_date");
  bind(AddDateOption(cmd, "--training-date", &f.training_date, "Date of the training course"),
       "training_date");
  bind(repeatable(
           cmd.add_option("--adult", f.adults,
                          "An adult: \"Given Family PNR\" or given,family,pnr[,phone[,email]] "
                          "(repeatable; replaces all adults)")),
       "adults");
  bind(cmd.add_option("--address", f.address, "Street address (identifying)"), "address");
  bind(cmd.add_flag("--protected,!--no-protected", f.protected_identity,
                    "The family has protected personal data (skyddade personuppgifter)"),
       "protected_identity");
  bind(repeatable(cmd.add_option("--address-reader", f.address_readers,
                                 "A gfo_staff account (accounts/{id}) who must see the protected "
                                 "address (admin only; repeatable or comma-separated; replaces "
                                 "the list)")
                      ->delimiter(',')),
       "address_readers");
  cmd.add_option("--from-file", in.from_file,
                 "A Home in canonical proto JSON (\"-\" = stdin); flags override its fields");
}

std::optional<std::string> ReadFromFile(const std::string& path, absl::Status* status) {
  if (path.empty()) return std::nullopt;
  absl::StatusOr<std::string> text = ReadInputFile(path);
  if (!text.ok()) {
    *status = text.status();
    return std::nullopt;
  }
  return *std::move(text);
}

// Prints the home a call returned, or the call's error.
int PrintHome(Context& ctx, const absl::Status& status, const v1::Home& home) {
  if (!status.ok()) return ctx.Fail(status);
  PrintResource(ctx.out(), ctx.globals().output, home, HomeDetailColumns());
  return kExitOk;
}

void AddList(CLI::App& homes, Context& ctx) {
  struct Flags {
    int status = 0;
    int kind = 0;
    int municipality = 0;
    int accepts_age = 0;
    int min_free = 0;
    PageFlags page;
    CLI::Option* accepts_age_option = nullptr;
    CLI::Option* min_free_option = nullptr;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* list = AddCommand(homes, "list", "List homes, with filters", ctx, [f](Context& ctx) {
    v1::ListHomesRequest request;
    request.set_status(static_cast<v1::HomeStatus>(f->status));
    request.set_kind(static_cast<v1::PlacementKind>(f->kind));
    request.set_municipality_code(f->municipality);
    if (f->accepts_age_option->count() > 0) request.set_accepts_age(f->accepts_age);
    if (f->min_free_option->count() > 0) request.set_min_free_capacity(f->min_free);
    request.set_page_size(f->page.page_size);
    request.set_page_token(f->page.page_token);
    v1::ListHomesResponse response;
    if (absl::Status s = ListPages(ctx, &Stub::ListHomes, request, f->page.all, &response);
        !s.ok()) {
      return ctx.Fail(s);
    }
    PrintPage(ctx, response, Rows(response.homes()), HomeListColumns(), response.next_page_token());
    return kExitOk;
  });
  AddEnumOption(*list, "--status", &f->status, GetEnumDescriptor<v1::HomeStatus>(),
                "Only homes in this status");
  AddEnumOption(*list, "--kind", &f->kind, GetEnumDescriptor<v1::PlacementKind>(),
                "Only homes offering this kind");
  list->add_option("--municipality", f->municipality, "Only homes in this municipality (code)");
  f->accepts_age_option =
      list->add_option("--accepts-age", f->accepts_age, "Only homes accepting a child this old")
          ->check(CLI::Range(0, 20));
  f->min_free_option =
      list->add_option("--min-free", f->min_free, "Only homes with at least this free capacity")
          ->check(CLI::Range(0, 10));
  AddPageFlags(*list, &f->page);
}

void AddGet(CLI::App& homes, Context& ctx) {
  auto name = std::make_shared<std::string>();
  CLI::App* get = AddCommand(homes, "get", "Show one home", ctx, [name](Context& ctx) {
    v1::GetHomeRequest request;
    request.set_name(ResourceName("homes", *name));
    v1::Home home;
    return PrintHome(ctx, Call(ctx, &Stub::GetHome, request, &home), home);
  });
  get->add_option("NAME", *name, "homes/{id} or {id}")->required();
}

void AddCreate(CLI::App& homes, Context& ctx) {
  auto in = std::make_shared<HomeInputFlags>();
  CLI::App* create = AddCommand(
      homes, "create", "Register a home, from flags or --from-file", ctx, [in](Context& ctx) {
        in->CollectGiven();
        absl::Status read = absl::OkStatus();
        const std::optional<std::string> file = ReadFromFile(in->from_file, &read);
        if (!read.ok()) return ctx.Fail(read, kExitOther);
        // Unset, the oldest accepted age would be 0: a home for infants only, which nobody
        // means by leaving the flag out.
        if (!file.has_value() && !in->fields.given.contains("max_age")) {
          return ctx.Fail(
              "--max-age is required: the oldest child the home accepts (--min-age defaults to 0)",
              kExitUsage);
        }
        absl::StatusOr<v1::CreateHomeRequest> request =
            BuildCreateHomeRequest(in->fields, in->initial_status, file, in->from_file);
        if (!request.ok()) return ctx.Fail(request.status());
        v1::Home home;
        return PrintHome(ctx, Call(ctx, &Stub::CreateHome, *request, &home), home);
      });
  AddHomeFieldOptions(*create, *in);
  AddEnumOption(*create, "--initial-status", &in->initial_status,
                GetEnumDescriptor<v1::HomeStatus>(), "inquiry (default) or assessment");
}

void AddUpdate(CLI::App& homes, Context& ctx) {
  auto in = std::make_shared<HomeInputFlags>();
  CLI::App* update = AddCommand(
      homes, "update",
      "Change a home: only the fields given (flags, --clear, or those present in --from-file)", ctx,
      [in](Context& ctx) {
        in->CollectGiven();
        absl::Status read = absl::OkStatus();
        const std::optional<std::string> file = ReadFromFile(in->from_file, &read);
        if (!read.ok()) return ctx.Fail(read, kExitOther);
        absl::StatusOr<v1::UpdateHomeRequest> request = BuildUpdateHomeRequest(
            ResourceName("homes", in->name), in->etag, in->fields, file, in->from_file);
        if (!request.ok()) return ctx.Fail(request.status());
        v1::Home home;
        return PrintHome(ctx, Call(ctx, &Stub::UpdateHome, *request, &home), home);
      });
  update->add_option("NAME", in->name, "homes/{id} or {id}")->required();
  update->add_option("--etag", in->etag,
                     "The etag from `gfo homes get` (or the file's); a stale one fails (exit 5)");
  // One value per flag (so a NAME after it stays the NAME), several comma-separated.
  update
      ->add_option("--clear", in->fields.clear,
                   "Reset these fields to empty (field names, e.g. languages,experience; "
                   "comma-separated, or repeat --clear)")
      ->allow_extra_args(false)
      ->delimiter(',')
      ->take_all();
  AddHomeFieldOptions(*update, *in);
}

void AddTransitions(CLI::App& homes, Context& ctx) {
  struct Transition {
    const char* command;
    const char* description;
    grpc::Status (Stub::*method)(grpc::ClientContext*, const v1::HomeTransitionRequest&, v1::Home*);
    bool reason_required;
  };
  const Transition transitions[] = {
      {"start-assessment", "Move a home from inquiry to assessment", &Stub::StartAssessment, false},
      {"approve", "Approve an assessed home: it enters the bank and can be matched",
       &Stub::ApproveHome, false},
      {"pause", "Pause an approved home (a break); --reason is required", &Stub::PauseHome, true},
      {"resume", "Resume a paused home", &Stub::ResumeHome, false},
      {"close", "Close a home for good; --reason is required", &Stub::CloseHome, true},
  };
  for (const Transition& transition : transitions) {
    auto request = std::make_shared<v1::HomeTransitionRequest>();
    auto name = std::make_shared<std::string>();
    const auto method = transition.method;
    CLI::App* cmd = AddCommand(homes, transition.command, transition.description, ctx,
                               [request, name, method](Context& ctx) {
                                 request->set_name(ResourceName("homes", *name));
                                 v1::Home home;
                                 return PrintHome(ctx, Call(ctx, method, *request, &home), home);
                               });
    cmd->add_option("NAME", *name, "homes/{id} or {id}")->required();
    CLI::Option* reason = cmd->add_option_function<std::string>(
        "--reason", [request](const std::string& text) { request->set_reason(text); },
        "Why the home moves, kept in its history. (The audit reason is the global --reason, "
        "given before the subcommand.)");
    if (transition.reason_required) reason->required();
    cmd->add_option_function<std::string>(
        "--etag", [request](const std::string& etag) { request->set_etag(etag); },
        "Only if the home is still at this etag");
  }
}

void AddConfirm(CLI::App& homes, Context& ctx) {
  struct Flags {
    std::string name;
    std::string available_from;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* confirm = AddCommand(
      homes, "confirm", "Record that the home's availability was confirmed now (by you)", ctx,
      [f](Context& ctx) {
        v1::ConfirmAvailabilityRequest request;
        request.set_name(ResourceName("homes", f->name));
        if (!f->available_from.empty()) {
          absl::StatusOr<v1::Date> date = ParseDate(f->available_from);
          if (!date.ok()) return ctx.Fail(date.status());
          *request.mutable_available_from() = *date;
        }
        v1::Home home;
        return PrintHome(ctx, Call(ctx, &Stub::ConfirmAvailability, request, &home), home);
      });
  confirm->add_option("NAME", f->name, "homes/{id} or {id}")->required();
  AddDateOption(*confirm, "--available-from", &f->available_from,
                "New available-from date (unchanged when omitted)");
}

void AddHistory(CLI::App& homes, Context& ctx) {
  auto name = std::make_shared<std::string>();
  CLI::App* history =
      AddCommand(homes, "history", "Show a home's lifecycle moves", ctx, [name](Context& ctx) {
        v1::ListHomeHistoryRequest request;
        request.set_name(ResourceName("homes", *name));
        v1::ListHomeHistoryResponse response;
        if (absl::Status s = Call(ctx, &Stub::ListHomeHistory, request, &response); !s.ok()) {
          return ctx.Fail(s);
        }
        PrintList(ctx.out(), ctx.globals().output, response, Rows(response.transitions()),
                  TransitionColumns());
        return kExitOk;
      });
  history->add_option("NAME", *name, "homes/{id} or {id}")->required();
}

}  // namespace

void AddHomesCommands(CLI::App& root, Context& ctx) {
  CLI::App* homes = AddGroup(root, "homes", "The family-home bank: list, register, change, move");
  AddList(*homes, ctx);
  AddGet(*homes, ctx);
  AddCreate(*homes, ctx);
  AddUpdate(*homes, ctx);
  AddTransitions(*homes, ctx);
  AddConfirm(*homes, ctx);
  AddHistory(*homes, ctx);
}

}  // namespace gfo::cli
