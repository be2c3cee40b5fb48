"""One row's entries split over several push batches, against a real gridcenter over HTTP.

The server treats a batch's earlier entry on a row as the base of a later one (``own`` in
gridcenter/sync.py). Across batches the client does it: once an entry is answered applied
on exactly the version it was based on, the row's later pending entries that shared its
base are moved onto the version the server returned (``push_results.record_push_results``). So a
worker's edit followed by a delete never conflicts with itself, however the entries are
batched; a change by anyone else still conflicts.

``push_batch=1`` sends every entry in a batch of its own. The ``progress`` callback runs
between batches (after one batch's answers are recorded, before the next is read), which is
where the tests let a second worker change the row.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gridworker.storage.journal import PENDING, update_row
from gridworker.storage.models import HouseholdRow, JournalEntryRow, ResidentRow

ONE = {"push_batch": 1}


def _households(ws):
    return sorted(ws.households(), key=lambda h: h.id)


def _member(ws, index):
    """The index-th resident (over the households in id order) who does not head a
    household: deleting a head also journals a household update, which is beside the point
    here. Each test takes its own index, so tests on the shared server never share a row."""
    with ws.db.reading() as s:
        heads = set(s.scalars(select(HouseholdRow.head_resident_id)))
    members = [
        r
        for h in _households(ws)
        for r in ws.residents(h.id)
        if r.relation != "head" and r.id not in heads
    ]
    return members[index]


def _pair(make_ws, server, tag, engine=ONE):
    w1 = make_ws(server, "worker1", f"{tag}-w1", engine=engine)
    w2 = make_ws(server, "worker2", f"{tag}-w2")
    w1.sync()
    w2.sync()
    return w1, w2


def _entries(ws, row_id):
    """(op, state, base_version) of the row's journal entries, oldest first."""
    with ws.db.reading() as s:
        return [
            (e.op, e.state, e.base_version)
            for e in s.scalars(
                select(JournalEntryRow)
                .where(JournalEntryRow.row_id == row_id)
                .order_by(JournalEntryRow.seq)
            )
        ]


def _gone_everywhere(w1, w2, resident_id, household_id):
    w2.sync()
    assert all(r.id != resident_id for r in w2.residents(household_id))
    assert all(r.id != resident_id for r in w1.residents(household_id))


class Between:
    """A ``progress`` callback that runs ``action`` once, after the ``after``-th batch."""

    def __init__(self, action, after=1):
        self.action = action
        self.after = after
        self.batches = 0

    def __call__(self, phase, done, total):
        if phase != "push":
            return
        self.batches += 1
        if self.batches == self.after:
            self.action()


# ------------------------------------------------------------------ my own entries only


@pytest.mark.parametrize("batch", [1, 1000], ids=["batch-of-one", "one-batch"])
def test_edit_then_delete_never_conflicts_with_itself(gridcenter_session, make_ws, batch):
    w1, w2 = _pair(make_ws, gridcenter_session, f"edit-delete-{batch}", {"push_batch": batch})
    resident = _member(w1, 0 if batch == 1 else 1)
    w1.update_resident(resident.id, note="先改备注")
    w1.delete_resident(resident.id, reason="录入错误")
    pushes = Between(lambda: None)
    report = w1.sync(progress=pushes)
    assert pushes.batches == (2 if batch == 1 else 1)
    assert (report.pushed, report.applied, report.conflicted) == (2, 2, 0)
    assert report.conflicts == [] and report.rejected == [] and w1.conflicts() == []
    assert w1.status().pending_changes == 0
    assert [(op, state) for op, state, _ in _entries(w1, resident.id)] == [
        ("update", "sent"),
        ("delete", "sent"),
    ]
    _gone_everywhere(w1, w2, resident.id, resident.household_id)


def test_later_entries_follow_the_version_my_entry_made(gridcenter_session, make_ws):
    """What the journal holds between two batches: the waiting delete now names the version
    the applied edit produced."""
    w1, _ = _pair(make_ws, gridcenter_session, "rebased")
    resident = _member(w1, 2)
    w1.update_resident(resident.id, note="先改备注")
    w1.delete_resident(resident.id, reason="录入错误")
    seen = []
    w1.sync(progress=Between(lambda: seen.append(_entries(w1, resident.id))))
    assert seen == [
        [("update", "sent", resident.version), ("delete", "pending", resident.version + 1)]
    ]


def test_edits_of_different_fields_and_the_same_field_across_batches(gridcenter_session, make_ws):
    w1, w2 = _pair(make_ws, gridcenter_session, "edits")
    resident = _member(w1, 3)
    w1.update_resident(resident.id, phone="13900000011")
    w1.update_resident(resident.id, note="第二次修改：备注")
    w1.update_resident(resident.id, phone="13900000012")
    had = set(resident.care_categories)
    first, second = sorted({"elderly_alone", "disabled", "entitled"} - had)[:2]
    w1.update_resident(resident.id, care_categories=had | {first})
    w1.update_resident(resident.id, care_categories=had | {first, second})
    report = w1.sync()
    assert (report.pushed, report.applied, report.conflicted) == (5, 5, 0)
    assert w1.conflicts() == [] and w1.status().pending_changes == 0
    w2.sync()
    got = w2.resident(resident.id)
    assert (got.phone, got.note) == ("13900000012", "第二次修改：备注")
    assert set(got.care_categories) == had | {first, second}
    assert got.version == resident.version + 5 == w1.resident(resident.id).version


