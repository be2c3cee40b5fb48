"""Roster import (.csv or .xlsx) for ``gridcenter admin import-roster``.

The headings it reads are the one schema's roster columns (``gridrules.schema``: 组, 门牌号,
姓名, 性别, 民族, 公民身份号码 / 身份证号, 联系电话 / 电话, 与户主关系, 文化程度 …, with their
synonyms); 门牌号 and 姓名 are required, every other column may be missing. Rows with the
same 组 + 门牌号 form one household. All or nothing: every row is checked first and any
problem is reported with its line number; nothing is imported unless the whole file is clean.

Cells are checked with the rulebook, field by field, exactly as the centre checks a push:
15-digit ID numbers are stored upgraded to 18, phones normalised, vocabulary cells may hold
the label (汉族, 大专 …) or the code, 性别 left blank is taken from the ID number. A field
without a column gets the schema's value for a field left out (民族 and 文化程度: blank,
shown as 未填写; never a guessed 汉族).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridrules import RuleViolation
from gridrules.citizen_id import parse_citizen_id
from gridrules.ids import new_id
from gridrules.messages import rule_message
from gridrules.phone import normalize_optional_phone
from gridrules.schema import ENTITIES, Kind, check_field, label_of
from gridrules.text import normalize_newlines
from gridrules.vocab import from_text

from .admin import AdminError, grid_by_code, new_record
from .audit import audit
from .db import Database, SeqAllocator
from .models import records
from .store import Store


def _columns() -> dict[str, tuple[str, str]]:
    """Heading → (entity, field), from the one schema's roster columns."""
    out: dict[str, tuple[str, str]] = {}
    for entity in ("household", "resident"):
        for name, spec in ENTITIES[entity].fields.items():
            for heading in spec.columns:
                out.setdefault(heading, (entity, name))
    return out


HEADINGS = _columns()
"""Every heading the import reads (synonyms included), as the schema declares them."""
REQUIRED = ("门牌号", "姓名")
"""Headings a roster must have (a household is one 组 + 门牌号; a resident needs a name)."""
MAX_ROWS = 50_000


Cells = dict[tuple[str, str], str]


class RosterError(AdminError):
    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


def _cell(value: Any, line: int, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, float):
        if HEADINGS.get(column) == ("resident", "citizen_id"):
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


def read_rows(path: Path) -> list[tuple[int, Cells]]:
    """(line number, {(entity, field): text}) for every data row; header checked."""
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
    names = [_heading(c) for c in header]
    index: dict[str, int] = {}
    for position, heading in enumerate(names):
        if heading in HEADINGS and HEADINGS[heading] not in {HEADINGS[h] for h in index}:
            index[heading] = position
    missing = [c for c in REQUIRED if _find(index, c) is None]
    if missing:
        raise RosterError(
            f"第 {header_line} 行表头缺少列：{'、'.join(missing)}。"
            f"至少需要：{'、'.join(REQUIRED)}；可以有：{'、'.join(_canonical_headings())}。"
        )
    data = rows[1:]
    if not data:
        raise RosterError("文件只有表头，没有数据行。")
    if len(data) > MAX_ROWS:
        raise RosterError(f"一次最多导入 {MAX_ROWS} 行。")
    out = []
    for line, row in data:
        values = {HEADINGS[c]: _cell(row[i] if i < len(row) else None, line, c)
                  for c, i in index.items()}
        out.append((line, values))
    return out


def _heading(cell: Any) -> str:
    return "" if cell is None else "".join(str(cell).split())


def _find(index: dict[str, int], heading: str) -> int | None:
    target = HEADINGS[heading]
    return next((i for h, i in index.items() if HEADINGS[h] == target), None)


def _canonical_headings() -> list[str]:
    seen: list[str] = []
    for entity in ("household", "resident"):
        seen.extend(s.columns[0] for s in ENTITIES[entity].fields.values() if s.columns)
    return seen


def _problem(entity: str, violation: RuleViolation) -> str:
    return f"{label_of(entity, violation.field)}：{rule_message(violation)}"


def _vocab_cell(cells: Cells, entity: str, name: str, problems: list[str]) -> str:
    spec = ENTITIES[entity].fields[name]
    assert spec.vocab is not None
    text = cells.get((entity, name), "")
    if not text:
        return "" if spec.blank else str(spec.default)
    member = from_text(spec.vocab, text)
    if member is None:
        choices = "、".join(m.label for m in spec.vocab)
        problems.append(f"{spec.label}应为 {choices} 之一")
        return "" if spec.blank else str(spec.default)
    return member.value


