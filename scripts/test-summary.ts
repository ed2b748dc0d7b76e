// The closing lines of `make test` (called by scripts/test.sh): reads the JUnit reports that vitest and the
// schemathesis run wrote into one folder and prints one line per runner, then the total as the last line,
// `total: N passed, N failed, N skipped`, so that whoever reads the end of the log gets the whole count.
// Exits non-zero when a report is missing or unreadable, or when it counts no test at all.
// Usage: tsx scripts/test-summary.ts <report-dir> [<runner>=<file>...]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'testsuite',
});

/** Sums the `testsuite` elements of one JUnit file (a `testsuites` root or a bare `testsuite`). */
export function countJUnit(xml: string): Counts {
  const doc = parser.parse(xml) as {
    testsuites?: { testsuite?: Record<string, string>[] };
    testsuite?: Record<string, string>[];
  };
  const suites = doc.testsuites?.testsuite ?? doc.testsuite ?? [];
  const total = { tests: 0, failed: 0, skipped: 0 };
  for (const suite of suites) {
    total.tests += Number(suite.tests ?? 0);
    total.failed += Number(suite.failures ?? 0) + Number(suite.errors ?? 0);
    total.skipped += Number(suite.skipped ?? 0);
  }
  return { passed: total.tests - total.failed - total.skipped, failed: total.failed, skipped: total.skipped };
}

function line(label: string, c: Counts): string {
  return `${label}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

function main(): number {
  const [dir, ...runners] = process.argv.slice(2);
  if (!dir || runners.length === 0) {
    console.error('usage: tsx scripts/test-summary.ts <report-dir> <runner>=<file>...');
    return 2;
  }
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  let missing = false;
  for (const spec of runners) {
    const [label, file] = spec.split('=');
    if (!label || !file) throw new Error(`test-summary: "${spec}" is not <runner>=<file>`);
    const full = path.join(dir, file);
    if (!existsSync(full)) {
      console.log(`${label}: no report (${file}); the runner did not finish`);
      missing = true;
      continue;
    }
    const counts = countJUnit(readFileSync(full, 'utf8'));
    console.log(line(label, counts));
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  console.log(line('total', total));
  return missing || total.failed > 0 || total.passed === 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
