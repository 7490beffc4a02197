// The gRPC server settings gfo-server uses, in one place, so that the load tool's bare echo
// baseline (bench/load/echo_server.cc) is built exactly the same way and the ratio it reports
// compares like with like.

#ifndef GFO_SERVICE_SERVER_BUILDER_H_
#define GFO_SERVICE_SERVER_BUILDER_H_

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

namespace gfo {

inline constexpr int kMaxReceiveMessageBytes = 4 * 1024 * 1024;

// Health checking, reflection, the receive limit, and the sync server's polling threads. Handlers
// block on SQLite, so with gRPC's default of one or two pollers nearly every call that arrives
// while they block starts a new thread; keeping a few pollers alive avoids that churn.
inline void ApplyServerSettings(grpc::ServerBuilder& builder) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 4);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 64);
}

}  // namespace gfo

#endif  // GFO_SERVICE_SERVER_BUILDER_H_
