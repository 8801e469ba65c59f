"""What a checker can't see in a chart: series told apart without colour, and a text
alternative (one sentence plus «Vis som tabel») with the same suppressed values."""

from __future__ import annotations

import pandas as pd

from noegletal.presentation import charts
from noegletal.presentation.blocks import Block
from noegletal.presentation.tables import wide_table
from noegletal.ui.widgets import block_table, chart_summary
from tests.presentation.builders import make_kf, rows

KF = make_kf("flytninger_pr_1000", unit="pr_1000", name="Flytninger pr. 1.000 børn",
             dimensions={"op": "Flytninger op", "ned": "Flytninger ned", "i_alt": "I alt"})
D1, D2 = pd.Timestamp("2016-01-31"), pd.Timestamp("2016-05-31")


def _frame() -> pd.DataFrame:
    # Haderslev (510): 'op' in May rests on 3 children -> hidden as <5
    return rows(KF.id, 510, [
        (D1, "op", 4.0, 40, 10_000), (D2, "op", 0.3, 3, 10_000),
        (D1, "ned", 2.0, 20, 10_000), (D2, "ned", 2.5, 25, 10_000),
        (D1, "i_alt", 6.0, 60, 10_000), (D2, "i_alt", 2.8, 28, 10_000),
    ])


def test_lines_of_one_chart_differ_in_marker_not_only_colour():
    fig = charts.series_by_dimension(_frame(), KF, kommunekode=510)
    looks = [(t.marker.symbol, t.line.dash) for t in fig.data if t.mode == "lines+markers"]
    assert len(looks) == 3 and len(set(looks)) == 3, looks


def test_the_summary_sentence_names_figure_series_and_period():
    frame = _frame()
    block = Block(key="flytninger", title=KF.name, key_figures=[KF],
                  figure=charts.series_by_dimension(frame, KF, kommunekode=510),
                  table=wide_table(frame, [KF], kommunekode=510), rows=frame)
    text = chart_summary(block)
    assert text == ("Grafen viser «Flytninger pr. 1.000 børn» for Flytninger op, Flytninger ned "
                    "og I alt fra januar 2016 til maj 2016. Tallene står under «Vis som tabel», "
                    "hvor tal, der bygger på for få børn, står som «færre end 5 børn».")


def test_the_table_shows_the_same_suppressed_values_as_the_chart():
    frame = _frame()
    block = Block(key="flytninger", title=KF.name, key_figures=[KF],
                  figure=charts.series_by_dimension(frame, KF, kommunekode=510),
                  table=wide_table(frame, [KF], kommunekode=510), rows=frame)
    table = block_table(block)
    cells = table.set_index(table.columns[0])
    # the hidden May value of 'op' (3 children) is in words in the table of rates (a bare «<5»
    # would read as "under 5 pr. 1.000") and absent from the chart
    op = next(c for c in cells.index if c.startswith("Flytninger op"))
    assert cells.loc[op].iloc[-1] == "færre end 5 børn"
    [op_trace] = [t for t in block.figure.data if t.name == "Flytninger op"]
    assert list(op_trace.y) == [4.0, None]
    # without a display table the export rows are shown, the hidden rate still in words
    long = block_table(Block(key="x", title="x", key_figures=[KF], rows=frame))
    assert "færre end 5 børn" in long.astype(str).to_numpy().ravel().tolist()
