"""Typed errors raised by domain and service code.

Each error carries a stable ``code`` (the UI maps it to a translated sentence), the ``field``
it concerns where there is one, and a default Chinese message a person can act on.
"""

from __future__ import annotations


class GridworkerError(Exception):
    """Base for every error gridworker raises on purpose."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(GridworkerError):
    """Input that breaks a domain rule (bad ID number, phone, grid code, empty summary …)."""

    code = "invalid"


class NotFoundError(GridworkerError):
    code = "not_found"


class DiskFull(GridworkerError):
    """The disk (or the database's size limit) is full: the write was rolled back whole, so
    everything saved before it is intact; nothing can be saved until space is freed."""

    code = "disk_full"

    def __init__(self, message: str = ""):
        super().__init__(
            message
            or "磁盘空间不足，本次修改未能保存（之前保存的数据不受影响）。请清理磁盘后重试。"
        )


class PermissionDenied(GridworkerError):
    code = "permission_denied"


class InvalidInput(ValidationError):
    """Several field problems found at once, so a form can mark every bad field together."""

    code = "invalid_input"

    def __init__(self, errors: dict[str, ValidationError]):
        self.errors = errors
        summary = "；".join(e.message for e in errors.values())
        super().__init__(summary)
