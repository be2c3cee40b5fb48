"""The words of the conflict and refused-change views: what a person calls an entity, a
field, a row, a value, a conflict's kind, state and choice.

Each takes a :data:`~gridworker.domain.messages.Translate` (Chinese by default, the CLI; the
UI passes Qt's translator), so the views come in the user's language; the words themselves
are message codes (:mod:`gridworker.domain.messages`), schema labels (context ``fields``) and
vocabulary labels (context ``vocab``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gridrules.schema import label_of

from ..domain.masking import mask_citizen_id, mask_phone
from ..domain.messages import Translate, chinese, has_words, say
from ..domain.vocab import Vocabulary
from ..storage.models import GridRow, HouseholdRow, ResidentRow, VisitAmendmentRow, VisitRow
from ..sync import protocol as p

ENTITY_LABELS = {name: spec.label for name, spec in p.ENTITIES.items()}


def entity_label(entity: str, translate: Translate = chinese) -> str:
    """What a person calls an entity (the one schema's label, context ``fields``)."""
    label = ENTITY_LABELS.get(entity)
    return translate("fields", label, "") if label else entity


def field_label(entity: str, field: str | None, translate: Translate = chinese) -> str:
    """What a person calls a field (the one schema's label, context ``fields``)."""
    if not field:
        return ""
    label = label_of(entity, field)
    return translate("fields", label, "") if label != field else field


def _vocab(entity: str, field: str | None) -> type[Vocabulary] | None:
    spec = p.ENTITIES.get(entity)
    fld = spec.fields.get(field or "") if spec is not None else None
    return fld.vocab if fld is not None else None




def _coded(prefix: str, code: str | None, translate: Translate) -> str:
    """The words of ``prefix.code`` (the code itself when it has none)."""
    if not code:
        return ""
    key = f"{prefix}.{code}"
    return say(key, translate) if has_words(key) else code


def kind_text(kind: str, translate: Translate = chinese) -> str:
    """A conflict kind in plain words."""
    return _coded("conflict_kind", kind, translate)


def state_text(state: str, translate: Translate = chinese) -> str:
    """A conflict state (open, resolving, resolved) in plain words."""
    return _coded("conflict_state", state, translate)


def choice_text(choice: str | None, translate: Translate = chinese) -> str:
    """A resolution choice in plain words."""
    return _coded("conflict_choice", choice, translate)


def display_value(
    entity: str, field: str | None, value: Any, translate: Translate = chinese
) -> str:
    """A field value in plain words: vocabulary labels, masked ID and phone numbers."""
    if value is None or value == "" or value == []:
        return say("value.empty", translate)
    if field == "citizen_id":
        return mask_citizen_id(value)
    if field == "phone":
        return mask_phone(value)
    sep = say("value.list_separator", translate)
    vocab = _vocab(entity, field)
    if vocab is not None:
        def label(code: Any) -> str:
            try:
                member = vocab(code)
            except ValueError:
                return str(code)
            return translate("vocab", member.label, vocab.__name__)

        if isinstance(value, list):
            return sep.join(label(v) for v in value)
        return label(value)
    if isinstance(value, bool):
        return say("value.yes" if value else "value.no", translate)
    if isinstance(value, list):
        return sep.join(str(v) for v in value)
    if isinstance(value, dict):
        return sep.join(
            say("value.pair", translate, label=field_label(entity, k, translate), value=v)
            for k, v in value.items()
        )
    return str(value)


HIDDEN_FIELDS = frozenset({
    "id", "version", "created_at", "updated_at", "deleted",
    "household_id", "grid_id", "head_resident_id", "visit_id",
})  # fmt: skip
"""Bookkeeping and links to other rows: an id means nothing to a person (the row label says
where)."""
SENSITIVE_FIELDS = frozenset({"management_categories"})
"""Need-to-know categories (PIPL sensitive): never listed in these views."""


def field_lines(
    entity: str, values: dict[str, Any], translate: Translate = chinese
) -> tuple[tuple[str, str], ...]:
    """A row's (or a change's) fields as (label, value in words), masked, ids left out."""
    lines = []
    for name, value in (values or {}).items():
        if name in HIDDEN_FIELDS:
            continue
        if name in SENSITIVE_FIELDS and value:
            text = say("value.hidden", translate)
        else:
            text = display_value(entity, name, value, translate)
        lines.append((field_label(entity, name, translate), text))
    return tuple(lines)


def field_options(entity: str, field: str | None) -> list[Vocabulary] | None:
    """The members a single-value vocabulary field can take (``.value`` the code, ``.label``
    the Chinese term), to pick a new value from a list instead of typing it; None for
    free-text fields."""
    if field is None or field in SENSITIVE_FIELDS:
        return None
    spec = p.ENTITIES.get(entity)
    field_spec = spec.fields.get(field) if spec is not None else None
    if field_spec is None or field_spec.kind is p.Kind.TEXT_SET:
        return None
    vocab = _vocab(entity, field)
    if vocab is None:
        return None
    return list(vocab)


def row_label(
    session: Session, entity: str, row_id: str, translate: Translate = chinese
) -> str:
    """The row as a worker recognises it: an address, a name with its household …"""
    tr = translate

    def address(household: HouseholdRow | None) -> str:
        if household is None:
            return say("row.no_household", tr)
        parts = [household.group_name, household.door_number, household.address_detail]
        return " ".join(x for x in parts if x) or say("row.no_door", tr)

    if entity == "grid":
        grid = session.get(GridRow, row_id)
        return f"{grid.code} {grid.name}" if grid else say("row.no_grid", tr)
    if entity == "household":
        return address(session.get(HouseholdRow, row_id))
    if entity == "resident":
        resident = session.get(ResidentRow, row_id)
        if resident is None:
            return say("row.no_resident", tr)
        where = address(session.get(HouseholdRow, resident.household_id))
        return say("row.resident", tr, name=resident.name, address=where)
    if entity == "visit":
        visit = session.get(VisitRow, row_id)
        if visit is None:
            return say("row.no_visit", tr)
        where = address(session.get(HouseholdRow, visit.household_id))
        return say("row.visit", tr, date=f"{visit.started_at:%Y-%m-%d}", address=where)
    if entity == "visit_amendment":
        amendment = session.get(VisitAmendmentRow, row_id)
        if amendment is None:
            return say("row.no_amendment", tr)
        return say("row.amendment", tr, visit=row_label(session, "visit", amendment.visit_id, tr))
    return row_id
