// Factories for every gRPC service of gfo.v1. Each service lives in its own file
// (service/<name>_service.cc), translates protos and calls one domain function through
// App::Handle. The server registers every one of them.

#ifndef GFO_SERVICE_SERVICES_H_
#define GFO_SERVICE_SERVICES_H_

#include <memory>

namespace grpc {
class Service;
}

namespace gfo {

class App;

std::unique_ptr<grpc::Service> MakeHomeService(App& app);
std::unique_ptr<grpc::Service> MakeAccountService(App& app);
std::unique_ptr<grpc::Service> MakeAuditService(App& app);
std::unique_ptr<grpc::Service> MakeMunicipalityService(App& app);
std::unique_ptr<grpc::Service> MakeRequestService(App& app);
std::unique_ptr<grpc::Service> MakeProposalService(App& app);
std::unique_ptr<grpc::Service> MakePlacementService(App& app);
// Builds the in-memory home index, loads it, and registers it on `app` as the hook that keeps
// it in step with every commit.
std::unique_ptr<grpc::Service> MakeMatchService(App& app);
std::unique_ptr<grpc::Service> MakeAdminService(App& app);

}  // namespace gfo

#endif  // GFO_SERVICE_SERVICES_H_
