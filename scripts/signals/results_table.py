#!/usr/bin/env python3
"""Formats `pingan signals evaluate --output FILE` (or `--json > FILE`) outputs as the markdown tables of RESULTS.md.

  results_table.py light.json medium.json heavy.json
"""
import json
import os
import sys

METRICS = [("travelTime", "行程时间 s"), ("waitingTime", "等待 s"), ("timeLoss", "时间损失 s"), ("stops", "停车次数"),
           ("speed", "速度 km/h"), ("travelTimeIndex", "TTI"), ("performanceIndex", "运行指数")]

for path in sys.argv[1:]:
    data = json.load(open(path))
    level = os.path.splitext(os.path.basename(path))[0]
    seeds = data["seeds"]
    # `seeds` lists the seeds since the output became the API's evaluation record; it used to count them.
    print(f"### {level}: cycle {int(data['cycle'])} s, {len(seeds) if isinstance(seeds, list) else seeds} seeds\n")
    for group, title in (("arterial", "arterial (both directions)"), ("outbound", "outbound"), ("inbound", "inbound"),
                         ("overall", "all vehicles")):
        print(f"**{title}** (mean ± std over seeds)\n")
        print("| plan | " + " | ".join(label for _, label in METRICS) + " | teleports |")
        print("|---" * (len(METRICS) + 2) + "|")
        for alt in data["alternatives"]:
            m = alt["metrics"].get(group)
            if not m:
                continue
            cells = [f"{m[k]['mean']:.2f} ± {m[k]['std']:.2f}" for k, _ in METRICS]
            print(f"| {alt['label']} | " + " | ".join(cells) + f" | {alt['teleports']} |")
        print()
    alts = {a["name"]: a["metrics"]["arterial"] for a in data["alternatives"]}
    p = alts["pingan"]
    lines = []
    for name in ("offsetZero", "tlsCoordinator", "maxband", "own"):
        o = alts[name]
        dt = (p["travelTime"]["mean"] / o["travelTime"]["mean"] - 1) * 100
        ds = (p["stops"]["mean"] / o["stops"]["mean"] - 1) * 100
        dv = (p["speed"]["mean"] / o["speed"]["mean"] - 1) * 100
        lines.append(f"- Pingan vs {name}: arterial travel time {dt:+.1f} %, stops {ds:+.1f} %, speed {dv:+.1f} %")
    print("\n".join(lines) + "\n")
