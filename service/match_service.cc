// gfo.v1.MatchService: ranking the bank for one request and the batch suggestion, both read
// from the in-memory home index (service/home_index.h), never from a table scan per call.
//
// RankHomes accepts a request in draft (to see while writing it whether the bank has a fitting
// home), submitted or proposed (to look for alternatives); placed, ended and withdrawn requests are
// FAILED_PRECONDITION, and so is a request of a municipality that is not a member today. A case
// worker may rank only its own municipality's requests and sees each home's profile without its
// name (homes/{id}). The audit event names the request only.
//
// SuggestAssignment takes every open request of a member municipality (submitted, or proposed
// with no live proposal left) and returns the matcher's batch assignment. It writes nothing: staff
// decide.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "gfo/v1/match.grpc.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "matcher/assignment.h"
#include "matcher/rank.h"
#include "service/app.h"
#include "service/clock.h"
#include "service/errors.h"
#include "service/home_index.h"
#include "service/match_mapping.h"
#include "service/membership_sql.h"
#include "service/requests.h"
#include "service/services.h"
#include "service/status_macros.h"
#include "service/validation/common_validation.h"

namespace gfo {
namespace {

constexpr int32_t kMaxTopK = 100;

bool RankableState(gfo::v1::RequestState state) {
  return state == gfo::v1::REQUEST_STATE_DRAFT || state == gfo::v1::REQUEST_STATE_SUBMITTED ||
         state == gfo::v1::REQUEST_STATE_PROPOSED;
}

class MatchServiceImpl final : public gfo::v1::MatchService::Service {
 public:
  MatchServiceImpl(App& app, matcher::Config config, std::shared_ptr<HomeIndex> index)
      : app_(app), config_(std::move(config)), index_(std::move(index)) {}

  grpc::Status RankHomes(grpc::ServerContext* ctx, const gfo::v1::RankHomesRequest* request,
                         gfo::v1::RankHomesResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.MatchService/RankHomes", *request,
                       [&](Call& call) { return Rank(call, *request, out); });
  }

  grpc::Status SuggestAssignment(grpc::ServerContext* ctx,
                                 const gfo::v1::SuggestAssignmentRequest* request,
                                 gfo::v1::SuggestAssignmentResponse* out) override {
    return app_.Handle(ctx, "gfo.v1.MatchService/SuggestAssignment", *request,
                       [&](Call& call) { return Suggest(call, *request, out); });
  }

 private:
  absl::Status Rank(Call& call, const gfo::v1::RankHomesRequest& request,
                    gfo::v1::RankHomesResponse* out) {
    GFO_ASSIGN_OR_RETURN(int64_t id,
                         validation::ParseResourceName(request.request(), "requests", "request"));
    const std::string name = validation::FormatResourceName("requests", id);
    call.AddResource(name);
    if (request.top_k() < 0 || request.top_k() > kMaxTopK) {
      return errors::InvalidArgument(
          "top_k", absl::StrCat("must be between 0 and ", kMaxTopK, ", got ", request.top_k()));
    }
    StoredRequest stored;
    bool member = false;
    std::string municipality_display;
    GFO_RETURN_IF_ERROR(call.Read([&](storage::Db& db) -> absl::Status {
      GFO_ASSIGN_OR_RETURN(stored, LoadRequest(db, id, call.now()));
      GFO_ASSIGN_OR_RETURN(member,
                           IsMemberOn(db, stored.municipality_code, CivilDayNumber(call.now())));
      if (!member) {
        GFO_ASSIGN_OR_RETURN(municipality_display,
                             MunicipalityDisplayName(db, stored.municipality_code));
      }
      return absl::OkStatus();
    }));
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(stored.municipality_code, name));
    if (!RankableState(stored.state)) {
      return errors::FailedPrecondition(absl::StrCat(
          name, ": cannot rank homes for a request in state ",
          std::string(RequestStateName(stored.state)), " (only draft, submitted or proposed)"));
    }
    // The bank is the members' own: a municipality outside the GFO (not yet joined, or left)
    // does not browse its homes, not even with a draft.
    if (!member) {
      return errors::FailedPrecondition(absl::StrCat(
          "municipalities/", stored.municipality_code, ": ", municipality_display,
          " is not a member of the GFO; only members' requests are matched against the bank"));
    }
    GFO_ASSIGN_OR_RETURN(matcher::Request match_request,
                         match::RequestFromProto(id, stored.request, CivilDayNumber(call.now())));
    GFO_RETURN_IF_ERROR(EnsureIndexLoaded());
    const bool show_home_names = !call.is_case_worker();
    index_->Read(call.now(), [&](const HomeIndex::View& view) {
      const matcher::RankResult result =
          matcher::RankHomes(view.homes, match_request, config_, request.top_k());
      for (const matcher::RankedHome& ranked : result.homes) {
        gfo::v1::HomeProfile profile = view.profiles[ranked.home_index];
        profile.set_free_capacity(matcher::FreeCapacity(view.homes[ranked.home_index]));
        if (!show_home_names) profile.clear_home();
        *out->add_homes() = match::ToRankedHome(ranked, std::move(profile));
      }
      match::FillCounts(result, out);
    });
    return absl::OkStatus();
  }

