// Column sets and value formatters shared by several command groups (accounts appear in
// `accounts list` and `whoami`, homes in `homes list` and `homes get`).

#ifndef GFO_CLI_COLUMNS_H_
#define GFO_CLI_COLUMNS_H_

#include <string>
#include <vector>

#include "cli/enum_names.h"
#include "cli/output.h"
#include "gfo/v1/account.pb.h"
#include "gfo/v1/home.pb.h"

namespace gfo::cli {

// "yes" / "no".
std::string YesNo(bool value);

// Short enum names of a repeated enum field joined by ',' ("long_term,emergency").
template <typename E, typename Repeated>
std::string JoinEnums(const Repeated& values) {
  std::string joined;
  for (const int value : values) {
    if (!joined.empty()) joined += ',';
    joined += ShortName(static_cast<E>(value));
  }
  return joined;
}

// Accounts: NAME, DISPLAY NAME, ROLE, MUNICIPALITY, DISABLED, CERT SUBJECT, CREATED.
std::vector<Column> AccountColumns();
// Token metadata: NAME, CREATED, EXPIRES, REVOKED.
std::vector<Column> TokenColumns();
// One line per home in `homes list`.
std::vector<Column> HomeListColumns();
// Every field of a home, for `homes get` and the result of create/update/lifecycle moves.
std::vector<Column> HomeDetailColumns();
// A lifecycle move: TIME, FROM, TO, ACTOR, REASON.
std::vector<Column> TransitionColumns();

}  // namespace gfo::cli

#endif  // GFO_CLI_COLUMNS_H_
