"""Run ``noegletal compute`` exactly as the data contract describes and diff it with the reference.

Also a command for long local runs::

    PYTHONPATH=src:. .venv/bin/python -m tests.audit.compare --seeds 0-499

which prints every differing row, grouped by key figure, for every seed that differs.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from tests.audit.generate import generate
from tests.audit.reference import compute_reference

KEYS = ["noegletal", "kommunekode", "dato", "dimension"]
REL_TOL = 1e-9


def run_compute(folder: Path, datoer, out: Path) -> subprocess.CompletedProcess:
    """``python -m noegletal compute --data DIR --datoer ... --out FILE`` in a clean cwd."""
    env = dict(os.environ)
    env["NOEGLETAL_DATA_DIR"] = str(out.parent / "store")
    src = Path(__file__).resolve().parents[2] / "src"
    env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "noegletal", "compute", "--data", str(folder),
         "--datoer", ",".join(d.isoformat() for d in datoer), "--out", str(out)],
        capture_output=True, text=True, cwd=out.parent, env=env, timeout=600,
    )


def read_output(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"dimension": str, "dato": str}, keep_default_na=False,
                     encoding="utf-8")
    df["dimension"] = df["dimension"].fillna("")
    for c in ("vaerdi", "taeller", "naevner"):
        df[c] = pd.to_numeric(df[c].replace("", None), errors="raise")
    df["kommunekode"] = df["kommunekode"].astype(int)
    return df


def _same(a, b, exact: bool) -> bool:
    a_na = a is None or (isinstance(a, float) and math.isnan(a))
    b_na = b is None or (isinstance(b, float) and math.isnan(b))
    if a_na or b_na:
        return a_na and b_na
    a, b = float(a), float(b)
    if exact and a == int(a) and b == int(b):
        return a == b
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-9)


def diff(ours: pd.DataFrame, ref: pd.DataFrame) -> list[str]:
    """Every missing, extra or differing row, as readable lines (empty list = identical)."""
    problems = []
    for name, df in (("ours", ours), ("reference", ref)):
        dup = df[df.duplicated(KEYS, keep=False)]
        if len(dup):
            problems.append(f"duplicate keys in {name}: {dup.head(4).to_dict('records')}")
    a = ours.drop_duplicates(KEYS).set_index(KEYS)
    b = ref.drop_duplicates(KEYS).set_index(KEYS)
    for key in b.index.difference(a.index):
        problems.append(f"MISSING {key}: reference {tuple(b.loc[key])}")
    for key in a.index.difference(b.index):
        problems.append(f"EXTRA {key}: ours {tuple(a.loc[key])}")
    for key in a.index.intersection(b.index):
        ra, rb = a.loc[key], b.loc[key]
        bad = [c for c in ("vaerdi", "taeller", "naevner")
               if not _same(ra[c], rb[c], exact=c != "vaerdi")]
        if bad:
            problems.append(f"DIFF {key} {bad}: ours {tuple(ra)} reference {tuple(rb)}")
    return sorted(problems)


def check_seed(seed: int, workdir: Path) -> list[str]:
    folder = workdir / f"seed{seed}"
    data, datoer = generate(seed, folder)
    out = workdir / f"out{seed}" / "noegletal.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    r = run_compute(folder, datoer, out)
    if r.returncode != 0:
        return [f"exit code {r.returncode}: {r.stderr[-2000:]}"]
    return diff(read_output(out), compute_reference(data, datoer))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seeds", default="0-49", help="e.g. 0-499 or 3,7,11")
    ap.add_argument("--keep", type=Path, default=None, help="keep folders here")
    ap.add_argument("--max-lines", type=int, default=15)
    args = ap.parse_args(argv)
    if "-" in args.seeds:
        lo, hi = map(int, args.seeds.split("-"))
        seeds = range(lo, hi + 1)
    else:
        seeds = [int(s) for s in args.seeds.split(",")]
    failing = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        for seed in seeds:
            problems = check_seed(seed, work)
            if problems:
                failing += 1
                print(f"seed {seed}: {len(problems)} problems")
                for p in problems[: args.max_lines]:
                    print("   ", p)
    print(f"{failing} of {len(seeds)} seeds differ")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
