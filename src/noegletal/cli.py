"""The ``noegletal`` command line.

``noegletal compute`` follows ``shared/spec/data-contract.md`` exactly: it reads the extracts in
a folder, validates them and writes the tidy key figures as a UTF-8 CSV. Messages to the user
are Danish; a failed run exits non-zero and leaves no partial output file behind.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer

from noegletal.domain.formatting import format_quantity
from noegletal.domain.schema import RESULT_COLUMNS
from noegletal.settings import PROJECT_ROOT, get_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Nøgletal for udsatte børn og unge: beregning, import og dashboard.",
)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def parse_datoer(text: str) -> list[pd.Timestamp]:
    """Parse ``2016-01-31,2016-05-31`` (ISO; Danish ``31-01-2016`` / ``31.01.2016`` too).

    >>> [d.date().isoformat() for d in parse_datoer("2016-01-31, 31.05.2016")]
    ['2016-01-31', '2016-05-31']
    """
    out: list[pd.Timestamp] = []
    for part in [p.strip() for p in text.split(",") if p.strip()]:
        parsed = None
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                parsed = pd.Timestamp(dt.datetime.strptime(part, fmt))
                break
            except ValueError:
                continue
        if parsed is None:
            raise typer.BadParameter(
                f"«{part}» er ikke en gyldig dato. Skriv datoerne som 2016-01-31,2016-05-31."
            )
        out.append(parsed)
    if not out:
        raise typer.BadParameter("Angiv mindst én skæringsdato, fx --datoer 2016-01-31.")
    return out


def _fmt_number(x: float) -> str:
    if pd.isna(x):
        return ""
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def _per_distinct(values: pd.Series, fmt) -> np.ndarray:
    """``fmt`` of every value, called once per distinct value (by bit pattern, so -0.0 and
    0.0 stay apart)."""
    arr = np.ascontiguousarray(pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64"))
    if not len(arr):
        return np.array([], dtype=object)
    _, first, inverse = np.unique(arr.view(np.int64), return_index=True, return_inverse=True)
    return np.array([fmt(arr[i]) for i in first], dtype=object)[inverse.reshape(-1)]


def write_result_csv(table: pd.DataFrame, out: Path) -> None:
    """Write the contract's CSV atomically (a temporary file renamed into place)."""
    frame = pd.DataFrame(
        {
            "noegletal": table["noegletal"].astype(str),
            "kommunekode": table["kommunekode"].astype("int64").astype(str),
            "dato": pd.to_datetime(table["dato"]).dt.strftime("%Y-%m-%d"),
            "dimension": table["dimension"].fillna("").astype(str),
            "vaerdi": _per_distinct(table["vaerdi"],
                                    lambda v: repr(float(v)) if pd.notna(v) else ""),
            "taeller": _per_distinct(table["taeller"], _fmt_number),
            "naevner": _per_distinct(table["naevner"], _fmt_number),
        },
        columns=list(RESULT_COLUMNS),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".noegletal-", suffix=".csv", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            frame.to_csv(fh, index=False, lineterminator="\n")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _print_problems(problems, limit: int = 200) -> None:
    from noegletal.datain.report import text_report

    errors = [p for p in problems if p.is_error]
    _err(text_report(errors, max_lines_per_file=limit).rstrip())


@app.command()
def compute(
    data: Annotated[Path, typer.Option("--data", help="Mappe med udtrækkene (<navn>.csv/.xlsx).")],
    datoer: Annotated[str, typer.Option("--datoer", help="Skæringsdatoer, kommasepareret.")],
    out: Annotated[Path, typer.Option("--out", help="CSV-fil med nøgletallene.")],
    enhed: Annotated[bool, typer.Option(
        "--enhed", help="Tilføj nøgletallene på sagsniveau opdelt på enhed/distrikt "
        "(dimension enhed=<navn> eller <dimension>|enhed=<navn>).")] = False,
) -> None:
    """Beregn nøgletallene fra udtrækkene i en mappe (datakontraktens kommando)."""
    from noegletal.datain.load import load_directory
    from noegletal.metrics.compute import compute_catalogue

    try:
        cutoffs = parse_datoer(datoer)
    except typer.BadParameter as exc:
        _err(f"Fejl: {exc}")
        raise typer.Exit(2) from None
    if not data.is_dir():
        _err(f"Fejl: mappen {data} findes ikke.")
        raise typer.Exit(2)
    loaded = load_directory(data)
    if any(p.is_error for p in loaded.problems):
        _err("Udtrækkene indeholder fejl; der er ikke beregnet noget:")
        _print_problems(loaded.problems)
        raise typer.Exit(1)
    for w in loaded.warnings:
        _err(f"Advarsel: {w}")
    if not loaded.frames:
        _err(f"Fejl: der er ingen udtræk i {data} (fx foranstaltninger.csv, befolkning.csv).")
        raise typer.Exit(1)
    result = compute_catalogue(loaded.frames, cutoffs)
    table = result.table
    warnings = list(result.warnings)
    if enhed:
        from noegletal.metrics.units import compute_units, units_of

        if not units_of(loaded.frames):
            warnings.append("--enhed: foranstaltninger har ingen kolonne «enhed» med navne, så "
                            "der er ingen opdeling på enheder.")
        else:
            units, unit_warnings = compute_units(loaded.frames, cutoffs)
            warnings += unit_warnings
            table = pd.concat([table, units], ignore_index=True).sort_values(
                ["noegletal", "kommunekode", "dato", "dimension"], kind="stable")
    for w in warnings:
        _err(f"Advarsel: {w}")
    write_result_csv(table, out)
    _err(f"Skrev {len(table)} rækker til {out}.")


def _open_store():
    from noegletal.store import Store

    settings = get_settings()
    return Store(settings.effective_database_url,
                 busy_timeout_s=settings.sqlite_busy_timeout_s)


def _with_materialisation(label: str, work):
    """Run ``work(materialiser)`` (an import or activation that stores the key figures of
    the new state in its transaction), with progress on stderr; a failure changes nothing
    and exits with code 1."""
    from noegletal.services.materialise import run_with_materialisation
    from noegletal.store import StoreError

    last = [""]

    def show(_fraction: float, text: str) -> None:
        if text != last[0]:
            _err(text)
            last[0] = text

    try:
        return run_with_materialisation(label, lambda m, _job: work(m),
                                        on_progress=show).result
    except StoreError as exc:
        _err(f"Fejl: {exc}")
        raise typer.Exit(1) from None
    except Exception as exc:
        _err(f"Fejl: {label} mislykkedes ({type(exc).__name__}); intet er ændret.")
        raise typer.Exit(1) from None


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Filer (CSV/XLSX) der skal importeres.")],
    kind: Annotated[str | None, typer.Option("--type", help="Udtrækstype, hvis den ikke kan genkendes.")] = None,
    user: Annotated[str, typer.Option("--bruger", help="Hvem der importerer.")] = os.environ.get("USER", "analytiker"),
    only_valid: Annotated[bool, typer.Option("--kun-gyldige", help="Importér kun de gyldige rækker.")] = False,
    add: Annotated[bool, typer.Option("--tilfoej", help="Tilføj filernes rækker (en ny periode) til de nuværende data i stedet for at erstatte kommunernes udtræk.")] = False,
    confirm: Annotated[bool, typer.Option("--bekraeft-fald", help="Importér, selv om en kommune mister mere end den fastsatte andel af sine rækker, børn eller anbringelser.")] = False,
) -> None:
    """Validér og importér udtræk som nye dataversioner (alt eller intet).

    Alle filerne kontrolleres først. Afvises én af dem, importeres ingen af dem; ellers
    gemmes de alle i én transaktion. Som standard erstatter hver fil kommunens udtræk; med
    --tilfoej lægges rækkerne til. Et stort fald i en kommunes data kræver --bekraeft-fald.
    """
    try:
        _import_files(files, kind, user, only_valid, add, confirm)
    except typer.Exit:
        raise
    except Exception as exc:
        from noegletal.store.engine import StoreError

        if isinstance(exc, StoreError):
            _err(f"Fejl: {exc}")
        elif "locked" in str(exc).lower():
            _err("Fejl: databasen er optaget af en anden import eller aktivering. Intet er "
                 "ændret. Vent til den anden import er færdig, og prøv igen.")
        else:
            raise
        raise typer.Exit(1) from None


