"""Strict JSON: what both sides read and write.

Python's ``json`` module reads and writes ``NaN``, ``Infinity`` and ``-Infinity`` by default
(and a literal such as ``1e999`` only a float overflow can hold); they are not JSON and no
other JSON reader accepts them, so :func:`loads` refuses them and :func:`dumps` never writes
them. Very deep nesting makes the decoder recurse until Python gives up; :func:`loads` turns
that into a violation instead of a ``RecursionError``.

Limits for a JSON *value* stored in a field (tags, findings, amendment changes …):
:data:`JSON_VALUE_MAX_BYTES` of compact UTF-8 text and :data:`JSON_MAX_DEPTH` levels of
nesting, checked by :func:`check_json_value`. Whole request bodies have their own size limit
(the protocol's ``MAX_BODY_BYTES``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from .errors import RuleViolation

__all__ = [
    "JSON_MAX_DEPTH",
    "JSON_VALUE_MAX_BYTES",
    "JsonTooDeep",
    "NonFiniteNumber",
    "check_finite",
    "check_json_value",
    "dumps",
    "json_depth",
    "loads",
]

JSON_VALUE_MAX_BYTES = 64 * 1024
"""Largest JSON value one field may hold (compact UTF-8), 64 KiB."""
JSON_MAX_DEPTH = 16
"""Deepest nesting of one field's JSON value (a scalar is depth 0, ``[1]`` depth 1)."""


class NonFiniteNumber(RuleViolation):
    """NaN, Infinity or -Infinity (or 1e999) where JSON was expected: ``json_non_finite``."""

    def __init__(self, *, field: str | None = None) -> None:
        super().__init__("json_non_finite", field=field)


class JsonTooDeep(RuleViolation):
    """Nesting deeper than the decoder (or a bound) allows: ``json_too_deep``."""

    def __init__(self, *, field: str | None = None, max_depth: int | None = None) -> None:
        super().__init__(
            "json_too_deep", field=field,
            params={} if max_depth is None else {"max": max_depth},
        )


def _refuse_constant(_: str) -> Any:
    raise NonFiniteNumber()


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999
        raise NonFiniteNumber()
    return value


def loads(data: str | bytes | bytearray) -> Any:
    """``json.loads`` that refuses non-finite numbers (:class:`NonFiniteNumber`) and nesting
    the decoder cannot hold (:class:`JsonTooDeep`). Any other malformed input raises
    ``json.JSONDecodeError`` (a ``ValueError``) as usual."""
    try:
        return json.loads(data, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise JsonTooDeep() from None


def dumps(value: Any) -> str:
    """Compact JSON text as stored and sent: UTF-8 (no ASCII escaping), sorted keys, and
    :class:`NonFiniteNumber` instead of writing NaN or Infinity."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                          allow_nan=False)
    except ValueError as exc:
        if "JSON compliant" in str(exc) or "Out of range float" in str(exc):
            raise NonFiniteNumber() from None
        raise
    except RecursionError:
        raise JsonTooDeep() from None


def check_finite(value: Any) -> None:
    """Raise :class:`NonFiniteNumber` if ``value`` holds NaN or ±Infinity anywhere."""
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        raise NonFiniteNumber() from None
    except RecursionError:
        raise JsonTooDeep() from None


def json_depth(value: Any, *, stop: int | None = None) -> int:
    """Nesting depth of a decoded JSON value (a scalar 0, ``[]`` 1, ``[[1]]`` 2); counting
    stops once past ``stop``. Iterative, so any depth is measured without recursion."""
    depth = 0
    level: list[Any] = [value]
    while True:
        containers = [item for item in level if isinstance(item, dict | list | tuple)]
        if not containers:
            return depth
        depth += 1
        if stop is not None and depth > stop:
            return depth
        level = [
            child
            for item in containers
            for child in (item.values() if isinstance(item, dict) else item)
        ]


def check_json_value(
    value: Any, *, field: str | None = None, max_bytes: int = JSON_VALUE_MAX_BYTES,
    max_depth: int = JSON_MAX_DEPTH,
) -> str:
    """The compact text of a field's JSON value, when it is finite, at most ``max_depth``
    deep and at most ``max_bytes`` long. Codes: ``json_too_deep`` (param ``max``),
    ``json_non_finite``, ``json_too_large`` (params ``max``, ``size``), ``json_type``
    (something JSON cannot hold, e.g. a set)."""
    if json_depth(value, stop=max_depth) > max_depth:
        raise JsonTooDeep(field=field, max_depth=max_depth)
    try:
        text = dumps(value)
    except RuleViolation as exc:
        raise exc.at(field) from None
    except TypeError:
        raise RuleViolation("json_type", field=field) from None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise RuleViolation("json_too_large", field=field,
                            params={"max": max_bytes, "size": size})
    return text
