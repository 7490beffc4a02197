// gfo demo seed: fills a server with reproducible demo data through its normal API, so a new
// user has a bank to rank and suggest from. It needs an admin token: it creates and approves
// synthetic homes in Västernorrland (service/demo_seed.h), and for each member municipality
// that gets requests it creates a demo case-worker account (its token lives one hour and is
// never shown) that creates and submits that municipality's requests. The data contain no
// personal data.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/client.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "gfo/v1/account.grpc.pb.h"
#include "gfo/v1/home.grpc.pb.h"
#include "gfo/v1/municipality.grpc.pb.h"
#include "gfo/v1/request.grpc.pb.h"
#include "service/demo_seed.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;

struct SeedFlags {
  int homes = 30;
  int requests = 10;
  uint64_t seed = 1;
  std::string today;  // YYYY-MM-DD; default: today (UTC)
};

struct SeedCounts {
  int approved = 0;
  int paused = 0;
  int in_assessment = 0;
  int submitted = 0;
  std::vector<std::string> case_workers;  // accounts/{id}
};

int32_t DayNumber(absl::CivilDay day) {
  return static_cast<int32_t>(day - absl::CivilDay(1970, 1, 1));
}

// Calls `method` with `token` instead of the global one (same server, deadline and reason).
template <typename Stub, typename Request, typename Response>
absl::Status CallAs(Context& ctx, const std::string& token,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
  absl::StatusOr<Client*> client = ctx.client();
  if (!client.ok()) return client.status();
  Globals globals = ctx.globals();
  globals.token = token;
  Client as((*client)->channel(), globals);
  Stub stub(as.channel());
  std::unique_ptr<grpc::ClientContext> context = as.NewCallContext();
  return FromGrpcStatus((stub.*method)(context.get(), request, response));
}

absl::Status SeedHomes(Context& ctx, const SeedFlags& flags, int32_t today, SeedCounts& counts) {
  using Stub = v1::HomeService::Stub;
  for (const demo::DemoHome& demo : demo::DemoHomes(flags.homes, flags.seed, today)) {
    v1::CreateHomeRequest create;
    *create.mutable_home() = demo.home;
    create.set_initial_status(v1::HOME_STATUS_ASSESSMENT);
    v1::Home home;
    if (absl::Status s = Call(ctx, &Stub::CreateHome, create, &home); !s.ok()) return s;
    if (demo.status == v1::HOME_STATUS_ASSESSMENT) {
      ++counts.in_assessment;
      continue;
    }
    v1::HomeTransitionRequest move;
    move.set_name(home.name());
    move.set_reason("demo data: approved");
    if (absl::Status s = Call(ctx, &Stub::ApproveHome, move, &home); !s.ok()) return s;
    if (demo.status == v1::HOME_STATUS_PAUSED) {
      move.set_reason("demo data: on a break");
      if (absl::Status s = Call(ctx, &Stub::PauseHome, move, &home); !s.ok()) return s;
      ++counts.paused;
    } else {
      ++counts.approved;
    }
  }
  return absl::OkStatus();
}

