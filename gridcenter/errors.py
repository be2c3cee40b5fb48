"""One error shape for every failure: ``{"error": {"code", "message", "details"}}``.

Handlers here turn FastAPI/pydantic validation errors, unknown routes and unexpected
exceptions into that shape, so a client never has to parse an HTML page or a bare 500.
Messages are readable Chinese; details carry machine-readable hints (field, offset …).
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from gridworker.sync.protocol import ErrorCode

if TYPE_CHECKING:  # the web stack is imported only where it is used (the CLI starts faster)
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from starlette.responses import Response

log = logging.getLogger("gridcenter")

MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.BAD_REQUEST: "请求格式不正确。",
    ErrorCode.INVALID: "请求内容不符合要求。",
    ErrorCode.PROTOCOL_UNSUPPORTED: "客户端的同步协议版本过旧或不受支持，请更新应用。",
    ErrorCode.UNAUTHENTICATED: "未登录或登录已失效，请重新登录。",
    ErrorCode.TOKEN_EXPIRED: "登录令牌已过期，请刷新后重试。",
    ErrorCode.BAD_CREDENTIALS: "用户名或密码不正确。",
    ErrorCode.ACCOUNT_LOCKED: "连续登录失败次数过多，账号已临时锁定，请稍后再试。",
    ErrorCode.ACCOUNT_DISABLED: "此账号已被停用，请联系管理员。",
    ErrorCode.REFRESH_INVALID: "登录状态已失效，请重新登录。",
    ErrorCode.FORBIDDEN: "当前角色无权执行此操作。",
    ErrorCode.OUT_OF_SCOPE: "该记录不在您负责的网格范围内。",
    ErrorCode.NOT_FOUND: "找不到请求的内容。",
    ErrorCode.ALREADY_EXISTS: "该记录已存在，且内容不同。",
    ErrorCode.APPEND_ONLY: "走访记录一经提交不可修改或删除，请添加补充说明。",
    ErrorCode.PARENT_MISSING: "所属的上级记录不存在或已删除。",
    ErrorCode.HAS_CHILDREN: "该记录下仍有在册的下级记录，不能删除。",
    ErrorCode.CURSOR_INVALID: "同步位置标记无效，请从头重新同步。",
    ErrorCode.TOO_LARGE: "请求内容过大。",
    ErrorCode.OFFSET_MISMATCH: "续传位置与服务器已收到的字节数不一致。",
    ErrorCode.HASH_MISMATCH: "文件校验失败（SHA-256 不符），已丢弃，请重新上传。",
    ErrorCode.RATE_LIMITED: "请求过于频繁，请稍后再试。",
    ErrorCode.UNAVAILABLE: "服务暂时不可用，请稍后再试。",
    ErrorCode.INTERNAL: "服务器内部错误，请稍后再试或联系管理员。",
}


class ApiError(Exception):
    """Raise anywhere in a request to answer with the structured error."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str | None = None,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(code.value)
        self.status = status
        self.code = code
        self.message = message or MESSAGES[code]
        self.details = details or {}
        self.headers = headers


def error_body(code: ErrorCode, message: str | None = None, details: dict | None = None) -> dict:
    return {
        "error": {
            "code": code.value,
            "message": message or MESSAGES[code],
            "details": details or {},
        }
    }


def error_response(
    status: int,
    code: ErrorCode,
    message: str | None = None,
    details: dict | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    from starlette.responses import Response

    body = json.dumps(error_body(code, message, details), ensure_ascii=False)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


_STATUS_CODES = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    413: ErrorCode.TOO_LARGE,
    422: ErrorCode.INVALID,
    429: ErrorCode.RATE_LIMITED,
    503: ErrorCode.UNAVAILABLE,
}


def _validation_details(exc: RequestValidationError) -> tuple[ErrorCode, int, dict]:
    """Malformed JSON is 400 bad_request; well-formed JSON of the wrong shape is 422."""
    problems = []
    for err in exc.errors()[:20]:
        if err.get("type") == "json_invalid":
            return ErrorCode.BAD_REQUEST, 400, {"reason": "json_invalid"}
        loc = [str(p) for p in err.get("loc", ())]
        # Never echo input values back: they may hold personal data.
        problems.append({"loc": loc, "type": err.get("type", ""), "msg": err.get("msg", "")})
    return ErrorCode.INVALID, 422, {"problems": problems}


def install_handlers(app: FastAPI) -> None:
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> Response:
        code, status, details = _validation_details(exc)
        return error_response(status, code, None, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            return error_response(
                405, ErrorCode.BAD_REQUEST, "不支持该请求方法。", headers=exc.headers
            )
        code = _STATUS_CODES.get(exc.status_code, ErrorCode.BAD_REQUEST)
        if exc.status_code >= 500:
            code = ErrorCode.INTERNAL
        # Raised while reading a body (middleware.NonFiniteBody): it knows its code and words.
        code = getattr(exc, "error_code", code)
        message = getattr(exc, "error_message", None)
        details = getattr(exc, "error_details", None)
        return error_response(exc.status_code, code, message, details, exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Path and exception type only: request bodies may hold personal data.
        # The message itself is left out: database errors quote their parameters.
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error(
            "unexpected %s on %s %s\n%s",
            type(exc).__name__, request.method, request.url.path, frames,
        )
        return error_response(500, ErrorCode.INTERNAL)
