"""Instant search over a grid's roster: an FTS5 index of prepared tokens.

Why prepared tokens: SQLite's ``unicode61`` tokenizer cannot segment Chinese, and a worker types
fragments (the last four digits of an ID, "zsf" for 张三丰, a door number). So for every record we
write the strings a query should find *by prefix*: names and their suffixes, pinyin (full,
initials, surname-full + given-initials) on syllable boundaries, 6-character windows of ID and
phone numbers, door number, group and address. A query term ``t`` becomes the FTS5 prefix query
``"t"*`` and terms are ANDed, so every lookup is an index seek instead of a ``LIKE '%t%'`` scan.

Columns of ``search_index`` (migration 0001): ``head`` holds whole values and ``tail`` their
suffixes, so a column filter tells "starts with" from "contains". ``ref`` holds the keys
``r<record id>`` and ``h<household id>``, so replacing an entry is an index seek rather than a
scan of the UNINDEXED ``ref_id`` (35 ms at 50,000 residents), while rowids stay small and
sequential, which keeps FTS5's delta-encoded doclists compact (hashed rowids cost +40 %).

Display values are not copied into the index: hits are joined to the tables, so a hit never
shows a stale phone number or status.

A large sync (the first one: ~100,000 rows) writes its rows without index upkeep and rebuilds
the index once afterwards: a row ``search.index_stale`` in ``settings``, written in the
transaction of the first such page and deleted in the transaction of :func:`rebuild`, says
the index may lack rows. While it is there :func:`search` does not trust the index and scans
the tables instead (:func:`scan`; slower, and pinyin is not matched): see
:func:`index_ready`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from .models import HouseholdRow, ResidentRow

RESIDENT = "resident"
HOUSEHOLD = "household"
STALE_KEY = "search.index_stale"
"""Settings key present while the index may lack rows (a large sync wrote them without it)."""

# Candidates fetched per tier for each requested hit: household entries that a resident hit
# makes redundant are dropped from them, so keep a margin.
_CANDIDATES_PER_HIT = 2
_MIN_CANDIDATES = 60
# Python's \w is str.isalnum() plus "_", so this is "not a letter or digit" in any script.
_NOT_ALNUM = re.compile(r"[\W_]+")
# ID and phone numbers are indexed as windows of this many characters (see number_tokens).
_GRAM = 6
_NUMBER = re.compile(r"[0-9]+x?")
# Longer strings (addresses) are not worth every suffix.
_MAX_SUFFIX_SOURCE = 24

# Single-character surnames whose reading as a surname differs from pypinyin's default
# (pypinyin has no surname mode). Both readings are indexed: a worker may type either.
_SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao",
    "查": "zha", "翟": "zhai", "盖": "ge", "缪": "miao", "覃": "qin", "召": "shao",
    "秘": "bi", "乐": "yue", "尉": "yu", "种": "chong", "繁": "po", "员": "yun", "黑": "he",
    "朝": "chao", "重": "chong", "长": "chang", "折": "she", "隗": "wei", "卜": "bu",
    "洗": "xian", "冼": "xian", "宿": "su", "燕": "yan", "华": "hua", "任": "ren",
    "沈": "shen", "曲": "qu", "纪": "ji", "柏": "bai", "薄": "bo", "句": "gou", "阚": "kan",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result, with raw values: masking for display is the caller's job."""

    kind: str  # "resident" | "household"
    household_id: str
    resident_id: str | None
    name: str
    citizen_id: str
    phone: str
    door_number: str
    group_name: str
    resident_status: str | None


# --------------------------------------------------------------------------- tokens (pure)


