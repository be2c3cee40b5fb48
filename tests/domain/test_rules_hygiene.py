"""The forms' clean_* functions apply the rulebook: text hygiene, coordinates, date bounds."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gridworker.domain.errors import InvalidInput
from gridworker.domain.rules import clean_household, clean_resident, clean_visit

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 0)


def errors_of(clean, values, **kw):
    with pytest.raises(InvalidInput) as info:
        clean(values, **kw)
    return info.value.errors


@pytest.mark.parametrize(("field", "value", "code"), [
    ("name", "张\x07三", "text_control_char"),
    ("former_name", "张\x00", "text_nul"),
    ("note", "独居\ud800", "text_surrogate"),
])
def test_resident_text_hygiene(field, value, code) -> None:
    values = {"name": "张三", field: value}
    error = errors_of(clean_resident, values, today=TODAY)[field]
    assert error.code == code and error.field == field and error.message


def test_resident_text_with_newlines_and_tabs_is_fine() -> None:
    out = clean_resident({"name": "张三", "note": "一\n二\t三"}, today=TODAY)
    assert out["note"] == "一\n二\t三"


def test_birth_date_before_1900_is_out_of_bounds() -> None:
    error = errors_of(clean_resident, {"name": "张三", "birth_date": "1899-12-31"},
                      today=TODAY)["birth_date"]
    assert error.code == "date_out_of_range" and "1900-01-01" in error.message


def test_fifteen_digit_id_is_stored_upgraded() -> None:
    out = clean_resident({"name": "张三", "citizen_id": "110105491231002"}, today=TODAY)
    assert out["citizen_id"] == "11010519491231002X" and out["birth_date"] == date(1949, 12, 31)


@pytest.mark.parametrize(("field", "value"), [("latitude", 90.5), ("longitude", -181),
                                              ("latitude", "nan"), ("longitude", "abc")])
def test_household_coordinates(field, value) -> None:
    error = errors_of(clean_household, {"door_number": "1号", field: value})[field]
    assert error.code == "coordinate_invalid" and error.message.startswith("坐标超出范围（")


def test_household_text_hygiene() -> None:
    errors = errors_of(clean_household, {"door_number": "1\x1b号", "address_detail": "路\x7f"})
    assert errors["door_number"].code == errors["address_detail"].code == "text_control_char"


def test_visit_text_hygiene() -> None:
    errors = errors_of(clean_visit, {"summary": "走访\x00", "people_met": "王\x01",
                                     "findings": [{"kind": "request", "text": "修\x02路"}]},
                       now=NOW)
    assert errors["summary"].code == "text_nul"
    assert errors["people_met"].code == errors["findings"].code == "text_control_char"
