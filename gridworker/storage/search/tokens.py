"""The tokens indexed for a record, and the FTS5 expression of a query (pure).

Names, their suffixes and pinyin; ID and phone numbers as 6-character windows; places as
parts and suffixes. ``head`` tokens are whole values, ``tail`` tokens suffixes (see
docs/search.md, "Prepared tokens").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .pinyin import SURNAME_READINGS, pinyin_of

# Python's \w is str.isalnum() plus "_", so this is "not a letter or digit" in any script.
_NOT_ALNUM = re.compile(r"[\W_]+")
GRAM = 6
"""ID and phone numbers are indexed as windows of this many characters (see number_tokens)."""
_NUMBER = re.compile(r"[0-9]+x?")
# Longer strings (addresses) are not worth every suffix.
_MAX_SUFFIX_SOURCE = 24


def normalize(text: str) -> str:
    """Full-width to ASCII (NFKC), lower case, every non-letter/digit as a space.

    The same rule applies to indexed values and to queries, so both agree on what a token is,
    and no FTS5 syntax character (quotes, ``*``, ``:``, ``-``, parentheses) reaches a query.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    return folded if folded.isalnum() else _NOT_ALNUM.sub(" ", folded)


def parts(value: str | None) -> list[str]:
    """The words of a value, normalized (:func:`normalize`)."""
    if not value:
        return []
    if value.isascii() and value.isalnum():  # most IDs, phones and numbers: NFKC changes nothing
        return [value.lower()]
    return normalize(value).split()


def _suffixes(word: str, min_len: int = 1) -> list[str]:
    """Proper suffixes of ``word`` at least ``min_len`` long (the word itself excluded)."""
    if len(word) > _MAX_SUFFIX_SOURCE:
        word = word[-_MAX_SUFFIX_SOURCE:]
    return [word[i:] for i in range(1, len(word) - min_len + 1)]


def _syllable_variants(name: str) -> list[tuple[str, ...]]:
    """Pinyin syllables of ``name`` once per plausible reading (surname, ü typed as v or u).

    Initials are the first letters of Style.NORMAL syllables (what Style.FIRST_LETTER gives),
    so one pypinyin call serves both.
    """
    syllables = tuple(s for s in ("".join(parts(p)) for p in pinyin_of(name)) if s)
    if not syllables:
        return []
    variants = [syllables]
    surname = SURNAME_READINGS.get(name[0])
    if surname and syllables[0] != surname:
        variants.insert(0, (surname, *syllables[1:]))
    for v in list(variants):
        if any("v" in s for s in v):
            variants.append(tuple(s.replace("v", "u") for s in v))
    return variants


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(head, tail) tokens of a person's name: characters, pinyin full, initials, mixed.

    张三丰 → head 张三丰 zhangsanfeng zsf zhangsf; tail 三丰 丰 sanfeng feng sf f.
    Cached: a village repeats names, and pypinyin is the slowest step of a rebuild.
    """
    joined = "".join(parts(name))
    if not joined:
        return (), ()
    head, tail = [joined], _suffixes(joined)
    for syllables in _syllable_variants(joined):
        initials = "".join(s[0] for s in syllables)
        head += ["".join(syllables), initials]
        if len(syllables) > 1:
            head.append(syllables[0] + initials[1:])
        for i in range(1, len(syllables)):
            tail += ["".join(syllables[i:]), initials[i:]]
    return tuple(head), tuple(tail)


def is_number(word: str) -> bool:
    return _NUMBER.fullmatch(word) is not None


def number_tokens(value: str, min_len: int = 3) -> tuple[list[str], list[str]]:
    """(head, tail) tokens of an ID or phone number: its ``GRAM``-character windows.

    Every suffix of at least ``min_len`` characters, cut to ``GRAM`` characters, so any
    fragment is the prefix of some token (longer fragments are split, see ``_query_tokens``).
    All in ``tail``: see docs/search.md, "Numbers as 6-character windows".
    """
    joined = "".join(parts(value))
    if len(joined) <= min_len:
        return [], [joined] if joined else []
    return [], [joined[i : i + GRAM] for i in range(len(joined) - min_len + 1)]


def place_tokens(value: str, min_len: int = 1) -> tuple[list[str], list[str]]:
    """(head, tail) tokens of a door number, group or address: its parts and their suffixes."""
    head, tail = _place_tokens(value, min_len)
    return list(head), list(tail)


@lru_cache(maxsize=65536)
def _place_tokens(value: str, min_len: int = 1) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`place_tokens`, cached: a village repeats its group names and door numbers, and
    every resident's entry carries its household's."""
    head: list[str] = []
    tail: list[str] = []
    for part in parts(value):
        if len(part) > GRAM and is_number(part):
            h, t = number_tokens(part)
            head += h
            tail += t
        else:
            head.append(part)
            tail += _suffixes(part, min_len)
    return tuple(head), tuple(tail)


