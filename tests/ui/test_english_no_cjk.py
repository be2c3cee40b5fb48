"""The English UI shows no Chinese in what the message paths show (issue 11, item 6).

With the English translation installed the test drives forms with every kind of invalid input
(resident editor, household editor, visit form), error dialogs, and, against a real
gridcenter, a conflict, refused changes (one out of scope, one the centre found invalid), the
status bar after the sync, the conflict centre's tabs and a kept copy. It collects every
visible text (labels, buttons, tooltips, placeholders, combo items, tab texts, the cells and
headers of item views, message boxes) and fails on any CJK character or full-width
punctuation, naming the widget.

User data is the one exception, made explicitly: the forms are filled with ASCII, and for the
centre's demo village (Chinese names and addresses) every text value of the workspace's rows
(names, addresses, grid names, summaries …) is cut out of a text before it is checked, so the
words around a name are still checked. A message box's *detailed* text (the technical details
to copy for support, which quote the centre's own words) is not checked.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from support.server import GRID2

from gridworker.api import (
    GridworkerError,
    InvalidInput,
    NotFoundError,
    PhotoRejected,
    ServerError,
    ValidationError,
    Workspace,
)
from gridworker.domain.errors import DiskFull
from gridworker.ui.conflict_centre import TAB_DONE, TAB_OPEN, TAB_REJECTED, ConflictCentre
from gridworker.ui.errors import show_error
from gridworker.ui.resident_editor import ResidentEditor
from gridworker.ui.tasks import TaskRunner
from gridworker.ui.visit_form import VisitForm

pytestmark = pytest.mark.gui

WAIT = 60_000
DB_FILE = "gridworker.sqlite3"
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""CJK ideographs, CJK and full-width punctuation (（），：。、). (Curly quotes are English too.)"""


# -- collecting what is shown ------------------------------------------------------------------
def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    parent = parent if parent is not None else QModelIndex()
    try:
        columns = max(1, model.columnCount(parent))
    except TypeError:  # a list model: columnCount is private
        columns = 1
    for row in range(model.rowCount(parent)):
        for col in range(columns):
            index = model.index(row, col, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str):
                    yield value
        first = model.index(row, 0, parent)
        if columns > 1 and model.rowCount(first) > 0:  # a tree: its children too
            yield from _model_texts(model, first)
    if not parent.isValid():
        for col in range(columns):
            value = model.headerData(col, Qt.Orientation.Horizontal)
            if isinstance(value, str):
                yield value


def _texts(widget: QWidget) -> Iterator[str]:
    if widget.isWindow():
        yield widget.windowTitle()
    yield widget.toolTip()
    if isinstance(widget, QMessageBox):
        yield widget.text()
        yield widget.informativeText()  # (not detailedText: see the module docstring)
    if isinstance(widget, QLabel):
        yield widget.text()
    if isinstance(widget, QAbstractButton):
        yield widget.text()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QLineEdit):
        yield widget.text()
        yield widget.placeholderText()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        yield widget.toPlainText()
        yield widget.placeholderText()
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model())


def shown(root: QWidget) -> list[tuple[str, str]]:
    """(widget, text) for every visible widget under ``root`` (itself included)."""
    out = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        name = f"{type(widget).__name__}#{widget.objectName() or '?'}"
        out.extend((name, text) for text in _texts(widget) if text)
    return out


def chinese_in(texts: Iterable[tuple[str, str]], user_data: Iterable[str] = ()) -> list[str]:
    """The texts with CJK left after cutting out ``user_data`` (longest first)."""
    cut = sorted({u for u in user_data if u}, key=len, reverse=True)
    bad = []
    for where, text in texts:
        rest = text
        for value in cut:
            rest = rest.replace(value, "")
        if CJK.search(rest):
            bad.append(f"{where}: {text!r}")
    return bad


def assert_english(root: QWidget, user_data: Iterable[str] = ()) -> list[tuple[str, str]]:
    texts = shown(root)
    assert texts, f"nothing visible under {root!r}"
    bad = chinese_in(texts, user_data)
    assert not bad, "Chinese in the English UI:\n" + "\n".join(bad)
    return texts


