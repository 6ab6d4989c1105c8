"""Supervising units (业务主管单位), founders (举办单位) and business scopes (业务范围)."""

import random

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

_UNIT_FOUNDERS = (
    "云南大学",
    "昆明理工大学",
    "云南师范大学",
    "昆明医科大学",
    "昆明市第一人民医院",
    "昆明市延安医院",
    "昆明钢铁控股有限公司",
    "云南建工集团有限公司",
    "昆明市教育局",
    "昆明市民政局",
    "昆明市总工会",
    "云南白药集团股份有限公司",
    "昆明市国有资产管理营运有限责任公司",
)
_GOVERNMENT_FOUNDERS = {
    "昆明市教育局",
    "昆明市民政局",
    "昆明市总工会",
    "昆明市国有资产管理营运有限责任公司",
}

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


def founder(rng: random.Random, person: str) -> tuple[str, bool]:
    """(founder, government-run?) of a 民非: a unit three times in ten, otherwise a person."""
    if rng.random() < 0.3:
        unit = rng.choice(_UNIT_FOUNDERS)
        return unit, unit in _GOVERNMENT_FOUNDERS or rng.random() < 0.3
    return person, False


def scope(field: str) -> str:
    return _SCOPES.get(field, "联谊交流、信息服务")
