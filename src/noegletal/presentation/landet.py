"""Landet: every municipality side by side on a published key figure (pure presentation).

* :func:`ranking_chart` — one bar per municipality, highest first, the chosen municipality in
  the dashboard's municipality colour, its comparison group marked, quartile bands behind
  the bars and the national value as a dashed line. The polarity of the key figure (higher
  is better / worse / neither) decides the colours of the outer quartiles; with no polarity
  every other bar is grey. Suppressed municipalities get no bar (they are listed as «<5»).
* :func:`history_chart` — the municipality against its group and the national value over
  the years.
* :func:`ranking_table` — the table under the chart: suppressed values as «<5», no rank.
* :func:`texts` — the sentences next to the chart (placement, quartile, group, method,
  caveat).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics.comparators import GROUP_CODE
from noegletal.metrics.ranking import HIGHER_BETTER, HIGHER_WORSE, POLARITY_LABELS, members_text
from noegletal.presentation import colors
from noegletal.presentation.charts import fit_legend, titled_layout
from noegletal.presentation.formatting import (
    format_date,
    format_number,
    format_value,
)

BAND_COLORS = ("rgba(0,0,0,0.045)", "rgba(0,0,0,0)", "rgba(0,0,0,0.045)", "rgba(0,0,0,0)")
BAND_LABELS = {1: "Højeste fjerdedel", 2: "2. fjerdedel", 3: "3. fjerdedel",
               4: "Laveste fjerdedel"}
QUARTILE_NAMES = {1: "højeste fjerdedel", 2: "næsthøjeste fjerdedel",
                  3: "næstlaveste fjerdedel", 4: "laveste fjerdedel"}


def year_label(dato: pd.Timestamp) -> str:
    return f"{format_date(dato)}"


def _bar_colors(table: pd.DataFrame, polarity: str) -> list[str]:
    """Top quartile good/bad by polarity, bottom quartile the opposite, middle grey."""
    good, bad = colors.BLUISH_GREEN, colors.VERMILLION
    out = []
    for q in table["kvartil"]:
        if polarity == HIGHER_BETTER:
            c = good if q == 1 else bad if q == 4 else colors.LIGHT_GREY
        elif polarity == HIGHER_WORSE:
            c = bad if q == 1 else good if q == 4 else colors.LIGHT_GREY
        else:
            c = colors.LIGHT_GREY
        out.append(c)
    return out


def ranking_chart(view) -> go.Figure:
    """The ranking of ``view`` (a :class:`noegletal.services.landet.LandetView`)."""
    kf, t = view.kf, view.table
    shown = t[t["plads"].notna()].reset_index(drop=True)
    fig = go.Figure()
    fig.update_layout(**titled_layout(f"{kf.name}, {year_label(view.dato)}",
                                      f"Højeste først · {kf.unit_label}", height=460))
    n = len(shown)
    names = shown["navn"].tolist()
    # Quartile bands behind the bars.
    for q in (1, 2, 3, 4):
        idx = shown.index[shown["kvartil"] == q]
        if len(idx) == 0:
            continue
        fig.add_vrect(x0=idx.min() - 0.5, x1=idx.max() + 0.5, fillcolor=BAND_COLORS[q - 1],
                      line_width=0, layer="below",
                      annotation_text=BAND_LABELS[q],
                      annotation_position="top left", annotation_font_size=12,
                      annotation_font_color=colors.DARK_GREY)
    bar_colors = _bar_colors(shown, view.polarity)
    bar_colors = [colors.KOMMUNE_COLOR if v else c for v, c in zip(shown["valgt"], bar_colors,
                                                                      strict=True)]
    hover = [f"<b>{nm}</b><br>nr. {int(p)} af {n}<br>{format_value(v, kf.unit)} "
             f"{kf.unit_label}" for nm, p, v in zip(names, shown["plads"], shown["vaerdi"],
                                                    strict=True)]
    fig.add_trace(go.Bar(
        x=list(range(n)), y=shown["vaerdi"], marker={"color": bar_colors, "line": {
            "color": [colors.BLACK if v else "rgba(0,0,0,0)" for v in shown["valgt"]],
            "width": 1.5}},
        hovertext=hover, hoverinfo="text", name="Kommuner", showlegend=False,
    ))
    group = shown[shown["i_gruppe"]]
    if not group.empty:
        fig.add_trace(go.Scatter(
            x=group.index.tolist(), y=group["vaerdi"], mode="markers",
            marker={"symbol": "triangle-down", "size": 9, "color": colors.DARK_GREY},
            name="Sammenligningsgruppen", hoverinfo="skip", cliponaxis=False,
        ))
    if view.national.vaerdi is not None:
        fig.add_hline(y=view.national.vaerdi, line_dash="dash", line_color=colors.COMPARATOR_COLOR,
                      annotation_text=f"Hele landet {format_value(view.national.vaerdi, kf.unit)}",
                      annotation_position="top right", annotation_font_size=14)
    chosen = shown[shown["valgt"]]
    if not chosen.empty:
        c = chosen.iloc[0]
        fig.add_annotation(x=int(chosen.index[0]), y=float(c["vaerdi"]),
                           text=f"<b>{c['navn']}</b> nr. {int(c['plads'])}", showarrow=True,
                           arrowhead=2, ay=-45, font={"size": 15, "color": colors.KOMMUNE_COLOR},
                           bgcolor="rgba(255,255,255,0.85)")
    fig.update_xaxes(showticklabels=False, title_text=f"{n} kommuner", showgrid=False)
    fig.update_yaxes(title_text=kf.unit_label, separatethousands=True, rangemode="tozero")
    fig.update_layout(bargap=0.15, showlegend=not group.empty,
                      legend={"orientation": "h", "yref": "container", "yanchor": "bottom",
                              "y": 0.0},
                      meta={"noegletal": [kf.id], "kommuner": n,
                            "valgt": int(view.kommune),
                            "ikke_vist": t.loc[t["plads"].isna(), "navn"].tolist()})
    return fit_legend(fig)


def history_chart(view) -> go.Figure:
    """The municipality, its group and Hele landet over the years (suppressed values left
    out of the lines)."""
    kf, h = view.kf, view.history
    fig = go.Figure()
    fig.update_layout(**titled_layout(f"{kf.name} over tid",
                                      f"{kf.unit_label} · opgjort 31. december", height=380))
    series = [
        (view.kommune, kommune_navn(view.kommune), colors.KOMMUNE_COLOR, "solid"),
        (GROUP_CODE, "Sammenligningsgruppen", colors.COMPARATOR_COLOR, colors.COMPARATOR_DASH),
        (0, "Hele landet", colors.GREY, "dot"),
    ]
    for code, name, color, dash in series:
        rows = h[h["kommunekode"] == code].sort_values("dato") if not h.empty else h
        if rows is None or rows.empty:
            continue
        y = [None if u else v for u, v in zip(rows["undertrykt"], rows["vaerdi"], strict=True)]
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(rows["dato"]).dt.year, y=y, mode="lines+markers", name=name,
            line={"color": color, "dash": dash, "width": 3 if code == view.kommune else 2},
            hovertemplate=f"{name} %{{x}}: %{{y:.1f}}<extra></extra>",
        ))
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero")
    fig.update_layout(legend={"orientation": "h", "yref": "container", "yanchor": "bottom",
                              "y": 0.0},
                      meta={"noegletal": [kf.id]})
    return fit_legend(fig)


def ranking_table(view) -> pd.DataFrame:
    """Nr., Kommune, value (or «<5»), numerator and denominator, quartile; the chosen
    municipality and the group marked."""
    t = view.table
    unit = view.kf.unit

    def value(row) -> str:
        return str(row["vises"]) if row["undertrykt"] else format_value(row["vaerdi"], unit)

    return pd.DataFrame({
        "Nr.": [("" if pd.isna(p) else str(int(p))) for p in t["plads"]],
        "Kommune": [f"{n} ◀" if v else n for n, v in zip(t["navn"], t["valgt"], strict=True)],
        "Værdi": [value(r) for _, r in t.iterrows()],
        "Tæller": ["" if pd.isna(x) else format_number(x) for x in t["taeller"]],
        "Nævner": ["" if pd.isna(x) else format_number(x) for x in t["naevner"]],
        "Fjerdedel": ["" if pd.isna(q) else QUARTILE_NAMES[int(q)] for q in t["kvartil"]],
        "I gruppen": ["ja" if g else "" for g in t["i_gruppe"]],
    })


def card_lines(view) -> tuple[str, str]:
    """The Overblik card: a headline (``nr. 29 af 96``) and one line of context."""
    c, kf = view.chosen, view.kf
    if c is None or pd.isna(c["plads"]):
        return "–", f"{kf.name}: ikke placeret ({view.dato.year})."
    nat = (f", hele landet {format_value(view.national.vaerdi, kf.unit)}"
           if view.national.vaerdi is not None else "")
    return (f"nr. {int(c['plads'])} af {view.n_ranked}",
            f"{kf.name}, {format_date(view.dato)}: {format_value(c['vaerdi'], kf.unit)}{nat}. "
            "Nr. 1 har det højeste tal; placeringen er ikke en karakter.")


@dataclass(frozen=True)
class LandetTexts:
    placement: str
    group: str
    method: str
    national: str
    caveat: str
    polarity: str
    suppressed: str


def texts(view, caveat: str, threshold: int) -> LandetTexts:
    kf, c = view.kf, view.chosen
    name = kommune_navn(view.kommune)
    n = view.n_ranked
    if c is None:
        placement = f"{name} har intet offentliggjort tal for {view.dato.year}."
    elif pd.isna(c["plads"]):
        placement = (f"{name}s tal for {view.dato.year} bygger på færre end {threshold} børn "
                     "og vises ikke; kommunen er derfor ikke placeret.")
    else:
        placement = (f"{name}: {format_value(c['vaerdi'], kf.unit)} {kf.unit_label} — nr. "
                     f"{int(c['plads'])} af {n} kommuner (nr. 1 har det højeste tal), i "
                     f"{QUARTILE_NAMES[int(c['kvartil'])]}.")
    if view.group:
        group = (f"Sammenligningsgruppen ({view.group_origin}): "
                 f"{members_text(view.group, kommune_navn)}.")
    else:
        group = "Der er ingen sammenligningsgruppe."
    method = f"Gruppens tal: {view.group_method[0].lower()}{view.group_method[1:]}"
    if view.national.vaerdi is None:
        national = "Der er intet tal for hele landet."
    else:
        national = (f"Hele landet: {format_value(view.national.vaerdi, kf.unit)} "
                    f"({view.national.method}).")
    hidden = view.table[view.table["plads"].isna()]
    suppressed = ""
    if not hidden.empty:
        suppressed = (f"Ikke placeret (under {threshold} børn eller intet tal): "
                      f"{members_text(hidden['kommunekode'], kommune_navn)}.")
    return LandetTexts(placement, group, method, national, caveat,
                       f"Farverne: {POLARITY_LABELS[view.polarity]}"
                       + ("; grøn er den bedre fjerdedel, rød den dårligere."
                          if view.polarity in (HIGHER_BETTER, HIGHER_WORSE) else
                          "; derfor er alle søjler grå."), suppressed)
