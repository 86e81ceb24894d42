#!/usr/bin/env bash
# Runs the whole test suite several times under CPU load (two busy loops on the machine's cores), the way a loaded
# CI machine runs it, to flush out hangs and timing-sensitive tests. A run that prints nothing for four minutes is
# called stuck: the test process's threads go to stress-stall.txt (gdb) and the script stops.
#
#   bash scripts/stress-tests.sh [runs]      (default 3; logs in ${TMPDIR:-/tmp}/tocsin-stress-N.log)
#
# It builds the tests first and starts a throwaway PostgreSQL (.ci/postgres.sh), with CI=true so that nothing is
# skipped: the delivery and browser tests need aiosmtpd, chromium, chromedriver and selenium (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=true
runs="${1:-3}"
out="${TMPDIR:-/tmp}"
swift build --build-tests
. .ci/postgres.sh
. .ci/watch-tests.sh
yes > /dev/null &
burner1=$!
yes > /dev/null &
burner2=$!
# One EXIT trap for both: this one replaces .ci/postgres.sh's, so it stops the server as that one would.
trap 'kill $burner1 $burner2 2> /dev/null || true; tocsin_pg_stop' EXIT
for run in $(seq 1 "$runs"); do
    log="$out/tocsin-stress-$run.log"
    swift test --skip-build > "$log" 2>&1 &
    status=0
    tocsin_watch_tests $! "$log" 240 "$out/stress-stall.txt" || status=$?
    echo "run $run: exit $status; $(grep -a 'Test run with' "$log" | tail -1)"
    if [ "$status" -ne 0 ]; then exit "$status"; fi
done
