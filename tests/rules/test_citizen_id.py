"""The rulebook's GB 11643 rule: codes and params (no words), 15→18, birth date and sex."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules import RuleViolation
from gridrules.bounds import DATE_MIN
from gridrules.citizen_id import (
    CitizenId,
    check_character,
    is_valid_citizen_id,
    make_citizen_id,
    normalize_citizen_id,
    parse_citizen_id,
)

TODAY = date(2026, 12, 1)
addresses = st.text(alphabet="0123456789", min_size=6, max_size=6)
sequences = st.integers(0, 999)


def violation(text: object) -> RuleViolation:
    with pytest.raises(RuleViolation) as info:
        parse_citizen_id(text, today=TODAY)
    assert info.value.field == "citizen_id"
    return info.value


def test_a_valid_number_and_what_it_encodes() -> None:
    cid = parse_citizen_id("11010519491231002X", today=TODAY)
    assert cid == CitizenId("11010519491231002X", "110105", date(1949, 12, 31), "female", False)
    assert repr(cid) == "CitizenId('110105********002X')"


@given(address=addresses, birth=st.dates(date(1900, 1, 1), date(1999, 12, 31)), seq=sequences)
def test_fifteen_digits_upgrade_to_the_eighteen_digit_number(address, birth, seq) -> None:
    old = f"{address}{birth:%y%m%d}{seq:03d}"
    cid = parse_citizen_id(old, today=TODAY)
    assert cid.number == make_citizen_id(address, birth, seq) == normalize_citizen_id(old)
    assert cid.upgraded_from_15 and cid.birth_date == birth
    assert cid.sex == ("male" if seq % 2 else "female")
    assert parse_citizen_id(cid.number, today=TODAY).upgraded_from_15 is False


@given(address=addresses, birth=st.dates(DATE_MIN, TODAY), seq=sequences)
def test_made_numbers_parse_back(address, birth, seq) -> None:
    number = make_citizen_id(address, birth, seq)
    cid = parse_citizen_id(number.lower(), today=TODAY)
    assert (cid.number, cid.birth_date, cid.address_code) == (number, birth, address)


@given(address=addresses, birth=st.dates(DATE_MIN, TODAY), seq=sequences,
       position=st.integers(0, 16), delta=st.integers(1, 9))
def test_one_wrong_digit_is_always_caught(address, birth, seq, position, delta) -> None:
    number = make_citizen_id(address, birth, seq)
    digit = str((int(number[position]) + delta) % 10)
    typo = number[:position] + digit + number[position + 1:]
    assert not is_valid_citizen_id(typo, today=TODAY)


@pytest.mark.parametrize(("text", "code", "params"), [
    ("", "id_empty", {}),
    (None, "id_empty", {}),
    ("1101051949123100-X", "id_chars", {"reason": "chars"}),
    ("11010549123100X", "id_chars", {"reason": "x_in_15"}),
    ("1101051949123100", "id_length", {"length": 16}),
    ("110105194913310021", "id_birth_date", {"reason": "month"}),
    ("110105194902300021", "id_birth_date", {"reason": "day", "month": 2, "day": 30}),
    ("110105189912310021", "id_birth_date", {"reason": "year", "min_year": 1900}),
    ("440524188001010014", "id_birth_date", {"reason": "year", "min_year": 1900}),
    ("110105202712310021", "id_future_birth", {}),
    ("110105194912310021", "id_check", {"expected": "X", "actual": "1"}),
])
def test_violations_are_codes_with_params(text, code, params) -> None:
    found = violation(text)
    assert (found.code, found.params) == (code, params)
    if isinstance(text, str) and len(text) >= 15:
        assert text not in str(found) and text not in repr(found)  # never the number


def test_check_character_is_for_17_ascii_digits_only() -> None:
    assert check_character("11010519491231002") == "X"
    with pytest.raises(ValueError):
        check_character("１" * 17)
