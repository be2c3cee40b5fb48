"""Sign-in: passwords, lockout, refresh rotation with reuse detection, expiry, logout."""

from __future__ import annotations

import time

import pytest
from support.server import GridcenterProcess, fresh_data_dir

from .conftest import Api, audit_events


def test_login_returns_tokens_and_me(gridcenter_session):
    api = Api(gridcenter_session)
    session = api.login("worker1")
    assert session["access_expires_in"] == 900
    assert session["refresh_token"]
    assert session["user"]["username"] == "worker1"
    assert session["user"]["role"] == "worker"
    assert [g["code"] for g in session["user"]["grids"]] == ["110105001001001"]
    assert api.me() == session["user"]
    assert len(api.login("admin")["user"]["grids"]) == 2


def test_wrong_password_and_unknown_user_are_401_and_audited(gridcenter_session):
    api = Api(gridcenter_session)
    for name in ("supervisor1", "nobody"):
        r = api.post("/auth/login", json={"username": name, "password": "wrong-password"})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "bad_credentials"
        assert r.json()["error"]["message"]
    failed = [e for e in audit_events(gridcenter_session, "login") if not e[4]]
    assert "supervisor1" in {e[1] for e in failed}
    # An unknown name is recorded as such, never as typed (it may be a password).
    assert "nobody" not in {e[1] for e in failed}
    assert any(e[1] is None and e[3] == "unknown_name" for e in failed)


def test_a_password_typed_into_the_user_name_field_is_never_written_down(gridcenter_session):
    api = Api(gridcenter_session)
    secret = "Tr0ub4dor&3-horse"
    r = api.post("/auth/login", json={"username": secret, "password": ""})
    assert r.status_code in (401, 422)
    r = api.post("/auth/login", json={"username": secret, "password": "x"})
    assert r.status_code == 401
    rows = audit_events(gridcenter_session)
    assert not any(secret in str(cell) for row in rows for cell in row)


def test_lockout_after_five_failures(gridcenter):
    api = Api(gridcenter)
    codes = []
    for _ in range(5):
        r = api.post("/auth/login", json={"username": "worker2", "password": "nope-nope"})
        codes.append(r.status_code)
    assert codes == [401, 401, 401, 401, 423]
    r = api.post("/auth/login", json={"username": "worker2", "password": gridcenter.password})
    assert r.status_code == 423
    body = r.json()["error"]
    assert body["code"] == "account_locked"
    assert 0 < body["details"]["retry_after"] <= 900
    assert audit_events(gridcenter, "lockout")
    # other accounts are unaffected
    Api(gridcenter, "worker1")


def test_success_resets_the_failure_count(gridcenter_session):
    api = Api(gridcenter_session)
    for _ in range(3):
        api.post("/auth/login", json={"username": "worker3", "password": "nope-nope"})
    api.login("worker3")
    for _ in range(4):
        r = api.post("/auth/login", json={"username": "worker3", "password": "nope-nope"})
        assert r.status_code == 401
    api.login("worker3")


def test_refresh_rotates_and_reuse_revokes_the_family(gridcenter_session):
    api = Api(gridcenter_session)
    first = api.login("station1")["refresh_token"]
    r = api.post("/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 200, r.text
    second = r.json()["refresh_token"]
    assert second != first
    assert r.json()["user"]["username"] == "station1"
    # the access token from refresh works
    api.http.headers["Authorization"] = "Bearer " + r.json()["access_token"]
    assert api.me()["username"] == "station1"
    # replaying the spent token: refused, and the whole family dies
    r = api.post("/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "refresh_invalid"
    r = api.post("/auth/refresh", json={"refresh_token": second})
    assert r.status_code == 401
    assert audit_events(gridcenter_session, "refresh_reuse")
    # unknown token
    r = api.post("/auth/refresh", json={"refresh_token": "x" * 40})
    assert r.status_code == 401 and r.json()["error"]["code"] == "refresh_invalid"


def test_logout_revokes_the_refresh_token(gridcenter_session):
    api = Api(gridcenter_session)
    token = api.login("supervisor1")["refresh_token"]
    r = api.post("/auth/logout", json={"refresh_token": token})
    assert r.status_code == 204
    r = api.post("/auth/refresh", json={"refresh_token": token})
    assert r.status_code == 401


def test_bad_tokens_are_unauthenticated(gridcenter_session):
    api = Api(gridcenter_session)
    assert api.get("/me").json()["error"]["code"] == "unauthenticated"
    for header in ("Bearer nonsense", "Basic abc", "Bearer " + "a.b.c"):
        r = api.get("/me", headers={"Authorization": header})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "unauthenticated"


def test_expired_access_token_is_token_expired(tmp_path):
    with GridcenterProcess(fresh_data_dir(tmp_path / "gc"),
                           env={"GRIDCENTER_ACCESS_TTL": "1"}) as server:
        api = Api(server, "worker1")
        assert api.session["access_expires_in"] == 1
        time.sleep(2.1)
        r = api.get("/me")
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "token_expired"
        # refresh brings a working token back
        r = api.post("/auth/refresh", json={"refresh_token": api.session["refresh_token"]})
        assert r.status_code == 200
        api.http.headers["Authorization"] = "Bearer " + r.json()["access_token"]
        assert api.me()["username"] == "worker1"


@pytest.mark.parametrize("body", [{}, {"username": "a"}, {"username": 5, "password": "x"},
                                  {"username": "", "password": "x"}])
def test_malformed_login_is_422(gridcenter_session, body):
    r = Api(gridcenter_session).post("/auth/login", json=body)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid"


def test_a_hash_made_with_older_argon2_parameters_still_works_and_is_upgraded(gridcenter):
    import sqlite3

    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)
    database = gridcenter.data_dir / "gridcenter.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE users SET password_hash = ? WHERE username = 'worker2'",
            (old.hash(gridcenter.password),),
        )
    Api(gridcenter).login("worker2")
    with sqlite3.connect(database) as conn:
        (stored,) = conn.execute(
            "SELECT password_hash FROM users WHERE username = 'worker2'"
        ).fetchone()
    assert "m=19456,t=2,p=1" in stored
    assert Api(gridcenter).login("worker2")["user"]["username"] == "worker2"
