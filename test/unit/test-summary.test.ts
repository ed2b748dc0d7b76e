import { describe, expect, it } from 'vitest';
import { countJUnit } from '../../scripts/test-summary.js';

describe('the closing count of make test', () => {
  it('sums every suite of a testsuites root, counting errors as failures', () => {
    const xml = `<?xml version="1.0"?>
<testsuites name="vitest tests" tests="6" failures="1" errors="1">
  <testsuite name="a.test.ts" tests="4" failures="1" errors="0" skipped="1"><testcase name="x"/></testsuite>
  <testsuite name="b.test.ts" tests="2" failures="0" errors="1" skipped="0"><testcase name="y"/></testsuite>
</testsuites>`;
    expect(countJUnit(xml)).toEqual({ passed: 3, failed: 2, skipped: 1 });
  });

  it('reads a bare testsuite root, as some runners write', () => {
    const xml = `<testsuite name="schemathesis" tests="72" failures="0" errors="0" skipped="3"></testsuite>`;
    expect(countJUnit(xml)).toEqual({ passed: 69, failed: 0, skipped: 3 });
  });

  it('counts nothing in a report without suites', () => {
    expect(countJUnit('<testsuites name="none" tests="0"></testsuites>')).toEqual({
      passed: 0,
      failed: 0,
      skipped: 0,
    });
  });
});
