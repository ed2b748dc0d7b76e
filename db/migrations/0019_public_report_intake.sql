-- A report made through the public form (群众举报) is received before its case exists: the case row is written by the
-- worker with the report's first transition, which may come minutes later when the worker is down (the form then
-- answers 202: received, being registered). What the reporter gave that is not in the workflow's input waits here,
-- under the tracking code the reporter was given: the contact (kept out of the case, its events and the workflow
-- history). The worker's first transition moves it into report_contacts, and attaches the report's photos, in the
-- case row's own transaction, and deletes this row (activities/case-activities.ts): no case exists without them, and
-- the contact is never kept twice. The public progress page reads a row still here as "received, being registered".
CREATE TABLE IF NOT EXISTS "public_report_intake" (
	"tracking_code" text PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"contact" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
