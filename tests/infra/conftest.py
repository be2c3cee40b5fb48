"""Fixtures of the test-support helpers, made available to the tests of those helpers."""

from support.postgres import postgres_server, postgres_url  # noqa: F401
