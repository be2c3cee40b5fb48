"""Pure ASGI middleware: the protocol header check and the request-body limit with gzip
decoding. Both run before routing, so they apply to every route (unknown ones included)."""

from __future__ import annotations

import logging
import traceback
import zlib
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gridworker.sync.protocol import (
    API_PREFIX,
    MAX_BODY_BYTES,
    PROTOCOL_HEADER,
    SUPPORTED_PROTOCOLS,
    ErrorCode,
)

from .errors import error_response

log = logging.getLogger("gridcenter")
_HEADER = PROTOCOL_HEADER.lower().encode("latin-1")
_OPEN_PATHS = {f"{API_PREFIX}/hello"}
DRAIN_LIMIT = 64 * 1024 * 1024
"""After the limit is hit, read (and drop) at most this much more, so the client can finish
sending and read our 413 instead of seeing a reset connection."""


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class ProtocolMiddleware:
    """Every /api/v1 request except hello names the protocol version it speaks."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(API_PREFIX + "/") and (
            path not in _OPEN_PATHS
        ):
            value = _header(scope, _HEADER)
            if value is None:
                response = error_response(
                    400, ErrorCode.BAD_REQUEST, f"缺少协议版本请求头 {PROTOCOL_HEADER}。",
                    {"header": PROTOCOL_HEADER},
                )
                return await response(scope, receive, send)
            version = value.strip()
            # ASCII digits only: str.isdigit() also passes "²" or "١", which int() refuses.
            if not (version.isascii() and version.isdigit() and len(version) <= 4) or (
                int(version) not in SUPPORTED_PROTOCOLS
            ):
                response = error_response(
                    426, ErrorCode.PROTOCOL_UNSUPPORTED, None,
                    {"supported": sorted(SUPPORTED_PROTOCOLS)},
                )
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=413, detail="too_large")


class NonFiniteBody(HTTPException):
    """A JSON request body holding NaN or ±Infinity: 422 ``invalid`` for the whole request,
    before any handler runs (so nothing is written). Raised while FastAPI reads the body
    (``app.StrictJsonRoute``); an HTTPException is what FastAPI lets through from there."""

    error_code = ErrorCode.INVALID
    error_message = "请求内容含有 NaN 或 Infinity 等非有限数值，JSON 不允许这样的值。"

    def __init__(self) -> None:
        super().__init__(status_code=422, detail="non_finite_number")
        self.error_details = {"reason": "non_finite_number"}


class BodyLimitMiddleware:
    """Caps request bodies at MAX_BODY_BYTES *after* gzip decoding, inflating incrementally
    (never more than the limit + 1 byte), so a gzip bomb costs us almost nothing."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        encoding = (_header(scope, b"content-encoding") or "identity").strip().lower()
        if encoding not in ("identity", "gzip", ""):
            response = error_response(415, ErrorCode.BAD_REQUEST, "不支持的请求体编码。",
                                      {"content_encoding": encoding})
            return await response(scope, receive, send)
        length = _header(scope, b"content-length")
        if encoding != "gzip" and length and length.isdigit() and int(length) > self.limit:
            await _drain(receive, int(length))
            response = error_response(413, ErrorCode.TOO_LARGE, None, {"max": self.limit})
            return await response(scope, receive, send)
        if encoding == "gzip":
            scope = dict(scope)
            scope["headers"] = [
                (k, v) for k, v in scope["headers"]
                if k not in (b"content-encoding", b"content-length")
            ]
        await self.app(scope, _LimitedReceive(receive, self.limit, encoding == "gzip"), send)


async def _drain(receive: Receive, limit: int) -> None:
    seen = 0
    while seen <= min(limit, DRAIN_LIMIT):
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


class _LimitedReceive:
    def __init__(self, receive: Receive, limit: int, gzip: bool):
        self.receive = receive
        self.limit = limit
        self.total = 0
        self.inflater: Any = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        self.done = False

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] != "http.request":
            return message
        body = message.get("body", b"")
        more = message.get("more_body", False)
        if self.inflater is not None:
            try:
                out = self.inflater.decompress(body, self.limit - self.total + 1)
                if not more:
                    out += self.inflater.flush() if not self.inflater.unconsumed_tail else b""
            except zlib.error:
                await self._drain_rest(more)
                raise HTTPException(400, "bad gzip") from None
            if self.inflater.unconsumed_tail:
                # More output was waiting than the limit allows: a bomb or just too big.
                await self._drain_rest(more)
                raise BodyTooLarge()
            body = out
        self.total += len(body)
        if self.total > self.limit:
            await self._drain_rest(more)
            raise BodyTooLarge()
        return {"type": "http.request", "body": body, "more_body": more}

    async def _drain_rest(self, more: bool) -> None:
        if more:
            await _drain(self.receive, DRAIN_LIMIT)


class ErrorShield:
    """Outermost guard: an unexpected exception becomes the structured 500 ``internal``.

    Logged with the path, the exception type and the stack frames only: exception messages
    (database errors quote their parameters) may hold personal data, so they are never
    logged, and the exception is not re-raised to the server's own logger either."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("unexpected %s on %s %s\n%s", type(exc).__name__, scope.get("method"),
                      scope.get("path"), frames)
            if not started:
                response = error_response(500, ErrorCode.INTERNAL)
                await response(scope, receive, send)
