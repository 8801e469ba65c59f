"""What every benchmark script shares: the machine description, the national-scale sample,
peak memory, Danish number formatting and the results folder.

The national-scale sample (``noegletal.sample.generate(dir, kommuner=98)``) is generated once
into ``benchmarks/out/`` (ignored by git) under a name that includes a hash of the generator's
source files, so a changed generator never reuses stale files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
RESULTS = HERE / "results"
NATIONAL_KOMMUNER = 98

# The report's tertial cut-offs, 2015-2025 (33 dates).
TERTIAL_DAYS = ("01-31", "05-31", "09-30")


def tertial_cutoffs(first_year: int = 2015, last_year: int = 2025) -> list[str]:
    """ISO dates of the tertial cut-offs 31 January, 31 May and 30 September of each year."""
    return [f"{y}-{md}" for y in range(first_year, last_year + 1) for md in TERTIAL_DAYS]


def peak_rss_mb() -> float:
    """This process's peak resident memory (max RSS) so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """The largest peak RSS of any waited-for child process, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# ------------------------------------------------------------------ machine

def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _postgres_version(url: str | None) -> str | None:
    if not url:
        return None
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(url)
        with engine.connect() as conn:
            version = conn.execute(sa.text("SHOW server_version")).scalar_one()
        engine.dispose()
        return str(version).split()[0]
    except Exception:  # the description must not stop a benchmark
        return None


def _version(module: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # the description must not stop a benchmark
        return None


def machine(postgres_url: str | None = None) -> dict:
    """The machine and software the figures were measured on."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pandas": _version("pandas"),
        "numpy": _version("numpy"),
        "streamlit": _version("streamlit"),
        "sqlalchemy": _version("sqlalchemy"),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _postgres_version(postgres_url),
        "git_commit": _git_commit(),
    }


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        return out.stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


# ------------------------------------------------------------------ national sample

def _generator_hash() -> str:
    """A short hash of the sample generator's source, part of the cached data's name."""
    import noegletal.sample as sample

    h = hashlib.sha256()
    for path in sorted(Path(sample.__file__).parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def national_sample(kommuner: int = NATIONAL_KOMMUNER, *, log=print) -> Path:
    """The folder with the generated extracts for ``kommuner`` municipalities (generated on
    first use, reused while the generator is unchanged)."""
    from noegletal.sample import SAMPLE_FILES, generate

    folder = OUT / f"sample-{kommuner}-{_generator_hash()}"
    if all((folder / f"{name}.csv").exists() for name in SAMPLE_FILES):
        return folder
    log(f"Genererer eksempeldata for {kommuner} kommuner i {folder.relative_to(ROOT)} …")
    t0 = time.perf_counter()
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    generate(tmp, kommuner=kommuner)
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)  # only a complete set of files gets the final name
    log(f"  færdig på {format_number(time.perf_counter() - t0, 0)} s")
    return folder


# ------------------------------------------------------------------ output

def format_number(x: float | int | None, decimals: int = 1) -> str:
    """Danish number: ``1.234,5``; ``–`` for missing (``noegletal.domain.formatting``)."""
    from noegletal.domain.formatting import format_number as danish

    return danish(x, decimals)


def write_result(name: str, payload: dict) -> Path:
    """Write ``benchmarks/results/<name>.json`` with the measuring time added."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": name,
               "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
               **payload}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run_json_child(args: list[str], *, env: dict | None = None, timeout: float = 3600) -> dict:
    """Run ``python <args>`` in a fresh process and parse the last line of its output as JSON.

    A failing child raises ``RuntimeError`` with the end of its error output.
    """
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-25:])
        raise RuntimeError(f"{' '.join(args[:2])} fejlede (kode {proc.returncode}):\n{tail}")
    lines = [ln for ln in proc.stdout.strip().splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args[:2])} skrev intet resultat:\n{proc.stdout[-2000:]}")
    return json.loads(lines[-1])


_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def slug(text: str) -> str:
    return _SAFE.sub("-", text).strip("-") or "x"
