"""Synthetic but realistic village data for demos, training, manual testing and benchmarks.

Real rosters are personal information (PIPL) and never leave a deployment, yet developers and
trainers need a grid that looks and behaves like one: families whose ages, sexes and relations
fit together, ID numbers that validate, care categories at plausible rates, and a visit history
in which some households are overdue. Everything comes from one ``random.Random(seed)``, ids
included, so a seed always gives the same village and screenshots, benchmarks and bug reports
stay reproducible. No set is ever iterated while drawing random numbers (string hashing is
salted per process), so the output is the same in every process.

The rates are rough figures for a rural village in northern/central China, not statistics to
quote: about 6 % disabled, 3–5 % on minimum allowance (低保), 0.5 % extreme poverty (特困),
1 % entitled groups (优抚对象), a few per cent left-behind children, migrants in rented
rooms, and management categories (特殊人群) on well under 0.5 % of residents.
"""

from __future__ import annotations

import bisect
import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from gridrules.citizen_id import make_citizen_id

from ..domain.entities import Finding, Grid, Household, Resident, Visit
from ..domain.frequency import DEFAULT_POLICY
from ..domain.vocab import (
    CareCategory,
    DwellingType,
    Ethnicity,
    FindingKind,
    HouseholdStatus,
    HouseholdTag,
    ManagementCategory,
    PopulationType,
    Relation,
    ResidenceStatus,
    ResidentStatus,
    Sex,
    VisitType,
)

__all__ = ["HISTORY_DAYS", "VillageData", "generate_village"]

HISTORY_DAYS = 150
"""How far back the generated visit history reaches (about five months)."""

_YEAR = 365.2425
_WEEKLY = frozenset({CareCategory.ELDERLY_ALONE, CareCategory.INCAPACITATED})


@dataclass
class VillageData:
    """One grid with its households, residents and visits, as the centre would send them."""

    grid: Grid
    households: list[Household]
    residents: list[Resident]
    visits: list[Visit]


# -- vocabularies of names and places --------------------------------------------------------


