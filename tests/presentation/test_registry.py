"""One registry of themes and pages: every catalogued key figure appears on exactly one page
and in the docs, Overblik and the theme pages agree on each headline, and no code outside
the catalogue branches on a key-figure id, a ``_forskel`` suffix, a unit or a theme name."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from noegletal.metrics.catalogue import (
    CATALOGUE,
    PAGES,
    THEME_PAGES,
    headline_figures,
    theme_modules,
)
from noegletal.metrics.suppression import suppress
from noegletal.presentation.docs import render_markdown
from noegletal.presentation.overview import HEADLINES, headlines
from noegletal.presentation.themes import THEMES, load_theme

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "noegletal"


def test_the_navigation_lists_every_page_file_once():
    from noegletal.ui.shell import PAGES as NAV

    files = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
    assert sorted(Path(p.path).name for p in NAV) == files
    assert [p.key for p in NAV] == [p.key for p in PAGES]
    assert [p.title for p in NAV] == [p.title for p in PAGES]
    assert [t.key for t in THEMES] == [p.key for p in THEME_PAGES] == [
        "anbringelser", "indsatstrappen", "forebyggende", "udgifter", "skoletrivsel",
        "sagsbehandling", "indsatser"]


@pytest.mark.parametrize("kf", list(CATALOGUE.values()), ids=list(CATALOGUE))
def test_every_figure_is_on_exactly_one_theme_page_and_in_the_docs(kf):
    on = [info.key for info in THEMES if kf.id in load_theme(info).KEY_FIGURES]
    assert on == [kf.page]
    # a figure another page uses beside its own (``KeyFigure.uses``) stays on its page
    for used in kf.uses:
        assert used not in load_theme(next(t for t in THEMES if t.key == kf.page)).KEY_FIGURES
    assert f"`{kf.id}`" in render_markdown(5)
    committed = (ROOT / "docs" / "NOEGLETAL.md").read_text(encoding="utf-8")
    assert f"`{kf.id}`" in committed


def test_overblik_shows_one_or_two_headlines_per_theme_page_in_page_order():
    assert [s.kf_id for s in HEADLINES] == [
        "anbragte_pr_1000", "anbringelsesform_andel", "hjemmebaserede_pr_1000",
        "forebyggende_11_3_pr_1000", "udgifter_netto", "faglig_trivsel_forskel",
        "sagstal_gennemsnit"]
    assert [s.kf_id for s in HEADLINES] == [kf.id for kf in headline_figures()]


@pytest.mark.parametrize("spec", HEADLINES, ids=[s.kf_id for s in HEADLINES])
def test_overblik_and_the_theme_page_agree_on_each_headline(spec):
    kf = CATALOGUE[spec.kf_id]
    assert spec.page == kf.page
    assert (spec.dimension, spec.label) == (kf.headline.dimension, kf.headline.label)
    module = load_theme(next(t for t in THEMES if t.key == spec.page))
    assert spec.kf_id in module.KEY_FIGURES
    page_specs = getattr(module, "HEADLINES", None)
    if page_specs is not None:  # pages with their own headline cards show the same card
        assert spec in page_specs


def _row(kf_id, dato, dim, v, t=np.nan, n=np.nan):
    return {"noegletal": kf_id, "kommunekode": 510, "dato": pd.Timestamp(dato),
            "dimension": dim, "vaerdi": v, "taeller": t, "naevner": n}


def test_overblik_and_udgifter_show_the_same_net_expenditure():
    frame = suppress(pd.DataFrame([
        _row("udgifter_netto", "2016-12-31", "service", 1000.0),
        _row("udgifter_netto", "2016-12-31", "administration", 200.0),
        _row("udgifter_netto", "2016-12-31", "i_alt", 1200.0),
        _row("udgifter_netto", "2017-12-31", "service", 1100.0),
        _row("udgifter_netto", "2017-12-31", "administration", 250.0),
        _row("udgifter_netto", "2017-12-31", "i_alt", 1350.0),
    ]), threshold=5)
    from noegletal.presentation.themes import udgifter

    overview_card = next(h for h in headlines(frame, CATALOGUE, kommunekode=510)
                         if h.spec.kf_id == "udgifter_netto")
    page_card = next(h for h in udgifter.headlines(frame, kommunekode=510)
                     if h.spec.kf_id == "udgifter_netto")
    # i alt 2017: 1.350 (1.000 kr.) = 1.350.000 kr.; the change 1.350 - 1.200 = 150 = 150.000 kr.
    assert overview_card.value_text == page_card.value_text == "1,4 mio. kr."
    assert overview_card.spec.label == page_card.spec.label == "Nettodriftsudgifter i alt"
    assert overview_card.previous.text == page_card.previous.text == "+150.000 kr."


# --- no behaviour guessed outside the catalogue ------------------------------------------------

_ALLOWED = {SRC / "metrics" / "catalogue.py",
            *(Path(m.__file__) for m in theme_modules())}  # a theme module declares its own ids
_BRANCH = [
    re.compile(r"[\"'][^\"'\s]*_forskel[\"']"),
    re.compile(r"\btheme\s*(==|!=)|(==|!=)\s*\w*\.?theme\b"),
    re.compile(r"\btheme\s+(not\s+)?in\s*[(\[{\"']"),
    re.compile(r"\bunit\s*(==|!=)\s*[\"']"),
    re.compile(r"\bunit\s+(not\s+)?in\s*[(\[{]"),
    re.compile(r"(==|!=)\s*[\"'](" + "|".join(map(re.escape, CATALOGUE)) + r")[\"']"),
    re.compile(r"\bin\s*[(\[{]\s*[\"'](" + "|".join(map(re.escape, CATALOGUE)) + r")[\"']"),
    re.compile(r"[\"'](" + "|".join(map(re.escape, CATALOGUE)) + r")[\"']\s*(==|!=)"),
]


# The layers that read the catalogue (data in and the sample generator know only the data
# contract, whose ``indikator`` codes happen to equal some key-figure ids).
_READERS = ("metrics", "services", "presentation", "ui")


def _sources():
    paths = [p for layer in _READERS for p in (SRC / layer).rglob("*.py")]
    paths += [SRC / "cli.py", *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    return [p for p in paths if p not in _ALLOWED]


def test_no_code_branches_on_an_id_a_suffix_a_unit_or_a_theme():
    hits = []
    for path in _sources():
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if any(p.search(code) for p in _BRANCH):
                hits.append(f"{path.relative_to(ROOT)}:{no}: {line.strip()}")
    assert hits == []
