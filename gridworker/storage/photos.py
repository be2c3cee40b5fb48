"""Photos on disk: ``PhotoStore`` keeps the files content-addressed with atomic writes, so a
crash never leaves a half-written photo under a valid name. Making the JPEG that is stored
(decode, orient, strip metadata, shrink, hash) is :mod:`.photo_pipeline`; its names are
re-exported here for the callers that import them from this module.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .photo_pipeline import (
    MAX_FILE_BYTES,
    MAX_PIXELS,
    MAX_STORED_BYTES,
    PhotoRejected,
    ProcessedPhoto,
    jpeg_size,
    process_photo,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PIXELS",
    "MAX_STORED_BYTES",
    "PhotoRejected",
    "PhotoStore",
    "ProcessedPhoto",
    "jpeg_size",
    "process_photo",
]

_SHA_RE = re.compile(r"[0-9a-f]{64}")


def _check_sha(sha: str) -> str:
    """Lower-cased ``sha``; anything but 64 hex digits is refused (it becomes a path)."""
    if not isinstance(sha, str):
        raise ValueError("photo hash must be a string")
    norm = sha.lower()
    if not _SHA_RE.fullmatch(norm):
        raise ValueError(f"not a SHA-256 hex digest: {sha!r}")
    return norm


_TMP_PREFIX = ".tmp-"
_TMP_SUFFIX = ".part"


class PhotoStore:
    """Photos on disk as ``root/<sha[:2]>/<sha>.jpg`` plus ``<sha>.thumb.jpg``.

    Files are written before the database row that references them; if that transaction
    never commits, ``remove_orphans`` (run at start-up) deletes them again.
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        sha = _check_sha(sha)
        return self.root / sha[:2] / f"{sha}.jpg"

    def thumbnail_path(self, sha: str) -> Path:
        sha = _check_sha(sha)
        return self.root / sha[:2] / f"{sha}.thumb.jpg"

    def has(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def put(self, photo: ProcessedPhoto) -> str:
        """Store ``photo`` (idempotent) and return its hash.

        The thumbnail is written first, so an existing main file implies its thumbnail.
        """
        sha = _check_sha(photo.sha256)
        if hashlib.sha256(photo.jpeg).hexdigest() != sha:
            raise ValueError("ProcessedPhoto.sha256 does not match its JPEG bytes")
        directory = self.root / sha[:2]
        if not directory.is_dir():
            directory.mkdir(parents=True, exist_ok=True)
            _fsync_dir(directory.parent)
        thumb, main = self.thumbnail_path(sha), self.path(sha)
        if not thumb.exists():
            _atomic_write(thumb, photo.thumbnail)
        if not main.exists():
            _atomic_write(main, photo.jpeg)
        return sha

    def put_downloaded(self, sha: str, data: bytes, *, thumbnail: bool = False) -> Path:
        """Store bytes downloaded from the centre: the full photo (its hash is checked) or the
        server-made thumbnail (no hash to check: it is not the content the name stands for)."""
        sha = _check_sha(sha)
        if not thumbnail and hashlib.sha256(data).hexdigest() != sha:
            raise ValueError("downloaded photo does not match its SHA-256")
        directory = self.root / sha[:2]
        if not directory.is_dir():
            directory.mkdir(parents=True, exist_ok=True)
            _fsync_dir(directory.parent)
        target = self.thumbnail_path(sha) if thumbnail else self.path(sha)
        _atomic_write(target, data)
        return target

    def verify(self, sha: str) -> bool:
        """True if the stored file exists and still hashes to ``sha`` (disk rot, tampering)."""
        digest = hashlib.sha256()
        try:
            with self.path(sha).open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            return False
        return digest.hexdigest() == _check_sha(sha)

    def iter_hashes(self) -> Iterator[str]:
        """Hashes of all stored photos (main files), in no particular order."""
        for _directory, name in self._entries():
            if name.endswith(".jpg") and not name.endswith(".thumb.jpg"):
                sha = name[: -len(".jpg")]
                if _SHA_RE.fullmatch(sha):
                    yield sha

    def remove_orphans(self, keep: set[str], *, min_age_seconds: float = 0) -> int:
        """Delete photos whose hash is not in ``keep`` and any leftover temp files.

        Files modified less than ``min_age_seconds`` ago are spared: another process (the CLI
        beside the app) may be between writing a photo and committing its visit. Unknown
        files are left alone. Returns the number of files deleted.
        """
        keep = {k.lower() for k in keep if isinstance(k, str)}
        removed = 0
        touched: set[Path] = set()
        for directory, name in list(self._entries()):
            if name.startswith(_TMP_PREFIX) and name.endswith(_TMP_SUFFIX):
                doomed = True
            elif name.endswith(".thumb.jpg"):
                sha = name[: -len(".thumb.jpg")]
                doomed = bool(_SHA_RE.fullmatch(sha)) and sha not in keep
            elif name.endswith(".jpg"):
                sha = name[: -len(".jpg")]
                doomed = bool(_SHA_RE.fullmatch(sha)) and sha not in keep
            else:
                doomed = False
            if doomed and min_age_seconds > 0:
                try:
                    age = time.time() - (directory / name).stat().st_mtime
                except FileNotFoundError:
                    continue
                doomed = age >= min_age_seconds
            if doomed:
                try:
                    (directory / name).unlink()
                except FileNotFoundError:
                    continue
                removed += 1
                touched.add(directory)
        for directory in touched:
            try:
                directory.rmdir()  # only succeeds when empty
            except OSError:
                _fsync_dir(directory)
        return removed

    def _entries(self) -> Iterator[tuple[Path, str]]:
        """(directory, file name) for every file in the two-hex-digit shard directories."""
        try:
            shards = list(os.scandir(self.root))
        except FileNotFoundError:
            return
        for shard in shards:
            if not (
                shard.is_dir(follow_symlinks=False) and re.fullmatch(r"[0-9a-f]{2}", shard.name)
            ):
                continue
            directory = Path(shard.path)
            with os.scandir(directory) as it:
                for entry in it:
                    if entry.is_file(follow_symlinks=False):
                        yield directory, entry.name


def _atomic_write(target: Path, data: bytes) -> None:
    """Write via a temp file in the same directory + fsync + os.replace: readers see either
    no file or the whole file, even after a power cut."""
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    """Make a rename/create durable on POSIX; Windows cannot open directories (no-op)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
