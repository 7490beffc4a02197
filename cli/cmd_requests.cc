// gfo requests create | get | list | update | submit | withdraw | history: a municipality's
// placement requests (gfo.v1.RequestService).
//
// A request is written as a JSON file (a gfo.v1.PlacementRequest in canonical proto JSON, the
// shape `gfo requests get -o json` prints) and created from it; a few flags set the common
// top-level fields and override the file's. Identity numbers always come back masked.

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/enum_names.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "cli/input_file.h"
#include "gfo/v1/request.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using google::protobuf::GetEnumDescriptor;
using Stub = v1::RequestService::Stub;

// The fields a request may be created or changed with from flags; `given` names those on the
// command line (PlacementRequest field names).
struct RequestFlags {
  std::string from_file;
  int municipality_code = 0;
  std::string case_reference;
  int kind = 0;
  int legal_basis = 0;
  std::string wanted_start;
  int sibling_rule = 0;
  std::string network_examined;
  int network_outcome = 0;
  std::string network_note;
  std::vector<std::string> children;  // --child, one per child
  std::vector<double> child_place;    // --child-place LAT LON
  std::string child_place_description;
  std::vector<std::pair<CLI::Option*, std::string>> bindings;
  std::set<std::string> given;

  void CollectGiven() {
    for (const auto& [option, field] : bindings) {
      if (option->count() > 0) given.insert(field);
    }
  }
};

void AddRequestFieldOptions(CLI::App& cmd, RequestFlags& f) {
  const auto bind = [&](CLI::Option* option, const char* field) {
    f.bindings.emplace_back(option, field);
  };
  cmd.add_option("--from-file", f.from_file,
                 "A PlacementRequest in canonical proto JSON (\"-\" = stdin); flags override it");
  bind(cmd.add_option("--municipality", f.municipality_code, "Municipality code, e.g. 2280"),
       "municipality_code");
  bind(cmd.add_option("--case-reference", f.case_reference, "The municipality's own reference"),
       "case_reference");
  bind(AddEnumOption(cmd, "--kind", &f.kind, GetEnumDescriptor<v1::PlacementKind>(),
                     "Kind of placement"),
       "kind");
  bind(AddEnumOption(cmd, "--legal-basis", &f.legal_basis, GetEnumDescriptor<v1::LegalBasis>(),
                     "Legal basis"),
       "legal_basis");
  bind(AddDateOption(cmd, "--wanted-start", &f.wanted_start, "Wanted start date"),
       "wanted_start_date");
  bind(AddEnumOption(cmd, "--sibling-rule", &f.sibling_rule, GetEnumDescriptor<v1::SiblingRule>(),
                     "Siblings together: rule"),
       "sibling_rule");
  bind(AddDateOption(cmd, "--network-examined", &f.network_examined,
                     "Date the child's network was examined (22 kap. 1 §; with --network-outcome)"),
       "network_examination");
  bind(AddEnumOption(cmd, "--network-outcome", &f.network_outcome,
                     GetEnumDescriptor<v1::NetworkOutcome>(), "Outcome of the network examination"),
       "network_examination");
  bind(cmd.add_option("--network-note", f.network_note, "Short note on the network examination"),
       "network_examination");
  bind(cmd.add_option("--child", f.children,
                      "A child as ID,GENDER: ID a personal identity number (YYMMDD-NNNC, "
                      "YYYYMMDD-NNNN) or, when unknown, a birth date YYYY-MM-DD; GENDER female, "
                      "male or other. Repeat for each sibling; needs, languages and the rest of a "
                      "child come from --from-file. Replaces the file's children")
           ->allow_extra_args(false)
           ->take_all(),
       "children");
  bind(cmd.add_option("--child-place", f.child_place,
                      "The child's own place (school or home) as LAT LON, for proximity")
           ->expected(2)
           ->check(CLI::Range(-180.0, 180.0)),
       "child_place");
  bind(cmd.add_option("--child-place-description", f.child_place_description,
                      "What the child's place is, e.g. \"school in Timrå\""),
       "child_place_description");
}

