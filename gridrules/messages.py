"""The words for each violation (:class:`gridrules.RuleViolation`), as message templates.

The rules say *what* is wrong as a code with parameters; :data:`TEMPLATES` says it in words a
grid worker or a centre administrator can act on. The templates are the Chinese source text
of the translation catalogue: the client's UI renders the same code through Qt's translator
(context ``messages``, see ``gridworker.ui.messages``), the CLI and the centre render the
Chinese with :func:`rule_message`. A template is chosen by ``code.reason`` (when the
violation's ``reason`` param names a variant) and then by ``code``; its ``{name}`` fields are
the params (plus the few derived by :func:`display_params`). The words never repeat the value
(it may be an ID number or a phone). A code without a template gets :data:`GENERIC`, naming
the code, so a new rule shows up as "数据不符合要求（code）" until it has words of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any

from .errors import RuleViolation

__all__ = ["GENERIC", "TEMPLATES", "display_params", "render", "rule_message", "template_of"]

Translate = Callable[[str], str]
"""Source text -> the words shown (the identity for Chinese)."""

GENERIC = "数据不符合要求（{code}）"

TEMPLATES: dict[str, str] = {
    "id_empty": "身份证号码为空",
    "id_chars": "身份证号码只能包含数字，仅最后一位可以是X（请去掉空格、横线等符号）",
    "id_chars.x_in_15": "15位旧版身份证号码只能包含数字",
    "id_length": "身份证号码应为18位（或旧版15位），当前为{length}位",
    "id_birth_date": "出生日期（第7–14位）不是有效日期：请核对号码",
    "id_birth_date.month": "出生日期（第7–14位）不是有效日期：月份应为01–12",
    "id_birth_date.day": "出生日期（第7–14位）不是有效日期：{month}月没有{day}日",
    "id_birth_date.year": "出生日期（第7–14位）不是有效日期：出生年份早于{min_year}年",
    "id_future_birth": "出生日期（第7–14位）晚于今天，请核对号码",
    "id_check": (
        "校验码不符：最后一位应为 {expected}，实际为 {actual}。"
        "请逐位核对号码，可能有一位抄错或两位颠倒"
    ),
    "phone_empty": "电话号码为空",
    "phone_invalid": (
        "电话号码格式不正确：手机号为1开头的11位数字（如 13812345678），"
        "固定电话需带区号（如 010-12345678、0371-6123456，分机可写作“转123”）"
    ),
    "phone_invalid.foreign": "仅支持中国大陆的手机号和固定电话号码",
    "phone_invalid.no_area_code": "固定电话请加上区号（如 010-12345678）；手机号应为11位数字",
    "phone_invalid.mobile_length": "手机号应为11位数字，当前为{length}位",
    "phone_invalid.mobile_prefix": "手机号格式不正确：第二位应为3–9",
    "grid_code_invalid": "网格编码格式不正确",
    "grid_code_invalid.empty": "网格编码为空",
    "grid_code_invalid.chars": "网格编码只能包含数字",
    "grid_code_invalid.length": "网格编码应为15位或20位数字，当前为{length}位",
    "coordinate_invalid": "坐标超出范围（{min} 至 {max}）",
    "text_type": "应为文字",
    "text_too_long": "内容过长（最多 {max} 字）",
    "text_nul": "含有空字符（NUL），请删除后重新输入",
    "text_control_char": "含有不可见的控制字符（{char}），请删除后重新输入",
    "text_surrogate": "含有无法保存的字符（不成对的代理项），请删除后重新输入",
    "number_type": "应为数字",
    "number_not_finite": "不是有效的数字",
    "number_out_of_range": "数值超出范围（{min} 至 {max}）",
    "date_type": "应为日期",
    "date_invalid": "日期格式应为 YYYY-MM-DD",
    "date_not_normal": "日期应写作 YYYY-MM-DD（如 2026-03-05）",
    "date_out_of_range": "日期应在 {min} 至 {max} 之间",
    "timestamp_type": "应为时间",
    "timestamp_invalid": "时间格式不正确",
    "timestamp_naive": "时间缺少时区",
    "timestamp_out_of_range": "时间应在 {min_date} 至 {max_date} 之间",
    "timestamp_in_future": (
        "时间晚于当前时间（允许的时钟误差为 {skew_minutes} 分钟），请检查本机时钟"
    ),
    "json_non_finite": "含有无效的数字（NaN 或 Infinity）",
    "json_too_deep": "数据嵌套过深",
    "json_too_large": "数据过大",
    "json_type": "数据类型无效",
    "uuid_invalid": "标识符格式不正确",
    "code_unknown": "不是可选的值（代码未定义）",
    "value_required": "不能为空",
    "id_not_normal": "身份证号码应为18位标准写法（15位旧号码需先升级，字母X大写）",
    "phone_not_normal": "电话号码应为标准写法（去掉空格和多余符号）",
    "grid_code_not_normal": "网格编码应为标准写法（半角数字，不含空格）",
    "set_type": "应为一组代码",
    "set_too_large": "选项过多（最多 {max} 项）",
    "set_duplicate": "含有重复的选项",
    "sha256_invalid": "照片标识不正确",
    "findings_invalid": "发现事项格式不正确",
    "changes_invalid": "更正内容格式不正确（只能更正可更正的走访项目）",
    "field_unknown": "没有这一项",
    "bool_type": "应为“是”或“否”",
}


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def display_params(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` plus the values the words show derived from them (a timestamp bound as
    its date, a clock skew in minutes) and the code itself."""
    out: dict[str, Any] = {"code": code, **params}
    if "min" in params:
        out.setdefault("min_date", str(params["min"])[:10])
    if "max" in params:
        out.setdefault("max_date", str(params["max"])[:10])
    if "max_skew_seconds" in params:
        with suppress(TypeError, ValueError):
            out.setdefault("skew_minutes", int(params["max_skew_seconds"]) // 60)
    return out


def template_of(
    code: str, params: Mapping[str, Any], tables: tuple[Mapping[str, str], ...] = (TEMPLATES,)
) -> str | None:
    """The template for ``code`` (its ``reason`` variant first), from the first table that
    has one; None when none has."""
    reason = params.get("reason")
    keys = ([f"{code}.{reason}"] if isinstance(reason, str) and reason else []) + [code]
    for key in keys:
        for table in tables:
            if key in table:
                return table[key]
    return None


def render(
    code: str,
    params: Mapping[str, Any] | None = None,
    *,
    tables: tuple[Mapping[str, str], ...] = (TEMPLATES,),
    translate: Translate | None = None,
) -> str:
    """The words for ``code`` with ``params``: its template (or :data:`GENERIC`), passed
    through ``translate`` (the identity: Chinese), with the params filled in."""
    params = params or {}
    template = template_of(code, params, tables) or GENERIC
    words = translate(template) if translate is not None else template
    try:
        return words.format_map(_Params(display_params(code, params)))
    except (ValueError, IndexError, AttributeError):  # a translation with a broken field
        return template.format_map(_Params(display_params(code, params)))


def rule_message(violation: RuleViolation) -> str:
    """The Chinese sentence for ``violation`` (generic when its code has none)."""
    return render(violation.code, violation.params)
