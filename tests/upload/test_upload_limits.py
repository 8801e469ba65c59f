"""Oversize uploads get a Danish message (issue #9, item 9): Streamlit's own cap, whose error
is English, lies far above the limit the upload service checks itself."""

from __future__ import annotations

import tomllib
from pathlib import Path

from noegletal.services import imports as im
from noegletal.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_streamlits_english_cap_is_far_above_the_danish_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] >= 4 * Settings().max_upload_mb


def test_a_62_mb_upload_is_refused_in_danish(store):
    row = b"510;2016-01-31;5\n"
    data = b"kommunekode;dato;antal_0_17\n" + row * (62_000_000 // len(row))
    limit = Settings().max_upload_mb * 1_000_000
    [checked] = im.check_uploads([im.Upload("befolkning.csv", data)], store, im.ALL,
                                 max_bytes=limit)
    assert checked.refusal_code == im.REFUSED_TOO_LARGE
    assert checked.refusal.startswith("Filen fylder 62,0 MB, og grænsen er 50,0 MB pr. fil.")
