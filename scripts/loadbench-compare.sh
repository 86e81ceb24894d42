#!/usr/bin/env bash
# Runs tocsin-loadbench side by side for two builds, alternating, on SQLite (two rounds) and, when a PostgreSQL URL is
# given, once each on PostgreSQL (a schema per side). Run from the repository's root (the loadbench reads
# ../shared/data). Each folder holds a release build's `tocsin`, `tocsin-loadbench` and `*.resources`:
#
#     git checkout OLD && swift build -c release && mkdir -p /tmp/before && \
#         cp -r .build/release/tocsin .build/release/tocsin-loadbench .build/release/*.resources /tmp/before/
#     (the same at NEW into /tmp/after), then
#     bash scripts/loadbench-compare.sh /tmp/before /tmp/after ["postgres://…"]
#
# SECONDS_PER_RUN (20), ROUNDS (SQLite rounds, 2) and PG_ROUNDS (1) set the length; on a shared machine runs vary by
# 10 % or more, so compare medians of several rounds. The last lines give, per store and side, every run's sustained
# events/s, their median, and how many runs reached 100,000.
set -euo pipefail
before="$1"
after="$2"
postgres="${3:-}"
seconds="${SECONDS_PER_RUN:-20}"
rounds="${ROUNDS:-2}"
pg_rounds="${PG_ROUNDS:-1}"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
# Prints a run's figures and notes its sustained rate under "$1" (store and side) for the summary.
show() {
    local lines
    lines=$(grep -E "sustained|ingest alone|alert latency|ingest request|peak RSS|CPU:" || true)
    echo "$lines"
    echo "$1 $(echo "$lines" | awk '/^sustained:/ { print $2 }')" >> "$results"
}
folder_of() { if [ "$1" = after ]; then echo "$after"; else echo "$before"; fi; }
date -u
for round in $(seq 1 "$rounds"); do
    for side in before after; do
        folder="$(folder_of "$side")"
        echo "== $side, SQLite, round $round, $(date -u +%H:%M:%S)"
        "$folder/tocsin-loadbench" --seconds "$seconds" 2>&1 | show "SQLite/$side"
    done
done
if [ -n "$postgres" ]; then
    separator='?'
    case "$postgres" in *\?*) separator='&' ;; esac
    for round in $(seq 1 "$pg_rounds"); do
        for side in before after; do
            folder="$(folder_of "$side")"
            echo "== $side, PostgreSQL, round $round, $(date -u +%H:%M:%S)"
            "$folder/tocsin-loadbench" --seconds "$seconds" \
                --database "${postgres}${separator}schema=compare_${side}_${round}_$$" 2>&1 | show "PostgreSQL/$side"
        done
    done
fi
date -u
echo "== sustained events/s per store and side: runs, median, runs at or above 100,000"
sort -k1,1 -s "$results" | awk '
    function report() {
        if (n == 0) return
        m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        printf "%-18s %s  median %d  %d of %d >= 100000\n", key, list, m, high, n
    }
    $1 != key { report(); key = $1; n = 0; list = ""; high = 0 }
    {
        n++; v[n] = $2 + 0; list = list (list == "" ? "" : ", ") $2; if ($2 + 0 >= 100000) high++
        for (i = n; i > 1 && v[i] < v[i - 1]; i--) { t = v[i]; v[i] = v[i - 1]; v[i - 1] = t }
    }
    END { report() }'
