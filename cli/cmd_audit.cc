// gfo audit list | export | verify: the tamper-evident audit trail (gfo.v1.AuditService).

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <grpcpp/support/sync_stream.h>
#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/audit_export.h"
#include "cli/client.h"
#include "cli/columns.h"
#include "cli/command.h"
#include "cli/dates.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "cli/input_file.h"
#include "gfo/v1/audit.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using google::protobuf::GetEnumDescriptor;
using Stub = v1::AuditService::Stub;

constexpr double kWholeTrailDeadlineSeconds = 3600;

struct FilterFlags {
  std::string since;
  std::string until;
  std::string account;
  int municipality = 0;
  CLI::Option* municipality_option = nullptr;
  std::string method;
  std::string resource;
  int outcome = 0;
};

void AddFilterFlags(CLI::App& cmd, FilterFlags& f) {
  AddInstantOption(cmd, "--since", &f.since, "From this time on (RFC 3339 or YYYY-MM-DD)");
  AddInstantOption(cmd, "--until", &f.until,
                   "Before this time (RFC 3339); a bare date includes that whole day");
  cmd.add_option("--account", f.account, "Only calls by this account (accounts/{id} or {id})");
  f.municipality_option =
      cmd.add_option("--municipality", f.municipality, "Only calls by this municipality (code)");
  cmd.add_option("--method", f.method, "Only this method, exact or a suffix such as GetRequest");
  cmd.add_option("--resource", f.resource, "Only calls touching this resource, e.g. requests/17");
  AddEnumOption(cmd, "--outcome", &f.outcome, GetEnumDescriptor<v1::AuditOutcome>(),
                "ok, denied (UNAUTHENTICATED or PERMISSION_DENIED) or failed");
}

absl::StatusOr<v1::AuditFilter> BuildFilter(const FilterFlags& f) {
  v1::AuditFilter filter;
  if (!f.since.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> since =
        ParseInstant(f.since, DateBound::kStartOfDay);
    if (!since.ok()) return since.status();
    *filter.mutable_start_time() = *since;
  }
  if (!f.until.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> until = ParseInstant(f.until, DateBound::kEndOfDay);
    if (!until.ok()) return until.status();
    *filter.mutable_end_time() = *until;
  }
  if (!f.account.empty()) filter.set_account(ResourceName("accounts", f.account));
  if (f.municipality_option->count() > 0) filter.set_municipality_code(f.municipality);
  filter.set_method(f.method);
  filter.set_resource(f.resource);
  filter.set_outcome(static_cast<v1::AuditOutcome>(f.outcome));
  return filter;
}

std::vector<Column> EventColumns() {
  using v1::AuditEvent;
  return {
      Col<AuditEvent>("SEQ", [](const AuditEvent& e) { return absl::StrCat(e.sequence()); }),
      Col<AuditEvent>("TIME", [](const AuditEvent& e) { return FormatTimestamp(e.time()); }),
      Col<AuditEvent>("ACCOUNT", [](const AuditEvent& e) { return e.account(); }),
      Col<AuditEvent>("ROLE", [](const AuditEvent& e) { return ShortName(e.role()); }),
      Col<AuditEvent>("MUNICIPALITY",
                      [](const AuditEvent& e) {
                        return e.municipality_code() == 0 ? std::string()
                                                          : absl::StrCat(e.municipality_code());
                      }),
      Col<AuditEvent>("METHOD", [](const AuditEvent& e) { return e.method(); }),
      Col<AuditEvent>("RESOURCES",
                      [](const AuditEvent& e) { return absl::StrJoin(e.resources(), " "); }),
      Col<AuditEvent>("STATUS",
                      [](const AuditEvent& e) {
                        return StatusCodeName(static_cast<absl::StatusCode>(e.status_code()));
                      }),
      Col<AuditEvent>("CLIENT", [](const AuditEvent& e) { return e.client_address(); }),
      Col<AuditEvent>("REASON", [](const AuditEvent& e) { return e.reason(); }),
  };
}

