"""Photo (blob) transfer: uploading my photos the server lacks, downloading others' lazily.

Uploads go in chunks and resume at the offset the server holds, whatever interrupted them;
the rules are in docs/sync-engine.md ("Blobs"). The engine runs :meth:`BlobTransfer.upload`
as the last step of its cycle; the photo viewer's downloads use :meth:`BlobTransfer.download`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import text

from ..storage.database import Database
from ..storage.models import PhotoRow
from ..storage.photos import PhotoRejected, PhotoStore, jpeg_size
from . import protocol as p
from .client import TRANSIENT_STATUSES, ApiClient, CancelToken, check_cancel
from .errors import MalformedResponse, ServerError, ServerUnreachable
from .report import Progress, SyncReport


class BlobTransfer:
    """Photo transfer between one workspace's photo store and one server (``client``)."""

    def __init__(
        self,
        db: Database,
        photos: PhotoStore,
        client: ApiClient,
        *,
        chunk_bytes: int = p.BLOB_CHUNK_BYTES,
    ):
        self.db = db
        self.photos = photos
        self.client = client
        self.chunk_bytes = chunk_bytes
        """Bytes per upload request (at most ``BLOB_CHUNK_BYTES``)."""

    def photos_to_upload(self) -> list[tuple[str, int]]:
        """(sha, size) of my photos the server may lack: on disk, not known uploaded, and
        shown by a visit the server has accepted (not one still pending or rejected)."""
        with self.db.reading() as s:
            rows = s.execute(
                text(
                    """
                    SELECT p.sha256, p.size_bytes FROM photos p
                    WHERE p.local = 1 AND p.uploaded = 0 AND EXISTS (
                      SELECT 1 FROM visit_photos vp WHERE vp.sha256 = p.sha256
                      AND NOT EXISTS (
                        SELECT 1 FROM journal j WHERE j.entity = 'visit'
                        AND j.row_id = vp.visit_id AND j.state IN ('pending', 'rejected')))
                    ORDER BY p.created_at, p.sha256
                    """
                )
            ).all()
        return [(r[0], r[1]) for r in rows]

    def upload(
        self,
        report: SyncReport,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        """Send the photos :meth:`photos_to_upload` lists, in chunks, resuming at the offset
        the server holds; counted in ``report`` (``uploaded``, ``upload_failures``)."""
        waiting = self.photos_to_upload()
        if not waiting:
            return
        total = sum(size for _, size in waiting)
        done = 0
        for start in range(0, len(waiting), 1000):
            group = waiting[start : start + 1000]
            check_cancel(cancel)
            states = self.client.blob_status([sha for sha, _ in group])
            for sha, size in group:
                state = states[sha]
                if state.state == "present":
                    self._mark_uploaded(sha)
                    done += size
                    continue
                sent = self._upload_one(sha, state.offset, report, progress, cancel, done, total)
                done += size
                if sent:
                    report.uploaded += 1
                if progress:
                    progress("upload", min(done, total), total)

    def _upload_one(
        self,
        sha: str,
        offset: int,
        report: SyncReport,
        progress: Progress | None,
        cancel: CancelToken | None,
        done_before: int,
        total_all: int,
    ) -> bool:
        try:
            data = self.photos.path(sha).read_bytes()
        except OSError:
            report.upload_failures.append((sha, "本机照片文件缺失"))
            return False
        if hashlib.sha256(data).hexdigest() != sha:
            report.upload_failures.append((sha, "本机照片文件已损坏"))
            return False
        total = len(data)
        if not 0 <= offset <= total:
            offset = 0
        mismatches = 0
        failures = 0
        while True:
            check_cancel(cancel)
            chunk = data[offset : offset + self.chunk_bytes]
            try:
                answer = self.client.put_blob(sha, offset, total, chunk, retry=False)
            except (ServerUnreachable, MalformedResponse) as exc:
                # The connection dropped mid-chunk: the server kept what arrived, so ask how
                # much it holds rather than sending the same chunk again.
                failures += 1
                if failures >= self.client.retry.attempts:
                    raise
                self.client.pause(failures - 1)
                held = self.client.blob_status([sha])[sha]
                if held.state == "present":
                    self._mark_uploaded(sha)
                    return True
                if not 0 <= held.offset <= total:
                    raise MalformedResponse("blob status offset out of range") from exc
                offset = held.offset
                continue
            except ServerError as exc:
                if exc.status in TRANSIENT_STATUSES and failures + 1 < self.client.retry.attempts:
                    failures += 1
                    self.client.pause(failures - 1)
                    continue
                if exc.code == p.ErrorCode.OFFSET_MISMATCH and mismatches < 5:
                    mismatches += 1
                    reported = exc.details.get("offset")
                    if not isinstance(reported, int) or isinstance(reported, bool) or not (
                        0 <= reported <= total
                    ):
                        raise MalformedResponse("offset_mismatch without a usable offset") from exc
                    offset = reported
                    continue
                if exc.code == p.ErrorCode.HASH_MISMATCH:
                    report.upload_failures.append((sha, "服务器校验照片失败，下次同步将重新上传"))
                    return False
                raise
            report.uploaded_bytes += len(chunk)
            if answer.state == "present":
                self._mark_uploaded(sha)
                return True
            if not offset < answer.offset <= total:
                raise MalformedResponse("blob upload made no progress")
            offset = answer.offset
            if progress:
                progress("upload", min(done_before + offset, total_all), total_all)

    def _mark_uploaded(self, sha: str) -> None:
        with self.db.transaction() as s:
            row = s.get(PhotoRow, sha)
            if row is not None:
                row.uploaded = True

    def download(self, sha: str, variant: str = "thumb") -> Path:
        """Fetch someone else's photo: ``thumb`` (the server's 240 px thumbnail, for lists)
        or ``full`` (checked against its hash). Returns the local file path."""
        if variant not in ("thumb", "full"):
            raise ValueError("variant must be 'thumb' or 'full'")
        thumb = variant == "thumb"
        target = self.photos.thumbnail_path(sha) if thumb else self.photos.path(sha)
        if target.is_file() and (thumb or self.photos.verify(sha)):
            return target
        data = self.client.get_blob(sha, "thumb" if thumb else None)
        try:
            width, height = jpeg_size(data)
        except PhotoRejected as exc:
            raise MalformedResponse("downloaded photo is not a JPEG") from exc
        if not thumb and hashlib.sha256(data).hexdigest() != sha:
            raise MalformedResponse("downloaded photo does not match its hash")
        path = self.photos.put_downloaded(sha, data, thumbnail=thumb)
        if not thumb:
            with self.db.transaction() as s:
                row = s.get(PhotoRow, sha)
                if row is not None:
                    row.local = True
                    row.uploaded = True
                    row.width, row.height, row.size_bytes = width, height, len(data)
        return path
