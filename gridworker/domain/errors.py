"""Typed errors raised by domain and service code.

Each error carries a stable ``code`` and the ``params`` its words need (a message is a code,
see :mod:`gridworker.domain.messages`), the ``field`` it concerns where there is one, and
``message``: the Chinese words rendered from the code (for the CLI and logs; the UI renders
the code through the translation catalogue). A violation of a rulebook rule
(:mod:`gridrules`) becomes a :class:`ValidationError` through
:meth:`ValidationError.from_violation`: same code, field and params.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from gridrules import RuleViolation

from .messages import Message, render

T = TypeVar("T")


class GridworkerError(Exception):
    """Base for every error gridworker raises on purpose."""

    code: str = "error"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ):
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = dict(params or {})
        message = message or render(self.code, self.params)
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def what(self) -> Message:
        """What to say, as a code and params (the UI renders it in the user's language)."""
        return Message(self.code, self.params)

    def __str__(self) -> str:
        return self.message


class ValidationError(GridworkerError):
    """Input that breaks a domain rule (bad ID number, phone, grid code, empty summary …)."""

    code = "invalid"

    @classmethod
    def from_violation(
        cls, violation: RuleViolation, *, field: str | None = None
    ) -> ValidationError:
        """This error type for a rulebook violation: its code, params and field (``field``
        when given, for a rule that checked a value without knowing its field)."""
        error = cls.__new__(cls)
        ValidationError.__init__(
            error, code=violation.code, field=field or violation.field, params=violation.params
        )
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
        super().__init__(message)


class PermissionDenied(GridworkerError):
    code = "permission_denied"


class InvalidInput(ValidationError):
    """Several field problems found at once, so a form can mark every bad field together."""

    code = "invalid_input"

    def __init__(self, errors: dict[str, ValidationError]):
        self.errors = errors
        summary = "；".join(e.message for e in errors.values())
        super().__init__(summary)
