CREATE TABLE "calendar_year_versions" (
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"holidays" text[] NOT NULL,
	"workdays" text[] NOT NULL,
	"source" text NOT NULL,
	"spans" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "calendar_year_versions_year_version_pk" PRIMARY KEY("year","version")
);
--> statement-breakpoint
ALTER TABLE "calendar_years" ADD COLUMN "spans" jsonb;--> statement-breakpoint
ALTER TABLE "calendar_years" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_years" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_years" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "hazard_standards" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "hazard_standards" ADD COLUMN "supersedes_id" uuid;--> statement-breakpoint
ALTER TABLE "hazard_standards" ADD COLUMN "repealed_on" date;--> statement-breakpoint
ALTER TABLE "hazard_standards" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "industries" ADD COLUMN "sort_order" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "industries" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "industries" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "note" text;--> statement-breakpoint
CREATE INDEX "industries_parent_idx" ON "industries" USING btree ("parent_code","sort_order");