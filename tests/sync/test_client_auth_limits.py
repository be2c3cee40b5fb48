"""The HTTP client against a scripted local server: a deactivated account, 429 with
Retry-After (honoured within a cap), and NaN/Infinity in an answer (refused, never retried)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from gridworker.sync.client import RetryPolicy
from gridworker.sync.errors import AuthFailed, MalformedResponse, ServerError

from .fake_http import Canned, error
from .test_client import PAGE, StaticAuth, _client


def _rate_limited(retry_after: str) -> Canned:
    return Canned(429, {"error": {"code": "rate_limited", "message": "请求过于频繁",
                                  "details": {}}}, headers={"Retry-After": retry_after})


# --- account_disabled -----------------------------------------------------------------------


def test_account_disabled_is_an_auth_failure_with_its_own_words(server):
    disabled = error(403, "account_disabled", "此账号已被停用，请联系管理员。")
    client = _client(server.answer(disabled))
    with pytest.raises(AuthFailed) as caught:
        client.login("leaver", "right-password")
    assert caught.value.code == "account_disabled"
    assert caught.value.message == "此账号已被停用，请联系管理员。"
    with pytest.raises(AuthFailed) as caught:
        client.refresh("kept-token")
    assert caught.value.code == "account_disabled"
    assert client.request_count == 2 and client.sleeps == []


def test_account_disabled_on_an_idempotent_step_is_neither_retried_nor_refreshed(server):
    auth = StaticAuth()
    client = _client(server.answer(error(403, "account_disabled")), auth=auth)
    with pytest.raises(AuthFailed) as caught:
        client.changes(None)
    assert caught.value.code == "account_disabled"
    assert client.request_count == 1 and client.sleeps == [] and auth.refreshes == 0


# --- 429 and Retry-After --------------------------------------------------------------------


def test_a_throttled_sign_in_is_not_retried_and_says_how_long(server):
    client = _client(server.answer(_rate_limited("42")))
    with pytest.raises(ServerError) as caught:
        client.login("worker1", "password")
    assert caught.value.code == "rate_limited" and caught.value.status == 429
    assert caught.value.details["retry_after"] == 42
    assert client.request_count == 1 and client.sleeps == []


def test_a_retry_after_longer_than_the_cap_is_not_waited_for(server):
    client = _client(server.answer(_rate_limited("600"), Canned(200, PAGE)),
                     retry=RetryPolicy(max_retry_after=30))
    with pytest.raises(ServerError) as caught:
        client.changes(None)
    assert caught.value.code == "rate_limited" and caught.value.details["retry_after"] == 600
    assert client.request_count == 1 and client.sleeps == []


def test_retry_after_pauses_stop_at_the_total_budget(server):
    client = _client(server.answer(_rate_limited("25")),
                     retry=RetryPolicy(attempts=5, max_retry_after=30, max_wait=60))
    with pytest.raises(ServerError) as caught:
        client.changes(None)
    assert caught.value.code == "rate_limited"
    assert client.sleeps == [25.0, 25.0]  # a third pause would pass 60 s
    assert client.request_count == 3


def test_retry_after_as_an_http_date(server):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    client = _client(server.answer(_rate_limited(when), Canned(200, PAGE)))
    assert client.changes(None).cursor == "c1"
    assert len(client.sleeps) == 1 and 10 <= client.sleeps[0] <= 20


@pytest.mark.parametrize("header", ["soon", "-5", "nan"])
def test_a_useless_retry_after_falls_back_to_backoff(server, header):
    client = _client(server.answer(_rate_limited(header), Canned(200, PAGE)),
                     retry=RetryPolicy(base_delay=0.5, max_delay=1.0))
    assert client.changes(None).cursor == "c1"
    assert len(client.sleeps) == 1 and 0.25 <= client.sleeps[0] <= 0.5


# --- NaN / Infinity in an answer -------------------------------------------------------------


def _page_with(literal: str) -> str:
    row = {"entity": "visit", "id": "v1", "version": 1, "state": "live",
           "data": {"findings": {"score": 12345.678}}}
    text = json.dumps({"changes": [row], "cursor": "c2", "has_more": False})
    return text.replace("12345.678", literal)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_in_a_page_are_malformed_and_not_asked_again(server, literal):
    client = _client(server.answer(Canned(200, _page_with(literal))))
    with pytest.raises(MalformedResponse) as caught:
        client.changes(None)
    assert "未写入" in caught.value.message
    assert "NaN" in caught.value.detail or "too large" in caught.value.detail
    assert client.request_count == 1 and client.sleeps == []
    # the read-ahead path decodes a body it already holds: same answer, no new request
    with pytest.raises(MalformedResponse):
        client.changes_from(_page_with(literal).encode(), None, 10)
    assert client.request_count == 1


def test_non_finite_numbers_in_a_push_answer_are_malformed(server):
    entries = [{"mutation_id": "m1", "entity": "household", "row_id": "h1", "op": "update",
                "base_version": 1, "changes": {}, "actor": "w", "created_at": "x"}]
    row = {"entity": "household", "id": "h1", "version": 2, "state": "live",
           "data": {"grid_id": "g1", "dwelling_type": "owner_occupied", "status": "active",
                    "latitude": 12345.678}}
    answer = json.dumps({"results": [{"mutation_id": "m1", "status": "applied", "version": 2,
                                      "row": row, "conflicts": [], "error": None}],
                         "server_time": "t"})
    client = _client(server.answer(Canned(200, answer)))
    assert client.push("c", entries)[0].row.data["latitude"] == 12345.678  # valid as is
    client = _client(server.answer(Canned(200, answer.replace("12345.678", "Infinity"))))
    with pytest.raises(MalformedResponse):
        client.push("c", entries)
    assert client.request_count == 1


def test_finite_exponents_are_numbers(server):
    client = _client(server.answer(Canned(200, _page_with("1.5e2"))))
    page = client.changes(None)
    assert page.changes[0].data == {"findings": {"score": 150.0}}