def normalize(text: str) -> str:
    """Full-width to ASCII (NFKC), lower case, every non-letter/digit as a space.

    The same rule applies to indexed values and to queries, so both agree on what a token is,
    and no FTS5 syntax character (quotes, ``*``, ``:``, ``-``, parentheses) reaches a query.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    return folded if folded.isalnum() else _NOT_ALNUM.sub(" ", folded)


def _parts(value: str | None) -> list[str]:
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
    syllables = tuple(s for s in ("".join(_parts(p)) for p in _pinyin(name)) if s)
    if not syllables:
        return []
    variants = [syllables]
    surname = _SURNAME_READINGS.get(name[0])
    if surname and syllables[0] != surname:
        variants.insert(0, (surname, *syllables[1:]))
    for v in list(variants):
        if any("v" in s for s in v):
            variants.append(tuple(s.replace("v", "u") for s in v))
    return variants


@lru_cache(maxsize=1)
def _pypinyin() -> tuple[Callable[[str], list[str]], Any]:
    """(``lazy_pinyin``, the set of phrase prefixes its segmenter matches, or None).

    Imported on first use, not at module level: its phrase dictionary costs ~0.2 s to load,
    and only writes (indexing) need it, never start-up or a search."""
    from pypinyin import lazy_pinyin

    try:
        from pypinyin.seg.mmseg import seg

        prefixes = seg._prefix_set  # internal: checked below, else the slow path
        if "中国" not in prefixes:
            prefixes = None
    except (ImportError, AttributeError):  # another pypinyin layout: always ask it whole
        prefixes = None
    return lazy_pinyin, prefixes


@lru_cache(maxsize=8192)
def _char_pinyin(char: str) -> tuple[str, ...]:
    return tuple(_pypinyin()[0](char))


def _pinyin(name: str) -> list[str]:
    """``lazy_pinyin(name)``, a character at a time when that gives the same answer.

    pypinyin reads a run of Han characters by its phrase dictionary (forward maximum
    matching) and each character alone otherwise. When no two neighbouring characters begin
    a known phrase, every character is read alone, so its cached reading is the answer:
    most names are such (a 100,000-row village: ~12,000 distinct names, a rebuild's slowest
    step). Anything else (a phrase inside, other scripts, digits) goes to pypinyin whole."""
    lazy_pinyin, prefixes = _pypinyin()
    if prefixes is not None and all("\u4e00" <= c <= "\u9fff" for c in name) and not any(
        name[i : i + 2] in prefixes for i in range(len(name) - 1)
    ):
        return [s for c in name for s in _char_pinyin(c)]
    return lazy_pinyin(name)


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(head, tail) tokens of a person's name: characters, pinyin full, initials, mixed.

    张三丰 → head 张三丰 zhangsanfeng zsf zhangsf; tail 三丰 丰 sanfeng feng sf f.
    Cached: a village repeats names, and pypinyin is the slowest step of a rebuild.
    """
    joined = "".join(_parts(name))
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


def _is_number(word: str) -> bool:
    return _NUMBER.fullmatch(word) is not None


def number_tokens(value: str, min_len: int = 3) -> tuple[list[str], list[str]]:
    """(head, tail) tokens of an ID or phone number: its ``_GRAM``-character windows.

    Every suffix of at least ``min_len`` characters, cut to ``_GRAM`` characters, so any
    fragment is the prefix of some token (longer fragments are split, see ``_query_tokens``).
    Cutting matters: with whole suffixes, "1101" is the prefix of all 50,000 IDs of a county
    and FTS5 merges 50,000 doclists (~180 ms); with 6-digit windows it merges at most 100.
    """
    joined = "".join(_parts(value))
    if len(joined) <= min_len:
        return [], [joined] if joined else []
    # All in ``tail``: a county's IDs share their first six digits, so a head window would
    # make every resident an "exact" match for them. ``_rank`` ranks numbers that start or
    # end with the query itself.
    return [], [joined[i : i + _GRAM] for i in range(len(joined) - min_len + 1)]


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
    for part in _parts(value):
        if len(part) > _GRAM and _is_number(part):
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
    return _parts(text)


