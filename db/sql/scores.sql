-- Scores are records a district is judged on: schemes are versioned and never change; a run changes only by being
-- published or superseded (a published month is frozen); unit scores never change, and only a provisional run's rows
-- (the running month, recomputed on demand) may be removed when a newer computation of that month replaces them.
CREATE TRIGGER score_schemes_append_only BEFORE UPDATE OR DELETE ON score_schemes FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER score_schemes_no_truncate BEFORE TRUNCATE ON score_schemes FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION duban_score_run_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'score run %: runs are never deleted', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.id, NEW.root_code, NEW.root_path, NEW.month, NEW.kind, NEW.scheme_id, NEW.scheme_version, NEW.scheme,
      NEW.inputs_hash, NEW.previous_run_id, NEW.recomputes_run_id, NEW.unit_count, NEW.trigger, NEW.requested_by,
      NEW.computed_at, NEW.duration_ms)
     IS DISTINCT FROM
     (OLD.id, OLD.root_code, OLD.root_path, OLD.month, OLD.kind, OLD.scheme_id, OLD.scheme_version, OLD.scheme,
      OLD.inputs_hash, OLD.previous_run_id, OLD.recomputes_run_id, OLD.unit_count, OLD.trigger, OLD.requested_by,
      OLD.computed_at, OLD.duration_ms) THEN
    RAISE EXCEPTION 'score run %: what was computed never changes', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT ((OLD.status = 'computed' AND NEW.status IN ('computed', 'published', 'superseded'))
       OR (OLD.status = 'published' AND NEW.status IN ('published', 'superseded'))) THEN
    RAISE EXCEPTION 'score run %: % → % refused', OLD.id, OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status <> 'computed' AND (NEW.published_at, NEW.published_by) IS DISTINCT FROM (OLD.published_at, OLD.published_by) THEN
    RAISE EXCEPTION 'score run %: a publication is never rewritten', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER score_runs_guard BEFORE UPDATE OR DELETE ON score_runs FOR EACH ROW EXECUTE FUNCTION duban_score_run_guard();
--> statement-breakpoint
CREATE TRIGGER score_runs_no_truncate BEFORE TRUNCATE ON score_runs FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION duban_unit_score_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND (SELECT kind FROM score_runs WHERE id = OLD.run_id) = 'provisional' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'unit_scores of run %: % refused', OLD.run_id, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER unit_scores_guard BEFORE UPDATE OR DELETE ON unit_scores FOR EACH ROW EXECUTE FUNCTION duban_unit_score_guard();
--> statement-breakpoint
CREATE TRIGGER unit_scores_no_truncate BEFORE TRUNCATE ON unit_scores FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
