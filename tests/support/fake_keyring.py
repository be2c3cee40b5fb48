"""A keyring backend that keeps passwords in a JSON file, for tests.

Separate CLI processes in one test share it through the file named by the environment variable
``GRIDWORKER_TEST_KEYRING_FILE``. Select it with
``PYTHON_KEYRING_BACKEND=support.fake_keyring.FileKeyring`` (with ``tests/`` on ``PYTHONPATH``)
or in-process with ``keyring.set_keyring(FileKeyring())``. Never for real secrets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV_VAR = "GRIDWORKER_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: str | os.PathLike[str] | None = None):
        super().__init__()
        self._path = Path(path) if path else None

    @property
    def path(self) -> Path:
        if self._path is not None:
            return self._path
        name = os.environ.get(ENV_VAR)
        if not name:
            raise RuntimeError(f"{ENV_VAR} is not set")
        return Path(name)

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, str]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._save(data)


class BrokenKeyring(KeyringBackend):
    """A backend that looks usable but fails on every write (a locked collection)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        from keyring.errors import PasswordSetError

        raise PasswordSetError("collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("not found")
