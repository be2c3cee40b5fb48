"""The UI's one renderer of message codes, in the user's language.

Domain, service and sync messages are codes with params (:mod:`gridworker.domain.messages`,
:mod:`gridrules.messages`); their Chinese templates are the source text of the translation
catalogue, context ``messages``. Field and entity labels (the one schema's ``label``) are
translated in context ``fields``, vocabulary labels in ``vocab``. ``scripts/
update_translations.py`` reads all three tables, so every code has an English entry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ..api import (
    GridworkerError,
    InvalidInput,
    Message,
    RecordSync,
    RecordSyncState,
    conflict_kind_text,
    rejection_reason_text,
    schema_field_label,
)
from ..domain.messages import has_words, render

__all__ = ["error_text", "field_text", "message_text", "record_reason", "translate"]


def translate(context: str, source: str, disambiguation: str = "") -> str:
    """Qt's translator as a :data:`gridworker.domain.messages.Translate` (what the views'
    words are rendered with: pass it to the workspace's view methods)."""
    return QCoreApplication.translate(context, source, disambiguation or None)


def message_text(what: str | Message, /, **params: Any) -> str:
    """The words for a code (or a :class:`Message`) in the user's language."""
    if isinstance(what, Message):
        return render(what.code, {**what.params, **params}, translate)
    return render(what, params, translate)


def error_text(exc: GridworkerError) -> str:
    """An error of ours in the user's language, rendered from its code and params (the
    words it was raised with, for a code the tables do not know yet). Several field problems
    at once (:class:`InvalidInput`) are said one a line."""
    if isinstance(exc, InvalidInput) and exc.errors:
        return "\n".join(error_text(e) for e in exc.errors.values())
    if not has_words(exc.code, exc.params) and exc.message:
        return exc.message
    return render(exc.code, exc.params, translate)


def field_text(label: str) -> str:
    """A schema label (a field's or an entity's) in the user's language."""
    return QCoreApplication.translate("fields", label)


def record_reason(sync: RecordSync) -> str:
    """Why a record is refused or in conflict, in the user's language: the refusal's code
    in words (the centre's own words follow in Chinese only), the fields in conflict."""
    if sync.state is RecordSyncState.REJECTED and sync.code:
        message = "" if sync.reason == sync.code else sync.reason
        return rejection_reason_text(sync.entity, sync.code, message, translate)
    if sync.state is RecordSyncState.CONFLICT and (sync.fields or sync.kinds):
        if sync.fields:
            sep = render("value.list_separator", None, translate)
            return sep.join(schema_field_label(sync.entity, f, translate) for f in sync.fields)
        return conflict_kind_text(sync.kinds[0], translate)
    return sync.reason
