#!/usr/bin/env python3
"""Where the machine goes under load, by part of Tocsin, from a whole-machine `perf` profile.

    perf record -F 499 -a -g -o /tmp/all.perf -- sleep 8      # 10 s into a tocsin-loadbench run
    perf script -i /tmp/all.perf -F comm,ip,sym | python3 scripts/perf-shares.py [PART [DEPTH]]

Without arguments, prints every sample's share by part: each sample goes to the first part whose functions appear
on its stack (the matcher, ingest validation, chunk compression, the audit writer, ...), PostgreSQL's processes by
what their stack shows (foreign-key triggers, TOAST, WAL and commit, parse and plan, execution), idle CPU as
"idle". With PART, prints the leaf frames (DEPTH frames of each stack, 1 by default) of that part's samples, so a
part can be opened up. Used for the `tocsin serve` figures in BENCHMARKS.md.
"""
import collections
import re
import sys

PARTS = [
    ("matcher", re.compile(r"ParallelMatcher|TocsinDetection0B6Worker")),
    ("ingest-validate", re.compile(r"IngestBatch|JSONValidator")),
    ("chunk-encode", re.compile(r"EventChunk.*encode|BlockCodec.*compress")),
    ("audit-writer", re.compile(r"AuditChain|appendAudit|CanonicalJSON")),
    ("commit", re.compile(r"commitProcessing|SQLStore.*file|insertLinks|PostgresColumnArray")),
    ("pipeline", re.compile(r"DetectionPipeline|IncidentBook|Correlation")),
    ("postgres-nio", re.compile(r"PostgresNIO|_ConnectionPoolModule")),
    ("http", re.compile(r"Hummingbird|NIOHTTP1")),
]
TOCSIN_THREADS = ("r-initiated-qos", "-qos.overcommit", "oot.default-qos", "sqlite-writer", "sqlite-checkpoi")


def part(comm, stack):
    text = "\n".join(stack)
    if comm == "swapper":
        return "idle"
    if comm.startswith("postgres"):
        if "toast_" in text:
            what = "toast"
        elif "AfterTrigger" in text or "RI_" in text:
            what = "fk-trigger"
        elif "XLog" in text or "CommitTransaction" in text:
            what = "wal/commit"
        elif any(word in text for word in ("pg_plan", "raw_parser", "parse_analyze", "GetCachedPlan")):
            what = "parse/plan"
        elif "ExecutorRun" in text or "PortalRun" in text:
            what = "execution"
        else:
            what = "other"
        return "postgres:" + what
    for name, pattern in PARTS:
        if pattern.search(text):
            return name
    if comm in TOCSIN_THREADS or comm.startswith("NIO-SGLTN"):
        return "tocsin, other (" + comm + ")"
    return "other process: " + comm


def samples(lines):
    comm, stack = None, []
    for line in lines:
        line = line.rstrip("\n")
        if not line:
            if comm is not None:
                yield comm, stack
            comm, stack = None, []
        elif not line.startswith((" ", "\t")):
            comm = line.split()[0]
        else:
            frame = line.strip()
            stack.append(frame.split(None, 1)[1] if " " in frame else frame)
    if comm is not None:
        yield comm, stack


def main():
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    counts = collections.Counter()
    total = 0
    for comm, stack in samples(sys.stdin):
        name = part(comm, stack)
        if wanted is None:
            counts[name] += 1
            total += 1
        elif name == wanted:
            counts[" <- ".join(frame[:80] for frame in stack[:depth])] += 1
            total += 1
    for name, count in counts.most_common(40 if wanted is None else 25):
        print(f"{100 * count / max(total, 1):6.1f} %  {name}")


if __name__ == "__main__":
    main()
