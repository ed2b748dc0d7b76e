#!/usr/bin/env bash
# `make test`: starts what the tests need (PostgreSQL, Chromium), then runs every vitest project and the API fuzz
# run, and closes on one count of both (scripts/test-summary.ts): `total: N passed, N failed, N skipped`.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/ensure-postgres.sh)"
export TEST_DATABASE_URL
reports=$(mktemp -d)
cleanup() {
  rm -rf "$reports"
  if [ "${DUBAN_PG_STARTED:-}" = 1 ]; then bash scripts/ensure-postgres.sh --stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
bash scripts/ensure-test-packages.sh
export TZ=Asia/Shanghai
status=0
npx vitest run --reporter=default --reporter=junit --outputFile.junit="$reports/vitest.xml" "$@" || status=$?
runners=(vitest=vitest.xml)
# The fuzz run takes its own servers and a minute or two; after a failed vitest run it would only delay the verdict.
if [ "$status" -eq 0 ] && [ -f scripts/fuzz-api.sh ]; then
  FUZZ_JUNIT="$reports/schemathesis.xml" bash scripts/fuzz-api.sh || status=$?
  runners+=(schemathesis=schemathesis.xml)
fi
npx tsx scripts/test-summary.ts "$reports" "${runners[@]}" || { [ "$status" -ne 0 ] || status=1; }
exit "$status"
