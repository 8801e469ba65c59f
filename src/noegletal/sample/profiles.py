"""Municipality sizes and the behavioural profiles that drive the sample-data simulation.

Everything here is invented for demonstration. Sizes are rounded, real-ish numbers of
inhabitants (thousands) so that the national sample has about 1.1 million children aged
0-17; the three partnership municipalities have explicit child counts and hand-written
profiles after the tendencies described in Socialstyrelsen's 2018 evaluation:

* Haderslev (510): many placed children and a rising rate, a very low institution share
  and a high share of network foster care, many and rising home-based measures, rising
  administration costs (more social workers from 2015).
* Herning (657): a strong shift from institutions to family foster care 2015-2018, a rising
  number of § 11.3 courses (also granted outside the children's department from 2017).
* Hvidovre (167): a falling institution share and placement rate, rising § 11.3 courses;
  every § 11.3 course is granted by the authority (``myndighed``).

The remaining municipalities get profiles drawn around national means from the seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from noegletal.domain.kommuner import MUNICIPALITY_CODES

DEFAULT_KOMMUNER: tuple[int, ...] = (510, 657, 167)

# Inhabitants in thousands (rounded, real-ish) per municipality.
INHABITANTS_1000: dict[int, float] = {
    101: 640, 147: 104, 151: 48, 153: 35, 155: 14, 157: 75, 159: 69, 161: 23, 163: 29,
    165: 28, 167: 53, 169: 51, 173: 56, 175: 40, 183: 23, 185: 43, 187: 17, 190: 41,
    201: 26, 210: 41, 217: 63, 219: 51, 223: 25, 230: 56, 240: 44, 250: 45, 253: 50,
    259: 61, 260: 31, 265: 88, 269: 23, 270: 41, 306: 33, 316: 71, 320: 36, 326: 49,
    329: 35, 330: 79, 336: 23, 340: 30, 350: 28, 360: 41, 370: 83, 376: 60, 390: 45,
    400: 39, 410: 39, 420: 41, 430: 51, 440: 24, 450: 32, 461: 205, 479: 59, 480: 29,
    482: 12, 492: 6, 510: 56, 530: 27, 540: 74, 550: 37, 561: 115, 563: 3.5, 573: 50,
    575: 43, 580: 59, 607: 51, 615: 96, 621: 93, 630: 116, 657: 89, 661: 59, 665: 20,
    671: 21, 706: 43, 707: 37, 710: 48, 727: 23, 730: 98, 740: 93, 741: 3.7, 746: 62,
    751: 350, 756: 41, 760: 57, 766: 47, 773: 20, 779: 46, 787: 43, 791: 97, 810: 36,
    813: 60, 820: 37, 825: 1.8, 840: 30, 846: 42, 849: 38, 851: 217, 860: 64,
}

# Children aged 0-17 for the partnership municipalities (as in the brief and the report).
CHILDREN_0_17: dict[int, int] = {510: 12_000, 657: 19_000, 167: 11_000}

# Share of inhabitants aged 0-17 used for the other municipalities.
CHILD_SHARE = 0.195


def children_0_17(kommune: int) -> int:
    """Invented, real-ish number of children aged 0-17 in a municipality."""
    if kommune in CHILDREN_0_17:
        return CHILDREN_0_17[kommune]
    return round(INHABITANTS_1000[kommune] * 1000 * CHILD_SHARE)


def select_kommuner(kommuner: int | list[int] | tuple[int, ...]) -> list[int]:
    """The municipality codes to generate.

    An integer ``n`` means the three partnership municipalities first and then the others in
    code order, ``n`` in all (``98`` = the whole country). A list is taken as given.
    """
    if isinstance(kommuner, bool):
        raise ValueError("Antal kommuner skal være et heltal mellem 1 og 98 eller en liste af koder.")
    if isinstance(kommuner, int | np.integer):
        n = int(kommuner)
        if not 1 <= n <= len(MUNICIPALITY_CODES):
            raise ValueError(
                f"Antal kommuner skal være mellem 1 og {len(MUNICIPALITY_CODES)}, ikke {n}."
            )
        rest = [k for k in MUNICIPALITY_CODES if k not in DEFAULT_KOMMUNER]
        return [*DEFAULT_KOMMUNER, *rest][:n]
    codes = [int(k) for k in kommuner]
    if not codes:
        raise ValueError("Listen af kommunekoder er tom.")
    unknown = [k for k in codes if k not in MUNICIPALITY_CODES]
    if unknown:
        raise ValueError(
            "Ukendte kommunekoder: " + ", ".join(str(k) for k in unknown)
            + ". Brug Danmarks Statistiks 3-cifrede koder, fx 510 for Haderslev."
        )
    if len(set(codes)) != len(codes):
        raise ValueError("Listen af kommunekoder indeholder den samme kode flere gange.")
    return codes


Curve = tuple[tuple[int, float], ...]


def curve_values(curve: Curve, years: np.ndarray) -> np.ndarray:
    """Piecewise-linear interpolation of ``((year, value), ...)``, flat outside the anchors."""
    xs = np.array([p[0] for p in curve], dtype=float)
    ys = np.array([p[1] for p in curve], dtype=float)
    return np.interp(years.astype(float), xs, ys)


@dataclass(frozen=True)
class Profile:
    """Yearly multipliers on the base monthly transition rates, and municipal constants.

    Each curve is ``((year, multiplier), ...)``, interpolated linearly between the anchors.

    * ``placement_entry``: rates into any placement from no measure, § 11.3 or home-based.
    * ``institution``: rates into the institution forms (døgninstitution, opholdssted,
      sikret institution) from anywhere.
    * ``institution_to_family``: rates from the institution forms into family/network care.
    * ``network``: rates into network foster care.
    * ``home_based``: rates into home-based measures from no measure or § 11.3.
    * ``preventive``: rates into § 11.3 courses from no measure.
    * ``andre_share``: share of § 11.3 courses granted outside the authority (``andre``).
    * ``parent_measure``: probability that a placement gets a parent-directed measure.
    * ``caseload``: target cases per full-time social worker.
    * ``cost_level``: municipal unit-cost level (1 = national average).
    * ``admin_other_1000_kr``: other administration (6.45.58) in 1000 kr., 2025 prices.
    """

    placement_entry: Curve = ((2013, 1.0),)
    institution: Curve = ((2013, 1.0),)
    institution_to_family: Curve = ((2013, 1.0),)
    network: Curve = ((2013, 1.0),)
    home_based: Curve = ((2013, 1.0),)
    preventive: Curve = ((2013, 1.0),)
    andre_share: Curve = ((2013, 0.1),)
    parent_measure: float = 0.35
    caseload: Curve = ((2013, 27.0),)
    cost_level: float = 1.0
    admin_other_1000_kr: Curve = ((2013, 2500.0),)
    # Hvidovre: social workers financed inside the service budget (FTE moved from 6.45.51
    # to 5.28.21) from the given year.
    fte_in_service: Curve = ((2013, 0.0),)
    # Standard days between follow-ups on home-based measures, placements and § 11.3
    # courses (0 = no follow-ups registered for that group).
    followup_home: Curve = ((2013, 100.0),)
    followup_place: Curve = ((2013, 90.0),)
    followup_preventive: Curve = ((2013, 0.0),)
    school_gap: float = 0.3  # how much lower udsatte's trivsel is, index points
    absence_ratio: Curve = ((2014, 2.2),)  # udsatte's absence relative to øvrige
    extra: dict = field(default_factory=dict)


PROFILES: dict[int, Profile] = {
    510: Profile(  # Haderslev
        placement_entry=((2013, 1.5), (2014, 1.55), (2015, 1.6), (2017, 1.5), (2019, 1.1), (2025, 1.0)),
        institution=((2013, 0.42), (2016, 0.36), (2025, 0.36)),
        institution_to_family=((2013, 1.2),),
        network=((2013, 0.8), (2015, 1.0), (2018, 1.3), (2025, 1.3)),
        home_based=((2013, 1.6), (2015, 1.7), (2017, 2.4), (2019, 2.6), (2025, 2.5)),
        preventive=((2013, 1.0), (2016, 1.05), (2017, 1.5), (2019, 1.7), (2025, 1.7)),
        andre_share=((2013, 0.05),),
        parent_measure=0.55,
        caseload=((2013, 31.0), (2014, 30.0), (2016, 25.5), (2018, 26.5), (2025, 25.0)),
        cost_level=0.96,
        admin_other_1000_kr=((2013, 2600.0), (2017, 3100.0), (2025, 3300.0)),
        followup_home=((2013, 110.0), (2015, 100.0), (2016, 45.0), (2025, 45.0)),
        followup_place=((2013, 100.0), (2015, 95.0), (2016, 45.0), (2025, 45.0)),
        followup_preventive=((2013, 0.0), (2015, 0.0), (2016, 60.0), (2025, 60.0)),
        school_gap=0.25,
        absence_ratio=((2014, 1.95), (2016, 2.3), (2025, 2.2)),
    ),
    657: Profile(  # Herning
        placement_entry=((2013, 1.45), (2015, 1.45), (2017, 1.3), (2025, 1.3)),
        institution=((2013, 1.0), (2015, 1.0), (2017, 0.3), (2025, 0.35)),
        institution_to_family=((2013, 1.0), (2015, 1.5), (2016, 4.0), (2018, 4.0), (2019, 1.4),
                               (2025, 1.4)),
        network=((2013, 0.55),),
        home_based=((2013, 0.85), (2016, 0.85), (2017, 1.1), (2025, 1.15)),
        preventive=((2013, 1.0), (2016, 1.05), (2017, 1.65), (2018, 1.85), (2025, 1.85)),
        andre_share=((2013, 0.0), (2016, 0.0), (2017, 0.3), (2025, 0.3)),
        parent_measure=0.22,
        caseload=((2013, 30.0), (2016, 27.5), (2017, 26.7), (2018, 31.0), (2025, 28.0)),
        cost_level=1.02,
        admin_other_1000_kr=((2013, 4000.0), (2015, 3500.0), (2017, 1000.0), (2025, 1100.0)),
        followup_home=((2013, 120.0), (2015, 110.0), (2016, 88.0), (2025, 88.0)),
        followup_place=((2013, 110.0), (2015, 100.0), (2016, 50.0), (2025, 50.0)),
        school_gap=0.3,
        absence_ratio=((2014, 2.15), (2016, 2.4), (2017, 2.0), (2025, 1.9)),
    ),
    167: Profile(  # Hvidovre
        placement_entry=((2013, 1.35), (2015, 1.3), (2016, 1.05), (2017, 0.95), (2025, 0.95)),
        institution=((2013, 1.2), (2015, 1.1), (2017, 0.6), (2019, 0.5), (2025, 0.5)),
        institution_to_family=((2013, 1.0), (2015, 2.0), (2016, 3.0), (2019, 3.0), (2020, 1.2),
                               (2025, 1.2)),
        network=((2013, 0.55), (2015, 0.55), (2017, 0.9), (2025, 0.9)),
        home_based=((2013, 1.05), (2016, 1.05), (2017, 1.5), (2025, 1.55)),
        preventive=((2013, 0.75), (2015, 0.8), (2016, 1.5), (2017, 1.6), (2018, 1.85),
                    (2025, 1.85)),
        andre_share=((2013, 0.0),),
        parent_measure=0.6,
        caseload=((2013, 29.0), (2016, 27.5), (2017, 25.0), (2018, 27.0), (2025, 26.0)),
        cost_level=1.05,
        admin_other_1000_kr=((2013, 3000.0), (2025, 2800.0)),
        followup_home=((2013, 130.0), (2016, 120.0), (2019, 88.0), (2025, 85.0)),
        followup_place=((2013, 120.0), (2016, 110.0), (2019, 70.0), (2025, 65.0)),
        fte_in_service=((2014, 0.0), (2015, 5.0), (2025, 5.0)),
        school_gap=0.35,
        absence_ratio=((2014, 2.15), (2015, 2.7), (2016, 2.5), (2025, 2.3)),
    ),
}


def random_profile(rng: np.random.Generator) -> Profile:
    """A profile for a municipality without a hand-written one, around national means.

    Levels are drawn so that placements per 1000 spread over roughly 5-15 and institution
    shares over roughly 20-45 %, with slow trends towards family care and § 11.3 courses.
    """
    level = float(np.exp(rng.normal(0.33, 0.22)))
    inst = float(np.exp(rng.normal(0.05, 0.25)))
    inst_trend = float(rng.uniform(0.7, 1.0))
    hb = float(np.exp(rng.normal(0.0, 0.3)))
    prev = float(np.exp(rng.normal(0.0, 0.25)))
    prev_trend = float(rng.uniform(1.1, 1.6))
    start = int(rng.integers(2014, 2020))
    return Profile(
        placement_entry=((2013, level), (2025, level * float(rng.uniform(0.85, 1.05)))),
        institution=((2013, inst), (start, inst), (start + 4, inst * inst_trend)),
        institution_to_family=((2013, 1.0), (start, 1.0), (start + 1, float(rng.uniform(1.0, 1.6)))),
        network=((2013, float(np.exp(rng.normal(0.0, 0.3)))),),
        home_based=((2013, hb), (2025, hb * float(rng.uniform(1.0, 1.4)))),
        preventive=((2013, prev), (start, prev), (start + 3, prev * prev_trend)),
        andre_share=((2013, float(rng.uniform(0.0, 0.25))),),
        parent_measure=float(rng.uniform(0.2, 0.6)),
        caseload=((2013, float(rng.uniform(24, 33))), (2025, float(rng.uniform(20, 30)))),
        cost_level=float(np.exp(rng.normal(0.0, 0.06))),
        admin_other_1000_kr=((2013, 0.0),),  # 0 = scaled by the number of children
        followup_home=((2013, float(rng.uniform(95, 130))), (2025, float(rng.uniform(80, 110)))),
        followup_place=((2013, float(rng.uniform(80, 120))), (2025, float(rng.uniform(50, 95)))),
        school_gap=float(rng.uniform(0.2, 0.45)),
        absence_ratio=((2014, float(rng.uniform(1.9, 2.6))),),
        extra={"random": True},
    )


def profiles_for(kommuner: list[int], seed: int) -> dict[int, Profile]:
    """Hand-written profiles for the partnership municipalities, drawn ones for the rest.

    A drawn profile depends only on ``seed`` and the municipality code, so a municipality
    gets the same profile whichever other municipalities are generated with it.
    """
    out: dict[int, Profile] = {}
    for k in kommuner:
        if k in PROFILES:
            out[k] = PROFILES[k]
        else:
            out[k] = random_profile(np.random.default_rng([seed, 7, k]))
    return out
