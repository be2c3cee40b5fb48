"""The one schema (gridrules.schema): check_field for every kind and rule, good and bad values;
the declaration's own consistency (labels, defaults, roster columns); and the client's ORM
columns agreeing with it field by field."""

from __future__ import annotations

import inspect
import math
import re
from datetime import date, timedelta
from typing import Any

import pytest

from gridrules import RuleViolation
from gridrules.bounds import LONG_TEXT_MAX, SHORT_TEXT_MAX
from gridrules.citizen_id import check_character, make_citizen_id
from gridrules.jsontext import JSON_MAX_DEPTH
from gridrules.schema import (
    AMENDABLE_VISIT_FIELDS,
    ENTITIES,
    ENTITY_ORDER,
    RECORDED_AT,
    TEXT_SET_ITEMS_MAX,
    Kind,
    Rule,
    check_entry,
    check_field,
    check_record,
    label_of,
)
from gridrules.vocab import FindingKind, HouseholdTag

UUID = "0190f5d2-7c3a-7b1e-9a4f-2c8d6e1f0a3b"
ID18 = make_citizen_id("110105", date(1956, 3, 8), 17)
SHA = "ab" * 32


def violation(entity: str, name: str, value: Any) -> RuleViolation:
    with pytest.raises(RuleViolation) as info:
        check_field(entity, name, value)
    return info.value


def code(entity: str, name: str, value: Any) -> str:
    found = violation(entity, name, value)
    assert found.field == name, found  # every refusal names the field it was asked about
    return found.code


# --- vocabulary codes --------------------------------------------------------------------

VOCAB_FIELDS = [(e.name, n) for e in ENTITIES.values() for n, f in e.fields.items()
                if f.vocab is not None]


@pytest.mark.parametrize(("entity", "name"), VOCAB_FIELDS)
def test_vocabulary_fields_take_their_members_only(entity, name) -> None:
    spec = ENTITIES[entity].fields[name]
    assert spec.vocab is not None
    members = [m.value for m in spec.vocab]
    if spec.kind is Kind.TEXT_SET:
        check_field(entity, name, [])
        check_field(entity, name, members)
        assert code(entity, name, ["no_such_code"]) == "code_unknown"
        assert code(entity, name, [""]) == "code_unknown"
        assert code(entity, name, members[:1] * 2) == "set_duplicate"
        return
    for member in members:
        check_field(entity, name, member)
    assert code(entity, name, "zz") == "code_unknown"
    assert code(entity, name, spec.vocab(members[0]).label[:2]) == "code_unknown"  # no code
    assert code(entity, name, "z" * (spec.max_length or 0)) == "code_unknown"
    assert code(entity, name, members[0].upper() + "X") in ("code_unknown", "text_too_long")
    if spec.blank:
        check_field(entity, name, "")
    else:
        assert code(entity, name, "") == "code_unknown"
    assert code(entity, name, None) == "value_required"
    assert code(entity, name, 1) == "text_type"


def test_blank_is_allowed_exactly_for_ethnicity_and_education() -> None:
    blank = {(e, n) for e, n in VOCAB_FIELDS if ENTITIES[e].fields[n].blank}
    assert blank == {("resident", "ethnicity"), ("resident", "education")}


# --- rules: citizen ID, phone, grid code, not blank ---------------------------------------