  absl::Status Suggest(Call& call, const gfo::v1::SuggestAssignmentRequest& /*request*/,
                       gfo::v1::SuggestAssignmentResponse* out) {
    const int32_t today = CivilDayNumber(call.now());
    std::vector<matcher::Request> requests;
    GFO_RETURN_IF_ERROR(call.Read([&](storage::Db& db) -> absl::Status {
      GFO_ASSIGN_OR_RETURN(
          storage::Statement * stmt,
          // Only members' requests, as in RankHomes: one left open by a municipality that has
          // left the GFO is not matched against the bank.
          db.Prepare(
              "SELECT r.id, r.proto FROM requests r WHERE r.state IN (?1, ?2) "
              "AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.request_id = r.id "
              "AND p.state = ?3 AND p.expire_time > ?4) "
              "AND EXISTS (SELECT 1 FROM memberships m WHERE m.municipality_code = "
              "r.municipality_code AND " GFO_MEMBERSHIP_COVERS("m", "?5") ") ORDER BY r.id"));
      stmt->Bind(1, static_cast<int>(gfo::v1::REQUEST_STATE_SUBMITTED))
          .Bind(2, static_cast<int>(gfo::v1::REQUEST_STATE_PROPOSED))
          .Bind(3, static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING))
          .Bind(4, ToMicros(call.now()))
          .Bind(5, today);
      while (true) {
        absl::StatusOr<bool> row = stmt->Step();
        if (!row.ok() || !*row) {
          stmt->Reset();
          if (!row.ok()) return row.status();
          break;
        }
        const int64_t id = stmt->ColumnInt(0);
        const std::string name = validation::FormatResourceName("requests", id);
        call.AddResource(name);
        gfo::v1::PlacementRequest proto;
        absl::StatusOr<matcher::Request> mapped =
            proto.ParseFromString(stmt->ColumnBlob(1))
                ? match::RequestFromProto(id, proto, today)
                : absl::StatusOr<matcher::Request>(errors::DataLoss(name));
        if (mapped.ok()) {
          requests.push_back(*std::move(mapped));
        } else {
          // Cannot be matched (no birth date to match on): never silently dropped.
          out->add_unassigned_requests(name);
        }
      }
      return absl::OkStatus();
    }));
    GFO_RETURN_IF_ERROR(EnsureIndexLoaded());
    index_->Read(call.now(), [&](const HomeIndex::View& view) {
      const matcher::AssignmentResult result =
          matcher::SuggestAssignment(view.homes, requests, config_);
      for (const matcher::AssignedPair& pair : result.assignments) {
        gfo::v1::SuggestedPair* p = out->add_assignments();
        p->set_request(validation::FormatResourceName("requests", pair.request_id));
        p->set_home(validation::FormatResourceName("homes", pair.home_id));
        p->set_home_code(view.homes[pair.home_index].code);
        p->set_score(pair.score);
        p->set_children(pair.children);
        p->set_emergency(pair.emergency);
      }
      for (int64_t id : result.unassigned_request_ids) {
        out->add_unassigned_requests(validation::FormatResourceName("requests", id));
      }
      out->set_total_score(result.total_score);
      out->set_optimal(result.optimal && !result.candidates_pruned);
      out->set_method(result.method);
    });
    return absl::OkStatus();
  }

  // Loads the index when it has never loaded or a reload failed. Under the database's write
  // lock, so no commit can land between the snapshot and the swap.
  absl::Status EnsureIndexLoaded() {
    if (!index_->stale()) return absl::OkStatus();
    absl::Status status =
        app_.db().Write([&](storage::Db& db) { return index_->LoadAll(db, app_.clock().Now()); });
    if (!status.ok()) {
      app_.log().error("home index: load failed: {}", status.ToString());
      return errors::Unavailable("match: the home index could not be loaded; try again");
    }
    return absl::OkStatus();
  }

  App& app_;
  const matcher::Config config_;
  std::shared_ptr<HomeIndex> index_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeMatchService(App& app) {
  absl::StatusOr<matcher::Config> config = match::ConfigFromService(app.config().service);
  if (!config.ok()) {
    // main() refuses to start with an invalid configuration; this is only reached by callers
    // that bypass it.
    app.log().error("matcher configuration is invalid ({}); using the defaults",
                    config.status().ToString());
    config = matcher::Config();
  }
  auto index = std::make_shared<HomeIndex>();
  absl::Status loaded =
      app.db().Read([&](storage::Db& db) { return index->LoadAll(db, app.clock().Now()); });
  if (!loaded.ok()) {
    app.log().error("home index: initial load failed: {}", loaded.ToString());
  }
  app.SetHomesChangedHook([index, &app](storage::Db& db, const std::vector<TouchedHome>& homes) {
    absl::Status status = index->Reload(db, homes, app.clock().Now());
    if (!status.ok()) app.log().error("home index: reload failed: {}", status.ToString());
  });
  return std::make_unique<MatchServiceImpl>(app, *std::move(config), std::move(index));
}

}  // namespace gfo
