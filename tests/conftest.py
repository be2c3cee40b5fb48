"""Shared fixtures: temporary workspaces that never touch the user's data folder."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No test may fall back to the real user data folder.
    monkeypatch.setenv("GRIDWORKER_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture(autouse=True)
def _support_log_closed() -> Iterator[None]:
    """A test that started the support log (the CLI does) leaves no handler behind."""
    yield
    from gridworker import logs

    logs.teardown()


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[object]:
    """A workspace with one grid, one household and its head of household."""
    from gridworker.api import Workspace

    workspace = Workspace.open(tmp_path / "ws")
    grid = workspace.create_grid(code="110105001001001", name="第一网格", village="前进村")
    household = workspace.add_household(grid.id, group_name="一组", door_number="12号")
    workspace.add_resident(
        household.id,
        name="张三丰",
        citizen_id="11010519491231002X",
        relation="head",
        phone="13812345678",
        care_categories=["elderly_alone"],
    )
    workspace.test_grid = grid  # type: ignore[attr-defined]
    workspace.test_household = household  # type: ignore[attr-defined]
    yield workspace
    workspace.close()


def jpeg_bytes(
    size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (90, 140, 60)
) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, color)
    ImageDraw.Draw(image).ellipse((10, 10, size[0] // 2, size[1] // 2), fill=(200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