def user_data(ws: Workspace) -> set[str]:
    """Every text value of the workspace's rows: what people typed (names, addresses …),
    and the signed-in worker's display name (the centre's account data)."""
    values: set[str] = set()
    binding = ws.binding
    if binding is not None:
        values.add(binding.display_name)
    db = sqlite3.connect(ws.data_dir / DB_FILE)
    try:
        for table in ("grids", "households", "residents", "visits", "kept_copies"):
            cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            for row in db.execute(f"SELECT * FROM {table}"):
                for col, value in zip(cols, row, strict=True):
                    if isinstance(value, str) and CJK.search(value) and col != "changes":
                        values.add(value)
                        values.update(value.split())
    finally:
        db.close()
    return values


def settle(tasks: TaskRunner) -> None:
    for _ in range(3):
        tasks.wait()
        QApplication.processEvents()


# -- forms --------------------------------------------------------------------------------------
@pytest.fixture
def village(tmp_path: Path) -> Iterator[tuple[Workspace, str]]:
    """One grid, one household with its head: ASCII data, so the check can be strict."""
    ws = Workspace.open(tmp_path / "ws")
    grid = ws.create_grid(code="110105001001001", name="Grid One")
    household = ws.add_household(grid.id, group_name="Group 1", door_number="No. 12")
    ws.add_resident(household.id, name="Zhang San", relation="head",
                    citizen_id="44052419500101001X")  # fmt: skip
    try:
        yield ws, household.id
    finally:
        ws.close()


def test_resident_editor_messages_are_english(english, qtbot, village, tasks):
    ws, hh = village
    editor = ResidentEditor(ws, tasks)
    qtbot.addWidget(editor)
    editor.new_resident(hh)
    qtbot.waitUntil(editor.isVisible, timeout=5000)
    settle(tasks)
    assert_english(editor)

    # A wrong check digit, a short phone: checked while typing / on leaving the field.
    qtbot.keyClicks(editor.citizen_id, "110105194912310021")
    qtbot.keyClicks(editor.phone, "138123456")
    editor.phone.editingFinished.emit()
    assert editor.citizen_id_message.isVisible() and editor.phone_message.isVisible()
    assert editor.citizen_id_message.text().startswith("Check character mismatch")
    assert_english(editor)

    # The service's answers: no name, a duplicate ID number.
    editor.citizen_id.clear()
    qtbot.keyClicks(editor.citizen_id, "44052419500101001X")
    editor.phone.clear()
    editor.save()
    qtbot.waitUntil(lambda: editor.name_message.isVisible(), timeout=5000)
    assert editor.name_message.text() == "Please enter the name"
    assert_english(editor)
    qtbot.keyClicks(editor.name, "Li Si")
    editor.save()
    qtbot.waitUntil(lambda: editor.citizen_id_message.is_error, timeout=5000)
    assert "already registered" in editor.citizen_id_message.text()
    assert_english(editor)

    # An ID number of an impossible date, a 15-digit number with a letter, a bad length.
    for number in ("110105194913310021", "11010549123100X", "1101051949"):
        editor.citizen_id.clear()
        qtbot.keyClicks(editor.citizen_id, number)
        editor.citizen_id.editingFinished.emit()
        assert editor.citizen_id_message.is_error, number
        assert_english(editor)


def _household_editor(qtbot, ws: Workspace, tasks: TaskRunner):
    from gridworker.ui.main_window import MainWindow

    window = MainWindow(ws, tasks)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    window.show()
    window.new_household_action.trigger()
    editor = window.household_actions.editor()
    qtbot.waitUntil(lambda: editor.isVisible() and editor.save_button.isEnabled(), timeout=5000)
    settle(tasks)
    return window, editor


def test_household_editor_messages_are_english(english, qtbot, village, tasks):
    ws, _hh = village
    window, editor = _household_editor(qtbot, ws, tasks)
    try:
        assert_english(editor)
        qtbot.keyClicks(editor.phone, "12345")
        editor.phone.editingFinished.emit()
        assert editor.phone_message.is_error
        editor.save_button.click()  # no address either: the service says so too
        settle(tasks)
        qtbot.waitUntil(lambda: editor.door_message.is_error or editor.phone_message.is_error,
                        timeout=5000)  # fmt: skip
        assert_english(editor)
        editor.phone.clear()
        editor.save_button.click()
        settle(tasks)
        qtbot.waitUntil(lambda: editor.door_message.is_error, timeout=5000)
        assert editor.door_message.text().startswith("Fill in at least one of")
        assert_english(editor)
    finally:
        editor.close()
        window.close()


