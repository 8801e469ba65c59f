"""`noegletal compute` against an independent, naive reference on random edge-case extracts.

Each seed writes a folder of contract-shaped files (``tests/audit/generate.py``), runs the
contract's command line in a subprocess and compares every output row with
``tests/audit/reference.py`` on the keys (noegletal, kommunekode, dato, dimension): missing
and extra rows both fail; ``vaerdi`` must agree to a relative tolerance of 1e-9 and
``taeller``/``naevner`` exactly when they are whole numbers (counts), to 1e-9 otherwise
(amounts in fixed prices). The committed run uses a handful of seeds (well under a minute);
set ``NOEGLETAL_AUDIT_SEEDS=0-499`` for a long local run, or use
``python -m tests.audit.compare --seeds 0-499``.
"""

from __future__ import annotations

import os
from datetime import date

import pandas as pd
import pytest

from tests.audit.compare import check_seed, diff
from tests.audit.generate import generate
from tests.audit.reference import add_months, birthday_18, compute_reference


def _seeds() -> list[int]:
    spec = os.environ.get("NOEGLETAL_AUDIT_SEEDS", "0-11")
    if "-" in spec:
        lo, hi = map(int, spec.split("-"))
        return list(range(lo, hi + 1))
    return [int(s) for s in spec.split(",")]


@pytest.mark.parametrize("seed", _seeds())
def test_compute_agrees_with_the_reference(seed, tmp_path):
    problems = check_seed(seed, tmp_path)
    assert not problems, f"seed {seed}: {len(problems)} differences\n" + "\n".join(problems[:60])


# --- the reference and the harness themselves --------------------------------------------


def test_reference_calendar_rules():
    assert add_months(date(2017, 5, 31), -12) == date(2016, 5, 31)
    assert add_months(date(2016, 2, 29), -12) == date(2015, 2, 28)
    assert add_months(date(2016, 9, 30), -6) == date(2016, 3, 30)
    assert add_months(date(2016, 2, 29), 12) == date(2017, 2, 28)
    assert birthday_18(date(2000, 2, 29)) == date(2018, 2, 28)
    assert birthday_18(date(1998, 5, 31)) == date(2016, 5, 31)


def _frames(rows):
    cols = ["kommunekode", "barn_id", "foedselsdato", "indsats", "startdato", "slutdato",
            "bevilget_af"]
    return {
        "foranstaltninger": pd.DataFrame(rows, columns=cols),
        "befolkning": pd.DataFrame({"kommunekode": [510], "dato": [date(2016, 1, 1)],
                                    "antal_0_17": [2000]}),
    }


def _value(ref, nid, dato, dim=""):
    hit = ref[(ref.noegletal == nid) & (ref.dato == dato) & (ref.dimension == dim)]
    assert len(hit) == 1, (nid, dato, dim, hit)
    return tuple(hit.iloc[0][["vaerdi", "taeller", "naevner"]])


def test_reference_on_a_hand_computed_case():
    d = date
    data = _frames([
        # A: turns 18 on the cut-off 2016-05-31, so not a child then; placed before.
        (510, "A", d(1998, 5, 31), "doegninstitution", d(2015, 1, 1), None, ""),
        # B: institution and familiepleje from the same day: the tie goes to institution;
        # at 2016-05-31 only familiepleje runs -> ceased, now in another placement.
        (510, "B", d(2005, 3, 3), "doegninstitution", d(2015, 6, 1), d(2016, 2, 1), ""),
        (510, "B", d(2005, 3, 3), "familiepleje", d(2015, 6, 1), None, ""),
        # C: § 11.3 granted by 'andre' (not in the BFU cohort) and one granted by an empty
        # cell (= myndighed) with a BFU on the day of the start.
        (510, "C", d(2010, 1, 1), "forebyggende_11_3", d(2016, 1, 15), None, "andre"),
        (510, "D", d(2010, 1, 1), "forebyggende_11_3", d(2016, 1, 15), d(2016, 5, 31), ""),
        (510, "D", d(2010, 1, 1), "boernefaglig_undersoegelse", d(2016, 1, 15), None, ""),
    ])
    ref = compute_reference(data, [d(2016, 1, 31), d(2016, 5, 31)])
    # 31 Jan: A (institution) and B (institution by the tie rule) placed; 2 of 2000.
    assert _value(ref, "anbragte_pr_1000", "2016-01-31") == (1.0, 2.0, 2000.0)
    assert _value(ref, "anbringelsesform_andel", "2016-01-31", "institution") == (100.0, 2, 2)
    # 31 May: A is 18 that day (out of the cohort); B ceased into familiepleje.
    assert _value(ref, "institution_ophoert_andel", "2016-05-31") == (100.0, 1.0, 1.0)
    assert _value(ref, "institution_ophoert_hvorhen", "2016-05-31", "anden_anbringelse") == \
        (100.0, 1.0, 1.0)
    # C and D have § 11.3 running; only D is in the BFU cohort, with a BFU the same day.
    assert _value(ref, "forebyggende_11_3_pr_1000", "2016-01-31") == (1.0, 2.0, 2000.0)
    assert _value(ref, "forebyggende_11_3_bfu_andel", "2016-05-31") == (100.0, 1.0, 1.0)


def test_diff_reports_missing_extra_and_different_rows():
    base = {"noegletal": "x", "kommunekode": 510, "dato": "2016-01-31", "dimension": "",
            "vaerdi": 1.0, "taeller": 1.0, "naevner": 3.0}
    ours = pd.DataFrame([base, {**base, "dimension": "extra"}])
    ref = pd.DataFrame([{**base, "naevner": 4.0}, {**base, "dimension": "missing"}])
    problems = diff(ours, ref)
    assert [p.split(" ")[0] for p in problems] == ["DIFF", "EXTRA", "MISSING"]
    assert diff(ours, ours) == []


def test_generator_is_deterministic(tmp_path):
    a, da = generate(5, tmp_path / "a")
    b, db = generate(5, tmp_path / "b")
    assert da == db
    assert a["foranstaltninger"].equals(b["foranstaltninger"])
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes() \
            or name.endswith(".xlsx")
