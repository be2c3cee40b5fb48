"""Typed errors raised by domain and service code.

Each error carries a stable ``code`` (the UI maps it to a translated sentence), the ``field``
it concerns where there is one, and a default Chinese message a person can act on. A
violation of a rulebook rule (:mod:`gridrules`) becomes a :class:`ValidationError` through
:meth:`ValidationError.from_violation`: same code, field and params, words from
:mod:`gridrules.messages`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from gridrules import RuleViolation
from gridrules.messages import rule_message

T = TypeVar("T")


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
    params: dict[str, Any] = {}  # noqa: RUF012 - read-only default, replaced per instance

    @classmethod
    def from_violation(
        cls, violation: RuleViolation, *, field: str | None = None
    ) -> ValidationError:
        """This error type for a rulebook violation: its code, params and field (``field``
        when given, for a rule that checked a value without knowing its field)."""
        error = cls.__new__(cls)
        ValidationError.__init__(
            error, rule_message(violation), code=violation.code,
            field=field or violation.field,
        )
        error.params = dict(violation.params)
        return error


def checked(rule: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``rule(*args, **kwargs)``, with a :class:`gridrules.RuleViolation` raised as the
    equivalent :class:`ValidationError`."""
    try:
        return rule(*args, **kwargs)
    except RuleViolation as violation:
        raise ValidationError.from_violation(violation) from None


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
