"""Danish number and list formatting lives in one place, :mod:`noegletal.domain.formatting`
(Babel). This test fails when a module writes thousands separators or "a, b og c" by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOME = ROOT / "src" / "noegletal" / "domain" / "formatting.py"

# Hand-written Danish formatting: thousands by replacing Python's comma, a decimal comma by
# replacing the point after an f-string, or a list joined with " og ".
PATTERNS = {
    "thousands by hand": re.compile(r""":,\}.*\.replace\(\s*["'],["']\s*,\s*["']\.["']"""),
    "decimal comma by hand": re.compile(r"""\}["']\s*\)?\.replace\(\s*["']\.["']\s*,\s*["'],["']"""),
    "list joined by hand": re.compile(r"""["'] og ["']\s*(\.join|\+)"""),
}


def _sources() -> list[Path]:
    files = list((ROOT / "src" / "noegletal").rglob("*.py")) + list((ROOT / "pages").glob("*.py"))
    files.append(ROOT / "app.py")
    return [f for f in files if f != HOME and f.exists()]


def test_patterns_catch_what_they_are_meant_to():
    assert PATTERNS["thousands by hand"].search('f"{n:,} rækker".replace(",", ".")')
    assert PATTERNS["decimal comma by hand"].search('f"{x:.1f}".replace(".", ",")')
    assert PATTERNS["list joined by hand"].search('" og ".join(names)')
    assert PATTERNS["list joined by hand"].search('", ".join(a) + " og " + b')
    assert not PATTERNS["thousands by hand"].search('format_count(n)')


def test_no_danish_formatting_outside_domain_formatting():
    found = [f"{path.relative_to(ROOT)}:{no}: {what}: {line.strip()}"
             for path in _sources()
             for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for what, pattern in PATTERNS.items() if pattern.search(line)]
    assert not found, "\n".join(found)
