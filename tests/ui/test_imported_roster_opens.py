"""Issue 11's first complaint, as a new user met it: the centre imports a roster that has no
民族 (or 文化程度) column, the worker syncs, and the household opens, through
``gridworker.api`` and in the window, with those fields shown as not recorded."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from support.server import GRID1

from gridworker.domain.codes import NOT_RECORDED
from gridworker.ui.household_detail import ResidentTableModel

pytestmark = pytest.mark.gui


def test_a_roster_without_ethnicity_syncs_and_opens(qtbot, tmp_path, gridcenter, signed_in,
                                                    make_window):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "组,门牌号,姓名,性别,公民身份号码,电话,与户主关系\n"
        "新导入组,88号,Zhao Yi,男,,13812340001,户主\n"
        "新导入组,88号,Zhao Er,女,,,配偶\n",
        encoding="utf-8",
    )
    result = gridcenter.admin("import-roster", str(roster), "--grid", GRID1)
    assert result.returncode == 0, result.stderr
    ws = signed_in(gridcenter, "worker1", "w1")

    (home,) = [h for h in ws.households() if h.door_number == "88号"]
    detail = ws.household(home.id)  # the facade the UI uses
    names = {r.name: r for r in detail.residents}
    assert set(names) == {"Zhao Yi", "Zhao Er"}
    assert names["Zhao Yi"].ethnicity == NOT_RECORDED and names["Zhao Yi"].education == ""
    assert detail.household.head_resident_id == names["Zhao Yi"].id

    window = make_window(ws)
    window.select_household(home.id)
    qtbot.waitUntil(lambda: window.detail.household_id == home.id
                    and not window.detail.is_loading(), timeout=10_000)
    model = window.detail.residents_model
    shown = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert {"Zhao Yi", "Zhao Er"} <= {s.split("\n")[0] for s in shown if s}
    assert isinstance(model, ResidentTableModel)
