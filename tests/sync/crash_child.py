"""Child process of test_client_crash.py: sign in, run ``Workspace.sync()``, and die by SIGKILL
at a named point of the cycle (or wherever the parent's SIGKILL lands).

    python tests/sync/crash_child.py DATA_DIR SERVER_URL USERNAME PASSWORD

Environment:
- ``CRASH_AT=point:n[:delay]`` — die the n-th time ``point`` is reached (after ``delay``
  seconds on a timer thread for the ``*_inflight`` points, i.e. while the request is on the
  wire). Points:
  ``push_inflight``  during a push request;
  ``push_answer``    the server answered a push batch, nothing recorded locally yet;
  ``push_commit``    inside the local transaction recording a push answer, before commit;
  ``pull_page``      inside a pull page's local transaction, before commit;
  ``pull_request``   before asking for the next page, or taking the one the engine read ahead
                     (the previous one is committed);
  ``upload_inflight`` during a photo chunk upload;
  ``upload_answer``  the server acknowledged a chunk, nothing recorded locally yet.
- ``CRASH_ENGINE`` — JSON of SyncEngine options (``push_batch``, ``pull_limit``, ``chunk_bytes``).

The hooks monkeypatch the engine's collaborators in this process only; product code has none.
Prints ``READY`` once signed in (the parent starts its random timers from there), ``PHASE
<name>`` when the sync enters a phase, and the sync report as JSON if the sync finishes.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections import Counter
from typing import Any


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def install_hooks(spec: str) -> None:
    from gridworker.sync import apply, push_results
    from gridworker.sync.client import ApiClient

    name, _, rest = spec.partition(":")
    nth_text, _, delay_text = rest.partition(":")
    nth = int(nth_text or 1)
    delay = float(delay_text or 0)
    seen: Counter[str] = Counter()

    def reached(point: str) -> bool:
        seen[point] += 1
        return point == name and seen[point] == nth

    def later() -> None:
        threading.Timer(delay, _die).start()

    push, changes, put_blob = ApiClient.push, ApiClient.changes, ApiClient.put_blob
    changes_from = ApiClient.changes_from
    record, apply_rows = push_results.record_push_results, apply.apply_rows
    state = {"recording": False}

    def hooked_push(self: ApiClient, *args: Any, **kwargs: Any) -> Any:
        if reached("push_inflight"):
            later()
        answer = push(self, *args, **kwargs)
        if reached("push_answer"):
            _die()
        return answer

    def hooked_changes(self: ApiClient, *args: Any, **kwargs: Any) -> Any:
        if reached("pull_request"):
            _die()
        return changes(self, *args, **kwargs)

    def hooked_changes_from(self: ApiClient, *args: Any, **kwargs: Any) -> Any:
        if reached("pull_request"):
            _die()
        return changes_from(self, *args, **kwargs)

    def hooked_put_blob(self: ApiClient, *args: Any, **kwargs: Any) -> Any:
        if reached("upload_inflight"):
            later()
        answer = put_blob(self, *args, **kwargs)
        if reached("upload_answer"):
            _die()
        return answer

    def hooked_record(*args: Any, **kwargs: Any) -> Any:
        state["recording"] = True
        try:
            out = record(*args, **kwargs)
        finally:
            state["recording"] = False
        if reached("push_commit"):
            _die()  # the caller's transaction holds everything, uncommitted
        return out

    def hooked_apply_rows(*args: Any, **kwargs: Any) -> Any:
        out = apply_rows(*args, **kwargs)
        if not state["recording"] and reached("pull_page"):
            _die()  # inside the page's transaction, cursor written, not committed
        return out

    ApiClient.push = hooked_push  # type: ignore[method-assign]
    ApiClient.changes = hooked_changes  # type: ignore[method-assign]
    ApiClient.changes_from = hooked_changes_from  # type: ignore[method-assign]
    ApiClient.put_blob = hooked_put_blob  # type: ignore[method-assign]
    push_results.record_push_results = hooked_record
    apply.apply_rows = hooked_apply_rows


def main(argv: list[str]) -> int:
    data_dir, url, username, password = argv
    if os.environ.get("CRASH_AT"):
        install_hooks(os.environ["CRASH_AT"])
    from gridworker.api import Workspace
    from gridworker.sync.client import RetryPolicy
    from gridworker.sync.credentials import MemoryStore

    ws = Workspace.open(data_dir, credentials=MemoryStore())
    ws.sync_service.client_options = {"retry": RetryPolicy(attempts=2, base_delay=0.05)}
    ws.sync_service.engine_options = json.loads(os.environ.get("CRASH_ENGINE") or "{}")
    ws.login(url, username, password)
    print("READY", flush=True)
    last = {"phase": ""}

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase != last["phase"]:  # tells the parent where a random kill landed
            last["phase"] = phase
            print(f"PHASE {phase}", flush=True)

    report = ws.sync(progress=progress)
    print(json.dumps(report.as_dict(), ensure_ascii=False), flush=True)
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
