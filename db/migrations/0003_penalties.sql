CREATE TABLE "penalties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"escalation_id" text NOT NULL,
	"kind" text NOT NULL,
	"decided_on" date NOT NULL,
	"decision_no" text NOT NULL,
	"amount_yuan" numeric(14, 2),
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
ALTER TABLE "penalties" ADD CONSTRAINT "penalties_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "penalties" ADD CONSTRAINT "penalties_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "penalties" ADD CONSTRAINT "penalties_escalation_id_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "penalties_escalation_uq" ON "penalties" USING btree ("escalation_id");--> statement-breakpoint
CREATE INDEX "penalties_enterprise_decided_idx" ON "penalties" USING btree ("enterprise_id","decided_on");