#!/usr/bin/env python3
"""Generates a SUMO test corridor: an east-west arterial of signalized junctions at irregular spacing with
side streets, plus route files at three demand levels (light, medium, near saturation).

  make_corridor.py --out DIR [--junctions 8] [--seed 1] [--duration 3600] [--levels light,medium,heavy]

Writes DIR/corridor.net.xml (built by netconvert), DIR/<level>.rou.xml (vehicles with their routes) and prints
the arterial's junction ids, comma separated, outbound (west to east) order.
"""
import argparse
import os
import random
import subprocess
import sys

# Vehicles per hour: arterial through per direction, side street per approach, share of arterial traffic
# that enters or leaves by a side street at each junction.
LEVELS = {
    "light": {"arterial": 450, "side": 120},
    "medium": {"arterial": 800, "side": 180},
    "heavy": {"arterial": 1100, "side": 240},
}
ARTERIAL_SPEED = 13.89   # 50 km/h
SIDE_SPEED = 11.11


def build_network(out, n, rng):
    gaps = [rng.choice([170, 220, 260, 330, 420, 520, 610]) + rng.randint(-20, 20) for _ in range(n - 1)]
    xs = [0]
    for g in gaps:
        xs.append(xs[-1] + g)
    nodes = ['<nodes>', '  <node id="W" x="-400" y="0" type="priority"/>',
             f'  <node id="E" x="{xs[-1] + 400}" y="0" type="priority"/>']
    for i, x in enumerate(xs):
        nodes.append(f'  <node id="J{i}" x="{x}" y="0" type="traffic_light" tlType="static"/>')
        nodes.append(f'  <node id="N{i}" x="{x}" y="250" type="priority"/>')
        nodes.append(f'  <node id="S{i}" x="{x}" y="-250" type="priority"/>')
    nodes.append('</nodes>')
    chain = ["W"] + [f"J{i}" for i in range(n)] + ["E"]
    edges = ['<edges>']
    for a, b in zip(chain, chain[1:]):
        for u, v in ((a, b), (b, a)):
            edges.append(f'  <edge id="{u}_{v}" from="{u}" to="{v}" numLanes="3" speed="{ARTERIAL_SPEED}" priority="3"/>')
    for i in range(n):
        for side in ("N", "S"):
            edges.append(f'  <edge id="{side}{i}_J{i}" from="{side}{i}" to="J{i}" numLanes="1" speed="{SIDE_SPEED}" priority="1"/>')
            edges.append(f'  <edge id="J{i}_{side}{i}" from="J{i}" to="{side}{i}" numLanes="1" speed="{SIDE_SPEED}" priority="1"/>')
    edges.append('</edges>')
    # Lane use on the arterial approaches: lane 0 right + through, lane 1 through, lane 2 left only.
    cons = ['<connections>']
    for i in range(n):
        j = f"J{i}"
        west, east = chain[i], chain[i + 2]
        for frm, to_through, right, left in ((f"{west}_{j}", f"{j}_{east}", f"{j}_S{i}", f"{j}_N{i}"),
                                             (f"{east}_{j}", f"{j}_{west}", f"{j}_N{i}", f"{j}_S{i}")):
            cons.append(f'  <connection from="{frm}" to="{right}" fromLane="0" toLane="0"/>')
            cons.append(f'  <connection from="{frm}" to="{to_through}" fromLane="0" toLane="0"/>')
            cons.append(f'  <connection from="{frm}" to="{to_through}" fromLane="1" toLane="1"/>')
            cons.append(f'  <connection from="{frm}" to="{left}" fromLane="2" toLane="0"/>')
    cons.append('</connections>')
    for name, lines in (("corridor.nod.xml", nodes), ("corridor.edg.xml", edges), ("corridor.con.xml", cons)):
        with open(os.path.join(out, name), "w") as f:
            f.write("\n".join(lines) + "\n")
    netconvert = os.path.join(os.path.dirname(sys.executable), "netconvert")
    subprocess.run([netconvert, "-n", os.path.join(out, "corridor.nod.xml"), "-e", os.path.join(out, "corridor.edg.xml"),
                    "-x", os.path.join(out, "corridor.con.xml"), "-o", os.path.join(out, "corridor.net.xml"),
                    "--no-turnarounds", "true", "--tls.default-type", "static", "--no-warnings", "true",
                    "--tls.cycle.time", "90"], check=True)
    return chain


def arterial_path(chain, a, b):
    """Edges along the arterial from chain index a to b (a, b are indices into chain)."""
    step = 1 if b > a else -1
    return [f"{chain[k]}_{chain[k + step]}" for k in range(a, b, step)]


def build_routes(out, chain, n, level, duration, rng):
    demand = LEVELS[level]
    streams = []   # (vehicles per hour, edges)
    last = len(chain) - 1
    # End-to-end arterial traffic, both directions.
    streams.append((demand["arterial"] * 0.7, arterial_path(chain, 0, last)))
    streams.append((demand["arterial"] * 0.7, arterial_path(chain, last, 0)))
    # Arterial traffic that leaves by a side street, and side-street traffic that joins the arterial.
    share = demand["arterial"] * 0.3 / n
    for i in range(n):
        ci = i + 1
        for side, other in (("N", "S"), ("S", "N")):
            streams.append((share / 2, arterial_path(chain, 0, ci) + [f"J{i}_{side}{i}"]))
            streams.append((share / 2, arterial_path(chain, last, ci) + [f"J{i}_{side}{i}"]))
            join = demand["side"] * 0.5
            target = rng.choice([0, last])
            streams.append((join, [f"{side}{i}_J{i}"] + arterial_path(chain, ci, target)))
            streams.append((demand["side"] * 0.5, [f"{side}{i}_J{i}", f"J{i}_{other}{i}"]))
    vehicles = []
    for rate, edges in streams:
        t = rng.expovariate(rate / 3600.0)
        while t < duration:
            vehicles.append((t, edges))
            t += rng.expovariate(rate / 3600.0)
    vehicles.sort(key=lambda v: v[0])
    lines = ['<routes>', '  <vType id="car" length="4.5" minGap="2.5" accel="2.6" decel="4.5" sigma="0.5" maxSpeed="16.7"/>']
    for k, (t, edges) in enumerate(vehicles):
        lines.append(f'  <vehicle id="v{k}" type="car" depart="{t:.2f}" departLane="best" departSpeed="max">')
        lines.append(f'    <route edges="{" ".join(edges)}"/>')
        lines.append('  </vehicle>')
    lines.append('</routes>')
    with open(os.path.join(out, f"{level}.rou.xml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--junctions", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--duration", type=float, default=3600)
    ap.add_argument("--levels", default="light,medium,heavy")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    chain = build_network(args.out, args.junctions, rng)
    for level in args.levels.split(","):
        build_routes(args.out, chain, args.junctions, level, args.duration, random.Random(args.seed * 1000 + {"light": 1, "medium": 2, "heavy": 3}.get(level, 4)))
    print(",".join(f"J{i}" for i in range(args.junctions)))


if __name__ == "__main__":
    main()
