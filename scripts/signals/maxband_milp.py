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


class Program:
    """A MILP built by name: variables with bounds and integrality, rows of named coefficients, and a
    weighted sum of variables to maximise. The arterial and the network scripts both build on it."""

    def __init__(self):
        self.index, self.lo, self.hi, self.integer = {}, [], [], []
        self.rows, self.gain = [], {}

    def var(self, name, lo=0.0, hi=np.inf, integer=False):
        self.index[name] = len(self.lo)
        self.lo.append(lo)
        self.hi.append(hi)
        self.integer.append(1 if integer else 0)
        return name

    def row(self, coeffs, low, high):
        self.rows.append((coeffs, low, high))

    def maximise(self, name, weight):
        self.gain[name] = self.gain.get(name, 0.0) + weight

    def solve(self, options):
        """scipy's milp on the program; returns its result (x indexed through `self.index`)."""
        nv = len(self.lo)
        a = np.zeros((len(self.rows), nv))
        for r, (coeffs, _, _) in enumerate(self.rows):
            for name, value in coeffs.items():
                a[r, self.index[name]] += value
        objective = np.zeros(nv)
        for name, weight in self.gain.items():
            objective[self.index[name]] = -weight
        return milp(objective, constraints=LinearConstraint(a, [r[1] for r in self.rows], [r[2] for r in self.rows]),
                    integrality=np.array(self.integer), bounds=Bounds(np.array(self.lo), np.array(self.hi)), options=options)


def add_arterial(program, problem, cycle, phi, tag=""):
    """Adds one arterial's MAXBAND variables and rows; `phi(i)` names the offset variable of its node i (made by
    the caller, so arterials can share them). Returns the names of its outbound and inbound bands and its ratio k."""
    C = cycle
    k = max(float(problem["ratio"]), 0.0)
    nodes, out_t, in_t = problem["nodes"], problem["outboundTravel"], problem["inboundTravel"]
    n = len(nodes)
    T = [sum(out_t[:i]) for i in range(n)]
    Tb = [sum(in_t[i:]) for i in range(n)]
    b, bb = program.var(f"b{tag}"), program.var(f"bb{tag}")
    x, y = program.var(f"x{tag}", 0, C), program.var(f"y{tag}", 0, C)
    for i, options in enumerate(nodes):
        u, ub = program.var(f"u{tag}_{i}"), program.var(f"ub{tag}_{i}")
        # n C = x + T - phi - a - u with x, phi, a, u in [0, C].
        ni = program.var(f"n{tag}_{i}", np.floor(T[i] / C) - 3, np.ceil(T[i] / C) + 1, integer=True)
        nbi = program.var(f"nb{tag}_{i}", np.floor(Tb[i] / C) - 3, np.ceil(Tb[i] / C) + 1, integer=True)
        zs = [program.var(f"z{tag}_{i}_{p}", 0, 1, integer=True) for p in range(len(options))]

        def with_choice(coeffs, key, sign=-1):
            for z, w in zip(zs, options):
                coeffs[z] = sign * w[key]
            return coeffs

        program.row(with_choice({x: 1, phi(i): -1, u: -1, ni: -C}, "outboundStart"), -T[i], -T[i])
        program.row(with_choice({u: 1, b: 1}, "outboundLength"), -np.inf, 0)
        program.row(with_choice({y: 1, phi(i): -1, ub: -1, nbi: -C}, "inboundStart"), -Tb[i], -Tb[i])
        program.row(with_choice({ub: 1, bb: 1}, "inboundLength"), -np.inf, 0)
        program.row({z: 1 for z in zs}, 1, 1)
    if abs(1 - k) > 1e-12:
        program.row({bb: 1 - k, b: -(1 - k) * k}, 0, np.inf)
    return b, bb, k


def solve(problem):
    C = float(problem["cycle"])
    program = Program()
    phis = [program.var(f"phi{i}", 0, 0 if i == 0 else C) for i in range(len(problem["nodes"]))]
    b, bb, k = add_arterial(program, problem, C, lambda i: phis[i])
    program.maximise(b, 1)
    program.maximise(bb, k)
    result = program.solve({"mip_rel_gap": 0, "presolve": True})
    if result.x is None:
        return {"status": result.message, "objective": None, "outbound": None, "inbound": None}
    return {"status": "optimal" if result.success else result.message,
            "objective": -result.fun, "outbound": result.x[program.index[b]], "inbound": result.x[program.index[bb]]}


def main():
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    problems = json.loads(text)
    json.dump([solve(p) for p in problems], sys.stdout)


if __name__ == "__main__":
    main()
