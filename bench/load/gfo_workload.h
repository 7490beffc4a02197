// The gfo side of gfo_load: accounts for every role, a seeded bank (approved homes, submitted
// requests) created through the real API, and the catalogue of operations a load phase can mix
// (case workers reading and ranking, staff reading homes and proposing, auditors listing and
// exporting, plus pure audited reads and writes).
//
// Everything goes through the public gRPC API with bearer tokens, so authentication, the policy
// table and the audit trail are on for every call. Methods a service does not offer yet are
// found by a probe call and left out with a note, so the tool runs on a partial server.

#ifndef GFO_BENCH_LOAD_GFO_WORKLOAD_H_
#define GFO_BENCH_LOAD_GFO_WORKLOAD_H_

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/load/load_engine.h"

namespace gfo {
class GfoServer;
}

namespace gfo::load {

struct Tokens {
  std::string admin;
  std::string seeder;  // gfo_staff: creates the bank
  std::string staff;
  std::string auditor;
  std::string case_worker_2280;  // Härnösand
  std::string case_worker_2282;  // Kramfors
  std::string seeder_account;    // accounts/{id} of the seeder
};

// Creates one account per role through AccountService/CreateAccount with `admin_token`; when
// the service does not offer it and `in_process` is given, inserts them directly into that
// server's database instead (noted in `notes`).
absl::StatusOr<Tokens> SeedAccounts(const std::shared_ptr<grpc::Channel>& channel,
                                    const std::string& admin_token, GfoServer* in_process,
                                    std::vector<std::string>& notes);

struct Bank {
  std::vector<std::string> homes;              // approved homes/{id}
  std::vector<std::string> requests_2280;      // submitted requests/{id}, Härnösand
  std::vector<std::string> requests_2282;      // submitted requests/{id}, Kramfors
  std::vector<std::string> proposal_requests;  // submitted Härnösand requests kept for proposals
};

// Creates `homes` approved homes (staff) and `requests` submitted requests (case workers of 2280
// and 2282), plus up to 64 more Härnösand requests for proposals. Stops a kind at the first
// failure and says why in `notes`; what was made is returned.
Bank SeedBank(const std::shared_ptr<grpc::Channel>& channel, const Tokens& tokens, int homes,
              int requests, std::vector<std::string>& notes);

// The operations gfo_load knows, by name. Follow-ups refer to operations by index, so the
// returned vector must be used as it is.
std::vector<Operation> BuildOperations(const Tokens& tokens, const Bank& bank);

// The names BuildOperations may return, for --help.
std::vector<std::string> OperationNames();

// Parses "GetHome=3,GetRequest=1" into mix entries over `operations`. An unknown name or a
// weight that is not a positive number is INVALID_ARGUMENT; a known name missing from
// `operations` (not seeded) or listed in `unavailable` (name -> why) is left out and noted.
absl::StatusOr<std::vector<MixEntry>> ParseMix(
    const std::string& text, const std::vector<Operation>& operations,
    const std::map<std::string, std::string>& unavailable, std::vector<std::string>& notes);

}  // namespace gfo::load

#endif  // GFO_BENCH_LOAD_GFO_WORKLOAD_H_
