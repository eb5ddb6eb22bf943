#!/usr/bin/env python3
"""Runs SUMO through TraCI with an additional file and reports what the traffic lights actually ran.

  check_programs.py NET ROUTES ADD END

Prints JSON: {"programs": {tl: active programID}, "phase0": {tl: [times phase 0 began]}, "cycle": {tl: s},
"teleports": n, "arrived": n, "departed": n}.
"""
import json
import os
import sys

import sumo
import traci

net, routes, add, end = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
binary = os.path.join(os.path.dirname(sys.executable), "sumo")
traci.start([binary, "-n", net, "-r", routes, "-a", add, "--no-step-log", "true", "--no-warnings", "true",
             "--end", str(int(end))])
tls = traci.trafficlight.getIDList()
programs = {t: traci.trafficlight.getProgram(t) for t in tls}
cycles = {}
for t in tls:
    logic = [l for l in traci.trafficlight.getAllProgramLogics(t) if l.programID == programs[t]][0]
    cycles[t] = sum(p.duration for p in logic.phases)
phase0 = {t: [] for t in tls}
last = {t: traci.trafficlight.getPhase(t) for t in tls}
teleports = arrived = departed = 0
while traci.simulation.getTime() < end:
    traci.simulationStep()
    now = traci.simulation.getTime()
    teleports += traci.simulation.getStartingTeleportNumber()
    arrived += traci.simulation.getArrivedNumber()
    departed += traci.simulation.getDepartedNumber()
    for t in tls:
        p = traci.trafficlight.getPhase(t)
        if p == 0 and last[t] != 0:
            # The phase began during the step that just ended.
            phase0[t].append(now - traci.simulation.getDeltaT())
        last[t] = p
traci.close()
json.dump({"programs": programs, "phase0": phase0, "cycle": cycles, "teleports": teleports,
           "arrived": arrived, "departed": departed}, sys.stdout)
