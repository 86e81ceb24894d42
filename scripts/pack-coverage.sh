#!/usr/bin/env bash
# Writes docs/PACK-COVERAGE.md: which rules of Tocsin's rule pack fire on the developer event set, per technique
# folder (the folders of ../shared/data/events name the recorded technique, e.g.
# evtx-to-mitre-attack/TA0006-Credential_Access/T1003-Credential_dumping).
#
# Usage: scripts/pack-coverage.sh [EVENTS-FOLDER]   (default ../shared/data/events; run from anywhere)
# Builds the release binary, hunts the folder with the pack only (no --rules) as JSONL, and tabulates the
# detections with python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-../shared/data/events}"
if [ ! -d "$events" ]; then
    echo "error: no events folder at $events" >&2
    exit 1
fi

# TOCSIN_BIN names an already built binary (of this commit) instead of building one.
tocsin="${TOCSIN_BIN:-}"
if [ -z "$tocsin" ]; then
    swift build -c release
    tocsin=.build/release/tocsin
fi
detections="$(mktemp)"
trap 'rm -f "$detections"' EXIT
"$tocsin" hunt "$events" --format jsonl --output "$detections"

python3 - "$events" "$detections" rules docs/PACK-COVERAGE.md "$(git rev-parse --short HEAD)" <<'PYTHON'
import collections
import datetime
import json
import os
import re
import sys

events_root, detections_path, pack_root, output_path, commit = sys.argv[1:6]


def technique(relative):
    """The technique folder of an event file: the first two folders below the data set, or one for files that
    sit directly in a first-level folder."""
    parts = relative.split(os.sep)
    return "/".join(parts[:3] if len(parts) > 3 else parts[:2])


# Rule id -> (name, level), from the pack's YAML documents.
rules = {}
for folder, _, names in os.walk(pack_root, followlinks=True):
    for file in names:
        if not file.endswith((".yml", ".yaml")):
            continue
        with open(os.path.join(folder, file), encoding="utf-8") as handle:
            for document in re.split(r"^---$", handle.read(), flags=re.M):
                rule_id = re.search(r"^id: *(\S+)", document, re.M)
                name = re.search(r"^name: *(\S+)", document, re.M)
                level = re.search(r"^level: *(\S+)", document, re.M)
                if rule_id:
                    rules[rule_id.group(1)] = (name.group(1) if name else rule_id.group(1),
                                               level.group(1) if level else "?")

files = collections.Counter()
events = collections.Counter()
for folder, _, names in os.walk(events_root):
    for file in names:
        if not file.endswith((".jsonl", ".ndjson", ".json")):
            continue
        path = os.path.join(folder, file)
        key = technique(os.path.relpath(path, events_root))
        files[key] += 1
        with open(path, "rb") as handle:
            events[key] += sum(1 for line in handle if line.strip())

fired = collections.defaultdict(collections.Counter)
with open(detections_path, encoding="utf-8") as handle:
    for line in handle:
        record = json.loads(line)
        key = technique(os.path.relpath(record["file"], events_root))
        fired[key][rules.get(record["rule_id"], (record["rule_id"], "?"))[0]] += 1

by_rule = collections.Counter()
for counter in fired.values():
    by_rule.update(counter)
levels = {name: level for name, level in rules.values()}

lines = [
    "# Rule pack coverage on the developer event set",
    "",
    "Which rules of Tocsin's rule pack (`rules/`, %d rules and correlations; correlation alerts are counted in the"
    % len(rules),
    "folder of the event that completed them, and base rules that only feed correlations are not reported) fire on",
    "`../shared/data/events` (EVTX-to-MITRE-Attack and OTRF Security-Datasets recordings, see its README), per",
    "technique folder. A folder's name is the technique its recordings were made for: weak ground truth, since",
    "recordings also hold the lab's everyday events (and log clearing, service installs) around the attack.",
    "",
    "Produced by `scripts/pack-coverage.sh` (release build, `tocsin hunt ../shared/data/events --format jsonl`, no",
    "`--rules`, so the pack alone) at commit `%s` on %s UTC. Re-run it after changing the pack and commit the result."
    % (commit, datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")),
    "",
    "| Technique folder | Files | Events | Detections | Pack rules fired (detections) |",
    "|---|---:|---:|---:|---|",
]
for key in sorted(events):
    counter = fired.get(key, collections.Counter())
    rules_text = ", ".join("`%s` %d" % (name, count) for name, count in sorted(counter.items(), key=lambda item: (-item[1], item[0])))
    lines.append("| %s | %d | %d | %d | %s |" % (key, files[key], events[key], sum(counter.values()), rules_text or "–"))
total_detections = sum(by_rule.values())
covered = sum(1 for key in events if fired.get(key))
lines += [
    "| **Total** | **%d** | **%d** | **%d** | **%d of %d rules fired; %d of %d technique folders with a detection** |"
    % (sum(files.values()), sum(events.values()), total_detections, len(by_rule), len(rules), covered, len(events)),
    "",
    "## Per rule",
    "",
    "| Rule | Level | Detections |",
    "|---|---|---:|",
]
for name, level in sorted(levels.items()):
    lines.append("| `%s` | %s | %d |" % (name, level, by_rule.get(name, 0)))
lines.append("")
os.makedirs(os.path.dirname(output_path), exist_ok=True)
with open(output_path, "w", encoding="utf-8") as handle:
    handle.write("\n".join(lines))
print("wrote %s: %d events, %d detections, %d of %d rules fired, %d of %d technique folders"
      % (output_path, sum(events.values()), total_detections, len(by_rule), len(rules), covered, len(events)))
PYTHON
