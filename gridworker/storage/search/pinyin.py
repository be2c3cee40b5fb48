"""Reading a name in pinyin: pypinyin, loaded on first use, a character at a time when that
gives the same answer (see docs/search.md, "Pinyin")."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

# Single-character surnames whose reading as a surname differs from pypinyin's default
# (pypinyin has no surname mode). Both readings are indexed: a worker may type either.
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao",
    "查": "zha", "翟": "zhai", "盖": "ge", "缪": "miao", "覃": "qin", "召": "shao",
    "秘": "bi", "乐": "yue", "尉": "yu", "种": "chong", "繁": "po", "员": "yun", "黑": "he",
    "朝": "chao", "重": "chong", "长": "chang", "折": "she", "隗": "wei", "卜": "bu",
    "洗": "xian", "冼": "xian", "宿": "su", "燕": "yan", "华": "hua", "任": "ren",
    "沈": "shen", "曲": "qu", "纪": "ji", "柏": "bai", "薄": "bo", "句": "gou", "阚": "kan",
}  # fmt: skip


@lru_cache(maxsize=1)
def _pypinyin() -> tuple[Callable[[str], list[str]], Any]:
    """(``lazy_pinyin``, the set of phrase prefixes its segmenter matches, or None).

    Imported on first use, not at module level: only writes (indexing) need it."""
    from pypinyin import lazy_pinyin

    try:
        from pypinyin.seg.mmseg import seg

        prefixes: Any = seg._prefix_set  # internal: checked below, else the slow path
        if "中国" not in prefixes:
            prefixes = None
    except (ImportError, AttributeError):  # another pypinyin layout: always ask it whole
        prefixes = None
    return lazy_pinyin, prefixes


@lru_cache(maxsize=8192)
def _char_pinyin(char: str) -> tuple[str, ...]:
    return tuple(_pypinyin()[0](char))


def pinyin_of(name: str) -> list[str]:
    """``lazy_pinyin(name)``, a character at a time when no two neighbouring characters begin
    a phrase pypinyin knows (most names); anything else goes to pypinyin whole."""
    lazy_pinyin, prefixes = _pypinyin()
    if prefixes is not None and all("\u4e00" <= c <= "\u9fff" for c in name) and not any(
        name[i : i + 2] in prefixes for i in range(len(name) - 1)
    ):
        return [s for c in name for s in _char_pinyin(c)]
    return lazy_pinyin(name)
