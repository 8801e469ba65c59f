"""Parameters of the key figures that a municipality may change — every default once.

``noegletal.settings`` only overrides these (environment variables ``NOEGLETAL_…``); the
metrics layer receives them as arguments (``MetricParams``, the suppression threshold).
A key figure names the fields it depends on in ``KeyFigure.parameters``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Counts below this are suppressed (shown as "<5"); the setting ``suppression_threshold``
# overrides it, and it is never below ``noegletal.metrics.suppression.MIN_THRESHOLD``.
SUPPRESSION_THRESHOLD = 5


@dataclass(frozen=True)
class MetricParams:
    # merudgifter: base period (first year, last year) per category, after the report.
    base_periods: dict[str, tuple[int, int]] = field(
        default_factory=lambda: {
            "service": (2011, 2014),
            "administration": (2013, 2014),
            "i_alt": (2013, 2014),
        }
    )
    # Fixed prices: the index year amounts are converted to; None = latest year with an index.
    price_base_year: int | None = None
    # opfoelgninger_rettidige_andel: standard interval in days per step (missing = not counted).
    followup_standard_days: dict[str, int] = field(
        default_factory=lambda: {
            "hjemmebaseret": 91,
            "netvaerkspleje": 91,
            "familiepleje": 91,
            "institution": 42,
        }
    )
    # Municipality-specific standards (kommunekode -> step -> days), as the partnership's three
    # municipalities had (Tabel 5); a step a municipality does not name uses the default above.
    followup_standard_days_by_kommune: dict[int, dict[str, int]] = field(default_factory=dict)
    # Cost assessment of interventions (seed 003, Tabel 10-6): overhead on wages in percent
    # and effective working hours a year (the state's norm used in SØM).
    overhead_pct: float = 20.0
    effective_hours: float = 1418.0
    # The caseload target shown against sagstal (lo, hi): 25 cases per social worker; a
    # range such as Herning's 25-30 is (25, 30). Used by the presentation, not computed.
    caseload_target: tuple[int, int] = (25, 25)
    # Targets (maal): a value that misses its target by at most this percentage of the target
    # value gets the status "naesten_naaet". 0 = no margin (the catalogue's default).
    target_margin_pct: float = 0.0

    def followup_standards_for(self, kommunekode: int | None) -> dict[str, int]:
        """The follow-up standards of one municipality: its own where it has set them, else
        the default (``followup_standard_days``)."""
        own = self.followup_standard_days_by_kommune.get(int(kommunekode), {}) \
            if kommunekode is not None else {}
        return {**self.followup_standard_days, **own}
