"""``gridcenter admin``: each command, and roster files good and bad."""

from __future__ import annotations

from datetime import date

import pytest

from gridrules.citizen_id import make_citizen_id

from .conftest import GRID1, GRID2, Api, audit_events, db_rows, grid_ids, record

HEADER = "组,门牌号,姓名,性别,公民身份号码,电话,与户主关系\n"


def _id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


MAN = _id("11010519600101001")  # odd sequence: male
BAD_CHECK = MAN[:-1] + ("0" if MAN[-1] != "0" else "1")
WOMAN = _id("11010519620202002")
CHILD = _id("11010519900303003")


@pytest.fixture(scope="module")
def server(gridcenter_session):
    return gridcenter_session


def _ok(result):
    assert result.returncode == 0, result.stderr
    return result.stdout


def _err(result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    return result.stderr


def test_create_grid_user_assign_and_list(server):
    out = _ok(server.admin("create-grid", "--code", "110105001002001", "--name", "后山村第一网格",
                           "--village", "后山村", "--township", "示范镇", "--county", "示范县"))
    assert "110105001002001" in out
    _err(server.admin("create-grid", "--code", "110105001002001", "--name", "重复"))
    _err(server.admin("create-grid", "--code", "123", "--name", "太短"))
    out = _ok(server.admin("create-user", "--username", "worker9", "--role", "worker",
                           "--display-name", "钱九", env={"GRIDCENTER_PASSWORD": "pass-word-9"}))
    assert "worker9" in out
    _err(server.admin("create-user", "--username", "worker9", "--role", "worker",
                      env={"GRIDCENTER_PASSWORD": "pass-word-9"}))
    _err(server.admin("create-user", "--username", "shorty", "--role", "worker",
                      env={"GRIDCENTER_PASSWORD": "short"}))
    _err(server.admin("create-user", "--username", "nopw", "--role", "worker",
                      env={"GRIDCENTER_PASSWORD": ""}, input=""))
    _ok(server.admin("assign", "--username", "worker9", "--grid", "110105001002001"))
    _err(server.admin("assign", "--username", "worker9", "--grid", "110105001002001"))
    _err(server.admin("assign", "--username", "ghost", "--grid", GRID1))
    _err(server.admin("assign", "--username", "worker9", "--grid", "999999999999999"))
    api = Api(server)
    me = api.login("worker9", "pass-word-9")["user"]
    assert me["display_name"] == "钱九"
    assert [g["code"] for g in me["grids"]] == ["110105001002001"]
    users = _ok(server.admin("users"))
    assert "worker9" in users and "110105001002001" in users and "admin" in users
    grids = _ok(server.admin("grids"))
    assert GRID1 in grids and "后山村第一网格" in grids
    _ok(server.admin("unassign", "--username", "worker9", "--grid", "110105001002001"))
    _err(server.admin("unassign", "--username", "worker9", "--grid", "110105001002001"))
    assert api.login("worker9", "pass-word-9")["user"]["grids"] == []
    events = {e[0] for e in audit_events(server) if (e[1] or "").startswith("cli")}
    assert {"admin_create_grid", "admin_create_user", "admin_assign", "admin_unassign",
            "admin_list_users", "admin_list_grids"} <= events


def test_reassign_household(server):
    ids = grid_ids(server)
    hid = db_rows(server, "SELECT id FROM records WHERE entity='household' AND grid_id=? "
                          "ORDER BY seq DESC LIMIT 1", ids[GRID1])[0][0]
    w3 = Api(server, "worker3")
    _, cursor = w3.pull_all()
    out = _ok(server.admin("reassign-household", "--household", hid, "--grid", GRID2))
    assert hid in out
    rec = record(server, hid)
    assert rec["grid_id"] == ids[GRID2] and rec["data"]["grid_id"] == ids[GRID2]
    residents = db_rows(server, "SELECT grid_id FROM records WHERE parent_id=?", hid)
    assert residents and {r[0] for r in residents} == {ids[GRID2]}
    rows, _ = w3.pull_all(cursor)
    assert hid in {r["id"] for r in rows}
    _err(server.admin("reassign-household", "--household", hid, "--grid", GRID2))
    _err(server.admin("reassign-household", "--household", "nope", "--grid", GRID2))
    assert audit_events(server, "admin_reassign_household")


def test_import_roster_csv_and_xlsx(server, tmp_path):
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text(
        HEADER + f"一组,88号,赵大山,男,{MAN},13812345678,户主\n"
        f"一组,88号,孙小梅,女,{WOMAN},,配偶\n"
        f"一组,89号,周小明,男,{CHILD.lower() if CHILD.endswith('X') else CHILD},,户主\n",
        encoding="utf-8-sig",
    )
    out = _ok(server.admin("import-roster", str(csv_file), "--grid", GRID2))
    assert "2" in out and "3" in out
    g2 = grid_ids(server)[GRID2]
    households = db_rows(server, "SELECT id, data FROM records WHERE entity='household' AND "
                                 "grid_id=? AND data LIKE '%88号%'", g2)
    assert len(households) == 1
    import json

    hh = json.loads(households[0][1])
    residents = db_rows(server, "SELECT id, data FROM records WHERE parent_id=?",
                        households[0][0])
    assert len(residents) == 2
    head = next(json.loads(d) for i, d in residents if json.loads(d)["relation"] == "head")
    assert head["citizen_id"] == MAN and head["birth_date"] == "1960-01-01"
    assert hh["head_resident_id"] in {i for i, _ in residents}
    # importing the same people again is refused as a whole
    msg = _err(server.admin("import-roster", str(csv_file), "--grid", GRID2))
    assert "已在本网格登记" in msg
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["二组", "5号", "吴小花", "女", _id("11010519700505004"), "13700000000", "户主"])
    xlsx = tmp_path / "roster.xlsx"
    book.save(xlsx)
    out = _ok(server.admin("import-roster", str(xlsx), "--grid", GRID2))
    assert "1" in out


