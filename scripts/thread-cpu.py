#!/usr/bin/env python3
"""CPU time per thread name of running processes, over an interval (Linux /proc).

    python3 scripts/thread-cpu.py SECONDS PATTERN [PATTERN...]

Every process whose command line contains a PATTERN is sampled at the start and the end of the interval; the
threads' user and system time (from /proc/PID/task/TID/stat) is summed by process and thread name and printed as a
share of one core and of the machine. Used to see where `tocsin serve` spends the machine under tocsin-loadbench
(see BENCHMARKS.md); threads that start inside the interval (tocsin serve's matcher threads, one per core and batch) are
counted together as "(short-lived)", from the process's total less its live threads.
"""
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def processes(patterns):
    found = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            command = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "thread-cpu.py" in command:
            continue
        for pattern in patterns:
            if pattern in command:
                found[pid] = pattern
    return found


def sample(pids):
    times = {}
    for pid in pids:
        # The process as a whole: its stat counts threads that have ended too.
        try:
            text = open(f"/proc/{pid}/stat").read()
            fields = text[text.rindex(")") + 2 :].split()
            times[(pid, "process")] = ("(whole process)", int(fields[11]) + int(fields[12]))
        except OSError:
            pass
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                text = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue
            name = text[text.index("(") + 1 : text.rindex(")")]
            fields = text[text.rindex(")") + 2 :].split()
            times[(pid, tid)] = (name, int(fields[11]) + int(fields[12]))
    return times


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    seconds = float(sys.argv[1])
    pids = processes(sys.argv[2:])
    if not pids:
        sys.exit(f"no process matches {sys.argv[2:]}")
    before = sample(pids)
    started = time.monotonic()
    time.sleep(seconds)
    after = sample(pids)
    wall = time.monotonic() - started
    totals = {}
    whole = {}
    for key, (name, ticks) in after.items():
        used = (ticks - before.get(key, (name, 0))[1]) / TICKS
        if key[1] == "process":
            whole[pids[key[0]]] = whole.get(pids[key[0]], 0) + used
            continue
        group = (pids[key[0]], name)
        totals[group] = totals.get(group, 0) + used
    # Threads that started (and perhaps ended) inside the interval: the process's time less its threads' times.
    for pattern, cpu in whole.items():
        listed = sum(value for (owner, _), value in totals.items() if owner == pattern)
        if cpu - listed > 0:
            totals[(pattern, "(short-lived)")] = cpu - listed
    print(f"{wall:.1f} s on {CORES} cores; share of one core, and of the machine")
    for (pattern, name), cpu in sorted(totals.items(), key=lambda item: -item[1]):
        if cpu / wall >= 0.005:
            print(f"  {pattern:24} {name:18} {100 * cpu / wall:6.1f} %  {100 * cpu / wall / CORES:5.1f} %")
    print(f"  {'all':24} {'':18} {100 * sum(totals.values()) / wall:6.1f} %  "
          f"{100 * sum(totals.values()) / wall / CORES:5.1f} %")


main()
