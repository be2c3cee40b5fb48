"""Phone normalisation: mobiles, landlines with area codes and extensions, clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules.phone import is_mobile
from gridworker.domain.errors import ValidationError
from gridworker.domain.phone import InvalidPhone, normalize_optional_phone, normalize_phone

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "13812345678"),
        (" 138 1234 5678 ", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("86-138-1234-5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile(text: str, expected: str) -> None:
    assert normalize_phone(text) == expected
    assert is_mobile(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("(010) 12345678", "010-12345678"),
        ("（010）12345678", "010-12345678"),
        ("021 6123 4567", "021-61234567"),
        ("0755 1234 5678", "0755-12345678"),
        ("0755-1234-5678", "0755-12345678"),
        ("0371-6123456", "0371-6123456"),
        ("03716123456", "0371-6123456"),
        ("0371－6123456", "0371-6123456"),
        ("+86 10 12345678", "010-12345678"),
        ("+86-371-6123456", "0371-6123456"),
        ("0086 755 12345678", "0755-12345678"),
    ],
)
def test_landline(text: str, expected: str) -> None:
    assert normalize_phone(text) == expected
    assert not is_mobile(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("010-12345678转123", "010-12345678-123"),
        ("010-12345678 转 123", "010-12345678-123"),
        ("010-12345678分机8", "010-12345678-8"),
        ("010-12345678 ext. 42", "010-12345678-42"),
        ("0371-6123456 EXT 42", "0371-6123456-42"),
        ("010-12345678-123", "010-12345678-123"),
        ("0371-6123456-12", "0371-6123456-12"),
        ("0371-6123456-7", "0371-6123456-7"),  # the grouping says 7 is an extension
        ("0371 6123456 12", "0371-6123456-12"),
        ("03716123456-12", "0371-6123456-12"),
        ("01012345678-123456", "010-12345678-123456"),
    ],
)
def test_landline_with_extension(text: str, expected: str) -> None:
    assert normalize_phone(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty(text: str) -> None:
    with pytest.raises(InvalidPhone) as info:
        normalize_phone(text)
    assert info.value.code == "phone_empty"
    assert info.value.field == "phone"
    assert info.value.message == "电话号码为空"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1398765432", "手机号应为11位数字，当前为10位"),
        ("139876543210", "当前为12位"),
        ("12898765432", "第二位应为3–9"),
        ("18765432", "区号"),
        ("98765432", "区号"),
        ("6987654", "区号"),
        ("abc", "格式不正确"),
        ("139-8765-432a", "格式不正确"),
        ("+852 9123 4567", "中国大陆"),
        ("010-1234567", "格式不正确"),  # 3-digit area codes have 8-digit local numbers
        ("0755-123456", "格式不正确"),
        ("0755-123456789", "格式不正确"),
        ("0755-02345678", "格式不正确"),  # a local number never starts with 0
        ("0155-12345678", "格式不正确"),  # no 01x area code other than 010
        ("13812345678转1", "格式不正确"),  # mobiles have no extensions
        ("转123", "格式不正确"),
        ("010-12345678转1234567", "格式不正确"),
        ("+86", "格式不正确"),
        ("86 010 12345678", "格式不正确"),
    ],
)
def test_invalid(text: str, fragment: str) -> None:
    with pytest.raises(InvalidPhone) as info:
        normalize_phone(text)
    err = info.value
    assert err.code == "phone_invalid"
    assert err.field == "phone"
    assert fragment in err.message
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) >= 6:
        assert digits not in err.message  # never echo the number


def test_invalid_phone_is_a_validation_error() -> None:
    assert issubclass(InvalidPhone, ValidationError)


def test_none_is_empty() -> None:
    with pytest.raises(InvalidPhone) as info:
        normalize_phone(None)  # type: ignore[arg-type]
    assert info.value.code == "phone_empty"


@pytest.mark.parametrize("blank", ["", "  ", None])
def test_optional_blank(blank: str | None) -> None:
    assert normalize_optional_phone(blank) == ""


def test_optional_still_validates() -> None:
    assert normalize_optional_phone(" 138 1234 5678") == "13812345678"
    with pytest.raises(InvalidPhone):
        normalize_optional_phone("123")


def test_is_mobile_never_raises() -> None:
    assert not is_mobile("")
    assert not is_mobile("abc")
    assert not is_mobile(None)  # type: ignore[arg-type]


@given(mobiles, st.sampled_from(["", "+86", "+86 ", "86", "0086", "0086-"]))
def test_mobile_round_trip(number: str, prefix: str) -> None:
    spaced = f"{prefix}{number[:3]} {number[3:7]} {number[7:]}"
    assert normalize_phone(spaced) == number
    assert normalize_phone(number) == number
    assert is_mobile(spaced)


@given(
    area=st.from_regex(r"0(10|2[0-9])", fullmatch=True)
    | st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True),
    local=st.from_regex(r"[1-9][0-9]{7}", fullmatch=True),
    ext=st.from_regex(r"[0-9]{1,6}", fullmatch=True) | st.just(""),
    sep=st.sampled_from(["-", " ", ""]),
)
def test_landline_normal_form_is_a_fixed_point(area: str, local: str, ext: str, sep: str) -> None:
    expected = f"{area}-{local}" + (f"-{ext}" if ext else "")
    text = f"{area}{sep}{local}" + (f"转{ext}" if ext else "")
    assert normalize_phone(text) == expected
    assert normalize_phone(expected) == expected


@given(st.text(max_size=30))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        result = normalize_phone(text)
    except InvalidPhone as err:
        assert err.code in {"phone_empty", "phone_invalid"}
    else:
        assert normalize_phone(result) == result
