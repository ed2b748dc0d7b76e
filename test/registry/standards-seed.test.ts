import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARDS, seedStandards } from '../../db/seed/standards.js';
import { createTestDatabase } from '../helpers/db.js';

/**
 * The 判定标准 seeded whole: each has every item of its publication (安监总管三〔2017〕121号 lists twenty items in
 * each of its two standards, 一 to 二十), in order, with the publication named; a selection is never marked whole.
 */
const WHOLE: Record<string, { items: number; first: string; last: string }> = {
  '化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）': {
    items: 20,
    first: '危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格',
    last: '未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质混放混存',
  },
  '烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）': {
    items: 20,
    first: '主要负责人、安全生产管理人员未依法经考核合格',
    last: '零售点与居民居住场所设置在同一建筑物内或者在零售场所使用明火',
  },
};

describe('the 判定标准 seeded whole', () => {
  it('has every item of each whole standard, in order, with its source named', () => {
    const whole = STANDARDS.filter((s) => s.complete);
    expect(whole.map((s) => s.title).sort()).toEqual(Object.keys(WHOLE).sort());
    for (const s of whole) {
      const want = WHOLE[s.title]!;
      expect(s.clauses, s.title).toHaveLength(want.items);
      expect(s.clauses[0]![1]).toBe(want.first);
      expect(s.clauses.at(-1)![1]).toBe(want.last);
      expect(new Set(s.clauses.map((c) => c[0])).size, s.title).toBe(want.items);
      expect(s.source, s.title).toContain('安监总管三〔2017〕121号');
      // As published: Chinese punctuation, no list separator left at the end.
      for (const [no, text] of s.clauses) {
        expect(text, `${s.title} ${no}`).not.toMatch(/[。；;"]$|"/);
      }
    }
  });

  describe('in the database', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => db?.drop());

    it('stores each whole standard with its twenty clauses and its source', async () => {
      await seedStandards(db.db);
      await seedStandards(db.db); // idempotent: a second run adds nothing
      const { rows } = await db.pool!.query(
        `select s.title, s.source, count(c.id)::int as clauses
           from hazard_standards s join hazard_clauses c on c.standard_id = s.id
          where s.title = any($1) group by s.title, s.source`,
        [Object.keys(WHOLE)],
      );
      expect(rows).toHaveLength(2);
      for (const r of rows) {
        expect(r.clauses, r.title).toBe(WHOLE[r.title as string]!.items);
        expect(r.source).toContain('安监总管三〔2017〕121号');
      }
    });
  });
});