def _document(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> tuple[str, str]:
    """Space-joined (head, tail), each token once; a token in ``head`` is not repeated."""
    heads: list[str] = []
    tails: list[str] = []
    for h, t in pairs:
        heads += h
        tails += t
    head = dict.fromkeys(heads)
    tail = dict.fromkeys(tails)
    for token in head:
        tail.pop(token, None)
    return " ".join(head), " ".join(tail)


def tokens_for_resident(
    *,
    name: str,
    former_name: str = "",
    citizen_id: str = "",
    phone: str = "",
    door_number: str = "",
    group_name: str = "",
) -> tuple[str, str]:
    """The (head, tail) token strings indexed for one resident."""
    return _document(
        (
            name_tokens(name),
            name_tokens(former_name) if former_name else ((), ()),
            number_tokens(citizen_id),
            number_tokens(phone),
            _place_tokens(door_number),
            _place_tokens(group_name, 2),
        )
    )


def tokens_for_household(
    *,
    door_number: str = "",
    group_name: str = "",
    address_detail: str = "",
    phone: str = "",
    head_name: str = "",
) -> tuple[str, str]:
    """The (head, tail) token strings indexed for one household."""
    return _document(
        (
            _place_tokens(door_number),
            _place_tokens(group_name, 2),
            _place_tokens(address_detail, 2),
            number_tokens(phone),
            name_tokens(head_name) if head_name else ((), ()),
        )
    )


def query_terms(text: str) -> list[str]:
    """The search terms of what the user typed; empty when there is nothing to look for."""
    return parts(text)


def long_numbers(terms: Sequence[str]) -> list[str]:
    """The terms matched by their windows rather than as prefixes (checked again in ranking)."""
    return [t for t in terms if len(t) > GRAM and is_number(t)]


def _query_tokens(terms: Sequence[str]) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs for the terms: a long number becomes its exact windows.

    The windows of a fragment are necessary, not sufficient (they may sit apart in a value),
    so such terms are checked again against the values (see ``rank``).
    """
    tokens: list[tuple[str, bool]] = []
    for term in terms:
        if len(term) > GRAM and is_number(term):
            starts = dict.fromkeys([*range(0, len(term) - GRAM + 1, GRAM), len(term) - GRAM])
            tokens += [(term[i : i + GRAM], False) for i in starts]
        else:
            tokens.append((term, True))
    return tokens


def match_expression(
    terms: Sequence[str], *, prefix: bool = True, columns: str = "head tail"
) -> str:
    """An FTS5 MATCH string ANDing the terms (as prefixes) within ``columns``.

    Quoting makes AND/OR/NOT/NEAR plain words; doubling quotes is belt and braces, since
    :func:`normalize` already removed them.
    """
    body = " AND ".join(
        '"' + token.replace('"', '""') + '"' + ("*" if prefix and is_prefix else "")
        for token, is_prefix in _query_tokens(terms)
    )
    return f"{{{columns}}} : ({body})"


def key(prefix: str, record_id: str) -> str:
    """One ``ref`` token for a record id (a UUID loses its dashes)."""
    compact = record_id.replace("-", "").lower()
    return prefix + (compact if compact.isalnum() else "".join(parts(record_id)))
