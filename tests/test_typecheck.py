"""mypy runs in the tests: the project's configuration ([tool.mypy] in pyproject.toml) on the
three packages, and ``mypy --strict`` on the rulebook, the wire protocol and the domain.

A failure shows mypy's own report. Both runs use mypy's cache (``.mypy_cache`` at the project
root), so only the first run on a machine checks everything afresh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"

STRICT_TARGETS = ("-p", "gridrules", "-p", "gridworker.domain", "-m", "gridworker.sync.protocol")
"""What must pass ``--strict`` (the same modules the configuration's strict override names)."""

pytestmark = pytest.mark.slow


def run_mypy(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        import mypy  # noqa: F401
    except ImportError:  # a dev dependency: missing means the environment is incomplete
        pytest.fail("mypy is not installed: install the project's dev dependencies ('.[dev]')")
    env = {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(CONFIG), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", check=False,
    )


def assert_clean(result: subprocess.CompletedProcess[str], what: str) -> None:
    report = (result.stdout + result.stderr).strip()
    # A configuration mypy cannot read (an unknown option) only warns on stderr, and an
    # override naming modules that no longer exist (a pending module split away, a misspelt
    # name) only gets a note; both still exit 0 and count as failures here.
    if (
        result.returncode != 0
        or result.stderr.strip()
        or "unused section" in result.stdout
        or "Success:" not in result.stdout
    ):
        pytest.fail(f"{what} reports problems (exit {result.returncode}):\n{report}")


def test_project_type_checks() -> None:
    """`mypy` as configured: every package, strict where the configuration says so."""
    assert_clean(run_mypy(), "mypy")


def test_rulebook_protocol_and_domain_pass_strict() -> None:
    """The strict override spells mypy's --strict flags out one by one; this run keeps that
    list honest when a newer mypy adds a flag to --strict."""
    # The other overrides name modules outside these targets: not a stale configuration here.
    strict = run_mypy("--strict", "--no-warn-unused-configs", *STRICT_TARGETS)
    assert_clean(strict, "mypy --strict")
