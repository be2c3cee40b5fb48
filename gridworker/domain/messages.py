"""Messages are codes: the client's own message codes and their Chinese words.

Every error gridworker raises on purpose (:class:`~gridworker.domain.errors.GridworkerError`)
carries a stable ``code`` and its ``params``; the words are looked up here (and, for rulebook
violations, in :data:`gridrules.messages.TEMPLATES`), never written at the raise site. The
same tables hold the words of the conflict and refused-change views (kinds, states, choices,
operations, placeholders such as "（空）"). The templates are the Chinese source text of the
translation catalogue (context ``messages``): the CLI renders them as they are, the UI
through Qt's translator (``gridworker.ui.messages``), both with :func:`render`. A template is
picked by ``code.reason`` first (the ``reason`` param names a variant), then ``code``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gridrules import messages as rule_words

__all__ = ["TEMPLATES", "Message", "Translate", "chinese", "has_words", "render", "say"]

Translate = Callable[[str, str, str], str]
"""(context, source text, disambiguation) -> the words shown: Qt's ``translate`` in the UI,
:func:`chinese` elsewhere. Contexts: ``messages`` (these tables), ``fields`` (schema labels),
``vocab`` (vocabulary labels, disambiguated by the vocabulary's class name)."""


def chinese(context: str, source: str, disambiguation: str = "") -> str:
    """The source text itself: the words in Chinese."""
    return source


@dataclass(frozen=True, slots=True)
class Message:
    """What to say, as a stable code and the params its words need (never personal data)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, translate: Translate = chinese) -> str:
        return render(self.code, self.params, translate)


TEMPLATES: dict[str, str] = {
    # -- forms (domain rules)
    "invalid_choice": "无效的选项：{value}",
    "invalid_choice.conflict_kind": "这类冲突只能选择：{choices}",
    "name_required": "请填写姓名",
    "name_too_long": "姓名过长（最多 {max} 个字）",
    "birth_date_invalid": "出生日期格式应为 YYYY-MM-DD",
    "birth_date_future": "出生日期不能晚于今天",
    "sex_mismatch": "性别与身份证号码不符（号码显示为{sex}）",
    "address_required": "请至少填写组别、门牌号或详细地址中的一项",
    "summary_required": "请填写走访情况摘要",
    "summary_too_long": "摘要过长（最多 {max} 字）",
    "visit_in_future": "走访时间不能晚于当前时间",
    "visit_end_before_start": "结束时间不能早于开始时间",
    "follow_up_in_past": "跟进日期不能早于走访日期",
    "finding_invalid": "发现事项类型无效",
    # -- services
    "too_many_photos": "每次走访最多附 {max} 张照片",
    "reason_required": "请说明原因",
    "reason_required.amend": "请说明更正原因",
    "reason_required.delete": "请说明删除原因",
    "reason_required.reveal": "查看完整信息需要说明理由（将记入审计日志）",
    "nothing_to_amend": "没有需要更正的内容",
    "name_required.grid": "请填写网格名称",
    "head_not_member": "户主须是本户的在册居民",
    "id_duplicate": "该身份证号码已登记在册，请先搜索核对，避免重复登记",
    "credentials_required": "请填写用户名和密码",
    "server_url": "服务器地址无效：{detail}",
    "already_kept": "这条修改已保留过副本",
    "conflict_not_open": "该冲突已决定，正在等待同步",
    "conflict_not_open.resolved": "该冲突已处理",
    "not_found": "找不到这条记录",
    "not_found.household": "找不到该户，可能已被移出本网格",
    "not_found.resident": "找不到该居民",
    "not_found.visit": "找不到该走访记录",
    "not_found.grid": "找不到该网格",
    "not_found.conflict": "找不到该冲突记录",
    "not_found.rejection": "找不到这条被拒绝的修改（可能已经处理过）",
    "not_found.photo": "服务器上没有这张照片，或您无权查看",
    "not_found.local_row": "本机已没有这条记录，无法按此方式处理",
    "permission_denied": "没有权限做这项操作",
    "permission_denied.reveal": "该字段不可查看明文：{name}",
    "not_deletable": "这类记录不能删除",
    "not_editable": "该字段不能在本机修改",
    "conflict_value_invalid": "新值不符合要求：{detail}",
    "not_empty": "该工作区已有数据，演示数据只能载入空工作区",
    "disk_full": "磁盘空间不足，本次修改未能保存（之前保存的数据不受影响）。请清理磁盘后重试。",
    # -- photos
    "photo_not_image": "不是可识别的图片文件，请选择 JPEG、PNG、WebP、BMP、GIF 或 TIFF 格式的照片",
    "photo_truncated": "图片文件不完整（可能传输中断），请重新拷贝或重新拍摄后再添加",
    "photo_unreadable": "图片无法读取（文件可能已损坏），请换一张照片",
    "photo_too_large": "图片尺寸过大，超过 {max_megapixels} 万像素上限，请缩小后再添加",
    "photo_too_large.size": (
        "图片尺寸过大（{width}×{height} 像素），超过 {max_megapixels} 万像素上限，请缩小后再添加"
    ),
    "photo_missing": "找不到照片文件“{name}”，请确认文件仍在原位置（U 盘或手机是否已拔出）",
    "photo_file_too_big": "照片文件过大（{mb} MB），超过 {max_mb} MB 上限，请换一张或先压缩",
    # -- sync
    "grid_code_clash": (
        "本工作区里已有编码为 {grid_code} 的本地网格，与服务器上的网格冲突，无法合并。"
        "请换一个数据目录（--data-dir）重新登录同步。"
    ),
    "server_refused": "服务器拒绝了请求（{code}）",
    "offline": "无法连接到服务器：请检查网络连接后再试。本机数据都已保存，联网后同步即可。",
    "bad_credentials": "用户名或密码不正确。连续输错 5 次账号将被锁定 15 分钟。",
    "account_locked": "账号因多次输错密码已被锁定，请约 {minutes} 分钟后再试，或联系网格管理中心。",
    "account_disabled": "此账号已被停用，请联系管理员。",
    "not_signed_in": "尚未登录：请先运行“gridworker login”登录后再同步。",
    "token_expired": "登录已过期，请重新登录。",
    "refresh_invalid": "登录已过期，请重新登录。",
    "unauthenticated": "登录已过期，请重新登录。",
    "protocol_unsupported": "服务器已升级，当前版本的 gridworker 无法与其同步：请更新应用。",
    "malformed_response": (
        "服务器的回复无法识别，本次同步未写入任何数据。请稍后再试；如果反复出现，请联系技术支持。"
    ),
    "cancelled": "同步已取消。已完成的部分已保存，下次同步会从中断处继续。",
    "account_mismatch": (
        "这个工作区已与账号“{bound_user}”（服务器 {bound_server}）同步过数据，"
        "不能改用账号“{user}”（服务器 {server}）。"
        "请为新账号使用另一个数据目录（--data-dir），以免不同账号的数据混在一起。"
    ),
    # -- conflicts (services.conflicts)
    "conflict_kind.field": "同一项被您和平台同时修改",
    "conflict_kind.update_vs_delete": "您修改的记录已在平台上被删除",
    "conflict_kind.delete_vs_update": "您删除的记录已在平台上被修改",
    "conflict_state.open": "待处理",
    "conflict_state.resolving": "已决定，待同步",
    "conflict_state.resolved": "已解决",
    "conflict_choice.mine": "采用我的值",
    "conflict_choice.theirs": "采用平台的值",
    "conflict_choice.new": "填写新值",
    "conflict_choice.keep": "保留这条记录",
    "conflict_choice.accept_delete": "同意删除",
    "conflict_field_summary": (
        "{where}的“{field}”：原为 {base}，您改为 {mine}，平台上已改为 {theirs}"
    ),
    "conflict_row_summary": "{where}：{kind}",
    "conflict_decided": "（{state}：{choice}）",
    "conflict_deleted_there": "（平台上已删除这条记录）",
    "conflict_deleted_here": "（您删除了这条记录）",
    "row_where": "{entity}“{row}”",
    "value.empty": "（空）",
    "value.yes": "是",
    "value.no": "否",
    "value.hidden": "（敏感信息，不显示）",
    "value.pair": "{label}：{value}",
    "value.list_separator": "、",
    # -- row labels
    "row.no_household": "（本机已无此户）",
    "row.no_door": "（无门牌）",
    "row.no_grid": "（本机已无此网格）",
    "row.no_resident": "（本机已无此居民）",
    "row.no_visit": "（本机已无此走访记录）",
    "row.no_amendment": "（本机已无此更正）",
    "row.resident": "{name}（{address}）",
    "row.visit": "{date} 的走访（{address}）",
    "row.amendment": "走访更正：{visit}",
    # -- refused changes (services.rejections)
    "op.create": "新建",
    "op.update": "修改",
    "op.delete": "删除",
    "op.restore": "恢复",
    "refused.out_of_scope": "这条记录已不在您的网格，平台不再接受您对它的修改",
    "refused.out_of_scope.household": "这户已不在您的网格，平台不再接受您对它的修改",
    "refused.out_of_scope.resident": "这位居民所在的户已不在您的网格，平台不再接受您对它的修改",
    "refused.out_of_scope.visit": "这次走访所在的户已不在您的网格，平台不再接受您对它的修改",
    "refused.out_of_scope.visit_amendment": (
        "这条走访记录所在的户已不在您的网格，平台不再接受您对它的修改"
    ),
    "refused.out_of_scope.grid": "这个网格已不在您的网格，平台不再接受您对它的修改",
    "refused.forbidden": "您的账号没有做这项修改的权限",
    "refused.not_found": "平台上没有这条记录（可能已被删除，或从未上传到平台）",
    "refused.already_exists": "平台上已有这条记录，不能重复新建",
    "refused.append_only": "走访记录上传后不能再改，只能另写一条更正",
    "refused.parent_missing": "它所属的户或记录在平台上已不存在",
    "refused.has_children": "这条记录下还有其他记录，不能删除",
    "refused.invalid": "平台认为填写的内容不符合要求",
    "refused.invalid_field": "平台认为“{field}”不符合要求：{why}",
    "refused.bad_request": "平台无法识别这条修改",
    "refused.too_large": "内容太大，平台无法接收",
    "refused.other": "平台拒绝了这条修改",
    "refused.sentence": "{plain}。（平台说明：{message}；代码 {code}）",
    "refused.sentence_one": "{plain}。（平台说明：{message}{code}）",
    "refused.sentence_plain": "{plain}。",
}


def render(code: str, params: Mapping[str, Any] | None = None,
           translate: Translate = chinese) -> str:
    """The words for a client or rulebook code (client codes first), translated."""
    return rule_words.render(
        code, params, tables=(TEMPLATES, rule_words.TEMPLATES),
        translate=lambda source: translate("messages", source, ""),
    )


def has_words(code: str, params: Mapping[str, Any] | None = None) -> bool:
    """Whether ``code`` has words of its own (else :func:`render` gives the generic ones)."""
    return rule_words.template_of(code, params or {}, (TEMPLATES, rule_words.TEMPLATES)) is not None


def say(key: str, translate: Translate = chinese, **params: Any) -> str:
    """``render(key, params, translate)``, for the views' fixed words."""
    return render(key, params, translate)
