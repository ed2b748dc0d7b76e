#!/usr/bin/env bash
# The API fuzz run of `make test` (called by scripts/test.sh): schemathesis generates requests from
# /api/openapi.json against the real stack (scripts/fuzz-target.ts: PostgreSQL, Temporal dev server, worker, API)
# and fails on any 5xx (not_a_server_error) or any 4xx outside the one error envelope (error_envelope in
# scripts/fuzz-hooks.py). Exits non-zero on any failure; always stops the servers it started.
# Needs TEST_DATABASE_URL (scripts/test.sh exports it; run alone: eval "$(bash scripts/ensure-postgres.sh)").
# FUZZ_MAX_EXAMPLES (default 50) bounds the generated cases per operation; phases coverage, fuzzing and stateful;
# the run takes ~2 min on 2 cores, one worker (plus ~15 s for the first install).
set -euo pipefail
cd "$(dirname "$0")/.."

# schemathesis from PyPI, pinned, into a project-local folder (like scripts/install-tools.sh does for Temporal);
# installed once and reused while the stamp matches the pin.
SCHEMATHESIS_VERSION=4.32.5
target=.tools/fuzz
stamp="$target/.stamp-$SCHEMATHESIS_VERSION"
# CI must not skip silently; a developer machine without a suitable Python gets a clear warning instead.
no_fuzz() {
  echo "fuzz-api: $1" >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  exit 0
}
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null ||
  no_fuzz "schemathesis $SCHEMATHESIS_VERSION needs python3 >= 3.11; the API fuzz run is skipped"
if ! [ -f "$stamp" ]; then
  # pip of the same python3 that runs schemathesis below.
  python3 -m pip --version >/dev/null 2>&1 || no_fuzz "python3 has no pip; cannot install schemathesis from PyPI"
  rm -rf "$target"
  mkdir -p "$target"
  echo "fuzz-api: installing schemathesis==$SCHEMATHESIS_VERSION into $target" >&2
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$target" \
    "schemathesis==$SCHEMATHESIS_VERSION"
  touch "$stamp"
fi
tools="$PWD/$target"
st() { PYTHONPATH="$tools${PYTHONPATH:+:$PYTHONPATH}" python3 "$tools/bin/st" "$@"; }

: "${TEST_DATABASE_URL:?TEST_DATABASE_URL is not set (eval \"\$(bash scripts/ensure-postgres.sh)\")}"
export TZ=Asia/Shanghai
work=$(mktemp -d)
target_pid=""
cleanup() {
  if [ -n "$target_pid" ] && kill -0 "$target_pid" 2>/dev/null; then
    kill -TERM "$target_pid" 2>/dev/null || true
    # fuzz-target.ts stops the worker and Temporal and drops its database on SIGTERM.
    for _ in $(seq 1 60); do kill -0 "$target_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$target_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
# node itself (not npx) so that $target_pid is the process that handles SIGTERM.
node --import tsx scripts/fuzz-target.ts >"$work/target.out" 2>"$work/target.err" &
target_pid=$!
info=""
for _ in $(seq 1 240); do
  info=$(grep -m1 '^{"url"' "$work/target.out" || true)
  [ -n "$info" ] && break
  if ! kill -0 "$target_pid" 2>/dev/null; then break; fi
  sleep 0.5
done
if [ -z "$info" ]; then
  echo "fuzz-api: the API did not start" >&2
  cat "$work/target.out" "$work/target.err" >&2
  exit 1
fi
url=$(node -e 'console.log(JSON.parse(process.argv[1]).url)' "$info")
token=$(node -e 'console.log(JSON.parse(process.argv[1]).token)' "$info")
echo "fuzz-api: API at $url (ready after $(($(date +%s) - started)) s)"
# Half the generated case ids are live cases started by fuzz-target.ts, so commands reach running workflows (and,
# once a generated withdraw closed one, completed ones) instead of only answering 404.
case_ids=$(node -e 'console.log(JSON.parse(process.argv[1]).caseIds.map((id) => JSON.stringify(id)).join(", "))' "$info")
cat >"$work/schemathesis.toml" <<EOF
[dictionaries.case-ids]
values = [$case_ids]

[[operations]]
include-path-regex = "/cases/[{]id[}]"
parameters = { id = { dictionary = "case-ids", probability = 0.5 } }
EOF

# One worker: hypothesis describes filtered strategies by parsing their lambdas' source with ast.parse, and two
# threads doing that at once trip a CPython 3.11 race in the AST recursion-depth check ("SystemError: AST
# constructor recursion depth mismatch", CPython gh-106905), failing operations at random.
# Excluded operations, and why:
# - logout: deletes the very session the bearer token names, so every later request would be a 401 and the
#   run would stop exercising anything (logout itself is covered by test/api).
status=0
hooks="$PWD/scripts/fuzz-hooks.py"
# From the scratch folder: schemathesis keeps its example database in ./.schemathesis, which is not the repo's.
(cd "$work" && SCHEMATHESIS_HOOKS="$hooks" st --config-file "$work/schemathesis.toml" run "$url/api/openapi.json" \
  --url "$url/api" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,error_envelope \
  --exclude-operation-id logout \
  --max-examples "${FUZZ_MAX_EXAMPLES:-50}" \
  --phases examples,coverage,fuzzing,stateful \
  --workers 1 \
  --seed "${FUZZ_SEED:-20261123}" \
  --request-timeout 30 \
  --no-color \
  --report junit --report-dir "$work/report" |
  # Its last line mimics pytest's closing one ('== 4 warnings in 46.04s =='), which a reader of the log's end would
  # take for a pytest run that executed nothing; the count of `make test` (scripts/test-summary.ts) closes the log.
  sed -E '/^=+ .* in [0-9.]+s =+$/d') || status=$?
echo "fuzz-api: finished in $(($(date +%s) - started)) s with exit status $status"
# FUZZ_JUNIT (set by scripts/test.sh): where to keep the JUnit report for the closing count of `make test`.
if [ -n "${FUZZ_JUNIT:-}" ]; then
  report=$(ls "$work"/report/junit-*.xml 2>/dev/null | head -n 1 || true)
  if [ -n "$report" ]; then cp "$report" "$FUZZ_JUNIT"; fi
fi
if [ "$status" -ne 0 ]; then
  echo "fuzz-api: last API log lines:" >&2
  tail -n 40 "$work/target.err" >&2 || true
fi
exit "$status"
