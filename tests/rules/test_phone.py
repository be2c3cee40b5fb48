"""The rulebook's phone rule: the forms the client accepts, and reasons as params."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules import RuleViolation
from gridrules.phone import is_mobile, normalize_optional_phone, normalize_phone

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(mobiles, st.sampled_from(["{}", "+86 {}", "0086{}", "86{}", "{} ", "＋８６{}"]))
def test_mobile_forms(number: str, form: str) -> None:
    assert normalize_phone(form.format(number)) == number
    assert is_mobile(form.format(number))


@pytest.mark.parametrize(("text", "normal"), [
    ("010-12345678", "010-12345678"),
    ("(0371) 6123456", "0371-6123456"),
    ("0371-6123456-12", "0371-6123456-12"),
    ("0755 8888 9999 转 123", "0755-88889999-123"),
    ("+86 10 12345678", "010-12345678"),
])
def test_landline_forms(text: str, normal: str) -> None:
    assert normalize_phone(text) == normal
    assert not is_mobile(text)


@pytest.mark.parametrize(("text", "code", "reason"), [
    ("", "phone_empty", None),
    ("12345", "phone_invalid", "mobile_length"),
    ("12812345678", "phone_invalid", "mobile_prefix"),
    ("6123456", "phone_invalid", "no_area_code"),
    ("+1 415 555 0100", "phone_invalid", "foreign"),
    ("电话号码", "phone_invalid", "format"),
    ("138\x0012345678", "phone_invalid", "format"),
])
def test_violations(text: str, code: str, reason: str | None) -> None:
    with pytest.raises(RuleViolation) as info:
        normalize_phone(text)
    assert (info.value.code, info.value.field) == (code, "phone")
    assert info.value.params.get("reason") == reason
    assert text not in str(info.value) or not text


def test_optional_phone_blank_is_empty() -> None:
    assert normalize_optional_phone(None) == normalize_optional_phone("  ") == ""


@given(st.text(max_size=30))
def test_anything_normalises_or_says_why(text: str) -> None:
    try:
        normal = normalize_phone(text)
    except RuleViolation as violation:
        assert violation.code in {"phone_empty", "phone_invalid"}
    else:
        assert normalize_phone(normal) == normal  # normal forms are fixed points
