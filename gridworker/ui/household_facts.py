"""What the household pane says about a household in words: the list line made from a
freshly loaded detail, the header's facts and 下次应访 lines, the section titles."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ..api import HouseholdDetail, HouseholdSummary
from ..domain.vocab import HouseholdStatus, ResidentStatus, VisitDueState
from .household_model import vocab_label

PANE = "HouseholdDetailPane"  # the translation context: the pane shows these lines


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _trn(context: str, text: str, n: int) -> str:
    """``text`` with ``%n`` for a count, in the plural form ``n`` needs."""
    return QCoreApplication.translate(context, text, "", n)


def summary_from_detail(detail: HouseholdDetail) -> HouseholdSummary:
    """The household-list line for a freshly loaded detail (same rules as the list query:
    members and care categories count active residents; pending means the household row)."""
    h = detail.household
    active = [r for r in detail.residents if r.status is ResidentStatus.ACTIVE]
    head = next((r for r in detail.residents if r.id == h.head_resident_id), None)
    live = h.status is HouseholdStatus.ACTIVE
    return HouseholdSummary(
        id=h.id,
        grid_id=h.grid_id,
        address=h.address,
        group_name=h.group_name,
        door_number=h.door_number,
        head_name=head.name if head else "",
        member_count=len(active),
        tags=h.tags,
        care_categories=frozenset(c for r in active for c in r.care_categories),
        status=h.status,
        last_visit=detail.last_visit,
        next_due=detail.next_due if live else None,
        due_state=detail.due_state if live else VisitDueState.OK,
        pending=detail.sync.unsent > 0,
        sync=detail.sync,
    )


def due_line(detail: HouseholdDetail, now: datetime) -> str:
    """``下次应访：2026-12-01（已逾期 5 天）`` and friends."""
    h = detail.household
    if h.status is not HouseholdStatus.ACTIVE:
        return _tr(PANE, "本户{0}，无需走访").format(vocab_label(h.status))
    due = detail.next_due
    if due is None:
        return _tr(PANE, "从未走访，请尽快走访")
    days = (due.date() - now.date()).days
    if days < 0:
        note = _trn(PANE, "已逾期 %n 天", -days)
    elif days == 0:
        note = _tr(PANE, "今天到期")
    else:
        note = _trn(PANE, "还有 %n 天", days)
    if detail.last_visit is None:  # due since it was registered, like any other household
        note = _tr(PANE, "从未走访，") + note
    return _tr(PANE, "下次应访：{0}（{1}）").format(due.strftime("%Y-%m-%d"), note)


def facts_line(detail: HouseholdDetail) -> str:
    """``户主：汪铁柱　·　房屋类型：自住`` with the tags and a status other than active."""
    h = detail.household
    head = next((r for r in detail.residents if r.id == h.head_resident_id), None)
    facts = [
        _tr(PANE, "户主：{0}").format(head.name if head else _tr(PANE, "未登记")),
        _tr(PANE, "房屋类型：{0}").format(vocab_label(h.dwelling_type)),
    ]
    if h.tags:
        facts.append(_tr(PANE, "、").join(vocab_label(t) for t in sorted(h.tags)))
    if h.status is not HouseholdStatus.ACTIVE:
        facts.append(vocab_label(h.status))
    return _tr(PANE, "　·　").join(facts)


def residents_line(detail: HouseholdDetail) -> str:
    """The residents' section title: how many are registered, how many left."""
    residents = detail.residents
    active = sum(r.status is ResidentStatus.ACTIVE for r in residents)
    moved = len(residents) - active
    if moved:
        return _tr(PANE, "居民（在册 {0} 人，另有 {1} 人迁出或死亡）").format(active, moved)
    return _tr(PANE, "居民（在册 {0} 人）").format(active)


def visits_line(detail: HouseholdDetail) -> str:
    """The visit timeline's title: how many visits, the latest's date."""
    if not detail.visits:
        return _tr(PANE, "走访记录（尚无）")
    return _tr(PANE, "走访记录（{0} 次，最近 {1}）").format(
        len(detail.visits), detail.visits[0].started_at.strftime("%Y-%m-%d")
    )


def redactions_line(detail: HouseholdDetail) -> str:
    """Under the visit timeline: visits (and corrections) the centre redacted, with why;
    empty when there are none."""
    if not detail.redactions:
        return ""
    visits = [r for r in detail.redactions if r.entity == "visit"]
    fixes = [r for r in detail.redactions if r.entity != "visit"]
    parts = []
    if visits:
        parts.append(_trn(PANE, "%n 条走访记录已被平台撤销", len(visits)))
    if fixes:
        parts.append(_trn(PANE, "%n 条走访更正已被平台撤销", len(fixes)))
    latest = detail.redactions[0]
    reason = _tr(PANE, "原因：{0}（{1}）").format(latest.reason, latest.redacted_at[:10])
    return _tr(PANE, "{0}。{1}").format("，".join(parts), reason)
