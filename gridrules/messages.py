"""The default Chinese sentence for each violation (:class:`gridrules.RuleViolation`).

The rules say *what* is wrong as a code with parameters; this table says it in words a grid
worker or a centre administrator can act on: the client's ``ValidationError`` messages and
the centre's roster-import problems are made here, so both sides say the same thing. (The
translation catalogue takes over rendering in a later step; the codes stay.) The words never
repeat the value (it may be an ID number or a phone). A code without an entry gets a generic
sentence naming the code, so a new rule shows up as "数据不符合要求（code）" until it has
words of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import RuleViolation

__all__ = ["rule_message"]

_Params = Mapping[str, Any]

PHONE_FORMAT = (
    "电话号码格式不正确：手机号为1开头的11位数字（如 13812345678），"
    "固定电话需带区号（如 010-12345678、0371-6123456，分机可写作“转123”）"
)
_BIRTH = "出生日期（第7–14位）不是有效日期："


def _by_reason(table: Mapping[str, Callable[[_Params], str]], default: str
               ) -> Callable[[_Params], str]:
    def say(params: _Params) -> str:
        words = table.get(str(params.get("reason", "")))
        return words(params) if words is not None else default

    return say


_MESSAGES: dict[str, Callable[[_Params], str]] = {
    "id_empty": lambda p: "身份证号码为空",
    "id_chars": _by_reason(
        {"x_in_15": lambda p: "15位旧版身份证号码只能包含数字"},
        "身份证号码只能包含数字，仅最后一位可以是X（请去掉空格、横线等符号）",
    ),
    "id_length": lambda p: f"身份证号码应为18位（或旧版15位），当前为{p.get('length')}位",
    "id_birth_date": _by_reason(
        {
            "month": lambda p: f"{_BIRTH}月份应为01–12",
            "day": lambda p: f"{_BIRTH}{p.get('month')}月没有{p.get('day')}日",
            "year": lambda p: f"{_BIRTH}出生年份早于{p.get('min_year')}年",
        },
        f"{_BIRTH}请核对号码",
    ),
    "id_future_birth": lambda p: "出生日期（第7–14位）晚于今天，请核对号码",
    "id_check": lambda p: (
        f"校验码不符：最后一位应为 {p.get('expected')}，实际为 {p.get('actual')}。"
        "请逐位核对号码，可能有一位抄错或两位颠倒"
    ),
    "phone_empty": lambda p: "电话号码为空",
    "phone_invalid": _by_reason(
        {
            "foreign": lambda p: "仅支持中国大陆的手机号和固定电话号码",
            "no_area_code": lambda p: "固定电话请加上区号（如 010-12345678）；手机号应为11位数字",
            "mobile_length": lambda p: f"手机号应为11位数字，当前为{p.get('length')}位",
            "mobile_prefix": lambda p: "手机号格式不正确：第二位应为3–9",
        },
        PHONE_FORMAT,
    ),
    "grid_code_invalid": _by_reason(
        {
            "empty": lambda p: "网格编码为空",
            "chars": lambda p: "网格编码只能包含数字",
            "length": lambda p: f"网格编码应为15位或20位数字，当前为{p.get('length')}位",
        },
        "网格编码格式不正确",
    ),
    "coordinate_invalid": lambda p: f"坐标超出范围（{p.get('min')} 至 {p.get('max')}）",
    "text_type": lambda p: "应为文字",
    "text_too_long": lambda p: f"内容过长（最多 {p.get('max')} 字）",
    "text_nul": lambda p: "含有空字符（NUL），请删除后重新输入",
    "text_control_char": lambda p: f"含有不可见的控制字符（{p.get('char')}），请删除后重新输入",
    "text_surrogate": lambda p: "含有无法保存的字符（不成对的代理项），请删除后重新输入",
    "number_type": lambda p: "应为数字",
    "number_not_finite": lambda p: "不是有效的数字",
    "number_out_of_range": lambda p: f"数值超出范围（{p.get('min')} 至 {p.get('max')}）",
    "date_type": lambda p: "应为日期",
    "date_invalid": lambda p: "日期格式应为 YYYY-MM-DD",
    "date_not_normal": lambda p: "日期应写作 YYYY-MM-DD（如 2026-03-05）",
    "date_out_of_range": lambda p: f"日期应在 {p.get('min')} 至 {p.get('max')} 之间",
    "timestamp_type": lambda p: "应为时间",
    "timestamp_invalid": lambda p: "时间格式不正确",
    "timestamp_naive": lambda p: "时间缺少时区",
    "timestamp_out_of_range": lambda p: (
        f"时间应在 {str(p.get('min'))[:10]} 至 {str(p.get('max'))[:10]} 之间"
    ),
    "timestamp_in_future": lambda p: (
        f"时间晚于当前时间（允许的时钟误差为 {int(p.get('max_skew_seconds', 0)) // 60} 分钟），"
        "请检查本机时钟"
    ),
    "json_non_finite": lambda p: "含有无效的数字（NaN 或 Infinity）",
    "json_too_deep": lambda p: "数据嵌套过深",
    "json_too_large": lambda p: "数据过大",
    "json_type": lambda p: "数据类型无效",
    "uuid_invalid": lambda p: "标识符格式不正确",
    "code_unknown": lambda p: "不是可选的值（代码未定义）",
    "value_required": lambda p: "不能为空",
    "id_not_normal": lambda p: "身份证号码应为18位标准写法（15位旧号码需先升级，字母X大写）",
    "phone_not_normal": lambda p: "电话号码应为标准写法（去掉空格和多余符号）",
    "grid_code_not_normal": lambda p: "网格编码应为标准写法（半角数字，不含空格）",
    "set_type": lambda p: "应为一组代码",
    "set_too_large": lambda p: f"选项过多（最多 {p.get('max')} 项）",
    "set_duplicate": lambda p: "含有重复的选项",
    "sha256_invalid": lambda p: "照片标识不正确",
    "findings_invalid": lambda p: "发现事项格式不正确",
    "changes_invalid": lambda p: "更正内容格式不正确（只能更正可更正的走访项目）",
    "field_unknown": lambda p: "没有这一项",
    "bool_type": lambda p: "应为“是”或“否”",
}


def rule_message(violation: RuleViolation) -> str:
    """The Chinese sentence for ``violation`` (generic when its code has none)."""
    words = _MESSAGES.get(violation.code)
    if words is None:
        return f"数据不符合要求（{violation.code}）"
    return words(violation.params)
