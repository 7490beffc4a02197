#include "service/workflow_common.h"

#include "absl/strings/str_cat.h"
#include "service/errors.h"
#include "service/validation/common_validation.h"

namespace gfo {

absl::StatusOr<int32_t> ScopeMunicipality(const Call& call, int32_t requested) {
  if (requested != 0) {
    GFO_RETURN_IF_ERROR(validation::ValidateMunicipalityCode(requested, "municipality_code"));
  }
  if (!call.is_case_worker()) return requested;
  if (requested != 0) {
    GFO_RETURN_IF_ERROR(call.CheckMunicipality(
        requested, absl::StrCat("municipality_code: municipalities/", requested)));
  }
  return call.principal().municipality_code;
}

absl::StatusOr<ListScope> ResolveListScope(const Call& call,
                                           const google::protobuf::Message& list_request,
                                           int32_t municipality_code, std::string_view page_token) {
  ListScope scope;
  GFO_ASSIGN_OR_RETURN(scope.municipality_code, ScopeMunicipality(call, municipality_code));
  scope.filter_key =
      absl::StrCat(validation::PageFilterKey(list_request), "|", scope.municipality_code);
  GFO_ASSIGN_OR_RETURN(scope.cursor, validation::DecodePageToken(page_token, scope.filter_key));
  return scope;
}

}  // namespace gfo