def test_citizen_id_must_be_in_its_stored_form() -> None:
    check_field("resident", "citizen_id", ID18)
    check_field("resident", "citizen_id", "")  # not recorded
    with_x = next(make_citizen_id("110105", date(1960, 1, 1), s) for s in range(1000)
                  if make_citizen_id("110105", date(1960, 1, 1), s).endswith("X"))
    check_field("resident", "citizen_id", with_x)
    assert code("resident", "citizen_id", with_x[:-1] + "x") == "id_not_normal"
    old15 = ID18[:6] + ID18[8:17]  # the 15-digit number of the same person
    assert code("resident", "citizen_id", old15) == "id_not_normal"
    assert code("resident", "citizen_id", "１" + ID18[1:]) == "id_not_normal"  # full-width 1
    wrong = ID18[:-1] + next(c for c in "0123456789X" if c != ID18[-1])
    assert code("resident", "citizen_id", wrong) == "id_check"
    assert code("resident", "citizen_id", "11010519560308001") == "id_length"
    assert code("resident", "citizen_id", "1101051956030800A1") == "id_chars"
    assert code("resident", "citizen_id", "110105" + "19561308" + "0017") == "id_birth_date"
    future = "110105" + (date.today() + timedelta(days=400)).strftime("%Y%m%d") + "001"
    assert code("resident", "citizen_id", future + check_character(future)) in (
        "id_future_birth", "id_birth_date")
    assert code("resident", "citizen_id", "1" * 19) == "text_too_long"
    assert code("resident", "citizen_id", None) == "value_required"


@pytest.mark.parametrize("entity", ["household", "resident"])
def test_phones_must_be_in_their_stored_form(entity) -> None:
    for good in ("", "13812345678", "010-12345678", "0371-6123456", "0371-6123456-12"):
        check_field(entity, "phone", good)
    for not_normal in ("138 1234 5678", "+8613812345678", "(010)12345678", "01012345678",
                       "１３８１２３４５６７８"):
        assert code(entity, "phone", not_normal) == "phone_not_normal", not_normal
    for bad in ("12345", "23812345678", "+1 415 555 0100", "6123456", "phone"):
        assert code(entity, "phone", bad) == "phone_invalid", bad


def test_grid_codes_must_be_15_or_20_plain_digits() -> None:
    check_field("grid", "code", "110105001001001")
    check_field("grid", "code", "11010500100100100001")
    assert code("grid", "code", "") == "value_required"
    assert code("grid", "code", "1101050010010") == "grid_code_invalid"
    assert code("grid", "code", "11010500100100A") == "grid_code_invalid"
    assert code("grid", "code", "110105001001001" + "0" * 6) == "text_too_long"
    # What the parser forgives when reading a roster is not what a stored code may be.
    assert code("grid", "code", " 110105001001001") == "grid_code_not_normal"
    assert code("grid", "code", "１１0105001001001") == "grid_code_not_normal"


NOT_BLANK = [(e.name, n) for e in ENTITIES.values() for n, f in e.fields.items()
             if f.rule is Rule.NOT_BLANK]


@pytest.mark.parametrize(("entity", "name"), NOT_BLANK)
def test_not_blank_texts(entity, name) -> None:
    check_field(entity, name, "王")
    for blank in ("", "   ", "\n\t"):
        assert code(entity, name, blank) == "value_required"


# --- ids, numbers and coordinates ---------------------------------------------------------


def test_ids_are_uuids_and_only_a_declared_one_may_be_null() -> None:
    check_field("resident", "household_id", UUID)
    check_field("resident", "household_id", UUID.upper())
    check_field("household", "head_resident_id", None)
    assert code("resident", "household_id", None) == "value_required"
    for bad in ("", "not-an-id", UUID[:-1], UUID + "0", 12, [UUID]):
        assert code("resident", "household_id", bad) == "uuid_invalid", bad


@pytest.mark.parametrize(("name", "limit"), [("latitude", 90), ("longitude", 180)])
def test_coordinates(name, limit) -> None:
    for good in (0, 0.0, limit, -limit, 39.9042, -limit + 1e-9, None):
        check_field("household", name, good)
    for bad in (limit + 1e-9, -limit - 0.5, 1e308, math.nan, math.inf, -math.inf, 10**400):
        assert code("household", name, bad) == "coordinate_invalid", bad
    for wrong in (True, "39.9", [1.0], {"v": 1}):
        assert code("household", name, wrong) == "number_type", wrong


# --- dates and timestamps -----------------------------------------------------------------

