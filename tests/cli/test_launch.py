"""The warm launcher (``python -m noegletal.ui.launch``, what ``noegletal app``, the browser
tests and the page benchmark start) is ``streamlit run`` with the pages' modules imported
first: the same options in the same configuration, no settings read, no store opened, and a
real server that answers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from noegletal.ui import launch

ROOT = Path(__file__).resolve().parents[2]

# Runs `streamlit run <argv>` (argv[1] == "streamlit") or the launcher (argv[1] == "launch")
# with Streamlit's `bootstrap.run` replaced, so nothing is served, and prints what
# `bootstrap.run` was given and every configuration option's value after Streamlit loaded
# its configuration (config.toml, flag options, STREAMLIT_* variables).
PROBE = r"""
import json, sys
from streamlit import config
from streamlit.web import bootstrap

calls = []

def fake_run(main_script_path, is_hello, args, flag_options, **kwargs):
    calls.append({"script": main_script_path, "is_hello": is_hello, "args": list(args),
                  "flags": {k: v for k, v in flag_options.items() if v is not None}})

bootstrap.run = fake_run
which, argv = sys.argv[1], sys.argv[2:]
code = None
try:
    if which == "launch":
        from noegletal.ui import launch
        launch.main(argv)
    else:
        from streamlit.web import cli
        cli.main(args=["run", *argv], prog_name="streamlit")
except SystemExit as exc:
    code = exc.code
options = {}
for key in sorted(config._config_options):
    try:
        options[key] = repr(config.get_option(key))
    except Exception as exc:
        options[key] = type(exc).__name__
from noegletal.settings import get_settings
print(json.dumps({"code": code, "calls": calls, "options": options,
                  "settings_read": get_settings.cache_info().currsize,
                  "warm": "noegletal.presentation.themes.anbringelser" in sys.modules}))
"""

ARGV = ["app.py", "--server.headless", "true", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false", "--browser.serverAddress", "dashboard.example",
        "--", "--et-argument"]


def _probe(which: str, tmp_path: Path) -> dict:
    env = {**os.environ, "STREAMLIT_SERVER_PORT": "8765",
           "NOEGLETAL_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", PROBE, which, *ARGV], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_launcher_starts_streamlit_run_with_the_same_options(tmp_path):
    plain = _probe("streamlit", tmp_path)
    warm = _probe("launch", tmp_path)
    assert plain["code"] == warm["code"] == 0
    assert plain["warm"] is False and warm["warm"] is True
    # the same call of Streamlit's bootstrap, and every option with the same value (but the
    # cookie secret, which Streamlit draws at random in each process unless it is set)
    assert warm["calls"] == plain["calls"]
    for probe in (plain, warm):
        probe["options"].pop("server.cookieSecret")
    assert warm["options"] == plain["options"]
    (call,) = warm["calls"]
    assert call["script"] == str(ROOT / "app.py")
    assert call["args"] == ["--et-argument"]
    assert call["is_hello"] is False
    options = warm["options"]
    assert options["server.port"] == "8765"  # STREAMLIT_SERVER_PORT, as `noegletal app` says
    assert options["server.headless"] == "True"
    assert options["server.fileWatcherType"] == "'none'"
    assert options["browser.gatherUsageStats"] == "False"
    assert options["browser.serverAddress"] == "'dashboard.example'"
    # from .streamlit/config.toml, read as `streamlit run` reads it
    assert options["client.showErrorDetails"] == "'none'"
    # the warm-up reads no settings: the app's settings are first read in a script run,
    # after Streamlit has loaded its configuration and secrets
    assert warm["settings_read"] == 0
    # the data folder is created by the first page (opening the store), not by the warm-up
    assert not (tmp_path / "data").exists()


def test_every_module_of_the_warm_up_imports():
    result = launch.warm_up()
    assert result["failed"] == {}
    names = launch.warm_modules()
    assert "noegletal.ui.shell" in names and "noegletal.presentation.themes.udgifter" in names
    assert "noegletal.ui.launch" not in names
    assert set(result["seconds"]) == {"imports", *(step for step, _ in launch.STEPS)}


def test_the_warm_up_reads_no_settings():
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    launch.warm_up()
    assert get_settings.cache_info().currsize == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_launched_server_answers_and_stops(tmp_path):
    port = _free_port()
    env = {**os.environ, "NOEGLETAL_DATA_DIR": str(tmp_path / "data"),
           "NOEGLETAL_LOAD_SAMPLE_DATA": "false"}
    env.pop("NOEGLETAL_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "noegletal.ui.launch", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        health = None
        for _ in range(600):  # a hang guard, not a timing: a busy machine may take long
            if proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    health = r.read()
                    break
            except OSError:
                time.sleep(0.5)
        assert health == b"ok", proc.communicate(timeout=30)[0] if proc.poll() else health
        with urllib.request.urlopen(f"{base}/", timeout=30) as r:
            assert r.status == 200
            assert '<div id="root">' in r.read().decode()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    # Streamlit's own start-up message, with the address from the configuration
    assert f"URL: http://localhost:{port}" in out
    # no page ran, so nothing opened the store
    assert not (tmp_path / "data").exists()