def test_create_then_edits_then_delete_across_batches(gridcenter_session, make_ws):
    w1, w2 = _pair(make_ws, gridcenter_session, "create")
    household = _households(w1)[4]
    added = w1.add_resident(household.id, name="测试人员", relation="other", sex="male")
    w1.update_resident(added.id, note="补充备注")
    w1.update_resident(added.id, phone="13900000021")
    report = w1.sync()
    assert (report.applied, report.conflicted) == (3, 0)
    w2.sync()
    got = w2.resident(added.id)
    assert (got.note, got.phone, got.version) == ("补充备注", "13900000021", 3)

    another = w1.add_resident(household.id, name="临时录入", relation="other", sex="female")
    w1.update_resident(another.id, note="马上要删")
    w1.delete_resident(another.id, reason="录入错误")
    report = w1.sync()
    assert (report.applied, report.conflicted, report.rejected) == (3, 0, [])
    assert w1.conflicts() == [] and w1.status().pending_changes == 0
    _gone_everywhere(w1, w2, another.id, household.id)


def test_a_resolution_then_a_delete_across_batches(gridcenter_session, make_ws):
    w1, w2 = _pair(make_ws, gridcenter_session, "resolved")
    resident = _member(w1, 5)
    w2.update_resident(resident.id, phone="13900000031")
    w2.sync()
    w1.update_resident(resident.id, phone="13900000032")
    assert w1.sync().conflicted == 1
    (conflict,) = w1.conflicts()
    w1.resolve_conflict(conflict.id, "mine")
    w1.delete_resident(resident.id, reason="录入错误")
    report = w1.sync()
    assert (report.applied, report.conflicted, report.resolved) == (2, 0, [conflict.id])
    assert w1.conflicts() == [] and w1.status().pending_changes == 0
    _gone_everywhere(w1, w2, resident.id, resident.household_id)


@pytest.mark.parametrize(
    ("batch", "index"), [(1, 6), (3, 14), (1000, 7)], ids=["batch-of-one", "3+1", "one-batch"]
)
def test_a_refused_entry_between_my_entries_is_no_one_elses_change(
    gridcenter_session, make_ws, batch, index
):
    """edit (applied), edit (rejected), edit (applied), delete: the server changed the row
    twice, both times for me; the delete applies however the four are batched (a refusal
    changes nothing on the server, as gridcenter counts it within one batch). With batches
    of 3 the third entry's base is the first one's version, followed within the batch."""
    engine = {"push_batch": batch}
    w1, w2 = _pair(make_ws, gridcenter_session, f"refused-mid-{batch}", engine)
    resident = _member(w1, index)
    w1.update_resident(resident.id, note="先改备注")
    _refused_edit(w1, resident.id)
    _journal_edit(w1, resident.id, {"phone": "13900000101"})  # the form would refuse too
    w1.delete_resident(resident.id, reason="录入错误")
    report = w1.sync()
    assert (report.applied, report.conflicted, len(report.rejected)) == (3, 0, 1)
    assert report.rejected[0].code == "invalid" and w1.conflicts() == []
    _gone_everywhere(w1, w2, resident.id, resident.household_id)


def _refused_edit(ws, resident_id):
    """An edit the server refuses (``invalid``: ethnicity codes are at most 4 characters)."""
    _journal_edit(ws, resident_id, {"ethnicity": "不是民族代码的值"})


def _journal_edit(ws, resident_id, values):
    """An edit journalled directly: the app's forms check the whole row and would not let
    an invalid value (nor, after one, any other edit of the row) through."""
    from unittest import mock

    # Played as a buggy or hostile client: the laptop's own check (the rulebook, the same
    # one the centre runs) is switched off for this write, so the centre must refuse it.
    with ws.db.transaction() as s, mock.patch("gridworker.storage.journal.check_values"):
        row = s.get(ResidentRow, resident_id)
        update_row(s, row, values, entity="resident", actor=ws.actor.username, now=ws.ctx.now())


# ------------------------------------------------------------------ someone else's change


def test_a_concurrent_edit_of_the_same_field_between_my_batches_conflicts(
    gridcenter_session, make_ws
):
    w1, w2 = _pair(make_ws, gridcenter_session, "same-field")
    resident = _member(w1, 8)
    w1.update_resident(resident.id, phone="13900000041")
    w1.update_resident(resident.id, phone="13900000042")

    def other_worker():
        w2.sync()
        w2.update_resident(resident.id, phone="13900000049")
        w2.sync()

    report = w1.sync(progress=Between(other_worker))
    assert (report.applied, report.conflicted) == (1, 1)
    (conflict,) = w1.conflicts()
    assert (conflict.kind, conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "field",
        "phone",
        "13900000041",
        "13900000042",
        "13900000049",
    )
    assert w1.resident(resident.id).phone == "13900000049"


