"""Analyst login for the Data page: Streamlit's OIDC login or the embedded password.

Which login is used:

1. **OIDC** (``st.login``) when ``.streamlit/secrets.toml`` has an ``[auth]`` section. The
   analyst's identity is ``st.user.email`` (else ``preferred_username``, ``name``, ``sub``).
2. **Password** when ``settings.analyst_password_hash`` is set (``noegletal hash-password``,
   environment variable ``NOEGLETAL_ANALYST_PASSWORD_HASH``). It is either one salted hash
   shared by all analysts (the user name is then the analyst's own statement, recorded in
   the audit log), or one hash per user: ``alice=pbkdf2_sha256$...;bob=pbkdf2_sha256$...``,
   so that each analyst proves who they are and the municipality permissions bind.
3. **Neither**: uploading is disabled and the page explains how to enable it.

Only the Data page calls :func:`login_panel`; no other page offers a login or an upload, and
nothing here reads query parameters. A password login lasts for the browser session.

Throttling: failed password logins are counted in the store per user name *and* per client
address (:meth:`noegletal.store.Store.record_login_failure`), so neither a reload, a new
browser session nor another instance of the app starts the count over. After
:data:`FREE_ATTEMPTS` failures in a row a login with that user name or from that address is
refused for :func:`lockout_after` (doubling with each further failure, at most 15
minutes); the password is then not even checked. Every failure is a line in the audit log. A
successful login clears both counts. The client address is the first address of the
``X-Forwarded-For`` header when a reverse proxy sets it, else the address of the connection.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from noegletal.security import verify_password
from noegletal.services.imports import Permissions, permissions_for
from noegletal.settings import get_settings
from noegletal.ui.data import get_store
from noegletal.ui.plain import plain

METHOD_OIDC = "oidc"
METHOD_PASSWORD = "adgangskode"

FREE_ATTEMPTS = 3  # failures before the form locks
LOCK_BASE_SECONDS = 30  # first lock; doubles with every further failure
LOCK_MAX_SECONDS = 15 * 60

_ANALYST = "nt_analyst"


@dataclass(frozen=True)
class Analyst:
    """A logged-in analyst: ``user`` is recorded in the store and audit log, ``name`` shown."""

    user: str
    name: str
    method: str
    permissions: Permissions


def parse_password_hashes(value: str | None) -> tuple[str | None, dict[str, str]]:
    """``(shared hash, {user: hash})`` from ``settings.analyst_password_hash``.

    >>> parse_password_hashes("pbkdf2_sha256$1$aa$bb")
    ('pbkdf2_sha256$1$aa$bb', {})
    >>> parse_password_hashes("Alice=pbkdf2_sha256$1$aa$bb; bob=pbkdf2_sha256$1$cc$dd")[1]
    {'alice': 'pbkdf2_sha256$1$aa$bb', 'bob': 'pbkdf2_sha256$1$cc$dd'}
    """
    value = (value or "").strip()
    if not value:
        return None, {}
    if "=" not in value:  # a hash never holds "=" (hex digits, digits and "$")
        return value, {}
    per_user: dict[str, str] = {}
    for part in (p.strip() for p in value.split(";")):
        user, sep, encoded = part.partition("=")
        if sep and user.strip() and encoded.strip():
            per_user[user.strip().lower()] = encoded.strip()
    return None, per_user


def check_password(username: str, password: str, setting: str | None) -> bool:
    """Is ``password`` right for ``username`` under the password setting (see module doc)?"""
    username = (username or "").strip()
    if not username or not password:
        return False
    shared, per_user = parse_password_hashes(setting)
    if shared is not None:
        return verify_password(password, shared)
    encoded = per_user.get(username.lower())
    # An unknown user name costs as much time as a known one, so timing does not tell which
    # user names exist.
    ok = verify_password(password, encoded or next(iter(per_user.values()), None))
    return ok and encoded is not None


def lockout_after(failures: int) -> int:
    """How long, in seconds, the login form stays locked after ``failures`` failed attempts in
    a row.

    >>> [lockout_after(n) for n in (1, 3, 4, 5, 6, 20)]
    [0, 0, 30, 60, 120, 900]
    """
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(LOCK_MAX_SECONDS, LOCK_BASE_SECONDS * 2 ** (failures - FREE_ATTEMPTS - 1))


# ------------------------------------------------------------------ login modes


def oidc_providers() -> list[str | None] | None:
    """The OIDC providers of the ``[auth]`` secrets: ``[None]`` for the default provider,
    the names of ``[auth.<name>]`` sections otherwise; None when OIDC is not configured."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # no secrets.toml at all
        return None
    if not section:
        return None
    named = [k for k, v in section.items() if hasattr(v, "items")]
    if "client_id" in section or not named:
        return [None]
    return sorted(named)


def login_mode() -> str | None:
    if oidc_providers():
        return METHOD_OIDC
    if get_settings().analyst_password_hash:
        return METHOD_PASSWORD
    return None


def _oidc_analyst() -> Analyst | None:
    user = st.user
    if not user.get("is_logged_in"):
        return None
    ident = next((str(user.get(k)) for k in ("email", "preferred_username", "name", "sub")
                  if user.get(k)), "ukendt")
    name = str(user.get("name") or ident)
    perms = permissions_for(get_settings().analyst_municipalities, user.get("email"),
                            user.get("preferred_username"), user.get("name"), user.get("sub"))
    return Analyst(ident, name, METHOD_OIDC, perms)


