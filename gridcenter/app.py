"""The FastAPI application: routes of docs/sync-protocol.md, nothing else.

Handlers are thin: they authenticate, then call the module that owns the behaviour
(auth, sync, blobs, conflicts). Routes that return large JSON (push, changes) hand back
pre-built text in a plain Response; their pydantic models still document them in OpenAPI.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy import Connection, select
from starlette.middleware.gzip import GZipMiddleware

from gridrules.jsontext import NonFiniteNumber, loads
from gridworker.sync.protocol import (
    API_PREFIX,
    DEFAULT_PULL_LIMIT,
    MAX_PULL_LIMIT,
    MAX_PUSH_ENTRIES,
    PROTOCOL_HEADER,
    SUPPORTED_PROTOCOLS,
    ErrorCode,
)

from . import auth, blobs, conflicts, pull, sync
from .auth import AuthThrottle, Caller
from .config import Settings
from .db import Database
from .errors import ApiError, install_handlers
from .middleware import BodyLimitMiddleware, ErrorShield, NonFiniteBody, ProtocolMiddleware
from .models import grids
from .schemas import (
    BlobPutResponse,
    BlobStatusRequest,
    BlobStatusResponse,
    ChangesResponse,
    ConflictsResponse,
    ErrorResponse,
    Hello,
    LoginRequest,
    Me,
    PushRequest,
    PushResponse,
    RefreshRequest,
    Session,
)
from .scope import grids_of
from .util import now_iso

log = logging.getLogger("gridcenter")

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": "Structured error"}
    for status in (400, 401, 413, 422, 426, 500)
}
AUTHED_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    403: {"model": ErrorResponse, "description": "Structured error; account_disabled: the "
                                                 "token, session or password of a deactivated "
                                                 "account"},
}
SIGN_IN_ERRORS: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorResponse, "description": "rate_limited: too many failed sign-ins "
                                                 "from this address (Retry-After header)"},
}


class _StrictJsonRequest(Request):
    """Reads a JSON body refusing NaN/Infinity, which Python's json module (and so FastAPI)
    would otherwise accept and hand on as float('nan')."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = loads(body)
            except NonFiniteNumber:
                raise NonFiniteBody() from None
        return self._json


class StrictJsonRoute(APIRoute):
    """Every API route reads its JSON body with :class:`_StrictJsonRequest` (FastAPI's
    documented way to customise the request: a route class)."""

    def get_route_handler(self) -> Any:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler


def client_address(request: Request) -> str:
    """The peer address as the ASGI server reports it (behind a trusted proxy, uvicorn puts
    the X-Forwarded-For address here)."""
    return request.client.host if request.client is not None else "unknown"


def me_of(conn: Connection, caller: Caller) -> dict[str, Any]:
    ids = grids_of(conn, caller)
    rows = conn.execute(
        select(grids.c.id, grids.c.code, grids.c.name).order_by(grids.c.code)
    ).all()
    return {
        "username": caller.username,
        "display_name": caller.display_name,
        "role": caller.role,
        "grids": [{"id": i, "code": c, "name": n} for i, c, n in rows if i in ids],
    }


def _protocol(
    version: Annotated[
        str, Header(alias=PROTOCOL_HEADER, description="Protocol version the client speaks: 1")
    ],
) -> None:
    """Documents the header; ProtocolMiddleware enforces it before routing."""


def current_caller(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer <access token>")] = None,
) -> Caller:
    return auth.authenticate(request.app.state.db, request.app.state.settings, authorization)


Authed = Annotated[Caller, Depends(current_caller)]


