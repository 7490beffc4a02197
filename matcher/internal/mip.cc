// The 0-1 program of the batch assignment: a LEMON GlpkMip model solved by GLPK directly.

#include "matcher/internal/mip.h"

#include <mutex>

#include <glpk.h>
#include <lemon/glpk.h>

#include "absl/container/flat_hash_map.h"

namespace gfo::matcher::internal {
namespace {

// GLPK keeps global state: one integer program at a time in this process.
std::mutex& GlpkMutex() {
  static std::mutex mutex;
  return mutex;
}

struct IncumbentHint {
  std::vector<double> columns;  // 1-based values of every column, as GLPK wants them
  bool given = false;
};

// Offers the starting assignment to GLPK's search as its first heuristic solution.
void OfferIncumbent(glp_tree* tree, void* info) {
  auto* hint = static_cast<IncumbentHint*>(info);
  if (glp_ios_reason(tree) == GLP_IHEUR && !hint->given) {
    hint->given = true;
    glp_ios_heur_sol(tree, hint->columns.data());
  }
}

}  // namespace

MipOutcome SolveMip(const CandidateSet& set, const std::vector<size_t>& part,
                    const std::vector<std::vector<bool>>& keep, int32_t time_limit_ms,
                    std::vector<int32_t>* choice) {
  std::lock_guard<std::mutex> lock(GlpkMutex());
  lemon::GlpkMip mip;
  mip.messageLevel(lemon::LpBase::MESSAGE_NOTHING);
  // columns[i][c] is INVALID for candidates fixed to 0.
  std::vector<std::vector<lemon::GlpkMip::Col>> columns(part.size());
  absl::flat_hash_map<uint32_t, lemon::GlpkMip::Expr> seats_used;
  lemon::GlpkMip::Expr objective;
  for (size_t i = 0; i < part.size(); ++i) {
    const size_t r = part[i];
    const RequestCandidates& rc = set.requests[r];
    lemon::GlpkMip::Expr chosen;
    bool any = false;
    for (size_t c = 0; c < rc.homes.size(); ++c) {
      if (!keep[i][c]) {
        columns[i].push_back(lemon::INVALID);
        continue;
      }
      any = true;
      const lemon::GlpkMip::Col x = mip.addCol();
      mip.colType(x, lemon::GlpkMip::INTEGER);
      mip.colLowerBound(x, 0);
      mip.colUpperBound(x, 1);
      columns[i].push_back(x);
      chosen += x;
      seats_used[rc.homes[c].home_index] += rc.group_size * x;
      objective += static_cast<double>(Value(set, r, c)) * x;
    }
    if (any) mip.addRow(chosen <= 1);
  }
  for (auto& [home, used] : seats_used) {
    mip.addRow(used <= static_cast<double>(set.free_seats[home]));
  }
  mip.obj(objective);
  mip.max();
  if (glp_get_num_cols(mip.lpx()) == 0) {
    for (size_t r : part) (*choice)[r] = kUnassigned;
    return MipOutcome::kProvenOptimal;
  }

  // LEMON builds the model; GLPK is called directly for a time limit and a starting solution.
  glp_prob* problem = mip.lpx();
  IncumbentHint hint;
  hint.columns.assign(static_cast<size_t>(glp_get_num_cols(problem)) + 1, 0.0);
  for (size_t i = 0; i < part.size(); ++i) {
    const int32_t c = (*choice)[part[i]];
    if (c != kUnassigned && columns[i][c] != lemon::INVALID) {
      hint.columns[mip.lpxCol(columns[i][c])] = 1.0;
    }
  }
  glp_smcp simplex;
  glp_init_smcp(&simplex);
  simplex.msg_lev = GLP_MSG_OFF;
  simplex.tm_lim = time_limit_ms;
  if (glp_simplex(problem, &simplex) != 0 || glp_get_status(problem) != GLP_OPT) {
    return MipOutcome::kFailed;
  }
  glp_iocp search;
  glp_init_iocp(&search);
  search.msg_lev = GLP_MSG_OFF;
  search.tm_lim = time_limit_ms;
  search.cb_func = OfferIncumbent;
  search.cb_info = &hint;
  const int code = glp_intopt(problem, &search);
  const int status = glp_mip_status(problem);
  if ((code != 0 && code != GLP_ETMLIM) || (status != GLP_OPT && status != GLP_FEAS)) {
    return MipOutcome::kFailed;
  }
  for (size_t i = 0; i < part.size(); ++i) {
    int32_t picked = kUnassigned;
    for (size_t c = 0; c < columns[i].size(); ++c) {
      if (columns[i][c] != lemon::INVALID &&
          glp_mip_col_val(problem, mip.lpxCol(columns[i][c])) > 0.5) {
        picked = static_cast<int32_t>(c);
      }
    }
    (*choice)[part[i]] = picked;
  }
  return code == 0 && status == GLP_OPT ? MipOutcome::kProvenOptimal : MipOutcome::kBestFound;
}

}  // namespace gfo::matcher::internal