def _import_files(files: list[Path], kind: str | None, user: str, only_valid: bool,
                  add: bool = False, confirm: bool = False) -> None:
    from noegletal.datain.cpr import mask_text
    from noegletal.services import imports as im

    missing = [p for p in files if not p.is_file()]
    for path in missing:
        _err(f"Fejl: filen {mask_text(str(path))} findes ikke. Intet er importeret.")
    if missing:
        raise typer.Exit(1)
    uploads = [im.Upload(p.name, p.read_bytes(), kind) for p in files]
    store = _open_store()
    checked = im.check_uploads(uploads, store, im.ALL)
    im.record_refusals(store, checked, user)
    mode = im.MODE_VALID if only_valid else im.MODE_ALL
    failed = False
    for c in checked:
        if c.status == im.MAPPING:
            continue
        if c.cpr_found:
            _err(f"{c.filename}: afvist — filen indeholder værdier, der ligner CPR-numre. "
                 "Brug pseudonymer.")
            failed = True
        elif c.refusal is not None:
            _err(f"{c.filename}: afvist — {c.refusal}")
            _print_problems(c.problems)
            failed = True
        elif not c.importable(mode):
            _err(f"{c.filename}: afvist — {c.n_errors} fejl:")
            _print_problems(c.problems)
            failed = True
    if failed:
        _err("Intet er importeret: alle filerne importeres samlet eller slet ikke. Ret de "
             "afviste filer, og kør kommandoen igen.")
        if mode == im.MODE_ALL:  # the refusals for row errors are recorded by import_checked
            im.import_checked(store, checked, user=user, mode=mode, permissions=im.ALL)
        raise typer.Exit(1)
    report = im.import_checked(store, checked, user=user, mode=mode, permissions=im.ALL,
                               how=im.HOW_ADD if add else im.HOW_REPLACE, confirmed=confirm,
                               drop_share=get_settings().upload_drop_share)
    if not report.ok:
        _err(report.message)
        if report.to_confirm:
            _err("Kør kommandoen igen med --bekraeft-fald for at importere alligevel, eller med "
                 "--tilfoej, hvis filerne er en ny periode.")
        raise typer.Exit(1)
    for outcome in report.outcomes:
        if outcome.duplicate:
            typer.echo(f"{outcome.filename}: en identisk fil er allerede importeret — intet "
                       "ændret.")
        else:
            typer.echo(f"{outcome.filename}: importeret som {outcome.kind}, "
                       f"{_rows(outcome.n_rows)}, version(er) "
                       f"{', '.join(str(v) for v in outcome.version_ids)}.")