absl::Status SeedRequests(Context& ctx, const SeedFlags& flags, int32_t today, SeedCounts& counts) {
  if (flags.requests == 0) return absl::OkStatus();
  v1::ListMunicipalitiesResponse municipalities;
  if (absl::Status s = Call(ctx, &v1::MunicipalityService::Stub::ListMunicipalities,
                            v1::ListMunicipalitiesRequest(), &municipalities);
      !s.ok()) {
    return s;
  }
  std::vector<int32_t> members;
  std::map<int32_t, std::string> names;
  for (const v1::Municipality& m : municipalities.municipalities()) {
    names[m.code()] = m.display_name();
    if (m.current_member()) members.push_back(m.code());
  }
  if (members.empty()) {
    return absl::FailedPreconditionError(
        "demo: no municipality is a GFO member, so no request can be submitted");
  }
  std::map<int32_t, std::string> tokens;  // a demo case worker per municipality
  for (const v1::PlacementRequest& request :
       demo::DemoRequests(flags.requests, flags.seed + 1, today, members)) {
    const int32_t code = request.municipality_code();
    if (!tokens.contains(code)) {
      v1::CreateAccountRequest create;
      create.mutable_account()->set_display_name(
          absl::StrCat("Demo case worker, ", names.contains(code) ? names[code] : "", " ", code));
      create.mutable_account()->set_role(v1::ROLE_CASE_WORKER);
      create.mutable_account()->set_municipality_code(code);
      create.mutable_token_ttl()->set_seconds(3600);
      v1::CreateAccountResponse account;
      if (absl::Status s = Call(ctx, &v1::AccountService::Stub::CreateAccount, create, &account);
          !s.ok()) {
        return s;
      }
      tokens[code] = account.token();
      counts.case_workers.push_back(account.account().name());
    }
    using Stub = v1::RequestService::Stub;
    v1::CreateRequestRequest create;
    *create.mutable_request() = request;
    v1::PlacementRequest created;
    if (absl::Status s = CallAs(ctx, tokens[code], &Stub::CreateRequest, create, &created);
        !s.ok()) {
      return s;
    }
    v1::RequestTransitionRequest submit;
    submit.set_name(created.name());
    submit.set_reason("demo data");
    if (absl::Status s = CallAs(ctx, tokens[code], &Stub::SubmitRequest, submit, &created);
        !s.ok()) {
      return s;
    }
    ++counts.submitted;
  }
  return absl::OkStatus();
}

void PrintCounts(Context& ctx, const SeedCounts& counts) {
  if (ctx.globals().output == OutputFormat::kJson) {
    nlohmann::json out = {{"homes_approved", counts.approved},
                          {"homes_paused", counts.paused},
                          {"homes_in_assessment", counts.in_assessment},
                          {"requests_submitted", counts.submitted},
                          {"case_worker_accounts", counts.case_workers}};
    ctx.out() << out.dump(2) << '\n';
    return;
  }
  std::string accounts;
  for (const std::string& a : counts.case_workers) {
    accounts += accounts.empty() ? a : " " + a;
  }
  const std::vector<std::vector<std::string>> rows = {
      {"homes approved", absl::StrCat(counts.approved)},
      {"homes paused", absl::StrCat(counts.paused)},
      {"homes in assessment", absl::StrCat(counts.in_assessment)},
      {"requests submitted", absl::StrCat(counts.submitted)},
      {"demo case-worker accounts", accounts},
  };
  if (ctx.globals().output == OutputFormat::kCsv) {
    WriteCsvRecord(ctx.out(), {"WHAT", "COUNT"});
    for (const auto& row : rows) WriteCsvRecord(ctx.out(), row);
  } else {
    WriteTable(ctx.out(), {"SEEDED", ""}, rows, 200);
  }
}

}  // namespace

void AddDemoCommands(CLI::App& root, Context& ctx) {
  CLI::App* demo = AddGroup(root, "demo", "Demo data for trying gfo out (admin)");
  auto flags = std::make_shared<SeedFlags>();
  CLI::App* seed = AddCommand(
      *demo, "seed",
      "Create, approve and submit reproducible synthetic homes and requests through the API", ctx,
      [flags](Context& ctx) {
        int32_t today = DayNumber(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()));
        if (!flags->today.empty()) {
          absl::StatusOr<v1::Date> date = ParseDate(flags->today);
          if (!date.ok()) return ctx.Fail(std::string(date.status().message()), kExitUsage);
          today = DayNumber(absl::CivilDay(date->year(), date->month(), date->day()));
        }
        SeedCounts counts;
        absl::Status status = SeedHomes(ctx, *flags, today, counts);
        if (status.ok()) status = SeedRequests(ctx, *flags, today, counts);
        if (!status.ok()) {
          // What was seeded before the failure stays; say how far it got.
          PrintCounts(ctx, counts);
          return ctx.Fail(status);
        }
        PrintCounts(ctx, counts);
        return kExitOk;
      });
  seed->add_option("--homes", flags->homes, "How many homes (default 30)")
      ->check(CLI::Range(0, 100000));
  seed->add_option("--requests", flags->requests, "How many submitted requests (default 10)")
      ->check(CLI::Range(0, 10000));
  seed->add_option("--seed", flags->seed, "Random seed; the same seed gives the same data");
  AddDateOption(*seed, "--today", &flags->today,
                "The day the data are generated for (default: today, UTC)");
}

}  // namespace gfo::cli
