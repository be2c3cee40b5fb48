"""Pure domain rules: entities, vocabularies, validation, masking, visit frequency.

Nothing in this package performs I/O or imports Qt; everything is unit-testable in isolation.
"""