// "20150312-2383,female" or "2015-03-12,male" as a Child; INVALID_ARGUMENT naming --child.
absl::StatusOr<v1::Child> ParseChildFlag(const std::string& text) {
  const std::vector<std::string> parts = absl::StrSplit(text, ',');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(
        "--child: expected ID,GENDER (a personal identity number or birth date, then the "
        "gender)");
  }
  v1::Child child;
  const std::string id(absl::StripAsciiWhitespace(parts[0]));
  const bool date_form = id.size() == 10 && id[4] == '-' && id[7] == '-';
  if (date_form) {
    absl::StatusOr<v1::Date> birth = ParseDate(id);
    if (!birth.ok()) return absl::InvalidArgumentError("--child: not a valid birth date");
    *child.mutable_birth_date() = *birth;
  } else {
    child.set_personal_identity_number(id);  // checked by the server, never echoed
  }
  absl::StatusOr<int> gender = ParseEnumName(GetEnumDescriptor<v1::Gender>(),
                                             std::string(absl::StripAsciiWhitespace(parts[1])));
  if (!gender.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--child: ", gender.status().message()));
  }
  child.set_gender(static_cast<v1::Gender>(*gender));
  return child;
}

// Sets the given flags on `request`. INVALID_ARGUMENT naming the flag for a bad date.
absl::Status ApplyRequestFlags(const RequestFlags& f, v1::PlacementRequest* request) {
  if (f.given.contains("municipality_code")) request->set_municipality_code(f.municipality_code);
  if (f.given.contains("case_reference")) request->set_case_reference(f.case_reference);
  if (f.given.contains("kind")) request->set_kind(static_cast<v1::PlacementKind>(f.kind));
  if (f.given.contains("legal_basis")) {
    request->set_legal_basis(static_cast<v1::LegalBasis>(f.legal_basis));
  }
  if (f.given.contains("wanted_start_date")) {
    absl::StatusOr<v1::Date> date = ParseDate(f.wanted_start);
    if (!date.ok()) return absl::InvalidArgumentError("--wanted-start: not a valid date");
    *request->mutable_wanted_start_date() = *date;
  }
  if (f.given.contains("sibling_rule")) {
    request->set_sibling_rule(static_cast<v1::SiblingRule>(f.sibling_rule));
  }
  if (f.given.contains("children")) {
    request->clear_children();
    for (const std::string& text : f.children) {
      absl::StatusOr<v1::Child> child = ParseChildFlag(text);
      if (!child.ok()) return child.status();
      *request->add_children() = *std::move(child);
    }
  }
  if (f.given.contains("child_place")) {
    request->mutable_child_place()->set_latitude(f.child_place[0]);
    request->mutable_child_place()->set_longitude(f.child_place[1]);
  }
  if (f.given.contains("child_place_description")) {
    request->set_child_place_description(f.child_place_description);
  }
  if (f.given.contains("network_examination")) {
    v1::NetworkExamination* network = request->mutable_network_examination();
    if (!f.network_examined.empty()) {
      absl::StatusOr<v1::Date> date = ParseDate(f.network_examined);
      if (!date.ok()) return absl::InvalidArgumentError("--network-examined: not a valid date");
      *network->mutable_examined_date() = *date;
    }
    if (f.network_outcome != 0) {
      network->set_outcome(static_cast<v1::NetworkOutcome>(f.network_outcome));
    }
    if (!f.network_note.empty()) network->set_note(f.network_note);
  }
  return absl::OkStatus();
}

// The top-level PlacementRequest fields present in a JSON object (by proto or JSON name).
absl::StatusOr<std::vector<std::string>> FieldsInFile(const std::string& json,
                                                      const std::string& source) {
  const nlohmann::json document =
      nlohmann::json::parse(json, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": not a JSON object"));
  }
  const google::protobuf::Descriptor* descriptor = v1::PlacementRequest::descriptor();
  std::vector<std::string> fields;
  for (const auto& [key, value] : document.items()) {
    const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(key);
    for (int i = 0; field == nullptr && i < descriptor->field_count(); ++i) {
      if (descriptor->field(i)->json_name() == key) field = descriptor->field(i);
    }
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ": \"", key, "\" is not a field of gfo.v1.PlacementRequest"));
    }
    fields.push_back(field->name());
  }
  return fields;
}

