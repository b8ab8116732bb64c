-- 0002_core.sql - the SSPF data model: cases and their guardians, consents,
-- meetings with agendas, plans with actions and follow-ups, and the audit log.
-- Dates are 'YYYY-MM-DD' text, times 'HH:MM'; actor sets are sspf_actor bits
-- (include/sspf/consent.h). Only src/core/ reads these tables; every read of
-- a case's data goes through the consent gate (src/core/gate.c).

CREATE TABLE case_file (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,           -- 'YYYY-NNN'
  year         INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  child_name   TEXT NOT NULL,
  birth_date   TEXT NOT NULL,
  gender       TEXT NOT NULL DEFAULT 'ej angivet'
               CHECK (gender IN ('flicka', 'pojke', 'annat', 'ej angivet')),
  school       TEXT NOT NULL DEFAULT '',
  class        TEXT NOT NULL DEFAULT '',
  district     TEXT NOT NULL DEFAULT '',
  raised_by    INTEGER NOT NULL DEFAULT 0,     -- one actor bit, 0 = not known
  concerns     INTEGER NOT NULL DEFAULT 0,     -- concern category bits
  concern_text TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  sole_custody INTEGER NOT NULL DEFAULT 0 CHECK (sole_custody IN (0, 1)),
  opened_on    TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_on    TEXT,
  outcome      TEXT,
  UNIQUE (year, seq)
) STRICT;

CREATE TABLE guardian (
  id       INTEGER PRIMARY KEY,
  case_id  INTEGER NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  name     TEXT NOT NULL,
  phone    TEXT NOT NULL DEFAULT '',
  email    TEXT NOT NULL DEFAULT '',
  address  TEXT NOT NULL DEFAULT '',
  custody  INTEGER NOT NULL DEFAULT 1 CHECK (custody IN (0, 1))
) STRICT;
CREATE INDEX guardian_case ON guardian(case_id);

CREATE TABLE consent (
  id             INTEGER PRIMARY KEY,
  case_id        INTEGER NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  signed_on      TEXT NOT NULL,
  valid_until    TEXT NOT NULL,
  youth_signed   INTEGER NOT NULL DEFAULT 0 CHECK (youth_signed IN (0, 1)),
  scope          INTEGER NOT NULL,              -- actor bits covered
  scope_other    TEXT NOT NULL DEFAULT '',      -- who "annan" is
  information    TEXT NOT NULL DEFAULT '',      -- kinds of information
  purpose        TEXT NOT NULL DEFAULT '',
  form_version   TEXT NOT NULL DEFAULT '',
  form_language  TEXT NOT NULL DEFAULT 'sv',
  registered_by  TEXT NOT NULL,
  registered_on  TEXT NOT NULL,
  withdrawn_on   TEXT,
  withdrawn_by   TEXT,
  withdrawn_note TEXT
) STRICT;
CREATE INDEX consent_case ON consent(case_id);

-- Which guardians signed which consent.
CREATE TABLE consent_signature (
  consent_id  INTEGER NOT NULL REFERENCES consent(id) ON DELETE CASCADE,
  guardian_id INTEGER NOT NULL REFERENCES guardian(id) ON DELETE CASCADE,
  PRIMARY KEY (consent_id, guardian_id)
) STRICT;

CREATE TABLE meeting (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL
             CHECK (kind IN ('arbetsgruppsmöte', 'nätverksmöte', 'uppföljning')),
  date       TEXT NOT NULL,
  start_time TEXT NOT NULL,
  end_time   TEXT NOT NULL,
  place      TEXT NOT NULL DEFAULT '',
  district   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX meeting_date ON meeting(date);

CREATE TABLE participant (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  actor      INTEGER NOT NULL DEFAULT 0,      -- one actor bit; 0 = family
  role       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX participant_meeting ON participant(meeting_id);

CREATE TABLE agenda_item (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  case_id    INTEGER REFERENCES case_file(id) ON DELETE CASCADE,
  topic      TEXT NOT NULL DEFAULT '',
  minutes    TEXT NOT NULL DEFAULT '',
  present    INTEGER                           -- actor bits; NULL = the meeting's
) STRICT;
CREATE INDEX agenda_meeting ON agenda_item(meeting_id, position);
CREATE INDEX agenda_case ON agenda_item(case_id);

CREATE TABLE goal (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  text       TEXT NOT NULL,
  created_on TEXT NOT NULL
) STRICT;
CREATE INDEX goal_case ON goal(case_id);

CREATE TABLE action (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  goal_id    INTEGER REFERENCES goal(id) ON DELETE SET NULL,
  meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL, -- decided in
  what       TEXT NOT NULL,
  actor      INTEGER NOT NULL,                 -- one actor bit
  person     TEXT NOT NULL DEFAULT '',
  due_on     TEXT,
  status     TEXT NOT NULL DEFAULT 'ej påbörjad'
             CHECK (status IN ('ej påbörjad', 'pågår', 'klar', 'avbruten')),
  created_on TEXT NOT NULL,
  done_on    TEXT
) STRICT;
CREATE INDEX action_case ON action(case_id);
CREATE INDEX action_due ON action(status, due_on);

CREATE TABLE follow_up (
  id         INTEGER PRIMARY KEY,
  action_id  INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
  meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
  made_on    TEXT NOT NULL,
  status     TEXT NOT NULL
             CHECK (status IN ('ej påbörjad', 'pågår', 'klar', 'avbruten')),
  comment    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX follow_up_action ON follow_up(action_id);

-- The audit log: who did what to which case, never what the case holds.
-- Each entry's mac = keyed BLAKE2b over the previous mac and this entry
-- (src/core/audit.c), and audit_head holds the newest seq and mac, so an
-- edited, deleted or truncated entry is found by `sspf audit --verify`.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,                      -- UTC, 'YYYY-MM-DDTHH:MM:SSZ'
  os_user   TEXT NOT NULL,
  action    TEXT NOT NULL,                      -- 'view', 'print', 'change', ...
  case_code TEXT NOT NULL DEFAULT '',           -- '' when no case
  mac       BLOB NOT NULL
) STRICT;
CREATE INDEX audit_case ON audit_log(case_code);

-- The newest entry, and where the chain starts once old entries have been
-- purged by retention (base_seq 0 and an all-zero base_mac before that).
-- tag = keyed BLAKE2b over seq, mac, base_seq and base_mac, so that the head
-- cannot be moved back over removed entries without the key.
CREATE TABLE audit_head (
  one      INTEGER PRIMARY KEY CHECK (one = 1),
  seq      INTEGER NOT NULL,
  mac      BLOB NOT NULL,
  base_seq INTEGER NOT NULL,
  base_mac BLOB NOT NULL,
  tag      BLOB NOT NULL
) STRICT;
