#!/bin/sh
# Runs the time-skipping test server with its clock starting at $DUBAN_TEST_CLOCK_START (UTC, "YYYY-MM-DD HH:MM:SS"),
# so a scenario can be played across a fixed calendar period (e.g. the 2026 National Day holiday). libfaketime
# (Debian's faketime package) shifts the clock and lets it run; the test server then skips time from there.
# The library is preloaded directly (not through the faketime wrapper) so the server stays this process and
# the SDK can stop it.
lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$lib" ] || { echo "libfaketime not found: install Debian's faketime package" >&2; exit 1; }
here=$(dirname "$0")
export TZ=UTC LD_PRELOAD="$lib" FAKETIME="@${DUBAN_TEST_CLOCK_START:?DUBAN_TEST_CLOCK_START not set}" FAKETIME_DONT_RESET=1
exec "$here/../../.tools/py/bin/temporal-test-server" "$@"
