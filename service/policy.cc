#include "service/policy.h"

#include "absl/container/flat_hash_map.h"

namespace gfo {
namespace {

using gfo::v1::Role;

enum : unsigned {
  kAdmin = 1u << Role::ROLE_ADMIN,
  kStaff = 1u << Role::ROLE_GFO_STAFF,
  kCase = 1u << Role::ROLE_CASE_WORKER,
  kAuditor = 1u << Role::ROLE_AUDITOR,
  kAll = kAdmin | kStaff | kCase | kAuditor,
};

struct Rule {
  unsigned roles;
  bool municipality_scoped;  // case workers see only their own municipality's records
};

// DOMAIN.md "Who uses it". Admin may do everything staff may, plus accounts, backups and
// configuration. Decisions (accept, decline, consultations) belong to the municipality alone.
const absl::flat_hash_map<std::string, Rule>& Table() {
  static const auto* const kTable = new absl::flat_hash_map<std::string, Rule>{
      // Home bank: GFO staff; case workers see homes through proposals and rankings, and a
      // home itself only where their municipality accepted a placement (checked in Homes::Get).
      {"gfo.v1.HomeService/GetHome", {kAdmin | kStaff | kCase, false}},
      {"gfo.v1.HomeService/ListHomes", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/CreateHome", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/UpdateHome", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/StartAssessment", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/ApproveHome", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/PauseHome", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/ResumeHome", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/CloseHome", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/ConfirmAvailability", {kAdmin | kStaff, false}},
      {"gfo.v1.HomeService/ListHomeHistory", {kAdmin | kStaff, false}},
      // Accounts: administrators; everyone may ask who they are.
      {"gfo.v1.AccountService/CreateAccount", {kAdmin, false}},
      // Auditors too: reviewing the trail (loggranskning) needs to know who accounts/7 is.
      {"gfo.v1.AccountService/ListAccounts", {kAdmin | kAuditor, false}},
      {"gfo.v1.AccountService/DisableAccount", {kAdmin, false}},
      {"gfo.v1.AccountService/IssueToken", {kAdmin, false}},
      {"gfo.v1.AccountService/RevokeToken", {kAdmin, false}},
      {"gfo.v1.AccountService/ListTokens", {kAdmin, false}},
      {"gfo.v1.AccountService/GetCurrentAccount", {kAll, false}},
      // Audit trail: auditors read and export; admins may verify the chain.
      {"gfo.v1.AuditService/ListAuditEvents", {kAuditor, false}},
      {"gfo.v1.AuditService/ExportAuditEvents", {kAuditor, false}},
      {"gfo.v1.AuditService/VerifyAuditChain", {kAuditor | kAdmin, false}},
      // Municipalities are public facts; membership changes are administration.
      {"gfo.v1.MunicipalityService/ListMunicipalities", {kAll, false}},
      {"gfo.v1.MunicipalityService/GetMunicipality", {kAll, false}},
      {"gfo.v1.MunicipalityService/CreateMunicipality", {kAdmin, false}},
      {"gfo.v1.MunicipalityService/JoinGfo", {kAdmin, false}},
      {"gfo.v1.MunicipalityService/LeaveGfo", {kAdmin, false}},
      // Requests: written by the municipality's case workers, read by GFO staff.
      {"gfo.v1.RequestService/CreateRequest", {kCase, true}},
      {"gfo.v1.RequestService/GetRequest", {kAdmin | kStaff | kCase, true}},
      {"gfo.v1.RequestService/ListRequests", {kAdmin | kStaff | kCase, true}},
      {"gfo.v1.RequestService/UpdateRequest", {kCase, true}},
      {"gfo.v1.RequestService/SubmitRequest", {kCase, true}},
      {"gfo.v1.RequestService/WithdrawRequest", {kCase, true}},
      {"gfo.v1.RequestService/ListRequestHistory", {kAdmin | kStaff | kCase, true}},
      // Proposals: GFO proposes, the municipality decides.
      {"gfo.v1.ProposalService/CreateProposal", {kAdmin | kStaff, false}},
      {"gfo.v1.ProposalService/GetProposal", {kAdmin | kStaff | kCase, true}},
      {"gfo.v1.ProposalService/ListProposals", {kAdmin | kStaff | kCase, true}},
      {"gfo.v1.ProposalService/AcceptProposal", {kCase, true}},
      {"gfo.v1.ProposalService/DeclineProposal", {kCase, true}},
      {"gfo.v1.ProposalService/WithdrawProposal", {kAdmin | kStaff, false}},
      {"gfo.v1.ProposalService/RecordConsultation", {kCase, true}},
      // Placements.
      {"gfo.v1.PlacementService/GetPlacement", {kAdmin | kStaff | kCase, true}},
      {"gfo.v1.PlacementService/ListPlacements", {kAdmin | kStaff | kCase, true}},
      // Ending a placement and recording its decisions (special reasons, reviews, custody,
      // secret whereabouts) are the municipality's: "only the municipality decides" (DOMAIN.md).
      {"gfo.v1.PlacementService/EndPlacement", {kCase, true}},
      {"gfo.v1.PlacementService/UpdatePlacement", {kCase, true}},
      {"gfo.v1.PlacementService/ListDue", {kAdmin | kStaff | kCase, true}},
      {"gfo.v1.PlacementService/ListVacancies", {kAdmin | kStaff, false}},
      {"gfo.v1.PlacementService/SummarizePlacements", {kAdmin | kStaff, false}},
      // Matching.
      {"gfo.v1.MatchService/RankHomes", {kAdmin | kStaff | kCase, true}},
      {"gfo.v1.MatchService/SuggestAssignment", {kAdmin | kStaff, false}},
      // Administration.
      {"gfo.v1.AdminService/BackupDatabase", {kAdmin, false}},
      {"gfo.v1.AdminService/GetRetentionReport", {kAdmin, false}},
      {"gfo.v1.AdminService/ApplyRetention", {kAdmin, false}},
  };
  return *kTable;
}

}  // namespace

bool IsAllowed(std::string_view method, Role role) {
  auto it = Table().find(absl::string_view(method.data(), method.size()));
  if (it == Table().end()) return false;
  if (role <= Role::ROLE_UNSPECIFIED || role > Role::ROLE_AUDITOR) return false;
  return (it->second.roles & (1u << role)) != 0;
}

bool HasPolicy(std::string_view method) {
  return Table().contains(absl::string_view(method.data(), method.size()));
}

bool IsMunicipalityScoped(std::string_view method) {
  auto it = Table().find(absl::string_view(method.data(), method.size()));
  return it != Table().end() && it->second.municipality_scoped;
}

std::vector<std::string> PolicyMethods() {
  std::vector<std::string> out;
  for (const auto& [method, rule] : Table()) out.push_back(method);
  return out;
}

}  // namespace gfo
