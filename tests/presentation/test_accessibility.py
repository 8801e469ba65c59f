"""The accessibility statement and the README's table, generated from the axe results."""

from __future__ import annotations

import datetime as dt
import json

from noegletal.presentation import accessibility as a11y
from tests.conftest import ROOT

RESULTS = {
    "axe_version": "4.11.1", "checked": "2026-12-02",
    "views": {
        "overblik": {"order": 0, "title": "Overblik", "kind": "Side", "address": "/",
                     "violations": 0, "excluded": ["svg-img-alt"]},
        "udvalgsrapport": {"order": 400, "title": "Udvalgsrapport", "kind": "Rapport",
                           "address": "", "violations": 0, "excluded": []},
    },
}


def test_statement_has_the_was_tool_sections_and_the_latest_check():
    text = a11y.statement_markdown(RESULTS, contact="tilgaengelighed@kommune.dk")
    order = ["### Overholdelsesstatus", "### Indhold, der ikke er tilgængeligt",
             "### Sådan er erklæringen udarbejdet", "### Feedback og kontaktoplysninger",
             "### Håndhævelsesprocedure"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    assert "Seneste kontrol: 2. december 2026." in text
    assert "Delvist i overensstemmelse" in text  # known gaps -> partly compliant
    assert "- **Overblik** (side): ingen alvorlige eller kritiske fejl; undtaget: " \
           "`svg-img-alt`" in text
    assert "tilgaengelighed@kommune.dk" in text
    for exclusion in a11y.EXCLUSIONS:  # rule and selector of every exclusion are listed
        assert f"`{exclusion.rule}`" in text and f"`{exclusion.selector}`" in text
    for gap, _ in a11y.KNOWN_GAPS:
        assert gap in text


def test_status_follows_the_results():
    failing = {"views": {"x": {"violations": 2, "excluded": []}}}
    assert a11y.compliance_status(failing).startswith("Ikke i overensstemmelse")
    assert a11y.compliance_status({}).startswith("Ikke vurderet")
    assert "Ikke registreret" not in a11y.statement_markdown({})
    assert "Seneste kontrol: ikke registreret." in a11y.statement_markdown({})


def test_readme_table_lists_every_view():
    table = a11y.views_table(RESULTS).splitlines()
    assert table[2] == "| Overblik | Side | 0 | `svg-img-alt` |"
    assert table[3] == "| Udvalgsrapport | Rapport | 0 | – |"


def test_committed_results_cover_every_page_and_are_clean():
    """The committed check (docs/a11y/axe-results.json) has every page of the navigation and
    the other views, with no serious or critical violation."""
    from noegletal.ui.shell import PAGES

    results = a11y.load_results()
    views = results["views"]
    assert {p.key for p in PAGES} <= set(views)
    assert {"udvalgsrapport", "data-logget-ind", "udgifter-delt-link"} <= set(views)
    assert any(k.endswith("-praesentation") for k in views)
    assert all(v["violations"] == 0 for v in views.values())
    assert dt.date.fromisoformat(results["checked"]) <= dt.date.today()
    assert results["tags"] == list(a11y.AXE_TAGS)
    assert json.loads(a11y.RESULTS_PATH.read_text(encoding="utf-8")) == results


def test_readme_section_is_up_to_date():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "a11y_table.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
