-- The same photo (bytes and kind) is stored once per general hazard and per patrol: a phone's outbox may send one
-- upload several times at the same instant (a retry racing the first attempt), and the route's look-up before insert
-- cannot see a row another request is inserting. The unique indexes make the second insert conflict; the route then
-- answers with the first document (api/routes/documents.routes.ts).
--
-- Copies stored before this migration are evidence and are kept (their ids may be named by a rectification and by the
-- audit trail); each later copy is marked with the document it repeats and left out of the indexes.
ALTER TABLE "documents" ADD COLUMN IF NOT EXISTS "duplicate_of" uuid REFERENCES "documents"("id");--> statement-breakpoint
UPDATE "documents" d SET "duplicate_of" = f."first_id"
FROM (
  SELECT "id", first_value("id") OVER w AS "first_id", row_number() OVER w AS "n"
  FROM "documents"
  WHERE "hazard_id" IS NOT NULL
  WINDOW w AS (PARTITION BY "hazard_id", "kind", "sha256" ORDER BY "uploaded_at", "id")
) f
WHERE d."id" = f."id" AND f."n" > 1;--> statement-breakpoint
UPDATE "documents" d SET "duplicate_of" = f."first_id"
FROM (
  SELECT "id", first_value("id") OVER w AS "first_id", row_number() OVER w AS "n"
  FROM "documents"
  WHERE "patrol_id" IS NOT NULL
  WINDOW w AS (PARTITION BY "patrol_id", "kind", "sha256" ORDER BY "uploaded_at", "id")
) f
WHERE d."id" = f."id" AND f."n" > 1;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "documents_hazard_photo_uq" ON "documents" USING btree ("hazard_id","kind","sha256") WHERE "documents"."hazard_id" IS NOT NULL AND "documents"."duplicate_of" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "documents_patrol_photo_uq" ON "documents" USING btree ("patrol_id","kind","sha256") WHERE "documents"."patrol_id" IS NOT NULL AND "documents"."duplicate_of" IS NULL;
