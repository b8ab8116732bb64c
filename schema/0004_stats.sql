-- 0004_stats.sql - what the statistics (`sspf stats`) need that was not
-- recorded before: the guardians' "no" to a consent (avböjt), one row per
-- time it was said, so that consent outcomes can count it; and the record
-- keys of the cell key method.
CREATE TABLE consent_declined (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  declined_on   TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  registered_on TEXT NOT NULL
) STRICT;
CREATE INDEX consent_declined_case ON consent_declined(case_id);

-- Each case's random record key for the cell key method (a uint32 read as
-- a fraction of 2^32), given once at its first export and kept, so that the
-- same cell gets the same noise in every export. NULL until then.
ALTER TABLE case_file ADD COLUMN record_key INTEGER;
