"""Grid codes: 15 digits (county + township + village + grid) or the 20-digit variant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules import RuleViolation
from gridrules.grid_code import GridCode, is_valid_grid_code, parse_grid_code
from gridrules.messages import rule_message


def test_fifteen_digits() -> None:
    code = parse_grid_code("110105001002003")
    assert code == GridCode(
        code="110105001002003", county="110105", township="001", village="002", sequence="003"
    )
    assert code.village_code == "110105001002"
    assert str(code) == "110105001002003"


def test_twenty_digits_keep_the_rest_as_sequence() -> None:
    code = parse_grid_code("11010500100200000042")
    assert (code.county, code.township, code.village) == ("110105", "001", "002")
    assert code.sequence == "00000042"


def test_leading_zeros_and_whitespace() -> None:
    code = parse_grid_code("  000000000000001\n")
    assert code.code == "000000000000001"
    assert code.sequence == "001"


def test_full_width_digits() -> None:
    assert parse_grid_code("１１０１０５００１００２００３").code == "110105001002003"


@pytest.mark.parametrize(
    ("text", "reason", "fragment"),
    [
        ("", "empty", "为空"),
        ("   ", "empty", "为空"),
        ("11010500100200", "length", "当前为14位"),
        ("1101050010020031", "length", "当前为16位"),
        ("110105001002003000", "length", "当前为18位"),
        ("110105-001-002-003", "chars", "只能包含数字"),
        ("11010500100200X", "chars", "只能包含数字"),
        ("¹¹⁰¹⁰⁵⁰⁰¹⁰⁰²⁰⁰³", "chars", "只能包含数字"),
    ],
)
def test_invalid(text: str, reason: str, fragment: str) -> None:
    with pytest.raises(RuleViolation) as info:
        parse_grid_code(text)
    assert info.value.code == "grid_code_invalid"
    assert info.value.field == "code"
    assert info.value.params["reason"] == reason
    assert fragment in rule_message(info.value)
    assert not is_valid_grid_code(text)


def test_none_is_invalid() -> None:
    with pytest.raises(RuleViolation):
        parse_grid_code(None)  # type: ignore[arg-type]


@given(st.from_regex(r"[0-9]{15}|[0-9]{20}", fullmatch=True))
def test_parts_reassemble(text: str) -> None:
    code = parse_grid_code(text)
    assert code.county + code.township + code.village + code.sequence == text
    assert len(code.sequence) == (3 if len(text) == 15 else 8)
    assert parse_grid_code(code.code) == code


@given(st.text(max_size=25))
def test_arbitrary_text(text: str) -> None:
    try:
        code = parse_grid_code(text)
    except RuleViolation as err:
        assert err.code == "grid_code_invalid"
    else:
        assert len(code.code) in (15, 20)
