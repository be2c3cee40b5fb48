"""Controlled vocabularies from the grid-management domain: the rulebook's one list of codes.

Each member's value is the stable code stored in the database and sent over the wire; its
``label`` is the Chinese term users see (the UI passes it through Qt's translator, context
``vocab``, so English is available too). The client and the centre both check codes against
these lists (:mod:`gridrules.schema` names which field takes which vocabulary).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Self, TypeVar

__all__ = [
    "ALIASES",
    "CareCategory",
    "DwellingType",
    "Education",
    "Ethnicity",
    "FindingKind",
    "HouseholdStatus",
    "HouseholdTag",
    "ManagementCategory",
    "PopulationType",
    "Relation",
    "ResidenceStatus",
    "ResidentStatus",
    "Role",
    "Sex",
    "VisitDueState",
    "VisitType",
    "Vocabulary",
    "from_text",
]


_V = TypeVar("_V", bound="Vocabulary")


def _new_member(cls: type[_V], code: str, label: str) -> _V:
    """A vocabulary member: ``code`` is its value (a ``str``), ``label`` its display term."""
    obj = str.__new__(cls, code)
    obj._value_ = code
    obj.label = label
    return obj


class Vocabulary(StrEnum):
    """A StrEnum whose members carry a Chinese display label."""

    label: str

    if TYPE_CHECKING:
        # Calling a vocabulary class looks a member up by its code. mypy takes the signature
        # of the member-building ``__new__`` for that call (python/mypy#10573), so it is shown
        # the lookup one; the class body builds members with _new_member.
        def __new__(cls, code: str) -> Self: ...
    else:
        __new__ = _new_member

    @classmethod
    def from_label(cls, label: str) -> Vocabulary:
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(f"{label!r} is not a {cls.__name__} label")


class Sex(Vocabulary):
    MALE = "male", "男"
    FEMALE = "female", "女"
    UNKNOWN = "unknown", "未知"


class Relation(Vocabulary):
    """与户主关系"""

    HEAD = "head", "户主"
    SPOUSE = "spouse", "配偶"
    SON = "son", "子"
    DAUGHTER = "daughter", "女"
    PARENT = "parent", "父母"
    SIBLING = "sibling", "兄弟姐妹"
    GRANDCHILD = "grandchild", "孙子女"
    OTHER = "other", "其他"


class PopulationType(Vocabulary):
    """人口类型"""

    REGISTERED = "registered", "户籍人口"
    MIGRANT = "migrant", "流动人口"
    FOREIGNER = "foreigner", "境外人员"
    UNREGISTERED = "unregistered", "未落户人员"


class ResidenceStatus(Vocabulary):
    """人户状态"""

    CONSISTENT = "consistent", "人户一致"
    HUKOU_AWAY = "hukou_away", "人在户不在"
    PERSON_AWAY = "person_away", "户在人不在"


class CareCategory(Vocabulary):
    """关爱对象: drive visit frequency."""

    ELDERLY_ALONE = "elderly_alone", "独居老人"
    INCAPACITATED = "incapacitated", "失能老人"
    EMPTY_NEST = "empty_nest", "空巢老人"
    LEFT_BEHIND_CHILD = "left_behind_child", "留守儿童"
    LEFT_BEHIND_ELDERLY = "left_behind_elderly", "留守老人"
    LEFT_BEHIND_WOMAN = "left_behind_woman", "留守妇女"
    DISABLED = "disabled", "残疾人"
    MINIMUM_ALLOWANCE = "minimum_allowance", "低保"
    EXTREME_POVERTY = "extreme_poverty", "特困"
    ENTITLED = "entitled", "优抚对象"


class ManagementCategory(Vocabulary):
    """特殊人群: PIPL sensitive; never shown in lists, never exported without the role."""

    COMMUNITY_CORRECTION = "community_correction", "社区矫正"
    RELEASED_PRISONER = "released_prisoner", "刑满释放"
    SEVERE_MENTAL_DISORDER = "severe_mental_disorder", "严重精神障碍"
    DRUG_USER = "drug_user", "吸毒"
    PETITION_FOCUS = "petition_focus", "信访重点"


class ResidentStatus(Vocabulary):
    """Residents are never hard-deleted; they change status."""

    ACTIVE = "active", "在册"
    MOVED_OUT = "moved_out", "迁出"
    DECEASED = "deceased", "死亡"


class DwellingType(Vocabulary):
    """房屋类型"""

    OWNER_OCCUPIED = "owner_occupied", "自住"
    RENTED = "rented", "出租"
    MIXED = "mixed", "自住+出租"
    VACANT = "vacant", "空置"


class HouseholdTag(Vocabulary):
    MINIMUM_ALLOWANCE = "minimum_allowance", "低保户"
    FIVE_GUARANTEES = "five_guarantees", "五保户"
    EXTREME_POVERTY = "extreme_poverty", "特困户"
    POVERTY_MONITORING = "poverty_monitoring", "脱贫监测户"


class HouseholdStatus(Vocabulary):
    ACTIVE = "active", "在册"
    MOVED_OUT = "moved_out", "已迁出"
    DISSOLVED = "dissolved", "已注销"


class VisitType(Vocabulary):
    ROUTINE = "routine", "常规走访"
    FOCUS = "focus", "重点走访"
    RETURN_VISIT = "return_visit", "回访"
    SPECIAL_SWEEP = "special_sweep", "专项排查"


class FindingKind(Vocabulary):
    DISPUTE = "dispute", "矛盾纠纷"
    REQUEST = "request", "群众诉求"
    SUGGESTION = "suggestion", "意见建议"
    PUBLIC_ORDER_HAZARD = "public_order_hazard", "治安隐患"
    FIRE_HAZARD = "fire_hazard", "消防隐患"
    SANITATION = "sanitation", "环境卫生"


class Role(Vocabulary):
    WORKER = "worker", "网格员"
    STATION = "station", "便民服务站工作人员"
    SUPERVISOR = "supervisor", "网格长/督导"
    CENTRE_ADMIN = "centre_admin", "网格管理中心"


class VisitDueState(Vocabulary):
    """Whether a household's visit is due (``frequency.VisitFrequencyPolicy.due_state``).
    A household never visited has one of these too (it is due from its registration)."""

    OVERDUE = "overdue", "已逾期"
    DUE_SOON = "due_soon", "即将到期"
    OK = "ok", "正常"


class Ethnicity(Vocabulary):
    """民族, GB/T 3304 codes: the 56 recognised ethnic groups plus 其他 and 外国血统."""

    HAN = "01", "汉族"
    MONGOL = "02", "蒙古族"
    HUI = "03", "回族"
    TIBETAN = "04", "藏族"
    UYGHUR = "05", "维吾尔族"
    MIAO = "06", "苗族"
    YI = "07", "彝族"
    ZHUANG = "08", "壮族"
    BUYEI = "09", "布依族"
    KOREAN = "10", "朝鲜族"
    MANCHU = "11", "满族"
    DONG = "12", "侗族"
    YAO = "13", "瑶族"
    BAI = "14", "白族"
    TUJIA = "15", "土家族"
    HANI = "16", "哈尼族"
    KAZAKH = "17", "哈萨克族"
    DAI = "18", "傣族"
    LI = "19", "黎族"
    LISU = "20", "傈僳族"
    VA = "21", "佤族"
    SHE = "22", "畲族"
    GAOSHAN = "23", "高山族"
    LAHU = "24", "拉祜族"
    SUI = "25", "水族"
    DONGXIANG = "26", "东乡族"
    NAXI = "27", "纳西族"
    JINGPO = "28", "景颇族"
    KYRGYZ = "29", "柯尔克孜族"
    TU = "30", "土族"
    DAUR = "31", "达斡尔族"
    MULAO = "32", "仫佬族"
    QIANG = "33", "羌族"
    BLANG = "34", "布朗族"
    SALAR = "35", "撒拉族"
    MAONAN = "36", "毛南族"
    GELAO = "37", "仡佬族"
    XIBE = "38", "锡伯族"
    ACHANG = "39", "阿昌族"
    PUMI = "40", "普米族"
    TAJIK = "41", "塔吉克族"
    NU = "42", "怒族"
    UZBEK = "43", "乌孜别克族"
    RUSSIAN = "44", "俄罗斯族"
    EVENKI = "45", "鄂温克族"
    DEANG = "46", "德昂族"
    BONAN = "47", "保安族"
    YUGUR = "48", "裕固族"
    GIN = "49", "京族"
    TATAR = "50", "塔塔尔族"
    DERUNG = "51", "独龙族"
    OROQEN = "52", "鄂伦春族"
    HEZHEN = "53", "赫哲族"
    MONBA = "54", "门巴族"
    LHOBA = "55", "珞巴族"
    JINO = "56", "基诺族"
    OTHER = "97", "其他"
    FOREIGN_ORIGIN = "98", "外国血统中国籍人士"


class Education(Vocabulary):
    """文化程度, GB/T 4658-2006 (学历代码) at the level rosters record: the classes of the
    first digit (a roster's 中专 / 职高 / 技校 are the 40 class; 未上过学 and 文盲 are 90)."""

    POSTGRADUATE = "10", "研究生"
    BACHELOR = "20", "大学本科"
    JUNIOR_COLLEGE = "30", "大学专科"
    SECONDARY_VOCATIONAL = "40", "中专/职高/技校"
    SENIOR_HIGH = "60", "高中"
    JUNIOR_HIGH = "70", "初中"
    PRIMARY = "80", "小学"
    OTHER = "90", "其他（含未上过学）"


ALIASES: dict[type[Vocabulary], dict[str, str]] = {
    Education: {
        "博士": "10", "硕士": "10", "博士研究生": "10", "硕士研究生": "10", "本科": "20",
        "大学": "20", "大专": "30", "专科": "30", "中专": "40", "职高": "40", "技校": "40",
        "中等专科": "40", "中等职业教育": "40", "普通高中": "60", "高中": "60",
        "初级中学": "70", "初中": "70", "小学": "80", "其他": "90", "文盲": "90", "半文盲": "90",
        "文盲或半文盲": "90", "未上过学": "90", "学龄前": "90",
    },
    Sex: {"男性": "male", "女性": "female"},
}
"""Other words rosters use for a member (spreadsheets say 大专 for 大学专科, 汉 for 汉族)."""


def from_text(kind: type[Vocabulary], text: str) -> Vocabulary | None:
    """The member ``text`` names: its code, its label, a known alias, or (for 民族) the
    label without 族; None when it names none."""
    text = text.strip()
    member = kind._value2member_map_.get(text)
    if isinstance(member, kind):
        return member
    for candidate in kind:
        if candidate.label == text:
            return candidate
    alias = ALIASES.get(kind, {}).get(text)
    if alias is not None:
        return kind(alias)
    if kind is Ethnicity and text and not text.endswith("族"):
        return from_text(kind, text + "族")
    return None
