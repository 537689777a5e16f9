#!/usr/bin/env python3
"""Top methods of a dotnet-trace CPU sample converted to speedscope JSON: exclusive and inclusive share of the
time threads spent on the CPU (dotnet-trace marks it with a CPU_TIME leaf; traces without it fall back to leaving
out frames that wait), as a Markdown table.

Usage: top-frames.py trace.speedscope.json [rows=25]
"""
import json
import sys
from collections import Counter, defaultdict

WAITING = ("UNMANAGED_CODE_TIME", "Wait", "epoll", "Sleep", "LowLevelLifoSemaphore", "Monitor.Enter",
           "WaitHandle", "PortableThreadPool.WorkerThread.WorkerDoWork", "Thread.StartCallback")


def short(name):
    """A frame without its assembly and argument list."""
    name = name.split("!", 1)[-1]
    return name.split("(", 1)[0][-110:]


def main():
    path, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
    data = json.load(open(path))
    names = [f["name"] for f in data["shared"]["frames"]]
    exclusive, inclusive, total = Counter(), Counter(), 0.0
    callers = defaultdict(Counter)
    marked = "CPU_TIME" in names
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile.get("events", []):
            at = event["at"]
            top = names[stack[-1]] if stack else None
            running = top == "CPU_TIME" if marked else top is not None and not any(w in top for w in WAITING)
            if running and last is not None:
                span = at - last
                frames = [names[f] for f in stack if names[f] != "CPU_TIME"]
                total += span
                if frames:
                    exclusive[frames[-1]] += span
                    callers[frames[-1]][" ← ".join(short(f) for f in reversed(frames[-5:-1]))] += span
                for name in set(frames):
                    inclusive[name] += span
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    if total == 0:
        print("No running samples in the trace.")
        return
    print(f"CPU time sampled: {total / 1000:.1f} s over all threads.\n")
    print("| exclusive % | method |")
    print("|---:|---|")
    for name, span in exclusive.most_common(rows):
        print(f"| {100 * span / total:.1f} | `{name[:140]}` |")
    print("\nWhere the five hottest methods are called from (the three commonest callers, nearest first):\n")
    for name, span in exclusive.most_common(5):
        print(f"- `{short(name)}` ({100 * span / total:.1f} %):")
        for chain, chain_span in callers[name].most_common(3):
            print(f"  - {100 * chain_span / total:.1f} %: `{chain or '(no managed caller)'}`")
    print("\n| inclusive % | method (RallyLive, SignalR, Kestrel, grains) |")
    print("|---:|---|")
    shown = 0
    for name, span in inclusive.most_common():
        if any(k in name for k in ("RallyLive", "SignalR", "Kestrel", "Grains", "WebSockets", "Text.Json")):
            print(f"| {100 * span / total:.1f} | `{name[:140]}` |")
            shown += 1
            if shown == rows:
                break


if __name__ == "__main__":
    main()
