#!/usr/bin/env bash
# Rebuilds the console when any of its sources is newer than the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f admin-ui/dist/index.html ] || [ -n "$(find admin-ui domain -newer admin-ui/dist/index.html -type f -not -path 'admin-ui/dist/*' | head -1)" ]; then
  # Quiet: one line, not vite's table of every chunk (warnings and errors still print).
  echo "Building the console (admin-ui)…"
  npm run --silent build:ui -- --logLevel warn
fi
