"""Photos: content-addressed, resumable uploads, scope-checked downloads.

Layout under ``<data_dir>/blobs``: complete files at ``<sha[:2]>/<sha>``, uploads in progress
at ``parts/<sha>.<user id>.part`` (one per uploader, so nobody learns from an offset that
someone else holds the same photo), thumbnails at ``thumbs/<sha>.jpg``.

An upload writes the request body to the part file *as it arrives* and keeps what arrived
when the connection drops, so a resumed upload sends only the rest. On completion the hash is
verified and the file is renamed into place atomically. Visits that were waiting for the
photo are rewritten (new seq) without it in ``awaiting_media``.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from gridworker.sync.protocol import MAX_BLOB_BYTES, ErrorCode

from .audit import audit
from .auth import Caller
from .config import Settings
from .db import Database, SeqAllocator
from .errors import ApiError
from .models import blob_uploaders, blobs, records, visit_media
from .scope import Scope, scope_of
from .store import Store
from .util import SHA256_RE, now_iso

THUMB_PX = 240
STALE_PART_SECONDS = 14 * 24 * 3600
"""An upload untouched this long is given up: its part file goes at the next start. A client
that comes back later starts that photo again from byte 0 (its offset query says 0)."""
_locks: dict[str, asyncio.Lock] = {}


def check_sha(sha: str) -> str:
    if not SHA256_RE.match(sha):
        raise ApiError(400, ErrorCode.BAD_REQUEST, "文件标识应为 64 位小写十六进制 SHA-256。",
                       {"field": "sha256"})
    return sha


class BlobFiles:
    def __init__(self, settings: Settings):
        self.root = settings.blob_dir
        (self.root / "parts").mkdir(parents=True, exist_ok=True)
        (self.root / "thumbs").mkdir(parents=True, exist_ok=True)

    def final(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def part(self, sha: str, user_id: str) -> Path:
        return self.root / "parts" / f"{sha}.{user_id}.part"

    def thumb(self, sha: str) -> Path:
        return self.root / "thumbs" / f"{sha}.jpg"

    def sweep_stale_parts(
        self, now: float | None = None, max_age: float = STALE_PART_SECONDS
    ) -> int:
        """Remove uploads abandoned for ``max_age`` seconds (a laptop lost, a photo deleted
        before it finished); returns how many. An upload in progress keeps its file fresh."""
        limit = (time.time() if now is None else now) - max_age
        removed = 0
        for part in (self.root / "parts").glob("*.part"):
            try:
                if part.stat().st_mtime < limit:
                    part.unlink()
                    removed += 1
            except FileNotFoundError:  # finished or swept by another worker process
                continue
        return removed


def _readable(conn: Connection, scope: Scope, hashes: list[str]) -> set[str]:
    """Hashes the caller may read: referenced by a live visit in scope (admin: any complete)."""
    if not hashes:
        return set()
    if scope.everything:
        return set(
            conn.execute(
                select(blobs.c.sha256).where(blobs.c.sha256.in_(hashes), blobs.c.complete.is_(True))
            ).scalars()
        )
    if "visit" not in scope.readable or not scope.grids:
        return set()
    stmt = (
        select(visit_media.c.sha256, records.c.grid_id)
        .join(records, records.c.id == visit_media.c.visit_id)
        .where(visit_media.c.sha256.in_(hashes), records.c.deleted.is_(False))
    )
    return {sha for sha, grid in conn.execute(stmt) if grid in scope.grids}


def status(db: Database, settings: Settings, caller: Caller, hashes: list[str]) -> dict[str, Any]:
    for sha in hashes:
        check_sha(sha)
    files = BlobFiles(settings)
    unique = list(dict.fromkeys(hashes))
    with db.read() as conn:
        scope = scope_of(conn, caller)
        complete = set(
            conn.execute(
                select(blobs.c.sha256).where(blobs.c.sha256.in_(unique), blobs.c.complete.is_(True))
            ).scalars()
        )
        mine = set(
            conn.execute(
                select(blob_uploaders.c.sha256).where(
                    blob_uploaders.c.sha256.in_(unique), blob_uploaders.c.user_id == caller.user_id
                )
            ).scalars()
        )
        readable = _readable(conn, scope, unique)
    out: dict[str, Any] = {}
    for sha in unique:
        if sha in complete and (sha in readable or sha in mine):
            out[sha] = {"state": "present", "offset": files.final(sha).stat().st_size
                        if files.final(sha).exists() else 0}
            continue
        part = files.part(sha, caller.user_id)
        held = part.stat().st_size if part.exists() else 0
        out[sha] = {"state": "partial" if held else "missing", "offset": held}
    return {"blobs": out}


def _try_lock(fh: Any) -> bool:
    """Exclusive, non-blocking lock of an open part file (POSIX; elsewhere the in-process
    asyncio lock is all there is, which suffices for one worker)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


async def upload(
    request: Request, db: Database, settings: Settings, caller: Caller, sha: str, offset: int,
    total: int,
) -> tuple[int, dict[str, Any]]:
    """Append the request body to the caller's part file; returns (status, body)."""
    check_sha(sha)
    if total < 1 or total > MAX_BLOB_BYTES:
        raise ApiError(413 if total > MAX_BLOB_BYTES else 400,
                       ErrorCode.TOO_LARGE if total > MAX_BLOB_BYTES else ErrorCode.BAD_REQUEST,
                       "文件大小超出允许范围。", {"max": MAX_BLOB_BYTES})
    if offset < 0 or offset > total:
        raise ApiError(400, ErrorCode.BAD_REQUEST, "续传位置不正确。")
    files = BlobFiles(settings)
    if len(_locks) > 10000:  # forget idle locks now and then
        for k in [k for k, v in _locks.items() if not v.locked()]:
            _locks.pop(k, None)
    lock = _locks.setdefault(f"{sha}.{caller.user_id}", asyncio.Lock())
    async with lock:
        return await _upload_locked(request, db, settings, files, caller, sha, offset, total)


