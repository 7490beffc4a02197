#include "service/storage/schema.h"

namespace gfo::storage {
namespace {

// Version 1: every table of the first release.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE municipalities (
  code INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  latitude REAL NOT NULL,
  longitude REAL NOT NULL
);
CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  municipality_code INTEGER NOT NULL REFERENCES municipalities(code),
  start_day INTEGER NOT NULL,
  end_day INTEGER
);
CREATE INDEX memberships_by_municipality ON memberships(municipality_code);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  role INTEGER NOT NULL,
  municipality_code INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  certificate_subject TEXT UNIQUE,
  create_time INTEGER NOT NULL
);
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  token_hash BLOB NOT NULL UNIQUE,
  create_time INTEGER NOT NULL,
  expire_time INTEGER,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_by_account ON tokens(account_id);

CREATE TABLE homes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  status INTEGER NOT NULL,
  municipality_code INTEGER NOT NULL,
  capacity INTEGER NOT NULL,
  min_age INTEGER NOT NULL,
  max_age INTEGER NOT NULL,
  kinds INTEGER NOT NULL,
  last_placement_end_day INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  proto BLOB NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  cleared INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX homes_by_status ON homes(status, id);
CREATE INDEX homes_by_municipality ON homes(municipality_code, id);

CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  municipality_code INTEGER NOT NULL,
  state INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  children INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  submit_time INTEGER,
  proto BLOB NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  cleared INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX requests_by_state ON requests(state, id);
CREATE INDEX requests_by_municipality ON requests(municipality_code, id);

