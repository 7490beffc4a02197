// gfo proposals create | get | list | accept | decline | withdraw | consult: GFO staff propose a
// home for a request; the municipality consults, then accepts or declines
// (gfo.v1.ProposalService). A case worker sees the home's profile, and its name only once the
// proposal is accepted.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "gfo/v1/proposal.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using google::protobuf::GetEnumDescriptor;
using Stub = v1::ProposalService::Stub;

std::string ConsultedCodes(const v1::Proposal& p) {
  std::vector<std::string> codes;
  for (const v1::Consultation& c : p.consultations()) {
    codes.push_back(absl::StrCat(c.municipality_code(), " ", FormatDate(c.date())));
  }
  return absl::StrJoin(codes, ", ");
}

std::vector<Column> ProposalListColumns() {
  using P = v1::Proposal;
  return {
      Col<P>("NAME", [](const P& p) { return p.name(); }),
      Col<P>("REQUEST", [](const P& p) { return p.request(); }),
      Col<P>("STATE", [](const P& p) { return ShortName(p.state()); }),
      Col<P>("HOME", [](const P& p) { return p.home(); }),
      Col<P>("CODE", [](const P& p) { return p.home_profile().code(); }),
      Col<P>("HOME MUNICIPALITY",
             [](const P& p) { return absl::StrCat(p.home_profile().municipality_code()); }),
      Col<P>("MUNICIPALITY", [](const P& p) { return absl::StrCat(p.municipality_code()); }),
      Col<P>("CHILDREN", [](const P& p) { return absl::StrCat(p.children()); }),
      Col<P>("EXPIRES", [](const P& p) { return FormatTimestamp(p.expire_time()); }),
      Col<P>("TO CONSULT",
             [](const P& p) { return absl::StrJoin(p.required_consultations(), ","); }),
  };
}

std::vector<Column> ProposalDetailColumns() {
  using P = v1::Proposal;
  std::vector<Column> columns = ProposalListColumns();
  columns.push_back(Col<P>("CONSULTED", [](const P& p) { return ConsultedCodes(p); }));
  columns.push_back(Col<P>("DISTANCE KM", [](const P& p) {
    return p.home_profile().has_distance_km()
               ? absl::StrCat(static_cast<int>(p.home_profile().distance_km() + 0.5))
               : std::string();
  }));
  columns.push_back(
      Col<P>("FREE", [](const P& p) { return absl::StrCat(p.home_profile().free_capacity()); }));
  columns.push_back(Col<P>("DECIDED", [](const P& p) { return FormatTimestamp(p.decide_time()); }));
  columns.push_back(Col<P>("DECLINE REASON", [](const P& p) { return p.decline_reason(); }));
  columns.push_back(Col<P>("PLACEMENT", [](const P& p) { return p.placement(); }));
  columns.push_back(Col<P>("RATIONALE", [](const P& p) { return p.rationale(); }));
  return columns;
}

int PrintProposal(Context& ctx, const absl::Status& status, const v1::Proposal& proposal) {
  if (!status.ok()) return ctx.Fail(status);
  PrintResource(ctx.out(), ctx.globals().output, proposal, ProposalDetailColumns());
  return kExitOk;
}

void AddCreate(CLI::App& group, Context& ctx) {
  auto request = std::make_shared<v1::CreateProposalRequest>();
  auto names = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* create =
      AddCommand(group, "create", "Propose a home for a submitted request (holds its seats)", ctx,
                 [request, names](Context& ctx) {
                   request->mutable_proposal()->set_request(ResourceName("requests", names->first));
                   request->mutable_proposal()->set_home(ResourceName("homes", names->second));
                   v1::Proposal out;
                   return PrintProposal(ctx, Call(ctx, &Stub::CreateProposal, *request, &out), out);
                 });
  create->add_option("--request", names->first, "requests/{id} or {id}")->required();
  create->add_option("--home", names->second, "homes/{id} or {id}")->required();
  create->add_option_function<std::string>(
      "--rationale",
      [request](const std::string& text) { request->mutable_proposal()->set_rationale(text); },
      "Why this home (no personal data)");
}

void AddGet(CLI::App& group, Context& ctx) {
  auto name = std::make_shared<std::string>();
  CLI::App* get = AddCommand(group, "get", "Show one proposal", ctx, [name](Context& ctx) {
    v1::GetProposalRequest request;
    request.set_name(ResourceName("proposals", *name));
    v1::Proposal out;
    return PrintProposal(ctx, Call(ctx, &Stub::GetProposal, request, &out), out);
  });
  get->add_option("NAME", *name, "proposals/{id} or {id}")->required();
}

