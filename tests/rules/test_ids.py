"""Row ids: UUIDv7 made here sort by time and pass the checks; other shapes do not."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules import RuleViolation
from gridrules.ids import check_uuid, is_uuid, is_uuid7, new_id, random_id


def test_new_ids_are_uuid7_and_sort_by_creation() -> None:
    ids = [new_id() for _ in range(200)]
    assert all(is_uuid7(i) and uuid.UUID(i).version == 7 for i in ids)
    assert len(set(ids)) == 200
    assert [i[:13] for i in ids] == sorted(i[:13] for i in ids)  # the millisecond prefix


def test_random_ids_are_uuid4() -> None:
    rid = random_id()
    assert is_uuid(rid) and not is_uuid7(rid) and uuid.UUID(rid).version == 4


@given(st.uuids())
def test_any_uuid_text_is_a_uuid(value: uuid.UUID) -> None:
    assert is_uuid(str(value)) and is_uuid(str(value).upper())
    assert check_uuid(str(value)) == str(value)


@pytest.mark.parametrize("bad", ["", "not-a-uuid", "0" * 36, str(uuid.uuid4())[:-1], None, 7,
                                 "{" + str(uuid.uuid4()) + "}", str(uuid.uuid4()) + "\n"])
def test_other_shapes_are_refused(bad) -> None:
    assert not is_uuid(bad)
    with pytest.raises(RuleViolation) as info:
        check_uuid(bad, field="id")
    assert (info.value.code, info.value.field) == ("uuid_invalid", "id")
