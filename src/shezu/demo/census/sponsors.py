"""Supervising units (业务主管单位), founders (举办单位) and business scopes (业务范围)."""

import random
from dataclasses import dataclass

# Supervising unit by field; "{area}" is the city (昆明市) or the county (五华区).
_SUPERVISORS: dict[str, tuple[str, ...]] = {
    "行业协会商会": ("{area}工商业联合会", "{area}商务局", "{area}工商行政管理局", "", ""),
    "科技类": ("{area}科学技术协会", "{area}科学技术局"),
    "文化体育": ("{area}文学艺术界联合会", "{area}体育局", "{area}文化广电新闻出版局"),
    "公益慈善类": ("{area}民政局", "共青团{area}委员会", "{area}妇女联合会"),
    "城乡社区服务类": ("{area}民政局", "{area}老龄工作委员会办公室"),
    "其他": ("{area}民政局", "{area}人力资源和社会保障局", "{area}教育局"),
    "民办学校": ("{area}教育局",),
    "养老服务": ("{area}民政局",),
    "民办医疗机构": ("{area}卫生和计划生育委员会",),
    "人力资源与中介": ("{area}人力资源和社会保障局",),
}
# The skills-training schools answer to the labour bureau, not the education bureau.
_LABOUR_SCHOOLS = ("职业技能培训学校",)

# 举办单位类型 (founder kind), the drop-down list of the classification workbook: a unit
# with a Party organization of its own answers for what it founds (属资); a person cannot.
ORGAN = "党政机关"
INSTITUTION = "事业单位"  # universities and public hospitals too
PEOPLES_ORGANIZATION = "人民团体"  # trade union, youth league, women's federation
STATE_ENTERPRISE = "国有企业"
PRIVATE_ENTERPRISE = "民营企业"
SOCIAL_ORGANIZATION = "社会组织"
PERSON = "个人"
FOUNDER_KINDS = (
    ORGAN,
    INSTITUTION,
    PEOPLES_ORGANIZATION,
    STATE_ENTERPRISE,
    PRIVATE_ENTERPRISE,
    SOCIAL_ORGANIZATION,
    PERSON,
)
# Founders of these kinds make an organization government-run (官办).
GOVERNMENT_KINDS = frozenset({ORGAN, INSTITUTION, PEOPLES_ORGANIZATION, STATE_ENTERPRISE})


@dataclass(frozen=True, slots=True)
class Founder:
    name: str  # 举办单位 (or the person); "" when nobody is on record
    kind: str  # 举办单位类型; "" when no founder

    @property
    def is_unit(self) -> bool:
        return self.kind not in {"", PERSON}

    @property
    def government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS


NO_FOUNDER = Founder("", "")

# The units that found 民非, in the order the draw has always picked from.
_UNIT_FOUNDERS = (
    Founder("云南大学", INSTITUTION),
    Founder("昆明理工大学", INSTITUTION),
    Founder("云南师范大学", INSTITUTION),
    Founder("昆明医科大学", INSTITUTION),
    Founder("昆明市第一人民医院", INSTITUTION),
    Founder("昆明市延安医院", INSTITUTION),
    Founder("昆明钢铁控股有限公司", STATE_ENTERPRISE),
    Founder("云南建工集团有限公司", STATE_ENTERPRISE),
    Founder("昆明市教育局", ORGAN),
    Founder("昆明市民政局", ORGAN),
    Founder("昆明市总工会", PEOPLES_ORGANIZATION),
    Founder("云南白药集团股份有限公司", STATE_ENTERPRISE),  # state-controlled
    Founder("昆明市国有资产管理营运有限责任公司", STATE_ENTERPRISE),
)
# Units that found in their own name: for the others a 民非 draws once more (below).
_OWN_NAME = {"昆明市教育局", "昆明市民政局", "昆明市总工会", "昆明市国有资产管理营运有限责任公司"}
# Of the 民非 a university, hospital or group company would found, this share was set up
# by a private company or an association instead.
PARTNER_SHARE = 0.2
_PRIVATE_ENTERPRISES = (
    "昆明恒达教育投资有限公司",
    "云南博雅文化传播有限公司",
    "昆明金穗养老产业有限公司",
    "云南康宁医疗投资管理有限公司",
    "昆明润生人力资源服务有限公司",
    "云南天瑞房地产开发有限公司",
)
_SOCIAL_FOUNDERS = ("昆明市慈善总会", "昆明市老年体育协会")