DATE_FIELDS = [(e.name, n) for e in ENTITIES.values() for n, f in e.fields.items()
               if f.kind is Kind.DATE]
TIME_FIELDS = [(e.name, n) for e in ENTITIES.values() for n, f in e.fields.items()
               if f.kind is Kind.DATETIME]


@pytest.mark.parametrize(("entity", "name"), DATE_FIELDS)
def test_dates_within_1900_to_2100(entity, name) -> None:
    for good in ("1900-01-01", "2026-11-21", "2100-12-31"):
        check_field(entity, name, good)
    for out in ("1899-12-31", "2101-01-01", "0001-01-01", "9999-12-31"):
        assert code(entity, name, out) == "date_out_of_range", out
    for bad in ("2026-02-30", "21/11/2026", "", "2026-11-21T08:00:00+08:00x", "今天"):
        assert code(entity, name, bad) == "date_invalid", bad
    assert code(entity, name, 20261121) == "date_invalid"
    for other_spelling in ("20261121", "2026-W47-6", "2026-325"):
        assert code(entity, name, other_spelling) in ("date_not_normal", "date_invalid"), (
            other_spelling)
    assert code(entity, name, "20261121") == "date_not_normal"  # one spelling per date


@pytest.mark.parametrize(("entity", "name"), TIME_FIELDS)
def test_timestamps_aware_and_within_bounds(entity, name) -> None:
    for good in ("2026-11-21T08:00:00+08:00", "2026-11-21T00:00:00Z",
                 "1900-01-01T00:00:00+00:00", "2100-12-31T23:59:59.999999+00:00",
                 "2026-11-21T08:00:00.5-05:30"):
        check_field(entity, name, good)
    assert code(entity, name, "2026-11-21T08:00:00") == "timestamp_naive"
    assert code(entity, name, "2026-11-21") == "timestamp_naive"
    for out in ("1899-12-31T23:59:59+00:00", "1900-01-01T00:00:00+01:00",
                "2101-01-01T00:00:00+00:00", "2100-12-31T23:00:00-05:00"):
        assert code(entity, name, out) == "timestamp_out_of_range", out
    for bad in ("yesterday", "", "2026-13-01T00:00:00+00:00", "2026-11-21T25:00:00+00:00"):
        assert code(entity, name, bad) == "timestamp_invalid", bad
    assert code(entity, name, 1763712000) == "timestamp_invalid"
    spec = ENTITIES[entity].fields[name]
    if spec.nullable:
        check_field(entity, name, None)
    else:
        assert code(entity, name, None) == "value_required"


# --- texts: hygiene and lengths -----------------------------------------------------------

TEXT_FIELDS = [(e.name, n) for e in ENTITIES.values() for n, f in e.fields.items()
               if f.kind is Kind.TEXT]


@pytest.mark.parametrize(("entity", "name"), TEXT_FIELDS)
def test_texts_refuse_nul_control_chars_surrogates_and_overlong(entity, name) -> None:
    spec = ENTITIES[entity].fields[name]
    assert spec.max_length is not None and spec.max_length <= LONG_TEXT_MAX
    for bad, want in (("a\x00b", "text_nul"), ("a\x07b", "text_control_char"),
                      ("a\rb", "text_control_char"), ("a\x85", "text_control_char"),
                      ("a\x7f", "text_control_char"), ("a\ud800", "text_surrogate")):
        assert code(entity, name, bad) == want, (bad, want)
    assert code(entity, name, "x" * (spec.max_length + 1)) == "text_too_long"
    assert code(entity, name, 12) == "text_type"
    assert code(entity, name, ["a"]) == "text_type"
    if spec.vocab is None and spec.rule is None:
        check_field(entity, name, "第一行\n\t第二行" + "字" * (spec.max_length - 8))
        check_field(entity, name, "")


