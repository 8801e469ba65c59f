"""The suppression mark and legend the presentation shows follow the threshold setting."""

from __future__ import annotations

import pytest

from noegletal.presentation.marks import hidden_mark, shown_mark, suppression_note
from noegletal.settings import get_settings


@pytest.fixture
def threshold_4(monkeypatch):
    monkeypatch.setenv("NOEGLETAL_SUPPRESSION_THRESHOLD", "4")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_default_threshold_is_five():
    get_settings.cache_clear()
    assert hidden_mark() == "<5"
    assert suppression_note().startswith("<5: tallet bygger på færre end 5 børn")


def test_marks_follow_the_setting(threshold_4):
    assert hidden_mark() == "<4"
    assert shown_mark(None) == "<4"  # a row without its own mark
    assert shown_mark(" .. ") == ".."  # a row's own mark is kept
    assert shown_mark("<4") == "<4"
    assert suppression_note().startswith("<4: tallet bygger på færre end 4 børn")
    assert hidden_mark(6) == "<6"  # an explicit threshold wins