constexpr const char* kOutputOnly[] = {"name",        "state", "create_time", "update_time",
                                       "submit_time", "etag",  "age_days"};

std::string Children(const v1::PlacementRequest& r) {
  std::vector<std::string> parts;
  for (const v1::Child& c : r.children()) {
    std::string who = c.personal_identity_number().empty() ? FormatDate(c.birth_date())
                                                           : c.personal_identity_number();
    parts.push_back(absl::StrCat(who, " ", ShortName(c.gender())));
  }
  return absl::StrJoin(parts, "; ");
}

std::vector<Column> RequestListColumns() {
  using R = v1::PlacementRequest;
  return {
      Col<R>("NAME", [](const R& r) { return r.name(); }),
      Col<R>("STATE", [](const R& r) { return ShortName(r.state()); }),
      Col<R>("MUNICIPALITY", [](const R& r) { return absl::StrCat(r.municipality_code()); }),
      Col<R>("CASE REFERENCE", [](const R& r) { return r.case_reference(); }),
      Col<R>("KIND", [](const R& r) { return ShortName(r.kind()); }),
      Col<R>("CHILDREN", [](const R& r) { return absl::StrCat(r.children_size()); }),
      Col<R>("WANTED START", [](const R& r) { return FormatDate(r.wanted_start_date()); }),
      Col<R>("SUBMITTED", [](const R& r) { return FormatTimestamp(r.submit_time()); }),
      Col<R>("AGE DAYS",
             [](const R& r) {
               return r.has_submit_time() && (r.state() == v1::REQUEST_STATE_SUBMITTED ||
                                              r.state() == v1::REQUEST_STATE_PROPOSED)
                          ? absl::StrCat(r.age_days())
                          : std::string();
             }),
  };
}

std::vector<Column> RequestDetailColumns() {
  using R = v1::PlacementRequest;
  std::vector<Column> columns = RequestListColumns();
  columns.push_back(Col<R>("CHILD", [](const R& r) { return Children(r); }));
  columns.push_back(Col<R>("LEGAL BASIS", [](const R& r) { return ShortName(r.legal_basis()); }));
  columns.push_back(Col<R>("SIBLING RULE", [](const R& r) { return ShortName(r.sibling_rule()); }));
  columns.push_back(Col<R>("CHILD PLACE", [](const R& r) { return r.child_place_description(); }));
  columns.push_back(Col<R>("NETWORK EXAMINED", [](const R& r) {
    return FormatDate(r.network_examination().examined_date());
  }));
  columns.push_back(Col<R>(
      "NETWORK OUTCOME", [](const R& r) { return ShortName(r.network_examination().outcome()); }));
  columns.push_back(Col<R>("ETAG", [](const R& r) { return r.etag(); }));
  return columns;
}

int PrintRequest(Context& ctx, const absl::Status& status, const v1::PlacementRequest& request) {
  if (!status.ok()) return ctx.Fail(status);
  PrintResource(ctx.out(), ctx.globals().output, request, RequestDetailColumns());
  return kExitOk;
}

std::optional<std::string> ReadFile(const std::string& path, absl::Status* status) {
  if (path.empty()) return std::nullopt;
  absl::StatusOr<std::string> text = ReadInputFile(path);
  if (!text.ok()) {
    *status = text.status();
    return std::nullopt;
  }
  return *std::move(text);
}

