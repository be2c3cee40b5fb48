"""Centre administration: areas, grids, users, assignments, reassignment, roster import.

Used by the ``gridcenter admin`` command line and the demo generator. Every action writes an
audit row. Record changes go through :class:`~gridcenter.store.Store`, so they get sequence
numbers like any push and reach clients on their next pull.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from gridrules import RuleViolation
from gridrules.grid_code import parse_grid_code
from gridrules.ids import new_id
from gridrules.schema import ENTITIES

from .audit import audit
from .auth import ROLES, hash_password
from .db import Database, SeqAllocator
from .models import CURSOR_EPOCH, areas, assignments, grids, meta, records, refresh_tokens, users
from .store import EntryTx, Rec, Store
from .sync import relocate
from .util import now_iso

MIN_PASSWORD = 8


class AdminError(Exception):
    """A refused admin action; the message is shown to the operator as is (Chinese)."""


@dataclass(frozen=True)
class GridInfo:
    id: str
    code: str
    name: str


def _ensure_area(conn: Connection, level: str, code: str, name: str, parent: int | None) -> int:
    row = conn.execute(select(areas.c.id).where(areas.c.code == code)).first()
    if row is not None:
        return row.id
    return conn.execute(
        insert(areas).values(level=level, code=code, name=name, parent_id=parent)
        .returning(areas.c.id)
    ).scalar_one()


def grid_by_code(conn: Connection, code: str) -> GridInfo:
    row = conn.execute(select(grids.c.id, grids.c.code, grids.c.name).where(
        grids.c.code == code)).first()
    if row is None:
        raise AdminError(f"找不到编码为 {code} 的网格。")
    return GridInfo(row.id, row.code, row.name)


def user_by_name(conn: Connection, username: str) -> Any:
    row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None:
        raise AdminError(f"找不到用户 {username}。")
    return row


def new_record(entity: str, row_id: str, grid_id: str, parent_id: str | None,
               data: dict[str, Any], actor: str) -> Rec:
    now = now_iso()
    full = {name: spec.empty() for name, spec in ENTITIES[entity].fields.items()
            if spec.nullable or spec.empty() is not None}  # what a field left out holds
    full.update(data)
    return Rec(row_id, entity, grid_id, parent_id, 1, 0, False, full, now, now, actor)


def create_grid(
    db: Database, code: str, name: str, village: str, township: str, county: str, actor: str
) -> str:
    try:  # the rulebook's reading: full-width digits become ASCII (str.isdigit took them)
        code = parse_grid_code(code).code
    except RuleViolation:
        raise AdminError(
            "网格编码应为 15 位数字（县 6 位 + 乡镇 3 位 + 村/社区 3 位 + 网格 3 位），"
            "或 20 位数字。"
        ) from None
    if not name.strip():
        raise AdminError("网格名称不能为空。")
    with db.write() as conn:
        seqs = SeqAllocator(conn)
        if conn.execute(select(grids.c.id).where(grids.c.code == code)).first():
            raise AdminError(f"网格编码 {code} 已存在。")
        county_id = _ensure_area(conn, "county", code[:6], county or code[:6], None)
        township_id = _ensure_area(conn, "township", code[:9], township or code[6:9], county_id)
        village_id = _ensure_area(conn, "village", code[:12], village or code[9:12], township_id)
        grid_id = new_id()
        store = Store(conn, seqs, actor)
        data = {"code": code, "name": name.strip(), "village": village, "township": township,
                "county": county}
        store.put(new_record("grid", grid_id, grid_id, None, data, actor))
        store.put_grid(grid_id, code, name.strip(), village_id)
        store.flush()
        audit(conn, "admin_create_grid", actor, f"grid:{code}")
    return grid_id


def create_user(
    db: Database, username: str, role: str, display_name: str, password: str, actor: str
) -> str:
    username = username.strip()
    if not username or len(username) > 50:
        raise AdminError("用户名不能为空，且不超过 50 个字符。")
    if role not in ROLES:
        raise AdminError(f"角色应为 {'、'.join(ROLES)} 之一。")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"密码至少 {MIN_PASSWORD} 个字符。")
    password_hash = hash_password(password)
    with db.write() as conn:
        if conn.execute(select(users.c.id).where(users.c.username == username)).first():
            raise AdminError(f"用户名 {username} 已存在。")
        user_id = new_id()
        conn.execute(insert(users), [{
            "id": user_id, "username": username, "display_name": display_name or username,
            "role": role, "password_hash": password_hash, "failed_logins": 0,
            "locked_until": None, "active": True, "created_at": now_iso(),
        }])
        audit(conn, "admin_create_user", actor, f"user:{username}", role)
    return user_id


def assign(db: Database, username: str, grid_code: str, actor: str) -> None:
    with db.write() as conn:
        user = user_by_name(conn, username)
        grid = grid_by_code(conn, grid_code)
        exists = conn.execute(select(assignments.c.user_id).where(
            assignments.c.user_id == user.id, assignments.c.grid_id == grid.id)).first()
        if exists:
            raise AdminError(f"{username} 已负责网格 {grid_code}。")
        conn.execute(insert(assignments), [{"user_id": user.id, "grid_id": grid.id,
                                            "created_at": now_iso()}])
        audit(conn, "admin_assign", actor, f"user:{username}", f"grid:{grid_code}")


def unassign(db: Database, username: str, grid_code: str, actor: str) -> None:
    with db.write() as conn:
        user = user_by_name(conn, username)
        grid = grid_by_code(conn, grid_code)
        gone = conn.execute(delete(assignments).where(
            assignments.c.user_id == user.id, assignments.c.grid_id == grid.id)).rowcount
        if not gone:
            raise AdminError(f"{username} 并未负责网格 {grid_code}。")
        audit(conn, "admin_unassign", actor, f"user:{username}", f"grid:{grid_code}")


def set_active(db: Database, username: str, active: bool, actor: str) -> int:
    """Deactivate an account (a worker who left, a lost laptop) or reactivate it.

    Deactivating refuses the account's sign-ins and refreshes and its access tokens at once
    (every request checks ``active``), and revokes every refresh token it holds, so a stolen
    laptop's kept session is worthless. Nothing the account synced is touched. Reactivating
    lets it sign in again with its password (old sessions stay revoked). Returns how many
    sessions were revoked."""
    with db.write() as conn:
        user = user_by_name(conn, username)
        if bool(user.active) == active:
            raise AdminError(f"用户 {username} 已是{'启用' if active else '停用'}状态。")
        conn.execute(update(users).where(users.c.id == user.id).values(active=active))
        revoked = 0
        if not active:
            revoked = conn.execute(
                update(refresh_tokens)
                .where(refresh_tokens.c.user_id == user.id, refresh_tokens.c.revoked.is_(False))
                .values(revoked=True)
            ).rowcount
        audit(conn, "admin_activate_user" if active else "admin_deactivate_user", actor,
              f"user:{username}", f"sessions_revoked:{revoked}")
    return revoked


def reassign_household(db: Database, household_id: str, grid_code: str, actor: str) -> int:
    """Move a household (with residents, visits, amendments) to another grid; returns how
    many rows moved."""
    with db.write() as conn:
        seqs = SeqAllocator(conn)
        grid = grid_by_code(conn, grid_code)
        store = Store(conn, seqs, actor)
        current = store.get(household_id)
        if current is None or current.entity != "household":
            raise AdminError(f"找不到户 {household_id}。")
        if current.grid_id == grid.id:
            raise AdminError("该户已在目标网格中。")
        tx = EntryTx(store)
        row = current.copy()
        row.data["grid_id"] = grid.id
        row.parent_id = grid.id
        row.version += 1
        tx.put(row)
        relocate(tx, row, grid.id)
        moved = len(tx.staged)
        tx.commit()
        store.flush()
        audit(conn, "admin_reassign_household", actor, f"household:{household_id}",
              f"grid:{grid_code}")
    return moved


def new_cursor_epoch(db: Database, actor: str) -> str:
    """Make every pull cursor issued so far ``cursor_invalid``: run after restoring a backup.

    A restored database hands out again the sequence numbers its lost future had used, and
    clients hold cursors with marks up to that future. A mark above the current counter is
    refused anyway, but once new writes have passed it again nothing can tell such a cursor
    from a good one, and its client would never receive the rows numbered in between. A new
    epoch settles it: each client pulls from the beginning once, sweeps what the server no
    longer has and queues again the rows it wrote that the server lost (see
    docs/sync-protocol.md). Returns the new epoch."""
    with db.write() as conn:
        old = conn.execute(select(meta.c.value).where(meta.c.name == CURSOR_EPOCH)).scalar_one()
        epoch = secrets.token_hex(8)
        while epoch == old:  # pragma: no cover - 1 in 2**64
            epoch = secrets.token_hex(8)
        conn.execute(update(meta).where(meta.c.name == CURSOR_EPOCH).values(value=epoch))
        audit(conn, "admin_new_cursor_epoch", actor, "cursor_epoch", f"{old}->{epoch}")
    return epoch


def list_users(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        codes = {gid: code for gid, code in conn.execute(select(grids.c.id, grids.c.code))}
        by_user: dict[str, list[str]] = {}
        for uid, gid in conn.execute(select(assignments.c.user_id, assignments.c.grid_id)):
            by_user.setdefault(uid, []).append(codes.get(gid, gid))
        return [
            {"username": r.username, "display_name": r.display_name, "role": r.role,
             "active": bool(r.active), "grids": sorted(by_user.get(r.id, []))}
            for r in conn.execute(select(users).order_by(users.c.username))
        ]


def list_grids(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        counts: dict[str, int] = dict(conn.execute(
            select(records.c.grid_id, func.count()).where(
                records.c.entity == "household", records.c.deleted.is_(False)
            ).group_by(records.c.grid_id)
        ).all())
        return [
            {"code": r.code, "name": r.name, "id": r.id, "households": counts.get(r.id, 0)}
            for r in conn.execute(select(grids).order_by(grids.c.code))
        ]


def log_action(db: Database, event: str, actor: str, target: str, detail: str = "",
               success: bool = True) -> None:
    with db.write() as conn:
        audit(conn, event, actor, target, detail, success)
