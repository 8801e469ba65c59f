"""Hand-made key figures and suppressed result frames for the presentation tests."""

from __future__ import annotations

import pandas as pd

from noegletal.metrics.catalogue import KeyFigure


def make_kf(id: str, *, unit: str = "pct", name: str | None = None, direction: str = "neutral",
            theme: str = "anbringelser", dimensions: dict[str, str] | None = None,
            frequency: str = "skaeringsdato", caveats: tuple[str, ...] = (),
            how_to_read: str = "Sådan læses det.") -> KeyFigure:
    return KeyFigure(
        id=id, theme=theme, name=name or id.replace("_", " ").capitalize(),
        how_to_read=how_to_read, unit=unit, numerator="tæller", denominator="nævner",
        inputs=("foranstaltninger",), direction=direction, caveats=caveats, source="test",
        frequency=frequency, dimensions=dimensions or {},
    )


def rows(kf_id: str, kommunekode: int, data: list[tuple], *, threshold: int = 5) -> pd.DataFrame:
    """Build display rows from ``(dato, dimension, vaerdi, taeller, naevner[, undertrykt])``.

    Without an explicit flag a row is suppressed when its numerator or denominator is 1-4
    (primary suppression). ``vises`` follows ``noegletal.metrics.suppression.suppress``:
    ``<5`` for a hidden row (``..`` when the flag is the string ``".."``), otherwise the
    float value itself.
    """
    out = []
    for item in data:
        dato, dim, v, t, n = item[:5]
        mark = f"<{threshold}"
        if len(item) > 5:
            hidden = bool(item[5])
            if item[5] == "..":
                mark = ".."
        else:
            hidden = any(x is not None and 0 < x < threshold for x in (t, n))
        vises = mark if hidden else float(v)
        out.append({"noegletal": kf_id, "kommunekode": kommunekode,
                    "dato": pd.Timestamp(dato), "dimension": dim, "vaerdi": float(v),
                    "taeller": float("nan") if t is None else float(t),
                    "naevner": float("nan") if n is None else float(n),
                    "undertrykt": hidden, "vises": vises})
    return pd.DataFrame(out)


