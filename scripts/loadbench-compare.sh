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
# 10 % or more, so compare medians of several rounds.
set -euo pipefail
before="$1"
after="$2"
postgres="${3:-}"
seconds="${SECONDS_PER_RUN:-20}"
rounds="${ROUNDS:-2}"
pg_rounds="${PG_ROUNDS:-1}"
show() { grep -E "sustained|ingest alone|alert latency|ingest request|peak RSS|CPU:"; }
folder_of() { if [ "$1" = after ]; then echo "$after"; else echo "$before"; fi; }
date -u
for round in $(seq 1 "$rounds"); do
    for side in before after; do
        folder="$(folder_of "$side")"
        echo "== $side, SQLite, round $round, $(date -u +%H:%M:%S)"
        "$folder/tocsin-loadbench" --seconds "$seconds" 2>&1 | show
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
                --database "${postgres}${separator}schema=compare_${side}_${round}_$$" 2>&1 | show
        done
    done
fi
date -u
