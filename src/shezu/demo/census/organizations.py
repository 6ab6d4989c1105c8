"""The true organizations of the demo census, each derived from (seed, category, index) alone.

Nothing here keeps a list of organizations: `organization(seed, category, k, plan)`
always returns the same organization, so generation streams at any scale.
Features shared by several organizations (a building, a legal representative, a
community name) are derived from the block an index falls in.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass

from shezu.demo.census import codes, people, places, registration, sponsors
from shezu.demo.census.dates import CENSUS_DATE, random_date
from shezu.demo.census.naming import Name
from shezu.demo.census.places import CITY_CODE, Address, County, Zone
from shezu.demo.census.registration import (
    CATEGORIES,
    CATEGORY,
    CIVIL,
    FIRMS,
    JUSTICE,
    NEW_CODE_DATE,
    SPECIAL_GROUPS,
    Category,
)

BUILDING_BLOCK, BUILDING_SLOTS = 1000, range(20, 44)  # 24 associations in one building per 1000
REP_BLOCK, REP_SLOTS_ST, REP_SLOTS_MF = 500, range(60, 65), range(60, 63)
# (share, first index): exact shares, evenly spread, the first early enough for small runs.
NUMERIC_LOSS = {"ST": (0.005, 13), "MF": (0.005, 41), "KJ": (0.02, 1), "SW": (0.02, 3)}
EMPTY_NAME = {"ST": (0.001, 30), "MF": (0.001, 11), "BA": (0.001, 5)}
SHARED_HEAD = 0.15  # community groups led by the community's one activist


@dataclass(frozen=True, slots=True)
class Plan:
    """How many organizations of each category a run generates."""

    counts: dict[str, int]

    @classmethod
    def for_scale(cls, scale: float) -> "Plan":
        return cls({c.key: max(1, round(c.base * scale)) for c in CATEGORIES})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def group_serial(self, key: str, k: int) -> int:
        """Serial of an organization within its registrar's organization-code space."""
        group = CATEGORY[key].group
        offset = 0
        for c in CATEGORIES:
            if c.key == key:
                return offset + k
            if c.group == group:
                offset += self.counts[c.key]
        raise KeyError(key)  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Organization:
    org_id: str
    category: Category
    k: int
    name: Name
    former_name: str | None
    renamed_on: dt.date | None
    level: str  # 全市性 / 县级 / 城乡社区
    authority_region: str  # region of the registering authority, as in the USCC
    county: County  # location
    township: str  # 街道/镇/乡, or the management zone
    zone: Zone | None
    community: str
    address: Address
    phones: tuple[str, ...]
    legal_rep: str
    former_rep: str | None
    supervisor: str  # 业务主管单位, "" when none
    founder: str  # 举办单位 (a unit or a person), "" when none on record
    founder_kind: str  # 举办单位类型 (sponsors.FOUNDER_KINDS), "" when no founder
    field: str
    origin: str  # 官办 / 民办 / 草根
    established_on: dt.date
    status: str  # 正常 / 注销 / 撤销 / 吊销 / 停止活动
    status_date: dt.date | None
    inspection: str
    staff: int
    org_code: str
    uscc: str
    tax_region: str
    reg_no: str
    license_no: str
    record_id: str
    kind: str  # 社区 group category, firm form …
    features: tuple[str, ...]

    @property
    def registered_by_city(self) -> bool:
        return self.authority_region in {CITY_CODE, "530000"}


def selected(k: int, share: float, first: int) -> int | None:
    """Exactly `share` of the indexes, evenly spread, the first at `first`; its ordinal or None."""
    phase = 1 - share * (first + 1) + 1e-9
    low, high = math.floor(k * share + phase), math.floor((k + 1) * share + phase)
    return low if high > low else None


def _status(rng: random.Random, gone: float, revoked: float) -> str:
    roll = rng.random()
    return "注销" if roll < gone else "撤销" if roll < gone + revoked else "正常"


def _inspection(rng: random.Random, status: str) -> str:
    if status != "正常":
        return rng.choice(("", "未参检"))
    return rng.choices(("合格", "基本合格", "不合格", "未参检"), (70, 12, 5, 13))[0]