def _rows(n: int) -> str:
    return format_quantity(n)


@app.command()
def versions(
    kind: Annotated[str | None, typer.Option("--type", help="Kun denne udtrækstype.")] = None,
) -> None:
    """Vis dataversionerne i databasen."""
    store = _open_store()
    table = store.versions(kind=kind)
    if table.empty:
        typer.echo("Ingen dataversioner endnu.")
        return
    typer.echo(table.to_string(index=False))


@app.command()
def activate(
    version_id: Annotated[int, typer.Argument(help="Versionens id (se noegletal versions).")],
    user: Annotated[str, typer.Option("--bruger")] = os.environ.get("USER", "analytiker"),
) -> None:
    """Genaktivér en tidligere dataversion."""
    store = _open_store()
    changed = _with_materialisation(
        "Aktiveringen", lambda m: store.activate(version_id, user, materialise=m))
    typer.echo(f"Version {version_id} er nu aktiv." if changed
               else f"Version {version_id} var allerede aktiv; intet er ændret.")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def sample(ctx: typer.Context) -> None:
    """Generér eksempeldata (opdigtede børn; ingen rigtige personer).

    Tilvalg: --kommuner N|510,657 (98 = hele landet), --out MAPPE, --seed S,
    --start-year ÅR, --end-year ÅR, --scale X. Se `noegletal sample --help`.
    """
    from noegletal.sample import main as sample_main

    raise typer.Exit(sample_main(list(ctx.args)))


@app.command("hash-password")
def hash_password_cmd(
    password: Annotated[str, typer.Option(prompt="Adgangskode", hide_input=True, confirmation_prompt=True)],
) -> None:
    """Lav en saltet hash til NOEGLETAL_ANALYST_PASSWORD_HASH."""
    from noegletal.security import hash_password

    typer.echo(hash_password(password))


DEFAULT_PORT = 8501


def _app_port(port: int | None) -> int:
    """``--port``, else ``STREAMLIT_SERVER_PORT``, else 8501.

    >>> _app_port(8600)
    8600
    """
    if port is not None:
        return port
    env = os.environ.get("STREAMLIT_SERVER_PORT", "").strip()
    if env:
        try:
            return int(env)
        except ValueError:
            _err(f"STREAMLIT_SERVER_PORT={env!r} er ikke et portnummer; bruger {DEFAULT_PORT}.")
    return DEFAULT_PORT


