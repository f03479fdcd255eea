-- Later tables use exclusion constraints (no overlapping bookings per host), which need
-- btree_gist to mix equality on ids with overlap on time ranges. Trusted since PostgreSQL 13.
CREATE EXTENSION IF NOT EXISTS btree_gist;
