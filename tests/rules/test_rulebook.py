"""The rulebook as a whole: pure (nothing but the standard library is loaded with it), and
every code its rules raise has words of its own in the default messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import gridrules
from gridrules import RuleViolation
from gridrules.messages import rule_message

ROOT = Path(gridrules.__file__).parent
MODULES = sorted(p.stem for p in ROOT.glob("*.py") if p.stem != "__init__")


def test_importing_the_rulebook_loads_nothing_outside_the_standard_library() -> None:
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        + "".join(f"import gridrules.{m}\n" for m in MODULES)
        + "print(' '.join(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    loaded = set(subprocess.run([sys.executable, "-S", "-c", code], capture_output=True,
                                text=True, check=True, cwd=ROOT.parent).stdout.split())
    assert "gridrules" in loaded
    outside = loaded - set(sys.stdlib_module_names) - {"gridrules"}
    assert not outside, outside


CODES = [
    "id_empty", "id_chars", "id_length", "id_birth_date", "id_future_birth", "id_check",
    "phone_empty", "phone_invalid", "grid_code_invalid", "uuid_invalid",
    "text_type", "text_too_long", "text_nul", "text_control_char", "text_surrogate",
    "number_type", "number_not_finite", "number_out_of_range", "coordinate_invalid",
    "date_type", "date_invalid", "date_out_of_range",
    "timestamp_type", "timestamp_invalid", "timestamp_naive", "timestamp_out_of_range",
    "timestamp_in_future",
    "json_non_finite", "json_too_deep", "json_too_large", "json_type",
]
"""Every code the rules raise (each rule's docstring lists its own)."""


def test_every_code_is_raised_somewhere_and_has_words_of_its_own() -> None:
    sources = "".join((ROOT / f"{m}.py").read_text(encoding="utf-8") for m in MODULES
                      if m != "messages")
    for code in CODES:
        assert f'"{code}"' in sources, code
        assert not rule_message(RuleViolation(code)).startswith("数据不符合要求"), code


@pytest.mark.parametrize(("code", "params", "words"), [
    ("id_check", {"expected": "X", "actual": "1"}, "最后一位应为 X，实际为 1"),
    ("id_birth_date", {"reason": "day", "month": 2, "day": 30}, "2月没有30日"),
    ("phone_invalid", {"reason": "mobile_length", "length": 5}, "当前为5位"),
    ("grid_code_invalid", {"reason": "length", "length": 14}, "当前为14位"),
    ("coordinate_invalid", {"min": -90.0, "max": 90.0}, "（-90.0 至 90.0）"),
    ("text_control_char", {"char": "U+0007", "position": 1}, "U+0007"),
    ("text_too_long", {"max": 50, "length": 51}, "最多 50 字"),
    ("date_out_of_range", {"min": "1900-01-01", "max": "2100-12-31"}, "1900-01-01 至 2100"),
    ("a_code_from_later", {}, "数据不符合要求（a_code_from_later）"),
])
def test_messages_are_made_from_code_and_params(code, params, words) -> None:
    assert words in rule_message(RuleViolation(code, params=params))


def test_a_violation_names_code_field_and_params_but_no_value() -> None:
    found = RuleViolation("text_nul", field="note", params={"position": 3})
    assert str(found) == "note: text_nul (position=3)"
    assert found.at("summary").field == "summary" and found.at("summary").code == "text_nul"
    assert isinstance(found, ValueError)