def test_short_and_long_text_bounds_are_the_rulebooks() -> None:
    lengths = {f.max_length for e in ENTITIES.values() for f in e.fields.values()
               if f.kind is Kind.TEXT}
    assert max(lengths) == LONG_TEXT_MAX
    assert SHORT_TEXT_MAX in lengths


# --- text sets: codes and photo digests ---------------------------------------------------


def test_text_sets() -> None:
    check_field("household", "tags", ["minimum_allowance", "extreme_poverty"])
    assert code("household", "tags", "minimum_allowance") == "set_type"
    assert code("household", "tags", None) == "value_required"
    assert code("household", "tags", [1]) == "set_type"
    assert code("household", "tags", [["minimum_allowance"]]) == "set_type"
    assert code("household", "tags", ["minimum_allowance"] * 2) == "set_duplicate"
    assert code("household", "tags", [HouseholdTag.MINIMUM_ALLOWANCE.label]) == "code_unknown"
    assert code("household", "tags", ["x" * 65]) == "text_too_long"
    assert code("household", "tags", ["a\x00"]) == "text_nul"
    assert code("household", "tags", [str(i) for i in range(TEXT_SET_ITEMS_MAX + 1)]
                ) == "set_too_large"


def test_photos_are_distinct_lower_case_sha256_digests() -> None:
    check_field("visit", "photos", [])
    check_field("visit", "photos", [SHA, "cd" * 32])
    for bad in ("AB" * 32, "ab" * 31, "ab" * 31 + " a", "g" * 64, ""):
        assert code("visit", "photos", [bad]) == "sha256_invalid", bad
    assert code("visit", "photos", [SHA, SHA]) == "set_duplicate"
    assert code("visit", "photos", [SHA] + [f"{i:064x}" for i in range(TEXT_SET_ITEMS_MAX)]
                ) == "set_too_large"
    assert code("visit", "photos", SHA) == "set_type"


# --- JSON: findings and amendment changes -------------------------------------------------


def test_findings_shape() -> None:
    check_field("visit", "findings", [])
    check_field("visit", "findings", [{"kind": k.value, "text": "邻里纠纷"} for k in FindingKind])
    check_field("visit", "findings", [{"kind": "dispute"}])
    # A not-nullable JSON field: null is refused (the wire and the client's column say so).
    assert code("visit", "findings", None) == "value_required"
    for bad in ({"kind": "dispute"}, "dispute", [["dispute"]], [{"kind": "dispute", "x": 1}],
                [{"text": "no kind"}], [1]):
        assert code("visit", "findings", bad) in ("findings_invalid", "code_unknown"), bad
    assert code("visit", "findings", [{"kind": "no_such", "text": ""}]) == "code_unknown"
    assert code("visit", "findings", [{"kind": "dispute", "text": 5}]) == "text_type"
    assert code("visit", "findings", [{"kind": "dispute", "text": "x" * 201}]) == "text_too_long"
    assert code("visit", "findings", [{"kind": "dispute", "text": "a\x00"}]) == "text_nul"
    assert code("visit", "findings", [{"kind": "dispute", "text": math.nan}]
                ) == "json_non_finite"
    deep: Any = []
    for _ in range(JSON_MAX_DEPTH + 1):
        deep = [deep]
    assert code("visit", "findings", deep) == "json_too_deep"
    huge = [{"kind": "dispute", "text": "字" * 200}] * 200
    assert code("visit", "findings", huge) == "json_too_large"


