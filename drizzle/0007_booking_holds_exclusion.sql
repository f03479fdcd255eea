-- No two unreleased holds of one host may overlap in time (buffers included): Postgres itself refuses a
-- double booking, however many requests race for the same slot. btree_gist (0001) lets one GiST index
-- combine equality on the host id with overlap on the time range. Drizzle has no syntax for this.
ALTER TABLE "booking_holds"
  ADD CONSTRAINT "booking_holds_no_overlap"
  EXCLUDE USING gist ("host_user_id" WITH =, "blocked_during" WITH &&)
  WHERE (NOT "released");
