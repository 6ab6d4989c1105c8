"""The words of classification and responsibility, in one place (domain §5, §10, §11).

Values are stored and exported in Chinese, as the people who fill in the workbooks write
them; code refers to them through these constants. Django-free.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from shezu.census import labels as census_labels

# 层级 (level): who registered it, which decides the body by level (分级负责).
CITY_WIDE: Final = "全市性"
COUNTY_LEVEL: Final = "县级"
COMMUNITY_LEVEL: Final = "城乡社区"
LEVELS: Final = (CITY_WIDE, COUNTY_LEVEL, COMMUNITY_LEVEL)

# 来源 (origin): 官办 set up by government bodies; 民办 by citizens or private capital;
# 草根 informal, unregistered or only filed.
GOVERNMENT_RUN: Final = "官办"
PRIVATE: Final = "民办"
GRASSROOTS: Final = "草根"
ORIGINS: Final = (GOVERNMENT_RUN, PRIVATE, GRASSROOTS)

# 组织形式 (legal form), domain §11.
SOCIAL_GROUP: Final = "社会团体"
PRIVATE_NON_ENTERPRISE: Final = "民办非企业单位"  # 社会服务机构 since 2016
FOUNDATION: Final = "基金会"
LAW_FIRM: Final = "律师事务所"
LEGAL_SERVICE_OFFICE: Final = "基层法律服务所"
NOTARY_OFFICE: Final = "公证处"
FORENSIC_INSTITUTION: Final = "司法鉴定机构"
ACCOUNTING_FIRM: Final = "会计师事务所"
ASSET_APPRAISAL: Final = "资产评估机构"
TAX_AGENT: Final = "税务师事务所"
OTHER_INTERMEDIARY: Final = "其他中介组织"
COMMUNITY_ORGANIZATION: Final = "社区社会组织"
LEGAL_FORMS: Final = (
    SOCIAL_GROUP,
    PRIVATE_NON_ENTERPRISE,
    FOUNDATION,
    LAW_FIRM,
    LEGAL_SERVICE_OFFICE,
    NOTARY_OFFICE,
    FORENSIC_INSTITUTION,
    ACCOUNTING_FIRM,
    ASSET_APPRAISAL,
    TAX_AGENT,
    OTHER_INTERMEDIARY,
    COMMUNITY_ORGANIZATION,
)
# Other names departments give a legal form.
LEGAL_FORM_SYNONYMS: Final[Mapping[str, str]] = {
    "社会服务机构": PRIVATE_NON_ENTERPRISE,
    "民非": PRIVATE_NON_ENTERPRISE,
    "社团": SOCIAL_GROUP,
    "律所": LAW_FIRM,
    "会计所": ACCOUNTING_FIRM,
}

# 行业类型 (field), domain §11: what themed activities and breakdowns go by.
TRADE_ASSOCIATION: Final = "行业协会商会"
SCIENCE: Final = "科技类"
CHARITY: Final = "公益慈善类"
COMMUNITY_SERVICE: Final = "城乡社区服务类"
PRIVATE_SCHOOL: Final = "民办学校"
PRIVATE_MEDICAL: Final = "民办医疗机构"
ELDERLY_CARE: Final = "养老服务"
LEGAL_SERVICES: Final = "法律服务"
ACCOUNTING_SERVICES: Final = "财会服务"
HUMAN_RESOURCES: Final = "人力资源与中介"
CULTURE_SPORTS: Final = "文化体育"
OTHER_FIELD: Final = "其他"
FIELDS: Final = (
    TRADE_ASSOCIATION,
    SCIENCE,
    CHARITY,
    COMMUNITY_SERVICE,
    PRIVATE_SCHOOL,
    PRIVATE_MEDICAL,
    ELDERLY_CARE,
    LEGAL_SERVICES,
    ACCOUNTING_SERVICES,
    HUMAN_RESOURCES,
    CULTURE_SPORTS,
    OTHER_FIELD,
)
FIELD_SYNONYMS: Final[Mapping[str, str]] = {
    "教育": PRIVATE_SCHOOL,
    "教育类": PRIVATE_SCHOOL,
    "民办学校（教育）": PRIVATE_SCHOOL,
    "医疗": PRIVATE_MEDICAL,
    "卫生": PRIVATE_MEDICAL,
    "养老": ELDERLY_CARE,
    "文化": CULTURE_SPORTS,
    "体育": CULTURE_SPORTS,
    "文体类": CULTURE_SPORTS,
    "科技": SCIENCE,
    "公益慈善": CHARITY,
    "慈善": CHARITY,
    "社区服务": COMMUNITY_SERVICE,
    "行业协会": TRADE_ASSOCIATION,
    "商会": TRADE_ASSOCIATION,
    "法律": LEGAL_SERVICES,
    "财会": ACCOUNTING_SERVICES,
    "中介": HUMAN_RESOURCES,
}

# 举办单位类型 (founder kind): who set it up. Units with a Party organization of their own
# can be responsible for what they found (属资); a person cannot.
FOUNDER_ORGAN: Final = "党政机关"
FOUNDER_INSTITUTION: Final = "事业单位"
FOUNDER_PEOPLES_ORGANIZATION: Final = "人民团体"
FOUNDER_STATE_ENTERPRISE: Final = "国有企业"
FOUNDER_PRIVATE_ENTERPRISE: Final = "民营企业"
FOUNDER_SOCIAL_ORGANIZATION: Final = "社会组织"
FOUNDER_PERSON: Final = "个人"
FOUNDER_KINDS: Final = census_labels.FOUNDER_KINDS  # the verification sheet's list too
assert FOUNDER_KINDS == (
    FOUNDER_ORGAN,
    FOUNDER_INSTITUTION,
    FOUNDER_PEOPLES_ORGANIZATION,
    FOUNDER_STATE_ENTERPRISE,
    FOUNDER_PRIVATE_ENTERPRISE,
    FOUNDER_SOCIAL_ORGANIZATION,
    FOUNDER_PERSON,
)
FOUNDER_KIND_SYNONYMS: Final[Mapping[str, str]] = {
    "机关": FOUNDER_ORGAN,
    "国家机关": FOUNDER_ORGAN,
    "党政机关单位": FOUNDER_ORGAN,
    "事业": FOUNDER_INSTITUTION,
    "群团组织": FOUNDER_PEOPLES_ORGANIZATION,
    "群团": FOUNDER_PEOPLES_ORGANIZATION,
    "国企": FOUNDER_STATE_ENTERPRISE,
    "企业": FOUNDER_PRIVATE_ENTERPRISE,
    "民企": FOUNDER_PRIVATE_ENTERPRISE,
    "私营企业": FOUNDER_PRIVATE_ENTERPRISE,
    "自然人": FOUNDER_PERSON,
    "公民个人": FOUNDER_PERSON,
}
# Founders of these kinds are units that answer for what they found (谁举办谁负责).
UNIT_FOUNDER_KINDS: Final = frozenset(FOUNDER_KINDS) - {FOUNDER_PERSON}
# Founders of these kinds make an organization government-run (官办).
GOVERNMENT_FOUNDER_KINDS: Final = frozenset(
    {FOUNDER_ORGAN, FOUNDER_INSTITUTION, FOUNDER_PEOPLES_ORGANIZATION, FOUNDER_STATE_ENTERPRISE}
)

# The attributes a classification holds, with their labels and allowed values ("" = any).
ATTRIBUTE_LABELS: Final[Mapping[str, str]] = {
    "level": "层级",
    "origin": "来源",
    "legal_form": "组织形式",
    "field": "行业类型",
    "founder": "举办单位",
    "founder_kind": "举办单位类型",
    "supervisor": "业务主管单位",
}
ATTRIBUTE_VALUES: Final[Mapping[str, tuple[str, ...]]] = {
    "level": LEVELS,
    "origin": ORIGINS,
    "legal_form": LEGAL_FORMS,
    "field": FIELDS,
    "founder_kind": FOUNDER_KINDS,
}
_SYNONYMS: Final[Mapping[str, Mapping[str, str]]] = {
    "legal_form": LEGAL_FORM_SYNONYMS,
    "field": FIELD_SYNONYMS,
    "founder_kind": FOUNDER_KIND_SYNONYMS,
}
# A supervising unit written as one of these means there is none.
NO_UNIT: Final = frozenset(
    {"无", "没有", "暂无", "/", "-", "—", "－", "无主管单位", "无业务主管单位"}
)
# How a county's explicit "there is none" is stored (a fact's supervisor or founder), so it
# can be told from a blank cell, which says nothing.
NONE_STATED: Final = "无"


def attribute_name(text: str) -> str:
    """`level` from `level` or `层级`; "" when neither."""
    text = text.strip()
    if text in ATTRIBUTE_LABELS:
        return text
    return next((name for name, label in ATTRIBUTE_LABELS.items() if label == text), "")


def attribute_value(attribute: str, text: str) -> str | None:
    """The vocabulary value `text` means for `attribute` (synonyms folded, spaces dropped);
    None when the attribute has a fixed list and `text` is not on it. Free-text
    attributes (founder, supervisor) give the text as written, trimmed."""
    text = "".join(text.split())
    allowed = ATTRIBUTE_VALUES.get(attribute)
    if allowed is None:
        return "" if text in NO_UNIT else text
    if text in allowed:
        return text
    return _SYNONYMS.get(attribute, {}).get(text)


# 责任方式 (mode of responsibility), domain §10.
MODE_FOUNDER: Final = "founder"  # 属资: 谁举办谁负责
MODE_SUPERVISOR: Final = "supervisor"  # 属条: 谁主管谁负责
MODE_LOCALITY: Final = "locality"  # 属地: 区域兜底
MODE_LEVEL: Final = "level"  # 分级: 分级负责
MODE_LABELS: Final[Mapping[str, str]] = {
    MODE_FOUNDER: "属资",
    MODE_SUPERVISOR: "属条",
    MODE_LOCALITY: "属地",
    MODE_LEVEL: "分级",
}
