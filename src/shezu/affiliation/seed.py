"""Kunming's default register of responsible bodies (责任主体), domain §4 and §10.

Who can be responsible for a social organization in Kunming, as the rules name them:
the city's and each county's social-organization Party body (社会组织党工委/党委, for 分级
负责 and 区域兜底), each management zone's (管理区), each township's or street's
(乡镇街道党委/党工委, for 属地), the Party organizations of the supervising units
(业务主管单位, for 属条) of the city and of every county, the industry Party committees
(行业党委) and the Party organizations of the big founders (举办单位, for 属资).

`bodies_seed` (bodies.py) writes what is missing of it; a department changes it afterwards
through the body workbook. Django-free apart from the divisions read from census.api: the
seed is plain values, so the rule engine's tests can build a directory from it directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from shezu.census.api import CITY_CODE, Division, counties, townships, zones

CITY_NAME: Final = "昆明市"
# 组织部 in 2016; many cities moved the work to a 社会工作部 after 2023 (domain §10).
DEFAULT_DEPARTMENT: Final = "组织部"


@dataclass(frozen=True)
class BodySpec:
    """One body of the seed; `kind` is a `BodyKind` value, `parent_code` "" for the root."""

    code: str
    name: str
    kind: str
    parent_code: str
    area_code: str
    units: tuple[str, ...] = ()
    department: str = DEFAULT_DEPARTMENT


@dataclass(frozen=True)
class SupervisorUnit:
    """A kind of supervising unit every area has: its name and the older names of it
    that still fill departments' lists (卫生和计划生育委员会 before 2018 …)."""

    key: str
    name: str
    old_names: tuple[str, ...] = ()


# The supervising units (业务主管单位) of the city and of each county whose Party
# organization answers for the organizations they supervise (谁主管谁负责).
SUPERVISOR_UNITS: Final = (
    SupervisorUnit("education", "教育局"),
    SupervisorUnit("civil", "民政局"),
    SupervisorUnit("health", "卫生健康委员会", ("卫生和计划生育委员会",)),
    SupervisorUnit("science", "科学技术局"),
    SupervisorUnit("science_association", "科学技术协会"),
    SupervisorUnit("arts", "文学艺术界联合会"),
    SupervisorUnit("sports", "体育局"),
    SupervisorUnit("culture", "文化和旅游局", ("文化广电新闻出版局", "文化局")),
    SupervisorUnit("commerce", "商务局"),
    SupervisorUnit("federation", "工商业联合会"),
    SupervisorUnit("market", "市场监督管理局", ("工商行政管理局",)),
    SupervisorUnit("labour", "人力资源和社会保障局"),
    SupervisorUnit("ageing", "老龄工作委员会办公室"),
    SupervisorUnit("justice", "司法局"),
    SupervisorUnit("finance", "财政局"),
    SupervisorUnit("youth", "共青团{area}委员会", ("{area}团委",)),
    SupervisorUnit("women", "妇女联合会"),
    SupervisorUnit("union", "总工会"),
    SupervisorUnit("disabled", "残疾人联合会"),
)

# The founders (举办单位) big enough to found social organizations of their own (private
# schools, hospitals' associations, enterprises' foundations), in the order of their codes.
FOUNDERS: Final = (
    "云南大学",
    "昆明理工大学",
    "云南师范大学",
    "昆明医科大学",
    "昆明市第一人民医院",
    "昆明市延安医院",
    "昆明钢铁控股有限公司",
    "云南建工集团有限公司",
    "云南白药集团股份有限公司",
    "昆明市国有资产管理营运有限责任公司",
)

# Townships the division table lists without a statistical code (统计用区划代码): they
# cannot be a body's area, so the seed leaves them out. None in the current table.
TOWNSHIPS_WITHOUT_CODE: Final[tuple[str, ...]] = tuple(
    f"{county.name}{township.name}"
    for county in counties()
    for township in townships(county.code)
    if not township.township_code
)


def kunming_bodies() -> list[BodySpec]:
    """The default body register for Kunming, every parent before its children."""
    return [
        city_body(),
        *(county_body(county) for county in counties()),
        *(zone_body(zone) for zone in zones()),
        *_township_bodies(),
        *supervisor_bodies(CITY_CODE, CITY_NAME),
        *(body for county in counties() for body in supervisor_bodies(county.code, county.name)),
        *industry_bodies(),
        *founder_bodies(),
    ]