void AddCreate(CLI::App& group, Context& ctx) {
  auto f = std::make_shared<RequestFlags>();
  AddRequestFieldOptions(
      *AddCommand(
          group, "create", "Create a draft request, from --from-file (JSON) and flags", ctx,
          [f](Context& ctx) {
            f->CollectGiven();
            absl::Status read = absl::OkStatus();
            const std::optional<std::string> file = ReadFile(f->from_file, &read);
            if (!read.ok()) return ctx.Fail(read, kExitOther);
            v1::CreateRequestRequest request;
            if (file.has_value()) {
              if (absl::Status s = ParseJsonMessage(*file, f->from_file, request.mutable_request());
                  !s.ok()) {
                return ctx.Fail(s);
              }
            }
            if (absl::Status s = ApplyRequestFlags(*f, request.mutable_request()); !s.ok()) {
              return ctx.Fail(s);
            }
            v1::PlacementRequest out;
            return PrintRequest(ctx, Call(ctx, &Stub::CreateRequest, request, &out), out);
          }),
      *f);
}

void AddUpdate(CLI::App& group, Context& ctx) {
  struct Flags {
    RequestFlags fields;
    std::string name;
    std::string etag;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* update = AddCommand(
      group, "update",
      "Change a draft or submitted request: the fields given as flags or present in --from-file",
      ctx, [f](Context& ctx) {
        f->fields.CollectGiven();
        absl::Status read = absl::OkStatus();
        const std::optional<std::string> file = ReadFile(f->fields.from_file, &read);
        if (!read.ok()) return ctx.Fail(read, kExitOther);
        v1::UpdateRequestRequest request;
        v1::PlacementRequest* patch = request.mutable_request();
        std::set<std::string> paths;
        if (file.has_value()) {
          absl::StatusOr<std::vector<std::string>> fields =
              FieldsInFile(*file, f->fields.from_file);
          if (!fields.ok()) return ctx.Fail(fields.status());
          if (absl::Status s = ParseJsonMessage(*file, f->fields.from_file, patch); !s.ok()) {
            return ctx.Fail(s);
          }
          for (const std::string& field : *fields) {
            if (std::find(std::begin(kOutputOnly), std::end(kOutputOnly), field) ==
                    std::end(kOutputOnly) &&
                field != "municipality_code") {
              paths.insert(field);
            }
          }
        }
        // The server replaces the network examination as a whole; a flag for one of its parts
        // changes that part of the stored examination and keeps the others.
        if (f->fields.given.contains("network_examination") && !patch->has_network_examination()) {
          v1::GetRequestRequest get;
          get.set_name(ResourceName("requests", f->name));
          v1::PlacementRequest current;
          if (absl::Status s = Call(ctx, &Stub::GetRequest, get, &current); !s.ok()) {
            return ctx.Fail(s);
          }
          *patch->mutable_network_examination() = current.network_examination();
        }
        if (absl::Status s = ApplyRequestFlags(f->fields, patch); !s.ok()) return ctx.Fail(s);
        paths.insert(f->fields.given.begin(), f->fields.given.end());
        if (paths.empty()) {
          return ctx.Fail("nothing to change: give flags or --from-file", kExitUsage);
        }
        const std::string etag = f->etag.empty() ? patch->etag() : f->etag;
        if (etag.empty()) {
          return ctx.Fail("--etag is required (from `gfo requests get`)", kExitUsage);
        }
        patch->set_name(ResourceName("requests", f->name));
        patch->set_etag(etag);
        for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
        v1::PlacementRequest out;
        return PrintRequest(ctx, Call(ctx, &Stub::UpdateRequest, request, &out), out);
      });
  update->add_option("NAME", f->name, "requests/{id} or {id}")->required();
  update->add_option("--etag", f->etag, "The etag from `gfo requests get` (or the file's)");
  AddRequestFieldOptions(*update, f->fields);
}

void AddGet(CLI::App& group, Context& ctx) {
  auto name = std::make_shared<std::string>();
  CLI::App* get = AddCommand(group, "get", "Show one request", ctx, [name](Context& ctx) {
    v1::GetRequestRequest request;
    request.set_name(ResourceName("requests", *name));
    v1::PlacementRequest out;
    return PrintRequest(ctx, Call(ctx, &Stub::GetRequest, request, &out), out);
  });
  get->add_option("NAME", *name, "requests/{id} or {id}")->required();
}

void AddList(CLI::App& group, Context& ctx) {
  struct Flags {
    int state = 0;
    int municipality = 0;
    bool open = false;
    PageFlags page;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* list = AddCommand(
      group, "list", "List requests (case workers: their own municipality's)", ctx,
      [f](Context& ctx) {
        v1::ListRequestsRequest request;
        request.set_state(static_cast<v1::RequestState>(f->state));
        request.set_municipality_code(f->municipality);
        request.set_open_only(f->open);
        request.set_page_size(f->page.page_size);
        request.set_page_token(f->page.page_token);
        v1::ListRequestsResponse response;
        if (absl::Status s = ListPages(ctx, &Stub::ListRequests, request, f->page.all, &response);
            !s.ok()) {
          return ctx.Fail(s);
        }
        PrintPage(ctx, response, Rows(response.requests()), RequestListColumns(),
                  response.next_page_token());
        return kExitOk;
      });
  AddEnumOption(*list, "--state", &f->state, GetEnumDescriptor<v1::RequestState>(),
                "Only requests in this state");
  list->add_option("--municipality", f->municipality, "Only this municipality's requests");
  list->add_flag("--open", f->open,
                 "Only open requests (submitted or proposed), oldest first, with age in days");
  AddPageFlags(*list, &f->page);
}

void AddTransitions(CLI::App& group, Context& ctx) {
  struct Transition {
    const char* command;
    const char* description;
    grpc::Status (Stub::*method)(grpc::ClientContext*, const v1::RequestTransitionRequest&,
                                 v1::PlacementRequest*);
    bool reason_required;
  };
  const Transition transitions[] = {
      {"submit",
       "Submit a draft to the GFO (needs the network examination and a current membership)",
       &Stub::SubmitRequest, false},
      {"withdraw", "Withdraw a request before it is placed; --reason is required",
       &Stub::WithdrawRequest, true},
  };
  for (const Transition& t : transitions) {
    auto request = std::make_shared<v1::RequestTransitionRequest>();
    auto name = std::make_shared<std::string>();
    const auto method = t.method;
    CLI::App* cmd =
        AddCommand(group, t.command, t.description, ctx, [request, name, method](Context& ctx) {
          request->set_name(ResourceName("requests", *name));
          v1::PlacementRequest out;
          return PrintRequest(ctx, Call(ctx, method, *request, &out), out);
        });
    cmd->add_option("NAME", *name, "requests/{id} or {id}")->required();
    CLI::Option* reason = cmd->add_option_function<std::string>(
        "--reason", [request](const std::string& text) { request->set_reason(text); },
        "Why, kept in the request's history");
    if (t.reason_required) reason->required();
    cmd->add_option_function<std::string>(
        "--etag", [request](const std::string& etag) { request->set_etag(etag); },
        "Only if the request is still at this etag");
  }
}

void AddHistory(CLI::App& group, Context& ctx) {
  auto name = std::make_shared<std::string>();
  CLI::App* history =
      AddCommand(group, "history", "Show a request's lifecycle moves", ctx, [name](Context& ctx) {
        v1::ListRequestHistoryRequest request;
        request.set_name(ResourceName("requests", *name));
        v1::ListRequestHistoryResponse response;
        if (absl::Status s = Call(ctx, &Stub::ListRequestHistory, request, &response); !s.ok()) {
          return ctx.Fail(s);
        }
        PrintList(ctx.out(), ctx.globals().output, response, Rows(response.transitions()),
                  TransitionColumns());
        return kExitOk;
      });
  history->add_option("NAME", *name, "requests/{id} or {id}")->required();
}

}  // namespace

void AddRequestsCommands(CLI::App& root, Context& ctx) {
  CLI::App* group =
      AddGroup(root, "requests", "Placement requests: create, change, submit, withdraw, read");
  AddCreate(*group, ctx);
  AddGet(*group, ctx);
  AddList(*group, ctx);
  AddUpdate(*group, ctx);
  AddTransitions(*group, ctx);
  AddHistory(*group, ctx);
}

}  // namespace gfo::cli
