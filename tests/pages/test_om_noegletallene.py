"""The Om nøgletallene page: the catalogue documentation with search."""

from __future__ import annotations

from noegletal.domain.vocabulary import INDSATSER
from noegletal.metrics.catalogue import CATALOGUE
from noegletal.metrics.suppression import suppression_note
from noegletal.presentation import docs
from tests.pages.conftest import texts


def _figure_expanders(at) -> list[str]:
    names = {kf.name for kf in CATALOGUE.values()}
    return [e.label for e in at.expander if e.label in names]


def test_every_key_figure_is_documented(open_page):
    at = open_page("om_noegletallene")
    assert not at.exception
    assert [t.label for t in at.tabs] == [f"Nøgletallene ({len(CATALOGUE)})",
                                         "Små tal vises ikke", "Indsatser og lovgrundlag"]
    assert sorted(_figure_expanders(at)) == sorted(kf.name for kf in CATALOGUE.values())
    subheaders = [s.value for s in at.subheader]
    assert [t.title for t in docs.catalogue_docs()] == subheaders[:len(docs.catalogue_docs())]
    text = texts(at)
    kf = CATALOGUE["merudgifter"]
    assert f"**Sådan læses tallet.** {kf.how_to_read}" in text
    assert "| Bygger på | Udgifter (regnskab), Udgiftsmodel (kontoplan til kategori og trin), " \
           "Pris- og lønindeks |" in text
    assert f"- {kf.caveats[0]}" in text and f"- {kf.choices[0]}" in text
    assert "Id i data og eksport: `merudgifter`" in text
    # the page has no municipality filters
    assert not at.sidebar.selectbox


def test_suppression_rule_and_legal_basis(open_page):
    at = open_page("om_noegletallene")
    text = texts(at)
    assert suppression_note(5) in text
    assert "aldrig under 3" in text
    assert "barnets lov (BL)" in text
    table = at.dataframe[0].value
    assert len(table) == len(INDSATSER)
    row = table.loc[table["Kode i udtrækket"] == "forebyggende_11_3"].iloc[0]
    assert (row["Før 1. januar 2024 (serviceloven)"],
            row["Fra 1. januar 2024 (barnets lov)"]) == ("SEL § 11, stk. 3", "BL § 30")


def test_search(open_page):
    at = open_page("om_noegletallene")
    at.text_input(key="nt_docs_search").set_value("skole").run()
    assert not at.exception
    expected = docs.search_docs(docs.catalogue_docs(), "skole")
    names = [f.name for t in expected for f in t.figures]
    assert _figure_expanders(at) == names and len(names) >= 6
    assert f"{len(names)} af {len(CATALOGUE)} nøgletal passer på søgningen." in texts(at)
    at.text_input(key="nt_docs_search").set_value("zzzz").run()
    assert _figure_expanders(at) == []
    assert any("Ingen nøgletal passer" in i.value for i in at.info)
