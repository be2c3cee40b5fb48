"""Instant search: the fragments a grid worker types find the right people, safely."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from gridrules.ids import new_id
from gridworker.storage import search
from gridworker.storage.database import Database
from gridworker.storage.models import GridRow, HouseholdRow, ResidentRow, SettingRow

NOW = datetime(2026, 11, 1, 9, 30)
ZHANG_ID = "11010519491231002X"


def _stamp() -> dict[str, object]:
    return {"id": new_id(), "version": 0, "created_at": NOW, "updated_at": NOW}


def add_household(s: Session, grid: GridRow, door: str, *, group: str = "一组",
                  address: str = "", phone: str = "") -> HouseholdRow:  # fmt: skip
    row = HouseholdRow(
        **_stamp(), grid_id=grid.id, group_name=group, door_number=door, address_detail=address,
        dwelling_type="owner_occupied", phone=phone, tags=[], status="active",
    )  # fmt: skip
    s.add(row)
    s.flush()
    return row


def add_resident(s: Session, household: HouseholdRow, name: str, *, citizen_id: str = "",
                 phone: str = "", status: str = "active", former_name: str = "",
                 relation: str = "son") -> ResidentRow:  # fmt: skip
    row = ResidentRow(
        **_stamp(), household_id=household.id, name=name, former_name=former_name, sex="male",
        ethnicity="01", citizen_id=citizen_id, phone=phone, relation=relation,
        population_type="registered", residence_status="consistent", care_categories=[],
        management_categories=[], status=status, note="",
    )  # fmt: skip
    s.add(row)
    s.flush()  # no index call: the session keeps the index in step (search.upkeep)
    return row


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "t.sqlite3")
    with database.transaction() as s:
        grid = GridRow(**_stamp(), code="110105001001001", name="第一网格", village="前进村",
                       township="", county="")  # fmt: skip
        s.add(grid)
        s.flush()
        h12 = add_household(s, grid, "12号", address="幸福路", phone="01088886666")
        zhang = add_resident(s, h12, "张三丰", citizen_id=ZHANG_ID, phone="13812345678",
                             relation="head", former_name="张君宝")  # fmt: skip
        h12.head_resident_id = zhang.id
        add_resident(s, h12, "张三", citizen_id="110105197001010029", phone="13900001111")
        add_resident(s, h12, "张三丰华", citizen_id="110105198001010035", status="moved_out")
        h7 = add_household(s, grid, "7号", group="二组")
        add_resident(s, h7, "曾国藩", citizen_id="110105195001010051", phone="13700007777")
        add_resident(s, h7, "吕布", citizen_id="110105195001010078")
        add_household(s, grid, "3-2-101", group="三组")
    yield database
    database.close()


def names(db: Database, text: str, **kw: object) -> list[str]:
    with db.reading() as s:
        return [h.name for h in search.search(s, text, **kw)]  # type: ignore[arg-type]


def hits(db: Database, text: str, **kw: object) -> list[search.SearchHit]:
    with db.reading() as s:
        return search.search(s, text, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["zsf", "张三", "三丰", "zhangsan", "zhangsf", "ZSF", "sanfeng"])
def test_name_pinyin_and_initials_find_zhang_sanfeng(db, query):
    assert "张三丰" in names(db, query)


def test_former_name_is_searchable(db):
    assert names(db, "张君宝") == ["张三丰"]
    assert "张三丰" in names(db, "zjb")


def test_polyphonic_surname_and_u_umlaut(db):
    assert names(db, "zengguofan") == ["曾国藩"]  # surname reading
    assert names(db, "cgf") == ["曾国藩"]  # pypinyin's default reading still works
    assert names(db, "lvbu") == ["吕布"]
    assert names(db, "lubu") == ["吕布"]


def test_id_fragment_finds_the_id_ending_in_it(db):
    found = hits(db, "0029")
    assert [h.name for h in found] == ["张三"]
    assert found[0].citizen_id == "110105197001010029"
    assert found[0].kind == "resident" and found[0].resident_id is not None


@pytest.mark.parametrize("query", ["002x", "002X", "1231002x", ZHANG_ID, ZHANG_ID.lower()])
def test_x_in_ids_is_case_insensitive(db, query):
    assert names(db, query) == ["张三丰"]


def test_full_id_and_long_fragments_match_only_real_containment(db):
    # The windows "110105" and "010100" both occur in 张三's ID, but not as "1101050101002".
    assert names(db, "1101050101002") == []
    assert names(db, "1970010100") == ["张三"]


def test_phone_fragment(db):
    assert names(db, "12345678") == ["张三丰"]
    assert names(db, "5678") == ["张三丰"]
    assert names(db, "1381") == ["张三丰"]


def test_door_number_finds_its_residents_once(db):
    found = hits(db, "12号")
    assert sorted(h.name for h in found) == ["张三", "张三丰", "张三丰华"]
    assert all(h.kind == "resident" and h.door_number == "12号" for h in found)
    assert len({h.resident_id for h in found}) == len(found)


def test_household_without_residents_is_found_by_door_number(db):
    # Terms are ANDed prefixes over all fields, so 张三丰's ID ("...231002x", "101051")
    # matches too; the household, whose door starts with every term, ranks first.
    hit = hits(db, "3-2-101")[0]
    assert hit.kind == "household" and hit.resident_id is None and hit.group_name == "三组"
    assert hits(db, "101")[0].household_id == hit.household_id


def test_household_found_by_its_own_fields(db):
    (hit,) = hits(db, "幸福路")
    assert hit.kind == "household" and hit.name == "张三丰" and hit.door_number == "12号"
    assert hits(db, "88886666")[0].phone == "01088886666"


@pytest.mark.parametrize(
    "query",
    ['"', '"张三', "张*", "zsf:", "-zsf", "(张三", "张三)", "AND", "OR", "NOT", "NEAR",
     "张 AND 三", "NEAR(张 三)", "a OR b", "^张", "{head}: x", "'; DROP TABLE residents; --",
     "\\", "%", "_", "\x00", "１２号", "ｚｓｆ"],
)  # fmt: skip
def test_fts5_syntax_in_the_query_never_raises(db, query):
    assert isinstance(hits(db, query), list)
    with db.reading() as s:
        assert isinstance(search.like_scan(s, query), list)


def test_full_width_input_is_folded(db):
    assert names(db, "ｚｓｆ") == names(db, "zsf")
    assert "张三丰" in names(db, "(张三")


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "*", '""', "---"])
def test_empty_query_returns_nothing(db, query):
    assert hits(db, query) == []


def test_terms_are_anded(db):
    assert names(db, "张 0029") == ["张三"]
    assert names(db, "zsf 0035") == ["张三丰华"]
    assert names(db, "zsf 0051") == []


def test_exact_name_first_then_active_before_moved_out(db):
    assert names(db, "张三") == ["张三", "张三丰", "张三丰华"]
    assert names(db, "张三丰") == ["张三丰", "张三丰华"]
    assert names(db, "zsf") == ["张三丰", "张三丰华"]
    statuses = [h.resident_status for h in hits(db, "zsf")]
    assert statuses == ["active", "moved_out"]


def test_limit_is_respected(db):
    assert len(hits(db, "张", limit=2)) == 2
    assert hits(db, "张", limit=0) == []
    assert len(hits(db, "1101", limit=1)) == 1


def test_grid_filter(db):
    with db.reading() as s:
        grid_id = s.query(GridRow.id).scalar()
    assert "张三丰" in names(db, "zsf", grid_id=grid_id)
    assert names(db, "zsf", grid_id="no-such-grid") == []


def test_reindex_after_rename_and_door_change(db):
    with db.transaction() as s:
        zhang = s.query(ResidentRow).filter_by(name="张三丰").one()
        zhang.name = "张真人"
    assert "张真人" in names(db, "zzr")
    assert "张三丰" not in names(db, "zsf")
    assert names(db, "zsf") == ["张三丰华"]

    with db.transaction() as s:
        household = s.query(HouseholdRow).filter_by(door_number="12号").one()
        household.door_number = "99号"
    assert names(db, "12号") == []
    assert sorted(names(db, "99号")) == ["张三", "张三丰华", "张真人"]
    assert "张真人" in names(db, "幸福路")  # the household entry carries the new head name


def test_rebuild_equals_incremental(db):
    queries = ["zsf", "张", "0029", "12号", "3-2-101", "幸福路", "1101", "z", "zgf", "5678"]
    before = {q: hits(db, q) for q in queries}
    with db.reading() as s:
        count_before = s.connection().exec_driver_sql("SELECT count(*) FROM search_index").scalar()
    with db.transaction() as s:
        written = search.rebuild(s)
    assert written == count_before == 8  # 3 households + 5 residents
    after = {q: hits(db, q) for q in queries}
    assert {q: sorted(map(repr, h)) for q, h in after.items()} == {
        q: sorted(map(repr, h)) for q, h in before.items()
    }
    assert after["zsf"] == before["zsf"]  # and the same order where ranks differ


def test_saving_a_row_twice_keeps_one_entry(db):
    with db.transaction() as s:
        zhang = s.query(ResidentRow).filter_by(name="张三丰").one()
        household = s.get(HouseholdRow, zhang.household_id)
        zhang.phone = "13812340000"
        s.flush()
        zhang.phone = "13812345678"
        household.head_resident_id = None
        s.flush()
        household.head_resident_id = zhang.id
    assert names(db, "张三丰") == ["张三丰", "张三丰华"]
    assert names(db, "12340000") == []
    with db.reading() as s:
        count = s.connection().exec_driver_sql("SELECT count(*) FROM search_index").scalar()
    assert count == 8


def test_like_scan_baseline(db):
    with db.reading() as s:
        assert len(search.like_scan(s, "张三")) == 3
        assert len(search.like_scan(s, "0029")) == 1
        assert len(search.like_scan(s, "12号")) == 3
        assert search.like_scan(s, "张", limit=2) and len(search.like_scan(s, "张", limit=2)) == 2
        assert search.like_scan(s, "  ") == []


def test_tokens_for_resident_covers_the_fragments():
    head, tail = search.tokens_for_resident(
        name="张三丰", citizen_id=ZHANG_ID, phone="138-1234-5678", door_number="12号"
    )
    words = set(head.split()) | set(tail.split())
    assert {"张三丰", "三丰", "丰", "zhangsanfeng", "sanfeng", "feng", "zsf", "sf", "f"} <= words
    assert {"12号", "2号", "002x", "5678", "138123"} <= words
    assert "张三丰" in head.split() and "三丰" not in head.split()
    assert all(len(w) <= 6 for w in words if w.isdigit())


# --------------------------------------------------------------------------- stale index


def _mark_stale(db: Database) -> None:
    with db.transaction() as s:
        search.mark_stale(s, "test", NOW.isoformat())


def _ready(db: Database) -> bool:
    with db.reading() as s:
        return search.index_ready(s)


# Everything but pinyin: the scan must give what the index gives, in the same order.
SCAN_QUERIES = [
    "张三", "三丰", "张三丰", "张君宝", "0029", "002x", "002X", "1231002x", ZHANG_ID,
    "1101050101002", "1970010100", "12345678", "5678", "1381", "12号", "101", "幸福路",
    "88886666", "张 0029", "张", "1101", "曾国藩", "７号", "二组", "(张三", "no-such",
]  # fmt: skip


def test_a_stale_index_is_not_trusted_and_the_scan_finds_the_same(db):
    assert _ready(db)
    indexed = {q: hits(db, q) for q in SCAN_QUERIES}
    _mark_stale(db)
    assert not _ready(db)
    assert {q: hits(db, q) for q in SCAN_QUERIES} == indexed
    with db.reading() as s:
        grid_id = s.query(GridRow.id).scalar()
    assert names(db, "张三丰", grid_id=grid_id) == ["张三丰", "张三丰华"]
    assert names(db, "张三丰", grid_id="no-such-grid") == []
    assert len(hits(db, "张", limit=2)) == 2 and hits(db, "张", limit=0) == []
    # The documented gap while stale: pinyin matches nothing.
    assert names(db, "zsf") == [] and names(db, "zhangsanfeng") == []


def test_the_scan_finds_rows_the_index_never_saw(db):
    with db.transaction() as s:
        grid = s.query(GridRow).one()
        search.mark_stale(s, "large_pull", NOW.isoformat())
        household = HouseholdRow(
            **_stamp(), grid_id=grid.id, group_name="四组", door_number="5-1-202",
            address_detail="", dwelling_type="owner_occupied", phone="010-66667777", tags=[],
            status="active",
        )  # fmt: skip
        resident = ResidentRow(
            **_stamp(), household_id=household.id, name="阿依古丽·买买提", former_name="",
            sex="female", ethnicity="05", citizen_id="650102199001011234", phone="",
            relation="head", population_type="registered", residence_status="consistent",
            education="", care_categories=[], management_categories=[], status="active",
            note="",
        )  # fmt: skip
        household.head_resident_id = resident.id
        # Written in bulk without the index hook, as a large pull writes its pages.
        for row in (household, resident):
            values = {c.key: getattr(row, c.key) for c in row.__table__.columns}
            s.execute(insert(row.__table__), [values])
    assert names(db, "阿依古丽") == ["阿依古丽·买买提"]
    assert names(db, "古丽买买提") == ["阿依古丽·买买提"]  # the middle dot is no separator
    assert names(db, "011234") == ["阿依古丽·买买提"]
    assert names(db, "202") == ["阿依古丽·买买提"]
    (hit,) = hits(db, "01066667777")  # a landline typed without its dash
    assert hit.kind == "household" and hit.name == "阿依古丽·买买提"
    with db.transaction() as s:
        assert search.rebuild(s) == 10
    assert _ready(db)
    assert names(db, "ayglmmt") == ["阿依古丽·买买提"]  # pinyin again, from the index


def test_rebuild_clears_the_marker_and_reports_progress(db):
    _mark_stale(db)
    calls: list[tuple[int, int]] = []
    with db.transaction() as s:
        written = search.rebuild(s, progress=lambda done, total: calls.append((done, total)))
    assert written == 8 and calls[0] == (0, 8) and calls[-1] == (8, 8)
    assert _ready(db) and names(db, "zsf") == ["张三丰", "张三丰华"]


def test_an_interrupted_rebuild_keeps_the_marker_and_the_old_index(db):
    _mark_stale(db)

    def cancel(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), db.transaction() as s:
        search.rebuild(s, progress=cancel)
    assert not _ready(db)
    assert names(db, "张三丰") == ["张三丰", "张三丰华"]
    with db.reading() as s:
        count = s.connection().exec_driver_sql("SELECT count(*) FROM search_index").scalar()
    assert count == 8


def test_marking_twice_keeps_the_first_reason(db):
    _mark_stale(db)
    with db.transaction() as s:
        search.mark_stale(s, "again", "later")
    with db.reading() as s:
        value = s.get(SettingRow, search.STALE_KEY).value
    assert value == {"reason": "test", "since": NOW.isoformat()}


def test_a_save_from_another_connection_during_a_rebuild_is_indexed_and_not_refused(
    db, tmp_path
):
    """Tokens are built without holding a lock (seconds at 100,000 residents): a worker
    saving meanwhile neither waits nor makes the rebuild fail, and the rebuild sees it."""
    other = Database(tmp_path / "t.sqlite3")
    _mark_stale(db)

    def save_meanwhile(done: int, total: int) -> None:
        if done == 0:
            with other.transaction() as s:
                s.query(ResidentRow).filter_by(name="吕布").one().name = "貂蝉"

    try:
        with db.transaction() as s:
            assert search.rebuild(s, progress=save_meanwhile) == 8
    finally:
        other.close()
    assert _ready(db)
    assert names(db, "dc") == ["貂蝉"] and names(db, "lvbu") == []
