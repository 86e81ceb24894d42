#!/usr/bin/env bash
# Counts the instructions the detection engine spends per event, with valgrind's callgrind: a figure that does not
# move with the load of a shared machine, unlike a time. It runs the release `tocsin hunt` on one thread over the
# recorded events with SigmaHQ's Windows rules and Tocsin's pack, and prints the inclusive instruction counts of
# the matching functions, divided by the number of events.
#
#   bash scripts/match-instructions.sh [EVENTS.jsonl]     (default: all of ../shared/data/events in one file)
#
# TOCSIN_BINARY=/path/to/tocsin counts another build (two counts can run at once, one per core: an instruction
# count does not depend on what else the machine runs).
#
# Needs valgrind (apt-get install valgrind) and a release build (swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
events=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -z "$events" ]]; then
    events=$work/events.jsonl
    find "$shared/data/events" -name '*.json*' -type f | sort | xargs cat > "$events"
fi
count=$(grep -c . "$events")
# valgrind 3.19 cannot read the debug information Swift 6 writes; the symbol table is enough.
strip --strip-debug -o "$work/tocsin" "${TOCSIN_BINARY:-.build/release/tocsin}"
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$work/tocsin" hunt "$events" \
    --rules "$shared/data/sigma/rules/windows" --rules rules --format jsonl -o /dev/null --stats --threads 1 \
    2> "$work/valgrind.log" || { cat "$work/valgrind.log" >&2; exit 1; }
grep -E '^(events|detections):' "$work/valgrind.log"
callgrind_annotate --inclusive=yes "$work/callgrind.out" 2>/dev/null | swift demangle --simplified \
    | awk -v events="$count" '
        /DetectionWorker|FlatProgram|MultiPatternMatcher|EventScanner|ValueStore|JSONText|ByteMatch|memchr|memcmp/ {
            gsub(",", "", $1)
            name = $0; sub(/^ *[0-9,]+ \([ 0-9.%]+\) +/, "", name); sub(/^(\?\?\?|\.[^:]*):/, "", name)
            sub(/ \[.*$/, "", name)
            if (name !~ /\(|^__/) next
            if (!(name in seen)) { seen[name] = 1; printf "%10.0f  %s\n", $1 / events, substr(name, 1, 110) }
        }' | head -25
echo "(instructions per event, inclusive, over $count events)"