void AddList(CLI::App& group, Context& ctx) {
  struct Flags {
    std::string request;
    int state = 0;
    int municipality = 0;
    PageFlags page;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* list = AddCommand(group, "list", "List proposals", ctx, [f](Context& ctx) {
    v1::ListProposalsRequest request;
    if (!f->request.empty()) request.set_request(ResourceName("requests", f->request));
    request.set_state(static_cast<v1::ProposalState>(f->state));
    request.set_municipality_code(f->municipality);
    request.set_page_size(f->page.page_size);
    request.set_page_token(f->page.page_token);
    v1::ListProposalsResponse response;
    if (absl::Status s = ListPages(ctx, &Stub::ListProposals, request, f->page.all, &response);
        !s.ok()) {
      return ctx.Fail(s);
    }
    PrintPage(ctx, response, Rows(response.proposals()), ProposalListColumns(),
              response.next_page_token());
    return kExitOk;
  });
  list->add_option("--request", f->request, "Only this request's proposals");
  AddEnumOption(*list, "--state", &f->state, GetEnumDescriptor<v1::ProposalState>(),
                "Only proposals in this state");
  list->add_option("--municipality", f->municipality, "Only this municipality's proposals");
  AddPageFlags(*list, &f->page);
}

void AddAccept(CLI::App& group, Context& ctx) {
  struct Flags {
    std::string name;
    std::string start_date;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* accept = AddCommand(
      group, "accept",
      "Accept a proposal: the placement starts (consult first when the home is elsewhere)", ctx,
      [f](Context& ctx) {
        v1::AcceptProposalRequest request;
        request.set_name(ResourceName("proposals", f->name));
        if (!f->start_date.empty()) {
          absl::StatusOr<v1::Date> date = ParseDate(f->start_date);
          if (!date.ok()) return ctx.Fail(date.status());
          *request.mutable_start_date() = *date;
        }
        v1::Proposal out;
        return PrintProposal(ctx, Call(ctx, &Stub::AcceptProposal, request, &out), out);
      });
  accept->add_option("NAME", f->name, "proposals/{id} or {id}")->required();
  AddDateOption(*accept, "--start-date", &f->start_date,
                "Start of the placement (default: the wanted start or today, the later)");
}

void AddDecisions(CLI::App& group, Context& ctx) {
  auto decline = std::make_shared<v1::DeclineProposalRequest>();
  auto decline_name = std::make_shared<std::string>();
  CLI::App* d = AddCommand(group, "decline", "Decline a proposal; the request goes back to the GFO",
                           ctx, [decline, decline_name](Context& ctx) {
                             decline->set_name(ResourceName("proposals", *decline_name));
                             v1::Proposal out;
                             return PrintProposal(
                                 ctx, Call(ctx, &Stub::DeclineProposal, *decline, &out), out);
                           });
  d->add_option("NAME", *decline_name, "proposals/{id} or {id}")->required();
  d->add_option_function<std::string>(
       "--reason", [decline](const std::string& text) { decline->set_reason(text); },
       "Why the home does not fit")
      ->required();

  auto withdraw = std::make_shared<v1::WithdrawProposalRequest>();
  auto withdraw_name = std::make_shared<std::string>();
  CLI::App* w = AddCommand(
      group, "withdraw", "Withdraw a pending proposal (GFO staff); its seats are freed", ctx,
      [withdraw, withdraw_name](Context& ctx) {
        withdraw->set_name(ResourceName("proposals", *withdraw_name));
        v1::Proposal out;
        return PrintProposal(ctx, Call(ctx, &Stub::WithdrawProposal, *withdraw, &out), out);
      });
  w->add_option("NAME", *withdraw_name, "proposals/{id} or {id}")->required();
  w->add_option_function<std::string>(
       "--reason", [withdraw](const std::string& text) { withdraw->set_reason(text); },
       "Why the proposal is withdrawn")
      ->required();
}

void AddConsult(CLI::App& group, Context& ctx) {
  struct Flags {
    std::string name;
    int municipality = 0;
    std::string date;
    std::string outcome;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* consult = AddCommand(
      group, "consult",
      "Record a consultation with another municipality before accepting (22 kap. 6 §)", ctx,
      [f](Context& ctx) {
        v1::RecordConsultationRequest request;
        request.set_proposal(ResourceName("proposals", f->name));
        v1::Consultation* c = request.mutable_consultation();
        c->set_municipality_code(f->municipality);
        absl::StatusOr<v1::Date> date = ParseDate(f->date);
        if (!date.ok()) return ctx.Fail(date.status());
        *c->mutable_date() = *date;
        c->set_outcome(f->outcome);
        v1::Proposal out;
        return PrintProposal(ctx, Call(ctx, &Stub::RecordConsultation, request, &out), out);
      });
  consult->add_option("NAME", f->name, "proposals/{id} or {id}")->required();
  consult->add_option("--municipality", f->municipality, "Code of the municipality consulted")
      ->required();
  AddDateOption(*consult, "--date", &f->date, "Date of the consultation")->required();
  consult->add_option("--outcome", f->outcome, "Short outcome of the consultation")->required();
}

}  // namespace

void AddProposalsCommands(CLI::App& root, Context& ctx) {
  CLI::App* group =
      AddGroup(root, "proposals", "Proposals of a home for a request: propose, consult, decide");
  AddCreate(*group, ctx);
  AddGet(*group, ctx);
  AddList(*group, ctx);
  AddAccept(*group, ctx);
  AddDecisions(*group, ctx);
  AddConsult(*group, ctx);
}

}  // namespace gfo::cli
