"""Settings from environment variables (prefix ``NOEGLETAL_``) or a ``.env`` file.

>>> Settings(database_url="sqlite://").database_url
'sqlite://'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from noegletal.metrics.params import SUPPRESSION_THRESHOLD, MetricParams

_DEFAULTS = MetricParams()

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NOEGLETAL_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "data",
                           description="Folder for the embedded SQLite store; created on first use.")
    database_url: str | None = Field(default=None,
                                     description="SQLAlchemy URL; default SQLite in data_dir.")
    load_sample_data: bool = Field(default=True,
                                   description="Import the bundled sample data into an empty store.")
    sample_data_dir: Path = Field(default=PROJECT_ROOT / "sample_data")
    suppression_threshold: int = Field(default=SUPPRESSION_THRESHOLD,
                                       description="Counts below this are shown as '<N'.")
    # Where to report an accessibility problem (e-mail or web form), shown in the statement.
    accessibility_contact: str = ""
    # Analyst password: 'pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>' (noegletal hash-password).
    analyst_password_hash: str | None = None
    # Which municipalities each analyst may manage: "alice=510,657;bob=*". Empty = all.
    analyst_municipalities: str = ""
    # Largest upload the Data page accepts, checked with a Danish message. Streamlit's own
    # hard cap (server.maxUploadSize in .streamlit/config.toml) is set well above it, so its
    # English error only meets files far beyond any extract.
    max_upload_mb: int = Field(default=50, ge=1)
    # How long an import waits for another import's lock on the SQLite store, in seconds.
    sqlite_busy_timeout_s: float = Field(default=60.0, ge=0)
    # A new file that leaves a municipality's extract with more than this share fewer rows
    # (or children, placements) than the active version needs an explicit confirmation.
    upload_drop_share: float = Field(default=0.2, ge=0, le=1)
    # The key figures' parameters: the defaults live in noegletal.metrics.params.MetricParams;
    # these settings only override them.
    # Standard follow-up intervals (days) per step for opfoelgninger_rettidige_andel.
    followup_standard_days: dict[str, int] = Field(
        default_factory=lambda: dict(_DEFAULTS.followup_standard_days))
    # Per municipality (JSON, e.g. {"657": {"institution": 30}}); a step not named uses the
    # standard above.
    followup_standard_days_by_kommune: dict[int, dict[str, int]] = Field(default_factory=dict)
    # merudgifter: base period per category ("service", "administration", "i_alt").
    base_periods: dict[str, tuple[int, int]] = Field(
        default_factory=lambda: dict(_DEFAULTS.base_periods))
    # Fixed prices in this year's prices; empty = the latest year in prisindeks.
    price_base_year: int | None = _DEFAULTS.price_base_year
    # The caseload target shown on Sagsbehandling (lo, hi) when a link sets none.
    caseload_target: tuple[int, int] = _DEFAULTS.caseload_target
    # Targets: a margin (percent of the target value) inside which a value that misses its
    # target is "næsten nået". Empty = the default in noegletal.metrics.params (no margin).
    target_margin_pct: float | None = Field(default=None, ge=0, le=100)
    # Cost assessment of interventions (seed 003, Tabel 10-6): overhead on wages in percent
    # and effective working hours a year.
    cost_overhead_pct: float = Field(default=_DEFAULTS.overhead_pct, ge=0, le=200)
    cost_effective_hours: float = Field(default=_DEFAULTS.effective_hours, gt=0, le=8760)

    def metric_params(self) -> MetricParams:
        """The key figures' parameters as set here (``noegletal.metrics.params.MetricParams``)."""
        extra = {}
        if self.target_margin_pct is not None:
            extra["target_margin_pct"] = float(self.target_margin_pct)
        return MetricParams(
            base_periods=dict(self.base_periods),
            price_base_year=self.price_base_year,
            followup_standard_days=dict(self.followup_standard_days),
            followup_standard_days_by_kommune={
                int(k): dict(v) for k, v in self.followup_standard_days_by_kommune.items()},
            caseload_target=tuple(self.caseload_target),
            overhead_pct=self.cost_overhead_pct,
            effective_hours=self.cost_effective_hours,
            **extra,
        )

    @field_validator("suppression_threshold")
    @classmethod
    def _at_least_three(cls, v: int) -> int:
        if v < 3:
            raise ValueError("Diskretioneringsgrænsen må ikke være under 3.")
        return v

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'noegletal.sqlite3').as_posix()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