@pytest.mark.parametrize("name,content,expect", [
    ("bad_check.csv", HEADER + f"一组,1号,钱多多,男,{BAD_CHECK},,户主\n", "第 2 行"),
    ("columns.csv", "姓名,性别\n张三,男\n", "缺少列"),
    ("empty.csv", "", "空"),
    ("header_only.csv", HEADER, "没有数据行"),
    ("malformed.csv", HEADER + '一组,1号,"未闭合的引号,男,,,户主\n', "CSV"),
    ("binary.csv", "\x00\x01\x02garbage", "CSV"),
    ("mixed.csv", HEADER + f"一组,1号,好人,男,{MAN},,户主\n一组,2号,,男,,,户主\n"
     "一组,3号,坏人,未知,,12345,路人\n", "第 3 行"),
    ("roster.txt", HEADER, "只支持"),
    ("fake.xlsx", "this is not a zip", "Excel"),
])
def test_bad_roster_files_import_nothing(server, tmp_path, name, content, expect):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = db_rows(server, "SELECT count(*) FROM records")[0][0]
    msg = _err(server.admin("import-roster", str(path), "--grid", GRID1))
    assert expect in msg, msg
    assert db_rows(server, "SELECT count(*) FROM records")[0][0] == before


def test_mixed_roster_reports_every_bad_line(server, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(HEADER + f"一组,1号,好人,男,{MAN},,户主\n一组,2号,,男,,,户主\n"
                    f"一组,3号,坏人,未知,{WOMAN},12345,路人\n一组,4号,错性别,男,{WOMAN},,户主\n",
                    encoding="utf-8")
    msg = _err(server.admin("import-roster", str(path), "--grid", GRID1))
    for line in ("第 3 行", "第 4 行", "第 5 行"):
        assert line in msg
    assert "第 2 行" not in msg
    assert "性别与公民身份号码不符" in msg and "电话：手机号应为11位数字，当前为5位" in msg


def test_import_roster_accepts_what_the_client_accepts(server, tmp_path):
    """A 15-digit ID is stored upgraded to 18 (as the client stores it), a phone in any form
    the client takes is stored normalised, a blank 性别 comes from the ID, and 民族 (no such
    column) is the client's default code, never a blank one the client cannot read."""
    old = "110105" + "620303" + "015"  # 15-digit: born 1962-03-03, odd sequence: male
    upgraded = make_citizen_id("110105", date(1962, 3, 3), 15)
    path = tmp_path / "old-ids.csv"
    path.write_text(HEADER + f"导入组,15号,钱老汉,,{old},+86 138-1234-5670,户主\n",
                    encoding="utf-8")
    _ok(server.admin("import-roster", str(path), "--grid", GRID2))
    (data,) = [d for (d,) in db_rows(server, "SELECT data FROM records WHERE entity='resident'")
               if '"钱老汉"' in d]
    import json

    resident = json.loads(data)
    assert resident["citizen_id"] == upgraded and len(upgraded) == 18
    assert resident["birth_date"] == "1962-03-03" and resident["sex"] == "male"
    assert resident["phone"] == "13812345670"
    assert resident["ethnicity"] == "" and resident["education"] == ""
    household = record(server, resident["household_id"])
    assert household["data"]["phone"] == "13812345670"
    # The same person again, now with the 18-digit number: the same citizen, refused.
    again = tmp_path / "new-ids.csv"
    again.write_text(HEADER + f"导入组,16号,钱老汉,男,{upgraded},,户主\n", encoding="utf-8")
    assert "已在本网格登记" in _err(server.admin("import-roster", str(again), "--grid", GRID2))


def test_roster_cells_with_control_characters_are_refused(server, tmp_path):
    path = tmp_path / "control.csv"
    path.write_text(HEADER + "一组,1号,张\x07三,男,,,户主\n", encoding="utf-8")
    msg = _err(server.admin("import-roster", str(path), "--grid", GRID1))
    assert "第 2 行" in msg and "姓名：含有不可见的控制字符（U+0007）" in msg, msg


def test_empty_xlsx_and_missing_file(server, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    assert "空" in _err(server.admin("import-roster", str(path), "--grid", GRID1))
    assert "找不到" in _err(server.admin("import-roster", str(tmp_path / "none.csv"),
                                         "--grid", GRID1))
    assert "找不到" in _err(server.admin("import-roster", str(path), "--grid",
                                         "110105001001999"))


def test_demo_refuses_an_existing_database(server):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "gridcenter", "demo", "--data-dir",
                             str(server.data_dir)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "--force" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_deactivated_account_is_shut_out_at_once_and_can_be_reactivated(server):
    """A worker who left, or a lost laptop: the access token, the kept session and the
    password all stop working at once; reactivating needs the password again."""
    _ok(server.admin("create-user", "--username", "leaver", "--role", "worker",
                     env={"GRIDCENTER_PASSWORD": "pass-word-7"}))
    api = Api(server)
    session = api.login("leaver", "pass-word-7")
    assert api.get("/me").status_code == 200
    out = _ok(server.admin("deactivate-user", "--username", "leaver"))
    assert "leaver" in out and "1" in out  # one session revoked
    assert api.get("/me").status_code == 403  # the access token, at once: account_disabled
    refreshed = api.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert refreshed.status_code == 403 and refreshed.json()["error"]["message"]
    login = api.post("/auth/login", json={"username": "leaver", "password": "pass-word-7"})
    assert login.status_code == 403  # the right password learns why (test_account_disabled)
    _err(server.admin("deactivate-user", "--username", "leaver"))  # already
    _err(server.admin("deactivate-user", "--username", "ghost"))
    users = _ok(server.admin("users"))
    assert "leaver" in users

    _ok(server.admin("activate-user", "--username", "leaver"))
    _err(server.admin("activate-user", "--username", "leaver"))
    assert api.login("leaver", "pass-word-7")["user"]["username"] == "leaver"
    again = api.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert again.status_code == 401  # the old session stays revoked
    events = audit_events(server)
    deactivated = [e for e in events if e[0] == "admin_deactivate_user" and e[4]]
    assert deactivated and deactivated[-1][2] == "user:leaver"
    assert deactivated[-1][3] == "sessions_revoked:1"
    assert any(e[0] == "admin_activate_user" and e[4] for e in events)


def test_import_roster_reads_the_schema_columns_and_their_synonyms(server, tmp_path):
    """Headings come from the one schema: 身份证号 for 公民身份号码, 民族 by label (or without
    族), 文化程度 by label or a roster's word for it (大专), a 出生日期 in a roster's format."""
    path = tmp_path / "wide.csv"
    path.write_text(
        "组,门牌号,姓名,性别,民族,身份证号,手机,与户主关系,文化程度,出生日期,备注\n"
        "宽表组,1号,孙一,男,回,,13812345671,户主,大专,1970/3/5,腿脚不便\n"
        "宽表组,1号,孙二,女,汉族,,,配偶,初中,,\n",
        encoding="utf-8",
    )
    _ok(server.admin("import-roster", str(path), "--grid", GRID2))
    import json

    stored = (json.loads(x) for (x,) in db_rows(
        server, "SELECT data FROM records WHERE entity='resident'"))
    rows = {d["name"]: d for d in stored if d["name"] in ("孙一", "孙二")}
    assert rows["孙一"]["ethnicity"] == "03" and rows["孙一"]["education"] == "30"
    assert rows["孙一"]["birth_date"] == "1970-03-05" and rows["孙一"]["note"] == "腿脚不便"
    assert rows["孙一"]["phone"] == "13812345671"
    assert rows["孙二"]["ethnicity"] == "01" and rows["孙二"]["education"] == "70"
    assert rows["孙一"]["household_id"] == rows["孙二"]["household_id"]


def test_import_roster_names_each_bad_vocabulary_cell_with_its_line(server, tmp_path):
    path = tmp_path / "bad-vocab.csv"
    path.write_text(
        "组,门牌号,姓名,民族,文化程度\n一组,2号,周一,火星族,小学\n一组,2号,周二,汉族,幼儿园\n",
        encoding="utf-8",
    )
    msg = _err(server.admin("import-roster", str(path), "--grid", GRID1))
    assert "第 2 行" in msg and "民族应为" in msg
    assert "第 3 行" in msg and "文化程度应为" in msg


def test_a_grid_code_typed_with_full_width_digits_is_stored_in_ascii(server):
    """The rulebook's reading (str.isdigit took full-width digits, and stored them: a code
    the rule, and so every client, refuses)."""
    _ok(server.admin("create-grid", "--code", " １１０１０５００１００９００１ ",
                     "--name", "全角网格"))
    assert "110105001009001" in grid_ids(server)
    _err(server.admin("create-grid", "--code", "11010500100900A", "--name", "字母"))
