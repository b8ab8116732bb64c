-- 0001_initial.sql - the first schema: what every later migration builds on.
-- Settings live in the encrypted database so that they travel with the data.
CREATE TABLE schema_migration (
  version INTEGER PRIMARY KEY,
  name    TEXT NOT NULL
) STRICT;

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
