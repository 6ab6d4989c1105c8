"""Classify an organization: level, origin, legal form, field, founder and supervising unit.

Each value comes with its evidence (依据) in Chinese — the registering department's
category, a word in the name, the supervising unit, a county's workbook, a field team's
sheet or a person's decision — so `shezu assign explain` can say why. A person's override
beats everything; a county's workbook (facts) beats what the departments' lists say; the
lists beat what the name suggests. A value nothing supports stays "" (未判定): a guess
would send the organization to the wrong desk without anyone noticing. A supervising unit
or founder that is "" with evidence is known to be none: a county wrote 无 for it.
Django-free.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from shezu.affiliation import vocabulary as v
from shezu.census.api import CITY_CODE, OrganizationRecord, county_by_code, region_aliases

PROVINCE_LEVEL: Final = "省级"
FILING: Final = "备案"  # a street's filing list (街道备案名录)


@dataclass(frozen=True)
class Facts:
    """What people said about an organization, newest first per attribute: the county's
    classification workbook (补充信息) and, for the founder's kind, the field team."""

    founder: str = ""
    founder_kind: str = ""
    supervisor: str = ""
    field: str = ""
    source: Mapping[str, str] = dataclasses.field(default_factory=dict)  # attribute → "file:row"


@dataclass(frozen=True)
class Override:
    value: str
    reason: str


@dataclass(frozen=True)
class ClassificationResult:
    level: str
    origin: str
    legal_form: str
    field: str
    founder: str
    founder_kind: str
    supervisor: str
    evidence: dict[str, str]
    overridden: tuple[str, ...] = ()

    def value(self, attribute: str) -> str:
        return str(getattr(self, attribute))


def classify(
    record: OrganizationRecord,
    facts: Facts | None = None,
    overrides: Mapping[str, Override] | None = None,
) -> ClassificationResult:
    """The organization's classification, each attribute with its evidence."""
    facts = facts or Facts()
    overrides = overrides or {}
    evidence: dict[str, str] = {}
    values: dict[str, str] = {}

    def decide(attribute: str, found: tuple[str, str]) -> None:
        override = overrides.get(attribute)
        if override is not None:
            values[attribute] = override.value
            evidence[attribute] = f"人工更正：{override.reason}"
        else:
            values[attribute], evidence[attribute] = found

    decide("supervisor", _supervisor(record, facts))
    decide("founder", _founder(record, facts))
    decide("founder_kind", _founder_kind(record, facts, values["founder"]))
    decide("legal_form", _legal_form(record))
    decide("level", _level(record, values["legal_form"]))
    decide("origin", _origin(record, values["legal_form"], values["founder_kind"]))
    decide("field", _field(record, facts, values["legal_form"], values["supervisor"]))
    return ClassificationResult(
        **values,
        evidence={name: text for name, text in evidence.items() if text},
        overridden=tuple(name for name in v.ATTRIBUTE_LABELS if name in overrides),
    )


# ---------------------------------------------------------------------------
# Supervising unit and founder


def _stated(facts: Facts, attribute: str) -> tuple[str, str] | None:
    """What the county's workbook said about a unit, or None when it said nothing.

    A county that wrote 无 (stored as `NONE_STATED`) said there is none — e.g. a trade
    association decoupled (脱钩) from its former supervising organ while the departments'
    lists still name it — which beats the lists: the value is "", with evidence.
    """
    given = str(getattr(facts, attribute))
    if not given:
        return None
    source = f"补充信息表 {facts.source.get(attribute, '')}".strip()
    if given in v.NO_UNIT:
        return "", f"{source}：无{v.ATTRIBUTE_LABELS[attribute]}"
    return given, source


def _supervisor(record: OrganizationRecord, facts: Facts) -> tuple[str, str]:
    stated = _stated(facts, "supervisor")
    if stated is not None:
        return stated
    written = v.attribute_value("supervisor", record.supervisor) or ""
    if written:
        return written, "登记信息：业务主管单位"
    return "", ""


def _founder(record: OrganizationRecord, facts: Facts) -> tuple[str, str]:
    stated = _stated(facts, "founder")
    if stated is not None:
        return stated
    written = v.attribute_value("founder", record.founder) or ""
    if written:
        return written, "登记信息：举办单位"
    return "", ""


