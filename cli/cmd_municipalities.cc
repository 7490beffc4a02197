// gfo municipalities list | get | create | join | leave: municipalities and their GFO
// membership periods (gfo.v1.MunicipalityService). Changes are for admins.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "gfo/v1/municipality.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using Stub = v1::MunicipalityService::Stub;

std::vector<Column> MunicipalityColumns() {
  using v1::Municipality;
  return {
      Col<Municipality>("NAME", [](const Municipality& m) { return m.name(); }),
      Col<Municipality>("CODE", [](const Municipality& m) { return absl::StrCat(m.code()); }),
      Col<Municipality>("DISPLAY NAME", [](const Municipality& m) { return m.display_name(); }),
      Col<Municipality>("MEMBER", [](const Municipality& m) { return YesNo(m.current_member()); }),
      Col<Municipality>("MEMBERSHIPS",
                        [](const Municipality& m) {
                          std::vector<std::string> periods;
                          for (const v1::Membership& period : m.memberships()) {
                            periods.push_back(absl::StrCat(FormatDate(period.start_date()), "..",
                                                           FormatDate(period.end_date())));
                          }
                          return absl::StrJoin(periods, " ");
                        }),
      Col<Municipality>("LOCATION",
                        [](const Municipality& m) {
                          if (!m.has_location()) return std::string();
                          return absl::StrFormat("%.3f, %.3f", m.location().latitude(),
                                                 m.location().longitude());
                        }),
  };
}

int PrintMunicipality(Context& ctx, const absl::Status& status, const v1::Municipality& m) {
  if (!status.ok()) return ctx.Fail(status);
  PrintResource(ctx.out(), ctx.globals().output, m, MunicipalityColumns());
  return kExitOk;
}

// Sets `*date` from a YYYY-MM-DD flag value already checked by AddDateOption.
void SetDate(const std::string& text, v1::Date* date) {
  absl::StatusOr<v1::Date> parsed = ParseDate(text);
  if (parsed.ok()) *date = *parsed;
}

}  // namespace

void AddMunicipalitiesCommands(CLI::App& root, Context& ctx) {
  CLI::App* group =
      AddGroup(root, "municipalities", "Municipalities and their GFO membership (changes: admin)");

  AddCommand(*group, "list", "List municipalities and whether each is a member now", ctx,
             [](Context& ctx) {
               v1::ListMunicipalitiesResponse response;
               if (absl::Status s = Call(ctx, &Stub::ListMunicipalities,
                                         v1::ListMunicipalitiesRequest(), &response);
                   !s.ok()) {
                 return ctx.Fail(s);
               }
               PrintList(ctx.out(), ctx.globals().output, response, Rows(response.municipalities()),
                         MunicipalityColumns());
               return kExitOk;
             });

  auto get_name = std::make_shared<std::string>();
  AddCommand(*group, "get", "Show one municipality and its membership periods", ctx,
             [get_name](Context& ctx) {
               v1::GetMunicipalityRequest request;
               request.set_name(ResourceName("municipalities", *get_name));
               v1::Municipality m;
               return PrintMunicipality(ctx, Call(ctx, &Stub::GetMunicipality, request, &m), m);
             })
      ->add_option("NAME", *get_name, "municipalities/{code} or {code}")
      ->required();

  struct CreateFlags {
    int code = 0;
    std::string display_name;
    double latitude = 0;
    double longitude = 0;
  };
  auto create_flags = std::make_shared<CreateFlags>();
  CLI::App* create =
      AddCommand(*group, "create", "Register a municipality not yet known (e.g. another county's)",
                 ctx, [f = create_flags](Context& ctx) {
                   v1::CreateMunicipalityRequest request;
                   v1::Municipality* m = request.mutable_municipality();
                   m->set_code(f->code);
                   m->set_display_name(f->display_name);
                   m->mutable_location()->set_latitude(f->latitude);
                   m->mutable_location()->set_longitude(f->longitude);
                   v1::Municipality created;
                   return PrintMunicipality(
                       ctx, Call(ctx, &Stub::CreateMunicipality, request, &created), created);
                 });
  create->add_option("--code", create_flags->code, "Four-digit municipality code")->required();
  create->add_option("--name", create_flags->display_name, "Display name, e.g. Sundsvall")
      ->required();
  create->add_option("--lat", create_flags->latitude, "Latitude of the main town")
      ->required()
      ->check(CLI::Range(-90.0, 90.0));
  create->add_option("--lon", create_flags->longitude, "Longitude of the main town")
      ->required()
      ->check(CLI::Range(-180.0, 180.0));

  struct JoinFlags {
    std::string name;
    std::string start_date;
  };
  auto join_flags = std::make_shared<JoinFlags>();
  CLI::App* join =
      AddCommand(*group, "join", "Start a membership period (fails if one is open)", ctx,
                 [f = join_flags](Context& ctx) {
                   v1::JoinGfoRequest request;
                   request.set_name(ResourceName("municipalities", f->name));
                   if (!f->start_date.empty()) SetDate(f->start_date, request.mutable_start_date());
                   v1::Municipality m;
                   return PrintMunicipality(ctx, Call(ctx, &Stub::JoinGfo, request, &m), m);
                 });
  join->add_option("NAME", join_flags->name, "municipalities/{code} or {code}")->required();
  AddDateOption(*join, "--start-date", &join_flags->start_date, "First day of membership (today)");

  struct LeaveFlags {
    std::string name;
    std::string end_date;
    std::string reason;
  };
  auto leave_flags = std::make_shared<LeaveFlags>();
  CLI::App* leave = AddCommand(
      *group, "leave", "End the open membership period; the municipality keeps read access", ctx,
      [f = leave_flags](Context& ctx) {
        v1::LeaveGfoRequest request;
        request.set_name(ResourceName("municipalities", f->name));
        if (!f->end_date.empty()) SetDate(f->end_date, request.mutable_end_date());
        request.set_reason(f->reason);
        v1::Municipality m;
        return PrintMunicipality(ctx, Call(ctx, &Stub::LeaveGfo, request, &m), m);
      });
  leave->add_option("NAME", leave_flags->name, "municipalities/{code} or {code}")->required();
  AddDateOption(*leave, "--end-date", &leave_flags->end_date, "Last day of membership (today)");
  leave->add_option("--reason", leave_flags->reason, "Why the membership ends");
}

}  // namespace gfo::cli
