"""The one schema: every synced entity's fields, declared once.

Each field says its wire kind, how a concurrent edit merges, whether it may be null or left
out of a create, its bounds, its vocabulary or rule, the label a person reads (the Chinese
source text; the client translates it in the ``fields`` context) and the roster columns it is
imported from. Everything else derives from here: the protocol's entity table
(``gridworker.sync.protocol.ENTITIES`` is this table), the client's ORM columns, its
row↔snapshot mapping and wire conversion, bulk loads, conflict field labels, the centre's
push checks and both roster imports.

:func:`check_field` is the rule a stored value must meet, the same on both sides: the client
runs it before it journals a change, the centre before it stores a pushed one. Adding a field
to a synced entity means: a line here, a migration (client and centre), the form that shows
it, and the demo generator if it should fill it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .bounds import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    check_latitude,
    check_longitude,
    check_number,
    parse_date,
    parse_timestamp,
)
from .citizen_id import normalize_citizen_id
from .errors import RuleViolation
from .grid_code import parse_grid_code
from .ids import check_uuid
from .jsontext import check_json_value
from .phone import normalize_phone
from .text import check_text
from .vocab import (
    CareCategory,
    DwellingType,
    Education,
    Ethnicity,
    FindingKind,
    HouseholdStatus,
    HouseholdTag,
    ManagementCategory,
    PopulationType,
    Relation,
    ResidenceStatus,
    ResidentStatus,
    Sex,
    VisitType,
    Vocabulary,
)

__all__ = [
    "ENTITIES", "ENTITY_ORDER", "RECORDED_AT", "EntitySpec", "FieldSpec", "Kind", "Policy",
    "Rule", "check_entry", "check_field", "check_record", "label_of",
]  # fmt: skip


class Policy(StrEnum):
    """How a field changed on both sides since the base is merged."""

    MANUAL = "manual"
    """Server value stays; a conflict (base, mine, theirs) is recorded and returned."""
    SET_UNION = "set_union"
    """Tag sets: additions from both sides kept, removals from both sides applied."""
    MAX = "max"
    """Timestamps such as 'last checked': the later value wins."""
    SERVER = "server"
    """Only the centre writes it (e.g. a household's grid: reassignment is an admin act)."""


class Kind(StrEnum):
    """Wire types of field values (JSON): dates and datetimes are ISO-8601 text."""

    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    ID = "id"
    TEXT_SET = "text_set"
    """A list of short codes with set semantics; sent sorted."""
    JSON = "json"


class Rule(StrEnum):
    """A rule of the rulebook a field's value must meet beyond its kind and bounds."""

    CITIZEN_ID = "citizen_id"
    """Blank, or an 18-character GB 11643 number as the rulebook normalises it."""
    PHONE = "phone"
    """Blank, or a phone as the rulebook normalises it."""
    GRID_CODE = "grid_code"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    NOT_BLANK = "not_blank"
    """Text that is not empty after trimming."""
    SHA256 = "sha256"
    """Items are lower-case hex SHA-256 digests (photo references)."""
    FINDINGS = "findings"
    """A list of ``{"kind": FindingKind, "text": short text}``."""
    VISIT_CHANGES = "visit_changes"
    """An amendment's changes: amendable visit fields with values the visit field accepts."""


TEXT_SET_ITEMS_MAX = 200
"""Items in one set-valued field."""
TEXT_SET_ITEM_MAX = 64
"""Characters of one item of a set-valued field."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    kind: Kind
    policy: Policy = Policy.MANUAL
    nullable: bool = False
    max_length: int | None = None
    required: bool = True
    """Must be present in a create entry."""
    vocab: type[Vocabulary] | None = None
    """The vocabulary a code (or each code of a set) belongs to."""
    blank: bool = False
    """A vocabulary field that may hold "" (not recorded)."""
    rule: Rule | None = None
    label: str = ""
    """What a person calls the field (Chinese source text, translated by the client)."""
    columns: tuple[str, ...] = ()
    """Roster column headings this field is read from (first is the canonical one)."""
    default: Any = None
    """Value of a field a create or an import leaves out (``None``: null, or the kind's empty
    value for a not-nullable field)."""

    def empty(self) -> Any:
        """The value a row holds when nothing was given for this field."""
        if self.default is not None:
            return list(self.default) if isinstance(self.default, list) else self.default
        if self.nullable:
            return None
        return {Kind.TEXT: "", Kind.TEXT_SET: [], Kind.BOOL: False, Kind.JSON: None}.get(
            self.kind
        )


@dataclass(frozen=True, slots=True)
class EntitySpec:
    name: str
    fields: Mapping[str, FieldSpec]
    parent: tuple[str, str] | None = None
    """(field, entity) whose grid this row belongs to; None for a grid itself."""
    append_only: bool = False
    """Created once, never updated or deleted (evidence); corrected by new records."""
    deletable: bool = False
    client_writable: bool = True
    """False: only the centre creates and changes these (grids)."""
    label: str = ""


RECORDED_AT = "created_at"
"""Field of a visit's and an amendment's data: when the worker recorded it on the laptop
(aware ISO-8601). Sent in the create; the centre keeps it (within the rulebook's timestamp
bounds, not after its own clock by more than ``gridrules.bounds.CLOCK_SKEW_MAX``) and fills
in its receive time when an older client sends none. The same key a household's data
carries for the time it entered the centre's roster."""


def _text(n: int, label: str, *, required: bool = True, rule: Rule | None = None,
          columns: tuple[str, ...] = ()) -> FieldSpec:
    return FieldSpec(Kind.TEXT, max_length=n, required=required, rule=rule, label=label,
                     columns=columns)


def _code(vocab: type[Vocabulary], label: str, *, required: bool = True, blank: bool = False,
          default: Vocabulary | None = None, columns: tuple[str, ...] = (),
          n: int = 20) -> FieldSpec:
    return FieldSpec(Kind.TEXT, max_length=n, required=required, vocab=vocab, blank=blank,
                     label=label, columns=columns,
                     default=None if default is None else default.value)


def _codes(vocab: type[Vocabulary], label: str, *, columns: tuple[str, ...] = ()) -> FieldSpec:
    return FieldSpec(Kind.TEXT_SET, Policy.SET_UNION, required=False, vocab=vocab, label=label,
                     columns=columns)


def _id(label: str, *, policy: Policy = Policy.MANUAL, nullable: bool = False) -> FieldSpec:
    return FieldSpec(Kind.ID, policy, nullable=nullable, required=not nullable, label=label)


def _recorded_at() -> FieldSpec:
    return FieldSpec(Kind.DATETIME, required=False, label="记录时间")


NAME_MAX = 50

ENTITIES: dict[str, EntitySpec] = {
    "grid": EntitySpec(
        "grid",
        {
            "code": _text(20, "网格编码", rule=Rule.GRID_CODE),
            "name": _text(100, "网格名称", rule=Rule.NOT_BLANK),
            "village": _text(100, "村/社区", required=False),
            "township": _text(100, "乡镇/街道", required=False),
            "county": _text(100, "区县", required=False),
        },
        client_writable=False,
        label="网格",
    ),
    "household": EntitySpec(
        "household",
        {
            "grid_id": _id("所属网格", policy=Policy.SERVER),
            "group_name": _text(50, "组", required=False, columns=("组", "村民小组", "组别")),
            "door_number": _text(50, "门牌号", required=False, columns=("门牌号", "门牌")),
            "address_detail": _text(SHORT_TEXT_MAX, "详细地址", required=False,
                                    columns=("详细地址", "住址", "地址")),
            "dwelling_type": _code(DwellingType, "房屋类型", default=DwellingType.OWNER_OCCUPIED,
                                   columns=("房屋类型",)),
            "head_resident_id": _id("户主", nullable=True),
            "phone": _text(30, "联系电话", required=False, rule=Rule.PHONE,
                           columns=("户联系电话",)),
            "tags": _codes(HouseholdTag, "户标签"),
            "latitude": FieldSpec(Kind.FLOAT, nullable=True, required=False, rule=Rule.LATITUDE,
                                  label="纬度"),
            "longitude": FieldSpec(Kind.FLOAT, nullable=True, required=False,
                                   rule=Rule.LONGITUDE, label="经度"),
            "status": _code(HouseholdStatus, "状态", default=HouseholdStatus.ACTIVE),
        },
        parent=("grid_id", "grid"),
        label="户",
    ),
    "resident": EntitySpec(
        "resident",
        {
            "household_id": _id("所属户"),
            "name": _text(NAME_MAX, "姓名", rule=Rule.NOT_BLANK, columns=("姓名",)),
            "former_name": _text(NAME_MAX, "曾用名", required=False, columns=("曾用名",)),
            "sex": _code(Sex, "性别", default=Sex.UNKNOWN, columns=("性别",), n=10),
            "ethnicity": _code(Ethnicity, "民族", blank=True, columns=("民族",), n=4),
            "citizen_id": _text(18, "身份证号码", required=False, rule=Rule.CITIZEN_ID,
                                columns=("公民身份号码", "身份证号", "身份证号码", "身份证")),
            "birth_date": FieldSpec(Kind.DATE, nullable=True, required=False, label="出生日期",
                                    columns=("出生日期",)),
            "phone": _text(30, "联系电话", required=False, rule=Rule.PHONE,
                           columns=("联系电话", "电话", "手机", "手机号码")),
            "relation": _code(Relation, "与户主关系", default=Relation.OTHER,
                              columns=("与户主关系", "关系")),
            "population_type": _code(PopulationType, "人口类型",
                                     default=PopulationType.REGISTERED, columns=("人口类型",)),
            "residence_status": _code(ResidenceStatus, "人户状态",
                                      default=ResidenceStatus.CONSISTENT, columns=("人户状态",)),
            "education": _code(Education, "文化程度", required=False, blank=True,
                               columns=("文化程度", "学历"), n=4),
            "care_categories": _codes(CareCategory, "关爱类别"),
            "management_categories": _codes(ManagementCategory, "管理类别"),
            "status": _code(ResidentStatus, "状态", default=ResidentStatus.ACTIVE),
            "note": _text(LONG_TEXT_MAX, "备注", required=False, columns=("备注",)),
        },
        parent=("household_id", "household"),
        deletable=True,
        label="居民",
    ),
    "visit": EntitySpec(
        "visit",
        {
            "household_id": _id("所属户"),
            "visitor": _text(NAME_MAX, "走访人", rule=Rule.NOT_BLANK),
            "visit_type": _code(VisitType, "走访类型", default=VisitType.ROUTINE),
            "started_at": FieldSpec(Kind.DATETIME, label="走访时间"),
            "ended_at": FieldSpec(Kind.DATETIME, nullable=True, required=False,
                                  label="结束时间"),
            "people_met": _text(SHORT_TEXT_MAX, "见到的人", required=False),
            "summary": _text(LONG_TEXT_MAX, "走访情况", rule=Rule.NOT_BLANK),
            "findings": FieldSpec(Kind.JSON, required=False, rule=Rule.FINDINGS,
                                  label="发现事项", default=[]),
            "resolved_on_spot": FieldSpec(Kind.BOOL, required=False, label="当场解决",
                                          default=True),
            "follow_up_date": FieldSpec(Kind.DATE, nullable=True, required=False,
                                        label="跟进日期"),
            "photos": FieldSpec(Kind.TEXT_SET, required=False, rule=Rule.SHA256, label="照片"),
            RECORDED_AT: _recorded_at(),
        },
        parent=("household_id", "household"),
        append_only=True,
        label="走访记录",
    ),
    "visit_amendment": EntitySpec(
        "visit_amendment",
        {
            "visit_id": _id("所更正的走访"),
            "author": _text(NAME_MAX, "更正人", rule=Rule.NOT_BLANK),
            "reason": _text(LONG_TEXT_MAX, "更正原因", rule=Rule.NOT_BLANK),
            "changes": FieldSpec(Kind.JSON, rule=Rule.VISIT_CHANGES, label="更正内容"),
            RECORDED_AT: _recorded_at(),
        },
        parent=("visit_id", "visit"),
        append_only=True,
        label="走访更正",
    ),
}

ENTITY_ORDER: tuple[str, ...] = ("grid", "household", "resident", "visit", "visit_amendment")
"""Parents before children: apply rows of one pull page in this order."""

AMENDABLE_VISIT_FIELDS: tuple[str, ...] = (
    "summary", "people_met", "findings", "resolved_on_spot", "follow_up_date", "visit_type",
    "ended_at",
)  # fmt: skip
"""The fields of a visit an amendment may correct (the rest is the record's identity)."""


def label_of(entity: str, field: str | None = None) -> str:
    """The Chinese label of an entity, or of one of its fields (the name itself if unknown)."""
    spec = ENTITIES.get(entity)
    if spec is None:
        return field or entity
    if field is None:
        return spec.label or entity
    f = spec.fields.get(field)
    return f.label if f is not None and f.label else field


# ---------------------------------------------------------------------------------------------
# The rule a stored value meets (client before journalling, centre before storing)


def _violation(code: str, name: str, **params: Any) -> RuleViolation:
    return RuleViolation(code, field=name, params=params)


def _check_code(name: str, spec: FieldSpec, code: str) -> None:
    assert spec.vocab is not None
    if code == "" and spec.blank:
        return
    if code not in spec.vocab._value2member_map_:
        raise _violation("code_unknown", name, vocabulary=spec.vocab.__name__)


def _check_text(name: str, spec: FieldSpec, value: Any) -> None:
    check_text(value, field=name, max_length=spec.max_length)
    if spec.vocab is not None:
        _check_code(name, spec, value)
        return
    rule = spec.rule
    if rule is Rule.NOT_BLANK and not value.strip():
        raise _violation("value_required", name)
    if not value:
        if rule is Rule.GRID_CODE:
            raise _violation("value_required", name)
        return
    try:
        if rule is Rule.CITIZEN_ID:
            if normalize_citizen_id(value) != value:
                raise _violation("id_not_normal", name)
        elif rule is Rule.PHONE:
            if normalize_phone(value) != value:
                raise _violation("phone_not_normal", name)
        elif rule is Rule.GRID_CODE and parse_grid_code(value).code != value:
            raise _violation("grid_code_not_normal", name)  # spaces, full-width digits
    except RuleViolation as violation:
        raise violation.at(name) from None


def _check_set(name: str, spec: FieldSpec, value: Any) -> None:
    if not isinstance(value, list):
        raise _violation("set_type", name)
    if len(value) > TEXT_SET_ITEMS_MAX:
        raise _violation("set_too_large", name, max=TEXT_SET_ITEMS_MAX)
    for item in value:
        if not isinstance(item, str):
            raise _violation("set_type", name)
        check_text(item, field=name, max_length=TEXT_SET_ITEM_MAX)
        if spec.vocab is not None:
            _check_code(name, spec, item)
        elif spec.rule is Rule.SHA256 and not _is_sha256(item):
            raise _violation("sha256_invalid", name)
    if len(set(value)) != len(value):
        raise _violation("set_duplicate", name)


def _is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _check_findings(name: str, value: Any) -> None:
    if not isinstance(value, list):
        raise _violation("findings_invalid", name)
    for item in value:
        if not isinstance(item, dict) or set(item) - {"kind", "text"}:
            raise _violation("findings_invalid", name)
        if item.get("kind") not in FindingKind._value2member_map_:
            raise _violation("code_unknown", name, vocabulary=FindingKind.__name__)
        check_text(item.get("text", ""), field=name, max_length=SHORT_TEXT_MAX)


def _check_visit_changes(name: str, value: Any) -> None:
    if not isinstance(value, dict) or not value:
        raise _violation("changes_invalid", name)
    for key, new in value.items():
        if key not in AMENDABLE_VISIT_FIELDS:
            raise _violation("changes_invalid", name)
        try:
            check_field("visit", key, new)
        except RuleViolation as violation:
            raise RuleViolation(violation.code, field=name,
                                params={**violation.params, "of": key}) from None


def check_field(entity: str, name: str, value: Any) -> None:
    """Raise :class:`RuleViolation` (naming ``name``) unless ``value`` is one the field of
    ``entity`` may hold on the wire and in storage."""
    spec = ENTITIES[entity].fields.get(name)
    if spec is None:
        raise _violation("field_unknown", name)
    if value is None:
        if spec.nullable:
            return
        raise _violation("value_required", name)
    kind = spec.kind
    if kind is Kind.TEXT:
        _check_text(name, spec, value)
    elif kind is Kind.ID:
        check_uuid(value, field=name)
    elif kind in (Kind.INT, Kind.FLOAT):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _violation("number_type", name)
        if kind is Kind.INT and not isinstance(value, int):
            raise _violation("number_type", name)
        if spec.rule is Rule.LATITUDE:
            check_latitude(value, field=name)
        elif spec.rule is Rule.LONGITUDE:
            check_longitude(value, field=name)
        else:
            check_number(value, field=name)
    elif kind is Kind.BOOL:
        if not isinstance(value, bool):
            raise _violation("bool_type", name)
    elif kind is Kind.DATE:
        if parse_date(value, field=name).isoformat() != value:
            raise _violation("date_not_normal", name)  # one spelling per date: YYYY-MM-DD
    elif kind is Kind.DATETIME:
        parse_timestamp(value, field=name)
    elif kind is Kind.TEXT_SET:
        _check_set(name, spec, value)
    else:
        check_json_value(value, field=name)
        if spec.rule is Rule.FINDINGS:
            _check_findings(name, value)
        elif spec.rule is Rule.VISIT_CHANGES:
            _check_visit_changes(name, value)


def check_record(entity: str, values: Mapping[str, Any]) -> None:
    """Every value of a whole record (a create), and that required fields are present."""
    spec = ENTITIES[entity]
    for name, value in values.items():
        check_field(entity, name, value)
    for name, f in spec.fields.items():
        if f.required and name not in values:
            raise _violation("value_required", name)


def check_entry(entity: str, create: bool, changes: Mapping[str, Any]) -> None:
    """A pushed entry's ``changes`` ({field: {"base": v, "new": v}}): each new value meets
    :func:`check_field`; a create names every required field."""
    if not isinstance(changes, Mapping):
        raise RuleViolation("changes_invalid")
    spec = ENTITIES[entity]
    for name, change in changes.items():
        if not isinstance(name, str) or name not in spec.fields:
            raise _violation("field_unknown", str(name)[:64])
        if not isinstance(change, Mapping) or "new" not in change:
            raise _violation("changes_invalid", name)
        check_field(entity, name, change["new"])
    if create:
        for name, f in spec.fields.items():
            if f.required and name not in changes:
                raise _violation("value_required", name)

