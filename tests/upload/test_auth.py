"""The analyst password check and the lock-out after repeated failures."""

from __future__ import annotations

from noegletal.security import hash_password
from noegletal.ui.auth import check_password, lockout_after, parse_password_hashes

SHARED = hash_password("fælles-kode", iterations=1000)
ALICE = hash_password("alices-kode", iterations=1000)
BOB = hash_password("bobs-kode", iterations=1000)


def test_a_shared_hash_accepts_any_user_name_with_the_right_password():
    assert parse_password_hashes(SHARED) == (SHARED, {})
    assert check_password("alice", "fælles-kode", SHARED)
    assert check_password(" Carol ", "fælles-kode", SHARED)
    assert not check_password("alice", "forkert", SHARED)
    assert not check_password("", "fælles-kode", SHARED)
    assert not check_password("alice", "", SHARED)


def test_per_user_hashes_bind_the_password_to_the_user():
    setting = f"Alice={ALICE}; bob={BOB}"
    assert parse_password_hashes(setting) == (None, {"alice": ALICE, "bob": BOB})
    assert check_password("alice", "alices-kode", setting)
    assert check_password("ALICE", "alices-kode", setting)
    assert not check_password("bob", "alices-kode", setting)
    assert not check_password("carol", "alices-kode", setting)


def test_no_setting_means_no_password_works():
    assert parse_password_hashes(None) == (None, {})
    assert not check_password("alice", "noget", None)
    assert not check_password("alice", "noget", "")


def test_the_lock_doubles_after_three_free_attempts_up_to_fifteen_minutes():
    assert [lockout_after(n) for n in range(0, 9)] == [0, 0, 0, 0, 30, 60, 120, 240, 480]
    assert lockout_after(9) == 900 and lockout_after(50) == 900