def current_analyst() -> Analyst | None:
    """The logged-in analyst of this session, or None."""
    mode = login_mode()
    if mode == METHOD_OIDC:
        return _oidc_analyst()
    if mode == METHOD_PASSWORD:
        return st.session_state.get(_ANALYST)
    return None


# ---------------------------------------------------------------------- rendering


def login_panel() -> Analyst | None:
    """Render the login (or the logged-in analyst and a log-out button); return the analyst.

    Nothing is rendered about uploads for an anonymous visitor except how to log in, or,
    when no login is configured, how to enable uploading.
    """
    mode = login_mode()
    if mode is None:
        _explain_disabled()
        return None
    analyst = current_analyst()
    if analyst is not None:
        _logged_in(analyst)
        return analyst
    if mode == METHOD_OIDC:
        _oidc_login()
    else:
        _password_login()
    return None


def _logged_in(analyst: Analyst) -> None:
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(f":material/verified_user: Logget ind som **{plain(analyst.name)}**. Du kan "
                  f"indlæse og ændre data for {analyst.permissions.label}.")
    if right.button("Log ud", icon=":material/logout:", key="nt_logout",
                    width="stretch"):
        if analyst.method == METHOD_OIDC:
            st.logout()
        else:
            st.session_state.pop(_ANALYST, None)
            st.rerun()


def _oidc_login() -> None:
    st.markdown("Log ind med din kommunes login for at indlæse nye udtræk.")
    for provider in oidc_providers() or []:
        label = "Log ind" if provider is None else f"Log ind med {provider}"
        if st.button(label, icon=":material/login:", key=f"nt_login_{provider or 'default'}",
                     type="primary"):
            try:
                st.login(provider) if provider else st.login()
            except Exception as exc:  # e.g. Authlib is not installed on the server
                st.error("Login kunne ikke startes. Den driftsansvarlige skal installere "
                         f"«streamlit[auth]» og tjekke [auth] i secrets.toml ({type(exc).__name__}).")


def client_address() -> str:
    """The address the login comes from (see the module docstring)."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For")
        ip = st.context.ip_address
    except Exception:  # no browser connection
        return "ukendt"
    # Only text counts: without a browser connection (e.g. a test harness) Streamlit may hand
    # back stand-in objects, which must not become a new address on every run.
    first = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else ""
    return first or (ip.strip() if isinstance(ip, str) and ip.strip() else "ukendt")


def _seconds(n: float) -> str:
    n = max(1, math.ceil(n))
    return "1 sekund" if n == 1 else f"{n} sekunder"


def _password_login() -> None:
    st.markdown("Log ind for at indlæse nye udtræk. Visning af tallene og delte links kræver "
                "ikke login.")
    store = get_store()
    client = client_address()
    # While the address is locked the form is not shown at all (a reload does not help: the
    # lock lives in the store).
    address_wait = store.login_wait("", client)
    if address_wait > 0:
        st.warning(f"For mange forkerte forsøg. Prøv igen om {_seconds(address_wait)}.",
                   icon=":material/lock_clock:")
        return
    # clear_on_submit: the password never stays in the field, and a second attempt reads
    # what was typed for it (clearing the field by hand before the form read it made the
    # right password fail after a wrong one).
    with st.form("nt_login_form", border=True, clear_on_submit=True):
        username = st.text_input("Brugernavn", key="nt_login_user", autocomplete="username")
        password = st.text_input("Adgangskode", type="password", key="nt_login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Log ind", icon=":material/login:", type="primary")
    if not submitted:
        return
    settings = get_settings()
    wait = store.login_wait(username, client)
    if wait > 0:
        st.warning(f"For mange forkerte forsøg. Prøv igen om {_seconds(wait)}.",
                   icon=":material/lock_clock:")
        return
    if check_password(username, password, settings.analyst_password_hash):
        store.record_login_success(username, client)
        user = username.strip()
        st.session_state[_ANALYST] = Analyst(
            user, user, METHOD_PASSWORD, permissions_for(settings.analyst_municipalities, user))
        st.rerun()
    _, wait = store.record_login_failure(username, client, lockout_after)
    if wait:
        st.error(f"Forkert brugernavn eller adgangskode. Login er spærret i {_seconds(wait)}.")
    else:
        st.error("Forkert brugernavn eller adgangskode.")


def _explain_disabled() -> None:
    st.info(
        "**Upload er slået fra**, fordi der ikke er sat et analytikerlogin op. Tallene kan "
        "stadig ses af alle.\n\n"
        "Sådan slår den driftsansvarlige upload til:\n"
        "1. Lav en adgangskode-hash: kør `noegletal hash-password` og skriv adgangskoden to "
        "gange.\n"
        "2. Sæt miljøvariablen `NOEGLETAL_ANALYST_PASSWORD_HASH` til hashen (fx i `.env` "
        "eller i compose-filen), og genstart dashboardet.\n"
        "3. Begræns eventuelt, hvilke kommuner hver analytiker må indlæse for, med "
        "`NOEGLETAL_ANALYST_MUNICIPALITIES`, fx `alice=510,657;bob=*`.\n\n"
        "Har kommunen et fælles login (OpenID Connect, fx Microsoft Entra ID), kan det i "
        "stedet sættes op i `[auth]` i `.streamlit/secrets.toml`.",
        icon=":material/lock:",
    )
