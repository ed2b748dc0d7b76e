#!/usr/bin/env bash
# `make test`: starts what the tests need (PostgreSQL, Chromium), then runs every vitest project and the API fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/ensure-postgres.sh)"
export TEST_DATABASE_URL
trap '[ "${DUBAN_PG_STARTED:-}" = 1 ] && bash scripts/ensure-postgres.sh --stop >/dev/null 2>&1 || true' EXIT
bash scripts/ensure-test-packages.sh
export TZ=Asia/Shanghai
npx vitest run "$@"
if [ -f scripts/fuzz-api.sh ]; then bash scripts/fuzz-api.sh; fi
