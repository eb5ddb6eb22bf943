#!/usr/bin/env python3
"""Solves MAXBAND bandwidth programs with scipy's MILP solver (HiGHS), to cross-check Pingan's exact solver.

Input (stdin or a file argument): a JSON list of problems as Pingan encodes `BandProblem`:
  {"cycle": C, "ratio": k, "outboundTravel": [...], "inboundTravel": [...],
   "nodes": [[{"outboundStart", "outboundLength", "inboundStart", "inboundLength", ...}, ...], ...]}
Output (stdout): a JSON list of {"objective", "outbound", "inbound", "status"}.

The program, at a fixed common cycle C (MAXBAND of Little, Kelson & Gartner 1981, written with offsets):
  max b + k*bb
  x + T_i - phi_i - sum_p z_ip a_ip - u_i  - n_i  C = 0,   u_i  + b  <= sum_p z_ip G_ip
  y + Tb_i - phi_i - sum_p z_ip ab_ip - ub_i - nb_i C = 0, ub_i + bb <= sum_p z_ip Gb_ip
  sum_p z_ip = 1 (left-turn order), (1-k) bb >= (1-k) k b, phi_0 = 0,
  b, bb, u, ub >= 0; n, nb integer; z binary.
"""
import json
import sys

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def solve(problem):
    C = float(problem["cycle"])
    k = max(float(problem["ratio"]), 0.0)
    nodes = problem["nodes"]
    out_t = problem["outboundTravel"]
    in_t = problem["inboundTravel"]
    n = len(nodes)
    T = [sum(out_t[:i]) for i in range(n)]
    Tb = [sum(in_t[i:]) for i in range(n)]
    # Variable layout.
    names = ["b", "bb", "x", "y"]
    for i in range(n):
        names += [f"phi{i}", f"u{i}", f"ub{i}", f"n{i}", f"nb{i}"]
        names += [f"z{i}_{p}" for p in range(len(nodes[i]))]
    index = {name: j for j, name in enumerate(names)}
    nv = len(names)
    lo = np.zeros(nv)
    hi = np.full(nv, np.inf)
    integrality = np.zeros(nv)
    lo[index["x"]], hi[index["x"]] = 0, C
    lo[index["y"]], hi[index["y"]] = 0, C
    for i in range(n):
        lo[index[f"phi{i}"]], hi[index[f"phi{i}"]] = 0, (0 if i == 0 else C)
        for name in (f"n{i}", f"nb{i}"):
            lo[index[name]], hi[index[name]] = -200, 200
            integrality[index[name]] = 1
        for p in range(len(nodes[i])):
            lo[index[f"z{i}_{p}"]], hi[index[f"z{i}_{p}"]] = 0, 1
            integrality[index[f"z{i}_{p}"]] = 1
    rows, rlo, rhi = [], [], []

    def row(coeffs, low, high):
        r = np.zeros(nv)
        for name, value in coeffs.items():
            r[index[name]] += value
        rows.append(r)
        rlo.append(low)
        rhi.append(high)

    for i, options in enumerate(nodes):
        zs = [f"z{i}_{p}" for p in range(len(options))]
        # Outbound: x + T_i - phi_i - a(z) - u_i - n_i C = 0
        c = {"x": 1, f"phi{i}": -1, f"u{i}": -1, f"n{i}": -C}
        for z, w in zip(zs, options):
            c[z] = -w["outboundStart"]
        row(c, -T[i], -T[i])
        c = {f"u{i}": 1, "b": 1}
        for z, w in zip(zs, options):
            c[z] = -w["outboundLength"]
        row(c, -np.inf, 0)
        c = {"y": 1, f"phi{i}": -1, f"ub{i}": -1, f"nb{i}": -C}
        for z, w in zip(zs, options):
            c[z] = -w["inboundStart"]
        row(c, -Tb[i], -Tb[i])
        c = {f"ub{i}": 1, "bb": 1}
        for z, w in zip(zs, options):
            c[z] = -w["inboundLength"]
        row(c, -np.inf, 0)
        row({z: 1 for z in zs}, 1, 1)
    if abs(1 - k) > 1e-12:
        row({"bb": 1 - k, "b": -(1 - k) * k}, 0, np.inf)
    objective = np.zeros(nv)
    objective[index["b"]] = -1
    objective[index["bb"]] = -k
    result = milp(objective, constraints=LinearConstraint(np.array(rows), rlo, rhi),
                  integrality=integrality, bounds=Bounds(lo, hi),
                  options={"mip_rel_gap": 0, "presolve": True})
    if result.x is None:
        return {"status": result.message, "objective": None, "outbound": None, "inbound": None}
    return {"status": "optimal" if result.success else result.message,
            "objective": -result.fun, "outbound": result.x[index["b"]], "inbound": result.x[index["bb"]]}


def main():
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    problems = json.loads(text)
    json.dump([solve(p) for p in problems], sys.stdout)


if __name__ == "__main__":
    main()
