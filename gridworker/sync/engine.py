"""The sync cycle: push → pull → index → blobs, each step resumable, cancellable between
requests.

- Push sends pending journal entries oldest first in batches of at most ``MAX_PUSH_ENTRIES``
  and records each batch's answers in one local transaction (``push_results.record_push_results``).
  A crash between the server applying and us recording is harmless: the entries stay pending
  and the repeat is answered from the server's stored results (mutation ids).
- Pull fetches pages until ``has_more`` is false; each page and the cursor it leads to are
  written in one transaction, so an interrupted pull resumes at the last page written. Page
  transactions do not wait for the disk (a power cut can only undo whole pages, newest first,
  which are fetched again); the pull ends with a durable write that makes them all durable.
  ``cursor_invalid`` drops the cursor and starts from the beginning (once per run); when that
  pull has ended, local rows it never mentioned are removed as a ``gone`` marker would remove
  them (``sweep``: the server may have removed rows meanwhile without a tombstone), except
  rows this workspace wrote, which are queued again as creates (the server lost them). Rows
  it brings in an older version than the local one (the server lost history) go back to the
  server's version before the page is written, differing values queued again as updates on
  top (``sweep.resend``). Which rows it mentioned is recorded with each page, so a reset pull
  interrupted half way still sweeps when it ends in a later run. While a page is being
  written, the next one is already requested (one background thread, one request ahead: the
  server builds it meanwhile); nothing of it is used before the page it follows has
  committed, and a pull that stops (error, cancel) waits for that request to end and drops
  its answer, so the client is never used by two threads at once.
- Index: a large pull (no cursor yet, or more than ``DEFER_INDEX_ROWS`` rows in one run)
  writes its pages without search index upkeep, which would take more than half its time,
  after marking the index stale in the transaction of its first such page. The index step
  then rebuilds the index in one transaction that also clears the marker. A crash or cancel
  in between leaves the marker: search scans the tables meanwhile (``search.index_ready``)
  and the next sync (or ``Workspace.rebuild_search_index``) rebuilds. Small pulls keep the
  index current page by page.
- Blobs uploads photos the server lacks in chunks, resuming at the offset the server holds.

A sync with nothing to do costs one request (one empty pull page): push is skipped without
pending entries and the blob status call without photos waiting.
"""

from __future__ import annotations

import gc
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.orm import Session

from ..storage import search
from ..storage.database import Database
from ..storage.journal import PENDING, pending_count, wire_time
from ..storage.models import JournalEntryRow, PhotoRow, SettingRow
from ..storage.photos import PhotoRejected, PhotoStore, jpeg_size
from . import apply, push_results, sweep, wire
from . import protocol as p
from .client import TRANSIENT_STATUSES, ApiClient, CancelToken
from .errors import Cancelled, MalformedResponse, ServerError, ServerUnreachable, SyncError

KEY_SERVER = "sync.server_url"
KEY_ACCOUNT = "sync.account"
KEY_CURSOR = "sync.cursor"
KEY_LAST_SYNC = "sync.last_sync"
KEY_CLIENT_ID = "sync.client_id"
DEFER_INDEX_ROWS = 5000
"""A pull run bringing more rows than this leaves the search index to one rebuild after it."""

Cancel = CancelToken | None
Progress = Callable[[str, int, int | None], None]
"""``progress(phase, done, total)``: phase ``push`` (entries), ``pull`` (rows; total unknown:
None), ``indexing`` (search index entries, after a large pull), ``upload`` (photo bytes)."""


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SettingRow, key)
    return default if row is None else row.value