def _query_tokens(terms: Sequence[str]) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs for the terms: a long number becomes its exact windows.

    The windows of a fragment are necessary, not sufficient (they may sit apart in a value),
    so such terms are checked again against the values (see ``_rank``).
    """
    tokens: list[tuple[str, bool]] = []
    for term in terms:
        if len(term) > _GRAM and _is_number(term):
            starts = dict.fromkeys([*range(0, len(term) - _GRAM + 1, _GRAM), len(term) - _GRAM])
            tokens += [(term[i : i + _GRAM], False) for i in starts]
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


def _key(prefix: str, record_id: str) -> str:
    """One ``ref`` token for a record id (a UUID loses its dashes)."""
    compact = record_id.replace("-", "").lower()
    return prefix + (compact if compact.isalnum() else "".join(_parts(record_id)))


# --------------------------------------------------------------------------- index upkeep


def _dbapi(session: Session) -> Any:
    """The sqlite3 connection under the session, inside the session's transaction.

    Used for executemany and on the hot search path, where SQLAlchemy's per-row overhead
    would be a measurable share of the 20 ms budget.
    """
    return session.connection().connection.driver_connection


_INSERT = (
    "INSERT INTO search_index(head, tail, ref, kind, ref_id, household_id) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
Entry = tuple[str, str, str, str, str, str]


def _delete_keys(cur: Any, keys: Iterable[str]) -> None:
    """Delete the entries carrying any of ``keys`` in their ``ref`` column."""
    rowids: set[int] = set()
    for key in keys:
        found = cur.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?", (f'{{ref}} : "{key}"',)
        )
        rowids.update(r[0] for r in found)
    cur.executemany("DELETE FROM search_index WHERE rowid = ?", [(r,) for r in sorted(rowids)])


def _resident_entry(
    resident: ResidentRow | _Resident, household: HouseholdRow | _Household
) -> Entry:
    head, tail = tokens_for_resident(
        name=resident.name or "",
        former_name=resident.former_name or "",
        citizen_id=resident.citizen_id or "",
        phone=resident.phone or "",
        door_number=household.door_number or "",
        group_name=household.group_name or "",
    )
    ref = f"{_key('r', resident.id)} {_key('h', household.id)}"
    return head, tail, ref, RESIDENT, resident.id, household.id


def _household_entry(household: HouseholdRow | _Household, head_name: str) -> Entry:
    head, tail = tokens_for_household(
        door_number=household.door_number or "",
        group_name=household.group_name or "",
        address_detail=household.address_detail or "",
        phone=household.phone or "",
        head_name=head_name,
    )
    ref = f"{_key('r', household.id)} {_key('h', household.id)}"
    return head, tail, ref, HOUSEHOLD, household.id, household.id


def index_resident(session: Session, resident: ResidentRow, household: HouseholdRow) -> None:
    """Write (or replace) one resident's entry; call in the transaction that changed it."""
    cur = _dbapi(session).cursor()
    _delete_keys(cur, [_key("r", resident.id)])
    cur.execute(_INSERT, _resident_entry(resident, household))


def index_household(session: Session, household: HouseholdRow, head_name: str = "") -> None:
    """Write (or replace) the household's own entry, so a household with no residents is found."""
    cur = _dbapi(session).cursor()
    _delete_keys(cur, [_key("r", household.id)])
    cur.execute(_INSERT, _household_entry(household, head_name))


@dataclass(slots=True)
class _Household:
    id: str
    door_number: str
    group_name: str
    address_detail: str
    phone: str


@dataclass(slots=True)
class _Resident:
    id: str
    household_id: str
    name: str
    former_name: str
    citizen_id: str
    phone: str


_HOUSEHOLDS_SQL = (
    "SELECT h.id, h.door_number, h.group_name, h.address_detail, h.phone, hr.name "
    "FROM households h LEFT JOIN residents hr ON hr.id = h.head_resident_id"
)
_RESIDENTS_SQL = "SELECT id, household_id, name, former_name, citizen_id, phone FROM residents"


def reindex_household(session: Session, household_id: str) -> None:
    """Re-tokenize a household and all its residents (door number or group changed)."""
    session.flush()
    cur = _dbapi(session).cursor()
    row = cur.execute(f"{_HOUSEHOLDS_SQL} WHERE h.id = ?", (household_id,)).fetchone()
    # Every entry filed under the household goes, including those of residents who left it
    # without being re-indexed; the ones still there are written afresh.
    _delete_keys(cur, [_key("h", household_id), _key("r", household_id)])
    if row is None:
        return
    household = _Household(*row[:-1])
    entries = [_household_entry(household, row[-1] or "")]
    for r in cur.execute(f"{_RESIDENTS_SQL} WHERE household_id = ?", (household_id,)).fetchall():
        entries.append(_resident_entry(_Resident(*r), household))
    cur.executemany(_INSERT, entries)


def _json_ids(ids: Iterable[str]) -> str:
    return json.dumps(sorted(ids))


