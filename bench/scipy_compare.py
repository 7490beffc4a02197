#!/usr/bin/python3
"""Solves one single-child batch-assignment instance with gfo's matcher and with SciPy's
linear_sum_assignment, in one run, and compares the optimal objectives and the solve times.

The instance (homes, single-child requests, the pruned candidates with their integer weights and
emergency bonuses) is written by matcher_instance_dump, which also records the matcher's own
optimum and timings. SciPy gets the same problem: rows are requests, columns are the free seats of
every candidate home plus one "unassigned" column per request (value 0); a non-candidate seat has
value 0 too, which can never beat leaving the request unassigned.

Run with Debian's python (pyenv's cannot see python3-scipy):
  /usr/bin/python3 bench/scipy_compare.py --dump build-matcher/bench/matcher_instance_dump \
      --homes 50000 --requests 1000 --seed 1 --region sweden
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment


def read_instance(path):
    homes = {}
    arcs = []
    cpp = {}
    header = {}
    with open(path) as f:
        if f.readline().split() != ["gfo-assignment-instance", "1"]:
            sys.exit(f"{path}: not a gfo assignment instance")
        fields = f.readline().split()
        header = {fields[i]: int(fields[i + 1]) for i in range(0, len(fields), 2)}
        fields = f.readline().split()[1:]
        cpp = {fields[i]: fields[i + 1] for i in range(0, len(fields), 2)}
        for line in f:
            parts = line.split()
            if parts[0] == "home":
                homes[int(parts[1])] = int(parts[2])
            elif parts[0] == "arc":
                arcs.append((int(parts[1]), int(parts[2]), int(parts[3]), float(parts[4])))
    return header, cpp, homes, arcs


def build_matrix(header, homes, arcs):
    n = header["requests"]
    seat_columns = {}
    column = 0
    for home, free in sorted(homes.items()):
        seat_columns[home] = list(range(column, column + max(free, 0)))
        column += max(free, 0)
    value = np.zeros((n, column + n), dtype=np.float64)
    score = np.zeros((n, column + n), dtype=np.float64)
    for request, home, weight, s in arcs:
        cols = seat_columns[home]
        value[request, cols] = weight
        score[request, cols] = s
    return value, score


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", default="build-matcher/bench/matcher_instance_dump")
    parser.add_argument("--homes", type=int, default=50000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--region", choices=["sweden", "county"], default="sweden")
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5, help="timed solves per solver (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "instance.txt")
        subprocess.run([args.dump, f"--homes={args.homes}", f"--requests={args.requests}",
                        f"--seed={args.seed}", f"--region={args.region}",
                        f"--candidates={args.candidates}", f"--runs={args.runs}",
                        f"--out={path}"], check=True, stdout=subprocess.DEVNULL)
        header, cpp, homes, arcs = read_instance(path)

    start = time.perf_counter()
    value, score = build_matrix(header, homes, arcs)
    build_ms = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        rows, cols = linear_sum_assignment(value, maximize=True)
        times.append((time.perf_counter() - start) * 1000)
    scipy_ms = sorted(times)[len(times) // 2]
    scipy_objective = int(round(value[rows, cols].sum()))
    scipy_score = float(score[rows, cols].sum())

    cpp_objective = int(cpp["objective"])
    cpp_score = float(cpp["total_score"])
    cpp_solve_ms = float(cpp["solve_ms"])
    cpp_candidates_ms = float(cpp["candidates_ms"])
    same = scipy_objective == cpp_objective
    print(f"instance: {args.requests} single-child requests, {args.homes} homes ({args.region}), "
          f"seed {args.seed}, R={args.candidates}: {header['homes']} candidate homes, "
          f"{header['arcs']} arcs, matrix {value.shape[0]}x{value.shape[1]}")
    print(f"scipy {scipy.__version__}, numpy {np.__version__}")
    print(f"objective  gfo {cpp_objective}  scipy {scipy_objective}  "
          f"{'EQUAL' if same else 'DIFFERENT'}")
    print(f"total score  gfo {cpp_score:.6f}  scipy {scipy_score:.6f}  "
          f"difference {abs(cpp_score - scipy_score):.2e}")
    print(f"solve ms (median of {args.runs})  gfo {cpp['method']} {cpp_solve_ms:.1f}  "
          f"scipy linear_sum_assignment {scipy_ms:.1f}  ratio scipy/gfo "
          f"{scipy_ms / cpp_solve_ms:.1f}")
    print(f"other ms  gfo candidate building (ranking every request) {cpp_candidates_ms:.1f}  "
          f"scipy matrix building {build_ms:.1f}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
