#!/usr/bin/env bash
# `make bench`: runs every benchmark in bench/ (or those named: make bench ARGS="workflow-lifecycle") against
# real servers. Each prints a table and writes bench/results/<name>.json. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/ensure-postgres.sh)"
export TEST_DATABASE_URL
trap '[ "${DUBAN_PG_STARTED:-}" = 1 ] && bash scripts/ensure-postgres.sh --stop >/dev/null 2>&1 || true' EXIT
export TZ=Asia/Shanghai
mkdir -p bench/results
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in bench/*.ts; do names+=("$(basename "$f" .ts)"); done
fi
for n in "${names[@]}"; do
  echo "== bench/$n.ts"
  npx tsx "bench/$n.ts"
done
