"""The one error type of the rulebook: a violated rule, as a code with parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["RuleViolation"]


class RuleViolation(ValueError):
    """A value that breaks a rule.

    ``code`` is stable (clients, the centre and tests match on it; translations key on it),
    ``field`` names the field when the caller said which one, ``params`` carries what a
    message needs (a length, a limit, the expected check character). Neither the code nor the
    params ever repeat the value itself: they end up in logs and on screens, and the value may
    be personal data (an ID number, a phone).
    """

    def __init__(
        self, code: str, *, field: str | None = None, params: Mapping[str, Any] | None = None
    ) -> None:
        self.code = code
        self.field = field
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(code)

    def at(self, field: str | None) -> RuleViolation:
        """The same violation, naming ``field`` (when the rule did not know the field)."""
        return RuleViolation(self.code, field=field, params=self.params)

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        extra = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"{where}{self.code}" + (f" ({extra})" if extra else "")

    def __repr__(self) -> str:
        return f"RuleViolation({self.code!r}, field={self.field!r}, params={self.params!r})"