CREATE TABLE proposals (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  home_id INTEGER NOT NULL REFERENCES homes(id),
  municipality_code INTEGER NOT NULL,
  children INTEGER NOT NULL,
  state INTEGER NOT NULL,
  create_time INTEGER NOT NULL,
  expire_time INTEGER NOT NULL,
  decide_time INTEGER,
  decline_reason TEXT NOT NULL DEFAULT '',
  rationale TEXT NOT NULL DEFAULT '',
  placement_id INTEGER,
  created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proposals_by_home ON proposals(home_id, state, expire_time);
CREATE INDEX proposals_by_request ON proposals(request_id);
CREATE INDEX proposals_by_municipality ON proposals(municipality_code, id);

CREATE TABLE consultations (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposals(id),
  municipality_code INTEGER NOT NULL,
  day INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  record_time INTEGER NOT NULL
);
CREATE INDEX consultations_by_proposal ON consultations(proposal_id);

CREATE TABLE placements (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  home_id INTEGER NOT NULL REFERENCES homes(id),
  proposal_id INTEGER NOT NULL REFERENCES proposals(id),
  municipality_code INTEGER NOT NULL,
  children INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  state INTEGER NOT NULL,
  start_day INTEGER NOT NULL,
  end_day INTEGER,
  end_reason TEXT NOT NULL DEFAULT '',
  investigation_closed_day INTEGER,
  special_reasons INTEGER NOT NULL DEFAULT 0,
  last_review_day INTEGER,
  custody_considered_day INTEGER,
  secret_whereabouts_day INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL
);
CREATE INDEX placements_by_home ON placements(home_id, state);
CREATE INDEX placements_by_municipality ON placements(municipality_code, id);

-- Lifecycle moves of any resource (homes/7, requests/3, ...): who, when, why.
CREATE TABLE transitions (
  id INTEGER PRIMARY KEY,
  resource TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  time INTEGER NOT NULL
);
CREATE INDEX transitions_by_resource ON transitions(resource, id);

-- The audit trail: append-only, hash-chained. No personal data.
CREATE TABLE audit_events (
  sequence INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  account TEXT NOT NULL,
  role INTEGER NOT NULL,
  municipality_code INTEGER NOT NULL,
  method TEXT NOT NULL,
  resources TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  client_address TEXT NOT NULL,
  reason TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit_events(time);
CREATE INDEX audit_by_account ON audit_events(account, sequence);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
-- Which resource names an event touched, for "who looked at requests/17".
CREATE TABLE audit_resources (
  sequence INTEGER NOT NULL REFERENCES audit_events(sequence),
  resource TEXT NOT NULL
);
CREATE INDEX audit_resources_by_resource ON audit_resources(resource, sequence);

-- Legal references as data (act, chapter, section), looked up by a stable key.
CREATE TABLE legal_references (
  key TEXT PRIMARY KEY,
  act TEXT NOT NULL,
  chapter TEXT NOT NULL,
  section TEXT NOT NULL,
  title TEXT NOT NULL
);

-- Records cleared under the retention rules (16 kap.): the row stays, personal data goes.
CREATE TABLE retention_log (
  resource TEXT PRIMARY KEY,
  cleared_time INTEGER NOT NULL,
  cleared_by TEXT NOT NULL
);

-- Pending proposals by expiry: every workflow write first expires the holds that ran out.
CREATE INDEX proposals_by_state_expiry ON proposals(state, expire_time);

-- Seed: the county's municipalities (DOMAIN.md) and their memberships.
-- Days since 1970-01-01: 2019-02-01 = 17928, 2022-09-01 = 19236.
INSERT INTO municipalities(code, display_name, latitude, longitude) VALUES
  (2260, 'Ånge', 62.524, 15.659),
  (2262, 'Timrå', 62.489, 17.327),
  (2280, 'Härnösand', 62.632, 17.938),
  (2281, 'Sundsvall', 62.391, 17.307),
  (2282, 'Kramfors', 62.931, 17.777),
  (2283, 'Sollefteå', 63.167, 17.267),
  (2284, 'Örnsköldsvik', 63.290, 18.716);
INSERT INTO memberships(municipality_code, start_day, end_day) VALUES
  (2260, 17928, NULL), (2280, 17928, NULL), (2282, 17928, NULL), (2283, 17928, NULL),
  (2284, 17928, NULL), (2262, 19236, NULL);

INSERT INTO legal_references(key, act, chapter, section, title) VALUES
  ('network_first', 'SFS 2025:400', '22', '1', 'Socialtjänstlag: närstående övervägs först'),
  ('emergency_time_limit', 'SFS 2025:400', '22', '4', 'Socialtjänstlag: jourhem högst två månader efter avslutad utredning'),
  ('consultation', 'SFS 2025:400', '22', '6', 'Socialtjänstlag: samråd med annan kommun'),
  ('six_month_review', 'SFS 2025:400', '22', '13', 'Socialtjänstlag: övervägande var sjätte månad'),
  ('custody_consideration', 'SFS 2025:400', '22', '14', 'Socialtjänstlag: överväga vårdnadsöverflyttning efter två år'),
  ('no_private_placement', 'SFS 2025:400', '22', '20', 'Socialtjänstlag: förbud mot att yrkesmässigt förmedla placeringar'),
  ('retention', 'SFS 2025:400', '16', '1', 'Socialtjänstlag: gallring efter fem år'),
  ('placement_documents_kept', 'SFS 2025:400', '16', '2', 'Socialtjänstlag: handlingar om placering gallras inte'),
  ('secret_whereabouts', 'SFS 1990:52', '', '14', 'LVU: hemlig vistelseort, omprövning var tredje månad'),
  ('emergency_custody', 'SFS 1990:52', '', '6', 'LVU: omedelbart omhändertagande');
)sql";

// v2: audit_resources becomes one b-tree keyed (resource, sequence) instead of a rowid table plus
// an index: one page fewer written per audit commit (bench/LOAD_RESULTS.md). Same columns, same
// rows (an event names each resource once).
constexpr std::string_view kV2 = R"sql(
CREATE TABLE audit_resources_v2 (
  resource TEXT NOT NULL,
  sequence INTEGER NOT NULL REFERENCES audit_events(sequence),
  PRIMARY KEY (resource, sequence)
) WITHOUT ROWID;
INSERT OR IGNORE INTO audit_resources_v2(resource, sequence)
  SELECT resource, sequence FROM audit_resources;
DROP TABLE audit_resources;
ALTER TABLE audit_resources_v2 RENAME TO audit_resources;
)sql";

// v3: the audit trail's lookup tables are filled behind the trail instead of in each event's
// commit (audit::IndexPending), so that an audited call's commit writes the event row alone
// (bench/LOAD_RESULTS.md). audit_by_account (an index, which SQLite keeps in every commit)
// becomes the table audit_accounts; audit_index_state records how far both tables reach.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE audit_accounts (
  account TEXT NOT NULL,
  sequence INTEGER NOT NULL REFERENCES audit_events(sequence),
  PRIMARY KEY (account, sequence)
) WITHOUT ROWID;
INSERT INTO audit_accounts(account, sequence)
  SELECT account, sequence FROM audit_events WHERE account <> '';
DROP INDEX audit_by_account;
CREATE TABLE audit_index_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through INTEGER NOT NULL
);
INSERT INTO audit_index_state(id, indexed_through)
  SELECT 1, COALESCE(MAX(sequence), 0) FROM audit_events;
)sql";

}  // namespace

const std::vector<Migration>& SchemaMigrations() {
  static const std::vector<Migration>* const kMigrations =
      new std::vector<Migration>{{1, kV1}, {2, kV2}, {3, kV3}};
  return *kMigrations;
}

}  // namespace gfo::storage
