"""GB 11643-1999 citizen ID numbers: check character, parsing, upgrade, error codes."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules.citizen_id import (
    WEIGHTS,
    CitizenId,
    check_character,
    is_valid_citizen_id,
    make_citizen_id,
)
from gridworker.domain.citizen_id import InvalidCitizenId, parse_citizen_id
from gridworker.domain.errors import ValidationError
from gridworker.domain.vocab import Sex

TODAY = date(2025, 6, 1)

address_codes = st.text(alphabet="0123456789", min_size=6, max_size=6)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def parse(text: str) -> CitizenId:
    return parse_citizen_id(text, today=TODAY)


def error_of(text: str) -> InvalidCitizenId:
    with pytest.raises(InvalidCitizenId) as info:
        parse(text)
    return info.value


# -- the standard's examples ---------------------------------------------------------------


def test_standard_example_with_x() -> None:
    cid = parse("11010519491231002X")
    assert cid == CitizenId(
        number="11010519491231002X",
        address_code="110105",
        birth_date=date(1949, 12, 31),
        sex=Sex.FEMALE,
        upgraded_from_15=False,
    )
    assert cid.sequence == "002"


def test_standard_example_born_1880_is_before_the_date_bound() -> None:
    # The standard's own example is valid by GB 11643, but its birth date lies before the
    # protocol's earliest date (1900-01-01): nobody alive, and the centre would refuse it.
    err = error_of("440524188001010014")
    assert err.code == "id_birth_date"
    assert err.message.endswith("出生年份早于1900年")


def test_lowercase_x_is_stored_uppercase() -> None:
    assert parse("11010519491231002x").number == "11010519491231002X"


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse("  11010519491231002X\t\n").number == "11010519491231002X"


def test_full_width_input_is_read_as_ascii() -> None:
    assert parse("１１０１０５１９４９１２３１００２ｘ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("first17", "expected"),
    [("11010519491231002", "X"), ("44052418800101001", "4"), ("00000000000000000", "1")],
)
def test_check_character(first17: str, expected: str) -> None:
    assert check_character(first17) == expected


@pytest.mark.parametrize("bad", ["", "1234", "1101051949123100X", "110105194912310021", "１" * 17])
def test_check_character_rejects_non_17_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_character(bad)


def test_check_character_maps_every_remainder() -> None:
    # Find prefixes whose weighted sum mod 11 is each of 0..10 and check the table.
    assert WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    seen = {}
    for n in range(2000):
        first17 = f"{n:017d}"
        total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
        seen.setdefault(total % 11, check_character(first17))
    assert seen == dict(enumerate("10X98765432"))


# -- 15-digit upgrade ------------------------------------------------------------------------


def test_fifteen_digit_number_is_upgraded() -> None:
    cid = parse("110105491231002")
    assert cid.number == "11010519491231002X"
    assert cid.upgraded_from_15 is True
    assert cid.birth_date == date(1949, 12, 31)
    assert cid.sex is Sex.FEMALE


def test_fifteen_digit_with_x_is_rejected() -> None:
    assert error_of("11010549123100X").code == "id_chars"


@given(address=address_codes, birth=st.dates(date(1900, 1, 1), date(1999, 12, 31)), seq=sequences)
def test_upgrade_matches_eighteen_digit_form(address: str, birth: date, seq: int) -> None:
    old = f"{address}{birth:%y%m%d}{seq:03d}"
    upgraded = parse(old)
    assert upgraded.number == make_citizen_id(address, birth, seq)
    assert upgraded == dataclasses.replace(parse(upgraded.number), upgraded_from_15=True)


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_empty(blank: str) -> None:
    err = error_of(blank)
    assert err.code == "id_empty"
    assert err.field == "citizen_id"
    assert "为空" in err.message


def test_none_is_reported_as_empty() -> None:
    assert error_of(None).code == "id_empty"  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["1101051949123100", "1234567890", "1101051949123100201"])
def test_wrong_length_says_how_long(text: str) -> None:
    err = error_of(text)
    assert err.code == "id_length"
    assert err.message == f"身份证号码应为18位（或旧版15位），当前为{len(text)}位"


@pytest.mark.parametrize(
    "text",
    [
        "11010519491231002Y",
        "1101051949123100X2",
        "110105 19491231002X",
        "110105-19491231-002X",
        "X1010519491231002X",
        "１１０１０５一九四九１２３１００２X",
    ],
)
def test_bad_characters(text: str) -> None:
    err = error_of(text)
    assert err.code == "id_chars"
    assert "数字" in err.message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("110105" + "19490230" + "0021", "2月没有30日"),
        ("110105" + "19491331" + "0021", "月份应为01–12"),
        ("110105" + "19490031" + "0021", "月份"),
        ("110105" + "19490100" + "0021", "1月没有0日"),
        ("110105" + "18991231" + "0021", "早于1900年"),
        ("110105" + "00000000" + "0021", "月份"),
        ("110105490230002", "2月没有30日"),
    ],
)
def test_impossible_birth_date(text: str, fragment: str) -> None:
    err = error_of(text)
    assert err.code == "id_birth_date"
    assert fragment in err.message


def test_leap_day_only_in_leap_years() -> None:
    assert parse(make_citizen_id("110105", date(2000, 2, 29), 1)).birth_date == date(2000, 2, 29)
    bad = "110105" + "19000229" + "001"
    assert error_of(bad + check_character(bad)).code == "id_birth_date"  # 1900 is not leap


def test_birth_after_today() -> None:
    number = make_citizen_id("110105", TODAY + timedelta(days=1), 1)
    err = error_of(number)
    assert err.code == "id_future_birth"
    assert parse_citizen_id(number, today=TODAY + timedelta(days=1)).birth_date == (
        TODAY + timedelta(days=1)
    )


def test_birth_today_is_fine() -> None:
    assert parse(make_citizen_id("110105", TODAY, 2)).birth_date == TODAY


def test_today_defaults_to_the_local_date() -> None:
    assert is_valid_citizen_id("11010519491231002X")
    tomorrow = date.today() + timedelta(days=1)
    assert not is_valid_citizen_id(make_citizen_id("110105", tomorrow, 1))


def test_check_mismatch_names_expected_and_actual_without_echoing_number() -> None:
    err = error_of("110105194912310021")
    assert err.code == "id_check"
    assert "最后一位应为 X，实际为 1" in err.message
    assert "110105194912310021" not in err.message
    assert "19491231" not in err.message


def test_no_error_message_echoes_the_number() -> None:
    samples = ["11010519491231002Y", "110105194902300021", "110105194912310021", "110105" * 3]
    for text in samples:
        with pytest.raises(InvalidCitizenId) as info:
            parse(text)
        assert text not in info.value.message
        assert text[:14] not in info.value.message


def test_unknown_address_code_is_accepted() -> None:
    # 999999 is in no GB/T 2260 edition; retired codes must still validate.
    assert parse(make_citizen_id("999999", date(1980, 5, 17), 123)).address_code == "999999"


def test_error_is_a_validation_error() -> None:
    assert issubclass(InvalidCitizenId, ValidationError)
    err = error_of("abc")
    assert isinstance(err, ValidationError)
    assert str(err) == err.message


def test_repr_is_masked() -> None:
    cid = parse("11010519491231002X")
    assert "19491231" not in repr(cid)
    assert repr(cid) == "CitizenId('110105********002X')"


def test_is_valid() -> None:
    assert is_valid_citizen_id("11010519491231002X", today=TODAY)
    assert not is_valid_citizen_id("11010519491231002Y", today=TODAY)
    assert not is_valid_citizen_id("", today=TODAY)


# -- make_citizen_id and properties ----------------------------------------------------------


@given(address=address_codes, birth=births, seq=sequences)
def test_generated_numbers_round_trip(address: str, birth: date, seq: int) -> None:
    number = make_citizen_id(address, birth, seq)
    assert len(number) == 18
    cid = parse(number)
    assert cid.number == number
    assert cid.address_code == address
    assert cid.birth_date == birth
    assert cid.sequence == f"{seq:03d}"
    assert cid.sex is (Sex.MALE if seq % 2 else Sex.FEMALE)
    assert cid.upgraded_from_15 is False
    assert parse(number.lower()).number == number


@given(
    address=address_codes,
    birth=births,
    seq=sequences,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from("0123456789X"),
)
def test_every_single_character_corruption_fails(
    address: str, birth: date, seq: int, position: int, replacement: str
) -> None:
    number = make_citizen_id(address, birth, seq)
    if number[position] == replacement:
        replacement = "0" if replacement != "0" else "1"
    corrupted = number[:position] + replacement + number[position + 1 :]
    assert not is_valid_citizen_id(corrupted, today=TODAY)


def test_every_single_character_corruption_fails_exhaustively() -> None:
    number = "11010519491231002X"
    for position in range(18):
        for replacement in "0123456789X":
            if replacement == number[position]:
                continue
            corrupted = number[:position] + replacement + number[position + 1 :]
            assert not is_valid_citizen_id(corrupted, today=TODAY), corrupted


@given(address=address_codes, birth=births, seq=sequences, position=st.integers(0, 16))
def test_adjacent_transpositions_fail(address: str, birth: date, seq: int, position: int) -> None:
    number = make_citizen_id(address, birth, seq)
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    assert not is_valid_citizen_id(swapped, today=TODAY)


@given(st.text(max_size=25))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        cid = parse(text)
    except InvalidCitizenId as err:
        assert err.code in {
            "id_empty",
            "id_length",
            "id_chars",
            "id_birth_date",
            "id_future_birth",
            "id_check",
        }
        assert err.field == "citizen_id"
    else:
        assert len(cid.number) == 18


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("11010", date(1990, 1, 1), 1), "address_code"),
        (("11010a", date(1990, 1, 1), 1), "address_code"),
        (("110105", date(1990, 1, 1), -1), "sequence"),
        (("110105", date(1990, 1, 1), 1000), "sequence"),
        (("110105", date(1990, 1, 1), True), "sequence"),
        (("110105", date(1799, 12, 31), 1), "birth"),
    ],
)
def test_make_citizen_id_rejects_bad_arguments(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_citizen_id(*args)


def test_make_citizen_id_accepts_datetime() -> None:
    from datetime import datetime

    assert make_citizen_id("110105", datetime(1949, 12, 31, 8, 0), 2) == "11010519491231002X"
