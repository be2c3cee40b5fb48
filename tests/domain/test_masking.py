"""Masking for screens and paper (GB/T 35273 §7.2): what stays visible, and never raising."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules.citizen_id import make_citizen_id
from gridworker.domain.masking import mask_citizen_id, mask_name, mask_phone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", "110105********002X"),
        ("11010519491231002x", "110105********002x"),
        (" 11010519491231002X ", "110105********002X"),
        ("110105491231002", "110105******002"),
        ("1101051949", "11******49"),
        ("123456", "12**56"),
        ("12345", "*****"),
        ("", ""),
        (None, ""),
        (110105491231002, "110105******002"),
    ],
)
def test_mask_citizen_id(value: object, expected: str) -> None:
    assert mask_citizen_id(value) == expected


@given(st.dates(date(1900, 1, 1), date(2025, 1, 1)), st.integers(0, 999))
def test_masked_id_hides_birth_date(birth: date, seq: int) -> None:
    number = make_citizen_id("110105", birth, seq)
    masked = mask_citizen_id(number)
    assert len(masked) == 18
    assert masked[6:14] == "********"
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("010-12345678", "010-******78"),
        ("0755 1234 5678", "0755-******78"),
        ("0371-6123456", "0371-*****56"),
        ("010-12345678转123", "010-******78-***"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        ("12345", "*****"),
        ("not a phone", "no*******ne"),
    ],
)
def test_mask_phone(value: object, expected: str) -> None:
    assert mask_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三丰", "张*丰"),
        ("王五", "王*"),
        ("欧阳娜娜", "欧**娜"),
        ("买买提·艾力", "买****力"),
        ("李", "*"),
        ("", ""),
        (None, ""),
        ("  张三丰 ", "张*丰"),
    ],
)
def test_mask_name(value: object, expected: str) -> None:
    assert mask_name(value) == expected


class Hostile:
    def __str__(self) -> str:
        raise RuntimeError("boom")


@pytest.mark.parametrize("mask", [mask_citizen_id, mask_phone, mask_name])
def test_odd_input_never_raises(mask) -> None:
    for value in (Hostile(), 3.5, b"bytes", ["list"], object(), "\x00\x00"):
        assert isinstance(mask(value), str)


@given(st.text())
def test_masks_never_raise_and_hide_something(text: str) -> None:
    for mask in (mask_citizen_id, mask_phone, mask_name):
        out = mask(text)
        assert isinstance(out, str)
        # Input that already contains "*" may legitimately come back unchanged ("0*").
        if len(text.strip()) >= 2 and "*" not in text:
            assert "*" in out
            assert out != text.strip()
