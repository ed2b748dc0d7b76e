CREATE TABLE "score_bulletins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"month" text NOT NULL,
	"run_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"addressee" text,
	"body" text NOT NULL,
	"document_id" uuid,
	"number" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid
);
--> statement-breakpoint
CREATE TABLE "score_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"root_code" text NOT NULL,
	"month" text NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_name" text NOT NULL,
	"region_path" text NOT NULL,
	"industry_category" text NOT NULL,
	"industry_code" text NOT NULL,
	"total" numeric(6, 2) NOT NULL,
	"class_name" text NOT NULL,
	"streak" integer NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"method" text,
	"note" text,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"root_code" text NOT NULL,
	"root_path" text NOT NULL,
	"month" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'computed' NOT NULL,
	"scheme_id" uuid,
	"scheme_version" integer NOT NULL,
	"scheme" jsonb NOT NULL,
	"inputs_hash" text NOT NULL,
	"previous_run_id" uuid,
	"recomputes_run_id" uuid,
	"unit_count" integer NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" uuid,
	"computed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid,
	"supersede_reason" text
);
--> statement-breakpoint
CREATE TABLE "score_schemes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" text NOT NULL,
	"body" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "unit_scores" (
	"run_id" uuid NOT NULL,
	"level" text NOT NULL,
	"unit_id" text NOT NULL,
	"name" text NOT NULL,
	"region_path" text NOT NULL,
	"industry_category" text,
	"industry_code" text,
	"section" text NOT NULL,
	"group_id" text NOT NULL,
	"total" numeric(6, 2) NOT NULL,
	"rank" integer NOT NULL,
	"group_size" integer NOT NULL,
	"class_name" text,
	"flagged" boolean NOT NULL,
	"prev_total" numeric(6, 2),
	"prev_rank" integer,
	"facts" integer[] NOT NULL,
	"points" double precision[] NOT NULL,
	CONSTRAINT "unit_scores_run_id_level_unit_id_pk" PRIMARY KEY("run_id","level","unit_id")
);
--> statement-breakpoint
ALTER TABLE "score_bulletins" ADD CONSTRAINT "score_bulletins_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_bulletins" ADD CONSTRAINT "score_bulletins_run_id_score_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."score_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_bulletins" ADD CONSTRAINT "score_bulletins_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_follow_ups" ADD CONSTRAINT "score_follow_ups_run_id_score_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."score_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_follow_ups" ADD CONSTRAINT "score_follow_ups_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_runs" ADD CONSTRAINT "score_runs_root_code_regions_code_fk" FOREIGN KEY ("root_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_schemes" ADD CONSTRAINT "score_schemes_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_scores" ADD CONSTRAINT "unit_scores_run_id_score_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."score_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "score_bulletins_region_month_idx" ON "score_bulletins" USING btree ("region_code","month");--> statement-breakpoint
CREATE UNIQUE INDEX "score_bulletins_published_uq" ON "score_bulletins" USING btree ("region_code","month") WHERE "score_bulletins"."status" = 'published';--> statement-breakpoint
CREATE INDEX "score_bulletins_region_path_idx" ON "score_bulletins" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "score_follow_ups_month_enterprise_uq" ON "score_follow_ups" USING btree ("root_code","month","enterprise_id");--> statement-breakpoint
CREATE INDEX "score_follow_ups_region_idx" ON "score_follow_ups" USING btree ("region_path" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "score_runs_root_month_idx" ON "score_runs" USING btree ("root_code","month","computed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "score_runs_published_uq" ON "score_runs" USING btree ("root_code","month") WHERE "score_runs"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "score_schemes_region_version_uq" ON "score_schemes" USING btree ("region_code","version");--> statement-breakpoint
CREATE INDEX "unit_scores_group_rank_idx" ON "unit_scores" USING btree ("run_id","level","group_id","rank");--> statement-breakpoint
CREATE INDEX "unit_scores_region_idx" ON "unit_scores" USING btree ("run_id","level","region_path" text_pattern_ops);
--> statement-breakpoint
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
