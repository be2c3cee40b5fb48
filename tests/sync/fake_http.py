"""A tiny scripted HTTP server for client error-mapping tests (canned garbage, 426, 500 …).

Not a gridcenter: each request pops the next canned answer (or the last one repeats) and is
recorded with its headers and (decoded) body, so tests can check what the client sent.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Canned:
    status: int = 200
    body: bytes | str | dict[str, Any] | list[Any] = b""
    headers: dict[str, str] = field(default_factory=dict)
    truncate: int | None = None
    """Announce the full Content-Length but close after this many bytes."""
    delay: float = 0.0


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def error(status: int, code: str, message: str = "", **details: Any) -> Canned:
    return Canned(status, {"error": {"code": code, "message": message, "details": details}})


class FakeServer:
    def __init__(self) -> None:
        self.answers: list[Canned] = []
        self.seen: list[Seen] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                fake.seen.append(Seen(self.command, self.path, dict(self.headers), raw))
                answer = fake.answers.pop(0) if len(fake.answers) > 1 else fake.answers[0]
                if answer.delay:
                    import time

                    time.sleep(answer.delay)
                body = answer.body
                if isinstance(body, dict | list):
                    body = json.dumps(body).encode()
                elif isinstance(body, str):
                    body = body.encode()
                self.send_response(answer.status)
                content_type = "application/json" if body[:1] in (b"{", b"[") else "text/plain"
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for k, v in answer.headers.items():
                    self.send_header(k, v)
                if answer.truncate is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                if answer.truncate is not None:
                    self.wfile.write(body[: answer.truncate])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

            def _safe(self) -> None:
                # The client may give up first (a timeout test): nothing left to answer.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._handle()

            do_GET = do_POST = do_PUT = _safe

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def answer(self, *answers: Canned) -> FakeServer:
        self.answers = list(answers)
        self.seen = []
        return self

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
