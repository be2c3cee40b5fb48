"""Reading vocabulary codes that came from elsewhere (the centre, an older or newer client).

A code this client's vocabulary does not know (a newer centre may add one) or a blank one
(written by an import that had no value for the field) must never stop a household from
opening: :func:`read_code` gives the vocabulary member when the code is known, otherwise an
:class:`UnknownCode`, a ``str`` that also answers ``.value`` and ``.label`` with the code
itself, so it is shown as the code (or as nothing, for a blank one) and written back
unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from .vocab import Vocabulary

__all__ = ["NOT_RECORDED", "UnknownCode", "read_code", "read_codes"]

V = TypeVar("V", bound=Vocabulary)


class UnknownCode(str):
    """A code outside the client's vocabulary, kept as it came."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)

    @property
    def label(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"UnknownCode({str(self)!r})"


NOT_RECORDED = UnknownCode("")
"""The blank code of an optional vocabulary field nobody filled in (shown as 未填写)."""


def read_code(kind: type[V], raw: object) -> V | UnknownCode:
    """The member of ``kind`` whose code is ``raw``, else ``raw`` as an :class:`UnknownCode`
    (``None`` reads as a blank code)."""
    member = kind._value2member_map_.get(raw)
    if isinstance(member, kind):
        return member
    return UnknownCode("" if raw is None else str(raw))


def read_codes(kind: type[V], raw: Iterable[object] | None) -> frozenset[V | UnknownCode]:
    """:func:`read_code` for each code of a set-valued field (``None``: empty)."""
    return frozenset(read_code(kind, code) for code in raw or ())
