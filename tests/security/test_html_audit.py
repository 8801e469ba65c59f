"""No user-supplied text is rendered as HTML: an audit of every way our code can send HTML.

Streamlit renders markdown with HTML escaped unless a call passes ``unsafe_allow_html``;
``st.html`` and ``streamlit.components.v1.html`` render raw HTML. The audit parses every
Python file of ``src/``, ``pages/`` and ``app.py`` and allows such a call only when the HTML is
a constant string literal, or a module-level name bound once to one, whose exact text has been
reviewed and listed in :data:`REVIEWED` (by file and sha256 of the text). An f-string, any
other expression or ``**kwargs`` is never allowed: a reviewer cannot know what it will contain. The HTML report
(``noegletal.presentation.report``) builds HTML itself and escapes all data and user text;
that is tested in ``test_output_escaping.py``.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from pathlib import Path

from tests.security.conftest import ROOT

SCANNED = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")),
           *sorted((ROOT / "src").rglob("*.py"))]
RAW_HTML_FUNCTIONS = {"html"}  # st.html, components.html, components.v1.html
HTML_SWITCHES = {"unsafe_allow_html", "unsafe_allow_javascript"}

# Reviewed constant HTML: (path relative to the repository, sha256 of the literal's text).
# Add an entry only after reviewing the literal; a changed literal needs a new review.
REVIEWED: frozenset[tuple[str, str]] = frozenset({
    # ui/shell.py BASE_CSS: a <style> block (metric cards and page links wrap, static tables
    # wrap instead of scrolling, the Danish «Fuld skærm» tooltip); no user content.
    ("src/noegletal/ui/shell.py",
     "17c470cd15c92cd569aef230b9b589e7db818d89595087bd5410cf2c53ed7630"),
    # ui/shell.py PRESENTATION_CSS: larger body text in the presentation view; no user content.
    ("src/noegletal/ui/shell.py",
     "858a6d3ea03fabd268f4c0a0c4b42e12341742bd7b49ced09bacd900253da97b"),
})


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str | None  # the constant HTML, or None when it is not a constant

    @property
    def key(self) -> tuple[str, str] | None:
        if self.text is None:
            return None
        return self.path, hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _is_true(node: ast.expr) -> bool:
    return not (isinstance(node, ast.Constant) and node.value in (False, None))


def _module_constants(tree: ast.Module) -> dict[str, str]:
    """Names bound at module level to a string literal and never bound anywhere else in the
    file (a ``global`` rebinding in a function would otherwise slip through)."""
    counts: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            counts[node.id] = counts.get(node.id, 0) + 1
    out = {}
    for stmt in tree.body:
        value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
        targets = (stmt.targets if isinstance(stmt, ast.Assign)
                   else [stmt.target] if isinstance(stmt, ast.AnnAssign) else [])
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            for t in targets:
                if isinstance(t, ast.Name) and counts.get(t.id) == 1:
                    out[t.id] = value.value
    return out


def _constant_text(call: ast.Call, constants: dict[str, str],
                   keyword: str = "body") -> str | None:
    arg = call.args[0] if call.args else next(
        (k.value for k in call.keywords if k.arg == keyword), None)
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.Name):
        return constants.get(arg.id)
    return None


def _called_name(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return None


def _imports_raw_html(tree: ast.AST) -> set[str]:
    """Local names bound to a raw-HTML function (``from streamlit... import html as h``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit"):
            for alias in node.names:
                if alias.name in RAW_HTML_FUNCTIONS:
                    names.add(alias.asname or alias.name)
    return names


def _receiver(call: ast.Call) -> str:
    f = call.func
    return ast.unparse(f.value) if isinstance(f, ast.Attribute) else ""


def scan(path: Path, rel: str) -> tuple[list[Finding], list[str]]:
    """The HTML-rendering calls of one file, and other problems (switches passed in ways the
    audit cannot read)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=rel)
    findings: list[Finding] = []
    problems: list[str] = []
    raw_names = _imports_raw_html(tree)
    constants = _module_constants(tree)
    seen_switches = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        switch = [k for k in node.keywords if k.arg in HTML_SWITCHES]
        seen_switches += len(switch)
        if any(_is_true(k.value) for k in switch):
            findings.append(Finding(rel, node.lineno, _constant_text(node, constants)))
        is_raw = (isinstance(node.func, ast.Name) and node.func.id in raw_names) or (
            name in RAW_HTML_FUNCTIONS and isinstance(node.func, ast.Attribute)
            and (_receiver(node) == "st" or "components" in _receiver(node)))
        if is_raw:
            findings.append(Finding(rel, node.lineno, _constant_text(node, constants)))
        if any(k.arg is None for k in node.keywords) and name in {"markdown", "caption", "write",
                                                                   "html", "info", "warning",
                                                                   "error", "success"}:
            problems.append(f"{rel}:{node.lineno}: **kwargs til st.{name} kan ikke revideres")
    mentioned = sum(source.count(s) for s in HTML_SWITCHES)
    if mentioned != seen_switches:
        problems.append(f"{rel}: {', '.join(HTML_SWITCHES)} bruges uden for et direkte kald")
    return findings, problems


def audit(paths: list[Path], root: Path, reviewed: frozenset) -> list[str]:
    """Every unreviewed HTML call and every problem, as Danish lines."""
    out: list[str] = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        findings, problems = scan(path, rel)
        out += problems
        for f in findings:
            if f.key is None:
                out.append(f"{rel}:{f.line}: HTML fra et udtryk, der ikke er en fast tekst")
            elif f.key not in reviewed:
                out.append(f"{rel}:{f.line}: ikke-revideret HTML (sha256 {f.key[1][:12]})")
    return out


def test_every_scanned_file_exists_and_parses():
    assert (ROOT / "app.py") in SCANNED and len(SCANNED) > 20
    for path in SCANNED:
        ast.parse(path.read_text(encoding="utf-8"))


def test_no_unreviewed_html_in_the_app():
    assert audit(SCANNED, ROOT, REVIEWED) == []


def test_the_audit_catches_every_form(tmp_path):
    """Positive control on a file written for the purpose."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import streamlit as st\n"
        "from streamlit.components.v1 import html as raw\n"
        "import streamlit.components.v1 as components\n"
        "name = input()\n"
        "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\n"   # 5 f-string
        "st.markdown('<b>fast</b>', unsafe_allow_html=True)\n"      # 6 constant, unreviewed
        "st.html(name)\n"                                           # 7 variable
        "raw(name)\n"                                               # 8 aliased import
        "components.html('<i>x</i>')\n"                             # 9 constant, unreviewed
        "opts = {'unsafe_allow_html': True}\n"                      # 10 hidden switch
        "st.markdown(name, **opts)\n"                               # 11 **kwargs
        "st.markdown(name, unsafe_allow_html=False)\n",             # fine
        encoding="utf-8",
    )
    lines = audit([bad], tmp_path, frozenset())
    joined = "\n".join(lines)
    for line_no in (5, 6, 7, 8, 9, 11):
        assert f"bad.py:{line_no}:" in joined, (line_no, lines)
    assert "bruges uden for et direkte kald" in joined
    # the same constant becomes acceptable once it is reviewed
    reviewed = frozenset({("bad.py", hashlib.sha256(b"<b>fast</b>").hexdigest()),
                          ("bad.py", hashlib.sha256(b"<i>x</i>").hexdigest())})
    after = "\n".join(audit([bad], tmp_path, reviewed))
    assert "bad.py:6:" not in after and "bad.py:9:" not in after
    assert "bad.py:5:" in after


def test_a_named_constant_is_reviewed_by_its_text_and_a_rebound_name_is_not(tmp_path):
    good = tmp_path / "good.py"
    good.write_text("import streamlit as st\nCSS = '<style>p{}</style>'\n"
                    "def f():\n    st.html(CSS)\n", encoding="utf-8")
    rebound = tmp_path / "rebound.py"
    rebound.write_text("import streamlit as st\nCSS = '<style>p{}</style>'\n"
                       "def f(x):\n    global CSS\n    CSS = x\n    st.html(CSS)\n",
                       encoding="utf-8")
    sha = hashlib.sha256(b"<style>p{}</style>").hexdigest()
    reviewed = frozenset({("good.py", sha), ("rebound.py", sha)})
    assert audit([good], tmp_path, frozenset()) == [
        f"good.py:4: ikke-revideret HTML (sha256 {sha[:12]})"]
    assert audit([good], tmp_path, reviewed) == []
    assert audit([rebound], tmp_path, reviewed) == [
        "rebound.py:6: HTML fra et udtryk, der ikke er en fast tekst"]
