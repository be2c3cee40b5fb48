"""A change the centre refuses as ``invalid`` says which field and why, in the worker's own
words: the client keeps the refusal's details (field, rule, params), not only the centre's
Chinese sentence."""

from __future__ import annotations

from unittest import mock

from gridworker.storage.journal import update_row
from gridworker.storage.models import JournalEntryRow, ResidentRow


def test_an_invalid_refusal_names_the_field_and_the_rule(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1")
    w1.sync()
    home = sorted(w1.households(), key=lambda h: h.id)[0]
    resident = w1.residents(home.id)[0]
    # Played as a buggy client: the laptop's own check is off for this write.
    with w1.db.transaction() as s, mock.patch("gridworker.storage.journal.check_values"):
        row = s.get(ResidentRow, resident.id)
        update_row(s, row, {"ethnicity": "zz"}, entity="resident", actor="worker1",
                   now=w1.ctx.now())
    report = w1.sync()
    assert [r.code for r in report.rejected] == ["invalid"]
    with w1.db.reading() as s:
        (entry,) = [e for e in s.query(JournalEntryRow) if e.error_code == "invalid"]
        assert entry.error_details["field"] == "ethnicity"
        assert entry.error_details["code"] == "code_unknown"
    (refused,) = w1.rejected_changes()
    assert "“民族”不符合要求" in refused.reason and "不是可选的值" in refused.reason

    def english(context: str, source: str, disambiguation: str = "") -> str:
        return {"平台认为“{field}”不符合要求：{why}": "The centre did not accept {field}: {why}",
                "民族": "ethnicity"}.get(source, source)

    (in_english,) = w1.rejected_changes(translate=english)
    assert in_english.reason.startswith("The centre did not accept ethnicity")
