#!/usr/bin/env python3
"""Writes the side-by-side report of run-orleans-comparison.sh from its scratch folder (argument 1) to stdout.

Reads meta (key<TAB>value lines), status/<phase>, machine.md, BenchmarkDotNet's JSON under bench/<build>/<class>/,
and the load generator's results.json, poll.json and durability.txt under load-<build>/. Every ratio is
Orleans / stand-in: above 1 means Orleans' figure is the larger one (slower, for a time or a cost).
"""
import glob
import json
import os
import re
import sys

work, day = sys.argv[1], sys.argv[2]
BUILDS = ("standin", "orleans")
NAMES = {"standin": "stand-in", "orleans": "Orleans"}

meta = {}
with open(os.path.join(work, "meta")) as f:
    for line in f:
        key, _, value = line.rstrip("\n").partition("\t")
        meta[key] = value


def status(phase):
    path = os.path.join(work, "status", phase)
    if not os.path.exists(path):
        return "not run"
    with open(path) as f:
        return f.read().strip()


def failure_block(phase, what):
    s = status(phase)
    if s == "ok":
        return ""
    lines = s.splitlines()
    text = f"> **{what}: {lines[0]}**\n"
    if len(lines) > 1:
        text += ">\n> ```\n" + "".join(f"> {l}\n" for l in lines[1:]) + "> ```\n"
    return text + "\n"


def group(n, digits=0):
    return f"{n:,.{digits}f}"


def ratio(a, b):
    """Orleans / stand-in, or a dash when either is missing or the stand-in's is zero."""
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:,.2f}×"


def cell(v, digits=1, unit=""):
    return "—" if v is None else f"{group(v, digits)}{unit}"


slower = []   # (what, stand-in text, Orleans text, factor) where Orleans is worse by more than 10 %


def compare(what, s, o, higher_is_better=False, digits=1, unit=""):
    """One table row's cells and, when Orleans is worse by more than 10 %, an entry in the headline list."""
    if s is not None and o is not None and s > 0 and o > 0:
        worse = (s / o) if higher_is_better else (o / s)
        if worse > 1.1:
            slower.append((what, cell(s, digits, unit), cell(o, digits, unit), worse))
    return f"{cell(s, digits, unit)} | {cell(o, digits, unit)} | {ratio(o, s)}"


# ---- BenchmarkDotNet ----------------------------------------------------------------------------------------------
def bench(build, cls):
    files = glob.glob(os.path.join(work, "bench", build, cls, "results", f"*{cls}-report*.json"))
    if not files:
        return None
    with open(files[0]) as f:
        data = json.load(f)
    rows = {}
    for b in data.get("Benchmarks", []):
        stats = b.get("Statistics") or {}
        memory = b.get("Memory") or {}
        if b["Method"] in rows:
            continue   # extra arguments such as --job add a job to a class's own: keep the first (the class's)
        rows[b["Method"]] = {
            "mean": stats.get("Mean"),
            "error": stats.get("StandardError"),
            "alloc": memory.get("BytesAllocatedPerOperation"),
            "job": (b.get("Job") or {}).get("DisplayInfo") or b.get("DisplayInfo", ""),
        }
    return {"rows": rows, "env": data.get("HostEnvironmentInfo", {}), "title": data.get("Title", "")}


def fmt_ns(ns):
    if ns is None:
        return "—"
    if ns >= 1e6:
        return f"{ns / 1e6:,.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:,.2f} µs"
    return f"{ns:,.1f} ns"


