"""Query parameters are validated: hostile values in every key never reach a page as HTML or
as live markdown, and every page still renders.

Each page runs (AppTest) with one hostile value in all of the app's URL keys at once, and
with very long values and repeated keys. What Streamlit would send to the browser is then
checked: nothing is rendered as HTML, and no element rendered as markdown contains the
payload's markdown syntax unescaped (a link, an image that the browser would fetch, a
heading) or a right-to-left override that turns text around. A notice may quote a bad value
only in a form that renders as plain text.
"""

from __future__ import annotations

import hashlib

import pytest

from noegletal.presentation.state import KEYS
from tests.security.conftest import (
    assert_rendered,
    html_bodies,
    markdown_bodies,
    page_bytes,
    page_paths,
    run_page,
)
from tests.security.test_html_audit import REVIEWED

# Only the reviewed static CSS of ui/shell.py may reach the browser as HTML.
REVIEWED_SHAS = {sha for _, sha in REVIEWED}

# Hostile values, one per kind of injection.
PAYLOADS: dict[str, str] = {
    "script": "<script>alert('nt-xss')</script>",
    "img": "<img src=x onerror=alert('nt-img')>",
    "markdown_link": "[nt-link](javascript:alert(1))",
    "markdown_image": "![nt-image](https://eksempel.invalid/nt.png)",
    "html_entity": "&lt;b&gt;nt-entity&lt;/b&gt;",
    "formula": "=HYPERLINK(\"https://eksempel.invalid\",\"nt-formula\")",
    "null_and_newlines": "167\x00\n\n# nt-heading",
    "unicode": "1\u202e67\u200bnt-bidi",
}
# Fragments that are live when rendered as markdown.
LIVE_MARKDOWN = ("[nt-link](", "![nt-image](", "\n# nt-heading", "\u202e")


def _assert_no_injection(at) -> None:
    assert_rendered(at)
    unreviewed = [b for b in html_bodies(at)
                  if hashlib.sha256(b.encode("utf-8")).hexdigest() not in REVIEWED_SHAS]
    assert unreviewed == [], "en side sendte ikke-revideret HTML til browseren"
    shown = "\n".join(markdown_bodies(at))
    for fragment in LIVE_MARKDOWN:
        assert fragment not in shown, f"{fragment!r} fra URL'en blev vist som markdown"


@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
def test_hostile_values_in_every_key_on_the_start_page(payload):
    at = run_page(None, dict.fromkeys((*KEYS, "embed_options", "ukendt"), PAYLOADS[payload]))
    _assert_no_injection(at)


@pytest.mark.parametrize("path", page_paths())
def test_every_page_renders_with_hostile_values(path):
    query = {key: PAYLOADS[name] for key, name in zip(
        KEYS, ("script", "markdown_link", "img", "markdown_image", "formula", "html_entity",
               "null_and_newlines", "markdown_link", "script", "unicode", "script", "formula",
               "markdown_image"), strict=True)}
    at = run_page(path, query)
    _assert_no_injection(at)


@pytest.mark.parametrize("path", ["pages/overblik.py", "pages/sagsbehandling.py"])
def test_very_long_and_repeated_values(path):
    long = "1" * 5000 + "<script>nt-xss</script>" + "[nt-link](https://x)" * 200
    query: dict[str, str | list[str]] = {key: long for key in KEYS}
    query["gruppe"] = [",".join(["167"] * 2000), "510"] * 50
    query["kommune"] = ["167", "510", long]
    at = run_page(path, query)
    _assert_no_injection(at)
    # nothing of that size is sent back to the browser
    assert long[:1000] not in page_bytes(at).decode("utf-8", "replace")


def test_valid_values_are_still_used():
    """Control: a valid link is honoured, so the tests above exercise the real parsing."""
    at = run_page("pages/anbringelser.py", {"kommune": "510"})
    assert_rendered(at)
    assert "Haderslev" in at.title[0].value
