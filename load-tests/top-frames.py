#!/usr/bin/env python3
"""Top methods of a dotnet-trace CPU sample converted to speedscope JSON: exclusive and inclusive share of the
samples that were running code (threads parked in a wait are left out), as a Markdown table.

Usage: top-frames.py trace.speedscope.json [rows=25]
"""
import json
import sys
from collections import Counter

WAITING = ("UNMANAGED_CODE_TIME", "Wait", "epoll", "Sleep", "LowLevelLifoSemaphore", "Monitor.Enter",
           "WaitHandle", "PortableThreadPool.WorkerThread.WorkerDoWork", "Thread.StartCallback")


def main():
    path, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
    data = json.load(open(path))
    names = [f["name"] for f in data["shared"]["frames"]]
    exclusive, inclusive, total = Counter(), Counter(), 0.0
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile.get("events", []):
            at = event["at"]
            if stack and last is not None and not any(w in names[stack[-1]] for w in WAITING):
                span = at - last
                total += span
                exclusive[names[stack[-1]]] += span
                for name in {names[f] for f in stack}:
                    inclusive[name] += span
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    if total == 0:
        print("No running samples in the trace.")
        return
    print(f"Samples in running code: {total / 1000:.1f} s of thread time.\n")
    print("| exclusive % | method |")
    print("|---:|---|")
    for name, span in exclusive.most_common(rows):
        print(f"| {100 * span / total:.1f} | `{name[:140]}` |")
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
