"""The OpenAPI document served by the running server describes every route it serves."""

from __future__ import annotations

import requests

from .conftest import Api

EXPECTED = {
    ("get", "/api/v1/hello"), ("post", "/api/v1/auth/login"), ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/logout"), ("get", "/api/v1/me"), ("post", "/api/v1/push"),
    ("get", "/api/v1/changes"), ("get", "/api/v1/conflicts"), ("post", "/api/v1/blobs/status"),
    ("put", "/api/v1/blobs/{sha}"), ("get", "/api/v1/blobs/{sha}"),
}


def _resolve(doc: dict, schema: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def test_openapi_lists_every_route_with_schemas(gridcenter_session):
    r = requests.get(gridcenter_session.url + "/openapi.json", timeout=10)
    assert r.status_code == 200
    doc = r.json()
    assert doc["info"]["title"] == "gridcenter sync API" and doc["info"]["version"] == "1"
    served = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert served == EXPECTED
    for method, path in EXPECTED:
        op = doc["paths"][path][method]
        assert "200" in op["responses"] or "201" in op["responses"] or "204" in op["responses"]
        if path != "/api/v1/hello":
            names = {p["name"] for p in op.get("parameters", [])}
            assert "X-Gridworker-Protocol" in names, path
    push = doc["paths"]["/api/v1/push"]["post"]
    body = _resolve(doc, push["requestBody"]["content"]["application/json"]["schema"])
    assert {"client_id", "entries"} <= set(body["properties"])
    entry = doc["components"]["schemas"]["PushEntry"]
    assert {"mutation_id", "entity", "row_id", "op", "base_version", "changes"} <= set(
        entry["required"])
    answer = _resolve(doc, push["responses"]["200"]["content"]["application/json"]["schema"])
    assert "results" in answer["properties"]
    changes = doc["paths"]["/api/v1/changes"]["get"]
    page = _resolve(doc, changes["responses"]["200"]["content"]["application/json"]["schema"])
    assert {"changes", "cursor", "has_more"} <= set(page["properties"])
    assert {p["name"] for p in changes["parameters"]} >= {"cursor", "limit"}
    put = doc["paths"]["/api/v1/blobs/{sha}"]["put"]
    assert "application/octet-stream" in put["requestBody"]["content"]
    assert {"offset", "total"} <= {p["name"] for p in put["parameters"]}
    assert "201" in put["responses"] and "409" in put["responses"]
    status = doc["paths"]["/api/v1/blobs/status"]["post"]
    assert "application/json" in status["requestBody"]["content"]
    assert "application/json" in status["responses"]["200"]["content"]
    get = doc["paths"]["/api/v1/blobs/{sha}"]["get"]
    assert "image/jpeg" in get["responses"]["200"]["content"]
    assert "ErrorResponse" in doc["components"]["schemas"]


def test_documented_routes_answer_as_documented(gridcenter_session):
    """Every documented path is really served (no 404 from the router)."""
    api = Api(gridcenter_session, "worker1")
    sha = "0" * 64
    calls = {
        ("get", "/api/v1/hello"): lambda: api.get("/hello"),
        ("get", "/api/v1/me"): lambda: api.get("/me"),
        ("get", "/api/v1/changes"): lambda: api.get("/changes", params={"limit": 1}),
        ("get", "/api/v1/conflicts"): lambda: api.get("/conflicts"),
        ("post", "/api/v1/push"): lambda: api.post("/push", json={"entries": []}),
        ("post", "/api/v1/blobs/status"): lambda: api.post("/blobs/status",
                                                           json={"hashes": [sha]}),
    }
    for key, call in calls.items():
        assert call().status_code == 200, key
