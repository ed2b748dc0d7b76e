#!/bin/sh
# Runs the time-skipping test server with its clock starting at $DUBAN_TEST_CLOCK_START (UTC, "YYYY-MM-DD HH:MM:SS"),
# so a scenario can be played across a fixed calendar period (e.g. the 2026 National Day holiday). libfaketime
# (Debian's faketime) shifts the clock and lets it run; the test server then skips time from there.
here=$(dirname "$0")
exec env TZ=UTC faketime "@${DUBAN_TEST_CLOCK_START:?DUBAN_TEST_CLOCK_START not set}" "$here/../../.tools/py/bin/temporal-test-server" "$@"