async def _upload_locked(
    request: Request, db: Database, settings: Settings, files: BlobFiles, caller: Caller,
    sha: str, offset: int, total: int,
) -> tuple[int, dict[str, Any]]:
    already = await run_in_threadpool(status, db, settings, caller, [sha])
    if already["blobs"][sha]["state"] == "present":
        return 200, {"state": "present", "offset": total}
    part = files.part(sha, caller.user_id)
    held = part.stat().st_size if part.exists() else 0
    if offset != held:
        raise ApiError(409, ErrorCode.OFFSET_MISMATCH, details={"offset": held})
    if held == 0:
        await run_in_threadpool(_note_upload, db, caller, sha, total)
    overflow = False
    disconnected = False
    with part.open("ab") as fh:
        if not _try_lock(fh):  # the same upload running in another worker process
            raise ApiError(409, ErrorCode.OFFSET_MISMATCH,
                           "同一文件正在另一连接中上传，请稍后重试。", {"offset": held})
        try:
            async for chunk in request.stream():
                if not chunk:
                    continue
                if held + len(chunk) > total:
                    overflow = True
                    break
                fh.write(chunk)
                fh.flush()
                held += len(chunk)
        except ClientDisconnect:
            disconnected = True
        finally:
            fh.flush()
            os.fsync(fh.fileno())
    if overflow:
        part.unlink(missing_ok=True)
        raise ApiError(400, ErrorCode.BAD_REQUEST, "上传的数据超过了声明的文件大小，已丢弃。")
    if disconnected or held < total:
        return 200, {"state": "partial", "offset": held}
    actual = await run_in_threadpool(_sha256_of, part)
    if actual != sha:
        part.unlink(missing_ok=True)
        raise ApiError(422, ErrorCode.HASH_MISMATCH)
    final = files.final(sha)
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        part.unlink(missing_ok=True)
    else:
        os.replace(part, final)
    await run_in_threadpool(_complete, db, caller, sha, total)
    return 201, {"state": "present", "offset": total}


def _note_upload(db: Database, caller: Caller, sha: str, total: int) -> None:
    with db.write() as conn:
        SeqAllocator(conn)  # serialises writers on every dialect
        if conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha)).first() is None:
            conn.execute(insert(blobs), [{"sha256": sha, "size": total, "complete": False,
                                          "uploaded_by": caller.user_id, "created_at": now_iso()}])


def _complete(db: Database, caller: Caller, sha: str, total: int) -> None:
    """Mark the blob complete and take it out of every waiting visit (a change: new seq)."""
    with db.write() as conn:
        seqs = SeqAllocator(conn)
        row = conn.execute(select(blobs).where(blobs.c.sha256 == sha)).first()
        if row is None:
            conn.execute(insert(blobs), [{"sha256": sha, "size": total, "complete": True,
                                          "uploaded_by": caller.user_id, "created_at": now_iso()}])
        elif not row.complete:
            conn.execute(update(blobs).where(blobs.c.sha256 == sha).values(complete=True,
                                                                            size=total))
        if conn.execute(
            select(blob_uploaders.c.sha256).where(
                blob_uploaders.c.sha256 == sha, blob_uploaders.c.user_id == caller.user_id
            )
        ).first() is None:
            conn.execute(insert(blob_uploaders), [{"sha256": sha, "user_id": caller.user_id}])
        store = Store(conn, seqs, caller.username)
        visit_ids = list(
            conn.execute(select(visit_media.c.visit_id).where(visit_media.c.sha256 == sha))
            .scalars()
        )
        store.load(visit_ids)
        for vid in visit_ids:
            rec = store.get(vid)
            if rec is None or sha not in (rec.data.get("awaiting_media") or ()):
                continue
            new = rec.copy()
            new.data["awaiting_media"] = [h for h in rec.data["awaiting_media"] if h != sha]
            new.version += 1
            store.put(new)
        store.flush()
        audit(conn, "blob_uploaded", caller.username, f"blob:{sha}", str(total))


def readable_path(db: Database, settings: Settings, caller: Caller, sha: str, thumb: bool) -> Path:
    """The file to send, or 404 (also when it exists but is outside the caller's scope)."""
    check_sha(sha)
    files = BlobFiles(settings)
    with db.read() as conn:
        ok = sha in _readable(conn, scope_of(conn, caller), [sha])
    path = files.final(sha)
    if not ok or not path.exists():
        with db.write() as conn:
            audit(conn, "blob_denied", caller.username, f"blob:{sha}",
                  "thumb" if thumb else "full", success=False)
        raise ApiError(404, ErrorCode.NOT_FOUND)
    if not thumb:
        return path
    target = files.thumb(sha)
    if not target.exists():
        _make_thumb(path, target)
    return target


def _make_thumb(source: Path, target: Path) -> None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(source) as image:
            image.draft("RGB", (THUMB_PX * 2, THUMB_PX * 2))
            small = ImageOps.exif_transpose(image).convert("RGB")
            small.thumbnail((THUMB_PX, THUMB_PX))
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            small.save(tmp, "JPEG", quality=80)
            os.replace(tmp, target)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ApiError(422, ErrorCode.INVALID, "该文件不是可识别的图片，无法生成缩略图。") from None
