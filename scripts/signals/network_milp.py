#!/usr/bin/env python3
"""Solves network MAXBAND programs with scipy's MILP solver (HiGHS), to cross-check Pingan's exact network solver.

Input (stdin or a file argument): a JSON list of programs as Pingan encodes `NetworkProblem`:
  {"cycle": C, "intersectionCount": N,
   "arterials": [{"problem": <BandProblem, as maxband_milp.py reads it>, "weight": w, "intersections": [j, ...]}]}
Output (stdout): a JSON list of {"objective", "bands": [[b, bb], ...], "status", "seconds"}.

The program is MAXBAND (see maxband_milp.py) written once per arterial a, with one offset phi_j per intersection
shared by every arterial through it (so offsets agree around every loop), phi_0 = 0, and the objective
  max sum_a w_a (b_a + k_a bb_a).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def solve(program, time_limit=None):
    C = float(program["cycle"])
    arterials = program["arterials"]
    names = [f"phi{j}" for j in range(program["intersectionCount"])]
    for a, art in enumerate(arterials):
        names += [f"b{a}", f"bb{a}", f"x{a}", f"y{a}"]
        for i, options in enumerate(art["problem"]["nodes"]):
            names += [f"u{a}_{i}", f"ub{a}_{i}", f"n{a}_{i}", f"nb{a}_{i}"]
            names += [f"z{a}_{i}_{p}" for p in range(len(options))]
    index = {name: j for j, name in enumerate(names)}
    nv = len(names)
    lo, hi, integrality = np.zeros(nv), np.full(nv, np.inf), np.zeros(nv)
    for j in range(program["intersectionCount"]):
        hi[index[f"phi{j}"]] = 0 if j == 0 else C
    rows, rlo, rhi = [], [], []

    def row(coeffs, low, high):
        r = np.zeros(nv)
        for name, value in coeffs.items():
            r[index[name]] += value
        rows.append(r)
        rlo.append(low)
        rhi.append(high)

    objective = np.zeros(nv)
    for a, art in enumerate(arterials):
        p = art["problem"]
        k = max(float(p["ratio"]), 0.0)
        nodes, out_t, in_t = p["nodes"], p["outboundTravel"], p["inboundTravel"]
        n = len(nodes)
        T = [sum(out_t[:i]) for i in range(n)]
        Tb = [sum(in_t[i:]) for i in range(n)]
        hi[index[f"x{a}"]] = C
        hi[index[f"y{a}"]] = C
        for i, options in enumerate(nodes):
            phi = f"phi{art['intersections'][i]}"
            # n C = x + T - phi - a - u with x, phi, a, u in [0, C].
            for name, t in ((f"n{a}_{i}", T[i]), (f"nb{a}_{i}", Tb[i])):
                lo[index[name]], hi[index[name]] = np.floor(t / C) - 3, np.ceil(t / C) + 1
                integrality[index[name]] = 1
            zs = [f"z{a}_{i}_{q}" for q in range(len(options))]
            for z in zs:
                hi[index[z]] = 1
                integrality[index[z]] = 1
            c = {f"x{a}": 1, phi: -1, f"u{a}_{i}": -1, f"n{a}_{i}": -C}
            for z, w in zip(zs, options):
                c[z] = -w["outboundStart"]
            row(c, -T[i], -T[i])
            c = {f"u{a}_{i}": 1, f"b{a}": 1}
            for z, w in zip(zs, options):
                c[z] = -w["outboundLength"]
            row(c, -np.inf, 0)
            c = {f"y{a}": 1, phi: -1, f"ub{a}_{i}": -1, f"nb{a}_{i}": -C}
            for z, w in zip(zs, options):
                c[z] = -w["inboundStart"]
            row(c, -Tb[i], -Tb[i])
            c = {f"ub{a}_{i}": 1, f"bb{a}": 1}
            for z, w in zip(zs, options):
                c[z] = -w["inboundLength"]
            row(c, -np.inf, 0)
            row({z: 1 for z in zs}, 1, 1)
        if abs(1 - k) > 1e-12:
            row({f"bb{a}": 1 - k, f"b{a}": -(1 - k) * k}, 0, np.inf)
        objective[index[f"b{a}"]] = -art["weight"]
        objective[index[f"bb{a}"]] = -art["weight"] * k
    options = {"mip_rel_gap": 0, "presolve": True}
    if time_limit:
        options["time_limit"] = time_limit
    start = time.time()
    result = milp(objective, constraints=LinearConstraint(np.array(rows), rlo, rhi),
                  integrality=integrality, bounds=Bounds(lo, hi), options=options)
    seconds = time.time() - start
    if result.x is None:
        return {"status": result.message, "objective": None, "bands": None, "seconds": seconds}
    bands = [[result.x[index[f"b{a}"]], result.x[index[f"bb{a}"]]] for a in range(len(arterials))]
    return {"status": "optimal" if result.success else result.message, "objective": -result.fun,
            "bands": bands, "seconds": seconds}


def main():
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else None
    json.dump([solve(p, limit) for p in json.loads(text)], sys.stdout)


if __name__ == "__main__":
    main()
