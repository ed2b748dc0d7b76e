#!/usr/bin/env bash
# Browser tests drive Debian's chromium through playwright-core (a browser download cannot work here).
set -euo pipefail
# The holiday-calendar workflow tests start the Temporal test server's clock at a fixed date with faketime.
if [ -x /usr/bin/chromium ] && command -v faketime >/dev/null 2>&1; then exit 0; fi
echo "ensure-chromium: installing Debian's chromium, fonts-noto-cjk and faketime" >&2
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk faketime >&2
