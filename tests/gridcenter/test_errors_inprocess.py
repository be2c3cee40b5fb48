"""Unexpected exceptions become the structured 500 without leaking the message to the log."""

from __future__ import annotations

import asyncio
import json
import logging

from gridcenter.middleware import ErrorShield

NAME, ID_NUMBER = "张" + "三", "1101051949" + "1231002X"
PERSONAL = f"{NAME} {ID_NUMBER}"


async def _call(app) -> tuple[int, dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/api/v1/x", "headers": []}
    await app(scope, receive, send)
    status = sent[0]["status"]
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    return status, body


def test_unexpected_exception_is_structured_500_and_log_has_no_message(caplog):
    async def boom(scope, receive, send):
        raise RuntimeError(PERSONAL)

    with caplog.at_level(logging.ERROR, logger="gridcenter"):
        status, body = asyncio.run(_call(ErrorShield(boom)))
    assert status == 500
    assert body["error"]["code"] == "internal" and body["error"]["message"]
    assert "RuntimeError" in caplog.text
    assert NAME not in caplog.text and ID_NUMBER not in caplog.text
