"""Secrets come only from settings (environment, ``.env``) or ``.streamlit/secrets.toml``.

The repository itself (every file git tracks or would add) must hold no password, key,
password hash or database URL with a password; the files that hold real secrets must be
ignored by git; and the code reads secret-bearing configuration only through
``noegletal.settings`` (or ``st.secrets`` for the OIDC login).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.security.conftest import ROOT

BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".xlsx", ".xls", ".sqlite3", ".pdf",
                   ".ico", ".woff", ".woff2", ".parquet", ".zip", ".gz"}

SECRET_NAME = r"(?:password|passwd|pwd|secret|token|api_?key|private_?key|client_secret|" \
              r"adgangskode|kodeord)"
# A quoted literal of 6+ characters without spaces assigned to a secret-like name (code,
# TOML, Markdown) ...
QUOTED_LITERAL = re.compile(
    rf"(?i)\b(?P<name>\w*{SECRET_NAME}\w*)\s*[:=]\s*(?P<q>[\"'])(?P<value>[^\"'\s]{{6,}})(?P=q)")
# ... or, in configuration files, an unquoted value at the start of a line (NAME=value,
# NAME: value, export NAME=value).
CONFIG_LITERAL = re.compile(
    rf"(?i)^\s*(?:export\s+)?(?P<name>\w*{SECRET_NAME}\w*)\s*[:=]\s*[\"']?"
    r"(?P<value>[^\s\"'#]{6,})")
CONFIG_SUFFIXES = {".env", ".yaml", ".yml", ".conf", ".sh", ".toml", ".ini", ".cfg", ""}
URL_WITH_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^:/\s@]+:(?P<value>[^@/\s]+)@")
PASSWORD_HASH = re.compile(r"pbkdf2_sha256\$\d+\$[0-9a-f]{16,}\$[0-9a-f]{32,}")
PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")
KNOWN_TOKENS = re.compile(r"\b(?:AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}|xox[abprs]-[A-Za-z0-9-]{10,}"
                          r"|sk-[A-Za-z0-9]{32,})\b")

# Documented placeholders in messages and examples.
URL_PLACEHOLDERS = {"kode", "password", "adgangskode"}
# Reviewed names whose literal is not a secret: (file, name) -> why.
REVIEWED_NAMES = {
    ("src/noegletal/ui/auth.py", "METHOD_PASSWORD"): "the login method's name",
    ("src/noegletal/ui/auth.py", "_CLEAR_PASSWORD"): "a session-state key",
}


def repository_files() -> list[Path]:
    """Tracked files plus untracked files that are not ignored (what a commit could add)."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files = []
    for rel in sorted(set(out.splitlines())):
        path = ROOT / rel
        if path.is_file() and path.suffix.lower() not in BINARY_SUFFIXES:
            files.append(path)
    return files


def _placeholder(value: str) -> bool:
    return value.startswith(("$", "<", "{")) or "<" in value


def findings(paths: list[Path], root: Path = ROOT) -> list[str]:
    out = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for no, line in enumerate(text.splitlines(), start=1):
            literals = list(QUOTED_LITERAL.finditer(line))
            if path.suffix.lower() in CONFIG_SUFFIXES or path.name.startswith(".env"):
                literals += list(CONFIG_LITERAL.finditer(line))
            for m in literals:
                # test credentials are made up for the tests; they protect nothing
                if (_placeholder(m.group("value")) or rel.startswith("tests/")
                        or (rel, m.group("name")) in REVIEWED_NAMES):
                    continue
                out.append(f"{rel}:{no}: {m.group('name')} har en fast værdi i koden")
            for m in URL_WITH_PASSWORD.finditer(line):
                value = m.group("value")
                if value.startswith("${") or value in URL_PLACEHOLDERS or rel.startswith("tests/"):
                    continue
                out.append(f"{rel}:{no}: en database-URL med adgangskode")
            for pattern, what in ((PASSWORD_HASH, "en adgangskode-hash"),
                                  (PRIVATE_KEY, "en privat nøgle"),
                                  (KNOWN_TOKENS, "en adgangsnøgle")):
                if pattern.search(line):
                    out.append(f"{rel}:{no}: {what}")
    return out


