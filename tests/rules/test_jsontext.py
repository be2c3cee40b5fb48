"""Strict JSON: NaN and Infinity refused both ways, deep and huge values bounded."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules import RuleViolation
from gridrules.jsontext import (
    JSON_MAX_DEPTH,
    JSON_VALUE_MAX_BYTES,
    JsonTooDeep,
    NonFiniteNumber,
    check_finite,
    check_json_value,
    dumps,
    json_depth,
    loads,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", '{"a": -Infinity}', "1e999", "[-1E+400]"])
def test_loads_refuses_non_finite(text: str) -> None:
    with pytest.raises(NonFiniteNumber) as info:
        loads(text)
    assert info.value.code == "json_non_finite"
    with pytest.raises(NonFiniteNumber):
        loads(text.encode())


def test_malformed_json_is_a_decode_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        loads("{")


def test_deep_json_is_refused_not_a_recursion_error() -> None:
    deep = "[" * 200_000 + "]" * 200_000
    with pytest.raises(JsonTooDeep) as info:
        loads(deep)
    assert info.value.code == "json_too_deep"


@pytest.mark.parametrize("value", [math.nan, [1, math.inf], {"a": -math.inf}])
def test_dumps_never_writes_nan(value) -> None:
    with pytest.raises(NonFiniteNumber):
        dumps(value)
    with pytest.raises(NonFiniteNumber):
        check_finite(value)


def test_dumps_is_compact_sorted_utf8() -> None:
    assert dumps({"b": 1, "a": "网格"}) == '{"a":"网格","b":1}'


@given(json_values)
def test_round_trip(value) -> None:
    assert loads(dumps(value)) == value


@pytest.mark.parametrize(("value", "depth"), [
    (1, 0), ("x", 0), ([], 1), ({}, 1), ([1, [2]], 2), ({"a": [{"b": []}]}, 4),
])
def test_depth(value, depth: int) -> None:
    assert json_depth(value) == depth


def test_value_depth_bound() -> None:
    value: list = []
    for _ in range(JSON_MAX_DEPTH - 1):
        value = [value]
    assert json_depth(value) == JSON_MAX_DEPTH
    check_json_value(value)
    with pytest.raises(RuleViolation) as info:
        check_json_value([value], field="findings")
    assert (info.value.code, info.value.field) == ("json_too_deep", "findings")
    assert info.value.params == {"max": JSON_MAX_DEPTH}


def test_a_very_deep_value_is_measured_without_recursion() -> None:
    value: list = []
    for _ in range(100_000):
        value = [value]
    with pytest.raises(RuleViolation) as info:
        check_json_value(value)
    assert info.value.code == "json_too_deep"


def test_value_size_bound() -> None:
    fits = ["字" * ((JSON_VALUE_MAX_BYTES - 4) // 3)]
    assert len(check_json_value(fits).encode()) <= JSON_VALUE_MAX_BYTES
    with pytest.raises(RuleViolation) as info:
        check_json_value(["x" * JSON_VALUE_MAX_BYTES], field="changes")
    assert info.value.code == "json_too_large" and info.value.field == "changes"
    assert info.value.params["max"] == JSON_VALUE_MAX_BYTES
    huge = {"photos": ["0" * 64] * 100_000}  # ~6.6 MB
    with pytest.raises(RuleViolation) as info:
        check_json_value(huge)
    assert info.value.params["size"] > 6_000_000


def test_value_non_finite_and_not_json() -> None:
    with pytest.raises(RuleViolation) as info:
        check_json_value({"lat": math.nan}, field="x")
    assert (info.value.code, info.value.field) == ("json_non_finite", "x")
    with pytest.raises(RuleViolation) as info:
        check_json_value({1, 2})
    assert info.value.code == "json_type"
