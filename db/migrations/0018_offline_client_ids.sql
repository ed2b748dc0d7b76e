-- A record made on a phone without network (a general hazard, a patrol) carries the id the phone gave it (client_id).
-- The Idempotency-Key guards a retry for 24 hours only; a phone that stays offline for days, or whose answer was lost,
-- may send the same record again long after. The id is unique per enterprise for ever, so the second send is answered
-- with the first record instead of making a second one (api/services/general-hazards.ts, ledger-duties.ts). Rows
-- without it (batches, the desk) pay nothing: the column is null and the indexes are partial.
ALTER TABLE "general_hazards" ADD COLUMN IF NOT EXISTS "client_id" uuid;--> statement-breakpoint
ALTER TABLE "patrols" ADD COLUMN IF NOT EXISTS "client_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "general_hazards_enterprise_client_uq" ON "general_hazards" USING btree ("enterprise_id","client_id") WHERE "general_hazards"."client_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "patrols_enterprise_client_uq" ON "patrols" USING btree ("enterprise_id","client_id") WHERE "patrols"."client_id" IS NOT NULL;
