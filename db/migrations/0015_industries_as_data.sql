-- 行业分类 as data (issue #14): administrators edit 大类/小类 and map each 小类 to its supervising department at city
-- and county level (seed 004: "每一小类对应其市、县两级行业主管部门"). Every change is a new version row, written once:
-- industry_versions for the names, order and retirement of codes; industry_department_versions for the mapping,
-- each effective from a date, so what a running case or a placed enterprise was given never changes.
ALTER TABLE "industries" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "industries" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
CREATE TABLE "industry_versions" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"parent_code" text,
	"sort_order" integer NOT NULL,
	"active" boolean NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "industry_versions_code_version_pk" PRIMARY KEY("code","version")
);
--> statement-breakpoint
CREATE TABLE "industry_department_versions" (
	"industry_code" text NOT NULL,
	"level" text NOT NULL,
	"version" integer NOT NULL,
	"department_name" text,
	"effective_from" date NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "industry_department_versions_pk" PRIMARY KEY("industry_code","level","version"),
	CONSTRAINT "industry_department_versions_level_check" CHECK ("level" IN ('city', 'county'))
);
--> statement-breakpoint
CREATE TRIGGER industry_versions_append_only BEFORE UPDATE OR DELETE ON industry_versions FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER industry_versions_no_truncate BEFORE TRUNCATE ON industry_versions FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER industry_department_versions_append_only BEFORE UPDATE OR DELETE ON industry_department_versions FOR EACH ROW EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
CREATE TRIGGER industry_department_versions_no_truncate BEFORE TRUNCATE ON industry_department_versions FOR EACH STATEMENT EXECUTE FUNCTION duban_refuse_change();
--> statement-breakpoint
-- The classification the product shipped with (it was a constant in domain/registry.ts), then the 大类 of seed 004's
-- thirteen it lacked (煤矿 … 农林水 and 其他; its 危险物品, 冶金工贸 and 建筑施工 are covered by the shipped 危险化学品,
-- the seven 工贸 大类 and 建筑施工). Seed 004 names its 116 小类 and their departments only by count: administrators
-- enter them. Existing rows (a database seeded before) keep their values.
INSERT INTO "industries" ("code", "name", "parent_code", "sort_order") VALUES
  ('metallurgy', '冶金', NULL, 10),
  ('metallurgy.steel', '钢铁', 'metallurgy', 10),
  ('metallurgy.casting', '铸造', 'metallurgy', 20),
  ('nonferrous', '有色', NULL, 20),
  ('nonferrous.aluminium', '铝加工', 'nonferrous', 10),
  ('nonferrous.copper', '铜加工', 'nonferrous', 20),
  ('building_materials', '建材', NULL, 30),
  ('building_materials.cement', '水泥', 'building_materials', 10),
  ('building_materials.glass', '玻璃', 'building_materials', 20),
  ('machinery', '机械', NULL, 40),
  ('machinery.general', '通用设备制造', 'machinery', 10),
  ('machinery.auto', '汽车零部件制造', 'machinery', 20),
  ('light_industry', '轻工', NULL, 50),
  ('light_industry.food', '食品加工', 'light_industry', 10),
  ('light_industry.paper', '造纸', 'light_industry', 20),
  ('light_industry.furniture', '家具制造', 'light_industry', 30),
  ('textile', '纺织', NULL, 60),
  ('textile.spinning', '纺纱织造', 'textile', 10),
  ('commerce', '商贸', NULL, 70),
  ('commerce.retail', '商场超市', 'commerce', 10),
  ('commerce.warehouse', '仓储物流', 'commerce', 20),
  ('commerce.hotel', '住宿餐饮', 'commerce', 30),
  ('chemicals', '危险化学品', NULL, 80),
  ('chemicals.production', '危化品生产', 'chemicals', 10),
  ('chemicals.trade', '危化品经营', 'chemicals', 20),
  ('chemicals.gas', '燃气', 'chemicals', 30),
  ('construction', '建筑施工', NULL, 90),
  ('construction.housing', '房屋建筑工程', 'construction', 10),
  ('construction.municipal', '市政工程', 'construction', 20),
  ('coal_mine', '煤矿', NULL, 100),
  ('non_coal_mine', '非煤矿山', NULL, 110),
  ('transport', '交通运输', NULL, 120),
  ('port_fishery', '港口渔业', NULL, 130),
  ('food_drug', '食品药品', NULL, 140),
  ('special_equipment', '特种设备', NULL, 150),
  ('crowded_places', '人员密集场所', NULL, 160),
  ('public_service', '公共服务', NULL, 170),
  ('agriculture_water', '农林水', NULL, 180),
  ('other', '其他', NULL, 190)