class _Weighted:
    """Weighted choice with cumulative weights computed once (``random.choices`` redoes it)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: list[tuple[str, float]]) -> None:
        self.items = [p[0] for p in pairs]
        self.cum: list[float] = []
        running = 0.0
        for _, w in pairs:
            running += w
            self.cum.append(running)
        self.total = running

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


# Share per 10,000 people of the commonest surnames (rounded 2020 census figures).
_COMMON_SURNAMES = (
    "王712 李700 张674 刘510 陈461 杨322 黄245 赵219 吴200 周195 徐145 孙138 马129 朱128 "
    "胡116 郭113 何106 林102 高100 罗95 郑92 梁87 谢76 宋68 唐66 许61 韩60 冯58 邓57 曹56 "
    "彭53 曾53 肖52 田51 董50 袁48 潘47 于47 蒋46 蔡45 余44 杜43 叶42 程41 苏40 魏39 吕39 "
    "丁38 任37 沈36 姚35 卢35 姜34 崔33 钟33 谭32 陆31 汪30 范30 金29 石29 廖28 贾28 夏27 "
    "韦27 付26 方26 白25 邹25 孟25 熊24 秦24 邱23 江23 尹22 薛22 闫21 段21 雷21 侯20 龙20 "
    "史20 陶19 黎19 贺19 顾18 毛18 郝18 龚17 邵17 万16 钱16 严16 武15 戴15 莫14 孔14 向14 "
    "汤14 常13 葛12 牛12 申11 翟10 聂10 耿9 岳9 齐9 庞8 靳7 鲁7 焦7 祁6"
)
# Rare and compound surnames, several of them read differently as surnames (单 Shàn, 仇 Qiú,
# 解 Xiè, 查 Zhā, 区 Ōu, 朴 Piáo, 盖 Gě): search and pinyin must cope with them.
_RARE_SURNAMES = (
    "欧阳 司马 诸葛 上官 皇甫 令狐 慕容 尉迟 单 仇 解 查 区 朴 盖 佘 亓 逄 訾 隗 冼 覃 禤 乜"
)


_CLANS = _Weighted([(item[0], float(item[1:])) for item in _COMMON_SURNAMES.split()])


def _surname_table(clans: tuple[str, str]) -> _Weighted:
    pairs: list[tuple[str, float]] = []
    for item in _COMMON_SURNAMES.split():
        pairs.append((item[0], float(item[1:])))
    pairs += [(s, 1.5) for s in _RARE_SURNAMES.split()]
    total = sum(w for _, w in pairs)
    # Villages grow from a few clans: the main one is a quarter of the people, the next 12 %.
    pairs.append((clans[0], total * 0.40))
    pairs.append((clans[1], total * 0.17))
    return _Weighted(pairs)


# Given names by birth era (before 1960, 1960s–70s, 1980s–90s, 2000 on) and sex: typical
# two-character names and single characters (one-character names peak in the 1970s–80s).
_GIVEN2 = {
    (0, Sex.MALE): "建国 国庆 建军 国强 德福 福来 长江 树林 金山 玉山 永利 振华 宝山 德胜 文华 "
    "庆丰 有才 满仓 富贵 铁柱 春生 秋生 来福 广田 保国 卫国 跃进 志远 春林 根生 长顺 守义 明德",
    (0, Sex.FEMALE): "秀英 桂英 玉兰 秀兰 凤英 桂兰 淑珍 翠花 秀珍 素芬 美兰 玉珍 桂芝 淑英 "
    "凤兰 秀云 金凤 春花 秀芳 玉梅 桂香 兰英 素英 翠兰 凤琴 玉英 淑兰 秀荣 月娥 巧云",
    (1, Sex.MALE): "建华 志刚 立新 卫东 红伟 建平 国华 永强 志军 海军 建设 春雷 东升 建民 "
    "小平 红军 向阳 志明 建林 德明 新民 振兴 国栋 宏伟 学军 保平 金亮 占军",
    (1, Sex.FEMALE): "红梅 丽华 秀梅 桂荣 艳红 春燕 红霞 丽娟 晓梅 秀丽 玉红 建英 爱华 卫红 "
    "小红 美玲 海燕 淑华 彩霞 冬梅 会芳 香莲 艳玲",
    (2, Sex.MALE): "海波 晓东 俊杰 志伟 建伟 鹏飞 文斌 浩然 晓峰 家豪 立伟 宏涛 志强 晓明 "
    "永辉 少华 天宇 子健 博文 振宇 明轩 国栋 旭东",
    (2, Sex.FEMALE): "丽娟 晓燕 婷婷 雪梅 佳佳 丹丹 倩倩 慧敏 晓丽 欣然 美琪 佳怡 雨婷 思雨 "
    "梦瑶 晓雪 静怡 文静 玉洁 亚楠 晓娜 园园",
    (3, Sex.MALE): "梓轩 子墨 宇轩 浩宇 沐宸 奕辰 梓睿 俊熙 一鸣 子豪 皓轩 宇航 铭泽 思远 "
    "锦程 睿泽 承泽 逸凡 煜祺 天佑 瑞霖 嘉懿",
    (3, Sex.FEMALE): "梓涵 可馨 一诺 欣妍 语桐 若汐 诗琪 雨桐 梓萱 子涵 欣怡 紫涵 诗涵 梦琪 "
    "雨欣 芷若 依诺 安琪 沐瑶 晨曦 思彤 佳琪",
}
_GIVEN1 = {
    (0, Sex.MALE): "忠 福 贵 顺 山 林 才 田 旺 禄",
    (0, Sex.FEMALE): "英 兰 芳 珍 凤 梅 娥 莲",
    (1, Sex.MALE): "伟 勇 军 强 斌 刚 平 辉 明 华 涛 峰 亮 波",
    (1, Sex.FEMALE): "丽 敏 静 燕 艳 娟 霞 芳 红 萍 玲 梅 琴",
    (2, Sex.MALE): "磊 涛 鹏 杰 浩 鑫 超 亮 帅 宇 凯 阳 龙 飞",
    (2, Sex.FEMALE): "婷 雪 倩 颖 佳 琳 洁 莹 璐 蕾 丹 悦 欢 静",
    (3, Sex.MALE): "睿 轩 航 泽 晨 哲 铭 昊",
    (3, Sex.FEMALE): "萱 涵 彤 琪 妍 瑶 可 诺",
}
_GIVEN2_LISTS = {k: v.split() for k, v in _GIVEN2.items()}
_GIVEN1_LISTS = {k: v.split() for k, v in _GIVEN1.items()}
_SINGLE_SHARE = (0.12, 0.35, 0.28, 0.10)

_ETHNIC = _Weighted(
    [
        (Ethnicity.HAN.value, 960.0),
        (Ethnicity.MANCHU.value, 12.0),
        (Ethnicity.HUI.value, 10.0),
        (Ethnicity.MONGOL.value, 5.0),
        (Ethnicity.ZHUANG.value, 4.0),
        (Ethnicity.TUJIA.value, 3.0),
        (Ethnicity.MIAO.value, 3.0),
        (Ethnicity.KOREAN.value, 2.0),
        (Ethnicity.YI.value, 1.0),
    ]
)

# County codes of typical sending regions, for migrant workers' ID numbers.
_MIGRANT_REGIONS = (
    "411424", "341221", "130425", "372925", "510623", "430521",
    "321323", "421126", "500230", "360722", "131121", "412822",
)

_KNOWN_COUNTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "110105": ("朝阳区", ("金盏乡", "孙河乡", "崔各庄乡", "黑庄户乡", "豆各庄乡", "王四营乡")),
    "110112": ("通州区", ("宋庄镇", "张家湾镇", "漷县镇", "马驹桥镇", "西集镇", "永乐店镇")),
    "110111": ("房山区", ("琉璃河镇", "窦店镇", "石楼镇", "长沟镇", "大石窝镇", "韩村河镇")),
    "130425": ("大名县", ("大名镇", "杨桥镇", "万堤镇", "龙王庙镇", "束馆镇", "金滩镇")),
}
_GENERIC_COUNTIES = ("清河县", "平安县", "东平县", "临泉县", "永安县", "新丰县")
_GENERIC_TOWNS = ("柳河镇", "石桥镇", "新集镇", "马坊镇", "杨柳镇", "大营镇", "龙泉镇", "黄庄镇")
_VILLAGE_SUFFIX = ("庄", "营", "屯", "洼", "寨", "店", "坡", "湾")
_VILLAGE_NAMES = ("前进村", "红星村", "东河村", "石桥村", "杏花村", "柳树屯村", "北关村", "南岗村")
_LANDMARKS = ("村委会东侧", "小学北侧", "村西头", "村东头", "大槐树旁", "卫生室对面", "桥头")
_CN = "零一二三四五六七八九"

_MOBILE_PREFIXES = tuple(
    str(p) for p in (*range(130, 140), 150, 151, 152, 153, 155, 156, 157, 158, 159, 166,
                     173, 176, 177, 178, *range(180, 190), 191, 198, 199)
)


def _cn_number(n: int) -> str:
    """Chinese numerals for 1..999, as in 第十二网格 or 一百零五."""
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    text = _CN[hundreds] + "百"
    if rest == 0:
        return text
    if rest < 10:
        return text + "零" + _CN[rest]
    tens, ones = divmod(rest, 10)
    return text + _CN[tens] + "十" + (_CN[ones] if ones else "")


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


# -- visit texts -----------------------------------------------------------------------------

_TALK_GENERAL = (
    "了解家庭近况，家中一切正常",
    "核对家庭成员信息，无变化",
    "宣传医保缴费政策，提醒按时缴纳城乡居民医保",
    "宣传防范电信网络诈骗知识，发放宣传单",
    "宣传养老保险政策",
    "了解家庭生产生活情况，无特殊困难",
    "宣传垃圾分类和门前三包",
    "了解家庭收入情况，生活稳定",
    "提醒注意用电安全，不私拉乱接电线",
    "宣传移风易俗，红白事简办",
)
_TALK_ELDERLY = (
    "了解老人近况，老人身体状况良好",
    "老人血压偏高，提醒按时服药",
    "查看老人居住环境，生活用品齐全",
    "提醒老人防范保健品推销骗局",
    "帮老人核对高龄津贴发放情况",
    "老人反映腿脚不便，已联系家庭医生上门",
    "陪老人聊天，老人精神状态较好",
    "检查老人家中用电用气情况，无异常",
)
_TALK_CHILD = (
    "了解留守儿童学习生活情况",
    "与孩子监护人沟通，孩子在校表现良好",
    "提醒监护人关注孩子上下学交通安全",
)
_TALK_DISABLED = (
    "了解残疾人两项补贴发放情况",
    "协助办理残疾人证年审",
    "了解残疾人康复需求",
)
_TALK_ALLOWANCE = (
    "核实低保家庭收入和人员变化情况",
    "告知低保年审需准备的材料",
    "了解困难家庭生活情况，救助金按时到账",
)
_TALK_RENTED = (
    "核查出租房屋租住人员信息，与登记一致",
    "提醒房东及时为租户办理居住登记",
    "检查出租房消防设施，提醒不得在室内给电动车充电",
)
_TALK_VACANT = (
    "房屋空置，门窗完好，无安全隐患",
    "房屋空置，电话联系户主，告知房屋情况正常",
)
_TALK_AWAY = ("家中无人，电话联系户主，了解家庭近况",)
_TALK_WINTER = (
    "提醒冬季用火用电安全",
    "提醒燃煤取暖注意通风，预防一氧化碳中毒",
    "检查取暖设施，提醒安装一氧化碳报警器",
)
_TALK_SUMMER = ("宣传防汛知识，告知紧急避险路线", "提醒高温天气注意防暑")
_TALK_SPRING = ("了解春耕备耕情况", "提醒春季防火，不在野外焚烧")
_TALK_AUTUMN = ("了解秋收情况", "宣传秸秆禁烧政策")
_TALK_SEASON = {
    "winter": _TALK_WINTER, "summer": _TALK_SUMMER, "spring": _TALK_SPRING, "autumn": _TALK_AUTUMN,
}
_TALK_SUMMER_CHILD = "提醒暑期防溺水，看护好孩子"
_SWEEPS_WINTER = ("冬季燃气安全专项排查", "冬季取暖防一氧化碳中毒专项排查")
_SWEEPS_SUMMER = ("汛期安全隐患专项排查", "防溺水专项排查")
_SWEEPS_ANY = ("出租房屋专项排查", "电动自行车充电安全排查", "反电诈宣传入户排查")

_FINDINGS: dict[FindingKind, tuple[str, ...]] = {
    FindingKind.DISPUTE: (
        "与邻居因宅基地边界发生口角",
        "兄弟之间因老人赡养问题有矛盾",
        "与邻居因排水问题产生纠纷",
        "与承包户因土地流转费用有争议",
    ),
    FindingKind.REQUEST: (
        "反映村道路灯不亮",
        "咨询高龄津贴申领办法",
        "希望协助办理残疾人证",
        "反映自来水水压低",
        "咨询医保异地报销手续",
        "希望帮助联系维修漏雨房屋",
    ),
    FindingKind.SUGGESTION: (
        "建议在村口增设垃圾桶",
        "建议在文化广场增加健身器材",
        "建议村里组织防诈骗讲座",
    ),
    FindingKind.PUBLIC_ORDER_HAZARD: (
        "反映夜间有陌生车辆在村内逗留",
        "反映有人上门推销可疑保健品",
    ),
    FindingKind.FIRE_HAZARD: (
        "院内柴草堆放距灶台过近",
        "电动车在屋内充电",
        "私拉乱接电线，线路老化",
    ),
    FindingKind.SANITATION: (
        "门前垃圾堆放未及时清理",
        "房后沟渠淤堵有异味",
        "畜禽粪便露天堆放",
    ),
}
_FINDING_KINDS = _Weighted(
    [
        (FindingKind.REQUEST.value, 35.0),
        (FindingKind.SUGGESTION.value, 14.0),
        (FindingKind.FIRE_HAZARD.value, 15.0),
        (FindingKind.SANITATION.value, 16.0),
        (FindingKind.DISPUTE.value, 12.0),
        (FindingKind.PUBLIC_ORDER_HAZARD.value, 8.0),
    ]
)


# -- people ----------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Person:
    """A resident under construction (mutable until the family is complete)."""

    surname: str
    given: str
    sex: Sex
    birth: date
    relation: Relation
    ethnicity: Ethnicity
    address_code: str
    population_type: PopulationType = PopulationType.REGISTERED
    residence: ResidenceStatus = ResidenceStatus.CONSISTENT
    status: ResidentStatus = ResidentStatus.ACTIVE
    care: list[CareCategory] = field(default_factory=list)
    management: list[ManagementCategory] = field(default_factory=list)
    note: str = ""
    former_name: str = ""
    phone: str = ""

    @property
    def name(self) -> str:
        return self.surname + self.given

    @property
    def active(self) -> bool:
        return self.status is ResidentStatus.ACTIVE

    @property
    def present(self) -> bool:
        return self.active and self.residence is not ResidenceStatus.PERSON_AWAY

    def add_care(self, category: CareCategory) -> None:
        if category not in self.care:
            self.care.append(category)


class _VillageBuilder:
    def __init__(self, rng: random.Random, today: date, county_code: str, clans: tuple[str, str]):
        self.rng = rng
        self.today = today
        self.county = county_code
        self.surnames = _surname_table(clans)
        self._ids: set[str] = set()
        self._phones: set[str] = set()
        prefix = county_code[:4]
        codes = (f"{prefix}{n:02d}" for n in range(1, 18))
        self.neighbours = [c for c in codes if c != county_code]

    # -- small draws -------------------------------------------------------------------------

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def birth_for_age(self, low: int, high: int) -> date:
        """A birth date giving an age in [low, high] today."""
        days = self.rng.randint(int(low * _YEAR) + 1, int((high + 1) * _YEAR) - 2)
        return self.today - timedelta(days=days)

    def after(self, birth: date, low: float, high: float) -> date:
        """A date ``low``..``high`` years after ``birth`` (a child's birth, a spouse's …)."""
        return birth + timedelta(days=self.rng.randint(int(low * _YEAR), int(high * _YEAR)))

    def age(self, birth: date) -> int:
        return _age(birth, self.today)

    def given_name(self, sex: Sex, birth: date, generation: str = "") -> str:
        era = 0 if birth.year < 1960 else 1 if birth.year < 1980 else 2 if birth.year < 2000 else 3
        key = (era, sex)
        if generation:
            return generation + self.rng.choice(_GIVEN1_LISTS[key])
        if self.chance(_SINGLE_SHARE[era]):
            return self.rng.choice(_GIVEN1_LISTS[key])
        return self.rng.choice(_GIVEN2_LISTS[key])

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def citizen_id(self, person: _Person) -> str:
        odd = person.sex is Sex.MALE
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if odd else 0)
            number = make_citizen_id(person.address_code, person.birth, sequence)
            if number not in self._ids:
                self._ids.add(number)
                return number

    def person(
        self,
        sex: Sex,
        birth: date,
        relation: Relation,
        *,
        surname: str | None = None,
        ethnicity: Ethnicity = Ethnicity.HAN,
        address_code: str | None = None,
        generation: str = "",
    ) -> _Person:
        return _Person(
            surname=surname or self.surnames.pick(self.rng),
            given=self.given_name(sex, birth, generation),
            sex=sex,
            birth=birth,
            relation=relation,
            ethnicity=ethnicity,
            address_code=address_code or self.county,
        )

    def spouse_code(self) -> str:
        """Most spouses were born locally; some married in from a neighbouring county."""
        if self.neighbours and self.chance(0.22):
            return self.rng.choice(self.neighbours)
        return self.county

    def ethnicity(self) -> Ethnicity:
        return Ethnicity(_ETHNIC.pick(self.rng))

    # -- families ----------------------------------------------------------------------------

    def couple(
        self, husband_birth: date, *, head_is_husband: bool, ethnicity: Ethnicity,
        code: str | None = None,
    ) -> tuple[_Person, _Person]:
        """Husband and wife, the wife 0–6 years younger (sometimes a little older)."""
        wife_birth = self.after(husband_birth, -2, 6)
        if self.age(wife_birth) < 20:
            wife_birth = husband_birth
        h_rel, w_rel = (Relation.HEAD, Relation.SPOUSE) if head_is_husband else (
            Relation.SPOUSE, Relation.HEAD)
        husband = self.person(
            Sex.MALE, husband_birth, h_rel, ethnicity=ethnicity, address_code=code
        )
        wife_ethnicity = ethnicity if self.chance(0.9) else self.ethnicity()
        wife = self.person(
            Sex.FEMALE, wife_birth, w_rel, ethnicity=wife_ethnicity,
            address_code=code or self.spouse_code(),
        )
        return husband, wife

    def children(
        self, father: _Person | None, mother: _Person, count: int, *, grandchildren: bool = False,
        max_age: int | None = None,
    ) -> list[_Person]:
        """Up to ``count`` children born when the mother was 21–40, at least 1.5 years apart."""
        kids: list[_Person] = []
        surname = father.surname if father and self.chance(0.97) else mother.surname
        code = father.address_code if father else mother.address_code
        born = self.after(mother.birth, 21, 30)
        generation = ""
        latest = self.today - timedelta(days=20)
        for _ in range(count):
            if born > latest or _age(mother.birth, born) > 40:
                break
            if max_age is None or self.age(born) <= max_age:
                sex = Sex.MALE if self.chance(0.52) else Sex.FEMALE
                if grandchildren:
                    relation = Relation.GRANDCHILD
                else:
                    relation = Relation.SON if sex is Sex.MALE else Relation.DAUGHTER
                given = self.given_name(sex, born, generation)
                if any(k.given == given for k in kids):
                    given = self.given_name(sex, born)
                kid = _Person(
                    surname=surname, given=given, sex=sex, birth=born, relation=relation,
                    ethnicity=mother.ethnicity if father is None else father.ethnicity,
                    address_code=code,
                )
                if not kids and len(given) == 2 and born.year < 1990 and self.chance(0.3):
                    generation = given[0]  # siblings share a generation character 字辈
                kids.append(kid)
            born = self.after(born, 1.5, 6)
        return kids

    def parents_of(self, child: _Person) -> list[_Person]:
        """One or both living parents of ``child``, born 22–34 years before it."""
        gap = self.rng.randint(int(23 * _YEAR), int(34 * _YEAR))
        father_birth = child.birth - timedelta(days=gap)
        mother_birth = self.after(father_birth, 0, 5)
        if _age(mother_birth, child.birth) < 20:
            mother_birth = father_birth
        out: list[_Person] = []
        roll = self.rng.random()
        if roll < 0.65 and self.age(mother_birth) <= 98:
            out.append(self.person(
                Sex.FEMALE, mother_birth, Relation.PARENT, ethnicity=child.ethnicity,
                address_code=self.spouse_code(),
            ))
        if (roll < 0.35 or roll >= 0.65) and self.age(father_birth) <= 95:
            out.append(self.person(
                Sex.MALE, father_birth, Relation.PARENT, surname=child.surname,
                ethnicity=child.ethnicity, address_code=child.address_code,
            ))
        return out

    def kid_count(self) -> int:
        roll = self.rng.random()
        return 1 if roll < 0.35 else 2 if roll < 0.85 else 3

    def family(self, kind: str) -> list[_Person]:
        """Members of one household, head first. ``kind`` picks the household's shape."""
        rng = self.rng
        eth = self.ethnicity()
        if kind == "elderly_alone":
            sex = Sex.FEMALE if self.chance(0.62) else Sex.MALE  # widows outlive widowers
            head = self.person(sex, self.birth_for_age(65, 94), Relation.HEAD, ethnicity=eth)
            members = [head]
            if self.chance(0.3):  # the late spouse stays in the roster as deceased
                other = Sex.MALE if sex is Sex.FEMALE else Sex.FEMALE
                late = self.person(other, self.after(head.birth, -4, 3), Relation.SPOUSE,
                                   ethnicity=eth)
                late.status = ResidentStatus.DECEASED
                late.note = f"{self.today.year - rng.randint(1, 12)}年病故"
                members.append(late)
            return members
        if kind == "single":
            sex = Sex.MALE if self.chance(0.8) else Sex.FEMALE
            return [self.person(sex, self.birth_for_age(25, 64), Relation.HEAD, ethnicity=eth)]
        if kind == "elderly_couple":
            husband, wife = self.couple(
                self.birth_for_age(62, 90), head_is_husband=self.chance(0.9), ethnicity=eth)
            return _head_first([husband, wife])
        if kind == "couple":
            low, high = (22, 33) if self.chance(0.5) else (45, 59)
            husband, wife = self.couple(
                self.birth_for_age(low, high), head_is_husband=self.chance(0.85), ethnicity=eth)
            return _head_first([husband, wife])
        if kind == "nuclear":
            husband, wife = self.couple(
                self.birth_for_age(26, 56), head_is_husband=self.chance(0.88), ethnicity=eth)
            kids = self.children(husband, wife, self.kid_count())
            members = [husband, wife, *kids]
            young = [k for k in kids if self.age(k.birth) < 16]
            if young and self.chance(0.12):  # husband works in the city; wife stays behind
                husband.residence = ResidenceStatus.PERSON_AWAY
                husband.note = "外出务工"
                wife.add_care(CareCategory.LEFT_BEHIND_WOMAN)
            for kid in kids:
                if self.age(kid.birth) >= 18 and self.chance(0.35):
                    kid.residence = ResidenceStatus.PERSON_AWAY
                    kid.note = "在外务工" if self.age(kid.birth) >= 22 else "在外上学"
            return _head_first(members)
        if kind == "three_generations":
            husband, wife = self.couple(
                self.birth_for_age(30, 55), head_is_husband=self.chance(0.9), ethnicity=eth)
            head = husband if husband.relation is Relation.HEAD else wife
            kids = self.children(husband, wife, self.kid_count())
            elders = self.parents_of(head)
            young = [k for k in kids if self.age(k.birth) < 16]
            if young and elders and self.chance(0.18):  # both parents work far away
                for p in (husband, wife):
                    p.residence = ResidenceStatus.PERSON_AWAY
                    p.note = "外出务工"
                for k in young:
                    k.add_care(CareCategory.LEFT_BEHIND_CHILD)
                for e in elders:
                    if self.age(e.birth) >= 60:
                        e.add_care(CareCategory.LEFT_BEHIND_ELDERLY)
            return _head_first([husband, wife, *kids, *elders])
        if kind in ("skip_generation", "old_head"):
            return self.old_head_family(eth, left_behind=kind == "skip_generation")
        raise ValueError(kind)

    def old_head_family(self, eth: Ethnicity, *, left_behind: bool) -> list[_Person]:
        """Grandparents as 户主 with a married son, his wife and grandchildren, built from the
        youngest generation up so every age gap is plausible. ``left_behind``: the son's
        couple works away and the grandchildren stay with the grandparents (留守)."""
        rng = self.rng
        grandchild_birth = self.birth_for_age(1, 14) if left_behind else self.birth_for_age(0, 20)
        dil_birth = grandchild_birth - timedelta(days=rng.randint(int(21 * _YEAR), int(33 * _YEAR)))
        son_birth = self.after(dil_birth, -6, 0)
        grandma_birth = son_birth - timedelta(days=rng.randint(int(21 * _YEAR), int(32 * _YEAR)))
        grandpa_birth = self.after(grandma_birth, -5, 0)
        widowed = self.chance(0.25)
        grandpa = self.person(
            Sex.MALE, grandpa_birth, Relation.HEAD, ethnicity=eth,
        )
        grandma = self.person(
            Sex.FEMALE, grandma_birth, Relation.SPOUSE, ethnicity=eth,
            address_code=self.spouse_code(),
        )
        elders = [grandpa, grandma]
        if widowed or self.age(grandpa_birth) > 95:
            elders = [grandma]
            grandma.relation = Relation.HEAD
        son = self.person(
            Sex.MALE, son_birth, Relation.SON, surname=grandpa.surname, ethnicity=eth,
        )
        dil = self.person(
            Sex.FEMALE, dil_birth, Relation.OTHER, address_code=self.spouse_code(),
            ethnicity=eth if self.chance(0.9) else self.ethnicity(),
        )
        dil.note = "儿媳"
        kids = [_Person(
            surname=son.surname, given="", sex=Sex.MALE if self.chance(0.52) else Sex.FEMALE,
            birth=grandchild_birth, relation=Relation.GRANDCHILD, ethnicity=eth,
            address_code=self.county,
        )]
        kids[0].given = self.given_name(kids[0].sex, grandchild_birth)
        more = self.after(grandchild_birth, 1.5, 6)
        possible = more < self.today - timedelta(days=30) and _age(dil_birth, more) <= 40
        if possible and self.chance(0.45):
            sex = Sex.MALE if self.chance(0.52) else Sex.FEMALE
            kid = self.person(sex, more, Relation.GRANDCHILD, surname=son.surname, ethnicity=eth)
            if kid.given != kids[0].given:
                kids.append(kid)
        if left_behind:
            for p in (son, dil):
                p.residence = ResidenceStatus.PERSON_AWAY
                p.note = "儿媳，外出务工" if p is dil else "外出务工"
            for k in kids:
                if self.age(k.birth) < 16:
                    k.add_care(CareCategory.LEFT_BEHIND_CHILD)
            for e in elders:
                if self.age(e.birth) >= 60:
                    e.add_care(CareCategory.LEFT_BEHIND_ELDERLY)
        return [*elders, son, dil, *kids]

    def migrant_family(self, *, tenants: bool) -> list[_Person]:
        """Migrant workers renting here: a family renting a whole house, or tenants in rooms."""
        code = self.rng.choice(_MIGRANT_REGIONS)
        eth = self.ethnicity()
        if tenants:
            count = 1 if self.chance(0.6) else 2
            people = [
                self.person(
                    Sex.MALE if self.chance(0.7) else Sex.FEMALE, self.birth_for_age(19, 52),
                    Relation.OTHER, ethnicity=eth, address_code=self.rng.choice(_MIGRANT_REGIONS),
                )
                for _ in range(count)
            ]
            for p in people:
                p.note = "租户"
        else:
            husband, wife = self.couple(
                self.birth_for_age(24, 50), head_is_husband=self.chance(0.8), ethnicity=eth,
                code=code,
            )
            people = [husband, wife] if self.chance(0.8) else [husband]
            if husband.relation is not Relation.HEAD and len(people) == 1:
                husband.relation = Relation.HEAD
            if len(people) == 2:
                people += self.children(husband, wife, self.kid_count(), max_age=15)
            people = _head_first(people)
        for p in people:
            p.population_type = PopulationType.MIGRANT
            p.residence = ResidenceStatus.HUKOU_AWAY
        return people

    # -- categories --------------------------------------------------------------------------

    def assign_care(self, members: list[_Person], tenants: list[_Person]) -> None:
        """Care and management categories from who actually lives here, at rough real rates."""
        family = [m for m in members if m not in tenants]
        present = [m for m in family if m.present]
        ages = {id(m): self.age(m.birth) for m in members}
        if len(present) == 1 and ages[id(present[0])] >= 65:
            present[0].add_care(CareCategory.ELDERLY_ALONE)
        elif present and all(m.relation in (Relation.HEAD, Relation.SPOUSE) for m in present):
            # No children at home: the elderly among them are 空巢老人.
            for m in present:
                if ages[id(m)] >= 60:
                    m.add_care(CareCategory.EMPTY_NEST)
        for m in members:
            if not m.active:
                continue
            a = ages[id(m)]
            if m.present and a >= 65 and self.chance(0.03 if a < 80 else 0.10):
                m.add_care(CareCategory.INCAPACITATED)
            p_disabled = 0.015 if a < 18 else 0.045 if a < 60 else 0.11 if a < 80 else 0.19
            if self.chance(p_disabled):
                m.add_care(CareCategory.DISABLED)
            p_entitled = 0.04 if (m.sex is Sex.MALE and a >= 55) else 0.007
            if m.population_type is PopulationType.REGISTERED and self.chance(p_entitled):
                m.add_care(CareCategory.ENTITLED)
            if 18 <= a <= 70 and self.chance(0.0025):
                m.management.append(ManagementCategory(_MANAGEMENT.pick(self.rng)))
        # 特困 (extreme poverty) for people on their own who cannot work, else 低保 by household.
        registered = [m for m in family if m.active and
                      m.population_type is PopulationType.REGISTERED]
        if not registered:
            return
        lone = present[0] if len(present) == 1 else None
        if lone is not None and (
            ages[id(lone)] >= 60 or CareCategory.DISABLED in lone.care
        ) and self.chance(0.11):
            lone.add_care(CareCategory.EXTREME_POVERTY)
            return
        p = 0.022
        if any(CareCategory.DISABLED in m.care for m in registered):
            p += 0.07
        if any(CareCategory.INCAPACITATED in m.care for m in registered):
            p += 0.05
        if lone is not None:
            p += 0.04
        if self.chance(p):
            for m in registered:
                m.add_care(CareCategory.MINIMUM_ALLOWANCE)

    def tags_for(self, members: list[_Person]) -> frozenset[HouseholdTag]:
        tags: list[HouseholdTag] = []
        care = [c for m in members if m.active for c in m.care]
        if CareCategory.MINIMUM_ALLOWANCE in care:
            tags.append(HouseholdTag.MINIMUM_ALLOWANCE)
        if CareCategory.EXTREME_POVERTY in care:
            tags.append(HouseholdTag.EXTREME_POVERTY)
            # Rural 特困 people are still widely filed as 五保户 (the older name).
            old = any(self.age(m.birth) >= 60 for m in members if m.present)
            if old and self.chance(0.6):
                tags.append(HouseholdTag.FIVE_GUARANTEES)
        p_monitor = 0.015 + (0.05 if CareCategory.DISABLED in care else 0.0)
        if self.chance(p_monitor):
            tags.append(HouseholdTag.POVERTY_MONITORING)
        return frozenset(tags)


