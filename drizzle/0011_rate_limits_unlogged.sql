-- Rate-limit counters are consulted and bumped on every public request and forgotten within the hour:
-- unlogged, their writes skip the WAL, so a counted request no longer waits for a WAL flush. After a
-- database crash (or on a promoted replica) the table starts empty, which only forgives recent attempts.
ALTER TABLE "rate_limits" SET UNLOGGED;