ON CONFLICT ("code") DO NOTHING;
--> statement-breakpoint
INSERT INTO "industry_versions" ("code", "version", "name", "parent_code", "sort_order", "active", "source", "created_at")
SELECT "code", 1, "name", "parent_code", "sort_order", "active", '迁移 industries_as_data：产品原有分类及 seed 004 所列大类', now() FROM "industries";
--> statement-breakpoint
-- The departments the shipped demonstration registry gave these 小类 (应急管理局 for the 工贸 and 危化品 ones, 住房和城乡建设局
-- for construction, 商务局 for commerce), at both levels, effective from the start.
INSERT INTO "industry_department_versions" ("industry_code", "level", "version", "department_name", "effective_from", "source")
SELECT v.code, v.level, v.version, v.department_name, DATE '2000-01-01', '迁移 industries_as_data：产品原有部门对应'
FROM (VALUES
  ('metallurgy.steel', 'city', 1, '应急管理局'),
  ('metallurgy.steel', 'county', 1, '应急管理局'),
  ('metallurgy.casting', 'city', 1, '应急管理局'),
  ('metallurgy.casting', 'county', 1, '应急管理局'),
  ('nonferrous.aluminium', 'city', 1, '应急管理局'),
  ('nonferrous.aluminium', 'county', 1, '应急管理局'),
  ('nonferrous.copper', 'city', 1, '应急管理局'),
  ('nonferrous.copper', 'county', 1, '应急管理局'),
  ('building_materials.cement', 'city', 1, '应急管理局'),
  ('building_materials.cement', 'county', 1, '应急管理局'),
  ('building_materials.glass', 'city', 1, '应急管理局'),
  ('building_materials.glass', 'county', 1, '应急管理局'),
  ('machinery.general', 'city', 1, '应急管理局'),
  ('machinery.general', 'county', 1, '应急管理局'),
  ('machinery.auto', 'city', 1, '应急管理局'),
  ('machinery.auto', 'county', 1, '应急管理局'),
  ('light_industry.food', 'city', 1, '应急管理局'),
  ('light_industry.food', 'county', 1, '应急管理局'),
  ('light_industry.paper', 'city', 1, '应急管理局'),
  ('light_industry.paper', 'county', 1, '应急管理局'),
  ('light_industry.furniture', 'city', 1, '应急管理局'),
  ('light_industry.furniture', 'county', 1, '应急管理局'),
  ('textile.spinning', 'city', 1, '应急管理局'),
  ('textile.spinning', 'county', 1, '应急管理局'),
  ('commerce.retail', 'city', 1, '商务局'),
  ('commerce.retail', 'county', 1, '商务局'),
  ('commerce.warehouse', 'city', 1, '商务局'),
  ('commerce.warehouse', 'county', 1, '商务局'),
  ('commerce.hotel', 'city', 1, '商务局'),
  ('commerce.hotel', 'county', 1, '商务局'),
  ('chemicals.production', 'city', 1, '应急管理局'),
  ('chemicals.production', 'county', 1, '应急管理局'),
  ('chemicals.trade', 'city', 1, '应急管理局'),
  ('chemicals.trade', 'county', 1, '应急管理局'),
  ('chemicals.gas', 'city', 1, '应急管理局'),
  ('chemicals.gas', 'county', 1, '应急管理局'),
  ('construction.housing', 'city', 1, '住房和城乡建设局'),
  ('construction.housing', 'county', 1, '住房和城乡建设局'),
  ('construction.municipal', 'city', 1, '住房和城乡建设局'),
  ('construction.municipal', 'county', 1, '住房和城乡建设局')
) AS v(code, level, version, department_name)
WHERE EXISTS (SELECT 1 FROM "industries" i WHERE i."code" = v.code);
