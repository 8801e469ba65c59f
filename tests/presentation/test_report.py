"""The udvalgsrapport: one self-contained, escaped HTML file."""

from __future__ import annotations

import datetime as dt
import re

from noegletal.presentation import charts, tables
from noegletal.presentation.report import ReportMeta, ReportSection, build_report
from noegletal.presentation.themes import anbringelser_charts
from tests.presentation.builders import make_kf, rows

EVIL = "<script>alert('x')</script>"

RATE = make_kf("anbragte_pr_1000", unit="pr_1000", name="Anbragte pr. 1.000 børn",
               how_to_read="Antal anbragte børn for hver 1.000 børn i kommunen.",
               caveats=(f"Landstal rummer flere grupper {EVIL}",), direction="ned")
FORMS = make_kf("anbringelsesform_andel", name="Fordeling på anbringelsesformer",
                dimensions={"institution": "Institution", "familiepleje": "Familiepleje"})


def _report(is_sample: bool = True) -> str:
    frame = rows(RATE.id, 167, [("2016-01-31", "", 7.1, 90, 12676),
                                ("2016-05-31", "", 6.5, 83, 12700)])
    forms = rows(FORMS.id, 167, [("2016-01-31", "institution", 40.0, 36, 90),
                                 ("2016-01-31", "familiepleje", 60.0, 54, 90)])
    sections = [
        ReportSection(
            title="Anbringelser",
            figures=[(RATE, charts.rate_over_time(frame, RATE, kommunekode=167)),
                     (FORMS, anbringelser_charts.placement_forms(forms, FORMS, kommunekode=167))],
            narrative=[f"Anbragte er faldet. {EVIL}"],
            tables=[(f"Tabel {EVIL}", tables.wide_table(frame, [RATE], kommunekode=167))],
            notes=["Note & mere"],
        ),
        ReportSection(title="Uden grafer", figures=[(FORMS, None)]),
    ]
    meta = ReportMeta(kommune=f"Hvidovre {EVIL}", fra=dt.date(2016, 1, 31),
                      til=dt.date(2016, 5, 31), data_version=f"Import 3 {EVIL}",
                      cutoff=dt.date(2016, 5, 31), is_sample=is_sample,
                      generated=dt.datetime(2024, 3, 14, 9, 5), comparator="Hele landet")
    return build_report(sections, meta)


def test_self_contained_no_external_requests():
    doc = _report()
    assert doc.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=", doc)
    assert not re.search(r"<link[^>]+href=", doc)
    assert not re.search(r"<img[^>]+src=\s*[\"']?https?:", doc)
    assert "@import" not in doc and "url(http" not in doc
    assert not re.search(r"<iframe", doc)
    # plotly.js is embedded exactly once, the other chart reuses it.
    assert doc.count("window.PlotlyConfig") == 1
    assert re.findall(r'Plotly\.newPlot\(\s*"(figur-[\d-]+)"', doc) == ["figur-1-1", "figur-1-2"]


def test_user_text_is_escaped():
    doc = _report()
    assert EVIL not in doc
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in doc
    assert "Note &amp; mere" in doc


def test_contents():
    doc = _report()
    assert "Sådan læses tallet:</strong> Antal anbragte børn for hver 1.000 børn i kommunen." \
        in doc
    assert "Seneste skæringsdato</dt><dd>31. maj 2016</dd>" in doc
    assert "Periode</dt><dd>31. januar 2016 til 31. maj 2016</dd>" in doc
    assert "Dannet</dt><dd>14. marts 2024 kl. 09.05</dd>" in doc
    assert "Eksempeldata" in doc
    assert "&lt;5: tallet bygger på færre end 5 børn" in doc
    assert "Ønsket retning: bør falde." in doc
    assert "<caption>Tabel &lt;script&gt;" in doc
    assert "<td>7,1</td><td>6,5</td>" in doc
    assert '<html lang="da">' in doc
    assert "Eksempeldata" not in _report(is_sample=False)


def test_report_charts_have_the_danish_toolbar_locale():
    """The report's charts get plotly.js's locale ``da`` inline (no locale script to load):
    Danish tooltips and month names, decimal comma."""
    doc = _report()
    assert doc.count('"locale": "da"') == 2
    assert '"Zoom ind"' in doc and '"decimal": ","' in doc and '"marts"' in doc
