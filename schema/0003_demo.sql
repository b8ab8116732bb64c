-- 0003_demo.sql - flags of the database file itself (not settings a user
-- changes): a row 'demo' marks a database of fictional data made by
-- `sspf demo`, so that front ends can show a "DEMO" banner.
CREATE TABLE store_flag (
  name TEXT PRIMARY KEY
) STRICT;