def test_repository_holds_no_secrets():
    files = repository_files()
    assert any(p.name == "settings.py" for p in files)
    assert findings(files) == []


def test_the_scanner_finds_what_it_looks_for(tmp_path):
    """Positive control: planted secrets of every kind are reported."""
    planted = tmp_path / "deploy.env"
    planted.write_text(
        "POSTGRES_PASSWORD=Sommer2026!\n"
        'db = "postgresql+psycopg://noegletal:hemmelig123@db/noegletal"\n'
        "NOEGLETAL_ANALYST_PASSWORD_HASH=pbkdf2_sha256$480000$" + "ab" * 16 + "$" + "cd" * 32
        + "\n-----BEGIN RSA PRIVATE " + "KEY-----\n"
        "aws = AKIA" + "ABCDEFGHIJKLMNOP\n"
        "POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n"  # a placeholder: fine
        "password: str | None = None\n",  # a type annotation: fine
        encoding="utf-8",
    )
    lines = findings([planted], tmp_path)
    for no in (1, 2, 3, 4, 5):
        assert any(line.startswith(f"deploy.env:{no}:") for line in lines), (no, lines)
    assert not any(line.startswith(("deploy.env:6:", "deploy.env:7:")) for line in lines), lines


@pytest.mark.parametrize("path", [".env", "deploy/.env", ".streamlit/secrets.toml",
                                  "data/noegletal.sqlite3"])
def test_files_with_secrets_or_data_are_ignored_by_git(path):
    result = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
    assert result.returncode == 0, f"{path} er ikke udelukket i .gitignore"


# Reads of environment variables outside noegletal.settings, each reviewed: none of them is
# a secret except the Alembic command line's database URL (the same variable the settings
# read; Alembic runs outside the app).
REVIEWED_ENV_READS = {
    ("src/noegletal/cli.py", "USER"),
    # `noegletal app`: the port Streamlit's own variable names, and whether a desktop session
    # can open a browser
    ("src/noegletal/cli.py", "STREAMLIT_SERVER_PORT"),
    ("src/noegletal/cli.py", "DISPLAY"),
    ("src/noegletal/cli.py", "WAYLAND_DISPLAY"),
    ("src/noegletal/presentation/exports.py", "BROWSER_PATH"),
    ("src/noegletal/migrations/env.py", "NOEGLETAL_DATABASE_URL"),
}
ENV_READ = re.compile(r"os\.(?:environ\.get|getenv)\(\s*[\"'](?P<name>\w+)[\"']|"
                      r"os\.environ\[\s*[\"'](?P<name2>\w+)[\"']\s*\]")


def test_configuration_is_read_only_through_settings():
    reads = set()
    unreadable = []
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "src").rglob("*.py")]:
        rel = path.relative_to(ROOT).as_posix()
        if rel == "src/noegletal/settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        for m in ENV_READ.finditer(text):
            reads.add((rel, m.group("name") or m.group("name2")))
        if re.search(r"os\.environ(?!\.get\(\s*[\"']|\[\s*[\"'])", text):
            unreadable.append(rel)
        if "st.secrets" in text and rel != "src/noegletal/ui/auth.py":
            unreadable.append(f"{rel} (st.secrets)")
    assert reads <= REVIEWED_ENV_READS, reads - REVIEWED_ENV_READS
    assert unreadable == []


def test_secret_settings_come_from_the_environment(monkeypatch):
    """The password hash and database URL are settings (environment / .env), not code."""
    from noegletal.settings import Settings

    monkeypatch.setenv("NOEGLETAL_ANALYST_PASSWORD_HASH", "pbkdf2_sha256$1$aa$bb")
    monkeypatch.setenv("NOEGLETAL_DATABASE_URL", "sqlite:///fra-miljoeet.sqlite3")
    s = Settings()
    assert s.analyst_password_hash == "pbkdf2_sha256$1$aa$bb"
    assert s.effective_database_url == "sqlite:///fra-miljoeet.sqlite3"
    monkeypatch.delenv("NOEGLETAL_ANALYST_PASSWORD_HASH")
    monkeypatch.delenv("NOEGLETAL_DATABASE_URL")
    assert Settings(_env_file=None).analyst_password_hash is None
