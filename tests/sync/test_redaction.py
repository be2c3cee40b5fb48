"""The centre's administrator redacts a wrong or harmful visit: audited, reason required, the
row stays on the centre as a redacted tombstone, and every client applies it (the content
leaves the laptop, the household shows that a record was redacted and why)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from gridworker.domain.errors import GridworkerError

REASON = "录入到了错误的户，内容涉及他人隐私"


def _db(server) -> sqlite3.Connection:
    return sqlite3.connect(server.data_dir / "gridcenter.sqlite3")


def _redact(server, row_id: str, reason: str = REASON):
    return server.admin("redact", "--id", row_id, "--reason", reason)


def test_a_redacted_visit_leaves_every_laptop_and_leaves_its_reason(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1")
    w2 = make_ws(gridcenter, "worker2")
    w1.sync()
    home = sorted(w1.households(), key=lambda h: h.id)[0]
    visit = w1.log_visit(home.id, summary="误记：隔壁王家的低保情况")
    w1.sync()
    w1.amend_visit(visit.id, reason="补充", summary="误记：隔壁王家的低保情况（补充）")
    w1.sync()
    w2.sync()
    assert any(v.id == visit.id for v in w2.visits_of(home.id))

    result = _redact(gridcenter, visit.id)
    assert result.returncode == 0, result.stderr
    assert "已撤销 2 条记录" in result.stdout  # the visit and its amendment

    with _db(gridcenter) as conn:
        deleted, data = conn.execute(
            "SELECT deleted, data FROM records WHERE id = ?", (visit.id,)).fetchone()
        stored = json.loads(data)
        assert deleted and set(stored) <= {"household_id", "redaction", "created_at"}
        assert stored["redaction"]["reason"] == REASON
        answers = [r for (r,) in conn.execute("SELECT result FROM mutations")]
        assert not any("隔壁王家" in a for a in answers)  # stored push answers scrubbed too
        (event,) = conn.execute("SELECT event, success FROM audit_log WHERE event = "
                                "'admin_redact'").fetchall()
        assert event == ("admin_redact", 1)

    for ws in (w1, w2):
        ws.sync()
        assert all(v.id != visit.id for v in ws.visits_of(home.id))
        detail = ws.household(home.id)
        (gone,) = [r for r in detail.redactions if r.entity == "visit"]
        assert gone.row_id == visit.id and gone.reason == REASON and gone.redacted_at
        assert {r.entity for r in detail.redactions} == {"visit", "visit_amendment"}

    # A laptop that meets the household only now learns of the redaction too.
    w3 = make_ws(gridcenter, "worker1", "late")
    w3.sync()
    assert [r.row_id for r in w3.household(home.id).redactions if r.entity == "visit"] == [
        visit.id]
    assert all(v.id != visit.id for v in w3.visits_of(home.id))


def test_an_amendment_to_a_redacted_visit_is_refused_and_kept(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    home = sorted(w1.households(), key=lambda h: h.id)[1]
    visit = w1.log_visit(home.id, summary="内容有误的走访")
    w1.sync()
    w1.amend_visit(visit.id, reason="离线时的更正", summary="离线更正后的内容")  # not sent yet
    assert _redact(gridcenter, visit.id).returncode == 0
    w1.sync()
    refused = w1.rejected_changes()
    assert any(r.entity == "visit_amendment" for r in refused)  # never silently lost


def test_redaction_refuses_what_it_must_not_do(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    home = sorted(w1.households(), key=lambda h: h.id)[0]
    resident = w1.residents(home.id)[0]
    visit = w1.log_visit(home.id, summary="正常走访")
    w1.sync()

    no_reason = _redact(gridcenter, visit.id, "   ")
    assert no_reason.returncode == 1 and "原因" in no_reason.stderr
    not_evidence = _redact(gridcenter, resident.id)
    assert not_evidence.returncode == 1 and "只能撤销走访记录" in not_evidence.stderr
    unknown = _redact(gridcenter, "0190aaaa-0000-7000-8000-000000000000")
    assert unknown.returncode == 1 and "找不到记录" in unknown.stderr
    control = _redact(gridcenter, visit.id, "原因\x07")
    assert control.returncode == 1
    assert _redact(gridcenter, visit.id).returncode == 0
    again = _redact(gridcenter, visit.id)
    assert again.returncode == 1 and "已经撤销" in again.stderr
    with _db(gridcenter) as conn:
        failures = conn.execute("SELECT COUNT(*) FROM audit_log WHERE event = 'admin_redact' "
                                "AND success = 0").fetchone()[0]
    assert failures >= 4  # refused attempts are audited too

    w1.sync()
    with pytest.raises(GridworkerError):
        w1.visit(visit.id)
