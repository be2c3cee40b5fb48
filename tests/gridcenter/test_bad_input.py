"""Bad input never causes a 500 or a partial write: always a structured 4xx.

Each test ends by pulling with the cursor taken before: nothing may have changed."""

from __future__ import annotations

import gzip
import json

import pytest

from .conftest import (
    GRID1,
    Api,
    a_household,
    create,
    household_values,
    uid,
    update,
    visit_values,
)


@pytest.fixture(scope="module")
def api(gridcenter_session):
    return Api(gridcenter_session, "worker1")


@pytest.fixture
def unchanged(api):
    """Asserts after the test that the server holds no new change for this user."""
    _, cursor = api.pull_all()
    yield
    assert api.pull(cursor)["changes"] == []


def _structured(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def _raw_push(api: Api, data: bytes, **headers: str):
    return api.post("/push", data=data, headers={"Content-Type": "application/json", **headers})


def _good_entry(api: Api) -> dict:
    return create("household", household_values(api.grid_id(GRID1)))


def test_malformed_json(api, unchanged):
    for body in (b"{", b"not json", b'{"entries": [}', b"\xff\xfe", b"[" * 100000):
        _structured(_raw_push(api, body), 400, "bad_request")


def test_wrong_types(api, unchanged):
    e = _good_entry(api)
    cases = [
        {"entries": "x"},
        {"entries": [{**e, "base_version": "zero"}]},
        {"entries": [{**e, "base_version": -1}]},
        {"entries": [{**e, "op": "merge"}]},
        {"entries": [{**e, "changes": ["a"]}]},
        {"entries": [{**e, "resolves": [{"conflict_id": uid(), "choice": "maybe"}]}]},
        {"entries": [e, 5]},
        [],
        "just a string",
    ]
    for body in cases:
        _structured(api.post("/push", json=body), 422, "invalid")


def test_unknown_entity_rejects_the_whole_request(api, unchanged):
    good = _good_entry(api)
    bad = {**_good_entry(api), "entity": "spaceship"}
    err = _structured(api.post("/push", json={"entries": [good, bad]}), 422, "invalid")
    assert any("entity" in p["loc"] for p in err["details"]["problems"])


def test_non_uuid_ids(api, unchanged):
    for field, value in (("row_id", "1"), ("row_id", "x" * 36), ("mutation_id", "abc"),
                         ("row_id", "../../etc/passwd")):
        e = {**_good_entry(api), field: value}
        _structured(api.post("/push", json={"entries": [e]}), 422, "invalid")


def test_too_many_entries(api, unchanged):
    entries = [_good_entry(api) for _ in range(2000)]
    _structured(api.post("/push", json={"entries": entries}), 413, "too_large")


def test_oversized_body(api, unchanged):
    blob = b'{"entries": [], "client_id": "' + b"x" * (17 * 1024 * 1024) + b'"}'
    _structured(_raw_push(api, blob), 413, "too_large")


def test_gzip_bomb(api, unchanged):
    # 256 MiB of JSON whitespace compresses to ~250 KiB; the server must stop at 16 MiB
    payload = gzip.compress(b"{\"entries\": [" + b" " * (256 * 1024 * 1024) + b"]}",
                            compresslevel=6)
    assert len(payload) < 1024 * 1024
    _structured(_raw_push(api, payload, **{"Content-Encoding": "gzip"}), 413, "too_large")


def test_gzip_body_is_accepted(api):
    e = _good_entry(api)
    data = gzip.compress(json.dumps({"entries": [e]}).encode())
    r = _raw_push(api, data, **{"Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["status"] == "applied"


def test_bad_gzip_and_unknown_encoding(api, unchanged):
    _structured(_raw_push(api, b"definitely not gzip", **{"Content-Encoding": "gzip"}), 400)
    _structured(_raw_push(api, b"{}", **{"Content-Encoding": "br"}), 415)


def test_huge_strings(api, unchanged):
    hid, version = a_household(api.server)
    e = update("household", hid, version, address_detail=("", "长" * 1_000_000))
    res = api.push_one(e)
    assert res["status"] == "rejected" and res["error"]["code"] == "invalid"
    e2 = {**_good_entry(api), "actor": "a" * 100_000}
    _structured(api.post("/push", json={"entries": [e2]}), 422, "invalid")
    _structured(api.post("/push", json={"client_id": "c" * 10_000, "entries": []}), 422)


MARK = "12345.678"
"""Stands for the non-finite literal in a body until it is put in (json.dumps would write
NaN too, but not 1e999)."""


def _non_finite(err: dict) -> None:
    assert err["details"] == {"reason": "non_finite_number"}
    assert "NaN" in err["message"] and "Infinity" in err["message"]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
@pytest.mark.parametrize("where", ["float_field", "json_field"])
def test_non_finite_numbers_refuse_the_whole_push(api, unchanged, literal, where):
    """Not JSON, though Python's json reads them: 422 for the whole request, even after a good
    entry and where any JSON value is allowed (a visit's findings); nothing is written."""
    hid, version = a_household(api.server)
    if where == "float_field":
        bad = update("household", hid, version, latitude=(None, float(MARK)))
    else:
        bad = create("visit", visit_values(hid, findings={"score": float(MARK)}))
    text = json.dumps({"client_id": "t", "entries": [_good_entry(api), bad]})
    assert text.count(MARK) == 1
    body = text.replace(MARK, literal).encode()
    _non_finite(_structured(_raw_push(api, body), 422, "invalid"))
    gzipped = gzip.compress(body)
    _non_finite(_structured(_raw_push(api, gzipped, **{"Content-Encoding": "gzip"}), 422,
                            "invalid"))


def test_non_finite_numbers_are_refused_on_every_route(api, unchanged):
    r = api.post("/blobs/status", data=b'{"hashes": [NaN]}',
                 headers={"Content-Type": "application/json"})
    _non_finite(_structured(r, 422, "invalid"))
    r = api.post("/auth/login", data=b'{"username": "worker1", "password": "x", "device": '
                                     b'Infinity}', headers={"Content-Type": "application/json"})
    _non_finite(_structured(r, 422, "invalid"))


def test_finite_numbers_in_exponent_form_are_still_numbers(api):
    hid, version = a_household(api.server)
    text = json.dumps({"entries": [update("household", hid, version, latitude=(None, 1.5))]})
    r = _raw_push(api, text.replace("1.5", "3.99e1").encode())
    assert r.status_code == 200 and r.json()["results"][0]["status"] != "rejected", r.text
    assert r.json()["results"][0]["row"]["data"]["latitude"] == 39.9


def test_bad_query_parameters(api, unchanged):
    for params in ({"limit": -1}, {"limit": 0}, {"limit": "many"}, {"limit": 10**12}):
        _structured(api.get("/changes", params=params), 422, "invalid")
    _structured(api.get("/changes", params={"cursor": "x" * 9000}), 422, "invalid")
    _structured(api.get("/conflicts", params={"status": "open;drop table"}), 422)


def test_unknown_routes_and_methods_are_structured(api):
    _structured(api.get("/nope"), 404, "not_found")
    _structured(api.http.get(api.server.url + "/nope", timeout=10), 404, "not_found")
    err = _structured(api.http.delete(api.base + "/push", timeout=10), 405)
    assert err["code"] == "bad_request"


def test_protocol_header(gridcenter_session):
    api = Api(gridcenter_session)
    del api.http.headers["X-Gridworker-Protocol"]
    for path in ("/me", "/changes", "/nope"):
        _structured(api.get(path), 400, "bad_request")
    _structured(api.post("/auth/login", json={"username": "worker1", "password": "x"}), 400)
    for version in ("2", "0", "abc", "", "\u00b9", "1\u00b2", "\u00ff", "99999999999999999999"):
        err = _structured(api.get("/me", headers={"X-Gridworker-Protocol": version}), 426,
                          "protocol_unsupported")
        assert err["details"]["supported"] == [1]
    assert api.get("/hello").status_code == 200  # hello needs no header


def test_empty_push_is_fine(api):
    r = api.post("/push", json={"entries": []})
    assert r.status_code == 200 and r.json()["results"] == []
