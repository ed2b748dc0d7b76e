-- The rules cases run on keep their history: every version of a calendar year, every version of a deadline policy
-- and every clause of a 判定标准 are written once and never changed (a new version is a new row), so a running case
-- keeps the policy it was listed under and the clause text it cited. duban_refuse_change is defined by migration
-- append_only_triggers.
CREATE TRIGGER calendar_year_versions_append_only BEFORE UPDATE OR DELETE ON calendar_year_versions FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER calendar_year_versions_no_truncate BEFORE TRUNCATE ON calendar_year_versions FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER policies_append_only BEFORE UPDATE OR DELETE ON policies FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER policies_no_truncate BEFORE TRUNCATE ON policies FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hazard_clauses_append_only BEFORE UPDATE OR DELETE ON hazard_clauses FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hazard_clauses_no_truncate BEFORE TRUNCATE ON hazard_clauses FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
-- Years entered before versions were kept become their version 1, with the flat dates as their only record.
INSERT INTO calendar_year_versions (year, version, holidays, workdays, source, spans, created_at, created_by)
SELECT year, version, holidays, workdays, source, COALESCE(spans, '[]'::jsonb), created_at, created_by FROM calendar_years;