def update_entries(
    session: Session,
    *,
    households: Iterable[str] = (),
    residents: Iterable[str] = (),
    fresh: set[str] | frozenset[str] = frozenset(),
) -> int:
    """Bring the entries of many rows in step after a bulk write (a sync page), in bulk.

    ``households``: re-index each with all its residents (door number, group or head may have
    changed). ``residents``: re-index just them (their household's head entry too when they
    head it). ``fresh``: ids known to have no entry yet (rows this transaction inserted), whose
    old entries need no lookup: a first sync of 100,000 rows only appends. Returns the number
    of entries written.
    """
    session.flush()
    cur = _dbapi(session).cursor()
    household_ids = set(households)
    resident_ids = set(residents)
    headed: set[str] = set()
    if resident_ids:
        # A resident who heads a household not being re-indexed: the household's own entry
        # shows the head's name, so that one entry is rewritten too.
        heads = cur.execute(
            "SELECT id FROM households WHERE head_resident_id IN "
            "(SELECT value FROM json_each(?))",
            (_json_ids(resident_ids),),
        ).fetchall()
        headed = {h for (h,) in heads} - household_ids
    members: dict[str, list[_Resident]] = {}
    if household_ids:
        for row in cur.execute(
            f"{_RESIDENTS_SQL} WHERE household_id IN (SELECT value FROM json_each(?))",
            (_json_ids(household_ids),),
        ).fetchall():
            members.setdefault(row[1], []).append(_Resident(*row))
    households_found: list[tuple[_Household, str, bool]] = []
    if household_ids or headed:
        for row in cur.execute(
            f"{_HOUSEHOLDS_SQL} WHERE h.id IN (SELECT value FROM json_each(?))",
            (_json_ids(household_ids | headed),),
        ).fetchall():
            households_found.append((_Household(*row[:-1]), row[-1] or "", row[0] in headed))
    alone = resident_ids - {r.id for rs in members.values() for r in rs}
    rows = []
    if alone:
        rows = cur.execute(
            f"{_RESIDENTS_SQL} WHERE id IN (SELECT value FROM json_each(?))",
            (_json_ids(alone),),
        ).fetchall()
    # Old entries (fresh rows have none): everything filed under a re-indexed household (its
    # own entry and its residents', all carrying its h-key); the own entry (r-key) of a
    # household whose head changed; each changed resident's own entry, wherever it was filed
    # (it may have moved from another household).
    stale = [_key("h", h) for h in household_ids if h not in fresh]
    stale += [_key("r", h) for h in headed if h not in fresh]
    stale += [_key("r", r) for r in resident_ids if r not in fresh]
    if stale:
        _delete_keys(cur, stale)
    entries: list[Entry] = []
    by_household: dict[str, _Household] = {}
    for household, head_name, own_entry_only in households_found:
        by_household[household.id] = household
        entries.append(_household_entry(household, head_name))
        if not own_entry_only:
            entries += [_resident_entry(r, household) for r in members.get(household.id, ())]
    need = {row[1] for row in rows if row[1] not in by_household}
    if need:
        for row in cur.execute(
            f"{_HOUSEHOLDS_SQL} WHERE h.id IN (SELECT value FROM json_each(?))",
            (_json_ids(need),),
        ).fetchall():
            by_household[row[0]] = _Household(*row[:-1])
    for row in rows:
        household = by_household.get(row[1])
        if household is not None:
            entries.append(_resident_entry(_Resident(*row), household))
    if entries:
        cur.executemany(_INSERT, entries)
    return len(entries)


def remove_entries(
    session: Session, *, households: Iterable[str] = (), residents: Iterable[str] = ()
) -> None:
    """Delete the entries of removed rows (a household's covers its residents' too)."""
    keys = [_key("h", h) for h in households] + [_key("r", h) for h in households]
    keys += [_key("r", r) for r in residents]
    if keys:
        _delete_keys(_dbapi(session).cursor(), keys)


_SET_HASHSIZE = "INSERT INTO search_index(search_index, rank) VALUES ('hashsize', ?)"
_BULK_HASHSIZE = 64 * 1024 * 1024
_DEFAULT_HASHSIZE = 1024 * 1024
"""FTS5's own default for 'hashsize'."""

# How many entries are tokenized between two ``progress`` calls of ``rebuild``.
_PROGRESS_EVERY = 2000


# Entries already built, by the row values they were built from: (household entries keyed by
# the household row, resident entries keyed by (resident row, household row)).
_Built = tuple[dict[tuple[Any, ...], Entry], dict[tuple[Any, ...], Entry]]


