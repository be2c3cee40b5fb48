"""The index reads a name a character at a time only when pypinyin would do the same."""

from __future__ import annotations

import contextlib
import random

import pytest
from pypinyin import lazy_pinyin

from gridworker.storage.search.pinyin import SURNAME_READINGS, pinyin_of


def _gb2312_level1() -> list[str]:
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes([hi, lo]).decode("gb2312"))
    return chars


@pytest.mark.parametrize(
    "name",
    ["张三丰", "单田芳", "曾国藩", "重庆人", "长江", "朝阳", "解放", "王小明", "欧阳娜娜",
     "阿依古丽·买买提", "李1", "zhang三", "张", "", "𠀀李"],
)  # fmt: skip
def test_reading_matches_pypinyin(name: str) -> None:
    assert pinyin_of(name) == lazy_pinyin(name)


def test_reading_matches_pypinyin_on_random_names() -> None:
    rnd = random.Random(20261121)
    chars = _gb2312_level1() + list(SURNAME_READINGS)
    for _ in range(20_000):
        name = "".join(rnd.choice(chars) for _ in range(rnd.choice((2, 3, 3, 4))))
        assert pinyin_of(name) == lazy_pinyin(name), name
