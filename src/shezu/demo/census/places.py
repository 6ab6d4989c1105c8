"""Where the demo organizations are: counties, townships, communities, roads and addresses.

Divisions, communities and roads come from the project's data files (read only). An
address lies in its organization's township: its road is one the road gazetteer
(`kunming_roads.csv`) places there, its house number one of that road's stretch; a
township the gazetteer has no road for gets a village address naming the township.
"""

import csv
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shezu.census.normalise.roads import RoadStretch, gazetteer

DATA_DIR = Path(__file__).resolve().parents[2] / "census" / "normalise" / "data"
CITY_CODE = "530100"
JINNING_OLD, JINNING_NEW = "530122", "530115"
CHENGGONG_OLD, CHENGGONG_NEW = "530121", "530114"


@dataclass(frozen=True, slots=True)
class Zone:
    code: str
    name: str  # 昆明国家高新技术产业开发区
    short: str  # 高新区
    host: str  # county code


@dataclass(frozen=True, slots=True)
class County:
    code: str
    name: str  # 五华区
    short: str  # 五华
    weight: float  # share of the city's organizations
    townships: tuple[str, ...]
    zones: tuple[Zone, ...]


@dataclass(frozen=True, slots=True)
class Community:
    county: str  # county code
    township: str
    name: str


# Share of social organizations by county (urban districts dominate).
_COUNTY_WEIGHTS = {
    "530102": 20,
    "530103": 17,
    "530111": 19,
    "530112": 15,
    "530113": 1.5,
    "530114": 6,
    "530115": 2.5,
    "530124": 1.2,
    "530125": 2,
    "530126": 1.5,
    "530127": 2,
    "530128": 1.2,
    "530129": 1.2,
    "530181": 4,
}
# Probability that an organization of the host county sits in its management zone.
_ZONE_SHARE = {"530143": 0.2, "530142": 0.14, "530140": 0.1, "530141": 0.12, "530144": 0.06}

_BUILDING_WORDS = "金龙银河顺城同德佳华新世纪金鹰恒隆东方百汇樱花春城时代财富南亚国际商务"
_BUILDING_KINDS = ("大厦", "广场", "中心", "商务楼", "写字楼", "国际大厦")


