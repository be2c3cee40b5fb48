"""docs/sync-protocol.md's schema tables are the ones scripts/schema_doc.py makes from
gridrules.schema: change the schema, run ``scripts/schema_doc.py --write``, commit both."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from gridrules.schema import ENTITIES

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("schema_doc", ROOT / "scripts/schema_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_protocol_docs_schema_tables_are_the_scripts_output() -> None:
    script = _script()
    doc = (ROOT / "docs/sync-protocol.md").read_text(encoding="utf-8")
    assert doc.count(script.BEGIN) == 1 and doc.count(script.END) == 1
    assert script.in_doc(doc) == script.tables(), (
        "docs/sync-protocol.md is behind gridrules.schema: run scripts/schema_doc.py --write")
    assert "## The schema and value bounds" in doc


def test_the_tables_name_every_field_of_every_entity() -> None:
    tables = _script().tables()
    for entity in ENTITIES.values():
        assert f"#### `{entity.name}` " in tables
        for name, spec in entity.fields.items():
            assert f"| `{name}` | {spec.label} | {spec.kind.value} |" in tables, name
