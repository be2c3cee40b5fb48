"""Roster use cases through the public API: validation, journalling, never deleting."""

from __future__ import annotations

import pytest

from gridworker.api import InvalidInput, NotFoundError
from gridworker.domain.vocab import ResidentStatus, Sex


def _pending(ws) -> int:
    return ws.status().pending_changes


def test_add_resident_derives_birth_date_and_sex_from_the_id(ws):
    resident = ws.add_resident(ws.test_household.id, name="李四", citizen_id="44052419500101001X")
    assert resident.sex is Sex.MALE
    assert resident.birth_date.isoformat() == "1950-01-01"


def test_invalid_id_is_rejected_with_the_reason_and_nothing_is_written(ws):
    before = _pending(ws)
    with pytest.raises(InvalidInput) as caught:
        ws.add_resident(ws.test_household.id, name="王五", citizen_id="110105194912310021")
    assert "citizen_id" in caught.value.errors
    assert "校验码" in caught.value.errors["citizen_id"].message
    assert _pending(ws) == before


@pytest.mark.parametrize(
    ("bad", "code"),
    [("1101051949123100", "id_length"), ("110105194902300021", "id_birth_date"),
     ("11010519491231002Y", "id_chars")],
)
def test_each_kind_of_bad_id_has_its_own_reason(ws, bad, code):
    with pytest.raises(InvalidInput) as caught:
        ws.add_resident(ws.test_household.id, name="王五", citizen_id=bad)
    assert caught.value.errors["citizen_id"].code == code


def test_every_bad_field_is_reported_at_once(ws):
    with pytest.raises(InvalidInput) as caught:
        ws.add_resident(ws.test_household.id, name="  ", phone="12345")
    assert set(caught.value.errors) == {"name", "phone"}


def test_sex_contradicting_the_id_is_flagged(ws):
    with pytest.raises(InvalidInput) as caught:
        ws.add_resident(ws.test_household.id, name="赵六", citizen_id="44052419500101001X",
                        sex="female")
    assert caught.value.errors["sex"].code == "sex_mismatch"


def test_duplicate_id_number_is_refused(ws):
    with pytest.raises(InvalidInput) as caught:
        ws.add_resident(ws.test_household.id, name="张三丰", citizen_id="11010519491231002x")
    assert caught.value.errors["citizen_id"].code == "id_duplicate"


def test_update_journals_base_and_new_values(ws):
    (head,) = ws.residents(ws.test_household.id)
    before = _pending(ws)
    ws.update_resident(head.id, phone="139 1234 5678")
    assert _pending(ws) == before + 1
    with ws.db.reading() as s:
        from gridworker.storage.journal import pending_entries

        entry = pending_entries(s)[-1]
    assert entry.op == "update" and entry.row_id == head.id
    assert entry.changes == {"phone": {"base": "13812345678", "new": "13912345678"}}


def test_changing_the_id_updates_derived_fields(ws):
    (head,) = ws.residents(ws.test_household.id)
    updated = ws.update_resident(head.id, citizen_id="44052419500101001X")
    assert updated.sex is Sex.MALE and updated.birth_date.year == 1950


def test_moved_out_resident_is_kept_with_a_status(ws):
    (head,) = ws.residents(ws.test_household.id)
    ws.mark_moved_out(head.id, note="迁往县城")
    again = ws.resident(head.id)
    assert again.status is ResidentStatus.MOVED_OUT and "迁往县城" in again.note
    assert ws.status().residents == 0  # active residents only
    assert ws.household(ws.test_household.id).residents[0].id == head.id


def test_first_head_becomes_head_of_household(ws):
    detail = ws.household(ws.test_household.id)
    assert detail.household.head_resident_id == detail.residents[0].id
    assert ws.households()[0].head_name == "张三丰"


def test_household_needs_some_address(ws):
    with pytest.raises(InvalidInput) as caught:
        ws.add_household(ws.test_grid.id)
    assert "door_number" in caught.value.errors


def test_household_coordinates_are_checked_but_optional(ws):
    with pytest.raises(InvalidInput):
        ws.add_household(ws.test_grid.id, door_number="1号", latitude=123)
    assert ws.add_household(ws.test_grid.id, door_number="2号").latitude is None


def test_unknown_records_give_not_found(ws):
    with pytest.raises(NotFoundError):
        ws.add_resident("no-such-household", name="甲")
    with pytest.raises(NotFoundError):
        ws.household("nope")


def test_bad_grid_code_is_rejected(ws):
    with pytest.raises(Exception) as caught:
        ws.create_grid(code="12345", name="x")
    assert getattr(caught.value, "code", "") == "grid_code_invalid"


def test_search_finds_new_resident_by_pinyin_initials_and_masks(ws):
    hits = ws.search("zsf")
    assert hits and hits[0].name == "张三丰"
    assert hits[0].masked_citizen_id == "110105********002X"
    assert hits[0].masked_phone == "138****5678"


def test_head_of_household_is_chosen_among_its_active_residents(ws):
    hid = ws.test_household.id
    (head,) = ws.residents(hid)
    spouse = ws.add_resident(hid, name="李秀英", relation="spouse")
    other = ws.add_household(ws.test_grid.id, door_number="13号")
    stranger = ws.add_resident(other.id, name="王五", relation="head")
    before = _pending(ws)

    ws.update_household(hid, head_resident_id=spouse.id)
    assert ws.household(hid).household.head_resident_id == spouse.id
    assert _pending(ws) == before + 1  # journalled like any edit
    assert ws.search("李秀英")[0].household_id == hid
    assert [h.head_name for h in ws.households() if h.id == hid] == ["李秀英"]

    for bad in (stranger.id, "no-such-resident"):
        with pytest.raises(InvalidInput) as caught:
            ws.update_household(hid, head_resident_id=bad)
        assert caught.value.errors["head_resident_id"].code == "head_not_member"
    ws.mark_moved_out(head.id)
    with pytest.raises(InvalidInput):
        ws.update_household(hid, head_resident_id=head.id)
    ws.update_household(hid, head_resident_id=None)
    assert ws.household(hid).household.head_resident_id is None
    assert _pending(ws) == before + 3
