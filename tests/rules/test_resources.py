"""The data files in ``resources/``: found in a checkout and in a PyInstaller bundle, and the
demo tables are strict UTF-8 JSON that say what they hold."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gridrules.jsontext import NonFiniteNumber
from gridrules.resources import read_json, resources_dir

CHECKOUT = Path(__file__).resolve().parents[2] / "resources"
DEMO_TABLES = sorted(p.name for p in (CHECKOUT / "demo").glob("*.json"))


def test_the_checkout_resources_are_found() -> None:
    assert resources_dir() == CHECKOUT
    assert (resources_dir() / "translations" / "gridworker_en.ts").is_file()


def test_inside_a_bundle_the_bundles_resources_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "demo").mkdir(parents=True)
    (tmp_path / "resources" / "demo" / "t.json").write_text('{"名": [1]}', encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"
    assert read_json("demo", "t.json") == {"名": [1]}


def test_a_file_that_is_not_strict_json_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "bad.json").write_text('{"weight": NaN}', encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(NonFiniteNumber):
        read_json("bad.json")


def test_the_demo_tables_are_there() -> None:
    assert {"surnames.json", "given_names.json", "places.json", "people.json", "visits.json",
            "centre.json"} <= set(DEMO_TABLES)


@pytest.mark.parametrize("name", DEMO_TABLES)
def test_every_demo_table_is_an_object_that_says_what_it_holds(name: str) -> None:
    table = read_json("demo", name)
    assert isinstance(table, dict)
    assert isinstance(table.get("about"), str) and len(table["about"]) > 40
