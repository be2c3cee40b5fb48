"""English translations: complete for the current sources, and really used by the window.

Source strings are Chinese; ``resources/translations/gridworker_en.ts`` holds the English.
A new or changed string in the UI without an English translation fails here, naming it.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication

from gridworker.api import Workspace
from gridworker.app import translations_dir
from gridworker.domain.vocab import Vocabulary
from gridworker.ui.household_model import Column
from gridworker.ui.main_window import MainWindow
from gridworker.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = translations_dir() / "gridworker_en.ts"
QM_FILE = translations_dir() / "gridworker_en.qm"
HOW_TO_FIX = (
    "run make translations-update and translate the new strings in "
    "resources/translations/gridworker_en.ts (then make translations)"
)

Key = tuple[str, str, str]  # context, source, disambiguation comment


def _update_script() -> ModuleType:
    path = ROOT / "scripts" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def _messages(ts: Path) -> dict[Key, ET.Element]:
    out: dict[Key, ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            out[key] = message
    return out


def _translated(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return False
    forms = translation.findall("numerusform")
    texts = [f.text for f in forms] if forms else [translation.text]
    return all(t and t.strip() for t in texts)


def _describe(keys: list[Key]) -> str:
    return "\n".join(f"  [{ctx}] {src!r}" for ctx, src, _ in sorted(keys))


def test_every_source_string_has_an_english_translation(tmp_path: Path) -> None:
    script = _update_script()
    fresh = tmp_path / "fresh_en.ts"
    warnings = script.run_lupdate(fresh, ROOT, quiet=True)
    assert not warnings, "strings the update script cannot read:\n" + "\n".join(warnings)

    found = _messages(fresh)
    committed = _messages(TS_FILE)
    assert found, "lupdate found no strings at all"
    missing = [k for k in found if k not in committed]
    unfinished = [k for k in found if k in committed and not _translated(committed[k])]
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} source string(s) not in gridworker_en.ts:\n{_describe(missing)}"
        )
    if unfinished:
        problems.append(
            f"{len(unfinished)} string(s) without an English translation:\n{_describe(unfinished)}"
        )
    assert not problems, "\n".join(problems) + f"\n{HOW_TO_FIX}"


def test_compiled_qm_matches_the_ts(tmp_path: Path) -> None:
    """The committed .qm (what a packaged build ships) is the compiled committed .ts."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    fresh = tmp_path / "fresh_en.qm"
    subprocess.run(
        [
            str(lrelease) if lrelease.exists() else "pyside6-lrelease",
            "-silent",
            str(TS_FILE),
            "-qm",
            str(fresh),
        ],
        check=True,
    )
    assert QM_FILE.read_bytes() == fresh.read_bytes(), (
        "resources/translations/gridworker_en.qm is stale: run `make translations` and commit it"
    )


def test_every_vocabulary_label_is_translated() -> None:
    committed = _messages(TS_FILE)
    labels = {
        (enum.__name__, member.label)
        for enum in _vocabularies(Vocabulary)
        for member in enum  # type: ignore[attr-defined]
    }
    assert len(labels) > 100  # every enum, the 58 ethnic groups included
    bad = sorted(
        f"{enum}: {label!r}"
        for enum, label in labels
        if not (("vocab", label, "") in committed and _translated(committed[("vocab", label, "")]))
    )
    assert not bad, "vocabulary labels without English:\n" + "\n".join(bad) + f"\n{HOW_TO_FIX}"


def _vocabularies(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _vocabularies(sub)


def test_main_window_in_english(
    english: None, qtbot, workspace: Workspace, tasks: TaskRunner
) -> None:
    assert QCoreApplication.translate("vocab", "常规走访") == "Routine visit"
    assert QCoreApplication.translate("errors", "出错了") == "Error"

    window = MainWindow(workspace, tasks)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    window.show()
    try:
        qtbot.waitUntil(lambda: "—" in window.windowTitle(), timeout=10000)
        assert window.windowTitle().startswith("Grid Worker Desk — ")

        menus = [a.text() for a in window.menuBar().actions()]
        assert menus == ["&Work", "&Visits", "&Household", "&Residents", "S&ync", "&Settings"]
        assert window.new_visit_action.text() == "New visit"

        header = window.model.headerData(Column.HEAD, _horizontal())
        assert header == "Head"
        model = window.model
        states = {model.index(r, Column.STATE).data() for r in range(model.rowCount())}
        assert states and not [s for s in states if _has_chinese(s)], states
    finally:
        window.close()


def _has_chinese(text: object) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in str(text))


def _horizontal() -> object:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
