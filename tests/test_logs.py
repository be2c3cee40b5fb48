"""The support log: where it goes, and that no personal data reaches the file."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridworker import logs
from gridworker.api import Workspace
from gridworker.storage.paths import LOG_FILE_NAME, resolve_log_dir


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "demo")
    ws.load_demo(households=30, seed=5)
    yield ws
    ws.close()


def _people(ws: Workspace) -> list[tuple[str, str, str]]:
    """(name, ID number, phone) of every resident of the demo village."""
    people = []
    for household in ws.households():
        for r in ws.residents(household.id):
            people.append((r.name, r.citizen_id or "", r.phone or ""))
    return people


def _read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_no_id_number_phone_or_labelled_name_reaches_the_file(demo: Workspace) -> None:
    path = logs.setup(demo.data_dir)
    assert path == demo.data_dir / "logs" / LOG_FILE_NAME
    people = _people(demo)
    assert len(people) > 50
    ids = [c for _n, c, _p in people if c]
    phones = [p for _n, _c, p in people if p]
    assert len(ids) > 50 and len(phones) > 10
    assert any(len(c) == 18 for c in ids)

    log = logging.getLogger("gridworker.test")
    for name, citizen_id, phone in people:
        log.info("resident name=%s id %s phone %s", name, citizen_id, phone)
        log.warning("居民“%s”（身份证%s，电话%s）已迁出", name, citizen_id, phone)
        log.info({"head_name": name, "citizen_id": citizen_id, "phone": phone})
    name, citizen_id, phone = next(p for p in people if p[1] and p[2])
    try:
        raise ValueError(f"bad row: 姓名：{name} {citizen_id} {phone}")
    except ValueError:
        log.exception("saving failed")
    log.info("15-digit old ID 110105491231123, landline 0755-12345678, +86 138 1234 5678")

    text = _read(path)
    assert "resident name=" in text and "saving failed" in text and "ValueError" in text
    leaked = [c for c in ids if c in text] + [p for p in phones if p in text]
    assert not leaked, leaked[:5]
    assert not [n for n, _c, _p in people if n in text], "a labelled or quoted name was logged"
    for raw in ("110105491231123", "12345678", "138 1234 5678"):
        assert raw not in text


def test_tokens_and_passwords_are_masked() -> None:
    lines = {
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3MSJ9.c2ln": "eyJhbGci",
        '{"refresh_token": "Zx9_secret-refresh", "password": "hunter2"}': "Zx9_secret",
        "login password=hunter2 user=worker1": "hunter2",
        "https://worker1:hunter2@centre.example/api": "hunter2",
        "access_token=abc.def.ghi&x=1": "abc.def",
    }
    for line, secret in lines.items():
        masked = logs.mask_text(line)
        assert secret not in masked, masked
        assert logs.HIDDEN in masked
    assert "worker1" in logs.mask_text("login password=hunter2 user=worker1")


def test_ordinary_identifiers_are_left_alone() -> None:
    """A photo's digest, a UUID, a time, a count: not phones or ID numbers."""
    for line in (
        "photo 0a1b2c3d4e5f60718293a4b5c6d7e8f9013812345678 uploaded",
        "row 0188f2c4-1234-7abc-8def-012345678901 saved",
        "pulled 13812 rows in 1733088000 ms",
        "schema 0003 -> 0004",
    ):
        assert logs.mask_text(line) == line


def test_log_dir_follows_the_workspace_or_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_log_dir(tmp_path / "ws") == (tmp_path / "ws").resolve() / "logs"
    monkeypatch.setenv("GRIDWORKER_DATA_DIR", str(tmp_path / "env"))
    assert resolve_log_dir(None) == (tmp_path / "env").resolve() / "logs"
    monkeypatch.delenv("GRIDWORKER_DATA_DIR")
    import platformdirs

    assert resolve_log_dir(None) == Path(platformdirs.user_log_dir("gridworker", appauthor=False))


def test_uncaught_exceptions_are_logged_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed_on: list[object] = []
    # The hooks the log's hooks hand on to (pytest's would fail the test on purpose).
    monkeypatch.setattr(sys, "excepthook", lambda *a: handed_on.append(a[1]))
    monkeypatch.setattr(threading, "excepthook", lambda a: handed_on.append(a.exc_value))
    path = logs.setup(tmp_path / "ws")
    assert path is not None
    exc = RuntimeError("boom for 11010519491231002X")
    sys.excepthook(type(exc), exc, None)
    args = threading.ExceptHookArgs([KeyError, KeyError("13812345678"), None, None])
    threading.excepthook(args)
    assert len(handed_on) == 2
    logs.install_exception_hooks()  # again: still one log line per exception
    sys.excepthook(type(exc), exc, None)
    text = _read(path)
    assert text.count("uncaught exception in the main thread") == 2
    assert "uncaught exception in the main thread" in text and "RuntimeError" in text
    assert "uncaught exception in thread" in text and "KeyError" in text
    assert "11010519491231002X" not in text and "13812345678" not in text
    assert "110105********002X" in text


def test_a_second_setup_moves_the_log_and_teardown_stops_it(tmp_path: Path) -> None:
    first = logs.setup(tmp_path / "a")
    second = logs.setup(tmp_path / "b")
    assert first != second and logs.log_file() == second
    logging.getLogger("gridworker.test").info("only in b")
    assert "only in b" in _read(second) and "only in b" not in _read(first)
    logs.teardown()
    assert logs.log_file() is None