void AddList(CLI::App& audit, Context& ctx) {
  struct Flags {
    FilterFlags filter;
    PageFlags page;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* list = AddCommand(
      audit, "list", "List audit events, oldest first, with filters", ctx, [f](Context& ctx) {
        v1::ListAuditEventsRequest request;
        absl::StatusOr<v1::AuditFilter> filter = BuildFilter(f->filter);
        if (!filter.ok()) return ctx.Fail(filter.status());
        *request.mutable_filter() = *std::move(filter);
        request.set_page_size(f->page.page_size);
        request.set_page_token(f->page.page_token);
        v1::ListAuditEventsResponse response;
        if (absl::Status s =
                ListPages(ctx, &Stub::ListAuditEvents, request, f->page.all, &response);
            !s.ok()) {
          return ctx.Fail(s);
        }
        PrintPage(ctx, response, Rows(response.events()), EventColumns(),
                  response.next_page_token());
        return kExitOk;
      });
  AddFilterFlags(*list, f->filter);
  AddPageFlags(*list, &f->page);
}

int RunExport(Context& ctx, const v1::ExportAuditEventsRequest& request, ExportFormat format,
              const std::string& path, double deadline_seconds) {
  absl::StatusOr<Client*> client = ctx.client();
  if (!client.ok()) return ctx.Fail(client.status());
  Stub stub((*client)->channel());
  std::unique_ptr<grpc::ClientContext> context = (*client)->NewCallContext(deadline_seconds);
  std::unique_ptr<grpc::ClientReader<v1::ExportAuditEventsResponse>> reader =
      stub.ExportAuditEvents(context.get(), request);
  const ExportStream stream{
      .next = [&](v1::ExportAuditEventsResponse* part) { return reader->Read(part); },
      .cancel = [&] { context->TryCancel(); },
      .finish =
          [&] {
            v1::ExportAuditEventsResponse rest;
            while (reader->Read(&rest)) {
            }
            return FromGrpcStatus(reader->Finish());
          },
  };
  std::unique_ptr<ExportProgress> progress;
  if (ctx.err_is_terminal()) progress = std::make_unique<TerminalProgressBar>(ctx.err());
  absl::StatusOr<v1::ExportTrailer> trailer =
      ExportAuditToFile(stream, format, path, progress.get());
  if (!trailer.ok()) return ctx.Fail(trailer.status());
  if (ctx.globals().output == OutputFormat::kJson) {
    ctx.out() << ToJson(*trailer) << '\n';
  } else {
    ctx.out() << "Exported " << trailer->event_count() << " events to " << path << " (sequences "
              << trailer->first_sequence() << ".." << trailer->last_sequence() << ").\n"
              << "Trailer: " << path << ".trailer.json; digest " << trailer->digest()
              << " verified.\n";
  }
  return kExitOk;
}

void AddExport(CLI::App& audit, Context& ctx) {
  struct Flags {
    FilterFlags filter;
    std::string format = "csv";
    std::string out;
    double deadline = kWholeTrailDeadlineSeconds;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* export_cmd = AddCommand(
      audit, "export",
      "Stream matching events to a file (CSV or JSONL) plus FILE.trailer.json, and check the "
      "file against the server's count and digest",
      ctx, [f](Context& ctx) {
        v1::ExportAuditEventsRequest request;
        absl::StatusOr<v1::AuditFilter> filter = BuildFilter(f->filter);
        if (!filter.ok()) return ctx.Fail(filter.status());
        *request.mutable_filter() = *std::move(filter);
        const ExportFormat format =
            f->format == "jsonl" ? ExportFormat::kJsonl : ExportFormat::kCsv;
        return RunExport(ctx, request, format, f->out, f->deadline);
      });
  export_cmd->add_option("--format", f->format, "csv (RFC 4180, header row) or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->capture_default_str();
  export_cmd->add_option("--out", f->out, "The file to write")->required();
  export_cmd
      ->add_option("--deadline", f->deadline,
                   "Deadline of the whole export in seconds (--timeout is for single calls)")
      ->check(PositiveSeconds())
      ->capture_default_str();
  AddFilterFlags(*export_cmd, f->filter);
}

// SEQUENCE:HASH, as `audit verify` prints a head: a positive sequence (18 digits at most), a
// colon, and 64 lowercase hexadecimal digits; nullopt for anything else.
std::optional<std::pair<int64_t, std::string>> ParseExpectedEvent(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string sequence = text.substr(0, colon);
  std::string hash = text.substr(colon + 1);
  if (sequence.empty() || sequence.size() > 18 || hash.size() != 64 ||
      sequence.find_first_not_of("0123456789") != std::string::npos ||
      hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return std::nullopt;
  }
  const int64_t number = std::stoll(sequence);
  if (number <= 0) return std::nullopt;
  return std::make_pair(number, std::move(hash));
}

CLI::Validator ExpectedEvent() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (ParseExpectedEvent(text).has_value()) return "";
        return "must be SEQUENCE:HASH, as `gfo audit verify` prints a head (a positive "
               "sequence and 64 lowercase hexadecimal digits), got " +
               text;
      },
      "SEQUENCE:HASH");
}

