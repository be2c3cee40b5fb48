"""Pure domain rules: entities, vocabularies, validation, masking, visit frequency.

Nothing in this package performs I/O or imports Qt; everything is unit-testable in isolation.
The rules shared with gridcenter (ID numbers, phones, grid codes, ids, strict JSON, text
hygiene, value bounds) live in the rulebook package :mod:`gridrules`; this package applies
them to the client's forms and gives their violations the client's error types.
"""
