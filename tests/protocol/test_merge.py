"""The shared merge rules (gridworker.sync.protocol), checked as properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridworker.sync import protocol as p

HOUSEHOLD = p.ENTITIES["household"]
RESIDENT = p.ENTITIES["resident"]
tags = st.lists(st.sampled_from(["dibao", "wubao", "tekun", "monitor", "x"]), max_size=5).map(
    lambda v: sorted(set(v))
)
phones = st.sampled_from(["", "13800000000", "13900000000", "010-12345678"])


def change(base, new):
    return {"base": base, "new": new}


def test_field_unchanged_on_server_is_applied():
    result = p.merge_update(RESIDENT, {"phone": "1", "name": "张三"}, {"phone": change("1", "2")})
    assert result.apply == {"phone": "2"} and result.conflicts == []


def test_same_value_on_both_sides_is_a_no_op():
    result = p.merge_update(RESIDENT, {"phone": "2"}, {"phone": change("1", "2")})
    assert result.apply == {} and result.conflicts == []


def test_manual_field_changed_on_both_sides_keeps_theirs_and_reports_all_three():
    result = p.merge_update(
        RESIDENT,
        {"phone": "3", "note": "旧"},
        {"phone": change("1", "2"), "note": change("旧", "新")},
    )
    assert result.apply == {"note": "新"}  # the non-conflicting field still applies
    assert result.conflicts == [p.FieldConflict("phone", "1", "2", "3")]


def test_tag_sets_merge_additions_and_removals_from_both_sides():
    current = {"tags": ["dibao", "monitor"]}  # server added monitor
    mine = change(["dibao", "wubao"], ["dibao", "tekun"])  # I removed wubao, added tekun
    result = p.merge_update(HOUSEHOLD, current, {"tags": mine})
    assert result.apply == {"tags": ["dibao", "monitor", "tekun"]}
    assert result.conflicts == []


def test_max_policy_keeps_the_later_timestamp():
    spec = p.EntitySpec("probe", {"checked_at": p.FieldSpec(p.Kind.DATETIME, p.Policy.MAX)})
    later, earlier = "2026-11-21T10:00:00+00:00", "2026-11-20T10:00:00+00:00"
    base = "2026-11-01T00:00:00+00:00"
    assert p.merge_update(spec, {"checked_at": earlier}, {"checked_at": change(base, later)}).apply
    kept = p.merge_update(spec, {"checked_at": later}, {"checked_at": change(base, earlier)})
    assert kept.apply == {} and kept.conflicts == []


@given(base=tags, mine=tags, theirs=tags)
def test_set_union_keeps_every_addition_and_removal(base, mine, theirs):
    result = p.merge_update(HOUSEHOLD, {"tags": theirs}, {"tags": change(base, mine)})
    merged = set(result.apply.get("tags", theirs))
    assert result.conflicts == []
    assert (set(mine) - set(base)) <= merged  # my additions survive
    assert not (set(base) - set(mine)) & merged  # my removals hold
    # their additions survive unless I removed the same tag... which I can only do if it was in
    # base, in which case it was not their addition.
    assert (set(theirs) - set(base)) <= merged


@given(base=phones, mine=phones, theirs=phones)
def test_a_manual_edit_is_either_applied_or_reported(base, mine, theirs):
    result = p.merge_update(RESIDENT, {"phone": theirs}, {"phone": change(base, mine)})
    final = result.apply.get("phone", theirs)
    if result.conflicts:
        (conflict,) = result.conflicts
        assert (conflict.base, conflict.mine, conflict.theirs) == (base, mine, theirs)
        assert final == theirs
    else:
        assert final == mine or theirs == mine  # no lost update


@given(base=phones, mine=phones)
def test_merging_the_same_entry_twice_changes_nothing_more(base, mine):
    current = {"phone": base}
    first = p.merge_update(RESIDENT, current, {"phone": change(base, mine)})
    current.update(first.apply)
    second = p.merge_update(RESIDENT, current, {"phone": change(base, mine)})
    assert second.apply == {} and second.conflicts == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nope": change(None, 1)}, "no field"),
        ({"phone": change(None, 5)}, "should be text"),
        ({"phone": {"base": None}}, "expected"),
        ({"birth_date": change(None, "1949-13-40")}, "not an ISO"),
        ({"name": change(None, None)}, "may not be null"),
        ({"note": change(None, "x" * (p.MAX_TEXT_CHARS + 1))}, "longer than"),
        ({"care_categories": change(None, "dibao")}, "should be text_set"),
    ],
)
def test_malformed_changes_are_refused_with_the_field_named(changes, message):
    with pytest.raises(p.WireError, match=message):
        p.check_changes(RESIDENT, p.Op.UPDATE, changes)


def test_a_create_must_carry_every_required_field():
    with pytest.raises(p.WireError, match="missing"):
        p.check_changes(RESIDENT, p.Op.CREATE, {"name": change(None, "张三")})


def test_parent_chain_reaches_a_grid_for_every_entity():
    for name, spec in p.ENTITIES.items():
        seen = {name}
        while spec.parent is not None:
            _field, parent = spec.parent
            assert parent in p.ENTITIES and parent not in seen
            seen.add(parent)
            spec = p.ENTITIES[parent]
        assert spec.name == "grid"
    assert set(p.ENTITY_ORDER) == set(p.ENTITIES)