def test_amendment_changes_name_amendable_visit_fields_with_valid_values() -> None:
    check_field("visit_amendment", "changes", {"summary": "更正后的情况"})
    check_field("visit_amendment", "changes", {
        "people_met": "", "findings": [], "resolved_on_spot": False,
        "follow_up_date": "2026-12-01", "visit_type": "focus",
        "ended_at": "2026-11-21T09:00:00+08:00"})
    check_field("visit_amendment", "changes", {"follow_up_date": None, "ended_at": None})
    for empty in ({}, None, [], "summary"):
        assert code("visit_amendment", "changes", empty) in ("changes_invalid",
                                                              "value_required"), empty
    for not_amendable in ("household_id", "visitor", "started_at", "photos", RECORDED_AT,
                          "nonexistent"):
        assert code("visit_amendment", "changes", {not_amendable: "x"}) == "changes_invalid"
    for key, bad, want in (("summary", "", "value_required"), ("summary", "a\x00", "text_nul"),
                           ("visit_type", "picnic", "code_unknown"),
                           ("resolved_on_spot", "yes", "bool_type"),
                           ("follow_up_date", "2101-01-01", "date_out_of_range"),
                           ("ended_at", "2026-11-21T09:00:00", "timestamp_naive"),
                           ("findings", [{"kind": "nope"}], "code_unknown"),
                           ("findings", None, "value_required")):
        found = violation("visit_amendment", "changes", {key: bad})
        assert (found.field, found.code, found.params.get("of")) == ("changes", want, key)
    assert set(AMENDABLE_VISIT_FIELDS) <= set(ENTITIES["visit"].fields)


def test_bools() -> None:
    check_field("visit", "resolved_on_spot", True)
    check_field("visit", "resolved_on_spot", False)
    for bad in (0, 1, "true", None):
        assert code("visit", "resolved_on_spot", bad) in ("bool_type", "value_required"), bad


# --- whole records and pushed entries -----------------------------------------------------


def test_unknown_fields_are_refused_by_name() -> None:
    assert code("resident", "shoe_size", 42) == "field_unknown"
    with pytest.raises(RuleViolation) as info:
        check_entry("resident", False, {"shoe_size": {"base": None, "new": 42}})
    assert (info.value.code, info.value.field) == ("field_unknown", "shoe_size")


def test_entries_need_new_values_and_creates_need_every_required_field() -> None:
    values = {"household_id": UUID, "name": "张三", "sex": "male", "ethnicity": "01",
              "relation": "head", "population_type": "registered",
              "residence_status": "consistent", "status": "active"}
    required = {n for n, f in ENTITIES["resident"].fields.items() if f.required}
    assert required == set(values)
    check_record("resident", values)
    check_entry("resident", True, {n: {"base": None, "new": v} for n, v in values.items()})
    for missing in sorted(required):
        with pytest.raises(RuleViolation) as info:
            check_entry("resident", True, {n: {"base": None, "new": v}
                                           for n, v in values.items() if n != missing})
        assert (info.value.code, info.value.field) == ("value_required", missing)
    check_entry("resident", False, {"name": {"base": "张三", "new": "张四"}})  # updates: any subset
    with pytest.raises(RuleViolation) as info:
        check_entry("resident", False, {"name": "张四"})
    assert (info.value.code, info.value.field) == ("changes_invalid", "name")
    with pytest.raises(RuleViolation) as info:
        check_entry("resident", False, ["name"])  # type: ignore[arg-type]
    assert info.value.code == "changes_invalid"


# --- the declaration itself ---------------------------------------------------------------


def test_every_entity_and_field_has_a_label() -> None:
    assert tuple(ENTITIES) == ENTITY_ORDER
    for entity in ENTITIES.values():
        assert entity.label, entity.name
        for name, spec in entity.fields.items():
            assert spec.label, f"{entity.name}.{name} has no label"
            assert label_of(entity.name, name) == spec.label


def test_every_vocabulary_default_is_a_member() -> None:
    for entity in ENTITIES.values():
        for name, spec in entity.fields.items():
            if spec.vocab is None:
                continue
            empty = spec.empty()
            if spec.kind is Kind.TEXT_SET:
                assert empty == [], name
                continue
            if spec.default is not None or not spec.required:
                check_field(entity.name, name, empty)  # raises naming the field when not
            assert spec.max_length is not None and spec.max_length >= max(
                len(m.value) for m in spec.vocab), f"{entity.name}.{name}: codes do not fit"


