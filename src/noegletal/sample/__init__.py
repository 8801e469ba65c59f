"""Invented, seeded sample data (eksempeldata) in the shape of the data contract.

``generate(out_dir, kommuner=3, seed=2018, ...)`` simulates children moving along the
indsatstrappe in the chosen municipalities and writes every extract of the data contract
(except ``udgiftsmodel``) as UTF-8 CSV, plus a Danish ``README.md``. ``main(argv)`` is the
command-line entry the ``noegletal sample`` command delegates to. ``build_frames`` returns the
same extracts as DataFrames without writing files.
"""

from noegletal.sample.generate import SAMPLE_FILES, build_frames, generate, main, parse_kommuner
from noegletal.sample.profiles import DEFAULT_KOMMUNER

__all__ = ["DEFAULT_KOMMUNER", "SAMPLE_FILES", "build_frames", "generate", "main", "parse_kommuner"]