def city_body() -> BodySpec:
    return BodySpec(
        code=CITY_CODE,
        name=f"{CITY_NAME}社会组织党工委",
        kind="city",
        parent_code="",
        area_code=CITY_CODE,
    )


def county_body(county: Division) -> BodySpec:
    return BodySpec(
        code=county.code,
        name=f"{county.name}社会组织党委",
        kind="county",
        parent_code=CITY_CODE,
        area_code=county.code,
    )


def zone_body(zone: Division) -> BodySpec:
    """A management zone answers as an area of its own; departments name it by its full or
    short name or by its management committee (管委会)."""
    units = (zone.name, zone.short, f"{zone.short}管委会", f"{zone.name}管理委员会")
    return BodySpec(
        code=zone.township_code,
        name=f"{zone.short}社会组织党委",
        kind="zone",
        parent_code=CITY_CODE,
        area_code=zone.township_code,
        units=_distinct(units),
    )


def township_body(township: Division, county: Division) -> BodySpec:
    """A street's Party body is a 党工委, a town's or township's a 党委; departments name
    the township as its office (街道办事处) or government (镇人民政府), with or without
    the county in front."""
    suffix = "党工委" if township.kind == "街道" else "党委"
    units = tuple(
        f"{prefix}{township.name}{organ}"
        for prefix in ("", county.name)
        for organ in ("办事处", "人民政府")
    )
    return BodySpec(
        code=township.township_code,
        name=f"{township.name}{suffix}",
        kind="township",
        parent_code=county.code,
        area_code=township.township_code,
        units=units,
    )


def _township_bodies() -> Iterator[BodySpec]:
    for county in counties():
        for township in townships(county.code):
            if township.township_code:
                yield township_body(township, county)


def supervisor_bodies(area_code: str, area_name: str) -> list[BodySpec]:
    """The supervising units' Party organizations (机关党委) of one area (the city or a
    county), coded `{area}-{key}` and placed under the area's own body."""
    bodies = []
    for unit in SUPERVISOR_UNITS:
        name = _unit_name(unit.name, area_name)
        old = (_unit_name(old_name, area_name) for old_name in unit.old_names)
        bodies.append(
            BodySpec(
                code=f"{area_code}-{unit.key}",
                name=f"{name}机关党委",
                kind="supervisor",
                parent_code=area_code,
                area_code=area_code,
                units=_distinct((name, *old)),
            )
        )
    return bodies


def _unit_name(pattern: str, area_name: str) -> str:
    """昆明市教育局 from 教育局; 共青团昆明市委员会 from a pattern naming the area inside."""
    return pattern.format(area=area_name) if "{area}" in pattern else f"{area_name}{pattern}"


def industry_bodies() -> list[BodySpec]:
    """The city's industry Party committees (行业党委): lawyers' under the justice bureau,
    accountants' under the finance bureau, and the committee for the trade associations and
    chambers decoupled from government in 2015 (脱钩), which no unit supervises any more."""
    return [
        BodySpec(
            code=f"{CITY_CODE}-lawyers",
            name=f"{CITY_NAME}律师行业党委",
            kind="industry",
            parent_code=f"{CITY_CODE}-justice",
            area_code=CITY_CODE,
            units=(f"{CITY_NAME}律师协会",),
        ),
        BodySpec(
            code=f"{CITY_CODE}-cpa",
            name=f"{CITY_NAME}注册会计师行业党委",
            kind="industry",
            parent_code=f"{CITY_CODE}-finance",
            area_code=CITY_CODE,
            units=(f"{CITY_NAME}注册会计师协会",),
        ),
        BodySpec(
            code=f"{CITY_CODE}-associations",
            name=f"{CITY_NAME}行业协会商会党委",
            kind="industry",
            parent_code=CITY_CODE,
            area_code=CITY_CODE,
        ),
    ]


def founder_bodies() -> list[BodySpec]:
    """The founders' Party committees (谁举办谁负责), coded 530100-founder-01 …"""
    return [
        BodySpec(
            code=f"{CITY_CODE}-founder-{number:02d}",
            name=f"{unit}党委",
            kind="founder",
            parent_code=CITY_CODE,
            area_code=CITY_CODE,
            units=(unit,),
        )
        for number, unit in enumerate(FOUNDERS, start=1)
    ]


def _distinct(names: tuple[str, ...]) -> tuple[str, ...]:
    """Names once each, in order (禄劝工业园区's short name is its full name)."""
    return tuple(dict.fromkeys(names))
