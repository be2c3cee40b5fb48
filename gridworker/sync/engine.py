"""The sync cycle: push → pull → index → blobs, each step resumable, cancellable between
requests.

What each step writes, in which transaction, and why an interruption anywhere loses nothing:
docs/sync-engine.md. The steps' helpers have modules of their own: the outbox read for push
(``outbox``), the server's rows written (``apply``, ``sweep``), the settings it keeps
(``settings``), photo transfer (``blob_transfer``) and what a run reports (``report``).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import exc as sa_exc

from ..storage import search
from ..storage.database import Database
from ..storage.journal import pending_count
from ..storage.photos import PhotoStore
from . import apply, push_results, sweep, wire
from . import protocol as p
from .blob_transfer import BlobTransfer
from .client import ApiClient, CancelToken, check_cancel
from .errors import MalformedResponse, ServerError, SyncError
from .gc_pause import gc_paused
from .outbox import pending_wire
from .report import Progress, Rejection, SyncReport
from .settings import KEY_CURSOR, KEY_LAST_SYNC, account_name, get_setting, put_setting

DEFER_INDEX_ROWS = 5000
"""A pull run bringing more rows than this leaves the search index to one rebuild after it."""

Cancel = CancelToken | None


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
        """Request the next pull page while writing one (docs/sync-engine.md, "Pull")."""
        self._ahead: _Ahead | None = None

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    @property
    def blobs(self) -> BlobTransfer:
        """Photo transfer with this engine's client and chunk size (the blob step)."""
        return BlobTransfer(self.db, self.photos, self.client, chunk_bytes=self.chunk_bytes)

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
                check_cancel(cancel)
                self.pull(report, progress, cancel)
                check_cancel(cancel)
                if index:
                    self.index(report, progress, cancel)
            check_cancel(cancel)
            self.blobs.upload(report, progress, cancel)
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
            check_cancel(cancel)
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
            check_cancel(cancel)
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
                # Immediate: what it reads cannot change before it commits. Not durable: a
                # power cut takes back whole pages with their cursor; the pull's last write
                # makes them all durable (docs/sync-engine.md, "Pull").
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
                        sweep.resend(s, page.changes, actor=account_name(s), now=self.now())
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
                check_cancel(cancel)

        start = time.perf_counter()
        with self.db.transaction() as s:
            report.indexed = search.rebuild(s, progress=step)
        report.index_seconds = time.perf_counter() - start


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
