/**
 * `npm run audit:verify`: walks every hash chain of the database in DATABASE_URL (or the embedded PGlite of make dev)
 * — each case's events and the audit trail — records the run (an alert in the console when broken) and prints each
 * broken chain's first bad row. Exits 1 when a chain is broken, 2 when the check could not run.
 */
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/client.js';
import { runVerification, type ChainBreak } from '../db/queries/audit-verify.js';

const config = loadConfig();
const database = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: path.join(config.DATA_DIR, 'pglite'),
});
let code = 0;
try {
  const run = await runVerification(database.db, { trigger: 'cli' });
  console.log(
    `audit:verify ${run.ok ? 'ok' : 'BROKEN'}: ${run.chainsChecked} chains, ${run.rowsChecked} rows (run ${run.id})`,
  );
  for (const b of run.breaks as ChainBreak[])
    console.log(
      b.chain === 'audit_log'
        ? `  audit_log row ${b.rowId}: ${b.reason}`
        : `  case ${b.caseId} event #${b.seq} (row ${b.rowId ?? '-'}): ${b.reason}`,
    );
  code = run.ok ? 0 : 1;
} catch (err) {
  console.error('audit:verify could not run:', err instanceof Error ? err.message : err);
  code = 2;
} finally {
  await database.close();
}
process.exit(code);