# ---- Load generator ----------------------------------------------------------------------------------------------
def load_results(build):
    path = os.path.join(work, f"load-{build}", "out", "results.json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


results = {b: load_results(b) for b in BUILDS}
poll = {b: json.loads(read(os.path.join(work, f"load-{b}", "out", "poll.json"), "null")) for b in BUILDS}
durability = {b: read(os.path.join(work, f"load-{b}", "durability.txt"), "not checked (no poll ran)") for b in BUILDS}


def per_minute(r):
    m = re.match(r"(\d+)/viewer/min", r.get("note", ""))
    return int(m.group(1)) if m else None


def fanout_steps(build):
    steps = {}
    for r in results[build]:
        if r["scenario"] in ("fan-out", "fan-out, reaction rate sweep"):
            steps[(r["connections"], per_minute(r))] = r
    return steps


def lat(r, kind, key):
    if r is None:
        return None
    summary = r.get(kind)
    return None if summary is None or summary.get("count", 0) == 0 else summary.get(key)


def within(r):
    if r is None:
        return None
    frame = lat(r, "frameLatency", "p99Ms")
    return frame is not None and frame < 250 and r["latency"]["p99Ms"] < 500 and r["lost"] == 0 and r["duplicated"] == 0


out = []
w = out.append
loads = {k: v for k, v in meta.items() if k.startswith("load_")}

w(f"# The stand-in runtime against Orleans, side by side, {day}")
w("")
w(f"Produced by `load-tests/run-orleans-comparison.sh {meta['standin_commit'][:7]}` (started {meta['started']} UTC,")
w(f"finished {meta.get('finished', '?')} UTC), in one run on one machine: each build from git, in Release, one after")
w("the other. Nothing else of this run's figures comes from anywhere else.")
w("")
w(f"- **stand-in**: commit `{meta['standin_commit'][:7]}` ({meta['standin_subject']}), the last commit on RallyLive's")
w("  own single-node runtime, built " + ("in a temporary git worktree under /tmp." if meta.get("standin_tree") == "temporary" else "in an existing git worktree at that commit (`STANDIN_TREE`)."))
dirty = "" if meta.get("head_dirty", "0") == "0" else f" (plus {meta['head_dirty']} uncommitted changes to tracked files)"
w(f"- **Orleans**: commit `{meta['head_commit'][:7]}` ({meta['head_subject']}){dirty}, Microsoft Orleans 10.4.2, a silo in")
w("  the server's process.")
w("")
w("Every ratio is **Orleans / stand-in**: above 1 means Orleans' figure is larger (slower, or costlier, for a time or")
w("a CPU cost; better, for a rate). Both servers ran with the same settings (Production, workstation GC, their own")
w("SQLite file and key directory under the run's scratch folder, logging at Warning), one at a time.")
w("")
with open(os.path.join(work, "machine.md")) as f:
    w(f.read().rstrip("\n"))
w(f"| Load average (1, 5, 15 min) before the benchmarks | {loads.get('load_benchmarks_start', '?')} |")
w(f"| Load average after the benchmarks | {loads.get('load_benchmarks_end', '?')} |")
for b in BUILDS:
    if f"load_{b}_suite_start" in loads:
        w(f"| Load average before / after the {NAMES[b]} load suite | {loads[f'load_{b}_suite_start']} / {loads.get(f'load_{b}_suite_end', '?')} |")
w(f"| Load average at the end | {loads.get('load_end', '?')} |")
w("")
w("The machine has 2 cores, and the load generator shares them with the server: a load average near 2 or above means")
w("the processes queued for CPU, and the latencies below include that wait, for both builds alike.")
w("")
for b in BUILDS:
    w(failure_block(f"build-{b}", f"Build of the {NAMES[b]}").rstrip("\n")) if status(f"build-{b}") != "ok" else None

# ---- 1. Grain calls --------------------------------------------------------------------------------------------
w("## 1. Grain-call benchmark (`GrainCallBenchmarks`)")
w("")
w(f"BenchmarkDotNet, arguments `{meta.get('grain_args') or '(default job)'}`: a short job (3 warm-ups, 3 iterations), so")
w("means are indicative (a few per cent), not a full run; each tree runs its own copy of the class, the stand-in's on")
w("its runtime, Orleans' on a localhost silo in the benchmark's process. Mean and allocation are per call.")
w("`GrainCall`: one caller awaiting a `ValueTask<int>` method of an active grain in a loop; `GrainCallTask`: the same")
w("with `Task<int>`; `GrainCallConcurrent`: two callers per core, each on its own grain (its Mean is wall time per call")
w("across all callers, so 1e9 / Mean is calls/s for the machine); `DirectCall`: the method on a plain object.")
w("")
grain = {b: bench(b, "GrainCallBenchmarks") for b in BUILDS}
for b in BUILDS:
    block = failure_block(f"bench-{b}-GrainCallBenchmarks", f"Grain-call benchmark on the {NAMES[b]}")
    if block:
        w(block.rstrip("\n"))
        w("")
w("| benchmark | stand-in mean | Orleans mean | Orleans / stand-in | stand-in calls/s | Orleans calls/s | stand-in allocated | Orleans allocated |")
w("|---|---:|---:|---:|---:|---:|---:|---:|")
for method in ("DirectCall", "GrainCall", "GrainCallTask", "GrainCallConcurrent"):
    s = (grain["standin"] or {"rows": {}})["rows"].get(method, {})
    o = (grain["orleans"] or {"rows": {}})["rows"].get(method, {})
    sm, om = s.get("mean"), o.get("mean")
    if method != "DirectCall" and sm and om and om / sm > 1.1:
        slower.append((f"grain call: {method} (mean per call)", fmt_ns(sm), fmt_ns(om), om / sm))
    rate = lambda m: "—" if not m else group(1e9 / m)
    alloc = lambda r: "—" if r.get("alloc") is None else f"{group(r['alloc'])} B"
    w(f"| {method} | {fmt_ns(sm)} | {fmt_ns(om)} | {ratio(om, sm)} | {rate(sm)} | {rate(om)} | {alloc(s)} | {alloc(o)} |")
w("")
o = (grain["orleans"] or {"rows": {}})["rows"]
if o.get("GrainCall", {}).get("mean") and o.get("GrainCallConcurrent", {}).get("mean"):
    seq = 1e9 / o["GrainCall"]["mean"]
    conc = 1e9 / o["GrainCallConcurrent"]["mean"]
    w("Against earlier Orleans measurements (docs/orleans.md, section What a call costs, measured on this machine with another harness):")
    w(f"sequential awaited calls on one grain were 92-112k/s (9-11 µs); here `GrainCall` made **{group(seq)} calls/s**")
    w(f"({fmt_ns(o['GrainCall']['mean'])} per call). Many callers on many grains were 430-490k/s (64 callers on 64 grains);")
    w(f"here `GrainCallConcurrent` (only {2 * 2} callers on as many grains, so less overlap) made **{group(conc)} calls/s**.")
    w("")

# ---- 2. Domain ---------------------------------------------------------------------------------------------------
w("## 2. Domain benchmark (`DomainThroughputBenchmarks`)")
w("")
w(f"BenchmarkDotNet with the class's own short job (1 launch, 1 warm-up, 5 iterations, monitoring strategy)"
  + (f", arguments `{meta['domain_args']}`" if meta.get("domain_args") else "") + "; a real SQLite")
w("file (WAL, `synchronous=FULL`, group commit) in both. `PollBurst`: a new poll, opened, and 20,000 viewers voting")
w("at once, each vote acknowledged only once committed (Mean per vote). `ReactionBatches`: one batch of taps from each")
w("of 1,000 joined viewers, one after another, into one stream (Mean per batch).")
w("")
domain = {b: bench(b, "DomainThroughputBenchmarks") for b in BUILDS}
for b in BUILDS:
    block = failure_block(f"bench-{b}-DomainThroughputBenchmarks", f"Domain benchmark on the {NAMES[b]}")
    if block:
        w(block.rstrip("\n"))
        w("")
w("| benchmark | stand-in mean | Orleans mean | Orleans / stand-in | stand-in per second | Orleans per second | stand-in allocated | Orleans allocated |")
w("|---|---:|---:|---:|---:|---:|---:|---:|")
for method, unit in (("PollBurst", "durable votes"), ("ReactionBatches", "batches")):
    s = (domain["standin"] or {"rows": {}})["rows"].get(method, {})
    o = (domain["orleans"] or {"rows": {}})["rows"].get(method, {})
    sm, om = s.get("mean"), o.get("mean")
    if sm and om and om / sm > 1.1:
        slower.append((f"domain: {method} (mean per {'vote' if method == 'PollBurst' else 'batch'})", fmt_ns(sm), fmt_ns(om), om / sm))
    rate = lambda m: "—" if not m else f"{group(1e9 / m)} {unit}"
    alloc = lambda r: "—" if r.get("alloc") is None else f"{group(r['alloc'])} B"
    w(f"| {method} | {fmt_ns(sm)} | {fmt_ns(om)} | {ratio(om, sm)} | {rate(sm)} | {rate(om)} | {alloc(s)} | {alloc(o)} |")
w("")
if all(domain[b] and domain[b]["rows"].get("PollBurst", {}).get("mean") for b in BUILDS):
    w("20,000 votes take about " + " and ".join(
        f"{domain[b]['rows']['PollBurst']['mean'] * 20000 / 1e9:,.2f} s ({NAMES[b]})" for b in BUILDS) + " in process.")
    w("")

# ---- 3. Load tests -----------------------------------------------------------------------------------------------
w("## 3. Load generator against each server process")
w("")
w(f"HEAD's `RallyLive.LoadGenerator suite` against each build's server, one after the other: `--levels {meta['levels']}"
  f" --server-budget-s {meta['budget_s']} --scale {meta['scale']} --poll-voters {meta['voters']}`, no baselines and no")
w("Node clients. That is a smaller run than the standard suite's (levels up to 50,000, 19,000 voters, scale 1), to keep")
w("the whole comparison within about 25 minutes of machine time: the fan-out stops at the levels above, the poll burst")
w(f"has {group(int(meta['voters']))} voters (the product's target is 20,000), the ingest crowd is those voters, and chat, churn")
w(f"and many rallies run at {meta['scale']} of their size. Latency is measured from each send's scheduled time (fixed")
w("arrival rates, no coordinated omission); reaction-to-viewer from one probe a second to its arrival at every viewer;")
w("frame delivery from the frame's tick to the viewer. The server's CPU is read from /proc.")
w("")
for b in BUILDS:
    block = failure_block(f"load-{b}", f"Load suite against the {NAMES[b]} server")
    if block:
        w(block.rstrip("\n"))
        w("")
    if f"time_{b}_suite_start" in meta:
        w(f"- {NAMES[b]} suite: {meta[f'time_{b}_suite_start']} to {meta.get(f'time_{b}_suite_end', '?')} UTC.")
w("")

# Fan-out
w("### Fan-out: one rally, viewers stepped up, 4 frames/s")
w("")
steps = {b: fanout_steps(b) for b in BUILDS}
keys = sorted(set(steps["standin"]) | set(steps["orleans"]), key=lambda k: (k[0], k[1] or 0))
w("| viewers | reactions / viewer / min | figure | stand-in | Orleans | Orleans / stand-in |")
w("|---:|---:|---|---:|---:|---:|")
for k in keys:
    s, o = steps["standin"].get(k), steps["orleans"].get(k)
    label = f"{group(k[0])} | {k[1]}"
    figures = [
        ("reaction to viewer p50 (ms)", lat(s, "latency", "p50Ms"), lat(o, "latency", "p50Ms"), False),
        ("reaction to viewer p99 (ms)", lat(s, "latency", "p99Ms"), lat(o, "latency", "p99Ms"), False),
        ("frame delivery p50 (ms)", lat(s, "frameLatency", "p50Ms"), lat(o, "frameLatency", "p50Ms"), False),
        ("frame delivery p99 (ms)", lat(s, "frameLatency", "p99Ms"), lat(o, "frameLatency", "p99Ms"), False),
        ("server CPU-s per s", s and s["cpuPerSecond"], o and o["cpuPerSecond"], False),
        ("delivered messages per server CPU-s", s and s["deliveredPerCpuSecond"], o and o["deliveredPerCpuSecond"], True),
    ]
    for name, sv, ov, hib in figures:
        digits = 2 if "CPU-s per s" in name else (0 if "delivered" in name else 1)
        w(f"| {label} | {name} | {compare(f'fan-out {group(k[0])} viewers, {k[1]}/min: {name}', sv, ov, hib, digits)} |")
    lost = lambda r: "—" if r is None else f"{r['lost']} / {r['duplicated']} / {r['errors']}"
    w(f"| {label} | lost / duplicated / errors | {lost(s)} | {lost(o)} | |")
w("")
idle = {b: {r["connections"]: r for r in results[b] if r["scenario"] == "idle"} for b in BUILDS}
if idle["standin"] or idle["orleans"]:
    w("Server memory with the viewers connected and idle (RSS growth since before the first connection, per connection):")
    w("")
    w("| viewers | stand-in KiB / connection | Orleans KiB / connection | Orleans / stand-in | stand-in | Orleans |")
    w("|---:|---:|---:|---:|---|---|")
    for n in sorted(set(idle["standin"]) | set(idle["orleans"])):
        s, o = idle["standin"].get(n), idle["orleans"].get(n)
        rss = lambda r: "—" if r is None else r["note"].split(";")[0]
        w(f"| {group(n)} | {compare(f'idle {group(n)} viewers: KiB per connection', s and s['memoryPerConnectionKiB'], o and o['memoryPerConnectionKiB'])} | {rss(s)} | {rss(o)} |")
    w("")

# Poll burst
w("### Poll burst")
w("")
pr = {b: next((r for r in results[b] if r["scenario"] == "poll burst"), None) for b in BUILDS}
last_ack = {}
for b in BUILDS:
    m = re.search(r"the last ([\d.,]+) s after", (pr[b] or {}).get("note", ""))
    last_ack[b] = float(m.group(1).replace(",", "")) if m else None
w("| figure | stand-in | Orleans | Orleans / stand-in |")
w("|---|---:|---:|---:|")
w(f"| voters (votes offered within 2 s) | {cell(pr['standin'] and pr['standin']['connections'], 0)} | {cell(pr['orleans'] and pr['orleans']['connections'], 0)} | |")
w(f"| votes acknowledged | {cell(pr['standin'] and pr['standin']['latency']['count'], 0)} | {cell(pr['orleans'] and pr['orleans']['latency']['count'], 0)} | |")
for name, key in (("vote acknowledged p50 (ms)", "p50Ms"), ("vote acknowledged p99 (ms)", "p99Ms"), ("vote acknowledged max (ms)", "maxMs")):
    w(f"| {name} | {compare(f'poll burst: {name}', lat(pr['standin'], 'latency', key), lat(pr['orleans'], 'latency', key))} |")
w(f"| last acknowledgement, s after the first vote was due | {compare('poll burst: last acknowledgement (s)', last_ack['standin'], last_ack['orleans'], digits=2)} |")
w(f"| server CPU-s | {compare('poll burst: server CPU-s', pr['standin'] and pr['standin']['serverCpuSeconds'], pr['orleans'] and pr['orleans']['serverCpuSeconds'], digits=2)} |")
exact = {}
for b in BUILDS:
    p = poll[b]
    exact[b] = None if p is None else p["expected"] == p["tallies"]
tallies = lambda b: "—" if poll[b] is None else f"{'/'.join(map(str, poll[b]['tallies']))} ({'exact' if exact[b] else 'expected ' + '/'.join(map(str, poll[b]['expected']))})"
w(f"| tallies | {tallies('standin')} | {tallies('orleans')} | |")
w(f"| errors | {cell(pr['standin'] and pr['standin']['errors'], 0)} | {cell(pr['orleans'] and pr['orleans']['errors'], 0)} | |")
w("")
for b in BUILDS:
    w(f"- {NAMES[b]}: {durability[b]}")
w("")

# Ingest
w("### Ingest: viewers each sending a batch of taps every quarter second")
w("")
w("Senders are stepped up (1,000, 2,000, 5,000, ... up to the crowd) until the acknowledgement p99 reaches 250 ms,")
w("something is lost or a call fails; every viewer of the crowd must see every accepted tap.")
w("")


def senders(r):
    m = re.match(r"([\d,]+) senders", r["note"])
    return int(m.group(1).replace(",", "")) if m else 0


ingest = {b: {senders(r): r for r in results[b] if r["scenario"] == "ingest"} for b in BUILDS}
w("| senders | figure | stand-in | Orleans | Orleans / stand-in |")
w("|---:|---|---:|---:|---:|")
for n in sorted(set(ingest["standin"]) | set(ingest["orleans"])):
    s, o = ingest["standin"].get(n), ingest["orleans"].get(n)
    w(f"| {group(n)} | taps/s accepted (offered {group(n * 10)}) | {compare(f'ingest {group(n)} senders: taps/s accepted', s and s['rate'], o and o['rate'], True, 0)} |")
    for name, key in (("React acknowledged p50 (ms)", "p50Ms"), ("React acknowledged p99 (ms)", "p99Ms")):
        w(f"| {group(n)} | {name} | {compare(f'ingest {group(n)} senders: {name}', lat(s, 'latency', key), lat(o, 'latency', key))} |")
    w(f"| {group(n)} | server CPU-s per s | {compare(f'ingest {group(n)} senders: server CPU-s per s', s and s['cpuPerSecond'], o and o['cpuPerSecond'], digits=2)} |")
    lost = lambda r: "not run (the step-up had stopped)" if r is None else f"{r['lost']} / {r['duplicated']} / {r['errors']}"
    w(f"| {group(n)} | lost / duplicated / errors | {lost(s)} | {lost(o)} | |")
if not ingest["standin"] and not ingest["orleans"]:
    w("| — | did not run | | | |")
w("")

# Smaller scenarios
others = [("chat", "message to viewer"), ("churn", "open to joined"), ("many small rallies", "reaction to viewer")]
if any(r["scenario"] in {o[0] for o in others} for b in BUILDS for r in results[b]):
    w(f"### Chat, churn and many small rallies (at {meta['scale']} of the standard size)")
    w("")
    w("| scenario | figure | stand-in | Orleans | Orleans / stand-in |")
    w("|---|---|---:|---:|---:|")
    for scenario, kind in others:
        s = next((r for r in results["standin"] if r["scenario"] == scenario), None)
        o = next((r for r in results["orleans"] if r["scenario"] == scenario), None)
        if s is None and o is None:
            continue
        size = (s or o)["connections"]
        for name, key in ((f"{kind} p50 (ms)", "p50Ms"), (f"{kind} p99 (ms)", "p99Ms")):
            w(f"| {scenario} ({group(size)}) | {name} | {compare(f'{scenario}: {name}', lat(s, 'latency', key), lat(o, 'latency', key))} |")
        w(f"| {scenario} ({group(size)}) | server CPU-s per s | {compare(f'{scenario}: server CPU-s per s', s and s['cpuPerSecond'], o and o['cpuPerSecond'], digits=2)} |")
        lost = lambda r: "—" if r is None else f"{r['lost']} / {r['duplicated']} / {r['errors']}"
        w(f"| {scenario} ({group(size)}) | lost / duplicated / errors | {lost(s)} | {lost(o)} | |")
    w("")

# ---- Targets -----------------------------------------------------------------------------------------------------
w("## Product targets at the levels tested")
w("")
w("Frame delivery p99 under 250 ms and reaction-to-viewer p99 under 500 ms with nothing lost, at each fan-out step; the")
w("poll burst counted exactly (tallies equal to the acknowledged votes) and durable across `kill -9`.")
w("")
w("| check | stand-in | Orleans |")
w("|---|---|---|")
for k in keys:
    def verdict(r):
        if r is None:
            return "not run"
        ok = within(r)
        return f"{'**met**' if ok else '**missed**'} (frame p99 {cell(lat(r, 'frameLatency', 'p99Ms'), 0)} ms, reaction p99 {cell(lat(r, 'latency', 'p99Ms'), 0)} ms, lost {r['lost']})"
    w(f"| {group(k[0])} viewers at {k[1]} reactions / viewer / min | {verdict(steps['standin'].get(k))} | {verdict(steps['orleans'].get(k))} |")


def poll_verdict(b):
    if poll[b] is None:
        return "not run"
    durable = "(**durable**)" in durability[b]
    return f"{'**exact**' if exact[b] else '**not exact**'}, {'durable' if durable else 'durability not shown'} ({sum(poll[b]['expected']):,} votes)"


w(f"| poll burst exact and durable | {poll_verdict('standin')} | {poll_verdict('orleans')} |")
w("")

# ---- Headline --------------------------------------------------------------------------------------------------
w("## What got slower, by how much (figures of this run)")
w("")
w("Every figure above where Orleans is worse than the stand-in by more than 10 %, worst first (for a rate, the factor")
w("is stand-in / Orleans, so that above 1 always means worse on Orleans):")
w("")
if slower:
    w("| figure | stand-in | Orleans | worse by |")
    w("|---|---:|---:|---:|")
    for what, s, o, factor in sorted(slower, key=lambda x: -x[3]):
        w(f"| {what} | {s} | {o} | {factor:,.2f}× |")
else:
    w("Nothing: no figure was more than 10 % worse on Orleans.")
w("")
print("\n".join(out))
