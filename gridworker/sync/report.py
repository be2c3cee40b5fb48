"""What a sync run tells its caller: the report of what it did (``SyncReport``, with the
server's refusals as ``Rejection``) and the ``Progress`` callback it calls meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Progress = Callable[[str, int, int | None], None]
"""``progress(phase, done, total)``: phase ``push`` (entries), ``pull`` (rows; total unknown:
None), ``indexing`` (search index entries, after a large pull), ``upload`` (photo bytes)."""


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
    requeued: int = 0
    """Rows that pull from the beginning did not mention although this workspace wrote them
    and the server had accepted them (it lost them: a restored backup): queued again as
    creates instead of swept (``sweep.requeue``); the next push sends them."""
    resent: int = 0
    """Rows that pull from the beginning brought in an older version than mine (the server
    lost history: a restored backup) whose values differ from mine: my values queued again
    as updates on the server's version (``sweep.resend``); the next push sends them."""
    quarantined: int = 0
    """Pulled rows this client could not read, kept aside (``sync.quarantine``)."""
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
