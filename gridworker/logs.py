"""The support log: one rotating file per workspace, personal data masked before it is written.

    path = logs.setup(data_dir)      # once at start-up (the GUI in app.py, the CLI in cli.py)
    log = logging.getLogger(__name__)  # everywhere else: plain stdlib logging

What goes in: start-up, schema migrations, sync outcomes and failures, and every exception no
one caught (the UI thread, Python threads, the TaskRunner's workers). Where it goes:
:func:`gridworker.storage.paths.resolve_log_dir`, ``gridworker.log`` plus a few rotated
copies of at most a few MB each, so it never grows without bound.

Never log personal data: log ids, counts and codes, not names, ID numbers or phones. As a net
under that rule, :class:`PersonalDataFilter` masks what can be recognised in any record
(message, arguments, traceback): ID numbers (18 and 15 digits), mobile and landline numbers,
bearer/JWT/refresh tokens and passwords (``password=…``, ``"refresh_token": "…"``,
``Authorization: …``, ``https://user:secret@host``), and names where a key says it is one
(``name=…``, ``"head_name": "…"``, ``姓名：…``) or in quotes (“王小明”, two to four Chinese
characters). A bare Chinese name in running text cannot be told from other words, so it is
not masked: that is why log calls must not pass names.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import re
import sys
import threading
from pathlib import Path
from types import TracebackType

from . import __version__
from .domain.masking import mask_citizen_id, mask_name, mask_phone
from .storage.paths import LOG_FILE_NAME, resolve_log_dir

MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 4  # gridworker.log + .1 … .4: at most 10 MB
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
HIDDEN = "***"

log = logging.getLogger("gridworker")

# Digits and ASCII letters bound a number: a photo's hex digest or a UUID is not a phone.
_NOT_AFTER = r"(?<![0-9A-Za-z])"
_NOT_BEFORE = r"(?![0-9A-Za-z])"
_ID_NUMBER = re.compile(rf"{_NOT_AFTER}(?:\d{{17}}[\dXx]|\d{{15}}){_NOT_BEFORE}")
_MOBILE = re.compile(rf"{_NOT_AFTER}(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{{4}}){{2}}{_NOT_BEFORE}")
# Not after "-" either: the last group of a UUID can be 12 digits starting with 0.
_LANDLINE = re.compile(rf"(?<![0-9A-Za-z-])\(?0\d{{2,3}}\)?[ -]?\d{{7,8}}{_NOT_BEFORE}")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+@")
_SECRET_KEYS = (
    r"access_token|refresh_token|id_token|token|password|passwd|pwd|secret|api_key"
    r"|authorization|cookie|密码|口令|令牌"
)
_SECRET = re.compile(
    rf"""(?i)((?<![A-Za-z_])(?:{_SECRET_KEYS})["']?\s*[:=：]\s*)(["']?)([^"'\s,;&}}\]]+)"""
)
_NAME_KEYS = r"name|display_name|head_name|former_name|姓名|户主|曾用名|联系人"
_NAME = re.compile(
    rf"""((?<![A-Za-z_])(?:{_NAME_KEYS})["']?\s*[:=：]\s*)(["']?)([^"'\s,，;；、&}})）\]]+)"""
)
_QUOTED_NAME = re.compile(r"([“\"'‘「])([\u3400-\u9fff·]{2,4})([”\"'’」])")


def mask_text(text: str) -> str:
    """``text`` with every ID number, phone, token, password and labelled name masked.

    Pure, and safe on any text: what it cannot recognise it leaves alone.
    """
    text = _ID_NUMBER.sub(lambda m: mask_citizen_id(m.group()), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group()), text)
    text = _LANDLINE.sub(lambda m: mask_phone(m.group()), text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {HIDDEN}", text)
    text = _JWT.sub(HIDDEN, text)
    text = _URL_PASSWORD.sub(lambda m: f"{m.group(1)}{HIDDEN}@", text)
    text = _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{HIDDEN}", text)
    text = _NAME.sub(lambda m: f"{m.group(1)}{m.group(2)}{mask_name(m.group(3))}", text)
    return _QUOTED_NAME.sub(lambda m: f"{m.group(1)}{mask_name(m.group(2))}{m.group(3)}", text)


_EXCEPTION_FORMATTER = logging.Formatter()


class PersonalDataFilter(logging.Filter):
    """Masks a record in place (message with its arguments, traceback, stack) before any
    handler formats it, so no handler downstream sees the raw values either."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = mask_text(message), None
        if record.exc_info:
            record.exc_text = _EXCEPTION_FORMATTER.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


# -- set-up ------------------------------------------------------------------------------
_handler: logging.Handler | None = None


def log_file() -> Path | None:
    """The file the log is written to; None before :func:`setup`."""
    if isinstance(_handler, logging.FileHandler):
        return Path(_handler.baseFilename)
    return None


def setup(data_dir: str | os.PathLike[str] | None = None, *, program: str = "gui") -> Path | None:
    """Start writing the support log for the workspace at ``data_dir``; returns its path.

    Idempotent: a second call (another workspace in the same process, as tests do) moves the
    log. If the folder cannot be written the app still runs, without a log (None).
    """
    global _handler
    path = resolve_log_dir(data_dir) / LOG_FILE_NAME
    if log_file() == path:
        return path
    teardown()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        print(f"gridworker: no support log ({exc})", file=sys.stderr)
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PersonalDataFilter())
    logging.getLogger().addHandler(handler)
    for name in ("gridworker", "alembic.runtime.migration"):  # the migrations it runs
        if logging.getLogger(name).level == logging.NOTSET:
            logging.getLogger(name).setLevel(logging.INFO)
    _handler = handler
    install_exception_hooks()
    log.info(
        "gridworker %s (%s) started: Python %s on %s",
        __version__, program, platform.python_version(), platform.platform(terse=True),
    )  # fmt: skip
    return path


def teardown() -> None:
    """Stop writing the log (tests; a second :func:`setup`)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def log_exception(
    where: str,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> None:
    logging.getLogger("gridworker.crash").error(
        "uncaught exception in %s", where, exc_info=(exc_type, exc, tb)
    )


def install_exception_hooks() -> None:
    """Log what reaches ``sys.excepthook`` / ``threading.excepthook``, then hand it on to the
    hook that was there (the GUI installs its message box on top of these, and chains).
    Installs each only once, however often it is called."""
    previous, previous_thread = sys.excepthook, threading.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if _handler is not None and not issubclass(exc_type, KeyboardInterrupt):
            log_exception("the main thread", exc_type, exc, tb)
        previous(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if _handler is not None and args.exc_value is not None:
            name = args.thread.name if args.thread is not None else "a thread"
            log_exception(f"thread {name}", args.exc_type, args.exc_value, args.exc_traceback)
        previous_thread(args)

    hook.logs = thread_hook.logs = True  # type: ignore[attr-defined]
    if not _logs_in_chain(previous):
        sys.excepthook = hook
    if not _logs_in_chain(previous_thread):
        threading.excepthook = thread_hook


def _logs_in_chain(hook: object) -> bool:
    """Whether ``hook`` is ours, or a hook that hands on to ours (the GUI's message box)."""
    seen = 0
    while hook is not None and seen < 10:
        if getattr(hook, "logs", False):
            return True
        hook, seen = getattr(hook, "previous", None), seen + 1
    return False