def _build_entries(
    cur: Any, built: _Built, progress: Callable[[int, int], None] | None
) -> list[Entry]:
    """Every entry, from the tables as ``cur`` sees them, reusing those in ``built``."""
    by_household, by_resident = built
    members: dict[str, list[tuple[Any, ...]]] = {}
    residents = cur.execute(_RESIDENTS_SQL).fetchall()
    for row in residents:
        members.setdefault(row[1], []).append(row)
    households = cur.execute(_HOUSEHOLDS_SQL).fetchall()
    total = len(households) + len(residents)
    if progress is not None:
        progress(0, total)
    # Each household is followed by its residents: queries stop after n rows in rowid order,
    # and a household arriving with its residents is what lets ``_rank`` drop its entry.
    entries: list[Entry] = []
    reported = 0
    for row in households:
        household = _Household(*row[:-1])
        entry = by_household.get(row)
        if entry is None:
            entry = by_household[row] = _household_entry(household, row[-1] or "")
        entries.append(entry)
        place = row[:-1]
        for r in members.get(household.id, ()):
            entry = by_resident.get((r, place))
            if entry is None:
                entry = by_resident[(r, place)] = _resident_entry(_Resident(*r), household)
            entries.append(entry)
        if progress is not None and len(entries) - reported >= _PROGRESS_EVERY:
            reported = len(entries)
            progress(min(reported, total - 1), total)
    return entries


