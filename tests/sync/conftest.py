"""Fixtures for the client sync tests: workspaces signed in to a real gridcenter process.

Every end-to-end test talks HTTP to ``python -m gridcenter serve`` (tests/support/server.py);
tokens go to an in-memory credentials store, retries do not sleep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.server import (  # noqa: F401
    DEMO_PASSWORD,
    GRID1,
    GRID2,
    GridcenterProcess,
    gridcenter,
    gridcenter_session,
)

from gridworker.api import Workspace
from gridworker.sync.client import RetryPolicy
from gridworker.sync.credentials import MemoryStore

MakeWorkspace = Callable[..., Workspace]


@pytest.fixture
def make_ws(tmp_path: Path) -> Iterator[MakeWorkspace]:
    """``make_ws(server, "worker1", name=None, login=True, **client_options)``."""
    opened: list[Workspace] = []

    def make(server: GridcenterProcess, user: str, name: str | None = None, *,
             login: bool = True, engine: dict[str, Any] | None = None,
             **client_options: Any) -> Workspace:
        ws = Workspace.open(tmp_path / (name or user), credentials=MemoryStore())
        ws.sync_service.client_options = {
            "sleeper": lambda seconds: None, "retry": RetryPolicy(attempts=2), **client_options
        }
        ws.sync_service.engine_options = dict(engine or {})
        if login:
            ws.login(server.url, user, server.password)
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture
def server() -> Iterator[Any]:
    """A canned-answer HTTP server on 127.0.0.1 (``fake_http.FakeServer``) for client tests."""
    from .fake_http import FakeServer

    with FakeServer() as fake:
        yield fake