def create_app(settings: Settings, db: Database | None = None) -> FastAPI:
    db = db or Database(settings.database_url)
    app = FastAPI(
        title="gridcenter sync API",
        version="1",
        description="Central sync server of gridworker. See docs/sync-protocol.md.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    throttle = AuthThrottle(settings.auth_rate_limit, settings.auth_rate_window)
    app.state.auth_throttle = throttle
    blobs.BlobFiles(settings).sweep_stale_parts()  # uploads abandoned for two weeks
    install_handlers(app)
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=5)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(ProtocolMiddleware)
    app.add_middleware(ErrorShield)

    open_router = APIRouter(prefix=API_PREFIX, responses=ERRORS, route_class=StrictJsonRoute)
    router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(_protocol)],
                       responses=AUTHED_ERRORS, route_class=StrictJsonRoute)

    @open_router.get("/hello", response_model=Hello, tags=["meta"])
    def hello() -> dict[str, Any]:
        """Reachability probe: no auth, no protocol header."""
        return {
            "service": "gridcenter",
            "protocols": sorted(SUPPORTED_PROTOCOLS),
            "server_time": now_iso(),
        }

    @router.post("/auth/login", response_model=Session, tags=["auth"],
                 responses={423: {"model": ErrorResponse}, **SIGN_IN_ERRORS})
    def login(body: LoginRequest, request: Request) -> dict[str, Any]:
        return auth.throttled_sign_in(
            db, settings, throttle, client_address(request), "login",
            lambda: auth.login(db, settings, body.username, body.password, body.device, me_of),
        )

    @router.post("/auth/refresh", response_model=Session, tags=["auth"],
                 responses=SIGN_IN_ERRORS)
    def refresh(body: RefreshRequest, request: Request) -> dict[str, Any]:
        return auth.throttled_sign_in(
            db, settings, throttle, client_address(request), "refresh",
            lambda: auth.refresh(db, settings, body.refresh_token, me_of),
        )

    @router.post("/auth/logout", status_code=204, response_class=Response, tags=["auth"])
    def logout(body: RefreshRequest) -> Response:
        auth.logout(db, body.refresh_token)
        return Response(status_code=204)

    @router.get("/me", response_model=Me, tags=["auth"])
    def me(who: Authed) -> dict[str, Any]:
        with db.read() as conn:
            return me_of(conn, who)

    @router.post("/push", response_model=PushResponse, tags=["sync"])
    def push(body: PushRequest, who: Authed) -> Response:
        """Apply up to 1000 journal entries, in order, at most once each."""
        if len(body.entries) > MAX_PUSH_ENTRIES:
            raise ApiError(413, ErrorCode.TOO_LARGE, f"一次最多提交 {MAX_PUSH_ENTRIES} 条修改。",
                           {"max_entries": MAX_PUSH_ENTRIES})
        text = sync.push(db, who, body.entries)
        return Response(text, media_type="application/json")

    @router.get("/changes", response_model=ChangesResponse, tags=["sync"])
    def changes(
        who: Authed,
        cursor: Annotated[str | None, Query(max_length=8192)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
    ) -> Response:
        """Rows changed in the caller's scope since the cursor, in commit order."""
        text = pull.pull(db, settings, who, cursor or None, limit)
        return Response(text, media_type="application/json")

    @router.get("/conflicts", response_model=ConflictsResponse, tags=["sync"])
    def list_conflicts(
        who: Authed,
        status: Annotated[str, Query(pattern="^(open|resolved|all)$")] = "open",
    ) -> dict[str, Any]:
        return conflicts.list_for(db, who, status)

    @router.post("/blobs/status", response_model=BlobStatusResponse, tags=["blobs"])
    def blob_status(body: BlobStatusRequest, who: Authed) -> dict[str, Any]:
        return blobs.status(db, settings, who, body.hashes)

    @router.put(
        "/blobs/{sha}",
        response_model=BlobPutResponse,
        status_code=201,
        tags=["blobs"],
        responses={200: {"model": BlobPutResponse, "description": "Partial (or already held)"},
                   409: {"model": ErrorResponse}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/octet-stream": {
                    "schema": {"type": "string", "format": "binary"}}},
            }
        },
    )
    async def blob_put(
        request: Request,
        sha: str,
        who: Authed,
        offset: Annotated[int, Query(ge=0)],
        total: Annotated[int, Query(ge=1)],
    ) -> Response:
        status, body = await blobs.upload(request, db, settings, who, sha, offset, total)
        return JSONResponse(body, status_code=status)

    @router.get(
        "/blobs/{sha}",
        response_class=FileResponse,
        tags=["blobs"],
        responses={200: {"content": {"image/jpeg": {"schema": {"type": "string",
                                                                 "format": "binary"}}}},
                   404: {"model": ErrorResponse}},
    )
    def blob_get(
        sha: str,
        who: Authed,
        variant: Annotated[str | None, Query(pattern="^thumb$")] = None,
    ) -> FileResponse:
        path = blobs.readable_path(db, settings, who, sha, variant == "thumb")
        return FileResponse(path, media_type="image/jpeg")

    app.include_router(open_router)
    app.include_router(router)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``serve --workers N`` (each worker process builds its own app)."""
    import os

    return create_app(
        Settings.load(os.environ["GRIDCENTER_DATA_DIR"], os.environ.get("GRIDCENTER_DATABASE_URL"))
    )
