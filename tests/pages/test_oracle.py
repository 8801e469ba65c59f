"""The hand-written expectations of the page tests are right (worked out by hand here)."""

from __future__ import annotations

from tests.pages.oracle import count, danish, pct, per_1000


def test_the_oracle_itself():
    assert per_1000(138, 18_708) == "7,4"  # 1000 x 138 / 18708 = 7,376...
    assert pct(6, 30) == "20,0 %" and pct(1, 8) == "12,5 %"  # 12,5 exactly
    assert pct(49, 400) == "12,3 %"  # 12,25 rounds half up, not to the even 12,2
    assert count(18_708) == "18.708" and danish(-1.25, 1) == "\u22121,3"