@cache
def counties() -> tuple[County, ...]:
    """The 14 county-level units of end-2016, with their townships and coded zones."""
    with (DATA_DIR / "kunming_divisions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    result = []
    for row in rows:
        if row["kind"] != "county" or row["valid_to"]:
            continue
        code = row["code"]
        townships = tuple(r["name"] for r in rows if r["parent"] == code and r["kind"] != "zone")
        zones = tuple(
            Zone(r["code"], r["name"], r["short"], code)
            for r in rows
            if r["parent"] == code and r["kind"] == "zone" and r["code"] in _ZONE_SHARE
        )
        result.append(
            County(code, row["name"], row["short"], _COUNTY_WEIGHTS[code], townships, zones)
        )
    return tuple(result)


@cache
def county_by_code() -> dict[str, County]:
    return {c.code: c for c in counties()}


@cache
def communities() -> tuple[Community, ...]:
    codes = {c.name: c.code for c in counties()}
    with (DATA_DIR / "kunming_communities.csv").open(encoding="utf-8") as handle:
        return tuple(
            Community(codes[r["county"]], r["township"], r["community"])
            for r in csv.DictReader(handle)
        )


@cache
def repeated_community_names() -> tuple[tuple[Community, ...], ...]:
    """Community names that occur in several townships (白云社区 ×3), most repeated first."""
    groups: dict[str, list[Community]] = {}
    for community in communities():
        groups.setdefault(community.name, []).append(community)
    repeated = [tuple(g) for g in groups.values() if len(g) >= 3]
    return tuple(sorted(repeated, key=lambda g: (-len(g), g[0].name)))


def pick_county(rng: random.Random, *, urban_only: bool = False) -> County:
    options = counties()
    if urban_only:
        options = tuple(c for c in options if c.code in {"530102", "530103", "530111", "530112"})
    return rng.choices(options, weights=[c.weight for c in options])[0]


def county_of_time(code: str, on_year: int) -> tuple[str, str]:
    """(code, name) a county had in a given year: 晋宁县 530122 before 2017, 呈贡县 before 2011."""
    if code == JINNING_NEW and on_year < 2017:
        return JINNING_OLD, "晋宁县"
    if code == CHENGGONG_NEW and on_year < 2011:
        return CHENGGONG_OLD, "呈贡县"
    return code, county_by_code()[code].name


@dataclass(frozen=True, slots=True)
class Address:
    county: str  # current county code
    zone: Zone | None
    township: str  # the township (or management zone) the address lies in
    road: str  # "" for a village address
    village: str  # 村/社区 of a village address, "" on a road
    number: int
    annex: int  # 附X号, 0 if none
    building: str  # 金龙大厦, "" if none
    floor: int
    room: int


def place(rng: random.Random, county: County) -> tuple[str, Zone | None]:
    """A township (or the management zone) inside a county."""
    for zone in county.zones:
        if rng.random() < _ZONE_SHARE[zone.code]:
            return zone.name, zone
    return rng.choice(county.townships), None


@cache
def roads_of(county: str, township: str) -> tuple[RoadStretch, ...]:
    """The gazetteer's road stretches in a township, or in a zone (by its full name)."""
    rows = [r for r in gazetteer() if r.county_code == county]
    in_zone = tuple(r for r in rows if r.zone == township)
    return in_zone or tuple(r for r in rows if r.township == township and not r.zone)


@cache
def _villages(county: str, township: str) -> tuple[str, ...]:
    return tuple(c.name for c in communities() if (c.county, c.township) == (county, township))


def _house_number(rng: random.Random, stretch: RoadStretch) -> int:
    low, high = stretch.from_no or 1, stretch.to_no or 999
    if stretch.from_no is None:  # the whole road: mostly low numbers
        number = rng.choice((rng.randint(1, 60), rng.randint(1, 300), rng.randint(1, 999)))
    else:
        number = rng.randint(low, high)
    if stretch.parity and (number % 2 == 1) != (stretch.parity == "odd"):
        number += -1 if number > low else 1
    return number


def make_address(
    rng: random.Random, county: County, zone: Zone | None, township: str, *, village: str = ""
) -> Address:
    """An address in `township` (or `zone`): a road of it and a number of that road's
    stretch; without a known road, `village` (or a village of the township)."""
    stretches = roads_of(county.code, zone.name if zone else township)
    building, floor, room = "", 0, 0
    if not stretches:
        village = village or rng.choice(_villages(county.code, township))
        number = rng.randint(1, 120)
        return Address(county.code, zone, township, "", village, number, 0, "", 0, 0)
    stretch = rng.choice(stretches)
    if rng.random() < 0.35:
        word = rng.choice(_BUILDING_WORDS[::2]) + rng.choice(_BUILDING_WORDS[1::2])
        building = word + rng.choice(_BUILDING_KINDS)
        floor = rng.randint(2, 28)
        room = floor * 100 + rng.randint(1, 20)
    return Address(
        county=county.code,
        zone=zone,
        township=township,
        road=stretch.road,
        village="",
        number=_house_number(rng, stretch),
        annex=rng.randint(1, 12) if rng.random() < 0.12 else 0,
        building=building,
        floor=floor,
        room=room,
    )


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..9999 in Chinese numerals, as written in addresses: 123 → 一百二十三."""
    if not 0 < n < 10_000:
        raise ValueError(n)
    parts: list[str] = []
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    zero_pending = False
    for value, unit in units:
        digit = (n // value) % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        if not (digit == 1 and unit == "十" and not parts):
            parts.append(_DIGITS[digit])
        parts.append(unit)
    return "".join(parts)


def render_address(address: Address, rng: random.Random, *, year: int = 2016) -> str:
    """One way of writing an address: prefixes, zone, numerals, annex and room vary."""
    county = county_by_code()[address.county]
    parts: list[str] = []
    roll = rng.random()
    if roll < 0.15:
        parts.append("云南省昆明市")
    elif roll < 0.7:
        parts.append("昆明市")
    if address.zone is not None and rng.random() < 0.8:
        if rng.random() < 0.6:
            parts.append(address.zone.short)
        else:  # the full name already starts with 昆明
            parts = [p.removesuffix("昆明市") for p in parts]  # 云南省昆明市 → 云南省
            parts.append(address.zone.name)
    elif rng.random() < 0.9:
        code, name = county_of_time(address.county, year)
        if code == JINNING_OLD and rng.random() < 0.2:
            name = county.name  # a later edit already says 晋宁区
        parts.append(name)
    number = chinese_number(address.number) if rng.random() < 0.06 else str(address.number)
    if not address.road:  # a village: the township is how anyone finds it
        return "".join([*parts, address.township, address.village, f"{number}号"])
    parts.append(f"{address.road}{number}号")
    if address.annex:
        parts.append(f"附{address.annex}号")
    if address.building and rng.random() < 0.85:
        roll = rng.random()
        if roll < 0.5:
            parts.append(f"{address.building}{address.floor}楼{address.room}室")
        elif roll < 0.7:
            parts.append(f"{address.building}{address.room}室")
        elif roll < 0.85:
            parts.append(f"{address.building}{address.floor}F")
        else:
            parts.append(f"{address.building}{chinese_number(address.floor)}楼")
    return "".join(parts)
