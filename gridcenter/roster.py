"""Roster import (.csv or .xlsx) for ``gridcenter admin import-roster``.

Columns: 组, 门牌号, 姓名, 性别, 公民身份号码, 电话, 与户主关系. Rows with the same 组 + 门牌号
form one household. All or nothing: every row is checked first and any problem is reported
with its line number; nothing is imported unless the whole file is clean.

Cells are checked with the rulebook (:mod:`gridrules`), so the import accepts what the
client's forms accept: 15-digit ID numbers (stored upgraded to 18), every phone form the
client takes (stored normalised), 性别 left blank (taken from the ID number, else unknown).
Fields the roster has no column for get the value the client's form gives them when left
untouched (民族: 汉族 "01", the client's default; the client reads no blank vocabulary code
as a valid one, so none is ever stored).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridrules import RuleViolation
from gridrules.citizen_id import parse_citizen_id
from gridrules.ids import new_id
from gridrules.messages import rule_message
from gridrules.phone import normalize_optional_phone
from gridrules.text import check_text, normalize_newlines

from .admin import AdminError, grid_by_code, new_record
from .audit import audit
from .db import Database, SeqAllocator
from .models import records
from .store import Store

COLUMNS = ("组", "门牌号", "姓名", "性别", "公民身份号码", "电话", "与户主关系")
RELATIONS = {
    "户主": "head", "配偶": "spouse", "子": "son", "女": "daughter", "父母": "parent",
    "兄弟姐妹": "sibling", "孙子女": "grandchild", "其他": "other",
}
SEXES = {"男": "male", "女": "female", "未知": "unknown", "": "unknown"}
DEFAULT_ETHNICITY = "01"
"""汉族: what the client's resident form holds until a worker picks another (the roster has no
民族 column). The client's vocabulary has no "unknown" ethnicity and refuses a blank one."""
MAX_ROWS = 50_000


class RosterError(AdminError):
    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


def _cell(value: Any, line: int, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if column == "公民身份号码":
            raise RosterError(f"第 {line} 行：公民身份号码被 Excel 存成了数字（会丢失末位），"
                              "请把该列设为文本格式后重新保存。")
        value = int(value) if value.is_integer() else value
    return normalize_newlines(str(value)).strip()


def _read_csv(path: Path) -> list[tuple[int, list[Any]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise RosterError("无法识别文件编码，请另存为 UTF-8 编码的 CSV。")
    if "\x00" in text:
        raise RosterError("文件不是有效的 CSV 文本（含有二进制内容）。")
    try:
        return [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text), strict=True), 1)]
    except csv.Error as exc:
        raise RosterError(f"CSV 格式错误：{exc}。") from None


