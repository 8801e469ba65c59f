"""Issue 11, item 6: the udvalgsrapport printed to A4 portrait by Chromium
(``--print-to-pdf``) keeps the last period's column on the page.

The report is built from the bundled sample data for the whole period (36 cut-offs, the
case that cut every column after jan. 2020), printed by headless Chromium, and read back
with ``pdftotext`` (Debian poppler-utils). The pages are also rendered to PNG under
``tests/artifacts/report/`` for people to look at (not on CI, as the screenshots).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from noegletal.domain.kommuner import kommune_navn
from noegletal.presentation.committee_report import committee_report
from noegletal.presentation.formatting import format_period
from noegletal.services.dashboard import compute_dashboard_data
from noegletal.services.views import ViewFilter
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, screenshots_wanted

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "report"
A4_POINTS = (595, 842)  # A4 portrait in PostScript points


def _needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} mangler (Debian-pakken poppler-utils); kør "
                    "scripts/install-system-deps.sh")
    return path


def _sample_data():
    from noegletal.datain.load import load_directory

    loaded = load_directory(ROOT / "sample_data")
    return compute_dashboard_data(loaded.frames, token="pdftest0000", is_sample=True)


def test_report_prints_to_a4_portrait_with_the_last_period(tmp_path):
    pdftotext, pdfinfo = _needs("pdftotext"), _needs("pdfinfo")
    data = _sample_data()
    kommune = data.kommuner[-1]
    view = ViewFilter(kommune=kommune, fra=data.cutoffs[0], til=data.cutoffs[-1])
    html_path = tmp_path / "rapport.html"
    html = committee_report(data, view)
    html_path.write_text(html, encoding="utf-8")
    pdf = tmp_path / "rapport.pdf"
    subprocess.run([CHROMIUM, *CHROMIUM_ARGS, "--window-size=794,1123",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    "--virtual-time-budget=20000", html_path.as_uri()],
                   check=True, timeout=240, capture_output=True)
    info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    w, h = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert (round(w), round(h)) == A4_POINTS  # portrait: narrower than tall
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert kommune_navn(kommune) in text
    assert "Tabellen viser de seneste" in text  # the note that older periods are left out
    # Every table whose columns are periods has the latest period as its last column, and
    # each such header lies inside the page (pdftotext -bbox gives every word's box).
    last = format_period(data.cutoffs[-1], "skaeringsdato")  # "sep. 2025"
    month, year = last.split(" ")
    tables_with_last = html.count(f'<th scope="col">{last}</th></tr></thead>')
    assert tables_with_last >= 5
    boxes = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                       r'yMax="[\d.]+">([^<]*)</word>', boxes)
    assert words
    assert all(float(x1) <= w + 0.5 for _, x1, _ in words), "text beyond the page edge"
    years = [(float(x0), float(x1)) for x0, x1, t in words if t == year]
    assert sum(1 for x0, x1, t in words if t == month) >= tables_with_last
    assert len(years) >= tables_with_last
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "udvalgsrapport.pdf")
    if shutil.which("pdftoppm") and screenshots_wanted():
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "6", str(pdf),
                        str(ARTIFACTS / "side")], check=True, timeout=120)
