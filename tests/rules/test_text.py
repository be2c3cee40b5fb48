"""Text hygiene: NUL, control characters (not newline or tab) and lone surrogates refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules import RuleViolation
from gridrules.bounds import LONG_TEXT_MAX, SHORT_TEXT_MAX
from gridrules.text import (
    check_long_text,
    check_short_text,
    check_text,
    normalize_newlines,
    text_problem,
)

CONTROLS = [chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                             *range(0x80, 0xA0)]] + ["\r"]


def refused(value: str, **kw) -> RuleViolation:
    with pytest.raises(RuleViolation) as info:
        check_text(value, field="note", **kw)
    assert info.value.field == "note"
    return info.value


def test_clean_text_with_newlines_and_tabs_passes() -> None:
    text = "第一行\n第二行\t缩进 😀 Ｘ"
    assert check_text(text) == text and text_problem(text) is None


def test_nul() -> None:
    assert text_problem("a\x00b") == "text_nul"
    assert refused("a\x00b").code == "text_nul"


@pytest.mark.parametrize("char", CONTROLS)
def test_each_control_character(char: str) -> None:
    found = refused(f"张{char}三")
    assert found.code == "text_control_char" == text_problem(char)
    assert found.params == {"position": 1, "char": f"U+{ord(char):04X}"}


@pytest.mark.parametrize("char", ["\ud800", "\udbff", "\udc00", "\udfff"])
def test_lone_surrogates(char: str) -> None:
    assert refused(f"ab{char}").code == "text_surrogate" == text_problem(char)


@given(st.text())
def test_any_text_is_clean_exactly_when_it_has_no_bad_character(text: str) -> None:
    bad = [c for c in text if c in CONTROLS or c == "\x00" or "\ud800" <= c <= "\udfff"]
    assert (text_problem(text) is None) == (not bad)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc",)), max_size=50))
def test_printable_text_always_passes(text: str) -> None:
    assert check_short_text(text) == text


def test_lengths() -> None:
    assert check_short_text("字" * SHORT_TEXT_MAX) and check_long_text("字" * LONG_TEXT_MAX)
    assert refused("字" * 51, max_length=50).params == {"max": 50, "length": 51}
    with pytest.raises(RuleViolation) as info:
        check_short_text("字" * (SHORT_TEXT_MAX + 1))
    assert info.value.code == "text_too_long"
    with pytest.raises(RuleViolation) as info:
        check_long_text("字" * (LONG_TEXT_MAX + 1))
    assert info.value.params["max"] == LONG_TEXT_MAX


def test_not_text() -> None:
    assert refused(12).code == "text_type"  # type: ignore[arg-type]


def test_line_ends_normalise_to_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
    assert check_text(normalize_newlines("a\r\nb")) == "a\nb"
