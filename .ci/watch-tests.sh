#!/usr/bin/env bash
# Sourced by .ci/run and scripts/stress-tests.sh: a stall detector for a test run in the background.
#
#   tocsin_watch_tests PID LOG LIMIT DUMP
#
# Waits for PID, whose output goes to LOG. When LOG has not grown for LIMIT seconds the run is called stuck: the
# threads of the test process are appended to DUMP (gdb, when the machine has it), the test process (SIGTERM, then
# SIGKILL) and PID are killed, and it returns 1. Otherwise it returns PID's exit status.
tocsin_watch_tests() {
    local pid="$1" log="$2" limit="$3" dump="$4"
    local quiet=0 last_size=0 size status=0 test_process
    while kill -0 "$pid" 2> /dev/null; do
        sleep 10
        size="$(stat -c %s "$log")"
        if [ "$size" = "$last_size" ]; then quiet=$((quiet + 10)); else quiet=0; last_size="$size"; fi
        if [ "$quiet" -ge "$limit" ]; then
            echo "error: the tests printed nothing for $quiet s; the threads of the test process follow in $dump" >&2
            for test_process in $(pgrep -f 'TocsinPackageTests.xctest' || true); do
                if command -v gdb > /dev/null; then
                    gdb -p "$test_process" -batch -ex "thread apply all bt 30" 2>&1 | grep -E '^(Thread|#)' \
                        | head -2000 >> "$dump" || true
                else
                    echo "(gdb is not installed; no backtraces)" >> "$dump"
                fi
            done
            # A stuck test process can ignore SIGTERM (seen: its main thread already exiting); one left behind
            # takes CPU from whatever runs next, so it gets SIGKILL after 5 s.
            pkill -f 'TocsinPackageTests.xctest' || true
            sleep 5
            pkill -KILL -f 'TocsinPackageTests.xctest' || true
            kill "$pid" 2> /dev/null || true
            return 1
        fi
    done
    wait "$pid" || status=$?
    return "$status"
}
