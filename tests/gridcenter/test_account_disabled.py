"""A deactivated account: its owner (right password, kept session, live access token) is told
403 ``account_disabled``; anybody else sees exactly what an unknown name gets."""

from __future__ import annotations

import pytest

from .conftest import Api, audit_events

PASSWORD = "pass-word-8"


@pytest.fixture
def leaver(gridcenter):
    """A signed-in worker account (its session kept), then deactivated."""
    created = gridcenter.admin("create-user", "--username", "leaver", "--role", "worker",
                               env={"GRIDCENTER_PASSWORD": PASSWORD})
    assert created.returncode == 0, created.stderr
    api = Api(gridcenter)
    session = api.login("leaver", PASSWORD)
    assert api.get("/me").status_code == 200
    done = gridcenter.admin("deactivate-user", "--username", "leaver")
    assert done.returncode == 0, done.stderr
    return api, session


def _disabled(r) -> dict:
    assert r.status_code == 403, (r.status_code, r.text[:300])
    error = r.json()["error"]
    assert error["code"] == "account_disabled"
    assert error["message"] == "此账号已被停用，请联系管理员。"
    return error


def test_the_owner_is_told_the_account_is_disabled(gridcenter, leaver):
    api, session = leaver
    _disabled(api.get("/me"))  # the access token still in hand
    _disabled(api.post("/push", json={"client_id": "x", "entries": []}))
    _disabled(api.post("/auth/refresh", json={"refresh_token": session["refresh_token"]}))
    _disabled(api.post("/auth/login", json={"username": "leaver", "password": PASSWORD}))

    events = [e for e in audit_events(gridcenter) if e[3] == "account_disabled"]
    assert {e[0] for e in events} == {"access", "refresh", "login"}
    assert all(e[1] == "leaver" and not e[4] for e in events)
    assert all(PASSWORD not in (e[2] + e[3]) for e in audit_events(gridcenter))


def test_a_wrong_password_reads_exactly_like_an_unknown_name(gridcenter, leaver):
    api, _ = leaver
    answers = []
    for name in ("leaver", "nobody-here"):
        r = api.post("/auth/login", json={"username": name, "password": "wrong-password"})
        assert r.status_code == 401
        answers.append(r.json())
    assert answers[0] == answers[1]
    assert answers[0]["error"]["code"] == "bad_credentials"
    # ... and never locks (an unknown name never does either), so 423 reveals nothing
    for _ in range(6):
        r = api.post("/auth/login", json={"username": "leaver", "password": "wrong-password"})
        assert r.status_code == 401
    failed = [e for e in audit_events(gridcenter, "login") if e[1] == "leaver" and not e[4]]
    assert {e[3] for e in failed} == {"unknown_or_inactive"}


def test_a_spent_session_of_a_disabled_account_is_just_invalid(gridcenter):
    created = gridcenter.admin("create-user", "--username", "mover", "--role", "worker",
                               env={"GRIDCENTER_PASSWORD": PASSWORD})
    assert created.returncode == 0, created.stderr
    api = Api(gridcenter)
    first = api.login("mover", PASSWORD)["refresh_token"]
    assert api.post("/auth/refresh", json={"refresh_token": first}).status_code == 200
    assert gridcenter.admin("deactivate-user", "--username", "mover").returncode == 0
    r = api.post("/auth/refresh", json={"refresh_token": first})  # spent before
    assert r.status_code == 401 and r.json()["error"]["code"] == "refresh_invalid"


def test_reactivated_the_password_works_and_the_old_session_stays_revoked(gridcenter, leaver):
    api, session = leaver
    assert gridcenter.admin("activate-user", "--username", "leaver").returncode == 0
    r = api.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert r.status_code == 401 and r.json()["error"]["code"] == "refresh_invalid"
    assert api.login("leaver", PASSWORD)["user"]["username"] == "leaver"
    assert api.get("/me").status_code == 200
