"""The schema tables of ``docs/sync-protocol.md`` ("The schema and value bounds"), made from
:data:`gridrules.schema.ENTITIES`.

    .venv/bin/python scripts/schema_doc.py           # print the tables
    .venv/bin/python scripts/schema_doc.py --write   # put them into docs/sync-protocol.md

The doc keeps the tables between two marker comments; a test (tests/rules/test_schema_doc.py)
fails when they differ from what this script makes, so change the schema, run ``--write``,
commit both.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gridrules.bounds import LATITUDE_MAX, LONGITUDE_MAX  # noqa: E402
from gridrules.schema import (  # noqa: E402
    AMENDABLE_VISIT_FIELDS,
    ENTITIES,
    TEXT_SET_ITEM_MAX,
    TEXT_SET_ITEMS_MAX,
    EntitySpec,
    FieldSpec,
    Kind,
    Rule,
)

DOC = ROOT / "docs" / "sync-protocol.md"
BEGIN = "<!-- schema tables: made by scripts/schema_doc.py from gridrules.schema; do not edit -->"
END = "<!-- end of schema tables -->"

_RULES = {
    Rule.CITIZEN_ID: "blank, or an 18-character GB 11643 number in its stored form (upper-case "
                     "X; a 15-digit number upgraded first)",
    Rule.PHONE: "blank, or a phone in its normal form",
    Rule.GRID_CODE: "15 or 20 ASCII digits",
    Rule.LATITUDE: f"−{LATITUDE_MAX:g} … {LATITUDE_MAX:g}",
    Rule.LONGITUDE: f"−{LONGITUDE_MAX:g} … {LONGITUDE_MAX:g}",
    Rule.NOT_BLANK: "not blank after trimming",
    Rule.SHA256: "lower-case hex SHA-256 digests (photos)",
    Rule.FINDINGS: "a list of `{\"kind\": FindingKind, \"text\": short text}`",
    Rule.VISIT_CHANGES: "`{field: value}` of amendable visit fields ("
                        + ", ".join(f"`{n}`" for n in AMENDABLE_VISIT_FIELDS)
                        + "), each value as that visit field takes it; not empty",
}


def _presence(spec: FieldSpec) -> str:
    words = ["required" if spec.required else "optional"]
    if spec.nullable:
        words.append("nullable")
    return ", ".join(words)


def _bounds(spec: FieldSpec) -> str:
    parts: list[str] = []
    if spec.kind is Kind.ID:
        parts.append("UUID text")
    if spec.kind is Kind.TEXT and spec.max_length is not None and spec.vocab is None:
        parts.append(f"≤ {spec.max_length} chars")
    if spec.kind is Kind.TEXT_SET:
        parts.append(f"≤ {TEXT_SET_ITEMS_MAX} distinct items of ≤ {TEXT_SET_ITEM_MAX} chars")
    if spec.kind is Kind.DATE:
        parts.append("1900-01-01 … 2100-12-31")
    if spec.kind is Kind.DATETIME:
        parts.append("aware, 1900 … 2100")
    if spec.kind is Kind.JSON:
        parts.append("≤ 64 KiB, depth ≤ 16")
    if spec.rule is not None:
        parts.append(_RULES[spec.rule])
    return "; ".join(parts) or "—"


def _vocabulary(spec: FieldSpec) -> str:
    if spec.vocab is None:
        return "—"
    codes = ", ".join(f"`{m.value}`" for m in spec.vocab)
    blank = " or `\"\"` (not recorded)" if spec.blank else ""
    return f"{spec.vocab.__name__}: {codes}{blank}"


def _default(spec: FieldSpec) -> str:
    """What a create that leaves the field out stores."""
    empty = None if spec.required and spec.default is None else spec.empty()
    if empty is None:
        return "null" if spec.nullable else "—"
    return f"`{json.dumps(empty, ensure_ascii=False)}`"


def entity_table(entity: EntitySpec) -> str:
    traits = []
    if not entity.client_writable:
        traits.append("written by the centre only")
    if entity.append_only:
        traits.append("append-only")
    if entity.deletable:
        traits.append("deletable by clients")
    if entity.parent is not None:
        traits.append(f"parent: `{entity.parent[0]}` → {entity.parent[1]}")
    head = f"#### `{entity.name}` ({entity.label})" + (f": {'; '.join(traits)}" if traits
                                                       else "")
    lines = [head, "",
             "| Field | Label | Kind | Merge | Presence | Bounds and rule | Vocabulary | "
             "Default |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, spec in entity.fields.items():
        lines.append(f"| `{name}` | {spec.label} | {spec.kind.value} | {spec.policy.value} | "
                     f"{_presence(spec)} | {_bounds(spec)} | {_vocabulary(spec)} | "
                     f"{_default(spec)} |")
    return "\n".join(lines)


def tables() -> str:
    """The markdown between the markers (without them)."""
    return "\n\n".join(entity_table(e) for e in ENTITIES.values()) + "\n"


def replace_in(text: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + tables() + text[end:]


def in_doc(text: str) -> str:
    """What the doc holds between the markers (without them)."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"update {DOC.name}")
    args = parser.parse_args(argv)
    if not args.write:
        sys.stdout.write(tables())
        return 0
    DOC.write_text(replace_in(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
