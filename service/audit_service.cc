// gfo.v1.AuditService: proto in, one domain call through App::Handle, proto out. The export
// streams from inside the call: its audit event is recorded before the first message leaves
// (Call::RecordBeforeSending), and a second one when the stream then ends otherwise.

#include "gfo/v1/audit.grpc.pb.h"
#include "service/app.h"
#include "service/audit_trail.h"
#include "service/services.h"

namespace gfo {
namespace {

namespace v1 = gfo::v1;

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  explicit AuditServiceImpl(App& app) : app_(app) {}

  // Messages an export sends between two checks of its caller's credentials (a cached lookup,
  // about a microsecond).
  static constexpr int64_t kRecheckEvery = 256;

  grpc::Status ListAuditEvents(grpc::ServerContext* ctx, const v1::ListAuditEventsRequest* req,
                               v1::ListAuditEventsResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AuditService/ListAuditEvents", *req,
                       [&](Call& call) { return audit::ListEvents(call.app().db(), *req, out); });
  }

  grpc::Status ExportAuditEvents(
      grpc::ServerContext* ctx, const v1::ExportAuditEventsRequest* req,
      grpc::ServerWriter<v1::ExportAuditEventsResponse>* writer) override {
    return app_.Handle(ctx, "gfo.v1.AuditService/ExportAuditEvents", *req, [&](Call& call) {
      bool recorded = false;
      int64_t sent = 0;
      return audit::Export(
                 call.app().db(), req->filter(),
                 [&](const v1::ExportAuditEventsResponse& part) -> absl::Status {
                   // The export is on the trail before its first message leaves.
                   if (!recorded) {
                     absl::Status status = call.RecordBeforeSending();
                     if (!status.ok()) return status;
                     recorded = true;
                   }
                   // A token revoked (or an account disabled) while the export runs ends it
                   // within kRecheckEvery events; the trail then records UNAUTHENTICATED.
                   if (++sent % kRecheckEvery == 0) {
                     absl::Status still = call.CheckStillAuthorized();
                     if (!still.ok()) return still;
                   }
                   // Events may wait in gRPC's buffer and leave in larger frames; the header
                   // and the trailer are flushed at once.
                   grpc::WriteOptions options;
                   if (part.has_event()) options.set_buffer_hint();
                   if (!writer->Write(part, options)) {
                     // Recorded (a second event) as what the client sees.
                     absl::Status gone = call.ClientGaveUp("export: the stream was not sent");
                     return gone.ok() ? absl::CancelledError(
                                            "export: the client stopped reading the stream")
                                      : gone;
                   }
                   return absl::OkStatus();
                 })
          .status();
    });
  }

  grpc::Status VerifyAuditChain(grpc::ServerContext* ctx, const v1::VerifyAuditChainRequest* req,
                                v1::VerifyAuditChainResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.AuditService/VerifyAuditChain", *req,
                       [&](Call& call) -> absl::Status {
                         absl::StatusOr<v1::VerifyAuditChainResponse> result =
                             audit::VerifyChain(call.app().db(), *req);
                         if (!result.ok()) return result.status();
                         *out = *std::move(result);
                         return absl::OkStatus();
                       });
  }

 private:
  App& app_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAuditService(App& app) {
  return std::make_unique<AuditServiceImpl>(app);
}

}  // namespace gfo