def _read_xlsx(path: Path) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise RosterError("无法打开该 Excel 文件：文件已损坏或不是 .xlsx 格式。") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise RosterError("Excel 文件中没有工作表。")
        return [(i, list(row)) for i, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        book.close()


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) for every data row; header checked."""
    if not path.is_file():
        raise RosterError(f"找不到文件 {path}。")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw_rows = _read_csv(path)
    elif suffix == ".xlsx":
        raw_rows = _read_xlsx(path)
    else:
        raise RosterError("只支持 .csv 或 .xlsx 文件。")
    rows = [(i, r) for i, r in raw_rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise RosterError("文件是空的，没有表头也没有数据。")
    header_line, header = rows[0]
    names = [str(c).strip() if c is not None else "" for c in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise RosterError(
            f"第 {header_line} 行表头缺少列：{'、'.join(missing)}。需要的列：{'、'.join(COLUMNS)}。"
        )
    index = {c: names.index(c) for c in COLUMNS}
    data = rows[1:]
    if not data:
        raise RosterError("文件只有表头，没有数据行。")
    if len(data) > MAX_ROWS:
        raise RosterError(f"一次最多导入 {MAX_ROWS} 行。")
    out = []
    for line, row in data:
        values = {c: _cell(row[i] if i < len(row) else None, line, c) for c, i in index.items()}
        out.append((line, values))
    return out


def _problem(column: str, violation: RuleViolation) -> str:
    return f"{column}：{rule_message(violation)}"


def _check_row(line: int, v: dict[str, str]) -> tuple[dict[str, Any] | None, list[str]]:
    problems = []
    for column in ("组", "门牌号", "姓名"):
        try:
            check_text(v[column], field=column)
        except RuleViolation as violation:
            problems.append(_problem(column, violation))
    if not v["门牌号"]:
        problems.append("门牌号不能为空")
    if not v["姓名"] or len(v["姓名"]) > 50:
        problems.append("姓名不能为空且不超过 50 字")
    sex = SEXES.get(v["性别"])
    if sex is None:
        problems.append("性别应为“男”“女”或“未知”（也可留空，由公民身份号码确定）")
    citizen_id, birth = "", None
    if v["公民身份号码"]:
        try:
            parsed = parse_citizen_id(v["公民身份号码"])
        except RuleViolation as violation:
            problems.append(_problem("公民身份号码", violation))
        else:
            citizen_id, birth = parsed.number, parsed.birth_date.isoformat()
            if sex == "unknown":
                sex = parsed.sex
            elif sex is not None and parsed.sex != sex:
                problems.append("性别与公民身份号码不符")
    try:
        phone = normalize_optional_phone(v["电话"])
    except RuleViolation as violation:
        problems.append(_problem("电话", violation))
    relation = RELATIONS.get(v["与户主关系"])
    if relation is None:
        problems.append(f"与户主关系应为 {'、'.join(RELATIONS)} 之一")
    if len(v["组"]) > 50 or len(v["门牌号"]) > 50:
        problems.append("组或门牌号过长")
    if problems:
        return None, problems
    return {
        "name": v["姓名"], "former_name": "", "sex": sex, "ethnicity": DEFAULT_ETHNICITY,
        "citizen_id": citizen_id, "birth_date": birth,
        "phone": phone, "relation": relation, "population_type": "registered",
        "residence_status": "consistent", "care_categories": [], "management_categories": [],
        "status": "active", "note": "",
    }, []


def import_roster(db: Database, path: Path, grid_code: str, actor: str) -> tuple[int, int]:
    """Import the file into the grid; returns (new households, new residents)."""
    with db.read() as conn:
        grid_by_code(conn, grid_code)  # an unknown grid is said first, before any file check
    rows = read_rows(path)
    problems: list[tuple[int, str]] = []
    households: dict[tuple[str, str], list[dict[str, Any]]] = {}
    seen_ids: dict[str, int] = {}
    for line, values in rows:
        resident, errs = _check_row(line, values)
        problems.extend((line, e) for e in errs)
        if resident is None:
            continue
        cid = resident["citizen_id"]
        if cid and cid in seen_ids:
            problems.append((line, f"公民身份号码与第 {seen_ids[cid]} 行重复"))
            continue
        if cid:
            seen_ids[cid] = line
        households.setdefault((values["组"], values["门牌号"]), []).append(resident)
    if problems:
        raise RosterError(f"发现 {len(problems)} 处问题，未导入任何数据。", problems)
    with db.write() as conn:
        seqs = SeqAllocator(conn)
        grid = grid_by_code(conn, grid_code)
        store = Store(conn, seqs, actor)
        existing: dict[tuple[str, str], str] = {}
        known_ids: set[str] = set()
        for rid, entity, data in conn.execute(
            select(records.c.id, records.c.entity, records.c.data).where(
                records.c.grid_id == grid.id, records.c.deleted.is_(False),
                records.c.entity.in_(("household", "resident")),
            )
        ):
            d = json.loads(data)
            if entity == "household":
                existing[(d.get("group_name", ""), d.get("door_number", ""))] = rid
            elif d.get("citizen_id"):
                known_ids.add(d["citizen_id"])
        clash = [cid for cid in seen_ids if cid in known_ids]
        if clash:
            lines = sorted(seen_ids[c] for c in clash)
            raise RosterError(
                "部分居民已在本网格登记，未导入任何数据。",
                [(line, "该公民身份号码已在本网格登记") for line in lines],
            )
        new_households = 0
        for (group, door), people in households.items():
            household_id = existing.get((group, door))
            if household_id is None:
                household_id = new_id()
                head = next((p for p in people if p["relation"] == "head"), None)
                data = {
                    "grid_id": grid.id, "group_name": group, "door_number": door,
                    "address_detail": "", "dwelling_type": "owner_occupied",
                    "head_resident_id": None, "phone": head["phone"] if head else "",
                    "tags": [], "latitude": None, "longitude": None, "status": "active",
                }
                hh = new_record("household", household_id, grid.id, grid.id, data, actor)
                store.put(hh)
                new_households += 1
            for person in people:
                resident_id = new_id()
                store.put(new_record("resident", resident_id, grid.id, household_id,
                                     {"household_id": household_id, **person}, actor))
                if person["relation"] == "head":
                    hh_rec = store.get(household_id)
                    if hh_rec is not None and not hh_rec.data.get("head_resident_id"):
                        hh_rec.data["head_resident_id"] = resident_id
        store.flush()
        count = sum(len(p) for p in households.values())
        audit(conn, "admin_import_roster", actor, f"grid:{grid_code}",
              f"{new_households} households, {count} residents")
    return new_households, count
