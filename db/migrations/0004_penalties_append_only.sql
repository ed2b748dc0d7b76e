-- 行政处罚 records count towards the 安全生产法 Art. 113 closure threshold and carry legal weight, like case events:
-- append-only (duban_refuse_change is defined by migration append_only_triggers).
CREATE TRIGGER penalties_append_only BEFORE UPDATE OR DELETE ON penalties FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER penalties_no_truncate BEFORE TRUNCATE ON penalties FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