_MANAGEMENT = _Weighted(
    [
        (ManagementCategory.SEVERE_MENTAL_DISORDER.value, 35.0),
        (ManagementCategory.RELEASED_PRISONER.value, 25.0),
        (ManagementCategory.PETITION_FOCUS.value, 20.0),
        (ManagementCategory.COMMUNITY_CORRECTION.value, 12.0),
        (ManagementCategory.DRUG_USER.value, 8.0),
    ]
)

_KINDS = _Weighted(
    [
        ("elderly_alone", 9.0),
        ("elderly_couple", 13.0),
        ("single", 5.0),
        ("couple", 7.0),
        ("nuclear", 30.0),
        ("three_generations", 19.0),
        ("old_head", 7.0),
        ("skip_generation", 4.0),
        ("rented", 3.5),
        ("mixed", 2.0),
        ("vacant", 2.5),
        ("moved_out", 0.4),
    ]
)


def _head_first(members: list[_Person]) -> list[_Person]:
    return sorted(members, key=lambda m: m.relation is not Relation.HEAD)


# -- the generator ---------------------------------------------------------------------------


def generate_village(
    *,
    households: int,
    seed: int = 7,
    today: date | None = None,
    grid_code: str = "110105001001001",
    visitor: str = "worker1",
) -> VillageData:
    """A synthetic rural grid of ``households`` households with residents and visit history.

    Same arguments, same village (ids included). ``today`` anchors ages and the visit history
    (default: the local date); every visit lies before it. ``grid_code`` is a 15- or 20-digit
    code whose first six digits are the county code used in the residents' ID numbers.
    """
    if households < 0:
        raise ValueError("households must be >= 0")
    if not grid_code.isascii() or not grid_code.isdigit() or len(grid_code) not in (15, 20):
        raise ValueError("grid_code must be 15 or 20 ASCII digits")
    today = today or date.today()
    rng = random.Random(seed)
    county_code = grid_code[:6]

    main_clan = _CLANS.pick(rng)
    second_clan = _CLANS.pick(rng)
    if second_clan == main_clan:
        second_clan = "张" if main_clan != "张" else "刘"
    if county_code in _KNOWN_COUNTIES:
        county, towns = _KNOWN_COUNTIES[county_code]
    else:
        county, towns = rng.choice(_GENERIC_COUNTIES), _GENERIC_TOWNS
    township = towns[int(grid_code[6:9]) % len(towns)]
    if len(main_clan) == 1 and rng.random() < 0.7:
        village = f"{main_clan}家{rng.choice(_VILLAGE_SUFFIX)}村"
    else:
        village = rng.choice(_VILLAGE_NAMES)
    sequence = int(grid_code[12:15]) or 1
    grid = Grid(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        code=grid_code,
        name=f"第{_cn_number(sequence)}网格",
        village=village,
        township=township,
        county=county,
        version=1,
    )

    b = _VillageBuilder(rng, today, county_code, (main_clan, second_clan))
    out_households: list[Household] = []
    out_residents: list[Resident] = []
    plans: list[_VisitPlan] = []
    n_groups = max(1, min(8, math.ceil(households / 50)))
    door = 0
    group_index = -1
    for i in range(households):
        group = i * n_groups // max(households, 1)
        if group != group_index:
            group_index, door = group, 0
        door += 1 + (rng.randint(1, 3) if rng.random() < 0.08 else 0)
        hh = _make_household(b, grid, f"{_cn_number(group + 1)}组", door)
        out_households.append(hh[0])
        out_residents.extend(hh[1])
        plans.append(hh[2])

    visits = _make_visits(b, plans, visitor)
    return VillageData(grid=grid, households=out_households, residents=out_residents, visits=visits)


