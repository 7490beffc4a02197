// gfo.v1.AdminService: proto in, one domain call through App::Handle, proto out.
//
// BackupDatabase copies the live database with SQLite's online backup API into the server's
// backup directory (AppConfig::backup_dir). The file name is a plain name chosen by the caller
// or `gfo-YYYYMMDDTHHMMSSZ.db`; an existing file is never overwritten. A backup the client gave
// up on (past its deadline, or cancelled) leaves no file and ends DEADLINE_EXCEEDED or
// CANCELLED, so the audit trail records what the client saw. Retention lives in
// service/retention.h.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gfo/v1/admin.grpc.pb.h"
#include "service/app.h"
#include "service/errors.h"
#include "service/retention.h"
#include "service/services.h"

namespace gfo {
namespace {

constexpr size_t kMaxFileNameLength = 128;

absl::Status ValidateBackupFileName(const std::string& name) {
  if (name.size() > kMaxFileNameLength) {
    return errors::InvalidArgument(
        "file_name", absl::StrCat("must be at most ", kMaxFileNameLength, " characters"));
  }
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return errors::InvalidArgument(
          "file_name", "must be a plain file name of letters, digits, '.', '_' and '-'");
    }
  }
  if (name == "." || name.find("..") != std::string::npos) {
    return errors::InvalidArgument("file_name", "must not contain \"..\"");
  }
  return absl::OkStatus();
}

absl::Status Backup(Call& call, const gfo::v1::BackupDatabaseRequest& request,
                    gfo::v1::BackupDatabaseResponse* out) {
  std::string name = request.file_name();
  if (name.empty()) {
    name = absl::StrCat("gfo-", absl::FormatTime("%Y%m%dT%H%M%SZ", call.now(), absl::UTCTimeZone()),
                        ".db");
  }
  if (absl::Status s = ValidateBackupFileName(name); !s.ok()) return s;
  call.AddResource(absl::StrCat("backups/", name));
  if (absl::Status s = call.ClientGaveUp("backup: nothing was copied"); !s.ok()) return s;

  const std::filesystem::path dir(call.app().config().backup_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return errors::Unavailable("backup_dir: cannot create the backup directory");
  const std::string path = (dir / name).string();
  // Reserve the name atomically, so two backups can never write the same file and an existing
  // file is never overwritten. An empty file is a valid empty database for the backup API.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return errors::AlreadyExists(absl::StrCat("backups/", name));
    return errors::Unavailable("backup_dir: cannot create the backup file");
  }
  ::close(fd);
  absl::StatusOr<int64_t> bytes = call.app().db().Backup(path);
  if (!bytes.ok()) {
    std::filesystem::remove(path, ec);
    return bytes.status();
  }
  // The copy cannot be stopped halfway. A client that gave up meanwhile was told the call failed,
  // so the copy goes and the call ends with that code: the trail and the client then agree.
  if (absl::Status s = call.ClientGaveUp("backup: the copy was removed"); !s.ok()) {
    std::filesystem::remove(path, ec);
    return s;
  }
  out->set_path(path);
  out->set_bytes(*bytes);
  return absl::OkStatus();
}

class AdminServiceImpl final : public gfo::v1::AdminService::Service {
 public:
  explicit AdminServiceImpl(App& app) : app_(app) {}

  grpc::Status BackupDatabase(grpc::ServerContext* ctx,
                              const gfo::v1::BackupDatabaseRequest* request,
                              gfo::v1::BackupDatabaseResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AdminService/BackupDatabase", *request,
                       [&](Call& call) { return Backup(call, *request, out); });
  }

  grpc::Status GetRetentionReport(grpc::ServerContext* ctx,
                                  const gfo::v1::GetRetentionReportRequest* request,
                                  gfo::v1::GetRetentionReportResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AdminService/GetRetentionReport", *request,
                       [&](Call& call) { return retention::Report(call, *request, out); });
  }

  grpc::Status ApplyRetention(grpc::ServerContext* ctx,
                              const gfo::v1::ApplyRetentionRequest* request,
                              gfo::v1::ApplyRetentionResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AdminService/ApplyRetention", *request,
                       [&](Call& call) { return retention::Apply(call, *request, out); });
  }

 private:
  App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAdminService(App& app) {
  return std::make_unique<AdminServiceImpl>(app);
}

}  // namespace gfo
