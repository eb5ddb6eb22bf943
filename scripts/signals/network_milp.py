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

from maxband_milp import Program, add_arterial


def solve(network, time_limit=None):
    C = float(network["cycle"])
    program = Program()
    phis = [program.var(f"phi{j}", 0, 0 if j == 0 else C) for j in range(network["intersectionCount"])]
    bands = []
    for a, art in enumerate(network["arterials"]):
        b, bb, k = add_arterial(program, art["problem"], C, lambda i, art=art: phis[art["intersections"][i]], tag=str(a))
        program.maximise(b, art["weight"])
        program.maximise(bb, art["weight"] * k)
        bands.append((b, bb))
    options = {"mip_rel_gap": 0, "presolve": True}
    if time_limit:
        options["time_limit"] = time_limit
    start = time.time()
    result = program.solve(options)
    seconds = time.time() - start
    if result.x is None:
        return {"status": result.message, "objective": None, "bands": None, "seconds": seconds}
    return {"status": "optimal" if result.success else result.message, "objective": -result.fun,
            "bands": [[result.x[program.index[b]], result.x[program.index[bb]]] for b, bb in bands], "seconds": seconds}


def main():
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else None
    json.dump([solve(p, limit) for p in json.loads(text)], sys.stdout)


if __name__ == "__main__":
    main()
