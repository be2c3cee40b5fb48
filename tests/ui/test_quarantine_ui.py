"""Rows from the centre this client cannot read, as the worker sees them: a note in the status
bar in plain words, a dialog listing the kind of record and why (no personal data) and telling
the worker to report it; in Chinese and in English. Against a real gridcenter whose database
the test spoils directly. An unknown vocabulary code opens as the code itself."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from support.centre_rows import centre_rows
from support.server import GRID1

from gridworker.api import QuarantinedRow
from gridworker.ui.household_detail import ResidentTableModel
from gridworker.ui.quarantine_dialog import QuarantineDialog, summary_text

pytestmark = pytest.mark.gui

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def _open_dialog(qtbot, window) -> QuarantineDialog:
    qtbot.mouseClick(window.sync_status.quarantine_button, Qt.MouseButton.LeftButton)
    found: list[QuarantineDialog] = []

    def opened() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QuarantineDialog) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(opened, timeout=10_000)
    return found[0]


def _cells(dialog: QuarantineDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_status_bar_and_dialog_tell_the_worker_and_unknown_codes_open(
    qtbot, gridcenter, signed_in, make_window
):
    with centre_rows(gridcenter) as centre:
        residents = centre.rows("resident", GRID1)
        bad_birth, bad_phone, unknown = residents[0], residents[1], residents[2]
        assert len({bad_birth.parent_id, bad_phone.parent_id, unknown.parent_id}) >= 1
        centre.write(bad_birth.id, bad_birth.data | {"birth_date": "not-a-date"})
        centre.write(bad_phone.id, bad_phone.data | {"phone": 13800138000})
        centre.write(unknown.id, unknown.data | {"relation": "future_relation",
                                                 "care_categories": ["future_care"]})
    ws = signed_in(gridcenter, "worker1", "w1")
    assert ws.status().quarantined == 2
    window = make_window(ws)
    button = window.sync_status.quarantine_button
    qtbot.waitUntil(button.isVisible, timeout=10_000)
    assert button.text() == "有 2 条来自中心的记录无法读取，已暂存，不影响其他数据同步"

    dialog = _open_dialog(qtbot, window)
    assert dialog.summary_label.text() == button.text()
    cells = _cells(dialog)
    assert sorted(row[0] for row in cells) == ["居民", "居民"]
    assert {row[1] for row in cells} == {"有一项内容的格式或类型不对"}
    assert {row[3] for row in cells} == {bad_birth.id, bad_phone.id}
    assert any("birth_date" in row[2] for row in cells)
    assert "告诉中心" in dialog.advice_label.text()
    shown = " ".join(" ".join(row) for row in cells) + dialog.report_text()
    for secret in (bad_birth.data["name"], bad_phone.data["name"], "13800138000", "not-a-date"):
        assert secret not in shown  # no personal data, no values
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert bad_birth.id in copied and "bad_value" in copied
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)

    # The household with a code this client does not know opens, showing the code itself.
    window.select_household(unknown.parent_id)
    qtbot.waitUntil(lambda: window.detail.household_id == unknown.parent_id
                    and not window.detail.is_loading(), timeout=10_000)
    model = window.detail.residents_model
    row = model.row_of(unknown.id)
    assert row >= 0
    relation = ResidentTableModel.HEADERS.index("与户主关系")
    assert model.index(row, relation).data() == "future_relation"
    detail = ws.household(unknown.parent_id)
    assert any(r.id == unknown.id for r in detail.residents)


def _rows() -> list[QuarantinedRow]:
    when = datetime(2026, 12, 1, 9, 30)
    return [
        QuarantinedRow("resident", "01a2-r1", 3, "bad_value",
                       "resident.birth_date: missing or of the wrong type", when, when),
        QuarantinedRow("incident_report", "01a2-x1", 1, "unknown_entity",
                       "unknown entity incident_report", when, when),
        QuarantinedRow("visit", "01a2-v1", 2, "parent_quarantined",
                       "visit: its household is quarantined", when, when),
        QuarantinedRow("resident", "01a2-r2", 1, "some_future_code", "?", when, when),
    ]


def test_dialog_texts_in_chinese(qtbot):
    dialog = QuarantineDialog(_rows())
    qtbot.addWidget(dialog)
    cells = _cells(dialog)
    assert [row[0] for row in cells] == ["居民", "新类型的记录（incident_report）", "走访记录",
                                         "居民"]  # fmt: skip
    assert cells[1][1].startswith("这种记录本版本还不认识")
    assert "所属的记录" in cells[2][1]
    assert cells[3][1] == "some_future_code"  # a reason this build does not know: as itself
    assert dialog.windowTitle() == "无法读取的记录"
    assert summary_text(1) == "有 1 条来自中心的记录无法读取，已暂存，不影响其他数据同步"


def test_dialog_and_status_note_in_english(qtbot, english):
    dialog = QuarantineDialog(_rows())
    qtbot.addWidget(dialog)
    texts = [dialog.windowTitle(), dialog.summary_label.text(), dialog.advice_label.text(),
             dialog.copy_button.text()]
    texts += [dialog.table.horizontalHeaderItem(c).text() for c in range(4)]
    texts += [cell for row in _cells(dialog) for cell in row[:2]]
    for text in texts:
        assert not CJK.search(text), text
    assert summary_text(1) == ("1 record from the centre could not be read; kept aside, "
                               "the rest still syncs")
    assert "4 records" in dialog.summary_label.text()
    assert _cells(dialog)[0][0] == "Resident"
    assert "report" in dialog.advice_label.text().lower()
