"""``pages/*.py`` only arrange: they import Streamlit, the ui layer and the pure presentation,
never the services, the store, the key figures, data in or the settings (import-linter sees
only packages, so this test reads the pages' imports itself)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAGES = sorted((Path(__file__).resolve().parents[2] / "pages").glob("*.py"))
ALLOWED = ("streamlit", "noegletal.ui", "noegletal.presentation", "dataclasses", "__future__")


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append(node.module or "")
    return out


def _allowed(module: str) -> bool:
    return any(module == a or module.startswith(a + ".") for a in ALLOWED)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_page_imports_only_ui_and_presentation(page):
    assert [m for m in _imports(page) if not _allowed(m)] == []


def test_the_check_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from noegletal.services.views import kommune_frame\nimport noegletal.store\n")
    assert [m for m in _imports(bad) if not _allowed(m)] == [
        "noegletal.services.views", "noegletal.store"]
