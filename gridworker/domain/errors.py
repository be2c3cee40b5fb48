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


class PermissionDenied(GridworkerError):
    code = "permission_denied"


class InvalidInput(ValidationError):
    """Several field problems found at once, so a form can mark every bad field together."""

    code = "invalid_input"

    def __init__(self, errors: dict[str, ValidationError]):
        self.errors = errors
        summary = "；".join(e.message for e in errors.values())
        super().__init__(summary)
