// The connection of one `gfo` run to gfo-server, and the helpers commands use to call it.
//
// Client owns the channel (plain, TLS, or mutual TLS per Globals::tls) and makes the
// grpc::ClientContext of every call: a deadline, `authorization: Bearer <token>` and the
// caller's audit reason as `x-gfo-reason`. Call() and ListPages() turn a stub method into an
// absl::Status (the inverse of service/grpc_status.h). Includes gRPC: include it only from the
// command files that call the server.
//
// x-gfo-reason contract: gRPC metadata values must be printable ASCII, so the reason is sent
// with every byte outside 0x20..0x7E, and '%' itself, percent-encoded as %XX (upper-case hex)
// over its UTF-8 bytes; a server decodes it with one percent-decoding pass.

#ifndef GFO_CLI_CLIENT_H_
#define GFO_CLI_CLIENT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/command.h"
#include "cli/globals.h"
#include "service/grpc_status.h"

namespace gfo::cli {

class Client {
 public:
  // Makes the channel. Reads certificate files now: UNKNOWN naming the file when one cannot be
  // read. Does not contact the server (the first call does).
  static absl::StatusOr<std::unique_ptr<Client>> Connect(const Globals& globals);

  // Wraps an existing channel (Connect makes one; tests may pass an in-process channel).
  Client(std::shared_ptr<grpc::Channel> channel, const Globals& globals);

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // A context for one call with the deadline now + `timeout_seconds` (default: the global
  // --timeout; at most 10^8 s) and the authorization and x-gfo-reason metadata.
  std::unique_ptr<grpc::ClientContext> NewCallContext(
      std::optional<double> timeout_seconds = std::nullopt) const;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
  std::string encoded_reason_;
  double timeout_seconds_;
};

// `reason` percent-encoded for the x-gfo-reason header (see the contract above).
std::string EncodeReasonHeader(std::string_view reason);

// Calls one unary method of a gfo.v1 service on ctx's server:
//   Call(ctx, &v1::HomeService::Stub::GetHome, request, &home)
// with the deadline now + `timeout_seconds` (default: the global --timeout). Returns the
// server's status as absl::Status, or the failure to connect.
template <typename Stub, typename Request, typename Response>
absl::Status Call(Context& ctx,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response,
                  std::optional<double> timeout_seconds = std::nullopt) {
  absl::StatusOr<Client*> client = ctx.client();
  if (!client.ok()) return client.status();
  Stub stub((*client)->channel());
  std::unique_ptr<grpc::ClientContext> context = (*client)->NewCallContext(timeout_seconds);
  return FromGrpcStatus((stub.*method)(context.get(), request, response));
}

// Calls a List method. With `all`, follows next_page_token until the last page and merges every
// page into `response` (whose next_page_token ends empty); otherwise fetches one page. Request
// and Response are the usual AIP-158 pair (page_token, next_page_token). INTERNAL if the
// server repeats a page token.
template <typename Stub, typename Request, typename Response>
absl::Status ListPages(Context& ctx,
                       grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                    Response*),
                       Request request, bool all, Response* response) {
  while (true) {
    Response page;
    absl::Status status = Call(ctx, method, request, &page);
    if (!status.ok()) return status;
    const std::string next = page.next_page_token();
    response->MergeFrom(page);
    response->set_next_page_token(next);
    if (!all || next.empty()) return absl::OkStatus();
    if (next == request.page_token()) {
      return absl::InternalError("server returned the same page token twice");
    }
    request.set_page_token(next);
  }
}

}  // namespace gfo::cli

#endif  // GFO_CLI_CLIENT_H_
