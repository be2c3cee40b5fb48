"""Signing in to gridcenter and syncing with it.

A workspace is bound to one (server, account) at its first sign-in: its synced data belongs
to that account, so signing in with another account or server is refused with a message
that says to use another data folder. A workspace that never synced may be bound (again):
its pending local changes (a visit logged before the first sign-in, say) are pushed on the
first sync. Rows loaded as demo data are *not* journalled, so they are never pushed; edits
made to them are pushed and answered ``not_found``/``parent_missing`` by a real server.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from gridrules.ids import new_id

from ..domain.entities import Actor
from ..domain.errors import InvalidInput, NotFoundError, ValidationError
from ..domain.vocab import Role
from ..storage.journal import DISMISSED, REJECTED, SENT, rejected_count
from ..storage.models import (
    AuditEventRow,
    ConflictRow,
    JournalEntryRow,
    PhotoRow,
    VisitPhotoRow,
)
from ..sync import quarantine
from ..sync.client import ApiClient, CancelToken, normalize_server_url
from ..sync.credentials import CredentialStore, TokenKeeper, open_store
from ..sync.engine import SyncEngine
from ..sync.errors import (
    AccountMismatch,
    AuthFailed,
    Cancelled,
    ServerError,
    ServerUnreachable,
    SyncError,
)
from ..sync.report import Progress, SyncReport
from ..sync.settings import (
    KEY_ACCOUNT,
    KEY_CLIENT_ID,
    KEY_CURSOR,
    KEY_LAST_SYNC,
    KEY_SERVER,
    get_setting,
    put_setting,
)
from . import profile
from .conflicts import row_label
from .context import ServiceContext

log = logging.getLogger(__name__)

ENV_PASSWORD = "GRIDWORKER_PASSWORD"
"""Where ``gridworker sync`` finds the password to sign in again when no refresh token is
stored (no keyring on a headless machine). Never written anywhere by gridworker."""


@dataclass(frozen=True, slots=True)
class Binding:
    """The (server, account) this workspace syncs with."""

    server: str
    username: str
    display_name: str
    role: str
    grids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyncSummary:
    server: str | None
    account: str | None
    last_sync: str | None
    conflicts: int
    rejected: int
    photos_waiting: int = 0
    quarantined: int = 0


class SyncService:
    def __init__(self, ctx: ServiceContext, credentials: CredentialStore | None = None):
        self.ctx = ctx
        self._credentials = credentials
        self.client_options: dict[str, Any] = {}
        """Extra ``ApiClient`` arguments (tests: ``sleeper``, ``retry``, ``session``)."""
        self.engine_options: dict[str, Any] = {}
        """Extra ``SyncEngine`` arguments (``push_batch``, ``pull_limit``, ``chunk_bytes``)."""
        self._clients: dict[tuple[str, str], tuple[ApiClient, TokenKeeper]] = {}

    @property
    def credentials(self) -> CredentialStore:
        if self._credentials is None:
            self._credentials = open_store()
        return self._credentials

    # -- binding ---------------------------------------------------------------------------
    def binding(self) -> Binding | None:
        with self.ctx.db.reading() as s:
            server = get_setting(s, KEY_SERVER)
            account = get_setting(s, KEY_ACCOUNT)
        if not server or not isinstance(account, dict) or not account.get("username"):
            return None
        return Binding(
            server=server,
            username=account["username"],
            display_name=account.get("display_name") or account["username"],
            role=account.get("role") or "worker",
            grids=tuple(account.get("grids") or ()),
        )

    def has_synced(self) -> bool:
        """Anything came from or reached the server (a cursor, a last sync, an answer)."""
        with self.ctx.db.reading() as s:
            if get_setting(s, KEY_CURSOR) or get_setting(s, KEY_LAST_SYNC):
                return True
            answered = s.scalar(
                select(func.count())
                .select_from(JournalEntryRow)
                .where(JournalEntryRow.state.in_((SENT, REJECTED, DISMISSED)))
            )
            return bool(answered)

    def check_can_bind(self, server: str, username: str) -> None:
        bound = self.binding()
        if bound is None or (bound.server, bound.username) == (server, username):
            return
        if self.has_synced():
            raise AccountMismatch(params={
                "bound_user": bound.username, "bound_server": bound.server,
                "user": username, "server": server,
            })

    # -- sessions --------------------------------------------------------------------------
    def _session(self, server: str, username: str) -> tuple[ApiClient, TokenKeeper]:
        key = (server, username)
        got = self._clients.get(key)
        if got is None:
            keeper = TokenKeeper(self.credentials, server, username)
            from .. import __version__

            client = ApiClient(
                server, auth=keeper, user_agent=f"gridworker/{__version__}",
                **self.client_options,
            )  # fmt: skip
            got = self._clients[key] = (client, keeper)
        return got

    def login(self, server_url: str, username: str, password: str) -> Binding:
        """Sign in and bind this workspace to (server, account). The password is not kept."""
        try:
            server = normalize_server_url(server_url)
        except ValueError as exc:
            raise InvalidInput(
                {"server": ValidationError(code="server_url", field="server",
                                              params={"detail": str(exc)})}
            ) from None
        username = username.strip()
        if not username or not password:
            raise InvalidInput(
                {"username": ValidationError(code="credentials_required")}
            )
        self.check_can_bind(server, username)
        client, keeper = self._session(server, username)
        try:
            me = keeper.login(client, password)
        except SyncError as exc:
            self._audit("sign_in", f"{username}@{server}", success=False, reason=exc.code)
            raise
        grids = [str(g.get("code") or g.get("id")) for g in me.get("grids") or ()]
        account: dict[str, Any] = {
            "username": username,
            "display_name": me.get("display_name") or username,
            "role": me.get("role") or "worker",
            "grids": grids,
        }
        with self.ctx.db.transaction() as s:
            put_setting(s, KEY_SERVER, server)
            put_setting(s, KEY_ACCOUNT, account)
            if not get_setting(s, KEY_CLIENT_ID):
                put_setting(s, KEY_CLIENT_ID, new_id())
        try:
            role = Role(account["role"])
        except ValueError:
            role = Role.WORKER
        actor = Actor(username=username, display_name=account["display_name"], role=role)
        profile.save_actor(self.ctx.db, actor)
        self.ctx.actor = actor
        self._audit("sign_in", f"{username}@{server}")
        binding = self.binding()
        assert binding is not None
        return binding

    def signed_in(self) -> bool:
        bound = self.binding()
        if bound is None:
            return False
        return self._session(bound.server, bound.username)[1].signed_in

    def logout(self) -> None:
        """Revoke the session (when reachable) and forget its token. The binding and all
        local data stay: signing in again with the same account carries on."""
        bound = self.binding()
        if bound is None:
            return
        client, keeper = self._session(bound.server, bound.username)
        keeper.logout(client)
        self._audit("sign_out", f"{bound.username}@{bound.server}")

    # -- syncing ---------------------------------------------------------------------------
    def engine(self) -> SyncEngine:
        bound = self.binding()
        if bound is None:
            raise AuthFailed.from_code("not_signed_in")
        client, _ = self._session(bound.server, bound.username)
        with self.ctx.db.reading() as s:
            client_id = get_setting(s, KEY_CLIENT_ID)
        if not client_id:
            client_id = new_id()
            with self.ctx.db.transaction() as s:
                put_setting(s, KEY_CLIENT_ID, client_id)
        return SyncEngine(
            self.ctx.db, self.ctx.photos, client, client_id=client_id, clock=self.ctx.clock,
            **self.engine_options,
        )

    def sync(
        self,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        page_rows: int | None = None,
        index: bool = True,
    ) -> SyncReport:
        """push → pull → blobs. Raises a ``SyncError`` (with ``.report``) on failure.
        ``page_rows``: at most this many rows per pull page (never more than configured).
        ``index=False``: a stale search index is left to the caller (``report.index_ready``)."""
        engine = self.engine()
        if page_rows:
            engine.pull_limit = max(1, min(engine.pull_limit, page_rows))
        try:
            report = engine.run(progress=progress, cancel=cancel, index=index)
        except SyncError as exc:
            partial = getattr(exc, "report", None)
            if partial is not None:
                self._label(partial)
            _log_failure(exc)
            raise
        self._label(report)
        log.info(
            "sync done: pushed %d (applied %d, conflicts %d, refused %d), pulled %d, "
            "removed %d, photos uploaded %d (%d bytes, %d failed), %d requests",
            report.pushed, report.applied, report.conflicted, len(report.rejected),
            report.pulled, report.removed, report.uploaded, report.uploaded_bytes,
            len(report.upload_failures), report.requests,
        )  # fmt: skip
        return report

    def _label(self, report: SyncReport) -> None:
        with self.ctx.db.reading() as s:
            report.rejected = [
                replace(r, label=row_label(s, r.entity, r.row_id)) for r in report.rejected
            ]

    def download_photo(self, sha256: str, variant: str = "thumb") -> Path:
        """Fetch a photo of someone else's visit (thumbnail first for lists)."""
        try:
            return self.engine().blobs.download(sha256, variant)
        except ServerError as exc:
            if exc.status == 404:
                raise NotFoundError(params={"reason": "photo"}) from None
            raise

    # -- reading ---------------------------------------------------------------------------
    def summary(self) -> SyncSummary:
        bound = self.binding()
        with self.ctx.db.reading() as s:
            last = get_setting(s, KEY_LAST_SYNC)
            conflicts = s.scalar(
                select(func.count()).select_from(ConflictRow).where(ConflictRow.state == "open")
            )
            rejected = rejected_count(s)
            quarantined = quarantine.count(s)
            photos_waiting = s.scalar(
                select(func.count())
                .select_from(PhotoRow)
                .where(
                    PhotoRow.local.is_(True),
                    PhotoRow.uploaded.is_(False),
                    select(VisitPhotoRow.sha256)
                    .where(VisitPhotoRow.sha256 == PhotoRow.sha256)
                    .exists(),
                )
            )
        return SyncSummary(
            server=bound.server if bound else None,
            account=bound.username if bound else None,
            last_sync=last,
            conflicts=conflicts or 0,
            rejected=rejected,
            photos_waiting=photos_waiting or 0,
            quarantined=quarantined,
        )

    def quarantined(self, limit: int = 500) -> list[quarantine.QuarantinedRow]:
        """Pulled rows this client could not read (kept aside), most recently seen first."""
        with self.ctx.db.reading() as s:
            return quarantine.rows(s, limit)

    def _audit(self, event: str, target: str, *, success: bool = True, reason: str = "") -> None:
        with self.ctx.db.transaction() as s:
            s.add(
                AuditEventRow(
                    at=self.ctx.now(),
                    actor=self.ctx.actor.username,
                    event=event,
                    target=target[:80],
                    reason=reason,
                    success=success,
                )
            )


def _log_failure(exc: SyncError) -> None:
    """One line per failed sync, for support: type, code, HTTP status and the technical
    cause (``detail``: an exception's class and text, never a token). Not the message: a
    server's explanation may name the row it refused."""
    status = getattr(exc, "status", None)
    cause = getattr(exc, "detail", "") or ""
    where = f" HTTP {status}" if status else ""
    if isinstance(exc, ServerUnreachable | Cancelled):
        log.info("sync stopped: %s (%s) %s", type(exc).__name__, exc.code, cause)
    else:
        log.warning("sync failed: %s (%s)%s %s", type(exc).__name__, exc.code, where, cause)