def _record(entity: str, cells: Cells, problems: list[str], **fixed: Any) -> dict[str, Any]:
    """Every field of ``entity``: from its column when the roster has one, else the value the
    schema gives a field left out; then the rulebook's check of the whole record."""
    out: dict[str, Any] = {}
    for name, spec in ENTITIES[entity].fields.items():
        if name in fixed:
            out[name] = fixed[name]
        elif spec.vocab is not None and spec.kind is Kind.TEXT:
            out[name] = _vocab_cell(cells, entity, name, problems)
        elif (entity, name) in cells and spec.kind is Kind.TEXT:
            out[name] = cells[(entity, name)]
        elif (entity, name) in cells and spec.kind is Kind.DATE and cells[(entity, name)]:
            out[name] = _date_text(cells[(entity, name)])
        else:
            out[name] = spec.empty()
    for name, value in out.items():
        if name in fixed:
            continue
        try:
            check_field(entity, name, value)
        except RuleViolation as violation:
            problems.append(_problem(entity, violation))
    return out


def _date_text(text: str) -> str:
    """A roster's date as ISO text: 1990-03-07, 1990/3/7, 1990.3.7 or 19900307."""
    parts = text.replace("/", "-").replace(".", "-").split(" ")[0].split("-")
    if len(parts) == 1 and len(parts[0]) == 8 and parts[0].isdigit():
        parts = [parts[0][:4], parts[0][4:6], parts[0][6:]]
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return text


def _check_row(line: int, cells: Cells) -> tuple[dict[str, Any] | None, list[str]]:
    """One roster line as a resident's values (and the phone its household takes), with
    the same rules and codes as the client's resident form."""
    problems: list[str] = []
    if not cells.get(("household", "door_number")):
        problems.append("门牌号不能为空（同一组、同一门牌号的人为一户）")
    for key in (("household", "group_name"), ("household", "door_number")):
        try:
            check_field(*key, cells.get(key, ""))
        except RuleViolation as violation:
            problems.append(_problem("household", violation))
    citizen_id = cells.get(("resident", "citizen_id"), "")
    parsed = None
    if citizen_id:
        try:
            parsed = parse_citizen_id(citizen_id)
        except RuleViolation as violation:
            problems.append(_problem("resident", violation.at("citizen_id")))
    phone = cells.get(("resident", "phone"), "")
    try:
        phone = normalize_optional_phone(phone)
    except RuleViolation as violation:
        problems.append(_problem("resident", violation.at("phone")))
        phone = ""
    fixed: dict[str, Any] = {"household_id": None, "phone": phone, "status": "active",
                             "citizen_id": parsed.number if parsed else ""}
    resident = _record("resident", cells, problems, **fixed)
    if parsed is not None:
        if resident["sex"] == "unknown":
            resident["sex"] = parsed.sex
        elif resident["sex"] != parsed.sex:
            problems.append("性别与公民身份号码不符")
        birth = parsed.birth_date.isoformat()
        if resident["birth_date"] not in (None, birth):
            problems.append("出生日期与公民身份号码不符")
        resident["birth_date"] = birth
    if problems:
        return None, problems
    resident.pop("household_id")
    return resident, []


def _household(cells: Cells, head_phone: str, problems: list[str]) -> dict[str, Any]:
    """A new household's values from its first line (its phone: the 户联系电话 column, else
    the head's)."""
    phone = cells.get(("household", "phone"), "")
    try:
        phone = normalize_optional_phone(phone) or head_phone
    except RuleViolation as violation:
        problems.append(_problem("household", violation.at("phone")))
    return _record("household", cells, problems, grid_id=None, head_resident_id=None,
                   status="active", phone=phone)


def import_roster(db: Database, path: Path, grid_code: str, actor: str) -> tuple[int, int]:
    """Import the file into the grid; returns (new households, new residents)."""
    with db.read() as conn:
        grid_by_code(conn, grid_code)  # an unknown grid is said first, before any file check
    rows = read_rows(path)
    problems: list[tuple[int, str]] = []
    households: dict[tuple[str, str], list[dict[str, Any]]] = {}
    first_lines: dict[tuple[str, str], tuple[int, Cells]] = {}
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
        key = (values.get(("household", "group_name"), ""),
               values[("household", "door_number")])
        households.setdefault(key, []).append(resident)
        first_lines.setdefault(key, (line, values))
    household_values: dict[tuple[str, str], dict[str, Any]] = {}
    for key, (line, values) in first_lines.items():
        head = next((p for p in households[key] if p["relation"] == "head"), None)
        household_errs: list[str] = []
        household_values[key] = _household(values, head["phone"] if head else "", household_errs)
        problems.extend((line, e) for e in household_errs)
    if problems:
        problems.sort(key=lambda p: p[0])
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
                data = {**household_values[(group, door)], "grid_id": grid.id}
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
