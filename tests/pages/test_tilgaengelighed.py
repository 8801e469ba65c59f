"""The Tilgængelighedserklæring page, and the link to it at the foot of every page."""

from __future__ import annotations

from noegletal.presentation.accessibility import load_results, statement_markdown
from tests.pages.conftest import texts


def test_the_statement_page_shows_the_generated_statement(open_page):
    at = open_page("tilgaengelighed")
    assert not at.exception
    assert at.title[0].value == "Tilgængelighedserklæring"
    assert statement_markdown(load_results()).strip() in texts(at)


def test_every_page_links_the_statement_in_its_footer(open_page):
    for page in (None, "anbringelser", "data"):
        at = open_page(page, kommune="657")
        assert not at.exception, page
        links = [(p.proto.page, p.proto.label) for p in at.get("page_link")]
        assert any(label == "Tilgængelighedserklæring" and target == "tilgaengelighed"
                   for target, label in links), (page, links)
