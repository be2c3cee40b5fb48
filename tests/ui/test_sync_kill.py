"""Killing the desktop app during a sync and starting it again resumes cleanly: nothing lost,
nothing repeated.

The real app (``python -m gridworker --data-dir …``, offscreen, signed in at start with
``GRIDWORKER_PASSWORD`` as ``make run`` does) syncs a workspace holding thousands of offline
changes and visits with photos, while another worker's rows make the pull several pages long.
It dies by SIGKILL at named points of the cycle: the crash hooks of tests/sync/crash_child.py,
installed in the app process by a ``sitecustomize`` module this test puts on ``PYTHONPATH``
(product code has no hooks). The same module prints ``SYNCED <report>`` when a sync returns,
so the test knows when a restarted app has finished without sleeping.

After the kills the app is started again and syncs to the end, then once more (the visits the
centre rewrote once their photos arrived come back); then the checks of
tests/sync/test_client_crash.py: every local change on the server exactly once (creates at
version 1, edits at base + 1, each mutation id stored once), photos complete with the right
SHA-256, nothing pending or refused in the journal, and the workspace equal to the server's
rows of its grid.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support.server import GridcenterProcess, fresh_data_dir

from tests.sync.test_client_crash import ENGINE, ROOT, Rig

pytestmark = [pytest.mark.slow, pytest.mark.gui]

CRASH_CHILD = ROOT / "tests" / "sync" / "crash_child.py"
APP_TIMEOUT = 180  # seconds for one app run to sync (a loaded machine; never a test of speed)

SITECUSTOMIZE = '''
"""Test hooks for tests/ui/test_sync_kill.py, loaded at interpreter start-up."""
import importlib.util
import json
import os

if os.environ.get("KILL_TEST_HOOKS"):
    spec = importlib.util.spec_from_file_location("crash_child", os.environ["KILL_TEST_CHILD"])
    crash_child = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(crash_child)
    if os.environ.get("CRASH_AT"):
        crash_child.install_hooks(os.environ["CRASH_AT"])

    from gridworker.services.sync import SyncService
    from gridworker.sync import engine as _engine

    _options = json.loads(os.environ.get("CRASH_ENGINE") or "{}")
    _engine_of = SyncService.engine

    def _small_batches(self):
        engine = _engine_of(self)
        for name, value in _options.items():
            setattr(engine, name, value)
        return engine

    SyncService.engine = _small_batches
    _sync = SyncService.sync

    def _reporting_sync(self, progress=None, cancel=None, page_rows=None, **options):
        seen = {"phase": ""}

        def phases(phase, done, total):
            if phase != seen["phase"]:
                seen["phase"] = phase
                print("PHASE", phase, flush=True)
            if progress is not None:
                progress(phase, done, total)

        report = _sync(self, progress=phases, cancel=cancel, page_rows=page_rows, **options)
        print("SYNCED", json.dumps(report.as_dict(), ensure_ascii=False), flush=True)
        return report

    SyncService.sync = _reporting_sync
'''


class AppRig(Rig):
    """The crash rig of tests/sync, with the desktop app in place of the headless child."""

    def __init__(self, server: GridcenterProcess, root: Path):
        super().__init__(server, root)
        self.hooks = root / "hooks"
        self.hooks.mkdir()
        (self.hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")

    def _env(self, crash_at: str | None) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("CRASH_AT", None)
        env.update({
            "PYTHONPATH": os.pathsep.join([str(self.hooks), str(ROOT),
                                           env.get("PYTHONPATH", "")]),
            "QT_QPA_PLATFORM": "offscreen",
            "KILL_TEST_HOOKS": "1",
            "KILL_TEST_CHILD": str(CRASH_CHILD),
            "CRASH_ENGINE": json.dumps(ENGINE),
            "GRIDWORKER_PASSWORD": self.server.password,
            # No keyring here: the session lasts one process, the password signs in each start.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "XDG_CONFIG_HOME": str(self.root / "config"),  # the app's QSettings
        })  # fmt: skip
        env.pop("GRIDWORKER_SERVER", None)
        if crash_at:
            env["CRASH_AT"] = crash_at
        return env

    def run_app(self, crash_at: str | None = None) -> tuple[int, dict | None]:
        """Start the app; return (exit code, the first sync report). With ``crash_at`` it is
        expected to die there; without, it is killed once its sync has returned."""
        app = subprocess.Popen(
            [sys.executable, "-m", "gridworker", "--data-dir", str(self.data_dir)],
            env=self._env(crash_at), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, cwd=self.root,
        )  # fmt: skip
        lines: list[str] = []
        report: dict | None = None
        timer = threading.Timer(APP_TIMEOUT, app.kill)  # never hang the test run
        timer.start()
        try:
            assert app.stdout is not None
            for line in app.stdout:
                lines.append(line.rstrip())
                if line.startswith("SYNCED "):
                    report = json.loads(line[len("SYNCED "):])
                    app.send_signal(signal.SIGKILL)  # finished: stop it (no need to be kind)
                    break
            app.wait(30)
        finally:
            timer.cancel()
            if app.poll() is None:
                app.kill()
                app.wait()
        err = app.stderr.read() if app.stderr else ""
        phases = [x.split()[1] for x in lines if x.startswith("PHASE ")]
        where = f"killed in {phases[-1] if phases else 'start-up or push'}"
        self.log.append(f"app {crash_at or 'recovery'}: {'synced' if report else where}")
        if report is None and not crash_at:
            raise AssertionError(f"the app never finished a sync ({app.returncode}):\n"
                                 + "\n".join(lines[-20:]) + "\n" + err[-3000:])
        if report is not None and crash_at:
            raise AssertionError(f"{crash_at} was never reached:\n" + "\n".join(lines[-20:]))
        if report is None and app.returncode != -signal.SIGKILL:
            raise AssertionError(f"the app failed ({app.returncode}):\n{err[-3000:]}")
        return app.returncode, report

    def recover_with_app(self) -> None:
        _, first = self.run_app()
        assert first is not None and first["pending"] == 0, first
        _, again = self.run_app()  # brings the visits rewritten once their photos arrived
        assert again is not None and again["pushed"] == 0 and again["uploaded"] == 0, (
            first, again,
        )  # fmt: skip


@pytest.fixture(scope="module")
def app_rig(tmp_path_factory):
    root = tmp_path_factory.mktemp("appkill")
    with GridcenterProcess(fresh_data_dir(root / "server")) as server:
        made = AppRig(server, root)
        yield made
        made.other.close()


# (name, kill points in order, households, residents each, edits, photos): each kill is a new
# app process on the same workspace (so a restart can itself be killed); then a clean restart.
ROUNDS = [
    ("push-inflight-then-commit", ["push_inflight:2:0.02", "push_commit:1"], 200, 9, 150, 2),
    ("pull-page-then-between-pages", ["pull_page:2", "pull_request:3"], 40, 9, 50, 1),
    ("upload-inflight-then-answer", ["upload_inflight:3:0.005", "upload_answer:4"], 10, 4, 10, 2),
]


@pytest.mark.parametrize(("kills", "households", "residents", "edits", "photos"),
                         [r[1:] for r in ROUNDS], ids=[r[0] for r in ROUNDS])
def test_the_app_killed_during_a_sync_resumes_with_nothing_lost_or_repeated(
    app_rig, kills, households, residents, edits, photos
):
    work = app_rig.make_work(households, residents, edits, photos)
    app_rig.other_writes(60, 9)  # the pull has several pages
    for spec in kills:
        code, _ = app_rig.run_app(spec)
        assert code == -signal.SIGKILL
    app_rig.recover_with_app()
    app_rig.check(work)
    print("app kills:", "; ".join(app_rig.log[-len(kills) - 2 :]))
