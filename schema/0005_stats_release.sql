-- 0005_stats_release.sql - the statistics releases (`sspf stats`): what
-- each ended period's export published, so that the same period is
-- written the same way again and a new period is protected together with
-- the released ones of its year (stats.h, "Earlier releases"). Only
-- published values and ".." are kept, never a hidden count.
CREATE TABLE stats_release (
  id        INTEGER PRIMARY KEY,
  period    TEXT NOT NULL UNIQUE,     -- "2026Q1", "2026H1", "2026"
  year      INTEGER NOT NULL,
  method    TEXT NOT NULL CHECK (method IN ('suppression', 'ckm')),
  k         INTEGER NOT NULL CHECK (k >= 3),
  made_on   TEXT NOT NULL             -- the day of the export
) STRICT;
CREATE INDEX stats_release_year ON stats_release(year);

-- One row per cell, by its names (table and categories), so that a later
-- version that adds tables still finds the cells it knows.
CREATE TABLE stats_release_cell (
  release_id INTEGER NOT NULL REFERENCES stats_release(id) ON DELETE CASCADE,
  tbl        TEXT NOT NULL,
  cat1       TEXT NOT NULL,
  cat2       TEXT NOT NULL,          -- '' for a one-way table
  hidden     INTEGER NOT NULL CHECK (hidden IN (0, 1)),
  value      REAL NOT NULL,          -- 0 when hidden
  PRIMARY KEY (release_id, tbl, cat1, cat2)
) STRICT, WITHOUT ROWID;
