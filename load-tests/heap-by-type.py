#!/usr/bin/env python3
"""Managed memory per connection by type, from two `dotnet-gcdump report` listings of one process: with no connections
and with N idle ones. Lists the types whose bytes grew most, per connection, and sums RallyLive's own types (and the
collections holding them) apart from the framework's (ASP.NET Core's objects that merely name a RallyLive hub count as
the framework's), as a Markdown table.

Usage: heap-by-type.py empty.txt idle.txt connections [rows=30]
"""
import re
import sys
from collections import Counter

# "  bytes  count  Type  [Assembly]": bytes are each object's size, except on the "(Bytes > N)" lines of large
# objects, where they are the total for the line.
LINE = re.compile(r"\s*([\d,]+)\s+([\d,]+)\s+(.*?)\s+(\(Bytes > \w+\)\s+)?\[")


def load(path):
    sizes, counts = Counter(), Counter()
    for line in open(path):
        match = LINE.match(line)
        if match:
            size, count, name = int(match.group(1).replace(",", "")), int(match.group(2).replace(",", "")), match.group(3)
            sizes[name] += size if match.group(4) else size * count
            counts[name] += count
    return sizes, counts


def is_ours(name):
    """RallyLive's types and collections of them; not ASP.NET Core's objects that merely name a RallyLive hub."""
    return "RallyLive" in name and "Microsoft.AspNetCore" not in name


def main():
    empty_path, idle_path, connections = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    (empty, empty_counts), (idle, idle_counts) = load(empty_path), load(idle_path)
    grown = sorted(((idle[t] - empty.get(t, 0), idle_counts[t] - empty_counts.get(t, 0), t) for t in idle), reverse=True)
    total = sum(idle.values()) - sum(empty.values())
    ours = sum(d for d, _, t in grown if is_ours(t) and d > 0)
    print(f"Managed heap: {sum(empty.values()) / 1048576:,.1f} MiB with no connections, {sum(idle.values()) / 1048576:,.1f} MiB with "
          f"{connections:,} idle: **{total / connections:,.0f} bytes per connection**, of which RallyLive's own "
          f"types (and collections of them) {ours / connections:,.0f}.")
    print()
    print("| bytes per connection | objects per connection | type |")
    print("|---:|---:|---|")
    for grew, count, name in grown[:rows]:
        print(f"| {grew / connections:,.0f} | {count / connections:,.2f} | `{name[:150]}` |")


if __name__ == "__main__":
    main()