def _founder_kind(record: OrganizationRecord, facts: Facts, founder: str) -> tuple[str, str]:
    if facts.founder_kind:
        return facts.founder_kind, f"补充信息表 {facts.source.get('founder_kind', '')}".strip()
    for visit in reversed(record.visits):
        kind = v.attribute_value("founder_kind", visit.corrections.get("founder_kind", ""))
        if kind:
            return kind, f"{visit.verified_on.isoformat()} 实地核实"
    if not founder:
        return "", ""
    kind = founder_kind_of(founder)
    return (kind, f"按举办单位名称“{founder}”推断") if kind else ("", "")


_PEOPLES_ORGANIZATIONS: Final = re.compile(
    r"总工会|共青团|团委|妇女联合会|妇联|科学技术协会|科协|文学艺术界联合会|文联|"
    r"工商业联合会|工商联|残疾人联合会|残联|归国华侨联合会|侨联|红十字会|青年联合会"
)
_ORGANS: Final = re.compile(
    r"(局|委员会|委员会办公室|办公室|人民政府|政府|厅|办事处|管理委员会|管委会|党委|"
    r"人民法院|人民检察院|部)$"
)
_STATE_ENTERPRISES: Final = re.compile(r"国有|国资|投资控股|城投|国投")
_ENTERPRISES: Final = re.compile(r"(公司|集团|厂|企业|商行|合作社)$|有限公司|股份")
_INSTITUTIONS: Final = re.compile(
    r"(大学|学院|学校|中学|小学|幼儿园|医院|卫生院|研究院|研究所|研究中心|中心|馆|站|"
    r"出版社|报社|电视台|广播电台|院|所)$"
)
_SOCIAL_ORGANIZATIONS: Final = re.compile(r"(协会|学会|商会|研究会|联合会|促进会|基金会)$")
_PERSON: Final = re.compile(r"[\u4e00-\u9fff]{2,4}")


def founder_kind_of(name: str) -> str:
    """The founder's kind as its name says it; "" when the name does not tell.

    Order matters: 总工会 is a people's organization although it ends in 会, 教育局 an
    organ, 昆明市国有资产管理营运有限责任公司 a state enterprise although a company.
    A private enterprise is only presumed (民营企业): the name of a company rarely says
    who owns it, so the county's workbook should confirm it.
    """
    name = "".join(name.split())
    if _PEOPLES_ORGANIZATIONS.search(name):
        return v.FOUNDER_PEOPLES_ORGANIZATION
    if _ENTERPRISES.search(name):
        state = _STATE_ENTERPRISES.search(name)
        return v.FOUNDER_STATE_ENTERPRISE if state else v.FOUNDER_PRIVATE_ENTERPRISE
    if _ORGANS.search(name):
        return v.FOUNDER_ORGAN
    if _SOCIAL_ORGANIZATIONS.search(name):
        return v.FOUNDER_SOCIAL_ORGANIZATION
    if _INSTITUTIONS.search(name):
        return v.FOUNDER_INSTITUTION
    if _PERSON.fullmatch(name):
        return v.FOUNDER_PERSON
    return ""


# ---------------------------------------------------------------------------
# Legal form

# Name endings that name the legal form whatever the list said (most specific first).
_FORM_BY_NAME: Final = (
    ("律师事务所", v.LAW_FIRM),
    ("基层法律服务所", v.LEGAL_SERVICE_OFFICE),
    ("法律服务所", v.LEGAL_SERVICE_OFFICE),
    ("公证处", v.NOTARY_OFFICE),
    ("司法鉴定", v.FORENSIC_INSTITUTION),
    ("会计师事务所", v.ACCOUNTING_FIRM),
    ("资产评估", v.ASSET_APPRAISAL),
    ("税务师事务所", v.TAX_AGENT),
    ("基金会", v.FOUNDATION),
)
_GROUP_ENDINGS: Final = re.compile(r"(协会|学会|商会|研究会|联合会|促进会|联谊会|同业公会|总会)$")
_UNIT_ENDINGS: Final = re.compile(r"(中心|学校|幼儿园|医院|诊所|院|所|站|社|馆|园|队)$")
_ENTERPRISE_AUTHORITY: Final = re.compile(r"工商|市场监督|市场监管")