def rebuild(session: Session, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the tables; returns the number of entries written.

    Used after bulk loads and large syncs. Deleting 50,000 FTS5 rows one by one takes
    longer than building them, so the table is dropped and re-created from its own stored
    definition (the migration stays the one place that defines it); tokens are built in
    Python and written with one executemany, then merged into a single segment. The index is
    then complete, so the stale marker (see :func:`mark_stale`) goes in the same transaction.

    Building tokens takes seconds at 100,000 residents (pinyin). When the session has not
    written yet, they are built first without holding any lock, so the worker can go on
    saving meanwhile; then, holding the write lock (``BEGIN IMMEDIATE``), the rows are read
    again if another connection committed meanwhile (``PRAGMA data_version``), and only the
    rows changed in between are tokenized again. (Built inside a deferred
    transaction instead, the first write would fail with "database is locked" whenever
    another connection committed during those seconds.)

    ``progress(done, total)`` is called every few thousand entries tokenized and once at the
    end; an exception it raises (a cancel) aborts the rebuild before anything was dropped.
    """
    session.flush()
    conn = _dbapi(session)
    built: _Built = ({}, {})
    cur = conn.cursor()
    if conn.in_transaction:
        entries = _build_entries(cur, built, progress)
    else:  # begin explicitly: sqlite3 would autocommit the DROP on its own
        (version,) = cur.execute("PRAGMA data_version").fetchone()
        entries = _build_entries(cur, built, progress)
        conn.execute("BEGIN IMMEDIATE")
        if cur.execute("PRAGMA data_version").fetchone() != (version,):
            entries = _build_entries(cur, built, None)  # another connection wrote meanwhile
    (definition,) = cur.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_index'"
    ).fetchone()
    cur.execute("DROP TABLE search_index")
    cur.execute(definition)
    # FTS5 flushes its in-memory terms to a new segment each time they pass 'hashsize'
    # (1 MiB by default) and keeps merging those segments while inserting: a bulk load with
    # a big buffer writes few segments and merges little (100,000 rows: 2.7 -> 1.9 s
    # including 'optimize'). Set back afterwards: everyday updates flush small.
    cur.execute(_SET_HASHSIZE, (_BULK_HASHSIZE,))
    cur.executemany(_INSERT, entries)
    cur.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
    cur.execute(_SET_HASHSIZE, (_DEFAULT_HASHSIZE,))
    cur.execute("DELETE FROM settings WHERE key = ?", (STALE_KEY,))
    if progress is not None:
        total = len(entries)
        progress(total, total)
    return len(entries)


# --------------------------------------------------------------------------- stale marker


def index_ready(session: Session) -> bool:
    """Whether the index holds every row (no large sync has written rows it lacks).

    When not, :func:`search` scans the tables: slower, and pinyin (``zsf`` for 张三丰) finds
    nothing; a UI says so ("索引建立中，搜索较慢") until :func:`rebuild` has run.
    """
    found = _dbapi(session).execute("SELECT 1 FROM settings WHERE key = ?", (STALE_KEY,))
    return found.fetchone() is None


def mark_stale(session: Session, reason: str, since: str) -> None:
    """Record, in the caller's transaction, that rows are being written without the index.

    Call in the transaction that writes the first such rows, so the rows and the marker
    commit together; the next :func:`rebuild` (in its own transaction) removes it. Keeps the
    first reason when already set.
    """
    session.flush()
    _dbapi(session).execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
        (STALE_KEY, json.dumps({"reason": reason, "since": since})),
    )


# --------------------------------------------------------------------------- queries


_CANDIDATES_SQL = "SELECT kind, ref_id, household_id FROM search_index WHERE search_index MATCH ?"
_GRID_FILTER = " AND household_id IN (SELECT id FROM households WHERE grid_id = ?)"
_RESIDENT_DETAILS_SQL = """
SELECT r.id, r.name, r.former_name, r.citizen_id, r.phone, r.status, h.door_number, h.group_name
FROM residents r JOIN households h ON h.id = r.household_id
WHERE r.id IN (SELECT value FROM json_each(?))
"""
_HOUSEHOLD_DETAILS_SQL = """
SELECT h.id, hr.name, h.door_number, h.group_name, h.address_detail, h.phone, h.status
FROM households h LEFT JOIN residents hr ON hr.id = h.head_resident_id
WHERE h.id IN (SELECT value FROM json_each(?))
"""
# Candidate tiers, best first: whole-token matches, values that start with the terms, values
# that contain them. Each query stops after ``n`` rows in index order.
_EXACT, _STARTS, _CONTAINS = 0, 1, 2


def search(
    session: Session, text: str, *, limit: int = 50, grid_id: str | None = None
) -> list[SearchHit]:
    """Residents and households matching every term of ``text`` by prefix, best first.

    Order: an exact name/former name/ID/phone/door match first; then active records before
    moved-out or deceased ones; then a value that starts with the query (or an ID/phone that
    ends with it: people type the last digits) before one that merely contains it; then
    residents before household entries, then shorter names. A household's own entry is
    dropped when one of its residents is among the results, so each record appears once.

    While the index is stale (a large sync wrote rows it lacks, see :func:`index_ready`) this
    is :func:`scan`: the same results except that pinyin does not match, in tens of ms.

    Why no bm25: FTS5 computes it for every match before sorting, which costs 30-180 ms when
    a short query matches most of the roster. Three small queries that each stop after ``n``
    rows (exact, head, any column) give the same useful order at a bounded cost; the rows'
    details are then read once for the union.
    """
    terms = query_terms(text)
    if not terms or limit <= 0:
        return []
    if not index_ready(session):
        return scan(session, text, limit=limit, grid_id=grid_id)
    conn = _dbapi(session)
    n = max(limit * _CANDIDATES_PER_HIT, _MIN_CANDIDATES)
    statement = _CANDIDATES_SQL + (_GRID_FILTER if grid_id is not None else "") + " LIMIT ?"
    extra = (grid_id, n) if grid_id is not None else (n,)
    found: dict[str, tuple[int, str, str]] = {}  # ref_id -> (tier, kind, household_id)
    for tier, expression in (
        (_EXACT, match_expression(terms, prefix=False, columns="head")),
        (_STARTS, match_expression(terms, columns="head")),
        (_CONTAINS, match_expression(terms)),
    ):
        for kind, ref_id, household_id in conn.execute(statement, (expression, *extra)):
            found.setdefault(ref_id, (tier, kind, household_id))
        # A tier that alone fills the candidate budget leaves nothing for looser tiers to add
        # that would rank above it (they rank by tier first). Long numbers are re-checked in
        # _rank and may drop candidates, so they always see every tier.
        if len(found) >= n and not any(len(t) > _GRAM and _is_number(t) for t in terms):
            break
    return _details_and_rank(conn, found, terms, limit)


def _details_and_rank(
    conn: Any, found: dict[str, tuple[int, str, str]], terms: list[str], limit: int
) -> list[SearchHit]:
    if not found:
        return []
    residents = [ref for ref, (_, kind, _) in found.items() if kind == RESIDENT]
    households = [ref for ref, (_, kind, _) in found.items() if kind == HOUSEHOLD]
    details: dict[str, tuple[Any, ...]] = {}
    if residents:
        rows = conn.execute(_RESIDENT_DETAILS_SQL, (json.dumps(residents),))
        details.update((row[0], row) for row in rows)
    if households:
        rows = conn.execute(_HOUSEHOLD_DETAILS_SQL, (json.dumps(households),))
        details.update((row[0], row) for row in rows)
    return _rank(found, details, terms, limit)


def _compact(value: str | None) -> str:
    """A stored value as one token, the way it was indexed (hot path: most need no work)."""
    if not value:
        return ""
    if value.isalnum() and (value.isascii() or unicodedata.is_normalized("NFKC", value)):
        return value.lower()
    return "".join(_parts(value))


def _rank(
    found: dict[str, tuple[int, str, str]],
    details: dict[str, tuple[Any, ...]],
    terms: list[str],
    limit: int,
) -> list[SearchHit]:
    wanted = "".join(terms)
    long_numbers = [t for t in terms if len(t) > _GRAM and _is_number(t)]
    ranked: list[tuple[tuple[int, int, int, int, int], SearchHit]] = []
    for ref_id, (tier, kind, household_id) in found.items():
        row = details.get(ref_id)
        if row is None:  # entry outlived its row; the next rebuild drops it
            continue
        if kind == RESIDENT:
            _, name, former, cid, phone, status, door, group = row
            hit = SearchHit(
                kind=RESIDENT, household_id=household_id, resident_id=ref_id, name=name,
                citizen_id=cid, phone=phone, door_number=door, group_name=group,
                resident_status=status,
            )  # fmt: skip
            whole = [_compact(v) for v in (name, former, cid, phone, door)]
            numbers = whole[2:4]
        else:
            _, name, door, group, address, phone, status = row
            hit = SearchHit(
                kind=HOUSEHOLD, household_id=household_id, resident_id=None, name=name or "",
                citizen_id="", phone=phone, door_number=door, group_name=group,
                resident_status=None,
            )  # fmt: skip
            whole = [_compact(v) for v in (name, door, phone, address)]
            numbers = whole[2:3]
        # A long number was matched by its windows: make sure it is really there.
        if long_numbers and not all(any(t in v for v in whole) for t in long_numbers):
            continue
        if wanted in whole:
            tier = _EXACT
        elif tier == _CONTAINS and any(
            v.startswith(wanted) or v.endswith(wanted) for v in numbers if v
        ):
            tier = _STARTS
        key = (
            0 if tier == _EXACT else 1,
            0 if status == "active" else 1,
            tier,
            0 if kind == RESIDENT else 1,
            len(hit.name),
        )
        ranked.append((key, hit))

    with_residents = {h.household_id for _, h in ranked if h.kind == RESIDENT}
    ranked.sort(key=lambda item: item[0])
    hits = [h for _, h in ranked if h.kind == RESIDENT or h.household_id not in with_residents]
    return hits[:limit]


# --------------------------------------------------------------------------- index stale


# Separators that indexing joins over in values indexed as one word: a landline's dash; the
# middle dot of a Uyghur or Tibetan name (and what gets typed for it); spaces.
_NAME_SEPARATORS = ("·", "•", ".", " ")
_PHONE_SEPARATORS = ("-", " ")


def _contains(column: str, param: str, separators: Sequence[str] = ()) -> str:
    """SQL: ``column`` contains the term ``:param``, ignoring ``separators`` in the value.

    The separator-free copy is only made for values holding one (``instr`` is cheap, and
    ``replace`` on every row would make the scan several times slower)."""
    test = f"{column} LIKE :{param}"
    if not separators:
        return test
    holds = " OR ".join(f"instr({column}, '{c}')" for c in separators)
    joined = column
    for c in separators:
        joined = f"replace({joined}, '{c}', '')"
    return f"{test} OR (({holds}) AND {joined} LIKE :{param})"


@dataclass(frozen=True, slots=True)
class _Scan:
    """One table's ``LIKE`` scan: what it returns, where terms may match, how it orders."""

    ids: str
    tables: str
    contained: tuple[tuple[str, tuple[str, ...]], ...]
    """Values a term may occur in, with the separators to ignore in each."""
    exact: tuple[str, ...]
    """Values equal to the whole query make an exact hit..."""
    starts: tuple[str, ...]
    """...values starting with it a "starts with" hit..."""
    ends: tuple[str, ...]
    """...and so do numbers ending with it (people type the last digits)..."""
    part_starts: tuple[str, ...]
    """...and places one of whose parts starts with it (3-2-101 for 101). These flags only
    pick the candidates; ``_rank`` orders them as it orders the index's."""
    order: str

    def sql(self, term_count: int, grid: bool) -> str:
        # Terms hold letters and digits only (``normalize``), so they need no LIKE escape.
        where = [
            "(" + " OR ".join(_contains(c, f"t{i}", seps) for c, seps in self.contained) + ")"
            for i in range(term_count)
        ]
        if grid:
            where.append("h.grid_id = :grid")
        is_exact = " OR ".join(f"{c} = :w" for c in self.exact)
        is_start = " OR ".join(
            [f"{c} LIKE :ws" for c in self.starts]
            + [f"{c} LIKE :we" for c in self.ends]
            + [f"(' ' || replace({c}, '-', ' ')) LIKE :wp" for c in self.part_starts]
        )
        return (
            f"SELECT {self.ids}, ({is_exact}) AS exact, ({is_start}) AS starts "
            f"FROM {self.tables} WHERE {' AND '.join(where)} "
            f"ORDER BY exact DESC, {self.order}, starts DESC LIMIT :n"
        )


_N, _P = _NAME_SEPARATORS, _PHONE_SEPARATORS
_SCANS = (
    (RESIDENT, _Scan(
        ids="r.id, r.household_id",
        tables="residents r JOIN households h ON h.id = r.household_id",
        contained=(("r.name", _N), ("r.former_name", _N), ("r.citizen_id", ()),
                   ("r.phone", _P), ("h.door_number", ()), ("h.group_name", ())),
        exact=("r.name", "r.former_name", "lower(r.citizen_id)", "r.phone", "h.door_number"),
        starts=("r.name", "r.former_name", "r.citizen_id", "r.phone"),
        ends=("r.citizen_id", "r.phone"),
        part_starts=("h.door_number", "h.group_name"),
        order="r.status != 'active', length(r.name)",
    )),
    (HOUSEHOLD, _Scan(
        ids="h.id, h.id",
        tables="households h LEFT JOIN residents hr ON hr.id = h.head_resident_id",
        contained=(("h.door_number", ()), ("h.group_name", ()), ("h.address_detail", ()),
                   ("h.phone", _P), ("coalesce(hr.name, '')", _N)),
        exact=("hr.name", "h.door_number", "h.phone"),
        starts=("hr.name", "h.phone"),
        ends=("h.phone",),
        part_starts=("h.door_number", "h.group_name", "h.address_detail"),
        order="h.status != 'active'",
    )),
)  # fmt: skip


def scan(
    session: Session, text: str, *, limit: int = 50, grid_id: str | None = None
) -> list[SearchHit]:
    """:func:`search` without the index, for while it is stale: a ``LIKE`` scan of the tables.

    A term matches a record when one of the values the index covers (name, former name, ID
    number, phone, door number, group; for a household its address and head's name)
    contains it, separators aside; terms are ANDed; hits are ranked as :func:`search` ranks
    them. Differences from the index, all while it is being rebuilt only: pinyin and pinyin
    initials match nothing (``zsf`` does not find 张三丰, so the UI should say the search is
    limited), and a term may also match inside a value where the index has no token (a
    single character at the end of a group name, the last two digits of a number), never
    the other way round. Costs a full scan (tens of ms at 100,000 residents).
    """
    terms = query_terms(text)
    if not terms or limit <= 0:
        return []
    conn = _dbapi(session)
    n = max(limit * _CANDIDATES_PER_HIT, _MIN_CANDIDATES)
    wanted = "".join(terms)
    params: dict[str, Any] = {f"t{i}": f"%{t}%" for i, t in enumerate(terms)}
    params.update(w=wanted, ws=f"{wanted}%", we=f"%{wanted}", wp=f"% {wanted}%", n=n)
    if grid_id is not None:
        params["grid"] = grid_id
    found: dict[str, tuple[int, str, str]] = {}
    for kind, shape in _SCANS:
        statement = shape.sql(len(terms), grid_id is not None)
        for ref_id, household_id, exact, starts in conn.execute(statement, params):
            tier = _EXACT if exact else _STARTS if starts else _CONTAINS
            found.setdefault(ref_id, (tier, kind, household_id))
    return _details_and_rank(conn, found, terms, limit)


def like_scan(session: Session, text: str, *, limit: int = 50) -> list[str]:
    """The naive baseline the benchmark compares against: ``LIKE '%text%'`` over the tables."""
    needle = text.strip()
    if not needle:
        return []
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = _dbapi(session).execute(
        "SELECT r.id FROM residents r JOIN households h ON h.id = r.household_id "
        "WHERE r.name LIKE :p ESCAPE '\\' OR r.citizen_id LIKE :p ESCAPE '\\' "
        "OR r.phone LIKE :p ESCAPE '\\' OR h.door_number LIKE :p ESCAPE '\\' "
        "LIMIT :n",
        {"p": f"%{escaped}%", "n": limit},
    )
    return [r[0] for r in rows]
