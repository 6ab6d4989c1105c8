"""Who registered each organization, under which name, and where it is.

One function per family of categories (民政, 司法, firms, filed community groups)
decides an organization's name, the region of its registering authority (the one
in its credit code) and the county it sits in.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass
from functools import cache

from shezu.demo.census import naming, places, sponsors
from shezu.demo.census.naming import Name
from shezu.demo.census.places import CITY_CODE, County


@dataclass(frozen=True, slots=True)
class Category:
    key: str  # prefix of org_id
    label: str  # legal form, as in §11
    base: int  # organizations at scale 1
    group: str  # first digit of the organization code: one serial space per registrar
    credit_prefix: str  # USCC positions 1-2
    founded_from: int  # earliest founding year


CATEGORIES: tuple[Category, ...] = (
    Category("ST", "社会团体", 1300, "5", "51", 1985),
    Category("MF", "民办非企业单位", 1700, "5", "52", 1999),
    Category("JJ", "基金会", 30, "5", "53", 1995),
    Category("LS", "律师事务所", 230, "4", "31", 1993),
    Category("JC", "基层法律服务所", 60, "4", "33", 1990),
    Category("GZ", "公证处", 10, "4", "32", 1985),
    Category("JD", "司法鉴定机构", 20, "4", "34", 2005),
    Category("KJ", "会计师事务所", 90, "7", "91", 1999),
    Category("PG", "资产评估机构", 30, "7", "91", 1999),
    Category("SW", "税务师事务所", 40, "7", "91", 2000),
    Category("PX", "营利性培训机构", 50, "7", "91", 2008),
    Category("BA", "社区社会组织", 1350, "", "", 2008),
)
CATEGORY = {c.key: c for c in CATEGORIES}
CIVIL = {"ST", "MF", "JJ"}
JUSTICE = {"LS", "JC", "GZ", "JD"}
FIRMS = {"KJ", "PG", "SW", "PX"}
NEW_CODE_DATE = dt.date(2015, 10, 1)  # 三证合一: new firms get an MA… code and no old numbers

# The hard negatives and abbreviated names among the social groups, as indexes 0-10:
# prefix | core | county (- for the city) | field | supervisor | group | kind of hard negative.
_SPECIALS = """
昆明市|书法家协会|-|文化体育|昆明市文学艺术界联合会|书法家协会|city_district
五华区|书法家协会|530102|文化体育|五华区文学艺术界联合会|书法家协会|city_district
盘龙区|书法家协会|530103|文化体育|盘龙区文学艺术界联合会|书法家协会|city_district
昆明市|摄影家协会|-|文化体育|昆明市文学艺术界联合会|摄影|near_name
昆明市|摄影协会|-|文化体育|昆明市文化广电新闻出版局|摄影|near_name
昆明市|浙江商会|-|行业协会商会|昆明市工商业联合会|浙江商会|chamber_branch
昆明市|浙江商会青年企业家分会|-|行业协会商会|昆明市工商业联合会|浙江商会|chamber_branch
昆明市|个体私营企业协会|-|行业协会商会|昆明市工商行政管理局||
昆明市|青年企业家协会|-|行业协会商会|共青团昆明市委员会||
昆明市|老年体育协会|-|文化体育|昆明市体育局||
昆明市|注册会计师协会|-|行业协会商会|昆明市财政局||
"""
SPECIAL_GROUPS: tuple[tuple[str, ...], ...] = tuple(
    tuple(line.split("|")) for line in _SPECIALS.strip().splitlines()
)
_SLOT_TABLE = 200
SAME_NAME_BLOCK, SAME_NAME_SLOTS = 200, range(3)  # 3 identically named groups per 200


@cache
def _region_slots(seed: int, key: str, city_share: float) -> tuple[tuple[str, ...], dict[str, int]]:
    """A shuffled table of 200 registration regions (city or county) in their shares."""
    weights = {CITY_CODE: city_share} | {
        c.code: (1 - city_share) * c.weight / sum(x.weight for x in places.counties())
        for c in places.counties()
    }
    exact = {code: w * _SLOT_TABLE for code, w in weights.items()}
    counts = {code: math.floor(x) for code, x in exact.items()}
    for code in sorted(exact, key=lambda c: counts[c] - exact[c])[
        : _SLOT_TABLE - sum(counts.values())
    ]:
        counts[code] += 1
    table = [code for code, n in counts.items() for _ in range(n)]
    random.Random(f"{seed}:slots:{key}").shuffle(table)
    return tuple(table), counts


def region_and_serial(seed: int, key: str, k: int, city_share: float) -> tuple[str, int]:
    """(registration region, serial of the organization among those of its region)."""
    table, counts = _region_slots(seed, key, city_share)
    rounds, slot = divmod(k, _SLOT_TABLE)
    region = table[slot]
    return region, rounds * counts[region] + table[:slot].count(region)


def former_core(key: str, core: str) -> str:
    if key == "MF":
        for kind, _field, old in naming.UNIT_TYPES:
            if core.endswith(kind):
                return core[: -len(kind)] + old
    for suffix in sorted(naming.FORMER_GROUP_SUFFIX, key=len, reverse=True):
        if core.endswith(suffix):
            return core[: -len(suffix)] + naming.FORMER_GROUP_SUFFIX[suffix]
    return core + "联谊会"  # pragma: no cover


def _salt(seed: int, *parts: object) -> int:
    """A well-mixed number for a name space, so that regions and categories differ."""
    return random.Random(":".join(map(str, (seed, "names", *parts)))).randrange(1 << 30)


def _area_name(region: str) -> str:
    return "昆明市" if region == CITY_CODE else places.county_of_time(region, 2016)[1]


def civil_identity(
    seed: int, rng: random.Random, category: Category, k: int, features: list[str]
) -> tuple[Name, str, County, str, str, str]:
    """(name, registration region, location county, field, supervisor, origin) of a 民政 org."""
    key = category.key
    if key == "ST" and k < len(SPECIAL_GROUPS):
        prefix, core, county_code, field, boss, group, kind = SPECIAL_GROUPS[k]
        region = CITY_CODE if county_code == "-" else county_code
        county = places.county_by_code()["530102" if county_code == "-" else county_code]
        if group:
            features.append(f"hard_negative:{kind}:{group}")
        if prefix + core in naming.ABBREVIATIONS:
            features.append("abbreviation")
        origin = "官办" if rng.random() < 0.5 else "民办"
        return (
            Name(prefix, core, "city" if region == CITY_CODE else "county"),
            region,
            county,
            field,
            boss,
            origin,
        )
    if key == "JJ":
        name = naming.firm_name("JJ", k, _salt(seed, "JJ"))
        field = "公益慈善类"
        return (
            name,
            CITY_CODE,
            places.pick_county(rng, urban_only=True),
            field,
            "昆明市民政局",
            rng.choice(("官办", "官办", "民办")),
        )
    city_share = 0.4 if key == "ST" else 0.25
    k_generic = k - len(SPECIAL_GROUPS) if key == "ST" else k
    region, serial = region_and_serial(seed, key, k_generic, city_share)
    salt = _salt(seed, key, region)
    if key == "ST":
        core, _suffix, field = naming.group_core(serial, salt)
        kind = ""
    else:
        core, field, _former = naming.unit_core(serial, salt)
        kind = next(t for t, _f, _o in naming.UNIT_TYPES if core.endswith(t))
    area = _area_name(region)
    boss = sponsors.supervisor(rng, field, area, kind)
    if key == "ST" and field == "行业协会商会" and rng.random() < 0.5:
        boss = ""  # decoupled (脱钩) trade associations have no supervising unit
    if region == CITY_CODE:
        county = places.pick_county(rng, urban_only=rng.random() < 0.8)
        name = (
            Name("昆明市", core, "city")
            if key == "ST" or rng.random() < 0.6
            else Name("昆明", core, "kunming")
        )
    else:
        county = places.county_by_code()[region]
        region = places.county_of_time(region, 2016)[0]  # 晋宁: 530122 in codes issued before 2017
        if rng.random() < 0.6:
            name = Name(area, core, "county")
        else:
            name = Name("昆明市" + area, core, "county_full")
    official = {"科技类": 0.5, "公益慈善类": 0.5, "城乡社区服务类": 0.5, "其他": 0.4}.get(
        field, 0.3
    )
    origin = "官办" if key == "ST" and boss and rng.random() < official else "民办"
    return name, region, county, field, boss, origin


def justice_identity(
    seed: int, rng: random.Random, category: Category, k: int
) -> tuple[Name, str, County, str]:
    key = category.key
    if key in {"LS", "JD"}:  # licensed and registered by the province
        county = places.pick_county(rng, urban_only=rng.random() < 0.85)
        return naming.firm_name(key, k, _salt(seed, key)), "530000", county, "全市性"
    if key == "GZ":
        all_counties = places.counties()
        if k % 2 == 0 and k // 2 < len(all_counties) and all_counties[k // 2].code not in _URBAN:
            county = all_counties[k // 2]
            name = Name(places.county_of_time(county.code, 2016)[1], "公证处", "county")
            return name, places.county_of_time(county.code, 2016)[0], county, "县级"
        county = places.pick_county(rng, urban_only=True)
        return naming.firm_name("GZ", k, _salt(seed, "GZ")), CITY_CODE, county, "全市性"
    # 基层法律服务所: one per township first, then numbered ones.
    towns = _all_townships()
    index = naming.scatter(k, len(towns), _salt(seed, "JC"))
    round_, i = divmod(index, len(towns))
    county, short = towns[i]
    area = places.county_of_time(county.code, 2016)[1]
    name = Name(area, f"{short}{naming.ordinal_qualifier(round_)}法律服务所", "county")
    return name, places.county_of_time(county.code, 2016)[0], county, "县级"


FIRM_FORMS = (("特殊普通合伙", "特殊普通合伙企业"), ("公司", "有限责任公司"), ("", "普通合伙企业"))
_URBAN = {"530102", "530103", "530111", "530112"}


@cache
def _all_townships() -> tuple[tuple[County, str], ...]:
    return tuple(
        (county, township.removesuffix("街道").removesuffix("镇").removesuffix("乡"))
        for county in places.counties()
        for township in county.townships
    )


def firm_identity(
    seed: int, rng: random.Random, category: Category, k: int
) -> tuple[Name, str, County, str]:
    """Firms registered as enterprises: by the city 工商局 mostly, else by a county's."""
    name = naming.firm_name(category.key, k, _salt(seed, category.key))
    county = places.pick_county(rng, urban_only=rng.random() < 0.7)
    if rng.random() < 0.7:
        return name, CITY_CODE, county, "全市性"
    return name, places.county_of_time(county.code, 2016)[0], county, "县级"


def filed_identity(
    seed: int, rng: random.Random, k: int, features: list[str]
) -> tuple[Name, str, County, places.Community, str, str]:
    """(name, region, county, community, group category, field) of a filed community group."""
    if k % SAME_NAME_BLOCK in SAME_NAME_SLOTS:
        block = k // SAME_NAME_BLOCK
        groups = places.repeated_community_names()
        group = groups[block % len(groups)]
        community = group[k % SAME_NAME_BLOCK]
        kind = naming.ordinal_qualifier(block // len(groups)) + naming.SAME_NAME_GROUP
        features.append(f"hard_negative:same_name:{community.name}{kind}#{block}")
        category = "文体娱乐类"
    else:
        all_communities = places.communities()
        index, kind, category = naming.community_group(k, _salt(seed, "BA"), len(all_communities))
        community = all_communities[index]
    county = places.county_by_code()[community.county]
    name = Name(community.name, kind, "community")
    region = places.county_of_time(county.code, 2016)[0]
    return name, region, county, community, category, naming.COMMUNITY_GROUP_FIELD[category]
