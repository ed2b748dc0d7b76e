#!/usr/bin/env bash
# Browser tests drive Debian's chromium through playwright-core (a browser download cannot work here); official
# documents need their fonts (scripts/ensure-fonts.sh) and the document tests read PDFs with poppler's pdffonts.
set -euo pipefail
# The holiday-calendar workflow tests start the Temporal test server's clock at a fixed date with faketime.
if [ -x /usr/bin/chromium ] && command -v faketime >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 &&
  [ -f /usr/share/fonts/truetype/arphic/ukai.ttc ]; then exit 0; fi
echo "ensure-test-packages: installing chromium, fonts-noto-cjk, fonts-arphic-ukai, poppler-utils and faketime" >&2
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk fonts-arphic-ukai poppler-utils faketime >&2
