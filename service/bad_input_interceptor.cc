#include "service/bad_input_interceptor.h"

#include <grpcpp/server_context.h>
#include <grpcpp/support/interceptor.h>
#include <grpcpp/support/status.h>

#include <string_view>

#include "absl/status/status.h"
#include "service/app.h"
#include "service/errors.h"

namespace gfo {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr std::string_view kMethodPrefix = "/gfo.v1.";

class BadInputInterceptor final : public grpc::experimental::Interceptor {
 public:
  // `method` is the full name without its leading slash; it points into the server's method
  // table, which outlives every call.
  BadInputInterceptor(App& app, grpc::experimental::ServerRpcInfo* info, std::string_view method)
      : app_(app), info_(info), method_(method) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // The sync server deserializes the request before the interceptors run and hands them
    // nullptr when that failed; the handler then sends the deserializer's status.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      request_unparsed_ = true;
    }
    // A refusal for want of threads (RESOURCE_EXHAUSTED) also arrives without a message; only
    // the deserializer's INTERNAL is replaced, so that refusal stays as gRPC sends it.
    if (request_unparsed_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
      methods->ModifySendStatus(app_.Handle(
          static_cast<grpc::ServerContext*>(info_->server_context()), method_,
          [](Call&) -> absl::Status {
            return errors::InvalidArgument(
                "request",
                "could not be parsed: a string field holds invalid UTF-8, the message nests too "
                "deeply, or its bytes are malformed");
          }));
    }
    methods->Proceed();
  }

 private:
  App& app_;
  grpc::experimental::ServerRpcInfo* const info_;
  const std::string_view method_;
  bool request_unparsed_ = false;
};

}  // namespace

grpc::experimental::Interceptor* BadInputInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  using Type = grpc::experimental::ServerRpcInfo::Type;
  if (info->type() != Type::UNARY && info->type() != Type::SERVER_STREAMING) return nullptr;
  if (info->method() == nullptr) return nullptr;
  const std::string_view method(info->method());
  if (!method.starts_with(kMethodPrefix)) return nullptr;
  // gRPC owns the interceptor and deletes it when the call ends.
  return new BadInputInterceptor(app_, info, method.substr(1));
}

}  // namespace gfo
