"""The catalogue documentation (Om nøgletallene and docs/NOEGLETAL.md)."""

from __future__ import annotations

from pathlib import Path

from noegletal.domain.vocabulary import INDSATSER
from noegletal.metrics.catalogue import CATALOGUE, KeyFigure
from noegletal.metrics.suppression import suppression_note
from noegletal.presentation import docs

ROOT = Path(__file__).resolve().parents[2]


def _kf(id_: str, theme: str, **kw) -> KeyFigure:
    base = dict(
        id=id_, theme=theme, name=f"Navn {id_}", how_to_read=f"Forklaring af {id_}.",
        unit="pct", numerator="Tæller", denominator="Nævner", inputs=("foranstaltninger",),
        direction="ikke_stige", caveats=("Et forbehold.",), source="Kilde",
    )
    return KeyFigure(**{**base, **kw})


TINY = {
    "b": _kf("b", "udgifter", unit="1000_kr", inputs=("udgifter", "prisindeks"),
             dimensions={"service": "Service", "i_alt": "I alt"}, frequency="aar",
             choices=("Et valg.",)),
    "a": _kf("a", "anbringelser", name="Anbragte børn", how_to_read="Børn i plejefamilie."),
}


def test_figure_doc_names_inputs_and_dimensions_in_danish():
    d = docs.figure_doc(TINY["b"])
    assert d.inputs == (("udgifter", "Udgifter (regnskab)"), ("prisindeks", "Pris- og lønindeks"))
    assert d.input_labels == ["Udgifter (regnskab)", "Pris- og lønindeks"]
    assert d.dimensions == (("service", "Service"), ("i_alt", "I alt"))
    assert d.unit == "1.000 kr. (faste priser)"
    assert d.frequency == "pr. regnskabsår (dato = 31. december)"
    assert d.direction == "Bør ikke stige"
    assert d.theme_title == "Udgiftsfordeling"
    assert d.choices == ("Et valg.",)


def test_catalogue_docs_group_by_theme_in_catalogue_order():
    themes = docs.catalogue_docs(TINY)
    assert [t.key for t in themes] == ["anbringelser", "udgifter"]  # THEMES order, not dict
    assert [[f.id for f in t.figures] for t in themes] == [["a"], ["b"]]
    assert docs.count_figures(themes) == 2


def test_the_real_catalogue_is_documented_completely():
    themes = docs.catalogue_docs()
    ids = [f.id for t in themes for f in t.figures]
    assert sorted(ids) == sorted(CATALOGUE)
    assert docs.count_figures(themes) == len(CATALOGUE)


def test_search_folds_letters_and_needs_every_word():
    themes = docs.catalogue_docs(TINY)
    assert docs.search_docs(themes, "") == themes
    assert docs.search_docs(themes, "   ") == themes
    # "børn" matches "Børn"/"børn" and its folded spelling "boern"
    hits = docs.search_docs(themes, "BOERN plejefamilie")
    assert [[f.id for f in t.figures] for t in hits] == [["a"]]
    assert [f.id for t in docs.search_docs(themes, "pris- lønindeks") for f in t.figures] == ["b"]
    assert docs.search_docs(themes, "plejefamilie prisindeks") == []


def test_search_reaches_caveats_and_choices():
    themes = docs.catalogue_docs(TINY)
    assert [f.id for t in docs.search_docs(themes, "et valg") for f in t.figures] == ["b"]
    assert len([f for t in docs.search_docs(themes, "forbehold") for f in t.figures]) == 2


def test_suppression_paragraphs_state_the_threshold():
    text = "\n".join(docs.suppression_paragraphs(7))
    assert "«<7»" in text and "1 til 6 børn" in text
    assert "Grænsen er 7." in text and "aldrig under 3" in text
    assert suppression_note(7) in text


def test_legal_basis_of_every_measure():
    rows = docs.legal_basis()
    assert [r.code for r in rows] == list(INDSATSER)
    first = rows[0]
    assert (first.code, first.before, first.from_2024) == (
        "forebyggende_11_3", "SEL § 11, stk. 3", "BL § 30")
    assert first.step == "Forebyggende (§ 11, stk. 3)" and not first.placed
    events = {r.code: r.step for r in rows if r.code in ("underretning",
                                                          "boernefaglig_undersoegelse")}
    assert set(events.values()) == {"Hændelse (ikke et trin)"}
    table = docs.legal_basis_table()
    assert list(table.columns) == [
        "Indsats", "Kode i udtrækket", "Trin på indsatstrappen", "Anbringelse",
        "Før 1. januar 2024 (serviceloven)", "Fra 1. januar 2024 (barnets lov)"]
    assert table.loc[table["Kode i udtrækket"] == "familiepleje", "Anbringelse"].item() == "Ja"
    assert "SEL § 11, stk. 3" in docs.legal_basis_paragraphs()[0]


def test_markdown_of_one_figure():
    md = docs.figure_markdown(docs.figure_doc(TINY["b"]))
    assert md.startswith("### Navn b\n\n`b` · Udgiftsfordeling\n\n**Sådan læses tallet.**")
    assert "| Bygger på | Udgifter (regnskab), Pris- og lønindeks |" in md
    assert "**Opdeling:** `service` Service; `i_alt` I alt" in md
    assert "- Et forbehold." in md and "- Et valg." in md
    plain = docs.figure_markdown(docs.figure_doc(TINY["a"]))
    assert f"**Opdeling:** {docs.NO_DIMENSIONS}" in plain
    assert "Valg truffet" not in plain


def test_committed_markdown_is_up_to_date(tmp_path):
    """docs/NOEGLETAL.md is generated; regenerate it with
    ``python -m noegletal.presentation.docs docs/NOEGLETAL.md`` when the catalogue changes."""
    committed = (ROOT / "docs" / "NOEGLETAL.md").read_text(encoding="utf-8")
    assert committed == docs.render_markdown(5)
    out = tmp_path / "n.md"
    assert docs.main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == committed
    for kf_id in CATALOGUE:
        assert committed.count(f"`{kf_id}` · ") == 1
