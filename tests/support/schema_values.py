"""Hypothesis strategies made from the one schema (:data:`gridrules.schema.ENTITIES`).

Nothing here names a field: every strategy is built from a field's declaration (kind,
nullable, required, max_length, vocabulary, blank, rule), so a field added to the schema is
drawn for as soon as it is declared.

- :func:`valid_value` draws values the field's declaration allows: vocabulary members (and ""
  where blank is allowed), citizen ID numbers made with
  :func:`gridrules.citizen_id.make_citizen_id`, phones in their normal form, dates and aware
  timestamps within the protocol's bounds, clean texts up to the length limit …
- :func:`invalid_value` draws values it refuses, each for a reason of its own: the wrong type,
  null where not nullable, an unknown code, a 15-digit or miscalculated ID number, a phone not
  in its normal form, out-of-range numbers and dates, a naive timestamp, NUL and control
  characters or a lone surrogate in text, text one character too long or far too long,
  duplicate or too many set items, a malformed finding, an amendment of a field that cannot be
  amended, NaN and ±Infinity …
- :func:`create_entry` draws a whole create of an entity: every required field, some optional
  ones, and (when asked) one field made bad or one required field left out. It returns the
  values and the name of the bad field (None when all are good), so a test can check the
  rulebook's verdict against the intent as well as the centre's against the rulebook's.

``parents`` maps a parent entity to the ids a child may name (a household's grid, a
resident's household): a valid draw of a parent field is one of them, so the only reason a
drawn create can fail is its values.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from gridrules.bounds import DATE_MAX, DATE_MIN, LATITUDE_MAX, LONGITUDE_MAX
from gridrules.citizen_id import make_citizen_id
from gridrules.jsontext import JSON_MAX_DEPTH, JSON_VALUE_MAX_BYTES
from gridrules.schema import (
    AMENDABLE_VISIT_FIELDS,
    ENTITIES,
    RECORDED_AT,
    TEXT_SET_ITEM_MAX,
    TEXT_SET_ITEMS_MAX,
    FieldSpec,
    Kind,
    Rule,
)
from gridrules.vocab import FindingKind

Parents = Mapping[str, Sequence[str]]

BAD_CHARS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1f", "\x7f",
             "\x80", "\x85", "\x9f", "\ud800", "\udbff", "\udc00", "\udfff"]
"""What text hygiene refuses: NUL, C0 controls but newline and tab, DEL, C1, lone surrogates."""

_CLEAN = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t 王李张")
clean_text = st.text(_CLEAN, max_size=30)
"""Text with nothing text hygiene refuses (any other Unicode character, newlines and tabs)."""

_OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
_UUIDS = st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper())


def _text_up_to(n: int, *, not_blank: bool = False) -> st.SearchStrategy[str]:
    short = st.text(_CLEAN, min_size=1 if not_blank else 0, max_size=min(n, 30))
    full = st.sampled_from(["字", "a", "\n", " "]).map(lambda c: (c * n)[:n])
    drawn = short | full
    if not_blank:
        drawn = drawn.filter(lambda s: s.strip() != "")
    return drawn


def _citizen_ids() -> st.SearchStrategy[str]:
    return st.builds(make_citizen_id, st.from_regex(r"[1-6][0-9]{5}", fullmatch=True),
                     st.dates(DATE_MIN, date.today()), st.integers(0, 999))


def _phones() -> st.SearchStrategy[str]:
    mobile = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
    landline = st.from_regex(r"0(10|2[0-9])-[1-9][0-9]{7}(-[0-9]{1,6})?", fullmatch=True) | (
        st.from_regex(r"0[3-9][0-9]{2}-[1-9][0-9]{6,7}(-[0-9]{1,6})?", fullmatch=True))
    return mobile | landline


def _moments(latest: datetime) -> st.SearchStrategy[str]:
    """Aware ISO timestamps whose moment lies in [1900, latest], at any UTC offset."""
    start = datetime(1900, 1, 2)
    naive = st.datetimes(start, latest.replace(tzinfo=None) - timedelta(days=1))
    return st.builds(lambda t, tz: t.replace(tzinfo=UTC).astimezone(tz).isoformat(),
                     naive, _OFFSETS)


def _findings() -> st.SearchStrategy[list[dict[str, str]]]:
    kinds = st.sampled_from([k.value for k in FindingKind])
    item = st.fixed_dictionaries({"kind": kinds}, optional={"text": _text_up_to(200)})
    return st.lists(item, max_size=4)


def _visit_changes(parents: Parents) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.lists(st.sampled_from(AMENDABLE_VISIT_FIELDS), min_size=1, unique=True)
    return keys.flatmap(lambda names: st.fixed_dictionaries(
        {n: valid_value("visit", n, parents) for n in names}))


def valid_value(entity: str, name: str, parents: Parents) -> st.SearchStrategy[Any]:
    """Values field ``name`` of ``entity`` accepts, by its declaration."""
    spec = ENTITIES[entity].fields[name]
    drawn = _valid(entity, name, spec, parents)
    return (st.none() | drawn) if spec.nullable else drawn


def _valid(entity: str, name: str, spec: FieldSpec, parents: Parents
           ) -> st.SearchStrategy[Any]:
    kind, rule, n = spec.kind, spec.rule, spec.max_length or 0
    parent = ENTITIES[entity].parent
    if kind is Kind.ID:
        if parent is not None and parent[0] == name:
            return st.sampled_from(list(parents[parent[1]]))
        return _UUIDS
    if kind is Kind.TEXT:
        if spec.vocab is not None:
            return st.sampled_from([m.value for m in spec.vocab] + ([""] if spec.blank else []))
        if rule is Rule.CITIZEN_ID:
            return st.just("") | _citizen_ids()
        if rule is Rule.PHONE:
            return st.just("") | _phones()
        if rule is Rule.GRID_CODE:
            return st.from_regex(r"[0-9]{15}([0-9]{5})?", fullmatch=True)
        return _text_up_to(n, not_blank=rule is Rule.NOT_BLANK)
    if kind in (Kind.FLOAT, Kind.INT):
        limit = {Rule.LATITUDE: LATITUDE_MAX, Rule.LONGITUDE: LONGITUDE_MAX}.get(rule)  # type: ignore[arg-type]
        if kind is Kind.INT:
            return st.integers(-(2**53), 2**53)
        if limit is None:
            return st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**6, 10**6)
        return st.floats(-limit, limit) | st.integers(-int(limit), int(limit))
    if kind is Kind.BOOL:
        return st.booleans()
    if kind is Kind.DATE:
        return st.dates(DATE_MIN, DATE_MAX).map(date.isoformat)
    if kind is Kind.DATETIME:
        # A recorded time lies in the past (one from a fast clock is replaced, not stored).
        latest = datetime.now(UTC) if name == RECORDED_AT else datetime(2100, 12, 31)
        return _moments(latest)
    if kind is Kind.TEXT_SET:
        if spec.vocab is not None:
            return st.lists(st.sampled_from([m.value for m in spec.vocab]), unique=True)
        if rule is Rule.SHA256:
            return st.lists(st.binary(min_size=32, max_size=32).map(bytes.hex), max_size=3,
                            unique=True)
        return st.lists(st.text(_CLEAN, min_size=1, max_size=TEXT_SET_ITEM_MAX), unique=True,
                        max_size=5)
    if rule is Rule.FINDINGS:
        return _findings()
    if rule is Rule.VISIT_CHANGES:
        return _visit_changes(parents)
    return st.none() | st.integers() | clean_text  # any other JSON field


# ---------------------------------------------------------------------------------------------
# Values a field refuses


def _not_str() -> st.SearchStrategy[Any]:
    return st.integers() | st.booleans() | st.lists(st.integers(), max_size=2) | st.just({})


def _with_bad_char(good: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda s, c, i: s[: i % (len(s) + 1)] + c + s[i % (len(s) + 1):],
                     good, st.sampled_from(BAD_CHARS), st.integers(0, 10**6))


def _too_long(n: int) -> st.SearchStrategy[str]:
    return st.integers(n + 1, n + 50).map(lambda k: "长" * k) | st.just("长" * (n * 4 + 10_000))


def _unknown_code(spec: FieldSpec) -> st.SearchStrategy[str]:
    assert spec.vocab is not None
    members = {m.value for m in spec.vocab} | ({""} if spec.blank else set())
    return (st.text(string.ascii_lowercase + "0123456789_", max_size=8)
            | st.sampled_from([m.label for m in spec.vocab])).filter(lambda s: s not in members)


def _bad_citizen_ids() -> st.SearchStrategy[str]:
    def wrong_check(number: str, k: int) -> str:
        others = [c for c in "0123456789X" if c != number[-1]]
        return number[:-1] + others[k % len(others)]

    ids = _citizen_ids()
    return (ids.map(lambda x: x[:6] + x[8:17])  # the old 15-digit form: upgrade before storing
            | st.builds(wrong_check, ids, st.integers(0, 9))
            | ids.filter(lambda x: x.endswith("X")).map(lambda x: x[:-1] + "x")
            | ids.map(lambda x: x[:10] + "-" + x[11:])
            | st.from_regex(r"[0-9]{5,14}", fullmatch=True))


def _bad_phones() -> st.SearchStrategy[str]:
    mobile = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
    return (mobile.map(lambda m: f"{m[:3]} {m[3:7]} {m[7:]}")  # readable, but not the stored form
            | mobile.map(lambda m: "+86" + m)
            | st.from_regex(r"0(10|2[0-9])[1-9][0-9]{7}", fullmatch=True)  # no dash
            | st.from_regex(r"1[3-9][0-9]{3,8}", fullmatch=True)  # too short for a mobile
            | st.from_regex(r"1[012][0-9]{9}", fullmatch=True)
            | st.sampled_from(["phone", "110", "+1 415 555 0100"]))


def _bad_date() -> st.SearchStrategy[Any]:
    out = st.dates(date(1, 1, 1), DATE_MIN - timedelta(days=1)) | st.dates(
        DATE_MAX + timedelta(days=1), date(9999, 12, 31))
    return out.map(date.isoformat) | st.sampled_from(
        ["2026-02-30", "2026/11/21", "21.11.2026", "", "今天", "2026-13-01"]) | _not_str()


def _bad_timestamp() -> st.SearchStrategy[Any]:
    naive = st.datetimes(datetime(1900, 1, 2), datetime(2100, 12, 30)).map(datetime.isoformat)
    early = st.datetimes(datetime(1, 1, 2), datetime(1899, 12, 30))
    late = st.datetimes(datetime(2101, 1, 2), datetime(9999, 12, 30))
    out = st.builds(lambda t, tz: t.replace(tzinfo=tz).isoformat(), early | late, _OFFSETS)
    return naive | out | st.sampled_from(
        ["2026-11-21T25:00:00+08:00", "yesterday", "", "2026-11-21 08:00 CST"]) | _not_str()


def _bad_set(spec: FieldSpec, entity: str, name: str, parents: Parents
             ) -> st.SearchStrategy[Any]:
    good = valid_value(entity, name, parents)
    bad: st.SearchStrategy[Any] = (
        good.filter(bool).map(lambda v: v + v[:1])  # a duplicate
        | st.just([f"{i:064x}" for i in range(TEXT_SET_ITEMS_MAX + 1)])
        | st.lists(st.integers(), min_size=1, max_size=3)
        | st.just(["x" * (TEXT_SET_ITEM_MAX + 1)])
        | _with_bad_char(st.just("a")).map(lambda s: [s])
        | clean_text | st.integers() | st.just({}))
    if spec.vocab is not None:
        bad |= _unknown_code(spec).map(lambda s: [s])
    if spec.rule is Rule.SHA256:
        bad |= st.binary(min_size=32, max_size=32).map(lambda b: [b.hex().upper()]).filter(
            lambda v: v[0] != v[0].lower())
        bad |= st.from_regex(r"[0-9a-f]{1,63}", fullmatch=True).map(lambda s: [s])
    return bad


def _bad_findings() -> st.SearchStrategy[Any]:
    deep: Any = [{"kind": "dispute"}]
    for _ in range(JSON_MAX_DEPTH):
        deep = [deep]
    huge = [{"kind": "dispute", "text": "字" * 200}] * (JSON_VALUE_MAX_BYTES // 600 + 1)
    kinds = [k.value for k in FindingKind]
    return st.one_of(
        _unknown_code_of(kinds).map(lambda k: [{"kind": k, "text": ""}]),
        st.sampled_from(kinds).map(lambda k: [{"kind": k, "text": "", "extra": 1}]),
        st.sampled_from(kinds).map(lambda k: [{"kind": k, "text": "字" * 201}]),
        _with_bad_char(st.just("纠纷")).map(lambda s: [{"kind": "dispute", "text": s}]),
        st.just([{"text": "no kind"}]), st.just([["dispute"]]), st.just(["dispute"]),
        st.just({"kind": "dispute"}), st.just(deep), st.just(huge), st.just(None),
        clean_text, st.integers())


def _unknown_code_of(codes: list[str]) -> st.SearchStrategy[str]:
    return st.text(string.ascii_lowercase + "_", max_size=10).filter(lambda s: s not in codes)


def _bad_changes(parents: Parents) -> st.SearchStrategy[Any]:
    not_amendable = [n for n in ENTITIES["visit"].fields if n not in AMENDABLE_VISIT_FIELDS]
    one_bad = st.sampled_from(AMENDABLE_VISIT_FIELDS).flatmap(
        lambda key: invalid_value("visit", key, parents).map(lambda v: {key: v}))
    return st.one_of(
        st.just({}), st.just(None), st.just([]), clean_text,
        st.sampled_from([*not_amendable, "nonexistent"]).map(lambda k: {k: "x"}), one_bad)


def invalid_value(entity: str, name: str, parents: Parents) -> st.SearchStrategy[Any]:
    """Values field ``name`` of ``entity`` refuses, for many different reasons."""
    spec = ENTITIES[entity].fields[name]
    kind, rule, n = spec.kind, spec.rule, spec.max_length or 0
    bad: st.SearchStrategy[Any] = st.nothing() if spec.nullable else st.none()
    if kind is Kind.TEXT:
        bad |= _not_str() | _too_long(n) | _with_bad_char(_text_up_to(max(n - 1, 1)))
        if spec.vocab is not None:
            bad |= _unknown_code(spec)
        elif rule is Rule.CITIZEN_ID:
            bad |= _bad_citizen_ids()
        elif rule is Rule.PHONE:
            bad |= _bad_phones()
        elif rule is Rule.GRID_CODE:
            bad |= st.from_regex(r"[0-9]{1,14}|[0-9]{16,19}|[0-9]{14}[a-z]", fullmatch=True)
        elif rule is Rule.NOT_BLANK:
            bad |= st.sampled_from(["", " ", "\n\t", "\u3000"])
    elif kind is Kind.ID:
        bad |= _not_str() | st.sampled_from(["", "not-an-id", "0" * 36]) | _UUIDS.map(
            lambda u: u[:-1]) | _UUIDS.map(lambda u: "{" + u + "}")
    elif kind in (Kind.FLOAT, Kind.INT):
        limit = {Rule.LATITUDE: LATITUDE_MAX, Rule.LONGITUDE: LONGITUDE_MAX}.get(rule)  # type: ignore[arg-type]
        bad |= clean_text | st.booleans() | st.lists(st.integers(), max_size=1)
        bad |= st.sampled_from([float("nan"), float("inf"), float("-inf"), 10**400])
        if limit is not None:
            bad |= st.floats(min_value=limit, exclude_min=True, allow_infinity=False)
            bad |= st.floats(max_value=-limit, exclude_max=True, allow_infinity=False)
    elif kind is Kind.BOOL:
        bad |= st.integers(0, 1) | st.sampled_from(["true", "是", ""])
    elif kind is Kind.DATE:
        bad |= _bad_date()
    elif kind is Kind.DATETIME:
        bad |= _bad_timestamp()
    elif kind is Kind.TEXT_SET:
        bad |= _bad_set(spec, entity, name, parents)
    elif rule is Rule.FINDINGS:
        bad |= _bad_findings()
    elif rule is Rule.VISIT_CHANGES:
        bad |= _bad_changes(parents)
    return bad


# ---------------------------------------------------------------------------------------------
# Whole creates

OMIT = object()
"""The bad "value" of a required field left out of a create."""


@st.composite
def create_entry(draw: st.DrawFn, entity: str, parents: Parents, *, bad: bool | str
                 ) -> tuple[dict[str, Any], str | None]:
    """(values of a create of ``entity``, the field made bad or None). ``bad``: make one
    field bad (a field's name: that one)."""
    fields = ENTITIES[entity].fields
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        if spec.required or draw(st.booleans()):
            values[name] = draw(valid_value(entity, name, parents), label=name)
    if not bad:
        return values, None
    name = bad if isinstance(bad, str) else draw(st.sampled_from(list(fields)), label="bad")
    spec = fields[name]
    if spec.required and draw(st.integers(0, 5)) == 0:
        del values[name]
    else:
        values[name] = draw(invalid_value(entity, name, parents), label=f"bad {name}")
    return values, name


def client_writable() -> list[str]:
    return [name for name, spec in ENTITIES.items() if spec.client_writable]