@dataclass(slots=True)
class _VisitPlan:
    household_id: str
    interval: int
    vacant: bool
    moved_out: bool
    people: list[_Person]
    registered_at: datetime


def _make_household(
    b: _VillageBuilder, grid: Grid, group_name: str, door: int
) -> tuple[Household, list[Resident], _VisitPlan]:
    rng = b.rng
    kind = _KINDS.pick(rng)
    dwelling = DwellingType.OWNER_OCCUPIED
    status = HouseholdStatus.ACTIVE
    tenants: list[_Person] = []
    if kind == "rented":
        members = b.migrant_family(tenants=False)
        dwelling = DwellingType.RENTED
    elif kind == "mixed":
        members = b.family("nuclear" if rng.random() < 0.6 else "elderly_couple")
        tenants = b.migrant_family(tenants=True)
        members += tenants
        dwelling = DwellingType.MIXED
    elif kind in ("vacant", "moved_out"):
        members = b.family("nuclear" if rng.random() < 0.6 else "elderly_couple")
        dwelling = DwellingType.VACANT
        for m in members:
            m.care.clear()
            if kind == "moved_out":
                m.status = ResidentStatus.MOVED_OUT
                m.note = "整户迁出"
            else:
                m.residence = ResidenceStatus.PERSON_AWAY
                if m.relation is Relation.HEAD:
                    m.note = "全家外出务工" if b.age(m.birth) < 60 else "随子女在城区居住"
                else:
                    m.note = ""
        if kind == "moved_out":
            status = HouseholdStatus.MOVED_OUT
    else:
        members = b.family(kind)

    head = members[0]
    # Daughters who married out stay in the roster as moved out (迁出).
    mother = next((m for m in members if m.sex is Sex.FEMALE and
                   m.relation in (Relation.HEAD, Relation.SPOUSE)), None)
    if (mother is not None and kind not in ("rented", "moved_out")
            and b.age(mother.birth) >= 45 and rng.random() < 0.1):
        father = next((m for m in members if m.sex is Sex.MALE and
                       m.relation in (Relation.HEAD, Relation.SPOUSE)), None)
        kids = b.children(father, mother, 1)
        if kids and b.age(kids[0].birth) >= 20:
            kid = kids[0]
            kid.status = ResidentStatus.MOVED_OUT
            kid.note = "婚迁外村" if kid.sex is Sex.FEMALE else "迁往县城"
            members.append(kid)

    if kind not in ("vacant", "moved_out"):
        b.assign_care(members, tenants)
    for m in members:
        a = b.age(m.birth)
        is_migrant = m.population_type is PopulationType.MIGRANT
        p_phone = (
            0.0 if a < 14 else 0.3 if a < 18 else 0.97 if is_migrant else 0.9 if a < 60
            else 0.62 if a < 70 else 0.33 if a < 80 else 0.1
        )
        if m.active and rng.random() < p_phone:
            m.phone = b.mobile()
        if a >= 40 and rng.random() < 0.01:
            m.former_name = m.surname + b.given_name(m.sex, m.birth)
            if m.former_name == m.name:
                m.former_name = ""

    household_id = b.uid()
    registered = datetime.combine(
        b.today - timedelta(days=rng.randint(400, 1500)), time(9)
    ) + timedelta(minutes=rng.randint(0, 480))
    residents: list[Resident] = []
    for m in members:
        created = registered
        born = datetime.combine(m.birth, time(10))
        if born + timedelta(days=30) > created:
            created = min(born + timedelta(days=30), datetime.combine(b.today, time(8)))
        residents.append(
            Resident(
                id=b.uid(),
                household_id=household_id,
                name=m.name,
                sex=m.sex,
                former_name=m.former_name,
                ethnicity=m.ethnicity,
                citizen_id=b.citizen_id(m),
                birth_date=m.birth,
                phone=m.phone,
                relation=m.relation,
                population_type=m.population_type,
                residence_status=m.residence,
                care_categories=frozenset(m.care),
                management_categories=frozenset(m.management),
                status=m.status,
                note=m.note,
                version=1,
                created_at=created,
                updated_at=created,
            )
        )
    head_id = residents[0].id if head.relation is Relation.HEAD else None
    phone = next((m.phone for m in members if m is head and m.phone), "")
    if not phone:
        phone = next((m.phone for m in members if m.present and m.phone), "")
    if not phone:
        phone = next((m.phone for m in members if m.active and m.phone), "")
    if not phone:
        phone = b.mobile()  # a son or daughter living elsewhere
    detail = rng.choice(_LANDMARKS) if rng.random() < 0.08 else ""
    door_number = f"{door}号" if rng.random() > 0.02 else f"{door}-1号"
    tags = frozenset() if kind in ("vacant", "moved_out") else b.tags_for(members)
    household = Household(
        id=household_id,
        grid_id=grid.id,
        group_name=group_name,
        door_number=door_number,
        address_detail=detail,
        dwelling_type=dwelling,
        head_resident_id=head_id,
        phone=phone,
        tags=tags,
        status=status,
        version=1,
        created_at=registered,
        updated_at=registered,
    )
    care = [c for m in members if m.present for c in m.care]
    interval = DEFAULT_POLICY.interval_for(care, tags).days
    plan = _VisitPlan(
        household_id=household_id,
        interval=interval,
        vacant=dwelling is DwellingType.VACANT,
        moved_out=status is HouseholdStatus.MOVED_OUT,
        people=members,
        registered_at=registered,
    )
    return household, residents, plan


