-- The rankings page of a whole level (no group chosen) orders a run's units of that level by score; the bulletin reads
-- the highest and lowest. Without this index PostgreSQL sorted every unit of the level on each page (64,000
-- enterprises in a city).
CREATE INDEX IF NOT EXISTS "unit_scores_level_total_idx" ON "unit_scores" USING btree ("run_id","level","total");
