"""Validation and normalisation of what a person types into a form.

Each ``clean_*`` function returns normalised values ready to store or raises ``InvalidInput``
naming every bad field at once, so a form can mark them all together. The rules themselves
(ID numbers, phones, text hygiene, bounds) are the rulebook's (:mod:`gridrules`), shared with
gridcenter; this module applies them field by field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from gridrules import RuleViolation
from gridrules.bounds import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    check_date,
    check_latitude,
    check_longitude,
)
from gridrules.schema import ENTITIES
from gridrules.text import check_text

from .citizen_id import parse_citizen_id
from .codes import NOT_RECORDED, UnknownCode
from .entities import Finding
from .errors import InvalidInput, ValidationError
from .phone import normalize_optional_phone
from .vocab import FindingKind, Sex, Vocabulary

NAME_MAX = 50
SUMMARY_MAX = LONG_TEXT_MAX
# Clocks on field laptops drift; a visit a few minutes "in the future" is not an error.
CLOCK_TOLERANCE = timedelta(minutes=10)


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def _clean_text(
    values: Mapping[str, Any], name: str, errors: dict[str, ValidationError],
    limit: int = SHORT_TEXT_MAX,
) -> str:
    """The stripped text of field ``name`` cut to ``limit`` characters; characters the
    rulebook refuses (NUL, control characters, lone surrogates) are an error of the field."""
    text = _text(values, name)[:limit]
    _hygiene(text, name, errors)
    return text


def _hygiene(text: str, name: str, errors: dict[str, ValidationError]) -> None:
    try:
        check_text(text, field=name)
    except RuleViolation as violation:
        errors.setdefault(name, ValidationError.from_violation(violation))


def _bounded_date(value: Any, name: str, errors: dict[str, ValidationError]) -> None:
    if isinstance(value, date) and name not in errors:
        try:
            check_date(value, field=name)
        except RuleViolation as violation:
            errors[name] = ValidationError.from_violation(violation)


def _vocab(
    values: Mapping[str, Any], entity: str, name: str, errors: dict[str, ValidationError]
) -> Vocabulary | UnknownCode:
    """The member a vocabulary field's code names; a blank one is the schema's default, or
    stays blank (:data:`NOT_RECORDED`) where the schema allows that."""
    spec = ENTITIES[entity].fields[name]
    assert spec.vocab is not None
    raw = values.get(name)
    if raw is None or raw == "":
        if spec.blank:
            return NOT_RECORDED
        return spec.vocab(spec.default)
    try:
        return spec.vocab(raw)
    except ValueError:
        errors[name] = ValidationError(code="invalid_choice", field=name,
                                       params={"value": str(raw)[:40]})
        return NOT_RECORDED if spec.blank else spec.vocab(spec.default)


def _vocab_set(
    values: Mapping[str, Any], entity: str, name: str, errors: dict[str, ValidationError]
) -> frozenset[Vocabulary]:
    kind = ENTITIES[entity].fields[name].vocab
    assert kind is not None
    raw: Iterable[Any] = values.get(name) or ()
    out: set[Vocabulary] = set()
    for item in raw:
        try:
            out.add(kind(item))
        except ValueError:
            errors[name] = ValidationError(code="invalid_choice", field=name,
                                           params={"value": str(item)[:40]})
    return frozenset(out)


def clean_resident(values: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    """Normalise resident fields. Birth date and sex come from the ID number when given."""
    errors: dict[str, ValidationError] = {}
    out: dict[str, Any] = {}
    name = _text(values, "name")
    if not name:
        errors["name"] = ValidationError(code="name_required", field="name")
    elif len(name) > NAME_MAX:
        errors["name"] = ValidationError(
            code="name_too_long", field="name", params={"max": NAME_MAX}
        )
    _hygiene(name, "name", errors)
    out["name"] = name
    out["former_name"] = _clean_text(values, "former_name", errors, NAME_MAX)
    for field in ("sex", "ethnicity", "relation", "population_type", "residence_status",
                  "education"):
        out[field] = _vocab(values, "resident", field, errors)
    for field in ("care_categories", "management_categories"):
        out[field] = _vocab_set(values, "resident", field, errors)
    out["note"] = _clean_text(values, "note", errors, LONG_TEXT_MAX)

    birth = values.get("birth_date")
    out["birth_date"] = birth if isinstance(birth, date) or birth is None else None
    if isinstance(birth, str) and birth.strip():
        try:
            out["birth_date"] = date.fromisoformat(birth.strip())
        except ValueError:
            errors["birth_date"] = ValidationError(code="birth_date_invalid", field="birth_date")
    id_text = _text(values, "citizen_id")
    out["citizen_id"] = ""
    if id_text:
        try:
            cid = parse_citizen_id(id_text, today=today)
        except ValidationError as exc:
            errors["citizen_id"] = exc
        else:
            out["citizen_id"] = cid.number
            out["birth_date"] = cid.birth_date
            if values.get("sex") not in (None, "", Sex.UNKNOWN, cid.sex) and "sex" not in errors:
                errors["sex"] = ValidationError(
                    code="sex_mismatch", field="sex", params={"sex": Sex(cid.sex).label},
                )
            out["sex"] = cid.sex
    if isinstance(out["birth_date"], date) and out["birth_date"] > today:
        errors["birth_date"] = ValidationError(code="birth_date_future", field="birth_date")
    _bounded_date(out["birth_date"], "birth_date", errors)
    try:
        out["phone"] = normalize_optional_phone(_text(values, "phone"))
    except ValidationError as exc:
        errors["phone"] = exc
        out["phone"] = ""
    if errors:
        raise InvalidInput(errors)
    return out


def clean_household(values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, ValidationError] = {}
    out: dict[str, Any] = {
        "group_name": _clean_text(values, "group_name", errors, 50),
        "door_number": _clean_text(values, "door_number", errors, 50),
        "address_detail": _clean_text(values, "address_detail", errors, SHORT_TEXT_MAX),
        "dwelling_type": _vocab(values, "household", "dwelling_type", errors),
        "tags": _vocab_set(values, "household", "tags", errors),
    }
    if not (out["group_name"] or out["door_number"] or out["address_detail"]):
        errors["door_number"] = ValidationError(code="address_required", field="door_number")
    try:
        out["phone"] = normalize_optional_phone(_text(values, "phone"))
    except ValidationError as exc:
        errors["phone"] = exc
    for name, check in (("latitude", check_latitude), ("longitude", check_longitude)):
        raw = values.get(name)
        if raw in (None, ""):
            out[name] = None
            continue
        try:
            number = float(raw)
        except (TypeError, ValueError):
            number = float("nan")
        try:
            check(number, field=name)
        except RuleViolation as violation:
            errors[name] = ValidationError.from_violation(violation)
        out[name] = number
    if errors:
        raise InvalidInput(errors)
    return out


def clean_visit(values: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """Normalise a visit. Photos and coordinates are never required."""
    errors: dict[str, ValidationError] = {}
    summary = _text(values, "summary")
    if not summary:
        errors["summary"] = ValidationError(code="summary_required", field="summary")
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = ValidationError(
            code="summary_too_long", field="summary", params={"max": SUMMARY_MAX}
        )
    else:
        _hygiene(summary, "summary", errors)
    started = values.get("started_at") or now
    ended = values.get("ended_at")
    if started > now + CLOCK_TOLERANCE:
        errors["started_at"] = ValidationError(code="visit_in_future", field="started_at")
    if ended is not None and ended < started:
        errors["ended_at"] = ValidationError(code="visit_end_before_start", field="ended_at")
    follow_up = values.get("follow_up_date")
    if follow_up is not None and follow_up < started.date():
        errors["follow_up_date"] = ValidationError(code="follow_up_in_past", field="follow_up_date")
    _bounded_date(follow_up, "follow_up_date", errors)
    findings: list[Finding] = []
    for item in values.get("findings") or ():
        if isinstance(item, Finding):
            finding = Finding(FindingKind(item.kind), item.text.strip())
        else:
            try:
                finding = Finding(FindingKind(item["kind"]), str(item.get("text", "")).strip())
            except (KeyError, TypeError, ValueError):
                errors["findings"] = ValidationError(code="finding_invalid", field="findings")
                continue
        _hygiene(finding.text, "findings", errors)
        findings.append(finding)
    out = {
        "summary": summary,
        "visit_type": _vocab(values, "visit", "visit_type", errors),
        "started_at": started,
        "ended_at": ended,
        "people_met": _clean_text(values, "people_met", errors, SHORT_TEXT_MAX),
        "findings": tuple(findings),
        "resolved_on_spot": bool(values.get("resolved_on_spot", True)),
        "follow_up_date": follow_up,
    }
    if errors:
        raise InvalidInput(errors)
    return out