def _legal_form(record: OrganizationRecord) -> tuple[str, str]:
    category = v.LEGAL_FORM_SYNONYMS.get(record.category, record.category)
    if record.filed_only:
        return v.COMMUNITY_ORGANIZATION, "仅在街道备案"
    for mark, form in _FORM_BY_NAME:
        if mark in record.name and category in ("", form, v.OTHER_INTERMEDIARY):
            return form, f"名称含“{mark}”"
    if category in v.LEGAL_FORMS:
        return category, f"登记类型：{record.category}"
    registered_as_enterprise = bool(
        _ENTERPRISE_AUTHORITY.search(record.registration_authority) or record.departments & {"工商"}
    )
    if registered_as_enterprise and not category and "民政" not in record.departments:
        where = record.registration_authority or "工商名录"
        return v.OTHER_INTERMEDIARY, f"在工商登记（{where}）"
    if "民政" in record.departments or "民政" in record.registration_authority:
        if _GROUP_ENDINGS.search(record.name):
            return v.SOCIAL_GROUP, "民政登记，名称为社团形式"
        if _UNIT_ENDINGS.search(record.name):
            return v.PRIVATE_NON_ENTERPRISE, "民政登记，名称为民非形式"
    return "", ""


# ---------------------------------------------------------------------------
# Level and origin


def registration_area(record: OrganizationRecord) -> str:
    """The area of the authority that registered it: 530100 for the city, a county's code;
    "" when neither its authority's name nor its credit code tells."""
    authority = "".join(record.registration_authority.split())
    if authority.startswith(("昆明市", "云南省")):
        rest = authority[3:]
        head = _county_at(rest)
        return head or CITY_CODE
    head = _county_at(authority)
    if head:
        return head
    if len(record.uscc) == 18:
        region = record.uscc[2:8]
        if region in (CITY_CODE, "530000"):
            return CITY_CODE
        county = county_by_code(region)
        if county is not None:
            return county.code
    return ""


def _county_at(text: str) -> str:
    aliases = region_aliases()
    for length in range(2, 12):
        division = aliases.get(text[:length])
        if division is not None and division.kind == "county" and length > len(division.short):
            return division.code
    return ""


def _level(record: OrganizationRecord, legal_form: str) -> tuple[str, str]:
    if FILING in record.departments or legal_form == v.COMMUNITY_ORGANIZATION:
        return v.COMMUNITY_LEVEL, "城乡社区社会组织（在街道备案）"
    if record.level in v.LEVELS:
        return record.level, f"登记层级：{record.level}"
    if record.level == PROVINCE_LEVEL:
        return v.CITY_WIDE, "省级登记机关登记，在昆明按全市性"
    area = registration_area(record)
    if area == CITY_CODE:
        return v.CITY_WIDE, f"登记管理机关：{record.registration_authority or '市级'}"
    if area:
        return v.COUNTY_LEVEL, f"登记管理机关：{record.registration_authority or '县级'}"
    return "", ""


def _origin(record: OrganizationRecord, legal_form: str, founder_kind: str) -> tuple[str, str]:
    if record.filed_only:
        return v.GRASSROOTS, "未登记，仅在街道备案"
    if FILING in record.departments:
        return v.GRASSROOTS, "社区群众自发组织，在街道备案后登记"
    if founder_kind in v.GOVERNMENT_FOUNDER_KINDS:
        return v.GOVERNMENT_RUN, f"举办单位为{founder_kind}"
    if legal_form == v.NOTARY_OFFICE:
        return v.GOVERNMENT_RUN, "公证处由司法行政机关设立"
    if founder_kind:
        return v.PRIVATE, f"举办单位为{founder_kind}"
    if legal_form:
        return v.PRIVATE, "已登记，未见党政机关、事业单位、人民团体或国有企业举办"
    return "", ""


# ---------------------------------------------------------------------------
# Field (行业类型)

