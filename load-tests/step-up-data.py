#!/usr/bin/env python3
"""The fan-out step-up lines a run-*.sh script collected ("<label> HH:MM:SS   N viewers idle: …" and "… N viewers at
6/min: p99 …") as the generator's fanout.dat (one block per label), so that the charts of load-test-common.sh can
draw them.

Usage: step-up-data.py lines > fanout.dat
"""
import re
import sys

IDLE = re.compile(r"^(.*?)\s*\d\d:\d\d:\d\d\s+([\d,]+) viewers idle: ([\d.,]+) KiB per connection")
STEP = re.compile(r"^(.*?)\s*\d\d:\d\d:\d\d\s+([\d,]+) viewers at [\d.]+/min(?: \([^)]*\))?: p99 ([\d.,]+) ms, delivery p99 ([\d.,]+) ms, "
                  r"([\d,]+) delivered per CPU-s, server ([\d.]+) CPU-s/s")


def number(text):
    return float(text.replace(",", ""))


def name(label):
    """A label as one word (gnuplot's titles and the charts' block names split on spaces)."""
    return re.sub(r"[\s()]+", "-", label.strip()).strip("-") or "RallyLive"


def main():
    blocks, memory = {}, {}
    for line in open(sys.argv[1]):
        if match := IDLE.match(line):
            memory[(name(match.group(1)), number(match.group(2)))] = number(match.group(3))
        elif match := STEP.match(line):
            label, viewers = name(match.group(1)), number(match.group(2))
            blocks.setdefault(label, []).append(
                (viewers, number(match.group(3)), number(match.group(5)), number(match.group(6)),
                 memory.get((label, viewers), 0), number(match.group(4))))
    print("# target viewers p50_ms p99_ms delivered_per_cpu_s cpu_s_per_s kib_per_connection frame_p99_ms")
    for label, steps in blocks.items():
        print(f"# {label}")
        for viewers, p99, efficiency, cpu, kib, frame_p99 in steps:
            print(f"{label} {viewers:.0f} 0 {p99:.1f} {efficiency:.0f} {cpu:.3f} {kib:.2f} {frame_p99:.1f}")
        print()
        print()


if __name__ == "__main__":
    main()
