"""gridworker's Python API, for scripts and tests: everything the desktop app can do.

    from gridworker.api import Workspace

    with Workspace.open("~/grid") as ws:
        for hit in ws.search("zsf"):
            print(hit.name, hit.masked_citizen_id)
        ws.log_visit(hit.household_id, summary="了解近况，身体状况良好")

    with Workspace.open("~/grid") as ws:          # with a server
        ws.login("https://grid.example.cn", "worker1", password)
        report = ws.sync()
        for conflict in ws.conflicts():
            print(conflict.summary)

The UI and the CLI call these same services; each method is one transaction.

One class, one method per thing a person can do, each a few lines handing over to a
service: this module is long (over 500 lines) because the app can do many things, not because
it does several jobs; the snapshot types it re-exports are what the UI may import (the import
contracts hold the UI to this module).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from .domain.entities import Actor, Grid, Household, Resident, Visit
from .domain.errors import GridworkerError, InvalidInput, NotFoundError, ValidationError
from .domain.messages import Message, Translate, chinese
from .domain.vocab import HouseholdStatus, Role
from .services import profile
from .services.conflicts import ConflictService, ConflictView
from .services.context import ServiceContext
from .services.drafts import (
    Draft,
    DraftKind,
    DraftService,
    amend_draft_key,
    household_draft_key,
    resident_draft_key,
    resident_of_draft,
    visit_draft_key,
)
from .services.privacy import AuditEvent, PrivacyService
from .services.rejections import KeptCopy, RejectedChange, RejectionService
from .services.rejections import reason_text as rejection_reason_text
from .services.roster import RosterService
from .services.roster_view import (
    SYNCED,
    AmendmentStep,
    FieldChange,
    HouseholdDetail,
    HouseholdSummary,
    RecordSync,
    RecordSyncState,
    RosterView,
    SearchResult,
    VisitRecord,
)
from .services.sync import Binding, SyncService
from .services.today import (
    DraftItem,
    FollowUp,
    MyVisit,
    MyVisits,
    Period,
    TodayDesk,
    TodayService,
    UnsentRecord,
    period_range,
)
from .services.visits import MAX_PHOTOS_PER_VISIT, PhotoSource, VisitService
from .services.wording import field_label as schema_field_label
from .services.wording import field_options as conflict_field_options
from .services.wording import kind_text as conflict_kind_text
from .services.wording import state_text as conflict_state_text
from .storage.database import Database
from .storage.migrate import HEAD_REVISION
from .storage.paths import DATABASE_NAME, PHOTOS_DIR, resolve_data_dir
from .storage.photos import PhotoRejected, PhotoStore
from .sync.client import ApiClient, CancelToken, RetryPolicy
from .sync.credentials import CredentialStore
from .sync.errors import (
    AccountMismatch,
    AuthFailed,
    Cancelled,
    MalformedResponse,
    ProtocolMismatch,
    ServerError,
    ServerUnreachable,
    SyncError,
)
from .sync.gc_pause import gc_paused
from .sync.quarantine import QuarantinedRow
from .sync.report import Progress, Rejection, SyncReport

ENV_PASSWORD = "GRIDWORKER_PASSWORD"
"""A password for signing in without a prompt (scripts, ``make run``); never stored."""
ENV_SERVER = "GRIDWORKER_SERVER"
"""The gridcenter address to offer when the workspace is not bound to one yet."""

__all__ = [
    "ENV_PASSWORD",
    "ENV_SERVER",
    "MAX_PHOTOS_PER_VISIT",
    "SYNCED",
    "AccountMismatch",
    "Actor",
    "AmendmentStep",
    "AuditEvent",
    "AuthFailed",
    "Binding",
    "Cancelled",
    "ConflictView",
    "Draft",
    "DraftItem",
    "DraftKind",
    "FieldChange",
    "FollowUp",
    "Grid",
    "GridworkerError",
    "Household",
    "HouseholdDetail",
    "HouseholdSummary",
    "InvalidInput",
    "KeptCopy",
    "MalformedResponse",
    "Message",
    "MyVisit",
    "MyVisits",
    "NotFoundError",
    "Period",
    "PhotoRejected",
    "PhotoSource",
    "ProtocolMismatch",
    "QuarantinedRow",
    "RecordSync",
    "RecordSyncState",
    "RejectedChange",
    "Rejection",
    "Resident",
    "Role",
    "SearchResult",
    "ServerError",
    "ServerUnreachable",
    "SyncError",
    "SyncReport",
    "TodayDesk",
    "Translate",
    "UnsentRecord",
    "ValidationError",
    "Visit",
    "VisitRecord",
    "Workspace",
    "WorkspaceStatus",
    "amend_draft_key",
    "conflict_field_options",
    "conflict_kind_text",
    "conflict_state_text",
    "household_draft_key",
    "period_range",
    "rejection_reason_text",
    "resident_draft_key",
    "resident_of_draft",
    "schema_field_label",
    "visit_draft_key",
]


@dataclass(frozen=True, slots=True)
class WorkspaceStatus:
    data_dir: str
    database: str
    schema: str
    account: str
    role: str
    grids: list[str]
    households: int
    residents: int
    visits: int
    photos: int
    pending_changes: int
    server: str | None = None
    """The gridcenter this workspace is bound to (None: never signed in)."""
    last_sync: str | None = None
    """ISO time of the last completed pull."""
    conflicts: int = 0
    """Conflicts waiting for a decision."""
    rejected: int = 0
    """Changes the server refused (kept here, with the reason)."""
    photos_waiting: int = 0
    """Photos of my visits whose bytes the server does not hold yet."""
    quarantined: int = 0
    """Rows from the centre this client could not read, kept aside (see ``quarantined_rows``)."""

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]


class Workspace:
    """One local workspace: a folder holding the database and the photo store."""

    def __init__(
        self,
        data_dir: Path,
        *,
        actor: Actor | None = None,
        clock: Callable[[], datetime] | None = None,
        credentials: CredentialStore | None = None,
    ):
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(data_dir / DATABASE_NAME)
        photos = PhotoStore(data_dir / PHOTOS_DIR)
        self.ctx = ServiceContext(
            db=self.db,
            photos=photos,
            actor=actor or profile.load_actor(self.db),
            policy=profile.load_policy(self.db),
        )
        if clock is not None:
            self.ctx.clock = clock
        self.remove_orphan_photos()
        self.roster = RosterService(self.ctx)
        self.visits = VisitService(self.ctx)
        self.view = RosterView(self.ctx)
        self.privacy = PrivacyService(self.ctx)
        self.drafts = DraftService(self.ctx)
        self.sync_service = SyncService(self.ctx, credentials)
        """``credentials``: where sign-in tokens go (default: the OS keyring, or memory)."""
        self.conflict_service = ConflictService(self.ctx)
        self.rejection_service = RejectionService(self.ctx)
        self.today_service = TodayService(self.ctx, self.view)

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, **kwargs: Any) -> Workspace:
        """Open (creating or upgrading if needed) the workspace at ``data_dir``.

        Keyword arguments: ``actor``, ``clock``, ``credentials`` (a ``CredentialStore``; tests
        pass ``sync.credentials.MemoryStore()``)."""
        return cls(resolve_data_dir(data_dir), **kwargs)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- who -----------------------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    def set_actor(self, actor: Actor) -> None:
        profile.save_actor(self.db, actor)
        self.ctx.actor = actor

    # -- reading -------------------------------------------------------------------------
    def grids(self) -> list[Grid]:
        return self.view.grids()

    def households(self, grid_id: str | None = None) -> list[HouseholdSummary]:
        return self.view.household_summaries(grid_id)

    def household(self, household_id: str) -> HouseholdDetail:
        return self.view.household_detail(household_id)

    def residents(self, household_id: str) -> list[Resident]:
        return list(self.view.household_detail(household_id, visit_limit=1).residents)

    def resident(self, resident_id: str) -> Resident:
        return self.view.resident(resident_id)

    def visits_of(self, household_id: str) -> list[Visit]:
        return list(self.view.household_detail(household_id, visit_limit=None).visits)

    def visit(self, visit_id: str) -> Visit:
        return self.view.visit(visit_id)

    def visit_record(self, visit_id: str) -> VisitRecord:
        """One visit in full: as it stands, as logged, each amendment with who, when, why and
        each field's value before and after it, and its sync state."""
        return self.view.visit_record(visit_id)

    def search(self, text: str, *, limit: int = 50) -> list[SearchResult]:
        """Residents and households matching every word of ``text`` (name, pinyin, pinyin
        initials, ID/phone fragments, door number), best first. While
        ``search_index_ready()`` is false, pinyin finds nothing and a search takes longer."""
        return self.view.search(text, limit=limit)

    def search_index_ready(self) -> bool:
        """False while the search index lags behind a large sync (it is rebuilt right after
        the pull, or by the next sync / ``rebuild_search_index`` if that was interrupted).
        Search still finds names, ID and phone fragments and door numbers, by scanning; it
        is slower and does not match pinyin, so a UI should say "索引建立中，搜索较慢"."""
        return self.view.search_index_ready()

    def rebuild_search_index(
        self,
        *,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> int:
        """Bring a stale search index up to date now (a few seconds at 100,000 residents; run
        it in the background). Returns the entries written, 0 when it was already current.
        Never run at start-up: opening a workspace stays fast. ``progress(done, total)`` every
        few thousand entries; ``cancel`` (a ``threading.Event``) stops it with ``Cancelled``
        before anything is written (the index stays stale, search keeps working without it)."""

        def step(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if cancel is not None and cancel.is_set() and done < total:
                raise Cancelled()

        with gc_paused():
            return self.view.rebuild_search_index(force=force, progress=step)

    def status(self) -> WorkspaceStatus:
        counts = self.view.counts()
        sync = self.sync_service.summary()
        return WorkspaceStatus(
            data_dir=str(self.data_dir),
            database=str(self.db.path),
            schema=HEAD_REVISION,
            account=self.actor.username,
            role=self.actor.role.value,
            grids=[f"{g.code} {g.name}" for g in self.grids()],
            households=counts["households"],
            residents=counts["residents"],
            visits=counts["visits"],
            photos=counts["photos"],
            pending_changes=counts["pending_changes"],
            server=sync.server,
            last_sync=sync.last_sync,
            conflicts=sync.conflicts,
            rejected=sync.rejected,
            photos_waiting=sync.photos_waiting,
            quarantined=sync.quarantined,
        )

    def today(self) -> TodayDesk:
        """今日: overdue and due-this-week households, open follow-ups due by Sunday, never
        visited households, unsent records, drafts, open conflicts and refused changes; each
        count is the length of its list (one transaction)."""
        return self.today_service.desk()

    def my_visits(self, period: Period | str = Period.THIS_WEEK, month: Any = None) -> MyVisits:
        """我的走访: the signed-in worker's own visits of ``period`` (``this_week``,
        ``last_week``, ``this_month``, ``last_month``, or ``month`` with ``month`` a date in
        the chosen month), newest first."""
        return self.today_service.my_visits(Period(period), month)

    # -- use cases -----------------------------------------------------------------------
    def create_grid(self, **values: Any) -> Grid:
        return self.roster.create_grid(**values)

    def add_household(self, grid_id: str, **values: Any) -> Household:
        return self.roster.add_household(grid_id, **values)

    def update_household(self, household_id: str, **values: Any) -> Household:
        return self.roster.update_household(household_id, **values)

    def set_household_status(self, household_id: str, status: HouseholdStatus) -> Household:
        return self.roster.set_household_status(household_id, status)

    def add_resident(self, household_id: str, **values: Any) -> Resident:
        return self.roster.add_resident(household_id, **values)

    def update_resident(self, resident_id: str, **values: Any) -> Resident:
        return self.roster.update_resident(resident_id, **values)

    def mark_moved_out(self, resident_id: str, note: str = "") -> Resident:
        return self.roster.mark_moved_out(resident_id, note)

    def mark_deceased(self, resident_id: str, note: str = "") -> Resident:
        return self.roster.mark_deceased(resident_id, note)

    def log_visit(
        self,
        household_id: str,
        *,
        summary: str,
        photos: Sequence[PhotoSource] = (),
        **values: Any,
    ) -> Visit:
        return self.visits.log_visit(household_id, summary=summary, photos=photos, **values)

    def amend_visit(self, visit_id: str, *, reason: str, **changes: Any) -> Visit:
        return self.visits.amend_visit(visit_id, reason=reason, **changes)

    def delete_resident(self, resident_id: str, reason: str) -> None:
        """Remove a resident entered by mistake (moving out or death are status changes)."""
        self.roster.delete_resident(resident_id, reason)

    # -- sync ----------------------------------------------------------------------------
    def login(self, server_url: str, username: str, password: str) -> Binding:
        """Sign in to gridcenter and bind this workspace to (server, account).

        Refused with a clear message when the workspace already holds another account's or
        server's synced data. A workspace that never synced may be bound; its pending local
        changes are pushed by the first sync (demo rows are not: they have no journal)."""
        return self.sync_service.login(server_url, username, password)

    def logout(self) -> None:
        self.sync_service.logout()

    def sign_in_kept(self) -> tuple[bool, str]:
        """(True, "") when a sign-in survives a restart (the OS keyring); else (False, why
        not, in plain words): the user signs in again at each start."""
        store = self.sync_service.credentials
        return bool(store.persistent), "" if store.persistent else store.explanation

    def warm_up(self) -> None:
        """Load what indexing pulled or edited names needs (the pinyin tables: a few hundred
        ms, most of it holding the interpreter lock, and ~50 MB) now rather than in the
        middle of a later sync. Call it off the UI thread; a GUI may ``gc.freeze()`` after
        it, so the collector stops walking those tables (see ``ui.sync_controller``)."""
        from .storage.search import name_tokens

        name_tokens("张三丰")

    def probe(self, server_url: str | None = None, *, timeout: float = 3.0) -> dict[str, Any]:
        """One cheap ``GET /hello`` (no sign-in, no retry) to the bound server or
        ``server_url``: is the centre reachable and does it speak our protocol? Raises
        ``ServerUnreachable``, ``ProtocolMismatch`` or ``MalformedResponse``."""
        if server_url is None:
            bound = self.binding
            if bound is None:
                raise AuthFailed.from_code("not_signed_in")
            server_url = bound.server
        client = ApiClient(server_url, retry=RetryPolicy(attempts=1), timeout=(timeout, timeout))
        try:
            return client.hello()
        finally:
            client.close()

    @property
    def binding(self) -> Binding | None:
        return self.sync_service.binding()

    def signed_in(self) -> bool:
        """A stored session exists (no password needed to sync)."""
        return self.sync_service.signed_in()

    def sync(
        self,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        *,
        page_rows: int | None = None,
        index: bool = True,
    ) -> SyncReport:
        """push → pull → photos. ``progress(phase, done, total)``; ``cancel`` is checked
        between requests (a ``threading.Event``). ``page_rows`` caps the rows of one pull
        page (a GUI keeps pages small: decoding a page holds the interpreter lock, so the
        window would wait for it). Raises ``sync.errors.SyncError``.

        A large pull (a first sync) writes its rows without search index upkeep and then
        rebuilds the index. ``index=False`` leaves that rebuild to the caller: the rows are
        committed and browsable when this returns, search works without the index meanwhile
        (slower, no pinyin), and ``report.index_ready`` says whether to call
        :meth:`rebuild_search_index`. The desktop app does so, to show the rows sooner."""
        return self.sync_service.sync(
            progress=progress, cancel=cancel, page_rows=page_rows, index=index
        )

    def conflicts(self, state: str = "open", translate: Translate = chinese) -> list[ConflictView]:
        """``open`` (undecided or waiting to sync), ``resolved`` or ``all``; worded through
        ``translate`` (Chinese unless given)."""
        return self.conflict_service.list(state, translate)

    def resolve_conflict(
        self, conflict_id: str, choice: str, value: Any = None, translate: Translate = chinese
    ) -> ConflictView:
        """``mine`` / ``theirs`` / ``new`` (with ``value``) / ``keep`` / ``accept_delete``."""
        return self.conflict_service.resolve(conflict_id, choice, value, translate)

    def rejections(self, limit: int = 200) -> list[Rejection]:
        """Changes the server refused (newest first), with the reason in plain words."""
        return self.rejection_service.rejections(limit)

    def dismiss_rejection(self, mutation_id: str) -> None:
        """Give up a rejected change after reading why; a row kept only for it goes."""
        self.rejection_service.dismiss(mutation_id)

    def rejected_changes(
        self, limit: int = 200, translate: Translate = chinese
    ) -> list[RejectedChange]:
        """Refused changes in plain words (the row, the change, why), newest first."""
        return self.rejection_service.list(limit, translate)

    def keep_rejected_copy(self, mutation_id: str, translate: Translate = chinese) -> KeptCopy:
        """Keep a read-only local copy of a refused change (never synced), then dismiss it."""
        return self.rejection_service.keep_copy(mutation_id, translate)

    def quarantined_rows(self, limit: int = 500) -> list[QuarantinedRow]:
        """Rows from the centre this client could not read: entity, id, reason code and a
        technical note (no values). They do not hold up the sync; a later version of a row
        that reads replaces its entry."""
        return self.sync_service.quarantined(limit)

    def kept_copies(self, limit: int = 500, translate: Translate = chinese) -> list[KeptCopy]:
        """Copies of refused changes kept for the record, newest first."""
        return self.rejection_service.kept_copies(limit, translate)

    def download_photo(self, sha256: str, variant: str = "thumb") -> Path:
        """Fetch a photo of someone else's visit: ``thumb`` first, ``full`` on demand."""
        return self.sync_service.download_photo(sha256, variant)

    def reveal(self, resident_id: str, field: str, *, reason: str) -> str:
        """The full ID number or phone of a resident; audited with ``reason``."""
        return self.privacy.reveal(resident_id, field, reason)

    def audit_events(self, limit: int = 200) -> list[AuditEvent]:
        """The newest local audit events (reveals, exports), newest first."""
        return self.privacy.events(limit)

    def photo_path(self, sha256: str, *, thumbnail: bool = False) -> Path:
        store = self.ctx.photos
        return store.thumbnail_path(sha256) if thumbnail else store.path(sha256)

    def remove_orphan_photos(self, *, min_age_seconds: float = 3600) -> int:
        """Delete photo files no visit refers to: left by a save that never committed.

        Runs at start-up. Files younger than ``min_age_seconds`` are spared, because another
        process (the CLI beside the app) may be saving a visit whose transaction is still open.
        """
        from .storage.queries import photo_hashes

        with self.db.reading() as s:
            keep = photo_hashes(s)
        return self.ctx.photos.remove_orphans(keep, min_age_seconds=min_age_seconds)

    def load_demo(self, *, households: int, seed: int = 7) -> None:
        """Fill an empty workspace with a synthetic village (for demos and benchmarks)."""
        from .services.demo import generate_village
        from .storage.bulk import load_village

        if self.view.counts()["households"]:
            raise GridworkerError(code="not_empty")
        data = generate_village(households=households, seed=seed, today=self.ctx.now().date())
        with self.db.transaction() as s:
            load_village(s, data)
        self.set_actor(Actor(username="worker1", display_name="网格员（演示）", role=Role.WORKER))