def test_visit_form_messages_are_english(english, qtbot, village, tasks, tmp_path):
    ws, hh = village
    form = VisitForm(ws, tasks)
    qtbot.addWidget(form)
    form.resize(820, 760)
    form.show()
    form.start(hh, "Group 1 No. 12")
    qtbot.waitExposed(form)
    settle(tasks)
    assert_english(form)

    form.save()  # no summary
    qtbot.waitUntil(lambda: form.summary_message.isVisible(), timeout=5000)
    assert form.summary_message.text() == "Please fill in the visit summary"
    assert_english(form)

    qtbot.keyClicks(form.summary, "All well")
    form.started_at.setDateTime(form.started_at.dateTime().addDays(2))  # in the future
    form.save()
    qtbot.waitUntil(lambda: form.time_message.isVisible(), timeout=5000)
    assert form.time_message.text() == "The visit time cannot be later than now"
    assert_english(form)

    fake = tmp_path / "not-a-photo.jpg"
    fake.write_text("plain text")
    form.photos.add_paths([fake])
    settle(tasks)
    qtbot.waitUntil(lambda: form.photos.message.isVisible(), timeout=5000)
    assert "Not a recognised image file" in form.photos.message.text()
    assert_english(form)


# -- error dialogs -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "error",
    [
        DiskFull(),
        NotFoundError(params={"reason": "household"}),
        GridworkerError(code="not_empty"),
        ValidationError(code="too_many_photos", params={"max": 9}),
        InvalidInput({"name": ValidationError(code="name_required", field="name")}),
        PhotoRejected(code="photo_missing", params={"name": "IMG_0001.jpg"}),
        ServerError("invalid", "居民：身份证号码为空", 422),  # the centre's words are Chinese
        RuntimeError("boom"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_error_dialogs_are_english(english, qtbot, error):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    box = show_error(parent, error)
    qtbot.waitUntil(box.isVisible, timeout=5000)
    try:
        texts = assert_english(box)
        assert any(t for w, t in texts if w.startswith("QMessageBox") or w.startswith("QLabel"))
    finally:
        box.close()


def test_without_the_translation_the_codes_render_chinese():
    """The check below has teeth: with no translator the same codes come back Chinese."""
    from gridrules.messages import TEMPLATES as RULES
    from gridworker.domain.messages import TEMPLATES
    from gridworker.ui.messages import message_text

    bad = []
    for key in [*TEMPLATES, *RULES]:
        code, _, reason = key.partition(".")
        params = {"reason": reason} if reason else {}
        text = message_text(code, **params)
        if CJK.search(text):
            bad.append(f"{key}: {text!r}")
    # checked without the translator: the Chinese source comes back, so the test has teeth
    chinese = [k for k, v in {**TEMPLATES, **RULES}.items() if CJK.search(v)]
    assert len(chinese) > 150 and len(bad) == len(chinese), "translator unexpectedly installed"


def test_every_message_code_has_english_when_translated(english):
    from gridrules.messages import TEMPLATES as RULES
    from gridworker.domain.messages import TEMPLATES
    from gridworker.ui.messages import message_text

    bad = []
    for key in [*TEMPLATES, *RULES]:
        code, _, reason = key.partition(".")
        text = message_text(code, **({"reason": reason} if reason else {}))
        if CJK.search(text):
            bad.append(f"{key}: {text!r}")
    assert not bad, "codes rendered with Chinese in English:\n" + "\n".join(bad)


# -- sync: conflict, refused changes, status bar, kept copy ---------------------------------
def _journal_entry_with_bad_phone(ws: Workspace, household_id: str) -> None:
    """Write an invalid value straight into the journal (as a buggy client would): the
    client's own checks never let it through, the centre refuses it."""
    import json

    db = sqlite3.connect(ws.data_dir / DB_FILE)
    try:
        row = db.execute(
            "SELECT mutation_id, changes FROM journal WHERE row_id = ? ORDER BY seq DESC",
            (household_id,),
        ).fetchone()
        assert row is not None, "no journal entry for the household"
        changes = json.loads(row[1])
        changes["phone"]["new"] = "12345"
        db.execute("UPDATE journal SET changes = ? WHERE mutation_id = ?",
                   (json.dumps(changes), row[0]))  # fmt: skip
        db.commit()
    finally:
        db.close()


def _select(view, row: int) -> None:
    """Make ``row`` of one of the conflict centre's lists the current one, as a click does."""
    view.setCurrentIndex(view.model().index(row, 0))


def test_sync_conflict_refusals_status_bar_and_kept_copy_are_english(
    english, qtbot, gridcenter, signed_in, make_window
):
    w1 = signed_in(gridcenter, "worker1", "en-w1")
    w2 = signed_in(gridcenter, "worker2", "en-w2")
    homes = sorted((h for h in w1.households() if h.member_count), key=lambda h: h.id)
    clash, moved, invalid = (h.id for h in homes[:3])
    resident = w1.residents(clash)[0]
    w2.update_resident(resident.id, phone="13700000002")
    w2.sync()
    w1.update_resident(resident.id, phone="13700000001")  # a field conflict
    w1.update_household(moved, phone="010-12345678")  # refused: out of scope
    w1.update_household(invalid, phone="010-87654321")
    _journal_entry_with_bad_phone(w1, invalid)  # refused: invalid
    result = gridcenter.admin("reassign-household", "--household", moved, "--grid", GRID2)
    assert result.returncode == 0, result.stderr

    window = make_window(w1, wait_for_sync=True)
    report = window.sync.last_report
    assert report is not None and len(report.rejected) == 2, report
    data = user_data(w1)
    qtbot.waitUntil(lambda: window.sync_status.extra_label.isVisible(), timeout=WAIT)
    assert_english(window.statusBar(), data)

    # The list and the household page say why (tooltips included), for each state.
    from gridworker.ui.household_model import Column

    expected = {clash: "Phone", moved: "no longer in your grid", invalid: "found the entered"}
    for hid in (clash, moved, invalid):
        row = window.model.row_of(hid)
        assert row >= 0
        tip = window.model.index(row, Column.SYNC).data(Qt.ItemDataRole.ToolTipRole)
        assert expected[hid] in tip and not chinese_in([("list", tip)], data), tip
        window.select_household(hid)
        qtbot.waitUntil(lambda h=hid: window.detail.household_id == h
                        and not window.detail.is_loading(), timeout=10_000)  # fmt: skip
        assert_english(window.detail, data)

    centre = window.show_conflict_centre()
    assert isinstance(centre, ConflictCentre)
    qtbot.waitUntil(lambda: centre.open_list.model().rowCount() == 1
                    and centre.rejected_list.model().rowCount() == 2, timeout=WAIT)  # fmt: skip
    centre.tabs.setCurrentIndex(TAB_OPEN)
    _select(centre.open_list, 0)
    QApplication.processEvents()
    assert "both changed" in centre.kind_label.text()
    assert_english(centre, data)

    centre.tabs.setCurrentIndex(TAB_REJECTED)
    reasons = []
    for i in range(centre.rejected_list.model().rowCount()):
        _select(centre.rejected_list, i)
        QApplication.processEvents()
        assert_english(centre, data)
        reasons.append(centre.reason_label.text())
    assert any("no longer in your grid" in r for r in reasons), reasons
    assert any("invalid" in r for r in reasons), reasons
    # The centre named the field and the rule: said in English, not only "invalid".
    assert any("did not accept Phone" in r for r in reasons), reasons

    _select(centre.rejected_list, 0)
    qtbot.mouseClick(centre.keep_copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: centre.kept_list.model().rowCount() == 1, timeout=WAIT)
    for tab in range(centre.tabs.count()):
        centre.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert_english(centre, user_data(w1))

    # Decide the conflict; the done tab and the status bar after that sync.
    centre.tabs.setCurrentIndex(TAB_OPEN)
    _select(centre.open_list, 0)
    QApplication.processEvents()
    qtbot.mouseClick(centre.theirs_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: centre.done_list.model().rowCount() == 1, timeout=WAIT)
    centre.tabs.setCurrentIndex(TAB_DONE)
    QApplication.processEvents()
    assert_english(centre, user_data(w1))
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=WAIT)
    assert_english(window.statusBar(), user_data(w1))


def test_the_check_has_teeth(qapp):
    """Without the translation the same collection finds the Chinese."""
    label = QLabel("（空）")
    label.setObjectName("probe")
    label.show()
    try:
        assert chinese_in(shown(label)) == ["QLabel#probe: '（空）'"]
        assert chinese_in([("x", "Zhang 张三 said")], ["张三"]) == []
    finally:
        label.close()
