"""URL state: parse, fall back with Danish notices, serialise, round-trip."""

from __future__ import annotations

import datetime as dt

import pytest

from noegletal.presentation.state import UrlState, parse_state, to_query_params


def test_round_trip():
    params = {"kommune": "167", "fra": "2016-01-31", "til": "2017-09-30",
              "sammenlign": "gruppe", "gruppe": "151,147,147", "visning": "tabel"}
    parsed = parse_state(params, visninger=["graf", "tabel"])
    assert parsed.notices == []
    assert parsed.state == UrlState(kommune=167, fra=dt.date(2016, 1, 31),
                                    til=dt.date(2017, 9, 30), sammenlign="gruppe",
                                    gruppe=(147, 151), visning="tabel")
    out = to_query_params(parsed.state)
    assert out == {"kommune": "167", "fra": "2016-01-31", "til": "2017-09-30",
                   "sammenlign": "gruppe", "gruppe": "147,151", "visning": "tabel"}
    assert parse_state(out, visninger=["graf", "tabel"]).state == parsed.state


def test_defaults_are_left_out_of_links():
    state = UrlState(kommune=167, sammenlign="landet", visning="graf")
    assert to_query_params(state, default_kommune=167, default_visning="graf") == {}
    assert to_query_params(UrlState(sammenlign="657", gruppe=(1,) * 0)) == {"sammenlign": "657"}


def test_invalid_values_fall_back_with_notices():
    parsed = parse_state(
        {"kommune": "999", "fra": "2017-13-01", "til": "2017-09-30", "sammenlign": "gruppe",
         "visning": "<script>", "foo": "1", "embed": "true"},
        visninger=["graf", "tabel"], default_kommune=167, default_visning="graf")
    assert parsed.state == UrlState(kommune=167, til=dt.date(2017, 9, 30), visning="graf")
    assert parsed.notices == [
        "Linket indeholdt et ukendt felt, som er ignoreret.",
        "Linkets kommune er ugyldig; standardkommunen vises.",
        "Linkets startdato er ugyldig; hele perioden vises.",
        "Linkets visning er ugyldig; standardvisningen bruges.",
        "Linket bad om en sammenligningsgruppe uden kommuner; der sammenlignes med hele landet.",
    ]


def test_cross_field_rules():
    swapped = parse_state({"fra": "2017-09-30", "til": "2016-01-31"})
    assert (swapped.state.fra, swapped.state.til) == (None, None)
    assert swapped.notices == ["Startdatoen i linket lå efter slutdatoen; hele perioden vises."]

    itself = parse_state({"kommune": "167", "sammenlign": "167"})
    assert itself.state.sammenlign == "landet"
    assert itself.notices == ["Hvidovre kan ikke sammenlignes med sig selv; der sammenlignes "
                              "med hele landet."]

    outside = parse_state({"fra": "2010-01-31"},
                          datoer=[dt.date(2016, 1, 31), dt.date(2017, 9, 30)])
    assert outside.state.fra is None
    assert outside.notices == ["Der er ingen tal for 31. januar 2010; startdatoen er nulstillet."]


def test_only_municipalities_with_data():
    parsed = parse_state({"kommune": "101", "gruppe": "167,abc"}, kommuner=[167, 510])
    assert parsed.state.kommune is None and parsed.state.gruppe == ()
    assert parsed.notices == [
        "Linkets kommune er ugyldig; standardkommunen vises.",
        "Linkets sammenligningsgruppe er ugyldig; gruppen er tom.",
    ]


@pytest.mark.parametrize("value", ["", "1e3", "0167", "-5", "167.0", "x" * 1000])
def test_never_raises(value):
    parsed = parse_state({"kommune": value, "fra": value, "sammenlign": value,
                          "gruppe": value, "visning": value}, visninger=["graf"])
    # every one of these values is invalid for every key: all fall back to the defaults
    assert parsed.state == UrlState()
    if value:
        assert parsed.notices, value  # a Danish notice says so ...
        assert all(value not in n for n in parsed.notices if len(value) > 3)  # ... no echo
    else:
        assert parsed.notices == []  # an empty value is simply absent


def test_repeated_keys_use_the_last_value():
    assert parse_state({"kommune": ["101", "167"]}).state.kommune == 167
