// Who may call what: the one table that maps every gfo.v1 method to the roles allowed to call it.
//
// Enforced by App::Handle before any handler runs; a method without a row is denied (fail
// closed). Per-record rules (a case worker sees only its own municipality's records) are checked
// by Call::CheckMunicipality inside the handlers, because they depend on the record.

#ifndef GFO_SERVICE_POLICY_H_
#define GFO_SERVICE_POLICY_H_

#include <string>
#include <string_view>
#include <vector>

#include "gfo/v1/common.pb.h"

namespace gfo {

// True when `role` may call `method` ("gfo.v1.HomeService/GetHome").
bool IsAllowed(std::string_view method, gfo::v1::Role role);

// True when the method has a row in the table.
bool HasPolicy(std::string_view method);

// Every method in the table, for tests that compare it with the services' descriptors.
std::vector<std::string> PolicyMethods();

// True when a case worker calling `method` is limited to its own municipality's records.
bool IsMunicipalityScoped(std::string_view method);

}  // namespace gfo

#endif  // GFO_SERVICE_POLICY_H_
