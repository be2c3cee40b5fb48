"""NaN/Infinity behind the HTTP layer: the JSON helpers, and the push check that stops an
entry carrying one even when it did not come through a request body (defence in depth; over
HTTP the body is refused first, see test_bad_input.py)."""

from __future__ import annotations

import json
import math

import pytest
from support.server import fresh_data_dir

from gridcenter import sync
from gridcenter.auth import Caller
from gridcenter.db import Database
from gridcenter.schemas import PushEntry
from gridrules.jsontext import NonFiniteNumber, check_finite
from gridrules.jsontext import loads as loads_strict

from .conftest import a_household, create, db_rows, visit_values


@pytest.mark.parametrize("text", ["NaN", "[1, Infinity]", '{"a": -Infinity}', "1e999",
                                  "[-1E+400]"])
def test_strict_loads_refuses_non_finite_numbers(text):
    assert isinstance(json.loads(text), (float, list, dict))  # what Python's json does
    with pytest.raises(NonFiniteNumber):
        loads_strict(text)
    with pytest.raises(NonFiniteNumber):
        loads_strict(text.encode())


def test_strict_loads_reads_ordinary_json():
    assert loads_strict(b'{"a": [1, 2.5, -3e2, null, "NaN"]}') == {"a": [1, 2.5, -300.0, None,
                                                                       "NaN"]}
    with pytest.raises(json.JSONDecodeError):
        loads_strict("{")


def test_check_finite_looks_everywhere():
    check_finite({"a": [1, 2.5, {"b": "Infinity"}]})
    for value in (math.nan, [math.inf], {"a": {"b": [-math.inf]}}):
        with pytest.raises(NonFiniteNumber):
            check_finite(value)


class _Server:
    def __init__(self, data_dir):
        self.data_dir = data_dir


def test_an_entry_with_nan_in_a_json_field_is_rejected_not_stored(tmp_path):
    server = _Server(fresh_data_dir(tmp_path / "gc"))
    db = Database(f"sqlite:///{server.data_dir / 'gridcenter.sqlite3'}")
    try:
        uid, username, display, role = db_rows(
            server, "SELECT id, username, display_name, role FROM users WHERE username='worker1'"
        )[0]
        hid, _ = a_household(server)
        raw = create("visit", visit_values(hid, findings={"score": math.nan}))
        entry = PushEntry.model_validate(raw)
        answer = json.loads(sync.push(db, Caller(uid, username, display, role), [entry]))
    finally:
        db.dispose()
    result = answer["results"][0]
    assert result["status"] == "rejected" and result["error"]["code"] == "invalid"
    assert db_rows(server, "SELECT count(*) FROM records WHERE id = ?", raw["row_id"]) == [(0,)]
