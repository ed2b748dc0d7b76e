-- What happened to a general hazard (整改, 抽查, 跟进督办, 撤销), the grades an enterprise was given, and the 双随机 draws
-- are records with legal weight and score inputs: append-only, like case events (duban_refuse_change is defined by
-- migration append_only_triggers).
CREATE TRIGGER general_hazard_events_append_only BEFORE UPDATE OR DELETE ON general_hazard_events FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER general_hazard_events_no_truncate BEFORE TRUNCATE ON general_hazard_events FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER enterprise_grades_append_only BEFORE UPDATE OR DELETE ON enterprise_grades FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER enterprise_grades_no_truncate BEFORE TRUNCATE ON enterprise_grades FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER inspection_draws_append_only BEFORE UPDATE OR DELETE ON inspection_draws FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER inspection_draws_no_truncate BEFORE TRUNCATE ON inspection_draws FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
