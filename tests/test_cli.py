"""The command line: what support asks for first, and scripting."""

from __future__ import annotations

import json
import subprocess
import sys

from gridworker.api import Workspace
from gridworker.cli import main


def test_status_json_has_the_documented_keys(ws, capsys):
    assert main(["--data-dir", str(ws.data_dir), "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {"households", "residents", "visits", "pending_changes"} <= set(status)
    assert status["households"] == 1 and status["residents"] == 1
    # Sync keys: a workspace never signed in has no server, account is the local user.
    assert {"server", "account", "last_sync", "conflicts", "rejected"} <= set(status)
    assert status["server"] is None and status["last_sync"] is None
    assert status["conflicts"] == 0 and status["rejected"] == 0


def test_sync_commands_say_how_to_sign_in_first(ws, capsys):
    assert main(["--data-dir", str(ws.data_dir), "sync"]) == 4
    assert "gridworker login --server" in capsys.readouterr().err
    assert main(["--data-dir", str(ws.data_dir), "conflicts"]) == 0
    assert "没有待处理的冲突" in capsys.readouterr().out
    assert main(["--data-dir", str(ws.data_dir), "conflicts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--data-dir", str(ws.data_dir), "logout"]) == 0
    assert main(["--data-dir", str(ws.data_dir), "rejections"]) == 0
    assert "没有被拒绝的修改" in capsys.readouterr().out
    assert main(["--data-dir", str(ws.data_dir), "dismiss", "nope"]) == 1


def test_search_json_lists_masked_matches(ws, capsys):
    assert main(["--data-dir", str(ws.data_dir), "search", "zsf", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["name"] == "张三丰"
    assert {"name", "household_id", "resident_id"} <= set(hits[0])
    assert hits[0]["citizen_id"] == "110105********002X"
    assert "11010519491231002X" not in json.dumps(hits)


def test_search_with_no_match_says_so(ws, capsys):
    assert main(["--data-dir", str(ws.data_dir), "search", "不存在的人"]) == 0
    assert "no matches" in capsys.readouterr().out


def test_demo_fills_an_empty_workspace_and_refuses_a_full_one(tmp_path, capsys):
    data_dir = tmp_path / "demo"
    assert main(["--data-dir", str(data_dir), "demo", "--households", "30", "--seed", "1"]) == 0
    with Workspace.open(data_dir) as ws:
        status = ws.status()
    assert status.households == 30 and status.residents > 30 and status.visits > 0
    assert status.pending_changes == 0  # demo rows stand for what the centre already has
    assert main(["--data-dir", str(data_dir), "demo", "--households", "5"]) == 1
    assert "已有数据" in capsys.readouterr().err


def test_data_dir_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GRIDWORKER_DATA_DIR", str(tmp_path / "env-ws"))
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data_dir"] == str(tmp_path / "env-ws")


def test_newer_database_gives_a_message_not_a_traceback(tmp_path):
    import sqlite3

    data_dir = tmp_path / "newer"
    Workspace.open(data_dir).close()
    conn = sqlite3.connect(data_dir / "gridworker.sqlite3")
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    result = subprocess.run(
        [sys.executable, "-m", "gridworker", "--data-dir", str(data_dir), "status"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "升级" in result.stderr and "Traceback" not in result.stderr


def test_status_json_names_the_log_file_which_exists_after_a_start(ws, capsys):
    from pathlib import Path

    assert main(["--data-dir", str(ws.data_dir), "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    log_file = Path(status["log_file"])
    assert log_file == ws.data_dir / "logs" / "gridworker.log"
    assert log_file.is_file()
    assert "(cli status) started" in log_file.read_text(encoding="utf-8")


def test_messages_from_codes_follow_the_cli_language(tmp_path, monkeypatch, capsys):
    """The same code, in the language asked for: ``--lang en``, ``$GRIDWORKER_LANG``, or the
    Chinese source words by default."""
    data_dir = str(tmp_path / "lang-ws")
    assert main(["--data-dir", data_dir, "demo", "--households", "2"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data_dir, "demo", "--households", "2"]) != 0
    assert "演示数据只能载入空工作区" in capsys.readouterr().err
    assert main(["--lang", "en", "--data-dir", data_dir, "demo", "--households", "2"]) != 0
    err = capsys.readouterr().err
    assert "demo data loads only into an empty workspace" in err
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in err), err
    monkeypatch.setenv("GRIDWORKER_LANG", "en")
    assert main(["--data-dir", data_dir, "demo", "--households", "2"]) != 0
    assert "already has data" in capsys.readouterr().err
