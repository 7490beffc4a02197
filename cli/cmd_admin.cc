// gfo admin backup | retention report | retention apply: operating the server
// (gfo.v1.AdminService). Admins only, enforced by the server.

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
#include "gfo/v1/admin.grpc.pb.h"

namespace gfo::cli {
namespace {

namespace v1 = gfo::v1;
using Stub = v1::AdminService::Stub;

std::vector<Column> RetentionColumns() {
  using v1::RetentionItem;
  return {
      Col<RetentionItem>("RESOURCE", [](const RetentionItem& i) { return i.resource(); }),
      Col<RetentionItem>("CLASS",
                         [](const RetentionItem& i) { return ShortName(i.retention_class()); }),
      Col<RetentionItem>("LAST ENTRY",
                         [](const RetentionItem& i) { return FormatDate(i.last_entry_date()); }),
      Col<RetentionItem>("CLEAR AFTER",
                         [](const RetentionItem& i) { return FormatDate(i.clear_after_date()); }),
      Col<RetentionItem>("LEGAL REFERENCE",
                         [](const RetentionItem& i) {
                           const v1::LegalReference& r = i.legal_reference();
                           if (r.act().empty()) return std::string();
                           return absl::StrCat(r.act(), " ", r.chapter(), " kap. ", r.section(),
                                               " §");
                         }),
  };
}

// Sets `*date` from an --as-of value already checked by AddDateOption.
void SetAsOf(const std::string& text, v1::Date* date) {
  if (absl::StatusOr<v1::Date> parsed = ParseDate(text); parsed.ok()) *date = *parsed;
}

}  // namespace

void AddAdminCommands(CLI::App& root, Context& ctx) {
  CLI::App* admin = AddGroup(root, "admin", "Operate the server: backups, retention (admin)");

  auto file_name = std::make_shared<std::string>();
  AddCommand(*admin, "backup", "Copy the database online into the server's backup directory", ctx,
             [file_name](Context& ctx) {
               v1::BackupDatabaseRequest request;
               request.set_file_name(*file_name);
               v1::BackupDatabaseResponse response;
               if (absl::Status s = Call(ctx, &Stub::BackupDatabase, request, &response); !s.ok()) {
                 return ctx.Fail(s);
               }
               using R = v1::BackupDatabaseResponse;
               PrintResource(ctx.out(), ctx.globals().output, response,
                             {Col<R>("PATH", [](const R& r) { return r.path(); }),
                              Col<R>("BYTES", [](const R& r) { return absl::StrCat(r.bytes()); })});
               return kExitOk;
             })
      ->add_option("--file", *file_name,
                   "Plain file name inside the backup directory (default: timestamped)");

  CLI::App* retention = AddGroup(
      *admin, "retention", "Records due for clearing under 16 kap. (never placement documents)");

  auto report_as_of = std::make_shared<std::string>();
  CLI::App* report = AddCommand(
      *retention, "report", "List records due for clearing", ctx, [report_as_of](Context& ctx) {
        v1::GetRetentionReportRequest request;
        if (!report_as_of->empty()) SetAsOf(*report_as_of, request.mutable_as_of());
        v1::GetRetentionReportResponse response;
        if (absl::Status s = Call(ctx, &Stub::GetRetentionReport, request, &response); !s.ok()) {
          return ctx.Fail(s);
        }
        PrintList(ctx.out(), ctx.globals().output, response, Rows(response.items()),
                  RetentionColumns());
        return kExitOk;
      });
  AddDateOption(*report, "--as-of", report_as_of.get(), "Judge due dates on this day (today)");

  struct ApplyFlags {
    std::string as_of;
    std::vector<std::string> resources;
  };
  auto apply_flags = std::make_shared<ApplyFlags>();
  CLI::App* apply = AddCommand(
      *retention, "apply",
      "Clear the personal data of due records (all due, or only the RESOURCEs named); the audit "
      "trail keeps its chain",
      ctx, [f = apply_flags](Context& ctx) {
        v1::ApplyRetentionRequest request;
        if (!f->as_of.empty()) SetAsOf(f->as_of, request.mutable_as_of());
        for (const std::string& resource : f->resources) request.add_resources(resource);
        v1::ApplyRetentionResponse response;
        if (absl::Status s = Call(ctx, &Stub::ApplyRetention, request, &response); !s.ok()) {
          return ctx.Fail(s);
        }
        if (ctx.globals().output == OutputFormat::kJson) {
          ctx.out() << ToJson(response) << '\n';
          return kExitOk;
        }
        std::vector<std::vector<std::string>> rows;
        for (const std::string& cleared : response.cleared()) rows.push_back({cleared});
        if (ctx.globals().output == OutputFormat::kCsv) {
          WriteCsvRecord(ctx.out(), {"CLEARED"});
          for (const auto& row : rows) WriteCsvRecord(ctx.out(), row);
        } else {
          WriteTable(ctx.out(), {"CLEARED"}, rows);
        }
        return kExitOk;
      });
  AddDateOption(*apply, "--as-of", &apply_flags->as_of, "Judge due dates on this day (today)");
  apply->add_option("RESOURCE", apply_flags->resources, "Only these records (each must be due)");
}

}  // namespace gfo::cli
