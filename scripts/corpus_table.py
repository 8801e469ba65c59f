"""Run the bad-input corpus and write its summary table to ``docs/korpus.md`` and README.md.

The README holds the same table between the markers ``<!-- korpus:start -->`` and
``<!-- korpus:end -->`` (without the document title).

Usage from the repository root: ``.venv/bin/python scripts/corpus_table.py``
(``--check`` only reports whether the file is up to date, with exit code 1 if not).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "korpus.md"
README = ROOT / "README.md"
START, END = "<!-- korpus:start -->", "<!-- korpus:end -->"


def readme_with_table(readme: str, table: str) -> str:
    """``readme`` with the corpus table (minus its title line) between the markers."""
    body = table.split("\n", 1)[1].strip("\n")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that docs/korpus.md is up to date")
    args = parser.parse_args(argv)
    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from tests.corpus.manifest import CASES
    from tests.corpus.run import markdown_table, validate_case

    table = markdown_table(CASES, {c.file: validate_case(c) for c in CASES})
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    readme = README.read_text(encoding="utf-8")
    new_readme = readme_with_table(readme, table)
    if args.check:
        if current != table or readme != new_readme:
            print("docs/korpus.md eller README.md er ikke opdateret; kør scripts/corpus_table.py.")
            return 1
        return 0
    TARGET.write_text(table, encoding="utf-8")
    README.write_text(new_readme, encoding="utf-8")
    print(f"Skrev {TARGET.relative_to(ROOT)} ({len(CASES)} filer).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
