"""Issue 11, item 9 and the 320 px reflow: no chart title, subtitle or legend entry is wider
than the narrowest chart holds (Plotly wraps none of them, it cuts them at the chart's edge:
«Eget værelse, kollegium o.l. (hjemmebaseret anbringelse)» at 1024 px), on every page with
charts; the browser check is ``tests.browser.helpers.cut_chart_texts``."""

from __future__ import annotations

import json

import pytest

from noegletal.metrics.catalogue import PAGES
from noegletal.presentation.charts import LEGEND_LINE, SUBTITLE_LINE, TITLE_LINE

CHART_PAGES = [p for p in PAGES if p.kind in ("theme", "ranking")]
# Herning against a group of the other two: the longest legend entries («Gruppe: …»)
LINK = {"kommune": "657", "sammenlign": "gruppe", "gruppe": "167,510"}


def _lines(text: str | None) -> list[str]:
    return (text or "").split("<br>")


def _too_long(figure: dict) -> list[str]:
    """The lines of the title, subtitle and legend entries longer than the narrowest chart
    holds (a line of one word cannot be broken: «institutionsanbringelser»)."""
    layout = figure["layout"]
    title = layout.get("title", {})
    out = [f"titel: {line}" for line in _lines(title.get("text"))
           if len(line) > TITLE_LINE and " " in line]
    out += [f"undertitel: {line}" for line in _lines(title.get("subtitle", {}).get("text"))
            if len(line) > SUBTITLE_LINE]
    out += [f"forklaring: {line}" for t in figure["data"]
            if t.get("showlegend", True) and t.get("name")
            for line in _lines(t["name"]) if len(line) > LEGEND_LINE]
    return out


def _hover_names(figure: dict) -> list[str]:
    """Traces with a wrapped legend entry whose hover box would show that entry (its name)
    instead of the one-line label of their own hover texts."""
    out = []
    for t in figure["data"]:
        name = t.get("name") or ""
        if "<br>" not in name or t.get("hoverinfo") in ("skip", "none", "text"):
            continue
        template = t.get("hovertemplate") or ""
        if not template.endswith("<extra></extra>") or "name" in template:
            out.append(name)
        out += [h for h in t.get("hovertext") or [] if name in (h or "")]
    return out


@pytest.mark.parametrize("page", CHART_PAGES, ids=[p.key for p in CHART_PAGES])
def test_chart_texts_fit_a_narrow_chart(open_page, page):
    at = open_page(page.module, **LINK)
    assert not at.exception
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert figures, page.key
    for figure in figures:
        assert _too_long(figure) == [], figure["layout"]["title"].get("text")
        assert _hover_names(figure) == [], figure["layout"]["title"].get("text")


def test_the_long_home_based_type_is_wrapped_and_its_hover_is_not(open_page):
    """The entry cut at 1024 px with the menu open is on lines of even length; its hover
    texts name the type on one line."""
    at = open_page("indsatstrappen", **LINK)
    assert not at.exception
    [types] = [f for c in at.get("plotly_chart") if (f := json.loads(c.proto.spec))
               ["layout"]["meta"]["noegletal"] == ["hjemmebaserede_type_pr_1000"]]
    label = "Eget værelse, kollegium o.l. (hjemmebaseret anbringelse)"
    [trace] = [t for t in types["data"] if (t.get("name") or "").replace("<br>", " ") == label]
    assert trace["name"] == "Eget værelse, kollegium<br>o.l. (hjemmebaseret<br>anbringelse)"
    shown = [h for h in trace["hovertext"] if h]  # hidden values have no hover text
    assert shown and all(h.startswith(f"<b>{label}</b><br>") for h in shown)
