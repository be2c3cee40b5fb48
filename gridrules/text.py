"""Text hygiene: what a stored text may contain.

Refused everywhere: NUL (``text_nul``; C strings and some drivers cut the text there), other
control characters except newline and tab (``text_control_char``: C0 controls, DEL and the C1
range U+0080–U+009F; carriage returns included, so callers that read files or pasted text
normalise line ends first with :func:`normalize_newlines`), and lone surrogates
(``text_surrogate``: JSON's ``"\\ud800"`` decodes to one; it cannot be written as UTF-8, so
SQLite, files and the other side would fail on it).
"""

from __future__ import annotations

import re
from typing import Any

from .bounds import LONG_TEXT_MAX, SHORT_TEXT_MAX
from .errors import RuleViolation

__all__ = [
    "check_long_text",
    "check_short_text",
    "check_text",
    "normalize_newlines",
    "text_problem",
]

_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """What is wrong with ``value``'s characters, as a code, or ``None`` when nothing is.

    ``text_nul``, ``text_control_char`` or ``text_surrogate`` (the first bad character found
    decides). Length is not looked at here (see :func:`check_text`).
    """
    found = _BAD.search(value)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return "text_nul"
    if "\ud800" <= char <= "\udfff":
        return "text_surrogate"
    return "text_control_char"


def check_text(
    value: Any, *, field: str | None = None, max_length: int | None = None
) -> str:
    """``value`` unchanged when it is a ``str`` with clean characters and at most
    ``max_length`` characters; else :class:`RuleViolation` ``text_type``, ``text_nul``,
    ``text_control_char`` (params ``position``, ``char`` as ``U+XXXX``), ``text_surrogate``
    or ``text_too_long`` (params ``max``, ``length``)."""
    if not isinstance(value, str):
        raise RuleViolation("text_type", field=field)
    if max_length is not None and len(value) > max_length:
        raise RuleViolation(
            "text_too_long", field=field, params={"max": max_length, "length": len(value)}
        )
    found = _BAD.search(value)
    if found is not None:
        code = text_problem(found.group())
        assert code is not None
        params: dict[str, Any] = {"position": found.start()}
        if code == "text_control_char":
            params["char"] = f"U+{ord(found.group()):04X}"
        raise RuleViolation(code, field=field, params=params)
    return value


def check_short_text(value: Any, *, field: str | None = None) -> str:
    """:func:`check_text` with the short-text bound (names, addresses, phones, codes)."""
    return check_text(value, field=field, max_length=SHORT_TEXT_MAX)


def check_long_text(value: Any, *, field: str | None = None) -> str:
    """:func:`check_text` with the long-text bound (summaries, notes, reasons)."""
    return check_text(value, field=field, max_length=LONG_TEXT_MAX)


def normalize_newlines(value: str) -> str:
    """``\\r\\n`` and lone ``\\r`` as ``\\n`` (Windows and old Mac line ends)."""
    if "\r" not in value:
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n")