_FORM_FIELDS: Final[Mapping[str, str]] = {
    v.LAW_FIRM: v.LEGAL_SERVICES,
    v.LEGAL_SERVICE_OFFICE: v.LEGAL_SERVICES,
    v.NOTARY_OFFICE: v.LEGAL_SERVICES,
    v.FORENSIC_INSTITUTION: v.LEGAL_SERVICES,
    v.ACCOUNTING_FIRM: v.ACCOUNTING_SERVICES,
    v.ASSET_APPRAISAL: v.ACCOUNTING_SERVICES,
    v.TAX_AGENT: v.ACCOUNTING_SERVICES,
}
# Words in a name, most telling first: a 老年体育协会 is about sport, an 教育基金会 charity.
_NAME_FIELDS: Final = (
    (
        r"商会|行业协会|同业公会|业协会|企业协会|企业家协会|经纪人协会|商务协会|"
        r"个体劳动者协会|个私协会",
        v.TRADE_ASSOCIATION,
    ),
    (r"医院|诊所|门诊|卫生院|卫生室|医疗|中医馆|康复", v.PRIVATE_MEDICAL),
    (r"基金会|慈善|公益|志愿|救助|扶贫|助学|助残|爱心|红十字", v.CHARITY),
    (r"学校|幼儿园|培训|学院|学堂|书院|补习|教育|职业技能", v.PRIVATE_SCHOOL),
    (r"养老|敬老|老年公寓|颐养|托老|护理院|老年服务", v.ELDERLY_CARE),
    (r"人才|职业介绍|劳务|人力资源|就业", v.HUMAN_RESOURCES),
    (
        r"文化|艺术|书法|书画|摄影|美术|音乐|钢琴|乐器|舞蹈|合唱|歌|戏剧|曲艺|文学|作家|诗|"
        r"楹联|花灯|滇剧|京剧|读书|图书|收藏|剪纸|陶艺|古琴|花鸟|茶|文艺|老年大学|活动中心|"
        r"体育|健身|球|棋|桥牌|武术|太极|拳|登山|游泳|钓鱼|跑|骑行|运动|俱乐部|秧歌|广场舞|腰鼓",
        v.CULTURE_SPORTS,
    ),
    (r"科技|科学|学会|技术|工程|农业|医学", v.SCIENCE),
    (r"社区|邻里|居家|社会工作|社工|便民|家庭|婚姻|物业", v.COMMUNITY_SERVICE),
)
# A community group's name always holds its community (社区, 村); what it does decides.
# Keeping the neighbourhood safe, mediating and helping each other is community service;
# volunteering as such (志愿, 环保) is charity, as anywhere.
_COMMUNITY_FIELDS: Final = (
    (r"调解|平安|治安|禁毒|巡逻|互助|邻里|妇女之家|儿童之家", v.COMMUNITY_SERVICE),
    (r"老年协会|老年人协会|老年体协|健身队|建身队", v.CULTURE_SPORTS),  # 文体娱乐 in the village
)
_NAME_FIELD_PATTERNS: Final = tuple((re.compile(p), f) for p, f in _NAME_FIELDS)
_COMMUNITY_FIELD_PATTERNS: Final = tuple((re.compile(p), f) for p, f in _COMMUNITY_FIELDS)
_COMMUNITY_WORDS: Final = re.compile(r"社区|村")
_SUPERVISOR_FIELDS: Final = (
    (re.compile(r"教育"), v.PRIVATE_SCHOOL),
    (re.compile(r"卫生"), v.PRIVATE_MEDICAL),
    (re.compile(r"科学技术|科协"), v.SCIENCE),
    (re.compile(r"文学艺术|文联|体育|文化"), v.CULTURE_SPORTS),
    (re.compile(r"工商业联合会|工商联|商务|工商行政|市场监督"), v.TRADE_ASSOCIATION),
    (re.compile(r"人力资源"), v.HUMAN_RESOURCES),
    (re.compile(r"老龄"), v.COMMUNITY_SERVICE),
)


_BROAD_SUPERVISION: Final = frozenset({v.PRIVATE_SCHOOL, v.HUMAN_RESOURCES, v.COMMUNITY_SERVICE})


def _field(
    record: OrganizationRecord, facts: Facts, legal_form: str, supervisor: str
) -> tuple[str, str]:
    if facts.field:
        return facts.field, f"补充信息表 {facts.source.get('field', '')}".strip()
    if legal_form in _FORM_FIELDS:
        return _FORM_FIELDS[legal_form], f"组织形式：{legal_form}"
    community = legal_form == v.COMMUNITY_ORGANIZATION or FILING in record.departments
    patterns = _NAME_FIELD_PATTERNS
    if community:
        patterns = _COMMUNITY_FIELD_PATTERNS + patterns
    for pattern, field_name in patterns:
        found = pattern.search(record.name)
        if found and not (community and _COMMUNITY_WORDS.fullmatch(found.group(0))):
            return field_name, f"名称含“{found.group(0)}”"
    # A unit (民非) serves what its supervising unit governs. A group's supervisor says
    # less: a 老干部联谊会 under the education bureau is no school, so for groups only the
    # supervisors that govern one field count.
    for pattern, field_name in _SUPERVISOR_FIELDS:
        if pattern.search(supervisor) and (
            legal_form == v.PRIVATE_NON_ENTERPRISE or field_name not in _BROAD_SUPERVISION
        ):
            return field_name, f"业务主管单位：{supervisor}"
    return "", ""
