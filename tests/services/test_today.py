"""今日 and 我的走访 over a crafted village on a fixed clock (Wednesday 2026-06-10 10:00).

Households registered on 2026-05-01; the visits say which list each must land in.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from gridworker.api import (
    Actor,
    DraftKind,
    Period,
    Role,
    Workspace,
    amend_draft_key,
    household_draft_key,
    period_range,
    resident_draft_key,
    visit_draft_key,
)
from gridworker.domain.vocab import VisitDueState, VisitType
from gridworker.services.drafts import DraftTarget, draft_target
from gridworker.storage.models import ConflictRow, JournalEntryRow

REGISTERED = datetime(2026, 5, 1, 9, 0)
NOW = datetime(2026, 6, 10, 10, 0)  # a Wednesday: this week is 06-08 .. 06-14
ME = Actor(username="wang", display_name="王网格员", role=Role.WORKER)
OTHER = Actor(username="li", display_name="李网格员", role=Role.WORKER)


class Village:
    def __init__(self, ws: Workspace, clock: list[datetime]):
        self.ws, self.clock, self.ids = ws, clock, {}


@pytest.fixture
def village(tmp_path: Path) -> Village:
    clock = [REGISTERED]
    ws = Workspace.open(tmp_path / "ws", actor=ME, clock=lambda: clock[0])
    v = Village(ws, clock)
    grid = ws.create_grid(code="110105001001001", name="第一网格", village="前进村")
    care = {"B": ["elderly_alone"], "E": ["elderly_alone"]}
    for door in "ABCDEFGHIJK":
        h = ws.add_household(grid.id, group_name="一组", door_number=f"{door}号")
        ws.add_resident(h.id, name=f"户主{door}", relation="head",
                        care_categories=care.get(door, []))  # fmt: skip
        v.ids[door] = h.id
    clock[0] = NOW

    def visit(door: str, when: str, **values):
        return ws.log_visit(v.ids[door], summary=f"走访{door}",
                            started_at=datetime.fromisoformat(when), **values)  # fmt: skip

    visit("A", "2026-03-01 10:00")  # ordinary, 90 days: due 05-30, overdue
    visit("B", "2026-06-05 10:00")  # weekly: due 06-12, this week
    visit("C", "2026-06-01 10:00")  # ordinary: due in August
    visit("E", "2026-06-09 10:00", visit_type="focus")  # weekly: due 06-16, next week
    # D is never visited.
    visit("F", "2026-06-03 10:00", follow_up_date=date(2026, 6, 9), resolved_on_spot=False)
    visit("G", "2026-06-04 10:00", follow_up_date=date(2026, 6, 12))
    visit("H", "2026-06-01 10:00", follow_up_date=date(2026, 6, 5))
    visit("H", "2026-06-06 10:00", visit_type="return_visit")  # the follow-up was done
    visit("I", "2026-06-05 10:00", follow_up_date=date(2026, 6, 20))  # after this week
    j = visit("J", "2026-06-02 10:00", follow_up_date=date(2026, 6, 8))
    ws.amend_visit(j.id, reason="已当场解决", follow_up_date=None)
    k = visit("K", "2026-06-02 10:00")
    ws.amend_visit(k.id, reason="补记跟进", follow_up_date=date(2026, 6, 10))
    ws.set_actor(OTHER)
    visit("C", "2026-05-20 10:00")  # another worker's: never in my visits
    visit("G", "2026-06-02 09:00")
    ws.set_actor(ME)
    yield v
    ws.close()


def _doors(village: Village, rows) -> set[str]:
    by_id = {i: d for d, i in village.ids.items()}
    return {by_id[r.household_id if hasattr(r, "household_id") else r.id] for r in rows}


def test_overdue_is_the_household_lists_overdue_state(village):
    desk = village.ws.today()
    assert "A" in _doors(village, desk.overdue)
    listed = {h.id for h in village.ws.households() if h.due_state is VisitDueState.OVERDUE}
    assert {h.id for h in desk.overdue} == listed
    assert not {"B", "C", "E", "F", "G"} & _doors(village, desk.overdue)


def test_due_this_week_ends_on_sunday(village):
    desk = village.ws.today()
    assert desk.week_end == date(2026, 6, 14)
    assert _doors(village, desk.due_this_week) == {"B"}  # E is due on Tuesday next week
    (b,) = desk.due_this_week
    assert b.next_due == datetime(2026, 6, 12, 10, 0)


def test_never_visited(village):
    assert _doors(village, village.ws.today().never_visited) == {"D"}


def test_follow_ups_open_until_the_household_is_visited_again(village):
    desk = village.ws.today()
    # F overdue, K today (set by an amendment), G this week; H was visited again, I is due
    # after Sunday, J's follow-up was cleared by an amendment.
    assert [_doors(village, [f]).pop() for f in desk.follow_ups] == ["F", "K", "G"]
    overdue = {_doors(village, [f]).pop(): f.overdue for f in desk.follow_ups}
    assert overdue == {"F": True, "K": False, "G": False}
    f = desk.follow_ups[0]
    assert (f.follow_up_date, f.visitor, f.summary) == (date(2026, 6, 9), "wang", "走访F")


def test_a_moved_out_household_needs_no_follow_up_and_is_not_due(village):
    village.ws.set_household_status(village.ids["F"], "moved_out")
    village.ws.set_household_status(village.ids["A"], "moved_out")
    desk = village.ws.today()
    assert "F" not in _doors(village, desk.follow_ups)
    assert "A" not in _doors(village, desk.overdue)


def test_unsent_lists_every_record_with_changes_waiting(village):
    ws = village.ws
    desk = ws.today()
    assert desk.unsent_changes == ws.status().pending_changes > 0
    assert len({(r.entity, r.row_id) for r in desk.unsent}) == len(desk.unsent)
    with ws.db.transaction() as s:  # as after a sync: everything reached the server
        for entry in s.scalars(select(JournalEntryRow)):
            entry.state, entry.status, entry.server_version = "sent", "applied", 1
    assert ws.today().unsent == ()
    ws.update_household(village.ids["C"], door_number="C-1号")
    ws.update_household(village.ids["C"], address_detail="村口")
    (record,) = ws.today().unsent
    assert (record.entity, record.household_id) == ("household", village.ids["C"])
    assert record.changes == 2
    assert record.label == "一组 C-1号 村口"


def test_drafts_say_which_form_they_belong_to(village):
    ws = village.ws
    head = ws.residents(village.ids["A"])[0]
    ws.drafts.save(visit_draft_key(village.ids["D"]), {"summary": "未写完"})
    ws.drafts.save(resident_draft_key(resident_id=head.id), {"name": head.name})
    ws.drafts.save(resident_draft_key(household_id=village.ids["B"]), {"name": "新来的"})
    ws.drafts.save("some-future-form:1", {})
    drafts = {d.kind: d for d in ws.today().drafts}
    assert set(drafts) == {"visit", "resident", "new_resident"}
    assert drafts["visit"].household_id == village.ids["D"]
    assert drafts["visit"].label == "一组 D号"
    assert (drafts["resident"].household_id, drafts["resident"].resident_id) == (
        village.ids["A"], head.id
    )
    assert drafts["resident"].label == "户主A（一组 A号）"
    assert drafts["new_resident"].label == "新来的（一组 B号）"


def test_every_kind_of_draft_is_counted_and_listed_with_its_target(village):
    """Household edits, a new household and a visit correction are on the desk too, next to
    the visit and resident drafts, each with what it is about."""
    ws = village.ws
    grid = ws.grids()[0]
    head = ws.residents(village.ids["A"])[0]
    amended = ws.log_visit(village.ids["G"], summary="走访G",
                           started_at=datetime(2026, 6, 2, 9, 0))  # fmt: skip
    ws.drafts.save(visit_draft_key(village.ids["D"]), {"summary": "未写完"})
    ws.drafts.save(resident_draft_key(resident_id=head.id), {"former_name": "小名"})
    ws.drafts.save(resident_draft_key(household_id=village.ids["B"]), {"name": "新来的"})
    ws.drafts.save(household_draft_key(village.ids["C"]), {"phone": "13800138000"})
    ws.drafts.save(household_draft_key(), {"grid_id": grid.id, "group_name": "二组",
                                           "door_number": "77号", "phone": "13900139000"})
    ws.drafts.save(amend_draft_key(amended.id), {"summary": "改一下", "reason": "记错了"})
    ws.drafts.save("some-future-form:1", {})
    desk = ws.today()
    assert len(desk.drafts) == 6  # the count is the list: every kind this version knows
    by_kind = {d.kind: d for d in desk.drafts}
    assert set(by_kind) == set(DraftKind)
    targets = {
        d.kind: (d.household_id, d.resident_id, d.visit_id, d.grid_id, d.label)
        for d in desk.drafts
    }
    ids = village.ids
    assert targets == {
        DraftKind.VISIT: (ids["D"], None, None, None, "一组 D号"),
        DraftKind.RESIDENT: (ids["A"], head.id, None, None, "户主A（一组 A号）"),
        DraftKind.NEW_RESIDENT: (ids["B"], None, None, None, "新来的（一组 B号）"),
        DraftKind.HOUSEHOLD: (ids["C"], None, None, None, "一组 C号"),
        DraftKind.NEW_HOUSEHOLD: (None, None, None, grid.id, "二组 77号（第一网格）"),
        DraftKind.VISIT_AMENDMENT: (
            ids["G"], None, amended.id, None, "2026-06-02 的走访（一组 G号）"
        ),
    }
    assert all("13800138000" not in d.label and "13900139000" not in d.label
               for d in desk.drafts)  # fmt: skip
    # Keys written by this version's forms before this change still read the same way.
    assert draft_target("household:new") == DraftTarget(DraftKind.NEW_HOUSEHOLD)
    assert draft_target(f"household:{ids['C']}") == DraftTarget(
        DraftKind.HOUSEHOLD, household_id=ids["C"]
    )
    assert draft_target(f"amend:{amended.id}") == DraftTarget(
        DraftKind.VISIT_AMENDMENT, visit_id=amended.id
    )


def test_conflicts_waiting_for_a_decision_and_refused_changes(village):
    ws = village.ws
    with ws.db.transaction() as s:
        for cid, state in (("c1", "open"), ("c2", "resolved"), ("c3", "resolving")):
            s.add(ConflictRow(
                id=cid, entity="household", row_id=village.ids["C"], kind="field",
                field="door_number", base="a", mine="b", theirs="c", mutation_id="m",
                created_at=NOW, state=state,
            ))  # fmt: skip
        entry = s.scalars(select(JournalEntryRow).order_by(JournalEntryRow.seq.desc())).first()
        entry.state = entry.status = "rejected"
        entry.error_code, entry.error_message = "invalid", "不行"
    desk = ws.today()
    assert [c.id for c in desk.conflicts] == ["c1"]
    assert len(desk.rejected) == 1 == ws.status().rejected
    assert desk.rejected[0].mutation_id == entry.mutation_id


def test_period_ranges():
    wed = date(2026, 6, 10)
    assert period_range(Period.THIS_WEEK, wed) == (date(2026, 6, 8), date(2026, 6, 15))
    assert period_range(Period.LAST_WEEK, wed) == (date(2026, 6, 1), date(2026, 6, 8))
    assert period_range(Period.THIS_MONTH, wed) == (date(2026, 6, 1), date(2026, 7, 1))
    assert period_range(Period.LAST_MONTH, wed) == (date(2026, 5, 1), date(2026, 6, 1))
    jan = date(2027, 1, 3)  # a Sunday: its week began in December
    assert period_range(Period.THIS_WEEK, jan) == (date(2026, 12, 28), date(2027, 1, 4))
    assert period_range(Period.LAST_MONTH, jan) == (date(2026, 12, 1), date(2027, 1, 1))
    assert period_range(Period.MONTH, wed, date(2026, 2, 17)) == (
        date(2026, 2, 1), date(2026, 3, 1)
    )


def test_my_visits_of_a_week_and_a_month_leave_other_workers_out(village):
    ws = village.ws
    week = ws.my_visits("this_week")
    assert (week.start, week.end, week.visitor) == (date(2026, 6, 8), date(2026, 6, 15), "wang")
    assert _doors(village, week.visits) == {"E"}
    assert week.visits[0].visit_type is VisitType.FOCUS and week.visits[0].head_name == "户主E"
    last = ws.my_visits(Period.LAST_WEEK)
    assert len(last.visits) == 9  # C F G H H I J K B; li's visit to G on 06-02 is not mine
    assert last.households == 8
    assert last.by_type() == {VisitType.ROUTINE: 8, VisitType.RETURN_VISIT: 1}
    assert [v.started_at for v in last.visits] == sorted(
        (v.started_at for v in last.visits), reverse=True
    )
    june = ws.my_visits("this_month")
    assert len(june.visits) == 10 and all(v.started_at.month == 6 for v in june.visits)
    assert ws.my_visits("last_month").visits == ()  # li visited C in May, not me
    march = ws.my_visits("month", date(2026, 3, 31))
    assert _doors(village, march.visits) == {"A"} and march.visits[0].address == "一组 A号"
    k = next(v for v in june.visits if v.household_id == village.ids["K"])
    assert k.follow_up_date == date(2026, 6, 10)  # amendments applied


def test_my_visits_are_the_signed_in_workers(village):
    ws = village.ws
    ws.set_actor(OTHER)
    assert _doors(village, ws.my_visits("this_month").visits) == {"G"}
    assert _doors(village, ws.my_visits("last_month").visits) == {"C"}