def test_a_concurrent_edit_between_my_edit_and_my_delete_conflicts(gridcenter_session, make_ws):
    w1, w2 = _pair(make_ws, gridcenter_session, "dvu-between")
    resident = _member(w1, 9)
    w1.update_resident(resident.id, note="先改备注")
    w1.delete_resident(resident.id, reason="录入错误")

    def other_worker():
        w2.sync()
        w2.update_resident(resident.id, phone="13900000051")
        w2.sync()

    report = w1.sync(progress=Between(other_worker))
    assert (report.applied, report.conflicted) == (1, 1)
    (conflict,) = w1.conflicts()
    assert conflict.kind == "delete_vs_update"
    assert w1.resident(resident.id).phone == "13900000051"  # the server kept it: so do I


def test_a_change_before_my_first_batch_is_not_taken_for_mine(gridcenter_session, make_ws):
    """Someone else's edit lands before mine: mine is merged onto it and the server answers
    a version two steps past my base. Only one of them is mine, so the delete that follows
    keeps its base and meets the other worker's change as a conflict."""
    w1, w2 = _pair(make_ws, gridcenter_session, "two-steps")
    resident = _member(w1, 10)
    w2.update_resident(resident.id, phone="13900000061")
    w2.sync()
    w1.update_resident(resident.id, note="先改备注")
    w1.delete_resident(resident.id, reason="录入错误")
    seen = []
    report = w1.sync(progress=Between(lambda: seen.append(_entries(w1, resident.id))))
    assert seen == [[("update", "sent", resident.version), ("delete", PENDING, resident.version)]]
    assert (report.applied, report.conflicted) == (1, 1)
    (conflict,) = w1.conflicts()
    assert conflict.kind == "delete_vs_update"
    got = w1.resident(resident.id)
    assert (got.phone, got.note, got.version) == ("13900000061", "先改备注", resident.version + 2)


def test_a_conflicted_first_entry_leaves_the_later_ones_as_they_were(gridcenter_session, make_ws):
    """My phone edit meets another worker's: conflict. My delete was made without seeing
    their phone, so it is not moved onto the server's version: it conflicts too, and the
    worker decides both."""
    w1, w2 = _pair(make_ws, gridcenter_session, "conflicted-first")
    resident = _member(w1, 11)
    w2.update_resident(resident.id, phone="13900000071")
    w2.sync()
    w1.update_resident(resident.id, phone="13900000072")
    w1.delete_resident(resident.id, reason="录入错误")
    seen = []
    report = w1.sync(progress=Between(lambda: seen.append(_entries(w1, resident.id))))
    assert seen == [[("update", "sent", resident.version), ("delete", PENDING, resident.version)]]
    assert (report.applied, report.conflicted) == (0, 2)
    assert sorted(c.kind for c in w1.conflicts()) == ["delete_vs_update", "field"]


def test_a_refused_first_entry_leaves_the_later_ones_as_they_were(gridcenter_session, make_ws):
    """My first edit is refused; another worker changes the row before my delete goes. The
    delete keeps its base (nothing of mine reached the server) and conflicts."""
    w1, w2 = _pair(make_ws, gridcenter_session, "refused-first")
    resident = _member(w1, 12)
    _refused_edit(w1, resident.id)
    w1.delete_resident(resident.id, reason="录入错误")
    seen = []

    def between():
        seen.append(_entries(w1, resident.id))
        w2.sync()
        w2.update_resident(resident.id, phone="13900000081")
        w2.sync()

    report = w1.sync(progress=Between(between))
    assert seen == [
        [("update", "rejected", resident.version), ("delete", PENDING, resident.version)]
    ]
    assert (report.applied, report.conflicted, len(report.rejected)) == (0, 1, 1)
    (conflict,) = w1.conflicts()
    assert conflict.kind == "delete_vs_update"


def test_a_change_behind_an_empty_update_is_not_taken_for_mine(gridcenter_session, make_ws):
    """A ``theirs`` resolution is an update that changes nothing, so the version step the
    server answers it with is someone else's: the delete after it keeps its base."""
    w1, w2 = _pair(make_ws, gridcenter_session, "empty-update")
    resident = _member(w1, 13)
    w2.update_resident(resident.id, phone="13900000091")
    w2.sync()
    w1.update_resident(resident.id, phone="13900000092")
    assert w1.sync().conflicted == 1
    (conflict,) = w1.conflicts()
    w1.resolve_conflict(conflict.id, "theirs")
    w1.delete_resident(resident.id, reason="录入错误")
    w2.update_resident(resident.id, note="另一位网格员的备注")
    w2.sync()
    report = w1.sync()
    assert (report.applied, report.conflicted, report.resolved) == (1, 1, [conflict.id])
    (again,) = w1.conflicts()
    assert again.kind == "delete_vs_update"
    assert w1.resident(resident.id).note == "另一位网格员的备注"
