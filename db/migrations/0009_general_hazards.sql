CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"checklist_id" uuid NOT NULL,
	"level" text NOT NULL,
	"unit_name" text NOT NULL,
	"content" text NOT NULL,
	"clause_id" uuid,
	"basis" text,
	"frequency" text NOT NULL,
	"category" text DEFAULT 'site' NOT NULL,
	"template_item_id" uuid,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_template_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"level" text NOT NULL,
	"unit_name" text,
	"content" text NOT NULL,
	"clause_id" uuid,
	"basis" text,
	"frequency" text NOT NULL,
	"category" text DEFAULT 'site' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"industry_code" text,
	"name" text NOT NULL,
	"standard_id" uuid,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"template_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "enterprise_grades" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"previous" text NOT NULL,
	"effective_on" date NOT NULL,
	"basis" text NOT NULL,
	"reason" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "enterprise_grades_value_ck" CHECK (("enterprise_grades"."kind" = 'risk_colour' and "enterprise_grades"."value" in ('red','orange','yellow','blue','unassessed')) or ("enterprise_grades"."kind" = 'management_level' and "enterprise_grades"."value" in ('A','B','C','D','unassessed')))
);
--> statement-breakpoint
CREATE TABLE "general_hazard_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hazard_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "general_hazards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hazard_no" bigint GENERATED ALWAYS AS IDENTITY (sequence name "general_hazards_hazard_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"industry_category" text NOT NULL,
	"industry_code" text NOT NULL,
	"department_id" uuid,
	"source" text NOT NULL,
	"source_ref" uuid,
	"external_ref" text,
	"batch_id" uuid,
	"category" text DEFAULT 'site' NOT NULL,
	"description" text NOT NULL,
	"location" text,
	"lat" double precision,
	"lng" double precision,
	"checklist_item_id" uuid,
	"clause_id" uuid,
	"responsible_person" text,
	"found_on" date NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"reported_by" uuid,
	"reporter_role" text NOT NULL,
	"reported_late" boolean DEFAULT false NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"light" text DEFAULT 'green' NOT NULL,
	"rectified_on" date,
	"rectified_by" uuid,
	"rectification" text,
	"on_time" boolean,
	"closed_at" timestamp with time zone,
	"spot_check" text,
	"spot_checked_at" timestamp with time zone,
	"reopen_count" smallint DEFAULT 0 NOT NULL,
	"last_follow_up_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_enterprises" (
	"grid_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"assigned_on" date NOT NULL,
	"last_patrolled_on" date,
	"patrol_due_on" date NOT NULL,
	CONSTRAINT "grid_enterprises_grid_id_enterprise_id_pk" PRIMARY KEY("grid_id","enterprise_id")
);
--> statement-breakpoint
CREATE TABLE "grid_staff" (
	"grid_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"duty" text NOT NULL,
	CONSTRAINT "grid_staff_grid_id_user_id_pk" PRIMARY KEY("grid_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_draws" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"seed" text NOT NULL,
	"algorithm" text NOT NULL,
	"population" uuid[] NOT NULL,
	"inspector_pool" uuid[] NOT NULL,
	"mandatory" uuid[] NOT NULL,
	"selected_count" integer NOT NULL,
	"population_hash" text NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	"drawn_by" uuid
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"cadence" text NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"department_id" uuid,
	"industry_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"selection" text NOT NULL,
	"coverage_target_pct" numeric(5, 2) NOT NULL,
	"inspectors_per_visit" smallint DEFAULT 2 NOT NULL,
	"inspector_ids" uuid[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid,
	"draw_id" uuid,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"industry_category" text NOT NULL,
	"inspector_ids" uuid[] NOT NULL,
	"due_on" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"unannounced" boolean DEFAULT false NOT NULL,
	"inspected_on" date,
	"recorded_at" timestamp with time zone,
	"recorded_by" uuid,
	"general_findings" integer DEFAULT 0 NOT NULL,
	"major_findings" integer DEFAULT 0 NOT NULL,
	"penalties_count" integer DEFAULT 0 NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patrols" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"patrolled_by" uuid,
	"patrolled_on" date NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"outcome" text NOT NULL,
	"results" jsonb NOT NULL,
	"hazards_found" smallint DEFAULT 0 NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "self_inspections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"checklist_id" uuid NOT NULL,
	"level" text NOT NULL,
	"unit_name" text NOT NULL,
	"frequency" text NOT NULL,
	"period_start" date NOT NULL,
	"performed_at" timestamp with time zone NOT NULL,
	"performed_by" uuid,
	"items_count" smallint NOT NULL,
	"failed_count" smallint NOT NULL,
	"results" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_report_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"industry_category" text NOT NULL,
	"period_start" date NOT NULL,
	"kind" text NOT NULL,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"due_on" date NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	"on_time" boolean NOT NULL,
	"no_hazard" boolean NOT NULL,
	"hazards_reported" integer NOT NULL,
	"hazards_rectified" integer NOT NULL,
	"self_inspections" integer NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "penalties" ALTER COLUMN "case_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "penalties" ALTER COLUMN "escalation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "risk_colour" text DEFAULT 'unassessed' NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "management_level" text DEFAULT 'unassessed' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "hazard_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "patrol_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "inspection_id" uuid;--> statement-breakpoint
ALTER TABLE "penalties" ADD COLUMN "inspection_id" uuid;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_checklist_id_checklists_id_fk" FOREIGN KEY ("checklist_id") REFERENCES "public"."checklists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_clause_id_hazard_clauses_id_fk" FOREIGN KEY ("clause_id") REFERENCES "public"."hazard_clauses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_template_items" ADD CONSTRAINT "checklist_template_items_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_template_items" ADD CONSTRAINT "checklist_template_items_clause_id_hazard_clauses_id_fk" FOREIGN KEY ("clause_id") REFERENCES "public"."hazard_clauses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_templates" ADD CONSTRAINT "checklist_templates_standard_id_hazard_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."hazard_standards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklists" ADD CONSTRAINT "checklists_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_policies" ADD CONSTRAINT "duty_policies_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_grades" ADD CONSTRAINT "enterprise_grades_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "general_hazard_events" ADD CONSTRAINT "general_hazard_events_hazard_id_general_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."general_hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "general_hazards" ADD CONSTRAINT "general_hazards_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "general_hazards" ADD CONSTRAINT "general_hazards_clause_id_hazard_clauses_id_fk" FOREIGN KEY ("clause_id") REFERENCES "public"."hazard_clauses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_enterprises" ADD CONSTRAINT "grid_enterprises_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_enterprises" ADD CONSTRAINT "grid_enterprises_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_staff" ADD CONSTRAINT "grid_staff_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_staff" ADD CONSTRAINT "grid_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draws" ADD CONSTRAINT "inspection_draws_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_draw_id_inspection_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."inspection_draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrols" ADD CONSTRAINT "patrols_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrols" ADD CONSTRAINT "patrols_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspections" ADD CONSTRAINT "self_inspections_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspections" ADD CONSTRAINT "self_inspections_checklist_id_checklists_id_fk" FOREIGN KEY ("checklist_id") REFERENCES "public"."checklists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_report_flags" ADD CONSTRAINT "self_report_flags_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_reports" ADD CONSTRAINT "self_reports_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checklist_items_checklist_idx" ON "checklist_items" USING btree ("checklist_id");--> statement-breakpoint
CREATE INDEX "checklist_template_items_template_idx" ON "checklist_template_items" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "checklist_templates_industry_idx" ON "checklist_templates" USING btree ("kind","industry_code");--> statement-breakpoint
CREATE UNIQUE INDEX "checklists_enterprise_version_uq" ON "checklists" USING btree ("enterprise_id","version");--> statement-breakpoint
CREATE INDEX "checklists_status_idx" ON "checklists" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_policies_region_version_uq" ON "duty_policies" USING btree ("region_code","version");--> statement-breakpoint
CREATE INDEX "enterprise_grades_enterprise_idx" ON "enterprise_grades" USING btree ("enterprise_id","kind","effective_on");--> statement-breakpoint
CREATE INDEX "general_hazard_events_hazard_idx" ON "general_hazard_events" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "general_hazard_events_type_at_idx" ON "general_hazard_events" USING btree ("type","at");--> statement-breakpoint
CREATE UNIQUE INDEX "general_hazards_no_uq" ON "general_hazards" USING btree ("hazard_no");--> statement-breakpoint
CREATE INDEX "general_hazards_enterprise_idx" ON "general_hazards" USING btree ("enterprise_id","reported_at");--> statement-breakpoint
CREATE INDEX "general_hazards_region_reported_idx" ON "general_hazards" USING btree ("region_path" text_pattern_ops,"reported_at");--> statement-breakpoint
CREATE INDEX "general_hazards_open_deadline_idx" ON "general_hazards" USING btree ("deadline") WHERE "general_hazards"."status" in ('open', 'reopened');--> statement-breakpoint
CREATE INDEX "general_hazards_open_region_idx" ON "general_hazards" USING btree ("region_path" text_pattern_ops,"light","deadline") WHERE "general_hazards"."status" in ('open', 'reopened');--> statement-breakpoint
CREATE UNIQUE INDEX "general_hazards_external_ref_uq" ON "general_hazards" USING btree ("external_ref") WHERE "general_hazards"."external_ref" is not null;--> statement-breakpoint
CREATE INDEX "grid_enterprises_enterprise_idx" ON "grid_enterprises" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "grid_enterprises_due_idx" ON "grid_enterprises" USING btree ("grid_id","patrol_due_on");--> statement-breakpoint
CREATE INDEX "grid_staff_user_idx" ON "grid_staff" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grids_code_uq" ON "grids" USING btree ("code");--> statement-breakpoint
CREATE INDEX "grids_region_idx" ON "grids" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_draws_plan_period_uq" ON "inspection_draws" USING btree ("plan_id","period_start");--> statement-breakpoint
CREATE INDEX "inspection_plans_region_idx" ON "inspection_plans" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "inspections_plan_idx" ON "inspections" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "inspections_enterprise_idx" ON "inspections" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "inspections_region_idx" ON "inspections" USING btree ("region_path" text_pattern_ops,"due_on");--> statement-breakpoint
CREATE INDEX "patrols_grid_on_idx" ON "patrols" USING btree ("grid_id","patrolled_on");--> statement-breakpoint
CREATE INDEX "patrols_enterprise_idx" ON "patrols" USING btree ("enterprise_id","patrolled_on");--> statement-breakpoint
CREATE UNIQUE INDEX "self_inspections_sheet_period_uq" ON "self_inspections" USING btree ("checklist_id","level","unit_name","frequency","period_start");--> statement-breakpoint
CREATE INDEX "self_inspections_enterprise_idx" ON "self_inspections" USING btree ("enterprise_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "self_report_flags_uq" ON "self_report_flags" USING btree ("enterprise_id","period_start","kind");--> statement-breakpoint
CREATE INDEX "self_report_flags_region_idx" ON "self_report_flags" USING btree ("region_path" text_pattern_ops,"period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "self_reports_enterprise_period_uq" ON "self_reports" USING btree ("enterprise_id","period_start");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_hazard_id_general_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."general_hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_patrol_id_patrols_id_fk" FOREIGN KEY ("patrol_id") REFERENCES "public"."patrols"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "penalties" ADD CONSTRAINT "penalties_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_hazard_idx" ON "documents" USING btree ("hazard_id") WHERE "documents"."hazard_id" is not null;--> statement-breakpoint
CREATE INDEX "documents_patrol_idx" ON "documents" USING btree ("patrol_id") WHERE "documents"."patrol_id" is not null;--> statement-breakpoint
CREATE INDEX "documents_inspection_idx" ON "documents" USING btree ("inspection_id") WHERE "documents"."inspection_id" is not null;--> statement-breakpoint
CREATE INDEX "penalties_inspection_idx" ON "penalties" USING btree ("inspection_id") WHERE "penalties"."inspection_id" is not null;--> statement-breakpoint
ALTER TABLE "penalties" ADD CONSTRAINT "penalties_origin_ck" CHECK (("penalties"."escalation_id" is not null and "penalties"."case_id" is not null) or "penalties"."inspection_id" is not null);