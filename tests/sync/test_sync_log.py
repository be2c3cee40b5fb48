"""Sync outcomes reach the support log: a finished sync's counts, a failure's type and code,
and never a resident's data."""

from __future__ import annotations

import logging

import pytest

from gridworker import logs
from gridworker.api import ServerUnreachable


def test_sync_done_and_offline_are_logged_without_personal_data(gridcenter, make_ws) -> None:
    ws = make_ws(gridcenter, "worker1")
    log_file = logs.setup(ws.data_dir)
    assert log_file is not None
    ws.sync()
    people = [
        r for h in ws.households() for r in ws.residents(h.id) if r.citizen_id and r.phone
    ]
    assert people  # the centre's demo village came down
    gridcenter.stop()
    with pytest.raises(ServerUnreachable):
        ws.sync()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "sync done: pushed 0" in text and "pulled " in text
    assert "sync stopped: ServerUnreachable (offline)" in text
    for r in people:
        assert r.citizen_id not in text and r.phone not in text and r.name not in text
