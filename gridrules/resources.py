"""Where the project's data files live, for every package: ``resources/`` at the repository root.

In a source checkout (and an editable install) that is the folder beside the packages; inside
a PyInstaller bundle it is the bundle's ``resources/`` (installer/gridworker.spec copies the
whole folder). gridworker's translations and style sheet, and the demo generators' tables
(``resources/demo/``, read by gridworker and gridcenter alike), are found through here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["read_json", "resources_dir"]


def resources_dir() -> Path:
    """``resources/`` in a source checkout or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "resources"


def read_json(*parts: str) -> Any:
    """The strict JSON value in the UTF-8 file ``resources/<parts…>``."""
    from . import jsontext  # not at import: the app's start-up needs only resources_dir()

    return jsontext.loads(resources_dir().joinpath(*parts).read_text(encoding="utf-8"))