# Social groups with a founder: learned societies by a university or hospital, trade
# associations by an enterprise, a few others by an organ or a people's organization.
_SCHOLARLY = ("学会", "研究会")
_SCHOLARLY_SHARE, _TRADE_SHARE, _OTHER_SHARE = 0.15, 0.08, 0.05
_GROUP_SPONSORS = (
    Founder("共青团昆明市委员会", PEOPLES_ORGANIZATION),
    Founder("昆明市妇女联合会", PEOPLES_ORGANIZATION),
    Founder("昆明市总工会", PEOPLES_ORGANIZATION),
    Founder("昆明市民政局", ORGAN),
    Founder("中共昆明市委老干部局", ORGAN),
    Founder("昆明市体育局", ORGAN),
)

_SCOPES = {
    "行业协会商会": "行业自律、信息交流、业务培训、咨询服务、展览展销",
    "科技类": "学术交流、科学普及、课题研究、业务培训、咨询服务",
    "文化体育": "组织活动、交流展演、业务培训、比赛展览",
    "公益慈善类": "募集资金、扶贫济困、助学助医、志愿服务",
    "城乡社区服务类": "社区服务、居家养老、邻里互助、便民服务",
    "其他": "联谊交流、信息服务、咨询培训",
    "民办学校": "学前教育、文化补习、技能培训",
    "养老服务": "老年人生活照料、康复护理、精神慰藉",
    "民办医疗机构": "预防保健、医疗服务、康复治疗",
    "人力资源与中介": "职业介绍、人才交流、就业指导",
    "法律服务": "法律咨询、诉讼代理、非诉讼法律事务",
    "财会服务": "审计、验资、资产评估、税务代理",
}


def supervisor(rng: random.Random, field: str, area: str, kind: str = "") -> str:
    """The supervising unit for an organization of `field` registered in `area`."""
    if kind in _LABOUR_SCHOOLS:
        return f"{area}人力资源和社会保障局"
    options = _SUPERVISORS.get(field, ("{area}民政局",))
    return rng.choice(options).format(area=area)


def unit_founder(rng: random.Random, own: random.Random) -> Founder | None:
    """The unit that founded a 民非, three times in ten; None when a person did.

    `rng` is the organization's stream: the draws made from it (unit or person, which
    unit, and one more for a unit outside `_OWN_NAME`) are the ones a 民非 has always
    made, so that its other cells stay as they were. Every new choice comes from `own`.
    """
    if rng.random() >= 0.3:
        return None
    unit = rng.choice(_UNIT_FOUNDERS)
    if unit.name in _OWN_NAME or rng.random() >= PARTNER_SHARE:
        return unit
    if own.random() < 0.75:
        return Founder(own.choice(_PRIVATE_ENTERPRISES), PRIVATE_ENTERPRISE)
    return Founder(own.choice(_SOCIAL_FOUNDERS), SOCIAL_ORGANIZATION)


def group_founder(own: random.Random, core: str, field: str) -> Founder:
    """The founder of a social group, if a unit founded it (about one group in ten)."""
    roll = own.random()
    if core.endswith(_SCHOLARLY):
        if roll >= _SCHOLARLY_SHARE:
            return NO_FOUNDER
        return own.choice(_UNIT_FOUNDERS[:6])  # the universities and hospitals
    if field == "行业协会商会":
        if roll >= _TRADE_SHARE:
            return NO_FOUNDER
        if own.random() < 0.3:
            return Founder(own.choice(_PRIVATE_ENTERPRISES), PRIVATE_ENTERPRISE)
        return own.choice([u for u in _UNIT_FOUNDERS if u.kind == STATE_ENTERPRISE])
    if roll >= _OTHER_SHARE:
        return NO_FOUNDER
    return own.choice(_GROUP_SPONSORS)


def scope(field: str) -> str:
    return _SCOPES.get(field, "联谊交流、信息服务")
