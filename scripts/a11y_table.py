"""Write the accessibility section's generated part into README.md from the latest axe
results (``docs/a11y/axe-results.json``, written by the browser tests with
``NOEGLETAL_AXE_UPDATE=1``).

The README holds it between ``<!-- a11y:start -->`` and ``<!-- a11y:end -->``.

Usage from the repository root: ``.venv/bin/python scripts/a11y_table.py``
(``--check`` only reports whether README.md is up to date, with exit code 1 if not).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- a11y:start -->", "<!-- a11y:end -->"


def readme_with_section(readme: str, section: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{section.strip()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check README.md")
    args = parser.parse_args(argv)
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    from noegletal.presentation.accessibility import load_results, readme_section

    readme = README.read_text(encoding="utf-8")
    new = readme_with_section(readme, readme_section(load_results()))
    if args.check:
        if new != readme:
            print("README.md er ikke opdateret; kør scripts/a11y_table.py.")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    print("Skrev tilgængelighedstabellen i README.md.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
