"""User text shown as plain text inside Markdown.

Streamlit renders Markdown in ``st.markdown``, ``st.success``/``st.error``/``st.info``/
``st.warning``, ``st.caption``, progress texts and ``st.table`` cells: images, links, colour
directives (``:red[...]``), icons (``:material/...:``) and LaTeX (``$...$``). Text that an
analyst or a file controls -- file names, cell values in messages, user names, sheet names
-- goes through :func:`plain` first, so it is shown exactly as written and nothing in it is
rendered or fetched.
"""

from __future__ import annotations

import re
import string

import pandas as pd

# CommonMark lets a backslash escape every ASCII punctuation character.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# GitHub-flavoured Markdown turns bare "http://...", "www...." and e-mail addresses into
# links after parsing, escaped or not; an invisible word joiner (U+2060) breaks the pattern.
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)")


def plain(text: object) -> str:
    """``text`` escaped so that Markdown shows it literally (line breaks become spaces; a
    bare web or e-mail address gets an invisible word joiner so it is not made a link)."""
    value = "" if text is None else str(text)
    value = " ".join(value.splitlines())
    value = _AUTOLINK.sub(_JOINER, value)
    return _PUNCTUATION.sub(r"\\\1", value)


def plain_table(table: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of ``table`` through :func:`plain` (for ``st.table``)."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: plain(v) if isinstance(v, str) else v)
    return out