def _building(seed: int, block: int) -> tuple[Address, tuple[str, ...]]:
    """The office building of one block's 'hiding' associations, and its shared phone."""
    rng = random.Random(f"{seed}:building:{block}")
    county = places.county_by_code()[rng.choice(("530102", "530103", "530111"))]
    while True:
        address = places.make_address(rng, county, None, rng.choice(county.townships))
        if address.building:
            return address, (people.landline(rng),)


def _community_head(seed: int, community: places.Community) -> tuple[str, tuple[str, ...]]:
    """The activist who leads several of a community's groups, with her mobile (hard negative:
    groups of one community sharing head and phone are still different groups)."""
    rng = random.Random(f"{seed}:head:{community.county}:{community.township}:{community.name}")
    return people.person_name(rng), (people.mobile(rng),)


def _shared_rep(seed: int, block: int) -> str:
    return people.person_name(random.Random(f"{seed}:rep:{block}"))


def organization(seed: int, key: str, k: int, plan: Plan) -> Organization:
    """The k-th organization of a category; the same for the same (seed, key, k, plan)."""
    rng = random.Random(f"{seed}:{key}:{k}")
    category = CATEGORY[key]
    features: list[str] = []
    founded = random_date(rng, dt.date(category.founded_from, 1, 1), CENSUS_DATE, recent_bias=1.6)
    legal_rep = people.person_name(rng, rare_share=0.002)
    former_rep = people.person_name(rng) if rng.random() < 0.3 else None
    phones = people.phones(rng, mobile_share=0.8 if key == "BA" else 0.25)
    staff = 0
    supervisor = community = record_id = license_no = reg_no = kind = ""
    filed_at: places.Community | None = None
    origin = "民办"
    status = _status(rng, 0.05, 0.0)
    founder = sponsors.NO_FOUNDER
    if key in CIVIL:
        gen = registration.civil_identity(seed, rng, category, k, features)
        name, region, county, field, supervisor, origin = gen
        # The founder's own draws, so that giving social groups founders moved nothing else.
        own = random.Random(f"{seed}:founder:{key}:{k}")
        if key == "MF":
            person = people.person_name(rng)
            founder = sponsors.unit_founder(rng, own) or sponsors.Founder(person, sponsors.PERSON)
        elif key == "ST" and k >= len(SPECIAL_GROUPS):
            founder = sponsors.group_founder(own, name.core, field)
        if founder.is_unit:  # 官办 exactly when a public unit founded it
            origin = "官办" if founder.government else "民办"
        status = _status(rng, 0.06, 0.03)
        staff = {"ST": rng.choice((0, 1, 2, 3, rng.randint(1, 25))), "JJ": rng.randint(1, 10)}.get(
            key, rng.randint(2, 120)
        )
        level = "全市性" if region == CITY_CODE else "县级"
    elif key in JUSTICE:
        name, region, county, level = registration.justice_identity(seed, rng, category, k)
        field = "法律服务"
        origin = "官办" if key == "GZ" or (key == "JC" and rng.random() < 0.6) else "民办"
        local = places.county_of_time(county.code, 2016)[1]
        supervisor = "昆明市司法局" if region in {CITY_CODE, "530000"} else f"{local}司法局"
        staff = rng.randint(3, 120) if key == "LS" else rng.randint(2, 30)
        # 执业许可证号: 17 digits, e.g. 31530000 + year + serial for a law firm.
        license_no = f"{category.credit_prefix}{region}{founded.year}{k + 1:05d}"
    elif key in FIRMS:
        name, region, county, level = registration.firm_identity(seed, rng, category, k)
        field = "民办学校" if key == "PX" else "财会服务"
        staff = rng.randint(3, 150)
        kind = next(form for mark, form in registration.FIRM_FORMS if mark in name.core)
        status = "吊销" if rng.random() < 0.02 else status
        if key == "KJ":
            license_no = f"530{10_000 + k:05d}"
        elif key == "PG":
            license_no = f"5300{k + 1:04d}"
    else:
        name, region, county, filed_at, kind, field = registration.filed_identity(
            seed, rng, k, features
        )
        community = filed_at.name
        if rng.random() < SHARED_HEAD:
            legal_rep, phones = _community_head(seed, filed_at)
            features.append(f"hard_negative:shared_head:{filed_at.township}{community}")
        level, origin, supervisor = "城乡社区", "草根", ""
        staff = rng.randint(10, 120)
        status = "停止活动" if rng.random() < 0.08 else "正常"
        record_id = f"{county.code}-{founded.year}-{k + 1:06d}"

    if filed_at is not None:
        township = filed_at.township
        zone = next((z for z in county.zones if z.name == township), None)
    else:
        township, zone = places.place(rng, county)
    address = places.make_address(rng, county, zone, township, village=community)
    if key == "ST" and k % BUILDING_BLOCK in BUILDING_SLOTS and k >= len(SPECIAL_GROUPS):
        block = k // BUILDING_BLOCK
        address, phones = _building(seed, block)
        county, zone = places.county_by_code()[address.county], None
        township = address.township
        features.append(f"building:{block}")
    if (key == "ST" and k % REP_BLOCK in REP_SLOTS_ST) or (
        key == "MF" and k % REP_BLOCK in REP_SLOTS_MF
    ):
        legal_rep = _shared_rep(seed, k // REP_BLOCK)
        features.append(f"shared_rep:{k // REP_BLOCK}")

    # Renaming (更名): 6 % of social groups and units.
    former_name: str | None = None
    renamed_on: dt.date | None = None
    if (
        key in {"ST", "MF"}
        and rng.random() < 0.06
        and founded.year < 2014
        and k >= len(SPECIAL_GROUPS)
    ):
        former_name = name.prefix + registration.former_core(key, name.core)
        renamed_on = random_date(
            rng, founded + dt.timedelta(days=400), CENSUS_DATE - dt.timedelta(30)
        )
        features.append("renamed")

    status_date = None
    if status != "正常":
        status_date = random_date(rng, founded + dt.timedelta(days=60), CENSUS_DATE)
    inspection = _inspection(rng, status) if key in CIVIL else ""

    # Identifiers.
    org_code = uscc = tax_region = ""
    if key != "BA":
        serial = plan.group_serial(key, k)
        loss = selected(k, *NUMERIC_LOSS.get(key, (0.0, 0)))
        if loss is not None:
            founded = min(founded, NEW_CODE_DATE - dt.timedelta(days=30))
        if key in FIRMS and founded >= NEW_CODE_DATE:
            org_code = codes.new_org_code(serial, seed)
        else:
            org_code = codes.numeric_org_code(category.group, serial, seed)
        if loss is not None:
            slot = loss * 2 + (key in {"MF", "SW"})
            org_code, uscc = codes.digits_only_uscc(
                category.credit_prefix, region, category.group, slot
            )
            features.append("numeric_loss")
        else:
            uscc = codes.uscc(category.credit_prefix, region, org_code)
        tax_region = places.county_of_time(county.code, 2016)[0]
        if key in FIRMS and founded < NEW_CODE_DATE:
            reg_no = codes.registration_number(region, codes.permute(serial, seed))
    if selected(k, *EMPTY_NAME.get(key, (0.0, 0))) is not None:
        features.append("empty_name")

    return Organization(
        org_id=f"{key}{k + 1:06d}",
        category=category,
        k=k,
        name=name,
        former_name=former_name,
        renamed_on=renamed_on,
        level=level,
        authority_region=region,
        county=county,
        township=township,
        zone=zone,
        community=community,
        address=address,
        phones=phones,
        legal_rep=legal_rep,
        former_rep=former_rep,
        supervisor=supervisor,
        founder=founder.name,
        founder_kind=founder.kind,
        field=field,
        origin=origin,
        established_on=founded,
        status=status,
        status_date=status_date,
        inspection=inspection,
        staff=staff,
        org_code=org_code,
        uscc=uscc,
        tax_region=tax_region,
        reg_no=reg_no,
        license_no=license_no,
        record_id=record_id,
        kind=kind,
        features=tuple(features),
    )
