// A gRPC server interceptor that turns a request gRPC could not deserialize (invalid UTF-8 in a
// proto3 string, nesting beyond protobuf's recursion limit, malformed bytes) into an audited
// INVALID_ARGUMENT. gRPC 1.51's sync server refuses such a request with INTERNAL before any gfo
// handler runs; this interceptor runs it through App::Handle instead, so the caller is
// authenticated and authorized as usual and exactly one audit event and access-log line record it.

#ifndef GFO_SERVICE_BAD_INPUT_INTERCEPTOR_H_
#define GFO_SERVICE_BAD_INPUT_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

namespace gfo {

class App;

// Creates one interceptor per call of a unary or server-streaming gfo method
// (`/gfo.v1.<Service>/<Method>`) and none for any other call (health checking, reflection,
// unknown methods), which gRPC then runs without it.
//
// For a call whose request parsed, the interceptor only passes each batch on. For a call whose
// request did not parse (POST_RECV_MESSAGE carries no message) and whose handler is about to send
// gRPC's INTERNAL deserialization status, it calls App::Handle with a body that returns
// INVALID_ARGUMENT naming `request`, and sends the status App::Handle returned instead
// (UNAUTHENTICATED or PERMISSION_DENIED when the caller may not make the call at all).
//
// Only for gRPC's synchronous server, whose server contexts are grpc::ServerContext. Thread-safe;
// `app` must outlive the server.
class BadInputInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit BadInputInterceptorFactory(App& app) : app_(app) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  App& app_;
};

}  // namespace gfo

#endif  // GFO_SERVICE_BAD_INPUT_INTERCEPTOR_H_
