#!/usr/bin/env bash
# The typefaces official documents are set in (activities/documents/fonts.ts, ADR 0008): Debian's fonts-noto-cjk (思源宋体/黑体
# for 小标宋, 宋体 and 黑体) and fonts-arphic-ukai (楷体, also standing in for 仿宋). Licensed faces (仿宋_GB2312,
# 方正小标宋简体) go in DOCUMENT_FONT_DIRS instead and need nothing from here.
set -euo pipefail
if [ -d /usr/share/fonts/opentype/noto ] && [ -f /usr/share/fonts/truetype/arphic/ukai.ttc ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-fonts: not a Debian system; install Noto Serif/Sans CJK SC and AR PL UKai, or set DOCUMENT_FONT_DIRS" >&2
  exit 0
fi
echo "ensure-fonts: installing fonts-noto-cjk and fonts-arphic-ukai" >&2
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fonts-noto-cjk fonts-arphic-ukai >&2
