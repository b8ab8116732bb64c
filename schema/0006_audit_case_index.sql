-- 0006_audit_case_index.sql - the audit log without its index on case
-- codes. A list that shows many cases logs one entry per case (DOMAIN.md,
-- "Accountability"), and in a ten-year district each of those entries
-- landed on a different page of that index: opening the open actions
-- wrote some thousand pages. Finding one case's entries (`sspf audit
-- --case`, a spot check) now reads the log from start to end instead,
-- a fraction of a second (README, "Performance").
DROP INDEX IF EXISTS audit_case;
