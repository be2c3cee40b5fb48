"""Grid codes: 15 digits (county + township + village + grid) or the 20-digit variant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridworker.domain.errors import ValidationError
from gridworker.domain.grid_code import GridCode, is_valid_grid_code, parse_grid_code


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
    ("text", "fragment"),
    [
        ("", "为空"),
        ("   ", "为空"),
        ("11010500100200", "当前为14位"),
        ("1101050010020031", "当前为16位"),
        ("110105001002003000", "当前为18位"),
        ("110105-001-002-003", "只能包含数字"),
        ("11010500100200X", "只能包含数字"),
        ("¹¹⁰¹⁰⁵⁰⁰¹⁰⁰²⁰⁰³", "只能包含数字"),
    ],
)
def test_invalid(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_grid_code(text)
    assert info.value.code == "grid_code_invalid"
    assert info.value.field == "code"
    assert fragment in info.value.message
    assert not is_valid_grid_code(text)


def test_none_is_invalid() -> None:
    with pytest.raises(ValidationError):
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
    except ValidationError as err:
        assert err.code == "grid_code_invalid"
    else:
        assert len(code.code) in (15, 20)