void AddVerify(CLI::App& audit, Context& ctx) {
  // Verify reads every event: minutes for a trail of millions, so it has a deadline of its own
  // as export has, instead of the single call's --timeout.
  auto deadline = std::make_shared<double>(kWholeTrailDeadlineSeconds);
  auto expect = std::make_shared<std::string>();
  auto expect_trailer = std::make_shared<std::string>();
  CLI::App* verify = AddCommand(
      audit, "verify",
      "Recompute the whole hash chain on the server; exit 1 and name the first broken event if "
      "it does not hold",
      ctx, [deadline, expect, expect_trailer](Context& ctx) {
        v1::VerifyAuditChainRequest request;
        if (auto expected = ParseExpectedEvent(*expect); expected.has_value()) {
          request.set_expected_sequence(expected->first);
          request.set_expected_hash(expected->second);
        }
        if (!expect_trailer->empty()) {
          // The last event of an earlier export, from the trailer `audit export` wrote.
          absl::StatusOr<std::string> json = ReadInputFile(*expect_trailer);
          if (!json.ok()) return ctx.Fail(json.status(), kExitUsage);
          v1::ExportTrailer trailer;
          if (absl::Status s = ParseJsonMessage(*json, *expect_trailer, &trailer); !s.ok()) {
            return ctx.Fail(s, kExitUsage);
          }
          if (trailer.event_count() == 0 || trailer.last_sequence() <= 0) {
            return ctx.Fail(absl::StrCat(*expect_trailer,
                                         ": the export held no events, so there is nothing to "
                                         "expect"),
                            kExitUsage);
          }
          request.set_expected_sequence(trailer.last_sequence());
          request.set_expected_hash(trailer.last_event_hash());
        }
        v1::VerifyAuditChainResponse response;
        if (absl::Status s = Call(ctx, &Stub::VerifyAuditChain, request, &response, *deadline);
            !s.ok()) {
          return ctx.Fail(s);
        }
        if (ctx.globals().output == OutputFormat::kTable) {
          if (response.ok()) {
            // The head in the form --expect takes: keep it outside the server.
            ctx.out() << "ok: " << response.events_checked() << " events checked; head "
                      << response.events_checked() << ':' << response.head_hash();
            if (request.expected_sequence() != 0) {
              ctx.out() << "; event " << request.expected_sequence() << " as expected";
            }
            ctx.out() << '\n';
          } else if (response.first_broken_sequence() == 0) {
            // The chain holds; the lookup tables that filtered queries use do not match it.
            ctx.out() << "broken: " << response.detail() << " (" << response.events_checked()
                      << " events checked, the chain itself holds)\n";
          } else {
            ctx.out() << "broken: first broken event is sequence "
                      << response.first_broken_sequence() << " (" << response.events_checked()
                      << " events checked): " << response.detail() << '\n';
          }
        } else {
          using R = v1::VerifyAuditChainResponse;
          PrintResource(ctx.out(), ctx.globals().output, response,
                        {Col<R>("OK", [](const R& r) { return YesNo(r.ok()); }),
                         Col<R>("EVENTS CHECKED",
                                [](const R& r) { return absl::StrCat(r.events_checked()); }),
                         Col<R>("FIRST BROKEN SEQUENCE",
                                [](const R& r) { return absl::StrCat(r.first_broken_sequence()); }),
                         Col<R>("DETAIL", [](const R& r) { return r.detail(); }),
                         Col<R>("HEAD HASH", [](const R& r) { return r.head_hash(); })});
        }
        return response.ok() ? kExitOk : kExitOther;
      });
  verify
      ->add_option("--expect", *expect,
                   "An event recorded earlier, outside the server: a head this command printed, "
                   "or an export trailer's last_sequence:last_event_hash. It must still be on "
                   "the trail with that hash, which shows a trail cut short or rewritten")
      ->check(ExpectedEvent());
  verify
      ->add_option("--expect-trailer", *expect_trailer,
                   "As --expect, with the last event of an earlier export: its FILE.trailer.json")
      ->excludes("--expect")
      ->check(CLI::ExistingFile);
  verify
      ->add_option("--deadline", *deadline,
                   "Deadline of the whole verification in seconds (--timeout is for single calls)")
      ->check(PositiveSeconds())
      ->capture_default_str();
}

}  // namespace

void AddAuditCommands(CLI::App& root, Context& ctx) {
  CLI::App* audit = AddGroup(root, "audit", "The audit trail: list, export, verify (auditor)");
  AddList(*audit, ctx);
  AddExport(*audit, ctx);
  AddVerify(*audit, ctx);
}

}  // namespace gfo::cli