def put_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(SettingRow, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value


@dataclass(frozen=True, slots=True)
class Rejection:
    mutation_id: str
    entity: str
    row_id: str
    op: str
    code: str
    message: str
    label: str = ""
    """The row in plain words (filled in by the service layer)."""


@dataclass
class SyncReport:
    started_at: datetime
    finished_at: datetime | None = None
    pushed: int = 0
    """Journal entries answered by the server."""
    applied: int = 0
    conflicted: int = 0
    """Entries answered ``conflict`` (their other fields were applied)."""
    rejected: list[Rejection] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    """Ids of conflicts that arose in this run (see the conflicts service to show them)."""
    resolved: list[str] = field(default_factory=list)
    """Ids of conflicts whose resolution the server accepted in this run."""
    pulled: int = 0
    """Rows received by pull (live rows, tombstones and scope exits)."""
    pulled_by_entity: dict[str, int] = field(default_factory=dict)
    removed: int = 0
    """Local rows removed (deleted on the server or out of my scope)."""
    swept: int = 0
    """Of ``removed``: rows the pull from the beginning after ``cursor_invalid`` did not
    mention (the server no longer has them for me and sent no tombstone), removed when it
    ended; rows of them kept for unsent work are in ``kept`` (``out_of_scope``)."""
    kept: list[tuple[str, str, str]] = field(default_factory=list)
    """(entity, row id, flag) of rows the server removed but I keep (unsent work)."""
    quarantined: int = 0
    """Pulled rows this client could not read, kept aside (``sync.quarantine``)."""
    requeued: int = 0
    """Rows that pull from the beginning did not mention although this workspace wrote them
    and the server had accepted them (it lost them: a restored backup): queued again as
    creates instead of swept (``sweep.requeue``); the next push sends them."""
    resent: int = 0
    """Rows that pull from the beginning brought in an older version than mine (the server
    lost history: a restored backup) whose values differ from mine: my values queued again
    as updates on the server's version (``sweep.resend``); the next push sends them."""
    pages: int = 0
    cursor_reset: bool = False
    indexed: int = 0
    """Search index entries written by the rebuild after a large pull (0: none was needed,
    small pulls update the index as they go)."""
    index_seconds: float = 0.0
    """Time the rebuild took (the pulled rows were committed and browsable before it)."""
    index_ready: bool = True
    """False when the run left the search index stale: a large pull, with ``run(index=False)``
    (the desktop app rebuilds it as a task of its own once the rows are shown)."""
    uploaded: int = 0
    uploaded_bytes: int = 0
    upload_failures: list[tuple[str, str]] = field(default_factory=list)
    """(sha256, reason) of photos that could not be uploaded (retried next time)."""
    requests: int = 0
    pending: int = 0
    """Entries still waiting after the run (made during it, or a failed step)."""

    @property
    def nothing_happened(self) -> bool:
        return not (
            self.pushed or self.pulled or self.uploaded or self.upload_failures or self.indexed
            or self.swept or self.requeued or self.resent or self.quarantined
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "pushed": self.pushed,
            "applied": self.applied,
            "conflicted": self.conflicted,
            "rejected": [_slots(r) for r in self.rejected],
            "conflicts": list(self.conflicts),
            "resolved": list(self.resolved),
            "pulled": self.pulled,
            "pulled_by_entity": dict(self.pulled_by_entity),
            "removed": self.removed,
            "swept": self.swept,
            "requeued": self.requeued,
            "resent": self.resent,
            "kept": [list(k) for k in self.kept],
            "pages": self.pages,
            "cursor_reset": self.cursor_reset,
            "indexed": self.indexed,
            "index_seconds": round(self.index_seconds, 3),
            "uploaded": self.uploaded,
            "uploaded_bytes": self.uploaded_bytes,
            "upload_failures": [list(f) for f in self.upload_failures],
            "requests": self.requests,
            "pending": self.pending,
        }  # fmt: skip


def _slots(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def entry_wire(entry: JournalEntryRow) -> dict[str, Any]:
    """One journal entry as the push request carries it."""
    out: dict[str, Any] = {
        "mutation_id": entry.mutation_id,
        "entity": entry.entity,
        "row_id": entry.row_id,
        "op": entry.op,
        "base_version": entry.base_version,
        "changes": entry.changes or {},
        "actor": entry.actor,
        # Stored as naive local time; the wire wants an offset.
        "created_at": wire_time(entry.created_at),
    }
    if entry.resolves:
        out["resolves"] = entry.resolves
    return out


_PENDING_SQL = (
    "SELECT mutation_id, entity, row_id, op, base_version, changes, actor, created_at, "
    "resolves FROM journal WHERE state = ? ORDER BY seq LIMIT ?"
)


def pending_wire(session: Session, limit: int) -> list[dict[str, Any]]:
    """The oldest ``limit`` pending entries as the push request carries them (what
    :func:`entry_wire` makes of each), read without the ORM: a batch is 1,000 entries, and
    loading them as objects decoded and tracked every one for nothing."""
    conn = session.connection().connection.driver_connection
    out: list[dict[str, Any]] = []
    for mid, entity, row_id, op, base, changes, actor, created, resolves in conn.execute(
        _PENDING_SQL, (PENDING, limit)
    ):
        entry: dict[str, Any] = {
            "mutation_id": mid,
            "entity": entity,
            "row_id": row_id,
            "op": op,
            "base_version": base,
            "changes": (json.loads(changes) if changes else None) or {},
            "actor": actor,
            "created_at": _wire_time(created),
        }
        found = json.loads(resolves) if resolves else None
        if found:
            entry["resolves"] = found
        out.append(entry)
    return out


@lru_cache(maxsize=4096)
def _wire_time(stored: str) -> str:
    """A stored naive local time (SQLAlchemy's text form) as the wire's ISO text with offset."""
    return wire_time(datetime.fromisoformat(stored))


class SyncEngine:
    """Runs the cycle for one workspace database against one server (``client``)."""

    def __init__(
        self,
        db: Database,
        photos: PhotoStore,
        client: ApiClient,
        *,
        client_id: str,
        clock: Callable[[], datetime] = datetime.now,
        push_batch: int = p.MAX_PUSH_ENTRIES,
        pull_limit: int = p.MAX_PULL_LIMIT,
        chunk_bytes: int = p.BLOB_CHUNK_BYTES,
        defer_index_rows: int = DEFER_INDEX_ROWS,
        prefetch: bool = True,
    ):
        self.db = db
        self.photos = photos
        self.client = client
        self.client_id = client_id
        self.clock = clock
        self.push_batch = max(1, min(push_batch, p.MAX_PUSH_ENTRIES))
        self.pull_limit = max(1, min(pull_limit, p.MAX_PULL_LIMIT))
        self.chunk_bytes = max(1, min(chunk_bytes, p.BLOB_CHUNK_BYTES))
        self.defer_index_rows = defer_index_rows
        self.prefetch = prefetch
        """Request the next pull page while writing one (see the module doc)."""
        self._ahead: _Ahead | None = None

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    # -- the cycle -----------------------------------------------------------------------
    def run(
        self,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        *,
        index: bool = True,
    ) -> SyncReport:
        """push → pull → index → blobs. On failure the exception carries ``.report`` (what
        finished). ``index=False``: leave a stale search index to the caller (see
        ``SyncReport.index_ready``), which can show the pulled rows before rebuilding it."""
        report = SyncReport(started_at=self.now())
        self.client.cancel = cancel
        before = self.client.request_count
        try:
            with gc_paused():
                self.push(report, progress, cancel)
                _check(cancel)
                self.pull(report, progress, cancel)
                _check(cancel)
                if index:
                    self.index(report, progress, cancel)
            _check(cancel)
            self.upload_photos(report, progress, cancel)
        except SyncError as exc:
            exc.report = report  # type: ignore[attr-defined]
            raise
        finally:
            report.requests = self.client.request_count - before
            report.finished_at = self.now()
            with self.db.reading() as s:
                report.pending = pending_count(s)
                report.index_ready = search.index_ready(s)
            self.client.cancel = None
        return report

    # -- push ----------------------------------------------------------------------------
    def push(
        self, report: SyncReport, progress: Progress | None = None, cancel: Cancel = None
    ) -> None:
        batch_size = self.push_batch
        with self.db.reading() as s:
            total = pending_count(s)
        done = 0
        while True:
            _check(cancel)
            with self.db.reading() as s:
                payload = pending_wire(s, batch_size)
            if not payload:
                return
            try:
                results = self.client.push(self.client_id, payload)
            except ServerError as exc:
                if exc.code == p.ErrorCode.TOO_LARGE and batch_size > 1:
                    batch_size = max(1, batch_size // 2)  # a batch of big notes: halve it
                    continue
                raise
            try:
                with self.db.transaction() as s:
                    stats = push_results.record_push_results(s, payload, results, now=self.now())
            except (sa_exc.IntegrityError, sqlite3.IntegrityError) as exc:
                raise MalformedResponse(f"push rows do not fit: {exc.__class__.__name__}") from exc
            by_mutation = {e["mutation_id"]: e for e in payload}
            for r in results:
                if r.status == p.Status.REJECTED:
                    e = by_mutation[r.mutation_id]
                    report.rejected.append(
                        Rejection(r.mutation_id, e["entity"], e["row_id"], e["op"],
                                  r.error_code or "", r.error_message or "")
                    )  # fmt: skip
            report.pushed += len(results)
            report.applied += stats.applied
            report.conflicted += stats.conflicted
            report.conflicts += stats.conflicts
            report.resolved += stats.resolved
            report.removed += stats.rows.removed
            report.kept += stats.rows.kept
            done += len(results)
            if progress:
                progress("push", done, max(total, done))

    # -- pull ----------------------------------------------------------------------------
    def pull(
        self, report: SyncReport, progress: Progress | None = None, cancel: Cancel = None
    ) -> None:
        with self.db.reading() as s:
            cursor = get_setting(s, KEY_CURSOR)
        try:
            # From the beginning (a first sync, a dropped cursor): every row is new here.
            self._pull_pages(report, progress, cancel, cursor, large=cursor is None)
        finally:
            self._drop_ahead()  # the client is free again once this returns
        with self.db.transaction() as s:  # durable: so are the pages before it from now on
            put_setting(s, KEY_LAST_SYNC, self.now().isoformat())

    def _next_page(self, cursor: str | None) -> wire.Page:
        """The page after ``cursor``: the one requested ahead for it, else requested now."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.cursor == cursor:
            return self.client.changes_from(ahead.result(), cursor, self.pull_limit)
        if ahead is not None:
            ahead.drop()
        return self.client.changes(cursor, self.pull_limit)

    def _drop_ahead(self) -> None:
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead.drop()

    def _pull_pages(
        self,
        report: SyncReport,
        progress: Progress | None,
        cancel: Cancel,
        cursor: str | None,
        *,
        large: bool,
    ) -> None:
        restarted = False
        while True:
            _check(cancel)
            try:
                page = self._next_page(cursor)
            except ServerError as exc:
                if exc.code == p.ErrorCode.CURSOR_INVALID and not restarted:
                    restarted = True
                    report.cursor_reset = True
                    cursor = None
                    large = True
                    with self.db.transaction() as s:
                        put_setting(s, KEY_CURSOR, None)
                        # Rows the server removed meanwhile may have no tombstone in the
                        # pull from the beginning: those it does not mention go at its end.
                        sweep.start(s, self.now())
                    continue
                raise
            large = large or report.pulled + len(page.changes) > self.defer_index_rows
            if page.has_more and self.prefetch:
                # The server builds the next page while this one is written. Its answer is
                # only used once this page (and its cursor) has committed.
                self._ahead = _Ahead(self.client.fetch_changes, page.cursor, self.pull_limit)
            try:
                # Immediate: the marker read below (and the pending entries apply_rows reads)
                # cannot change before the page commits, e.g. by another process's rebuild.
                # Not durable: a power cut can only take back whole pages with their cursor,
                # which the next pull fetches again; the pull's last write (below) is durable
                # and makes all of them so. Waiting for the disk at each of the 20 pages of a
                # first sync cost ~0.35 s of 6.
                with self.db.transaction(immediate=True, durable=False) as s:
                    if large and page.changes:
                        search.mark_stale(s, "large_pull", self.now().isoformat())
                    # A stale index (this run's or one a crash left) is rebuilt after the pull.
                    index = search.index_ready(s)
                    # A pull from the beginning (this run's or resumed): rows the server
                    # holds older than I do (it lost history) go back to its version, my
                    # values queued again on top, before the page lands.
                    resetting = sweep.active(s)
                    resent = (
                        sweep.resend(s, page.changes, actor=_account_name(s), now=self.now())
                        if resetting
                        else []
                    )
                    stats = apply.apply_rows(
                        s,
                        page.changes,
                        now=self.now(),
                        reason="",
                        index=index,
                        unreadable=page.unreadable,
                    )
                    swept = requeued = 0
                    if resetting:
                        sweep.record(s, page.changes)
                        if not page.has_more:  # it ends here: what it never mentioned goes,
                            # or is queued again if I wrote it (the server lost it)
                            done = sweep.finish(s, now=self.now(), index=index)
                            stats.add(done.stats)
                            swept = done.stats.removed
                            requeued = len(done.requeued)
                    put_setting(s, KEY_CURSOR, page.cursor)
            except (sa_exc.IntegrityError, sqlite3.IntegrityError) as exc:
                raise MalformedResponse(
                    f"page rows do not fit together: {exc.__class__.__name__}"
                ) from exc
            cursor = page.cursor
            report.pages += 1
            report.pulled += len(page.changes)
            for entity, n in stats.by_entity.items():
                report.pulled_by_entity[entity] = report.pulled_by_entity.get(entity, 0) + n
            report.removed += stats.removed
            report.swept += swept
            report.requeued += requeued
            report.resent += len(resent)
            report.kept += stats.kept
            report.quarantined += stats.quarantined
            if progress:
                progress("pull", report.pulled, None)
            if not page.has_more:
                break

    # -- index ---------------------------------------------------------------------------
    def index(
        self, report: SyncReport, progress: Progress | None = None, cancel: Cancel = None
    ) -> None:
        """Rebuild the search index when a large pull (this one or an interrupted one) left it
        stale; one transaction, which clears the marker. Cancellable while tokens are built."""
        with self.db.reading() as s:
            if search.index_ready(s):
                return

        def step(done: int, total: int) -> None:
            if progress:
                progress("indexing", done, total)
            if done < total:  # the last call comes with the work done: no point dropping it
                _check(cancel)

        start = time.perf_counter()
        with self.db.transaction() as s:
            report.indexed = search.rebuild(s, progress=step)
        report.index_seconds = time.perf_counter() - start

    # -- blobs ---------------------------------------------------------------------------
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

    def upload_photos(
        self, report: SyncReport, progress: Progress | None = None, cancel: Cancel = None
    ) -> None:
        waiting = self.photos_to_upload()
        if not waiting:
            return
        total = sum(size for _, size in waiting)
        done = 0
        for start in range(0, len(waiting), 1000):
            group = waiting[start : start + 1000]
            _check(cancel)
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
            _check(cancel)
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
                    held = exc.details.get("offset")
                    if not isinstance(held, int) or isinstance(held, bool) or not (
                        0 <= held <= total
                    ):
                        raise MalformedResponse("offset_mismatch without a usable offset") from exc
                    offset = held
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

    # -- lazy downloads ------------------------------------------------------------------
    def download_photo(self, sha: str, variant: str = "thumb") -> Path:
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


class _Ahead:
    """One pull request run in a background thread: ``result()`` gives its body (or raises
    what it raised), ``drop()`` waits for it to end and forgets it."""

    def __init__(self, fetch: Callable[[str | None, int], bytes], cursor: str, limit: int):
        self.cursor = cursor
        self._page: bytes | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(fetch, cursor, limit), name="gridworker-pull-ahead",
            daemon=True,
        )  # fmt: skip
        self._thread.start()

    def _run(self, fetch: Callable[[str | None, int], bytes], cursor: str, limit: int) -> None:
        try:
            self._page = fetch(cursor, limit)
        except BaseException as exc:  # handed to the pulling thread by result()
            self._error = exc

    def result(self) -> bytes:
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        assert self._page is not None
        return self._page

    def drop(self) -> None:
        self._thread.join()
        self._page = self._error = None


_gc_lock = threading.Lock()
_gc_holders = 0
_gc_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the duration (process-wide; nested and
    concurrent uses keep it off until the last one ends, then it is as it was).

    A large pull decodes ~100,000 rows into dicts that live until their page is written, so
    the collector keeps running full collections over every object of the process (the
    pinyin dictionaries alone are hundreds of thousands): ~1.1 s of a 100,000-row first
    sync (6 full collections, ~100 younger ones). The sync's data holds no reference
    cycles: reference counting frees it as before; the few cycles made meanwhile (sessions,
    anything the UI makes) are collected once the collector is back on."""
    global _gc_holders, _gc_was_enabled
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_was_enabled:
                gc.enable()


def _account_name(session: Session) -> str:
    """The signed-in account's user name ("" when unknown)."""
    account = get_setting(session, KEY_ACCOUNT)
    name = account.get("username") if isinstance(account, dict) else None
    return name if isinstance(name, str) else ""


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()
