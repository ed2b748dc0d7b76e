/**
 * The monthly computation of scores (workflows/scores.workflow.ts runs it per jurisdiction; the API runs it on demand
 * through the same workflow): read the facts (db/queries/score-facts.ts), score and rank (domain/scores/compute.ts),
 * hash the inputs and write the run. Idempotent: a computation whose inputs hash equals the latest run of the same
 * month and kind writes nothing and answers that run, so a retried activity or a second trigger changes nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client.js';
import { loadRunInput } from '../db/queries/score-facts.js';
import { findRoot, insertRun, latestRun, previousScores, scoreRoots } from '../db/queries/score-runs.js';
import { schemeInForce } from '../db/queries/score-schemes.js';
import { computeRun, type RunInput, type UnitScore } from '../domain/scores/compute.js';
import { factKeys } from '../domain/scores/indicators.js';
import { monthOf, previousMonth } from '../domain/scores/month.js';
import type { ScoreScheme } from '../domain/scores/scheme.js';
import type { ComputeScoresInput, ComputeScoresResult } from '../workflows/score-definitions.js';

/**
 * sha-256 of everything a run is computed from, canonically: the month, the scheme body, every unit (regions,
 * departments, grids) and grid membership, every enterprise's facts and the major-case facts that name none. Two
 * computations with the same hash give the same scores; a different hash means some input counted in the month changed.
 */
export function inputsHash(month: string, input: Omit<RunInput, 'previous'>): string {
  const h = createHash('sha256');
  const line = (...parts: unknown[]) =>
    h.update(`${parts.map((p) => (p === null || p === undefined ? '' : String(p))).join('|')}\n`);
  line('month', month, input.root.code);
  h.update(JSON.stringify(input.scheme));
  h.update('\n');
  for (const r of input.regions) line('region', r.code, r.name, r.level, r.path);
  for (const d of input.departments)
    line(
      'department',
      d.id,
      d.name,
      d.regionCode,
      d.specialised,
      d.facts ? factKeys.map((k) => d.facts![k]).join(',') : '',
    );
  for (const g of input.grids) line('grid', g.id, g.name, g.regionPath);
  for (const [g, e] of input.gridMembers) line('member', g, e);
  for (const e of input.enterprises)
    line(
      'enterprise',
      e.id,
      e.name,
      e.regionPath,
      e.departmentId,
      e.industryCategory,
      e.industryCode,
      factKeys.map((k) => e.facts[k]).join(','),
    );
  for (const l of [...input.loose].sort((a, b) =>
    `${a.regionPath}${a.departmentId}`.localeCompare(`${b.regionPath}${b.departmentId}`),
  ))
    line('loose', l.regionPath, l.departmentId, factKeys.map((k) => l.facts[k] ?? 0).join(','));
  return h.digest('hex');
}

export interface ComputedRun extends ComputeScoresResult {
  units?: UnitScore[];
}

/**
 * Computes `month` for the jurisdiction `rootCode`: `provisional` for the running month, `final` once it has ended.
 */
export async function computeScoreRun(db: Db, p: ComputeScoresInput & { now?: Date }): Promise<ComputedRun> {
  const started = performance.now();
  const now = p.now ?? new Date();
  const root = await findRoot(db, p.rootCode);
  if (!root)
    throw ApplicationFailure.create({
      type: 'ScoreRootNotFound',
      message: `没有这个考核区域：${p.rootCode}`,
      nonRetryable: true,
    });
  const running = monthOf(now);
  if (p.month > running)
    throw ApplicationFailure.create({
      type: 'ScoreMonthInFuture',
      message: `${p.month} 尚未开始`,
      nonRetryable: true,
    });
  const kind = p.month === running ? 'provisional' : 'final';
  const { scheme, source } = await schemeInForce(db, { regionPath: root.path, month: p.month });
  const input = await loadRunInput(db, { root, month: p.month, scheme: scheme as ScoreScheme });
  const hash = inputsHash(p.month, input);
  const latest = await latestRun(db, { rootCode: root.code, month: p.month, kind });
  if (latest && latest.inputsHash === hash)
    return {
      runId: latest.id,
      month: p.month,
      rootCode: root.code,
      kind,
      inputsHash: hash,
      unchanged: true,
      recomputesRunId: latest.id,
      unitCount: latest.unitCount,
    };
  const previous = await previousScores(db, { rootCode: root.code, month: previousMonth(p.month) });
  const units = computeRun({ ...input, previous: previous.scores });
  const runId = randomUUID();
  await insertRun(
    db,
    {
      id: runId,
      rootCode: root.code,
      rootPath: root.path,
      month: p.month,
      kind,
      schemeId: source?.id ?? null,
      schemeVersion: source?.version ?? 0,
      scheme,
      inputsHash: hash,
      previousRunId: previous.runId,
      recomputesRunId: latest?.id ?? null,
      unitCount: units.length,
      trigger: p.trigger,
      requestedBy: p.requestedBy ?? null,
      computedAt: now,
      durationMs: Math.round(performance.now() - started),
    },
    units,
  );
  return {
    runId,
    month: p.month,
    rootCode: root.code,
    kind,
    inputsHash: hash,
    unchanged: false,
    recomputesRunId: latest?.id ?? null,
    unitCount: units.length,
    units: p.keepUnits ? units : undefined,
  };
}

/** The activities of the scores workflows, bound to the database. */
export function createScoreActivities(deps: { db: Db }) {
  return {
    async listScoreRoots(): Promise<string[]> {
      return scoreRoots(deps.db);
    },
    async computeScores(input: ComputeScoresInput): Promise<ComputeScoresResult> {
      const { units: _u, ...out } = await computeScoreRun(deps.db, { ...input, keepUnits: false });
      return out;
    },
  };
}
