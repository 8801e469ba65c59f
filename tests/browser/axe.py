"""axe-core in the browser tests: inject the checker, run it, record the result per view.

axe-core (the npm package, pinned in ``scripts/fetch-axe.sh``) is fetched into a cache
folder outside the working tree by ``scripts/test.sh``; a test run without it fetches it
itself. Every view is checked against the WCAG 2.1 A and AA rules; a violation of impact
*serious* or *critical* fails the test. Violations that Streamlit itself causes and the app
cannot fix are excluded by rule *and* selector (``EXCLUSIONS``), never by rule alone, and
are listed in the accessibility statement.

The per-view results are written to ``tests/artifacts/axe-results.json`` on every run; with
``NOEGLETAL_AXE_UPDATE=1`` they also update the committed ``docs/a11y/axe-results.json``,
from which the statement page and the README's table are generated. Each test compares its
view with the committed file, so a statement that no longer matches the app fails the run.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from noegletal.presentation.accessibility import (
    AXE_TAGS,
    EXCLUSIONS,
    FAILING_IMPACTS,
    RESULTS_PATH,
    load_results,
)
from tests.browser.conftest import ROOT

ARTIFACT = ROOT / "tests" / "artifacts" / "axe-results.json"
UPDATE = os.environ.get("NOEGLETAL_AXE_UPDATE") == "1"

_RUN_AXE = """async ([tags, failing, exclusions]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  const matches = (node, selector) => {
    const target = node.target[node.target.length - 1];
    if (typeof target !== 'string') return false;
    let el = null;
    try { el = document.querySelector(target); } catch (e) { return false; }
    return !!el && el.matches(selector);
  };
  const failures = [], excluded = [], minor = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const ex = exclusions.find(e => e.rule === v.id && matches(node, e.selector));
      const item = {rule: v.id, impact: node.impact || v.impact, help: v.help,
                    target: node.target.join(' '), html: node.html.slice(0, 200),
                    summary: (node.failureSummary || '').slice(0, 300)};
      if (ex) excluded.push({...item, selector: ex.selector});
      else if (failing.includes(item.impact)) failures.push(item);
      else minor.push(item);
    }
  }
  return {failures, excluded, minor, version: axe.version,
          passes: result.passes ? result.passes.length : null};
}"""


def axe_source() -> str:
    """The text of ``axe.min.js``, fetched with ``scripts/fetch-axe.sh`` when not cached."""
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "fetch-axe.sh")],
                          capture_output=True, text=True, cwd=ROOT)
    path = Path(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else None
    if proc.returncode != 0 or path is None or not path.exists():
        message = f"axe-core kunne ikke hentes: {proc.stderr.strip()}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def run_axe(pg, source: str) -> dict:
    """Inject axe-core into the page shown in ``pg`` and run the WCAG 2.1 A/AA rules."""
    if not pg.evaluate("() => typeof window.axe === 'object'"):
        pg.add_script_tag(content=source)
    exclusions = [{"rule": e.rule, "selector": e.selector} for e in EXCLUSIONS]
    return pg.evaluate(_RUN_AXE, [list(AXE_TAGS), list(FAILING_IMPACTS), exclusions])


def summary(result: dict) -> dict:
    """What the statement shows of one view: failures and the exclusions that applied."""
    return {
        "violations": len(result["failures"]),
        "excluded": sorted({e["rule"] for e in result["excluded"]}),
    }


def _write(path: Path, key: str, entry: dict, version: str) -> None:
    """Add one view's result to ``path``. Two test workers write the same file: the
    read-modify-write happens under an exclusive lock, and the file is replaced atomically,
    so a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = Path(tempfile.gettempdir()) / f"noegletal-{path.stem}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _update(path, key, entry, version)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _update(path: Path, key: str, entry: dict, version: str) -> None:
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data["axe_version"] = version
    data["tags"] = list(AXE_TAGS)
    data["failing_impacts"] = list(FAILING_IMPACTS)
    data["checked"] = dt.date.today().isoformat()
    views = data.setdefault("views", {})
    # an exclusion applies only when Streamlit has drawn the element (the cards' small
    # charts are drawn lazily), so one seen before is kept
    seen = set(views.get(key, {}).get("excluded", [])) | set(entry["excluded"])
    views[key] = {**entry, "excluded": sorted(seen)}
    data["views"] = dict(sorted(views.items(), key=lambda kv: (kv[1].get("order", 999), kv[0])))
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def check_view(pg, source: str, key: str, title: str, kind: str, address: str,
               order: int) -> dict:
    """Run axe on the view, record it (``order``: its place in the statement's table), and
    fail on a serious or critical violation or on a committed statement that no longer
    matches."""
    result = run_axe(pg, source)
    entry = {"order": order, "title": title, "kind": kind, "address": address,
             **summary(result)}
    _write(ARTIFACT, key, entry, result["version"])
    if UPDATE and not result["failures"]:
        _write(RESULTS_PATH, key, entry, result["version"])
    assert result["failures"] == [], "\n".join(
        f"{f['rule']} ({f['impact']}) {f['target']}: {f['summary']}" for f in result["failures"])
    committed = load_results().get("views", {}).get(key)
    # an exclusion that did not apply this time (a lazily drawn element) is no error; one the
    # statement does not list is
    same = committed is not None and all(
        committed.get(k) == v for k, v in entry.items() if k != "excluded") and set(
        entry["excluded"]) <= set(committed.get("excluded", []))
    assert same, (
        f"docs/a11y/axe-results.json er forældet for {key} ({committed} ≠ {entry}); kør "
        "NOEGLETAL_AXE_UPDATE=1 .venv/bin/python -m pytest tests/browser "
        "og derefter .venv/bin/python scripts/a11y_table.py")
    return result
