"""Expected values for the page tests, worked out independently of the code under test.

The pages show key figures that the app computes from the sample data; these helpers
recompute a shown value from its counts (``taeller``/``naevner``) and write it in Danish by
hand (half-up rounding with :mod:`decimal`, thousands dot, decimal comma), so a page test
fails when a page shows a wrong number or formats it wrongly — instead of comparing the
page with the formatting function it uses.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def danish(x: float | Decimal, decimals: int) -> str:
    """``1234.56`` -> ``1.234,6`` (``decimals`` = 1); negative numbers with ``−``."""
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "\u2212" if q < 0 else ""
    whole, _, frac = f"{abs(q):.{decimals}f}".partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return sign + whole + ("," + frac if decimals else "")


def per_1000(taeller: float, naevner: float) -> str:
    """A rate per 1.000 with one decimal: ``per_1000(138, 18_708)`` -> ``7,4``."""
    return danish(1000 * Decimal(int(taeller)) / Decimal(int(naevner)), 1)


def pct(taeller: float, naevner: float) -> str:
    """A share in percent with one decimal and `` %``: ``pct(6, 30)`` -> ``20,0 %``."""
    return danish(100 * Decimal(int(taeller)) / Decimal(int(naevner)), 1) + " %"


def count(n: float) -> str:
    """A whole count: ``18708`` -> ``18.708``."""
    return danish(int(n), 0)