# -- visits ----------------------------------------------------------------------------------


def _season(day: date) -> str:
    if day.month in (11, 12, 1, 2):
        return "winter"
    if day.month in (6, 7, 8):
        return "summer"
    return "spring" if day.month in (3, 4, 5) else "autumn"


def _weekday_or_earlier(rng: random.Random, day: date) -> date:
    """Workers mostly visit on weekdays: most weekend dates move back to Monday..Friday."""
    if day.weekday() >= 5 and rng.random() < 0.88:
        return day - timedelta(days=day.weekday() - 4 + rng.randint(0, 4))
    return day


def _visit_time(rng: random.Random, day: date) -> datetime:
    if rng.random() < 0.55:
        minutes = rng.randint(8 * 60 + 30, 11 * 60 + 20)
    else:
        minutes = rng.randint(14 * 60, 17 * 60 + 20)
    return datetime.combine(day, time(minutes // 60, minutes % 60))


def _make_visits(b: _VillageBuilder, plans: list[_VisitPlan], visitor: str) -> list[Visit]:
    rng = b.rng
    today = b.today
    yesterday = today - timedelta(days=1)
    window_start = today - timedelta(days=HISTORY_DAYS)
    # Two short special sweeps 专项排查 in the window, on a topic that fits the season.
    sweeps: list[tuple[date, date, str]] = []
    for _ in range(2):
        start = today - timedelta(days=rng.randint(7, HISTORY_DAYS - 7))
        season = _season(start)
        topics = {"winter": _SWEEPS_WINTER, "summer": _SWEEPS_SUMMER}.get(season, ())
        sweeps.append((start, start + timedelta(days=6), rng.choice(topics + _SWEEPS_ANY)))

    visits: list[Visit] = []
    for plan in plans:
        if plan.moved_out or rng.random() < 0.02:  # gone, or not yet reached (从未走访)
            continue
        interval = plan.interval
        # Some households slip past their due date: a realistic share is overdue.
        overdue = rng.random() < (0.10 if interval <= 7 else 0.18)
        if overdue:
            days_ago = interval + 1 + rng.randint(0, max(2, interval // 2))
        else:
            days_ago = rng.randint(1, max(1, interval - 2))
        dates: list[date] = []
        while True:
            day = _weekday_or_earlier(rng, today - timedelta(days=days_ago))
            if day < window_start or day < plan.registered_at.date():
                break
            if not dates or day < dates[-1]:
                dates.append(day)
            step = interval * rng.uniform(0.75, 1.05)
            if rng.random() < 0.06:
                step += interval  # a missed round
            days_ago += max(1, round(step))
        dates.reverse()
        context = _VisitContext(b, plan)
        follow: tuple[date, Finding] | None = None
        for day in dates:
            if follow is not None and follow[0] < day and follow[0] <= yesterday:
                visits.append(context.return_visit(follow[0], follow[1], visitor))
                follow = None
            visit = context.visit(day, visitor, sweeps)
            visits.append(visit)
            if visit.findings and not visit.resolved_on_spot and visit.follow_up_date:
                follow = (_weekday_or_earlier(rng, visit.follow_up_date), visit.findings[0])
        if follow is not None and follow[0] <= yesterday and follow[0] > dates[-1]:
            visits.append(context.return_visit(follow[0], follow[1], visitor))
    visits.sort(key=lambda v: (v.started_at, v.id))
    return visits


class _VisitContext:
    """What a visit to one household is about, so summaries fit the people in it."""

    def __init__(self, b: _VillageBuilder, plan: _VisitPlan):
        self.b = b
        self.plan = plan
        present = [m for m in plan.people if m.present]
        self.met = [m.name for m in present if b.age(m.birth) >= 16] or [m.name for m in present]
        self.children = any(b.age(m.birth) < 16 for m in present)
        care = {c for m in present for c in m.care}
        topics: list[str] = list(_TALK_GENERAL)
        self.focus = bool(care & _WEEKLY)
        if plan.vacant:
            topics = list(_TALK_VACANT)
        elif not present:
            topics = list(_TALK_AWAY)
        else:
            if any(b.age(m.birth) >= 60 for m in present):
                topics += _TALK_ELDERLY * 2
            if CareCategory.LEFT_BEHIND_CHILD in care:
                topics += _TALK_CHILD * 2
            if CareCategory.DISABLED in care:
                topics += _TALK_DISABLED
            if care & {CareCategory.MINIMUM_ALLOWANCE, CareCategory.EXTREME_POVERTY}:
                topics += _TALK_ALLOWANCE
            if any(m.population_type is PopulationType.MIGRANT for m in present):
                topics += _TALK_RENTED * 2
        self.topics = topics

    def _times(self, day: date) -> tuple[datetime, datetime]:
        rng = self.b.rng
        started = _visit_time(rng, day)
        return started, started + timedelta(minutes=rng.randint(10, 40))

    def _people_met(self) -> str:
        rng = self.b.rng
        if not self.met:
            return ""
        count = 1 if len(self.met) == 1 or rng.random() < 0.6 else 2
        return "、".join(rng.sample(self.met, count))

    def visit(self, day: date, visitor: str, sweeps: list[tuple[date, date, str]]) -> Visit:
        rng = self.b.rng
        started, ended = self._times(day)
        visit_type = VisitType.ROUTINE
        parts = [rng.choice(self.topics)]
        sweep = next((s for s in sweeps if s[0] <= day <= s[1]), None)
        if sweep is not None and rng.random() < 0.6 and not self.plan.vacant:
            visit_type = VisitType.SPECIAL_SWEEP
            parts = [f"{sweep[2]}，未发现明显隐患" if rng.random() < 0.8 else sweep[2]]
        elif self.focus and rng.random() < 0.4:
            visit_type = VisitType.FOCUS
        season = _season(day)
        if self.met and rng.random() < 0.3:
            if season == "summer" and self.children and rng.random() < 0.5:
                extra = _TALK_SUMMER_CHILD
            else:
                extra = rng.choice(_TALK_SEASON[season])
            if extra not in parts:
                parts.append(extra)
        elif self.met and rng.random() < 0.25:
            extra = rng.choice(self.topics)
            if extra not in parts:
                parts.append(extra)
        findings: tuple[Finding, ...] = ()
        resolved = True
        follow_up: date | None = None
        if self.met and rng.random() < 0.07:
            kind = FindingKind(_FINDING_KINDS.pick(rng))
            findings = (Finding(kind, rng.choice(_FINDINGS[kind])),)
            if rng.random() < 0.45:
                resolved = False
                follow_up = day + timedelta(days=rng.randint(3, 14))
        return Visit(
            id=self.b.uid(),
            household_id=self.plan.household_id,
            visitor=visitor,
            visit_type=visit_type,
            started_at=started,
            ended_at=ended,
            summary="；".join(parts) + "。",
            people_met=self._people_met(),
            findings=findings,
            resolved_on_spot=resolved,
            follow_up_date=follow_up,
            version=1,
            created_at=ended + timedelta(minutes=self.b.rng.randint(0, 5)),
        )

    def return_visit(self, day: date, finding: Finding, visitor: str) -> Visit:
        rng = self.b.rng
        started, ended = self._times(day)
        outcome = rng.choice(("已协调解决", "已解决，群众表示满意", "正在处理中，继续跟进"))
        return Visit(
            id=self.b.uid(),
            household_id=self.plan.household_id,
            visitor=visitor,
            visit_type=VisitType.RETURN_VISIT,
            started_at=started,
            ended_at=ended,
            summary=f"回访{finding.kind.label}事项：{finding.text}，{outcome}。",
            people_met=self._people_met(),
            version=1,
            created_at=ended + timedelta(minutes=rng.randint(0, 5)),
        )
