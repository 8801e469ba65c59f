"""Indsatser: how the participants of a named intervention develop (key figures H) and what
the intervention costs (key figures I), after seed 003 (Rambøll for Socialstyrelsen 2020).

Blocks for one intervention (``indsats``; the report shows every intervention): the data
basis (as Tabel 10-1), first against last mean per tool and subscale (a dumbbell chart), the
shares improved / worsened and outside the normal range before and after, the cost card,
the two sensitivity analyses (the catalogue's steps and the user's own wage level and
participants a year) and the comparison with the alternative. The arithmetic of the
user's choices is :func:`noegletal.metrics.cost.scenario_from_rows` and
:func:`~noegletal.metrics.cost.alternative_from_rows`; this module only arranges shown rows.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd
import plotly.graph_objects as go

from noegletal.domain.interventions import default_redskaber
from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.vocabulary import STEP_LABELS
from noegletal.metrics import cost as cost_figures
from noegletal.metrics import progression as progression_figures
from noegletal.metrics.catalogue import PAGE_BY_KEY, page_figure_ids, page_input_ids
from noegletal.metrics.cost import (
    ACTIVITY_LABELS,
    ALTERNATIVE_FIGURE,
    CARD_FIGURES,
    COST_FIGURES,
    PARTICIPANT_STEPS,
    RATE_FIGURE,
    SENSITIVITY_FIGURES,
    SPLIT_FIGURE,
    WAGE_STEPS,
    Alternative,
    Scenario,
    alternative_from_rows,
    scenario_from_rows,
)
from noegletal.metrics.progression import BASIS_FIGURE, DEVELOPMENT_FIGURES, MEAN_FIGURES
from noegletal.metrics.suppression import PRIMARY_MARK, _threshold, suppression_note
from noegletal.presentation import colors
from noegletal.presentation.blocks import Block
from noegletal.presentation.charts import (
    HIDDEN_GROUP,
    HIDDEN_MARKER,
    HIDDEN_TEXT_SIZE,
    _base_figure,
    _finish,
    _subtitle,
    wrap_text,
)
from noegletal.presentation.formatting import (
    MISSING,
    format_date,
    format_kroner,
    format_number,
    format_pct,
)
from noegletal.presentation.marks import hidden_phrase
from noegletal.presentation.themes import has_rows, kf, mark, rows_of

TITLE = PAGE_BY_KEY["indsatser"].heading
PROGRESSION: tuple[str, ...] = tuple(kf.id for kf in progression_figures.DEFINITIONS)
COST: tuple[str, ...] = tuple(kf.id for kf in cost_figures.DEFINITIONS)
# The page's own figures; it also reads the figures they use from other pages (the
# municipality's cost per child on a step, to compare with), which stay on their page.
KEY_FIGURES: tuple[str, ...] = page_figure_ids("indsatser")
INPUT_FIGURES: tuple[str, ...] = page_input_ids("indsatser")
# Short column labels of the data basis table (BASIS_PARTS has the catalogue's labels).
BASIS_COLUMNS: dict[str, str] = {"deltagere": "Deltagere det seneste år",
                                 "foer_og_efter": "Med før- og eftermåling",
                                 "skemaer": "Skemaer det seneste år"}
NO_EFFECT = ("Uden en sammenligningsgruppe viser tallene deltagernes udvikling i forløbet, ikke "
             "indsatsens effekt.")
# The labels of the cost card (the amounts shown as cards on the page), in card order.
CARD_LABELS: dict[str, str] = dict(zip(CARD_FIGURES, (
    "Årlige driftsomkostninger", "Pr. deltager pr. år", "Pr. deltager pr. måned"), strict=True))
ESTABLISHMENT = ("Etableringsomkostninger (fx uddannelse af medarbejdere før start) er ikke "
                 "med; tallene er driftsomkostninger.")


# ----------------------------------------------------------------------------- helpers


def step_label(step: str) -> str:
    """The Danish label of a step of the ladder (``familiepleje`` -> ``Familiepleje``)."""
    return STEP_LABELS.get(step, step)


def _prefix(dimension: str) -> str:
    return str(dimension).split("|", 1)[0]


def interventions(frame: pd.DataFrame | None, *, kommunekode: int) -> list[str]:
    """The interventions with rows for the municipality, in alphabetical order."""
    rows = rows_of(frame, KEY_FIGURES)
    rows = rows[rows["kommunekode"].astype("int64") == int(kommunekode)]
    return sorted({_prefix(d) for d in rows["dimension"].astype(str) if d})


def progression_dates(frame: pd.DataFrame | None, indsats: str, *,
                      kommunekode: int) -> list[pd.Timestamp]:
    """The cut-offs with a data basis for the intervention."""
    rows = _of(frame, (BASIS_FIGURE,), indsats, kommunekode)
    return sorted({pd.Timestamp(d) for d in rows["dato"]})


def slug(text: str) -> str:
    """An ASCII key for widget keys and file names: ``Børnegrupper`` -> ``boernegrupper``."""
    t = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")[:40] or "indsats"


def _of(frame: pd.DataFrame | None, ids: Collection[str], indsats: str,
        kommunekode: int) -> pd.DataFrame:
    rows = rows_of(frame, ids)
    keep = (rows["kommunekode"].astype("int64") == int(kommunekode)) & (
        rows["dimension"].astype(str).map(_prefix) == indsats)
    return rows[keep].reset_index(drop=True)


def _tool_names() -> dict[tuple[str, str], tuple[str, bool]]:
    t = default_redskaber().drop_duplicates(["redskab", "skala"])
    return {(r, s): (n, h == "ja") for r, s, n, h in zip(
        t["redskab"], t["skala"], t["navn"], t["hoejere_er_bedre"], strict=True)}


def tool_label(redskab: str, skala: str) -> str:
    """``SDQ, samlede vanskeligheder (lavere er bedre)``; unknown tools by their code."""
    known = _tool_names().get((redskab, skala))
    if known is None:
        return f"{redskab} ({skala})" if skala != "samlet" else redskab
    name, higher = known
    return f"{name} ({'højere' if higher else 'lavere'} er bedre)"


def _cell(row: pd.Series | None, fmt) -> str:
    if row is None:
        return MISSING
    if bool(row["undertrykt"]):
        return str(row["vises"])
    return fmt(float(row["vaerdi"]))


def _row(rows: pd.DataFrame, kf_id: str, dimension: str) -> pd.Series | None:
    sel = rows[(rows["noegletal"] == kf_id) & (rows["dimension"] == dimension)]
    return None if sel.empty else sel.sort_values("dato").iloc[-1]


def _count(x: float) -> str:
    return format_number(x, 0)


def _score(x: float) -> str:
    return format_number(x, 1)


def _notes(rows: pd.DataFrame) -> list[str]:
    return [suppression_note()] if bool(rows["undertrykt"].any()) else []


# ------------------------------------------------------------------------- progression


def _tools_at(rows: pd.DataFrame, indsats: str) -> list[tuple[str, str]]:
    tools = []
    for d in rows["dimension"].astype(str):
        parts = d.split("|")
        if len(parts) >= 3 and parts[0] == indsats and (parts[1], parts[2]) not in tools:
            tools.append((parts[1], parts[2]))
    return sorted(tools)


def basis_table(rows: pd.DataFrame, indsats: str) -> pd.DataFrame:
    """The data basis per tool and subscale (as seed 003, Tabel 10-1)."""
    basis = rows_of(rows, [BASIS_FIGURE])
    records = []
    for redskab, skala in _tools_at(basis, indsats):
        rec = {"Redskab og skala": tool_label(redskab, skala)}
        for part, label in BASIS_COLUMNS.items():
            rec[label] = _cell(_row(basis, BASIS_FIGURE,
                                    f"{indsats}|{redskab}|{skala}|{part}"), _count)
        records.append(rec)
    return mark(pd.DataFrame(records), _notes(basis))


def progression_table(rows: pd.DataFrame, indsats: str) -> pd.DataFrame:
    """First and last mean, change and shares per tool and subscale."""
    columns = {
        "progression_foer_gns": ("Første måling, gns.", _score),
        "progression_efter_gns": ("Seneste måling, gns.", _score),
        "progression_aendring_gns": ("Ændring, gns.", lambda x: format_number(x, 1)),
        "progression_forbedret_andel": ("Forbedret", format_pct),
        "progression_forvaerret_andel": ("Forværret", format_pct),
        "progression_uden_for_normal_foer_andel": ("Uden for normalområdet ved start",
                                                   format_pct),
        "progression_uden_for_normal_efter_andel": ("Uden for normalområdet senest",
                                                    format_pct),
    }
    records = []
    for redskab, skala in _tools_at(rows_of(rows, DEVELOPMENT_FIGURES), indsats):
        dim = f"{indsats}|{redskab}|{skala}"
        rec = {"Redskab og skala": tool_label(redskab, skala)}
        n = _row(rows, MEAN_FIGURES[0], dim)
        rec["Deltagere med før og efter"] = (MISSING if n is None else
                                             str(n["vises"]) if bool(n["undertrykt"])
                                             else _count(float(n["naevner"])))
        for kf_id, (label, fmt) in columns.items():
            rec[label] = _cell(_row(rows, kf_id, dim), fmt)
        records.append(rec)
    return mark(pd.DataFrame(records), _notes(rows))


#: Characters to a line of a tool's name on the dumbbell chart's axis.
TOOL_LINE = 28


def dumbbell(rows: pd.DataFrame, indsats: str, *, kommunekode: int, dato) -> go.Figure:
    """First against latest mean score per tool and subscale: a dot for each, joined by a
    line (a dumbbell chart). A tool whose pair is suppressed keeps its row, with the hidden-
    value marker and «færre end 5» at the axis instead of dots (none of its numbers)."""
    fig = _base_figure("Gennemsnitlig score ved første og seneste måling",
                       _subtitle(kommunekode, f"{indsats} · {format_date(dato)}"))
    labels, first, last, hidden, order = [], [], [], [], []
    for redskab, skala in _tools_at(rows, indsats):
        dim = f"{indsats}|{redskab}|{skala}"
        a, b = (_row(rows, kf_id, dim) for kf_id in MEAN_FIGURES)
        if a is None or b is None:
            continue
        # the tool's name wrapped: a long one («FIT SRS, samarbejdsalliance (Session Rating
        # Scale) (højere er bedre)») would squeeze the plot and run past the chart's edge
        label = wrap_text(tool_label(redskab, skala), TOOL_LINE)
        order.append(label)
        if bool(a["undertrykt"]) or bool(b["undertrykt"]):
            hidden.append(label)
            continue
        labels.append(label)
        first.append(float(a["vaerdi"]))
        last.append(float(b["vaerdi"]))
    for i, label in enumerate(labels):
        fig.add_trace(go.Scatter(x=[first[i], last[i]], y=[label, label], mode="lines",
                                 line={"color": colors.LIGHT_GREY, "width": 4},
                                 showlegend=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=first, y=labels, mode="markers", name="Første måling",
        marker={"color": colors.GREY, "size": 14, "symbol": "circle-open",
                "line": {"width": 3}},
        hovertemplate="%{y}<br>Første måling: %{x:.1f}<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=last, y=labels, mode="markers", name="Seneste måling",
        marker={"color": colors.KOMMUNE_COLOR, "size": 14},
        hovertemplate="%{y}<br>Seneste måling: %{x:.1f}<extra></extra>"))
    individuals = kf(MEAN_FIGURES[0]).individuals
    if hidden:
        # where the hidden pairs would be: the marker at the axis's low end, with the words
        fig.add_trace(go.Scatter(
            x=[min(first + last, default=0.0)] * len(hidden), y=hidden,
            mode="markers+text", marker=HIDDEN_MARKER, text=[hidden_phrase()] * len(hidden),
            textposition="middle right", cliponaxis=False,
            textfont={"size": HIDDEN_TEXT_SIZE, "color": colors.DARK_GREY},
            hovertemplate=f"%{{y}}<br>Ikke vist: {hidden_phrase()} {individuals}<extra></extra>",
            showlegend=False, legendgroup=HIDDEN_GROUP, meta=HIDDEN_GROUP))
    fig.update_xaxes(separatethousands=True, title_text="Point på redskabets skala")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=order)
    # A short chart: the legend sits at the bottom of the figure, below the axis title, not
    # at a share of the (small) plot height, where it would cover the tick labels.
    fig.update_layout(height=280 + 60 * max(1, len(order)),
                      margin_b=150 if hidden else 125,
                      legend={"yref": "container", "y": 0.0, "yanchor": "bottom"})
    return _finish(fig, list(MEAN_FIGURES), hidden, ", ".join(hidden),
                   individuals=individuals)


# -------------------------------------------------------------------------------- cost


def _kr(x: float) -> str:
    return format_kroner(x)


def cost_table(rows: pd.DataFrame, indsats: str) -> pd.DataFrame:
    """The cost card: annual operating cost, per participant a year and a month, the split
    by activity and the hourly rates used."""
    records = [{"": label, "Beløb": _cell(_row(rows, kf_id, indsats), _kr)}
               for kf_id, label in CARD_LABELS.items()]
    for act, label in ACTIVITY_LABELS.items():
        records.append({"": f"Andel: {label}", "Beløb": _cell(
            _row(rows, SPLIT_FIGURE, f"{indsats}|{act}"), format_pct)})
    rates = rows_of(rows, [RATE_FIGURE])
    for _, r in rates.sort_values("dimension").iterrows():
        records.append({"": f"Timepris: {str(r['dimension']).split('|', 1)[1]}",
                        "Beløb": _cell(r, lambda x: f"{format_number(x, 0)} kr./time")})
    return mark(pd.DataFrame(records), _notes(rows))


def cost_split_chart(rows: pd.DataFrame, indsats: str, *, kommunekode: int) -> go.Figure:
    """The split of the costs by activity, as horizontal bars in percent (seed 003, Figur
    5-10)."""
    fig = _base_figure("Fordeling af omkostningerne på aktiviteter",
                       _subtitle(kommunekode, indsats))
    labels, values, hidden = [], [], []
    for act, label in ACTIVITY_LABELS.items():
        r = _row(rows, SPLIT_FIGURE, f"{indsats}|{act}")
        if r is None:
            continue
        if bool(r["undertrykt"]):
            hidden.append(label)
            continue
        labels.append(label)
        values.append(float(r["vaerdi"]))
    fig.add_trace(go.Bar(
        x=values, y=labels, orientation="h", marker={"color": colors.KOMMUNE_COLOR},
        text=[format_pct(v, 0) for v in values], textposition="auto",
        hovertemplate="%{y}: %{x:.1f} %<extra></extra>", showlegend=False))
    fig.update_xaxes(title_text="Procent af omkostningerne", range=[0, 100])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=300)
    return _finish(fig, [SPLIT_FIGURE], hidden, ", ".join(hidden))


def _scenario_record(label: str, s: Scenario | None, hidden: bool = False) -> dict:
    if s is None:
        text = suppressed_text() if hidden else MISSING
        return {"Forudsætning": label, "Driftsomkostninger pr. år": text,
                "Pr. deltager pr. år": text, "Pr. deltager pr. måned": text}
    return {"Forudsætning": label, "Driftsomkostninger pr. år": _kr(s.aarlige_drift),
            "Pr. deltager pr. år": _kr(s.pr_deltager),
            "Pr. deltager pr. måned": _kr(s.pr_deltager_maaned)}


def suppressed_text() -> str:
    """The mark of a value hidden because it rests on too few participants (``<5``)."""
    return PRIMARY_MARK.format(n=_threshold(None))


def participants_text(n: float, enhed: str | None = None) -> str:
    noun = {"familie": "familier", "barn": "børn", "ung": "unge", "gruppe": "grupper"}.get(
        enhed or "", "deltagere")
    return f"{format_number(n, 1 if n % 1 else 0)} {noun} pr. år"


def sensitivity_table(rows: pd.DataFrame, indsats: str, *, loen_pct: float = 0.0,
                      deltagere: float | None = None, enhed: str | None = None
                      ) -> pd.DataFrame:
    """Seed 003's two sensitivity analyses (Tabel 5-4 and 5-5) and the user's own choice."""
    base = scenario_from_rows(rows, indsats)
    per = _row(rows, CARD_FIGURES[1], indsats)
    hidden = per is not None and bool(per["undertrykt"])
    records = [_scenario_record("Gennemsnitlige lønomkostninger" + (
        f", {participants_text(base.deltagere, enhed)}" if base else ""), base, hidden)]
    for pct in WAGE_STEPS:
        records.append(_scenario_record(f"{pct} pct. højere lønomkostninger",
                                        scenario_from_rows(rows, indsats, raise_pct=pct),
                                        hidden))
    if base is not None:
        for step in PARTICIPANT_STEPS:
            n = round(base.deltagere * step, 1)
            records.append(_scenario_record(
                participants_text(n, enhed),
                scenario_from_rows(rows, indsats, new_participants=n)))
    if base is not None and (loen_pct or deltagere is not None):
        own = scenario_from_rows(rows, indsats, raise_pct=loen_pct,
                                 new_participants=deltagere)
        n = deltagere if deltagere is not None else base.deltagere
        records.append(_scenario_record(
            f"Eget valg: lønniveau {'+' if loen_pct > 0 else ''}{format_number(loen_pct, 0)} "
            f"pct., {participants_text(n, enhed)}", own))
    return mark(pd.DataFrame(records), _notes(rows))


def alternative_table(alt: Alternative | None, indsats: str) -> pd.DataFrame:
    if alt is None:
        return mark(pd.DataFrame([{"": "Alternativ", "Beløb": MISSING}]))
    label = STEP_LABELS.get(alt.label, alt.label)
    cheaper = "billigere" if alt.forskel > 0 else "dyrere"
    return mark(pd.DataFrame([
        {"": (f"Alternativ ({label}) pr. barn pr. år" if alt.label in STEP_LABELS
              else f"{label[:1].upper()}{label[1:]} pr. barn pr. år"),
         "Beløb": _kr(alt.kr_pr_aar)},
        {"": f"{indsats} pr. deltager pr. år", "Beløb": _kr(alt.pr_deltager)},
        {"": f"Forskel (indsatsen er {cheaper})", "Beløb": _kr(abs(alt.forskel))},
    ]))


# ------------------------------------------------------------------------------ blocks


def intervention_blocks(frame: pd.DataFrame, indsats: str, *, kommunekode: int,
                        dato: pd.Timestamp | None = None, loen_pct: float = 0.0,
                        deltagere: float | None = None, alternativ: str | None = None,
                        enhed: str | None = None) -> list[Block]:
    """The blocks of one intervention (see the module docstring). ``dato``: the cut-off of
    the progression figures (default the latest with data); ``alternativ``: a step code or a
    whole amount in kr. (default the intervention's own alternative)."""
    key = slug(indsats)
    name = kommune_navn(kommunekode)
    out: list[Block] = []
    dates = progression_dates(frame, indsats, kommunekode=kommunekode)
    if dates:
        t = dato if dato is not None and pd.Timestamp(dato) in dates else dates[-1]
        prog = _of(frame, PROGRESSION, indsats, kommunekode)
        prog = prog[pd.to_datetime(prog["dato"]) == pd.Timestamp(t)].reset_index(drop=True)
        out.append(Block(
            key=f"{key}-datagrundlag", title=f"Datagrundlag: {indsats}",
            key_figures=[kf(BASIS_FIGURE)],
            table=basis_table(prog, indsats),
            table_caption=(f"Deltagere og skemaer i {indsats} i {name}, de 12 måneder til "
                           f"{format_date(t)}"),
            notes=["Kun deltagere med både en før- og en eftermåling indgår i udviklingen "
                   "nedenfor; de, der stopper tidligt, mangler ofte eftermålingen."],
            rows=rows_of(prog, [BASIS_FIGURE]),
        ))
        has_means = has_rows(prog, MEAN_FIGURES[0])
        out.append(Block(
            key=f"{key}-udvikling", title=f"Udvikling fra første til seneste måling: {indsats}",
            key_figures=[kf(k) for k in DEVELOPMENT_FIGURES],
            figure=dumbbell(prog, indsats, kommunekode=kommunekode, dato=t) if has_means
            else None,
            table=progression_table(prog, indsats),
            table_caption=f"Første og seneste måling pr. redskab, {format_date(t)}",
            notes=[NO_EFFECT, "Om en højere score er bedre eller dårligere, afhænger af "
                              "redskabet; det står ved hvert redskab."],
            rows=rows_of(prog, DEVELOPMENT_FIGURES),
        ))
    cost = _of(frame, COST, indsats, kommunekode)
    if not cost.empty:
        alternative = kf(ALTERNATIVE_FIGURE)
        # the municipality's own cost per child on each step (shown on Udgifter)
        step_rows = rows_of(frame, alternative.uses)
        step_rows = step_rows[step_rows["kommunekode"].astype("int64") == int(kommunekode)]
        dato_cost = pd.to_datetime(cost["dato"]).max()
        card = cost_table(cost, indsats)
        out.append(Block(
            key=f"{key}-omkostninger", title=f"Omkostninger: {indsats}",
            key_figures=[kf(k) for k in COST_FIGURES],
            figure=(cost_split_chart(cost, indsats, kommunekode=kommunekode)
                    if has_rows(cost, SPLIT_FIGURE) else None),
            table=card,
            cards=[(label, text) for label, text in zip(card[""], card["Beløb"], strict=True)
                   if label in CARD_LABELS.values()],
            table_caption=(f"Driftsomkostninger for {indsats} i {name} (indberetninger til "
                           f"{format_date(dato_cost)})"),
            notes=[ESTABLISHMENT, "Timerne er regnet om med gennemsnitlige lønninger plus 20 "
                   "pct. overhead og 1.418 effektive timer om året."],
            rows=rows_of(cost, COST_FIGURES),
        ))
        out.append(Block(
            key=f"{key}-foelsomhed", title=f"Følsomhedsberegninger: {indsats}",
            key_figures=[kf(k) for k in SENSITIVITY_FIGURES],
            table=sensitivity_table(cost, indsats, loen_pct=loen_pct, deltagere=deltagere,
                                    enhed=enhed),
            table_caption="Omkostninger ved andre lønniveauer og antal deltagere",
            notes=["Ved flere deltagere vokser personaleomkostningerne med antallet, mens de "
                   "øvrige udgifter er faste (som i seed 003, Tabel 5-5)."],
            rows=rows_of(cost, SENSITIVITY_FIGURES),
        ))
        rows_all = pd.concat([cost, step_rows], ignore_index=True) if len(step_rows) else cost
        step = alternativ if alternativ in STEP_LABELS else None
        amount = float(alternativ) if alternativ and alternativ.isdigit() else None
        own = scenario_from_rows(cost, indsats, raise_pct=loen_pct, new_participants=deltagere)
        alt = alternative_from_rows(
            rows_all, indsats, step=step, amount=amount,
            per_participant=own.pr_deltager if own is not None and (
                loen_pct or deltagere is not None) else None)
        out.append(Block(
            key=f"{key}-alternativ", title=f"Sammenligning med alternativet: {indsats}",
            key_figures=[alternative],
            table=alternative_table(alt, indsats),
            table_caption="Omkostning pr. år mod alternativet",
            notes=["Sammenligningen siger ikke, at deltagerne ellers ville have fået "
                   "alternativet; en deltager kan være en hel familie, mens alternativet er "
                   "pr. barn.", *_missing_alternative_notes(alt, cost, indsats, step, amount)],
            rows=(pd.concat([rows_of(cost, [alternative.id]), step_rows], ignore_index=True)
                  if len(step_rows) else rows_of(cost, [alternative.id])),
        ))
    return out


def _missing_alternative_notes(alt: Alternative | None, cost: pd.DataFrame, indsats: str,
                               step: str | None, amount: float | None) -> list[str]:
    """Why there is no comparison: nothing to compare with, or hidden (too few)."""
    if alt is not None:
        return []
    if step is None and amount is None and _row(cost, ALTERNATIVE_FIGURE, indsats) is None:
        return ["Indsatsen har intet eget alternativ i udtrækket «indsatser». Vælg et trin "
                "eller et fast beløb under «Sammenlign med»."]
    return ["Der er ingen tal for alternativet, eller tallene er skjult, fordi de bygger på "
            "for få."]


def blocks(frame: pd.DataFrame, comparator: pd.DataFrame | None, comparator_label: str, *,
           kommunekode: int, expected_years: Collection[int] = (), indsats: str | None = None,
           **options) -> list[Block]:
    """The blocks of the Indsatser page (one intervention) or of the report section (every
    intervention when ``indsats`` is None). There is no comparator: interventions are the
    municipality's own; ``comparator`` and ``expected_years`` are accepted for the common
    interface and not used."""
    names = [indsats] if indsats is not None else interventions(frame, kommunekode=kommunekode)
    out: list[Block] = []
    for name in names:
        out.extend(intervention_blocks(frame, name, kommunekode=kommunekode, **options))
    return out


__all__ = [
    "KEY_FIGURES",
    "TITLE",
    "alternative_table",
    "basis_table",
    "blocks",
    "cost_table",
    "dumbbell",
    "interventions",
    "progression_dates",
    "progression_table",
    "sensitivity_table",
    "slug",
    "tool_label",
]
