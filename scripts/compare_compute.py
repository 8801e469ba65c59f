"""Compare ``noegletal compute`` output of a git revision with the working tree, byte for byte.

    python scripts/compare_compute.py --rev main
    python scripts/compare_compute.py --rev c387c61 --national /path/to/national_data
    python scripts/compare_compute.py --rev main --skip-national

The revision is checked out in a temporary ``git worktree`` and run from its ``src`` (with
``PYTHONPATH``, using the current interpreter and its installed dependencies); the working
tree's ``src`` is run the same way. Both compute on ``sample_data`` and on a national-scale
sample (98 municipalities, seed 2018, generated once with the working tree's generator into a
temporary folder unless ``--national`` names an existing folder). Exit status 0 when every
pair of outputs is identical, 1 otherwise (the first differing lines are printed).
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATES = ",".join(
    f"{year}-{md}" for year in range(2016, 2026) for md in ("01-31", "05-31", "09-30")
)


def _run_compute(src: Path, data: Path, dates: str, out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(src))
    code = "from noegletal.cli import main; main()"
    cmd = [sys.executable, "-c", code, "compute", "--data", str(data), "--datoer", dates,
           "--out", str(out)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"compute failed with {src} on {data}")


def _check_imports_from(src: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(src))
    proc = subprocess.run([sys.executable, "-c", "import noegletal; print(noegletal.__file__)"],
                          env=env, capture_output=True, text=True, check=True)
    where = Path(proc.stdout.strip()).resolve()
    if src.resolve() not in where.parents:
        raise SystemExit(f"PYTHONPATH={src} imports noegletal from {where}; cannot compare")


def _diff(a: Path, b: Path, label: str) -> bool:
    if a.read_bytes() == b.read_bytes():
        print(f"{label}: identical ({a.stat().st_size} bytes)")
        return True
    print(f"{label}: DIFFERENT")
    la = a.read_text(encoding="utf-8").splitlines()
    lb = b.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(difflib.unified_diff(la, lb, "revision", "working tree",
                                                  lineterm="", n=0)):
        if i >= 40:
            print("...")
            break
        print(line)
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="main", help="git revision to compare with (default main)")
    ap.add_argument("--national", type=Path, default=None,
                    help="folder with a national-scale sample (default: generate one)")
    ap.add_argument("--skip-national", action="store_true")
    ap.add_argument("--datoer", default=DEFAULT_DATES)
    ap.add_argument("--keep", type=Path, default=None, help="copy the outputs to this folder")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="compare-compute-"))
    tree = tmp / "rev"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.rev],
                   check=True, capture_output=True)
    ok = True
    try:
        sources = {"revision": tree / "src", "working": ROOT / "src"}
        for src in sources.values():
            _check_imports_from(src)
        datasets = {"sample_data": ROOT / "sample_data"}
        if not args.skip_national:
            national = args.national
            if national is None:
                national = tmp / "national"
                env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
                subprocess.run([sys.executable, "-c", "from noegletal.cli import main; main()",
                                "sample", "--kommuner", "98", "--seed", "2018", "--out",
                                str(national)], env=env, check=True, capture_output=True)
            datasets["national"] = national
        for name, data in datasets.items():
            outs = {}
            for label, src in sources.items():
                outs[label] = tmp / f"{name}-{label}.csv"
                _run_compute(src, data, args.datoer, outs[label])
            ok &= _diff(outs["revision"], outs["working"], f"{name} ({args.rev} vs working tree)")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for path in outs.values():
                    shutil.copy(path, args.keep / path.name)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       check=False, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
