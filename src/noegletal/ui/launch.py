"""Start the dashboard warm: ``streamlit run``, with the page modules imported first.

    python -m noegletal.ui.launch app.py --server.port 8501 --server.headless true

takes exactly the arguments of ``streamlit run`` (script, ``--server.*``/``--browser.*``/…
flag options, ``STREAMLIT_*`` environment variables, ``-- script args``) and hands them to
Streamlit's own ``run`` command (``streamlit.web.cli``: ``main_run`` ->
``bootstrap.load_config_options`` -> ``bootstrap.run``), so the options mean what they mean
there (``tests/cli/test_launch.py`` compares every option with ``streamlit run``'s).

Before that, in the same process, it does the one-time work the first script run after a
start would otherwise do while a user waits:

* import every module of ``noegletal.ui`` and ``noegletal.presentation`` (a page imports
  only Streamlit and these two, ``tests/pages/test_page_imports.py``), and with them pandas,
  Plotly, SQLAlchemy, Alembic, pydantic and the key-figure code, then the few modules those
  import only on first use (:data:`LAZY_MODULES`);
* :data:`STEPS`: build and serialise one Plotly figure, import a configured database's
  driver, and let :mod:`inspect` list the loaded modules' files once.

Measured on a shared 2-core machine (``-X importtime`` and py-spy on a real server): the
first page after a ``streamlit run`` imported about 1.100 modules inside its script run
(1,4-2,5 s of import time); after the imports, the first figure cost 0,15 CPU-s and the first
``inspect.stack()`` 0,08, while opening the store (migrations included) and reading the
stored results cost 0,01-0,03 s, so the store is left alone. The server's CPU time for a
first page fell from 2,2-3,1 to 0,9-1,7 CPU-s on the sample data (a warm view in a new
session: 0,5-0,8); what remains is the first view's derived views and figures of the
store's state (``DashboardData.derived``, ``PageContext.once``), which need the data a
script run loads. The imports are moved, not removed: the server answers that much later.

The warm-up calls no ``st.*`` function, reads no settings (``get_settings()`` stays empty,
so the app's settings are read in a script run after Streamlit has loaded its configuration
and secrets, as before), opens no store (its opening, migrations and Danish messages stay in
the first script run, ``noegletal.ui.data``) and touches no session state, so every script
run starts from a fresh session exactly as with ``streamlit run``. An error here does not stop
the server from starting: a module that fails to import here is imported again (and its
error shown) by the script run, and a failed step leaves its work to the first page.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from collections.abc import Sequence

#: What the warm-up imports as whole packages (every submodule): the pages' layers.
PACKAGES = ("noegletal.ui", "noegletal.presentation")

#: Modules the first script run imports inside functions (measured with ``-X importtime``:
#: SQLite's driver on the store's first connection, pyarrow's conversion of a table, Plotly's
#: helpers behind ``st.plotly_chart``, the menu's icon names, and the services' and key
#: figures' function-level imports on a page's path).
LAZY_MODULES = (
    "sqlite3",
    "pyarrow.pandas_compat",
    "plotly.offline",
    "plotly.tools",
    "streamlit.material_icon_names",
    "noegletal.metrics.comparators",
    "noegletal.metrics.units",
    "noegletal.metrics.expenditure",
    "noegletal.services.materialise",
    "noegletal.services.units",
)

#: The launcher itself is not warmed (it is ``__main__`` when run with ``-m``).
_SKIP = {__name__, "noegletal.ui.launch"}


def warm_modules() -> list[str]:
    """The modules :func:`warm_up` imports, in order (packages' submodules sorted).

    Finding the submodules imports the packages; a package that fails to import is listed
    all the same (:func:`warm_up` then records its error) and its submodules are not."""
    names: list[str] = []
    for package in PACKAGES:
        names.append(package)
        try:
            path = importlib.import_module(package).__path__
        except Exception:  # warm_up imports it again and records why
            continue
        names += sorted(info.name for info in pkgutil.walk_packages(
            path, prefix=package + ".", onerror=names.append))
    names += LAZY_MODULES
    return [n for n in dict.fromkeys(names) if n not in _SKIP]


def _first_figure() -> None:
    """Build and serialise one chart the way the pages do: Plotly creates its property
    validators and imports a class module per trace and layout property on first use
    (about 160 modules, 0,15 CPU-s here), and ``st.plotly_chart`` sends ``plotly.io.to_json``."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from noegletal.presentation.charts import titled_layout

    fig = go.Figure(layout=titled_layout("Nøgletal", "Eksempel"))
    fig.add_trace(go.Scatter(x=[1, 2], y=[1.0, None], mode="lines+markers", name="a",
                             line={"dash": "dash", "width": 2},
                             marker={"symbol": "circle", "size": 8}, hovertemplate="%{y}"))
    fig.add_trace(go.Bar(x=["a"], y=[2], text=["2"], textposition="outside"))
    pio.to_json(fig, validate=False)


def _module_files() -> None:
    """Let :mod:`inspect` list the loaded modules' files once, now: the first element a
    Streamlit process draws calls ``inspect.stack()`` (its check for a REPL), which looks
    every module in ``sys.modules`` up on disk the first time (0,08-0,2 s after the imports)."""
    import inspect

    inspect.stack(0)


def _database_driver() -> None:
    """Import the driver of a configured database (``NOEGLETAL_DATABASE_URL``, e.g. psycopg:
    0,07 s), which SQLAlchemy imports when the first page opens the store; SQLite's is in
    :data:`LAZY_MODULES`. ``create_engine`` connects to nothing. The settings are read
    uncached (``Settings()``, not ``get_settings()``), so the app's own settings are first
    read in a script run, after Streamlit has loaded its configuration and secrets."""
    from sqlalchemy import create_engine

    from noegletal.settings import Settings

    url = Settings().database_url
    if url:
        create_engine(url).dispose()


#: The warm-up's steps after the imports, in order (:func:`_module_files` last: it lists the
#: modules the others imported too).
STEPS = (("figure", _first_figure), ("driver", _database_driver), ("inspect", _module_files))


def warm_up() -> dict[str, object]:
    """Import :func:`warm_modules`, then run :data:`STEPS`; return how many modules were
    imported, what failed and the seconds of each part.

    Nothing raises: a module that fails to import is imported again (and its error shown as
    always) by the script run, and a failed step only leaves its work to the first page.
    """
    t0 = time.perf_counter()
    before = len(sys.modules)
    failed: dict[str, str] = {}
    for name in warm_modules():
        try:
            importlib.import_module(name)
        except Exception as exc:  # the script run imports it again and reports it
            failed[name] = f"{type(exc).__name__}: {exc}"
    seconds = {"imports": time.perf_counter() - t0}
    for step, run in STEPS:
        t = time.perf_counter()
        try:
            run()
        except Exception as exc:  # the first page does that work as before
            failed[step] = f"{type(exc).__name__}: {exc}"
        seconds[step] = time.perf_counter() - t
    return {"modules": len(sys.modules) - before, "failed": failed, "seconds": seconds}


def streamlit_run_args(argv: Sequence[str]) -> list[str]:
    """The command line of Streamlit's CLI for ``streamlit run <argv>``.

    >>> streamlit_run_args(["app.py", "--server.port", "8600"])
    ['run', 'app.py', '--server.port', '8600']
    """
    return ["run", *argv]


def main(argv: Sequence[str] | None = None) -> None:
    """Warm up, then run ``streamlit run <argv>`` in this process (does not return)."""
    args = list(sys.argv[1:] if argv is None else argv)
    warm_up()
    from streamlit.web import cli

    # The same click command as the `streamlit` executable (`prog_name` as in
    # `python -m streamlit`), so flag options, STREAMLIT_* variables, `--help` and errors
    # behave exactly as with `streamlit run`.
    cli.main(args=streamlit_run_args(args), prog_name="streamlit")


if __name__ == "__main__":
    main()
