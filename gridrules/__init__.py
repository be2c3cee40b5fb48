"""The rulebook: the one implementation of every domain rule, shared by gridworker and gridcenter.

Pure Python (standard library only): no I/O libraries, no Qt, nothing from gridworker or
gridcenter (import-linter contracts in pyproject.toml hold it to that). Each rule raises
:class:`RuleViolation` with a stable machine ``code``, the ``field`` it concerns and
``params``; the words a person reads are made from the code by whoever shows them (the
client's domain renders its Chinese messages, the centre its own).

Modules: :mod:`.citizen_id` (GB 11643), :mod:`.phone`, :mod:`.grid_code`, :mod:`.ids`
(UUID, UUIDv7), :mod:`.jsontext` (strict JSON), :mod:`.text` (text hygiene) and
:mod:`.bounds` (the protocol's value bounds, documented in docs/sync-protocol.md), and
:mod:`.resources`, which finds the data files in ``resources/`` for both packages.
"""

from __future__ import annotations

from .errors import RuleViolation

__all__ = ["RuleViolation"]
