"""Against a real gridcenter over HTTP: a deactivated account through ``gridworker login`` /
``gridworker sync``, and a server answer holding Infinity (refused; the workspace untouched)."""

from __future__ import annotations

import sqlite3

import pytest

from gridworker.sync.errors import AuthFailed, MalformedResponse

from .test_cli_sync import Cli

PASSWORD = "pass-word-6"
DISABLED = "此账号已被停用，请联系管理员。"


def _new_worker(server, username: str) -> None:
    done = server.admin("create-user", "--username", username, "--role", "worker",
                        env={"GRIDCENTER_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    done = server.admin("assign", "--username", username, "--grid", "110105001001001")
    assert done.returncode == 0, done.stderr


def test_cli_login_and_sync_of_a_deactivated_account(gridcenter, tmp_path):
    _new_worker(gridcenter, "leaver")
    cli = Cli(tmp_path / "ws", tmp_path / "keyring.json")
    done = cli("login", "--server", gridcenter.url, "--user", "leaver", password=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert gridcenter.admin("deactivate-user", "--username", "leaver").returncode == 0

    done = cli("sync")  # the kept session: its refresh is answered account_disabled
    assert done.returncode == 4, (done.stdout, done.stderr)
    assert DISABLED in done.stderr
    assert "重新登录" not in done.stderr and "Traceback" not in done.stderr

    done = cli("login", "--server", gridcenter.url, "--user", "leaver", password=PASSWORD)
    assert done.returncode == 4 and DISABLED in done.stderr and "Traceback" not in done.stderr
    done = cli("login", "--server", gridcenter.url, "--user", "leaver", password="wrong-pass")
    assert done.returncode == 4 and "用户名或密码不正确" in done.stderr


def test_a_workspace_of_a_deactivated_account_says_so(gridcenter, make_ws):
    _new_worker(gridcenter, "leaver2")
    ws = make_ws(gridcenter, "leaver2", login=False)
    ws.login(gridcenter.url, "leaver2", PASSWORD)
    ws.sync()
    assert gridcenter.admin("deactivate-user", "--username", "leaver2").returncode == 0
    with pytest.raises(AuthFailed) as caught:
        ws.sync()  # the access token this process still holds is refused at once
    assert caught.value.code == "account_disabled" and caught.value.message == DISABLED


def _server_db(server) -> sqlite3.Connection:
    return sqlite3.connect(server.data_dir / "gridcenter.sqlite3", timeout=30)


def test_infinity_in_a_pulled_row_is_refused_and_nothing_is_written(gridcenter, make_ws):
    mine = make_ws(gridcenter, "worker1")
    mine.sync()
    other = make_ws(gridcenter, "worker2")
    other.sync()
    household = sorted(h.id for h in mine.households())[0]
    other.update_household(household, door_number="77号")
    other.sync()
    with _server_db(gridcenter) as db:  # a broken (or older) server stored a non-JSON number
        changed = db.execute(
            "UPDATE records SET data = replace(data, '\"latitude\":null', "
            "'\"latitude\":Infinity') WHERE id = ?", (household,)).rowcount
    assert changed == 1
    before = mine.household(household).household
    status = mine.status().as_dict()

    with pytest.raises(MalformedResponse):
        mine.sync()
    after = mine.household(household).household
    assert after == before and after.door_number != "77号" and after.latitude is None
    assert mine.status().as_dict()["last_sync"] == status["last_sync"]

    with _server_db(gridcenter) as db:  # repaired: the row still arrives (cursor not moved)
        db.execute("UPDATE records SET data = replace(data, 'Infinity', '39.9') WHERE id = ?",
                   (household,))
    mine.sync()
    after = mine.household(household).household
    assert after.door_number == "77号" and after.latitude == 39.9
