"""Messages an analyst reads after an upload (issue #11, item 3 and the grammar of item 10)."""

from __future__ import annotations

from noegletal.services import imports as im

MISSPELLED = "Kommunekode;Barn_ID;Fødseldato;Indsats;Startdato\n510;p001;2008-03-14;familiepleje;2016-01-04\n"


def test_a_misspelled_column_gets_the_spelling_hint_when_the_type_is_not_recognised(store):
    [checked] = im.check_uploads([im.Upload("udtraek.csv", MISSPELLED.encode())], store, im.ALL)
    assert checked.kind is None and checked.status == im.REFUSED
    assert checked.refusal == (
        "Det kunne ikke afgøres, hvilket udtræk filen indeholder. Den ligner udtrækket "
        "«foranstaltninger», men kolonnen «Fødseldato» er måske en stavefejl for "
        "«foedselsdato». Ret overskriften, eller vælg udtrækket, og upload filen igen.")


def test_one_row_and_one_refused_row_are_singular(store):
    text = (b"kommunekode;dato;antal_0_17\n510;2016-01-31;11873\n510;2016-05-31;-1\n")
    [checked] = im.check_uploads([im.Upload("befolkning.csv", text)], store, im.ALL)
    report = im.import_checked(store, [checked], user="ana", mode=im.MODE_VALID,
                               permissions=im.ALL, how=im.HOW_REPLACE)
    assert report.ok
    assert report.message == ("Befolkning 0-17 år: 1 række indlæst fra befolkning.csv "
                              "(1 ny version). 1 afvist række er ikke gemt.")
    details = im.audit_table(store.audit_log())["Detaljer"].tolist()
    assert details == ["1 række; 1 afvist række ikke gemt"]
