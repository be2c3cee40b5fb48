"""Rejected changes in plain words; keeping a read-only copy, or discarding, both audited.

The server's answer is written into the journal as the sync engine writes it (``sync.push_results``:
state ``rejected`` with code and message, plus the ``out_of_scope`` flag that holds the row);
the whole path against a real gridcenter is in tests/ui/test_conflict_centre.py.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import select

from gridworker.api import NotFoundError
from gridworker.services.rejections import reason_text
from gridworker.storage.models import HouseholdRow, JournalEntryRow, SyncFlagRow


def _reject(ws, code="out_of_scope", message="该户不在您的网格范围内", flag=True):
    """The last journal entry answered ``rejected`` (as the push answer writes it)."""
    with ws.db.transaction() as s:
        entry = s.scalars(select(JournalEntryRow).order_by(JournalEntryRow.seq.desc())).first()
        entry.state = entry.status = "rejected"
        entry.error_code, entry.error_message = code, message
        entry.answered_at = datetime(2026, 11, 21, 9, 30)
        if flag:
            s.add(SyncFlagRow(entity=entry.entity, row_id=entry.row_id, flag="out_of_scope",
                              reason=message, at=entry.answered_at))  # fmt: skip
        return entry.mutation_id


def _all_sent(ws):
    """As after a sync: what the fixture created has reached the server."""
    with ws.db.transaction() as s:
        for entry in s.scalars(select(JournalEntryRow)):
            entry.state, entry.status, entry.server_version = "sent", "applied", 1


@pytest.fixture
def rejected(ws):
    """The household's phone changed, refused because it left my grid; the row is held."""
    household = ws.test_household
    _all_sent(ws)
    ws.update_household(household.id, phone="13911112222", door_number="12-1号")
    return _reject(ws), household


def test_a_rejection_reads_in_plain_words_with_masked_values(ws, rejected):
    mutation_id, _household = rejected
    (item,) = ws.rejected_changes()
    assert item.mutation_id == mutation_id
    assert (item.entity_label, item.op_label, item.code) == ("户", "修改", "out_of_scope")
    assert item.row_label == "一组 12-1号"  # the row as the worker typed it
    assert item.reason.startswith("这户已不在您的网格")
    assert "该户不在您的网格范围内" in item.reason and "out_of_scope" in item.reason
    fields = dict(item.fields)
    assert fields == {"联系电话": "139****2222", "门牌号": "12-1号"}
    assert "13911112222" not in repr(item)
    assert ws.status().rejected == 1 and ws.status().pending_changes == 0


def test_keeping_a_copy_stores_a_read_only_snapshot_and_dismisses(ws, rejected):
    mutation_id, household = rejected
    copy = ws.keep_rejected_copy(mutation_id)
    assert copy.mutation_id == mutation_id and copy.kept_by == ws.actor.username
    assert copy.row_label == "一组 12-1号" and copy.op_label == "修改"
    assert dict(copy.fields)["联系电话"] == "139****2222"
    assert ws.rejected_changes() == [] and ws.rejections() == []
    status = ws.status()
    assert status.rejected == 0 and status.pending_changes == 0  # nothing to send
    # The household was held only by the rejected change: it leaves, the copy stays.
    with ws.db.reading() as s:
        assert s.get(HouseholdRow, household.id) is None
        assert s.query(SyncFlagRow).count() == 0
        (entry,) = s.scalars(select(JournalEntryRow).where(
            JournalEntryRow.mutation_id == mutation_id))  # fmt: skip
        assert entry.state == "dismissed"  # the journal keeps it as a record
    (listed,) = ws.kept_copies()
    assert listed == copy
    assert listed.reason.startswith("这户已不在您的网格")
    events = [(e.event, e.target) for e in ws.audit_events()]
    assert ("keep_rejected_copy", f"mutation:{mutation_id}") in events
    # Read-only in the database itself, and once per change.
    conn = sqlite3.connect(ws.db.path)
    with pytest.raises(sqlite3.IntegrityError, match="read-only"):
        conn.execute("UPDATE kept_copies SET row_label = 'x'")
    conn.close()
    with pytest.raises(NotFoundError):
        ws.keep_rejected_copy(mutation_id)


def test_discarding_is_audited_and_keeps_no_copy(ws, rejected):
    mutation_id, _household = rejected
    ws.dismiss_rejection(mutation_id)
    assert ws.rejected_changes() == [] and ws.kept_copies() == []
    assert ("dismiss_rejection", f"mutation:{mutation_id}") in [
        (e.event, e.target) for e in ws.audit_events()
    ]
    with pytest.raises(NotFoundError):
        ws.dismiss_rejection(mutation_id)


def test_a_new_resident_refused_lists_what_was_entered_masked(ws):
    _all_sent(ws)
    ws.add_resident(ws.test_household.id, name="李四", citizen_id="44052419500101001X",
                    relation="spouse", phone="13812345679")  # fmt: skip
    mutation_id = _reject(ws, "parent_missing", "所属户不存在", flag=False)
    (item,) = ws.rejected_changes()
    assert item.op_label == "新建" and item.entity_label == "居民"
    assert item.row_label.startswith("李四")
    fields = dict(item.fields)
    assert fields["姓名"] == "李四" and fields["与户主关系"] == "配偶"
    assert fields["身份证号码"] == "440524********001X"
    assert "所属户" not in fields  # a link to another row, not something to read
    assert "44052419500101001X" not in repr(item)
    assert item.reason.startswith("它所属的户或记录在平台上已不存在")
    copy = ws.keep_rejected_copy(mutation_id)
    assert copy.row_label.startswith("李四")


@pytest.mark.parametrize(
    ("entity", "code", "starts"),
    [
        ("resident", "out_of_scope", "这位居民所在的户已不在您的网格"),
        ("household", "forbidden", "您的账号没有做这项修改的权限"),
        ("visit", "append_only", "走访记录上传后不能再改"),
        ("household", "something_new", "平台拒绝了这条修改"),
    ],
)
def test_reasons_for_each_code(entity, code, starts):
    text = reason_text(entity, code, "服务器的话")
    assert text.startswith(starts) and text.endswith(f"（平台说明：服务器的话；代码 {code}）")


def test_cli_keep_rejected_is_the_sibling_of_dismiss(ws, rejected, capsys):
    from gridworker.cli import main

    mutation_id, _household = rejected
    data_dir = str(ws.data_dir)
    ws.close()
    assert main(["--data-dir", data_dir, "rejections"]) == 0
    out = capsys.readouterr().out
    assert mutation_id in out and "gridworker keep-rejected" in out
    assert main(["--data-dir", data_dir, "keep-rejected", mutation_id]) == 0
    assert "已保留本地副本" in capsys.readouterr().out
    assert main(["--data-dir", data_dir, "keep-rejected", mutation_id]) == 1
    assert "找不到这条被拒绝的修改" in capsys.readouterr().err
    assert main(["--data-dir", data_dir, "rejections"]) == 0
    assert "没有被拒绝的修改" in capsys.readouterr().out