def test_every_default_meets_its_own_field() -> None:
    for entity in ENTITIES.values():
        for name, spec in entity.fields.items():
            if spec.required or (spec.rule is Rule.NOT_BLANK):
                continue
            empty = spec.empty()
            if empty is None and not spec.nullable:
                continue  # left out and not stored (e.g. the recorded time: the centre's)
            check_field(entity.name, name, empty)


def test_roster_column_headings_are_unique_across_entities() -> None:
    seen: dict[str, str] = {}
    for entity in ENTITIES.values():
        for name, spec in entity.fields.items():
            for heading in spec.columns:
                where = f"{entity.name}.{name}"
                assert heading not in seen, f"{heading!r} read by {seen[heading]} and {where}"
                seen[heading] = where
                assert heading == heading.strip() and heading


# --- the client's ORM columns -------------------------------------------------------------

_PYTHON_TYPE = {Kind.TEXT: "str", Kind.ID: "str", Kind.INT: "int", Kind.FLOAT: "float",
                Kind.BOOL: "bool", Kind.DATE: "date", Kind.DATETIME: "datetime",
                Kind.TEXT_SET: r"list\[str\]", Kind.JSON: "(list|dict)\\[.*\\]"}
_SQL_TYPE = {Kind.TEXT: ("VARCHAR", "TEXT"), Kind.ID: ("VARCHAR",), Kind.INT: ("INTEGER",),
             Kind.FLOAT: ("FLOAT",), Kind.BOOL: ("BOOLEAN",), Kind.DATE: ("DATE",),
             Kind.DATETIME: ("DATETIME",), Kind.TEXT_SET: ("JSON",), Kind.JSON: ("JSON",)}


def _model_of(entity: str) -> type:
    from gridworker.storage import models

    name = "".join(part.title() for part in entity.split("_")) + "Row"
    return getattr(models, name)


def _annotation(cls: type, name: str) -> str | None:
    for klass in cls.__mro__:
        found = inspect.get_annotations(klass).get(name)
        if found is not None:
            return str(found)
    return None


def test_client_columns_match_the_schema_field_by_field() -> None:
    from gridworker.storage.fields import declared

    problems: list[str] = []
    for entity in ENTITIES:
        model = _model_of(entity)
        table = model.__table__  # type: ignore[attr-defined]
        fields = ENTITIES[entity].fields
        stored = set(declared(entity))
        assert stored == set(fields) - {"photos", RECORDED_AT}, entity
        for name in sorted(stored):
            spec, where = fields[name], f"{entity}.{name}"
            col = table.columns.get(name)
            if col is None:
                problems.append(f"{where}: no column")
                continue
            if col.nullable != spec.nullable:
                problems.append(f"{where}: column nullable={col.nullable}, "
                                f"schema nullable={spec.nullable}")
            sql = col.type.compile(dialect=_sqlite())
            if not sql.startswith(_SQL_TYPE[spec.kind]):
                problems.append(f"{where}: column {sql} for a {spec.kind} field")
            length = getattr(col.type, "length", None)
            if spec.kind is Kind.TEXT and length is not None and spec.max_length is not None \
                    and length < spec.max_length:
                problems.append(f"{where}: column holds {length} of {spec.max_length} chars")
            hint = _annotation(model, name) or ""
            inner = re.fullmatch(r"Mapped\[(.*)\]", hint)
            if inner is None:
                problems.append(f"{where}: not a Mapped attribute ({hint!r})")
                continue
            parts = [p.strip() for p in inner.group(1).split("|")]
            if ("None" in parts) != spec.nullable:
                problems.append(f"{where}: Python type {inner.group(1)} but nullable="
                                f"{spec.nullable}")
            base = " | ".join(p for p in parts if p != "None")
            if not re.fullmatch(_PYTHON_TYPE[spec.kind], base):
                problems.append(f"{where}: Python type {base} for a {spec.kind} field")
    assert not problems, "\n".join(problems)


def _sqlite() -> Any:
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()
