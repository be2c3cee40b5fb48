"""Failed sign-ins per client address: one address cannot spray passwords over many accounts.

Against real servers (every request comes from 127.0.0.1) with a small limit, plus the
sliding window itself with a fake clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests
from support.server import GridcenterProcess, fresh_data_dir

from gridcenter.auth import AuthThrottle

from .conftest import HEADERS, audit_events, db_rows

LIMIT = 4


def _serve(tmp_path, env: dict[str, str] | None = None,
           cls: type[GridcenterProcess] = GridcenterProcess) -> GridcenterProcess:
    return cls(fresh_data_dir(tmp_path / "gc"), env=env)


@pytest.fixture
def limited(tmp_path) -> Iterator[GridcenterProcess]:
    with _serve(tmp_path, {"GRIDCENTER_AUTH_RATE_LIMIT": str(LIMIT)}) as server:
        yield server


def _login(server: GridcenterProcess, username: str, password: str) -> requests.Response:
    return requests.post(f"{server.url}/api/v1/auth/login", headers=HEADERS, timeout=60,
                         json={"username": username, "password": password, "device": "t"})


def _refresh(server: GridcenterProcess, token: str) -> requests.Response:
    return requests.post(f"{server.url}/api/v1/auth/refresh", headers=HEADERS, timeout=60,
                         json={"refresh_token": token})


def _throttled(r: requests.Response) -> int:
    assert r.status_code == 429, (r.status_code, r.text[:300])
    error = r.json()["error"]
    assert error["code"] == "rate_limited"
    assert "秒后再试" in error["message"]
    wait = int(r.headers["Retry-After"])
    assert 0 < wait <= 60 and error["details"]["retry_after"] == wait
    return wait


def test_spraying_many_accounts_from_one_address_is_throttled(limited):
    names = ["worker1", "worker2", "worker3", "nobody"]  # one guess each: no account locks
    for name in names:
        r = _login(limited, name, "guessed-password")
        assert r.status_code == 401, r.text
    _throttled(_login(limited, "station1", "guessed-password"))
    # the right password is refused too while the address is throttled (nothing is checked)
    _throttled(_login(limited, "admin", limited.password))
    _throttled(_refresh(limited, "x" * 43))
    # per-account lockout was not what stopped it

    assert db_rows(limited, "SELECT max(failed_logins) FROM users")[0][0] == 1
    assert db_rows(limited, "SELECT count(*) FROM users WHERE locked_until IS NOT NULL")[0][0] == 0
    # audited once for the burst, without the address or any user name
    rows = audit_events(limited, "rate_limited")
    assert len(rows) == 1
    _, username, target, detail, success = rows[0]
    assert username is None and not success
    assert target.startswith("addr:") and "127.0.0.1" not in target
    assert detail == "login: 1 refused"


def test_failed_refreshes_count_too(limited):
    for _ in range(LIMIT):
        r = _refresh(limited, "not-a-token-" + "x" * 30)
        assert r.status_code == 401 and r.json()["error"]["code"] == "refresh_invalid"
    _throttled(_refresh(limited, "not-a-token"))
    _throttled(_login(limited, "worker1", limited.password))


def test_successful_sign_ins_are_never_throttled(limited):
    """What the benchmark's 200 workers on 127.0.0.1 do at shift start: each signs in once
    (all at the same moment), then spends its refresh token. Only failures count."""
    answers: list[requests.Response] = []

    def sign_in(name: str) -> None:
        answers.append(_login(limited, name, limited.password))

    threads = [threading.Thread(target=sign_in, args=(name,))
               for name in ["worker1", "worker2", "worker3", "station1"] * 5]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert [r.status_code for r in answers] == [200] * 20
    for r in answers[: LIMIT + 2]:
        assert _refresh(limited, r.json()["refresh_token"]).status_code == 200
    assert audit_events(limited, "rate_limited") == []
    # failures still count after all those successes
    for _ in range(LIMIT):
        assert _login(limited, "nobody", "x-x-x-x-x").status_code == 401
    _throttled(_login(limited, "worker1", limited.password))


def test_a_limit_of_zero_turns_it_off(tmp_path):
    with _serve(tmp_path, {"GRIDCENTER_AUTH_RATE_LIMIT": "0"}) as server:
        for name in ["worker1", "worker2", "worker3", "nobody"] * 2:
            assert _login(server, name, "guessed-password").status_code == 401
        assert _login(server, "admin", server.password).status_code == 200
        assert audit_events(server, "rate_limited") == []


def test_the_serve_option_sets_the_limit(tmp_path):
    class Limited(GridcenterProcess):
        def _base_args(self) -> list[str]:
            return [*super()._base_args(), "--auth-rate-limit", "1"]

    with _serve(tmp_path, cls=Limited) as server:
        assert _login(server, "worker1", "guessed-password").status_code == 401
        _throttled(_login(server, "worker2", server.password))


# --- the window itself ---------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_slides():
    clock = Clock()
    throttle = AuthThrottle(3, 60, clock=clock)
    for _ in range(3):
        assert throttle.wait("a") is None
        throttle.failed("a")
        clock.now += 10
    assert throttle.wait("a") == pytest.approx(30)  # the first failure leaves at 1060
    assert throttle.wait("b") is None  # other addresses are not affected
    clock.now += 30
    assert throttle.wait("a") is None  # one failure left the window: one more try
    throttle.failed("a")
    assert throttle.wait("a") == pytest.approx(10)


def test_refusals_are_reported_once_a_window():
    clock = Clock()
    throttle = AuthThrottle(1, 60, clock=clock)
    throttle.failed("a")
    assert throttle.refused("a") == 1  # the first refusal: write an audit row
    assert throttle.refused("a") is None
    assert throttle.refused("a") is None
    clock.now += 60
    assert throttle.refused("a") == 3  # the two held back and this one


def test_off_and_bounded():
    off = AuthThrottle(0, 60)
    for _ in range(100):
        off.failed("a")
    assert off.wait("a") is None
    clock = Clock()
    small = AuthThrottle(1, 60, clock=clock, max_addresses=3)
    for address in "abcd":
        small.failed(address)
    assert small.wait("a") is None  # the least recently failing was forgotten
    assert all(small.wait(x) is not None for x in "bcd")