def _has_display() -> bool:
    """Whether a browser can be opened here (a desktop session, not a server or container)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _banner(url: str) -> str:
    line = f"Dashboardet kører på  {url}"
    hint = "Åbn adressen i en browser. Ctrl+C stopper dashboardet."
    width = max(len(line), len(hint)) + 4
    bar = "═" * width
    return (f"\n╔{bar}╗\n║  {line.ljust(width - 2)}║\n║  {hint.ljust(width - 2)}║\n"
            f"╚{bar}╝\n")


@app.command("app")
def run_app(
    port: Annotated[int | None, typer.Option(
        "--port", help="Porten (ellers STREAMLIT_SERVER_PORT, ellers 8501).")] = None,
    headless: Annotated[bool | None, typer.Option(
        "--headless/--browser",
        help="Åbn ikke / åbn en browser (standard: åbn, når der er en skærm).")] = None,
) -> None:
    """Start dashboardet (streamlit run app.py, varmt) og skriv adressen, når det svarer."""
    import time
    import urllib.request

    app_py = PROJECT_ROOT / "app.py"
    chosen = _app_port(port)
    if headless is None:
        headless = not _has_display()
    # `streamlit run` with the pages' modules imported before the server answers, so the
    # first page after a start does not wait for them (noegletal.ui.launch).
    cmd = [sys.executable, "-m", "noegletal.ui.launch", str(app_py), "--server.port",
           str(chosen), "--server.headless", "true" if headless else "false"]
    url = f"http://localhost:{chosen}"
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT)
    try:
        while proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{chosen}/_stcore/health",
                                            timeout=1) as r:
                    if r.status == 200:
                        typer.secho(_banner(url), bold=True, err=True)
                        break
            except OSError:
                time.sleep(0.3)
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        code = proc.wait()
    raise typer.Exit(code)

# ------------------------------------------------------------------ statbank (issue #12)

statbank_app = typer.Typer(
    no_args_is_help=True,
    help="Hent offentliggjorte tal fra Danmarks Statistiks Statistikbank (eller indlæs en "
         "fil, der er hentet i hånden).",
)
app.add_typer(statbank_app, name="statbank")


def _statbank_kommuner(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return [int(p) for p in text.replace(";", ",").split(",") if p.strip()]
    except ValueError:
        raise typer.BadParameter("Skriv kommunekoderne adskilt af komma, fx 101,167.") from None


def _statbank_report(stored) -> None:
    typer.echo(stored.message)
    for note in stored.fetched.notes:
        typer.echo(f"  Bemærk: {note}")
    updated = [f"{t} opdateret {d}" for t, d in stored.fetched.updated.items() if d]
    if updated:
        typer.echo("  Danmarks Statistik: " + ", ".join(updated))


@statbank_app.command("fetch")
def statbank_fetch(
    kilde: Annotated[list[str] | None, typer.Option(
        "--kilde", help="befolkning, sammenligning og/eller udgifter (standard: alle tre).")] = None,
    kommuner: Annotated[str | None, typer.Option(
        "--kommuner", help="Kommunekoder adskilt af komma (standard: alle 98).")] = None,
    fra: Annotated[int | None, typer.Option("--fra", help="Første år (standard: alt).")] = None,
    user: Annotated[str, typer.Option("--bruger")] = os.environ.get("USER", "analytiker"),
    url: Annotated[str, typer.Option("--url", help="Statistikbankens API-adresse.")] =
        "https://api.statbank.dk/v1",
) -> None:
    """Hent tal fra Statistikbanken og gem dem som nye dataversioner."""
    from noegletal.datain.statbank import StatbankClient, StatbankError
    from noegletal.datain.statbank.mappings import SOURCES
    from noegletal.services.statbank import fetch_and_store

    sources = kilde or list(SOURCES)
    unknown = [k for k in sources if k not in SOURCES]
    if unknown:
        raise typer.BadParameter(f"Ukendt kilde {', '.join(unknown)}; vælg {', '.join(SOURCES)}.")
    wanted = _statbank_kommuner(kommuner)
    store = _open_store()
    failed = False
    with StatbankClient(base_url=url) as client:
        for source in sources:
            try:
                stored = fetch_and_store(
                    store, client, source, user=user, kommuner=wanted, fra=fra,
                    progress=lambda f, text: _err(f"  {round(f * 100):3d} % {text}"))
            except StatbankError as exc:
                _err(f"{source}: {exc}")
                failed = True
                continue
            _statbank_report(stored)
    raise typer.Exit(1 if failed else 0)


@statbank_app.command("import")
def statbank_import(
    files: Annotated[list[Path], typer.Argument(
        exists=True, dir_okay=False, help="CSV-filer hentet fra Statistikbankens API.")],
    tabel: Annotated[list[str] | None, typer.Option(
        "--tabel", help="Tabellen for hver fil i samme rækkefølge (fx ANBAAR9), hvis "
                        "filnavnet ikke er tabellens navn.")] = None,
    user: Annotated[str, typer.Option("--bruger")] = os.environ.get("USER", "analytiker"),
) -> None:
    """Indlæs CSV-filer, der er hentet i hånden fra Statistikbanken (uden internet på serveren)."""
    from noegletal.datain.statbank import StatbankError
    from noegletal.services.statbank import read_files, store_fetched

    try:
        fetched = read_files([(p.name, p.read_bytes()) for p in files], tables=tabel)
        store = _open_store()
        for item in fetched:
            _statbank_report(store_fetched(store, item, user=user))
    except StatbankError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
