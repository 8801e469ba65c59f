"""User text through :func:`noegletal.ui.plain.plain` (issue #9, item 4); the browser test
``tests/browser/test_upload.py::test_user_text_is_never_rendered_as_markdown`` checks what
the browser then draws."""

from __future__ import annotations

import pandas as pd

from noegletal.ui.plain import plain, plain_table


def test_markdown_syntax_is_escaped_and_bare_addresses_are_broken_up():
    assert plain("![i](x.png) :red[rød] $x^2$ **fed**") == (
        "\\!\\[i\\]\\(x\\.png\\) \\:red\\[rød\\] \\$x\\^2\\$ \\*\\*fed\\*\\*")
    assert plain("http://a.dk a@b.dk www.c.dk") == (
        "http\\:\u2060\\/\\/a\\.dk a\\@\u2060b\\.dk www\u2060\\.c\\.dk")
    assert plain("linje 1\nlinje 2") == "linje 1 linje 2"
    assert plain(None) == ""


def test_plain_table_escapes_text_cells_only():
    table = pd.DataFrame({"række": [3], "besked": ["«**x**» er ikke et tal"]})
    out = plain_table(table)
    assert out["besked"].tolist() == ["«\\*\\*x\\*\\*» er ikke et tal"]
    assert out["række"].tolist() == [3]
