"""Tiny hand-written canonical frames, one per extract kind, for the store tests."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

D = pd.Timestamp
NaT = pd.NaT


def checksum(label: str) -> str:
    """A sha256 hex digest standing in for the checksum of an uploaded file."""
    return hashlib.sha256(label.encode()).hexdigest()


def dates(*values) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)), dtype="datetime64[ns]")


def foranstaltninger(barn_prefix: str = "b", kommuner=(510, 510, 657),
                     enheder=("Nord", None, None)) -> pd.DataFrame:
    """Three courses: two in the first municipality, one in the second."""
    return pd.DataFrame(
        {
            "kommunekode": np.array(kommuner, dtype="int64"),
            "barn_id": [f"{barn_prefix}1", f"{barn_prefix}2", f"{barn_prefix}3"],
            "foedselsdato": dates("2005-01-31", "2008-02-29", "2010-12-01"),
            "indsats": ["familiepleje", "forebyggende_11_3", "underretning"],
            "startdato": dates("2016-01-01", "2016-03-15", "2017-05-31"),
            "slutdato": dates("2016-12-31", None, "2017-05-31"),
            "bevilget_af": ["myndighed", "andre", "myndighed"],
            "enhed": list(enheder),
        }
    )


FRAMES: dict[str, pd.DataFrame] = {
    "foranstaltninger": foranstaltninger(),
    "befolkning": pd.DataFrame(
        {
            "kommunekode": np.array([510, 657], dtype="int64"),
            "dato": dates("2017-01-01", "2017-01-01"),
            "antal_0_17": np.array([11873, 19705], dtype="int64"),
            "enhed": [None, None],
        }
    ),
    "udgifter": pd.DataFrame(
        {
            "kommunekode": np.array([510, 510], dtype="int64"),
            "aar": np.array([2016, 2016], dtype="int64"),
            "funktion": ["5.28.21", "5.28.23"],
            "gruppering": [None, "001"],
            "brutto_1000_kr": np.array([52341.5, 1200.25], dtype="float64"),
            "netto_1000_kr": np.array([50000.0, -13.75], dtype="float64"),
            "regnskabstype": ["regnskab", "budget"],
        }
    ),
    "udgiftsmodel": pd.DataFrame(
        {
            "funktion": ["5.28.21", "6.45.51"],
            "gruppering": ["*", "001"],
            "kategori": ["service", "administration_myndighed"],
            "trin": ["familiepleje", None],
        }
    ),
    "prisindeks": pd.DataFrame(
        {"aar": np.array([2016, 2017], dtype="int64"), "indeks": np.array([100.0, 101.7])}
    ),
    "skoletrivsel": pd.DataFrame(
        {
            "kommunekode": np.array([657, 657], dtype="int64"),
            "skoleaar": ["2016/17", "2016/17"],
            "gruppe": ["udsatte", "oevrige"],
            "indikator": ["fravaer_pct", "fravaer_pct"],
            "gennemsnit": np.array([9.25, 4.5]),
            "antal": np.array([41, 3902], dtype="int64"),
        }
    ),
    "sagstal": pd.DataFrame(
        {
            "kommunekode": np.array([167, 167], dtype="int64"),
            "dato": dates("2017-03-01", "2017-03-01"),
            "socialraadgiver_id": ["s1", "s2"],
            "antal_sager": np.array([27, 31], dtype="int64"),
            "stillingsandel": np.array([0.5, np.nan]),
        }
    ),
    "opfoelgninger": pd.DataFrame(
        {
            "kommunekode": np.array([510], dtype="int64"),
            "barn_id": ["b1"],
            "dato": dates("2016-04-01"),
        }
    ),
    "sammenligning": pd.DataFrame(
        {
            "kommunekode": np.array([0, 0, 510], dtype="int64"),
            "noegletal": ["anbragte_pr_1000", "anbringelsesform_andel", "anbragte_pr_1000"],
            "dato": dates("2016-12-31", "2016-12-31", "2016-12-31"),
            "dimension": ["", "familiepleje", ""],
            "vaerdi": np.array([9.8, 0.42, 11.25]),
            "taeller": np.array([11200.0, np.nan, 95.0]),
            "naevner": np.array([1142857.0, np.nan, 8444.0]),
        }
    ),
    "maal": pd.DataFrame(
        {
            "kommunekode": np.array([510, 657], dtype="int64"),
            "noegletal": ["sagstal_gennemsnit", "anbringelsesform_andel"],
            "dimension": ["", "institution"],
            "maalvaerdi": np.array([25.0, 30.5]),
            "retning": ["hoejst", "hoejst"],
            "fra_dato": dates("2016-01-01", "2017-01-01"),
            "til_dato": dates(None, "2018-12-31"),
            "beskrivelse": ["Højst 25 sager pr. rådgiver", None],
        }
    ),
    # the intervention extracts (data contract sections 7 and 8)
    "maalinger": pd.DataFrame(
        {
            "kommunekode": np.array([510, 510], dtype="int64"),
            "indsats_navn": ["Børnegrupper", "Børnegrupper"],
            "deltager_id": ["d1", "d1"],
            "deltager_type": ["barn", "mor"],
            "redskab": ["sdq", "fit_ors"],
            "skala": ["samlet", "samlet"],
            "dato": dates("2019-01-10", "2019-06-10"),
            "score": np.array([17.0, 31.5]),
        }
    ),
    "redskaber": pd.DataFrame(
        {
            "redskab": ["egen"], "skala": ["samlet"], "navn": ["Eget skema"],
            "min": np.array([0.0]), "max": np.array([10.0]), "hoejere_er_bedre": ["ja"],
            "graense": np.array([np.nan]), "paalidelig_aendring": np.array([2.5]),
            "deltager_type": [None],
        }
    ),
    "ressourceforbrug": pd.DataFrame(
        {
            "kommunekode": np.array([510, 510], dtype="int64"),
            "indsats_navn": ["PMTO", "PMTO"],
            "periode_start": dates("2019-01-01", "2019-01-01"),
            "periode_slut": dates("2019-03-31", "2019-03-31"),
            "aktivitet": ["med_borgere", "oevrige_udgifter"],
            "personalegruppe": ["Psykolog", None],
            "timer": np.array([12.5, np.nan]),
            "udgift_kr": np.array([np.nan, 1500.0]),
        }
    ),
    "loenninger": pd.DataFrame(
        {"personalegruppe": ["Psykolog"], "aar": np.array([2019], dtype="int64"),
         "maanedsloen_kr": np.array([46411.0])}
    ),
    "indsatser": pd.DataFrame(
        {
            "kommunekode": np.array([510], dtype="int64"), "indsats_navn": ["PMTO"],
            "deltagere_pr_aar": np.array([7.6]), "maaneder_pr_deltager": np.array([9.7]),
            "enhed": ["familie"], "alternativ_trin": ["familiepleje"],
            "alternativ_kr_pr_aar": np.array([np.nan]),
        }
    ),
}

EXPECTED_DTYPES: dict[str, dict[str, str]] = {
    "foranstaltninger": {
        "kommunekode": "int64", "barn_id": "object", "foedselsdato": "datetime64[ns]",
        "indsats": "object", "startdato": "datetime64[ns]", "slutdato": "datetime64[ns]",
        "bevilget_af": "object", "enhed": "object",
    },
    "befolkning": {"kommunekode": "int64", "dato": "datetime64[ns]", "antal_0_17": "int64",
                   "enhed": "object"},
    "udgifter": {
        "kommunekode": "int64", "aar": "int64", "funktion": "object", "gruppering": "object",
        "brutto_1000_kr": "float64", "netto_1000_kr": "float64", "regnskabstype": "object",
    },
    "udgiftsmodel": {
        "funktion": "object", "gruppering": "object", "kategori": "object", "trin": "object",
    },
    "prisindeks": {"aar": "int64", "indeks": "float64"},
    "skoletrivsel": {
        "kommunekode": "int64", "skoleaar": "object", "gruppe": "object",
        "indikator": "object", "gennemsnit": "float64", "antal": "int64",
    },
    "sagstal": {
        "kommunekode": "int64", "dato": "datetime64[ns]", "socialraadgiver_id": "object",
        "antal_sager": "int64", "stillingsandel": "float64",
    },
    "opfoelgninger": {"kommunekode": "int64", "barn_id": "object", "dato": "datetime64[ns]"},
    "sammenligning": {
        "kommunekode": "int64", "noegletal": "object", "dato": "datetime64[ns]",
        "dimension": "object", "vaerdi": "float64", "taeller": "float64", "naevner": "float64",
    },
    "maal": {
        "kommunekode": "int64", "noegletal": "object", "dimension": "object",
        "maalvaerdi": "float64", "retning": "object", "fra_dato": "datetime64[ns]",
        "til_dato": "datetime64[ns]", "beskrivelse": "object",
    },
    "maalinger": {
        "kommunekode": "int64", "indsats_navn": "object", "deltager_id": "object",
        "deltager_type": "object", "redskab": "object", "skala": "object",
        "dato": "datetime64[ns]", "score": "float64",
    },
    "redskaber": {
        "redskab": "object", "skala": "object", "navn": "object", "min": "float64",
        "max": "float64", "hoejere_er_bedre": "object", "graense": "float64",
        "paalidelig_aendring": "float64", "deltager_type": "object",
    },
    "ressourceforbrug": {
        "kommunekode": "int64", "indsats_navn": "object", "periode_start": "datetime64[ns]",
        "periode_slut": "datetime64[ns]", "aktivitet": "object", "personalegruppe": "object",
        "timer": "float64", "udgift_kr": "float64",
    },
    "loenninger": {"personalegruppe": "object", "aar": "int64", "maanedsloen_kr": "float64"},
    "indsatser": {
        "kommunekode": "int64", "indsats_navn": "object", "deltagere_pr_aar": "float64",
        "maaneder_pr_deltager": "float64", "enhed": "object", "alternativ_trin": "object",
        "alternativ_kr_pr_aar": "float64",
    },
}


def import_kind(store, kind: str, frame: pd.DataFrame | None = None, *, label: str = "",
                user: str = "analytiker", **kwargs):
    """Import ``frame`` (default: the sample frame of ``kind``) as file ``<kind><label>.csv``."""
    frame = FRAMES[kind] if frame is None else frame
    return store.import_frame(
        kind, frame, filename=f"{kind}{label}.csv", checksum=checksum(f"{kind}{label}"),
        user=user, **kwargs,
    )
