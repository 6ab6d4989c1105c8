"""The rows each department holds about one organization, as its export would show them.

`records(org, seed)` is the whole answer for one organization: zero, one or more
rows per department, each with the organization's id, whether an import must
accept it, and the noise it carries.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from shezu.demo.census import codes, people, places
from shezu.demo.census.dates import excel_serial, pick_notation, render_date
from shezu.demo.census.naming import ABBREVIATIONS
from shezu.demo.census.noise import CODE_NOISE, NAME_NOISE, noisy_code, noisy_name
from shezu.demo.census.organizations import Organization
from shezu.demo.census.places import CITY_CODE
from shezu.demo.census.registration import (
    CIVIL,
    FIRMS,
    JUSTICE,
    NEW_CODE_DATE,
    SPECIAL_GROUPS,
)
from shezu.demo.census.sources import CIVIL as CIVIL_SOURCE
from shezu.demo.census.sources import TAX
from shezu.demo.census.sponsors import scope

Cell = str | int | float | dt.date | None


@dataclass(slots=True)
class Record:
    department: str
    org_id: str
    cells: dict[str, Cell]
    expected: str = "accepted"
    noise: list[str] = field(default_factory=list)


# Share of each category's organizations that the tax list holds.
TAX_COVERAGE = {
    "ST": 0.55,
    "MF": 0.9,
    "JJ": 0.6,
    "LS": 0.97,
    "JC": 0.7,
    "JD": 0.85,
    "KJ": 0.97,
    "PG": 0.97,
    "SW": 0.97,
    "PX": 0.97,
}
TAX_TWICE = 0.5  # listed by both the national (国税) and the local (地税) tax bureau
# The tax office's own number (临时税务登记号), not derived from the organization code.
TAX_UNRELATED_NUMBER = 0.08
TAX_ID_SCIENTIFIC = 0.03  # of all-digit tax numbers: Excel's 5.30102E+14 saved to the CSV
TAX_OLD_ADDRESS = 0.06  # the tax office still has the address the organization left
TAX_OLD_PHONE = 0.15  # … or the phone it no longer answers
TAX_REGISTERED_LATER = 0.5  # 开业日期 is the tax registration, not the founding
FORMER_NAME_LISTED = 0.5  # renamed organizations whose 曾用名 民政 fills in
CIVIL_AS_OF = CIVIL_SOURCE.as_of
DISTRICT_DUPLICATE = 0.02  # city-registered organizations also in a district's list
REREGISTERED = 0.35  # renamed organizations whose old registration is still listed
# Of the organizations with a founder, those whose 举办单位 民政's export fills in: the
# field is optional on the registration form and mostly left empty.
FOUNDER_LISTED = 0.35
_IDENTIFIERS = ("uscc", "org_code", "tax_id", "business_reg_no", "license_no", "record_id")


def records(org: Organization, seed: int) -> list[Record]:
    key = org.category.key
    rows: list[Record] = []
    rng = random.Random(f"{seed}:rows:{org.org_id}")
    if key in CIVIL:
        rows += civil_rows(org, rng, founder=org.founder if founder_listed(org, seed) else "")
    elif key in JUSTICE:
        rows.append(justice_row(org, rng))
    elif key == "BA":
        rows += filed_rows(org, rng, seed)
    if key in {"KJ", "PG"}:
        rows.append(finance_row(org, rng))
    if key in FIRMS:
        rows.append(industry_row(org, rng))
    special = key == "ST" and org.k < len(SPECIAL_GROUPS)  # the hard negatives: always
    if rng.random() < TAX_COVERAGE.get(key, 0.0) or special:
        rows += tax_rows(org, rng)
    if "empty_name" in org.features:
        _blank_out(rows[0])
    return rows


def founder_listed(org: Organization, seed: int) -> bool:
    """Whether 民政's export names the organization's founder (举办单位).

    Its own stream, not the rows' one: drawing from that would change every later cell.
    """
    if not org.founder:
        return False
    return random.Random(f"{seed}:founder-listed:{org.org_id}").random() < FOUNDER_LISTED


def _blank_out(record: Record) -> None:
    """A row that lost its name and every identifier: nothing to import it by."""
    record.cells["name"] = None
    record.cells["former_name"] = None
    for key in _IDENTIFIERS:
        record.cells.pop(key, None)
    record.expected = "rejected"
    record.noise = [t for t in record.noise if not t.startswith(("name", "uscc", "org_code"))]
    record.noise.append("empty_name_no_identifier")


def _date_cell(
    day: dt.date,
    rng: random.Random,
    *,
    cell_share: float,
    dominant: str,
    blank: float,
    noise: list[str],
) -> Cell:
    roll = rng.random()
    if roll < blank:
        noise.append("date_blank")
        return None
    if roll < blank + cell_share:
        return day
    notation = pick_notation(rng, dominant)
    if notation == "serial" and cell_share:
        noise.append("date_serial")
        return excel_serial(day)  # a number cell formatted as General
    if notation != dominant:
        noise.append(f"date_{notation}")
    return render_date(day, notation)


def _phone_cell(
    org: Organization, rng: random.Random, *, missing: float, numeric: float, noise: list[str]
) -> Cell:
    if rng.random() < missing:
        noise.append("phone_missing")
        return None
    if len(org.phones) == 1 and rng.random() < numeric:
        noise.append("phone_number_cell")
        return int(org.phones[0])
    if len(org.phones) > 1:
        noise.append("phone_two_numbers")
    return people.render_phones(org.phones, rng)


def _address(org: Organization, rng: random.Random) -> str:
    year = org.established_on.year if rng.random() < 0.15 else 2016
    return places.render_address(org.address, rng, year=year)


def _rep(org: Organization, rng: random.Random, missing: float, noise: list[str]) -> str | None:
    if rng.random() < missing:
        noise.append("legal_rep_missing")
        return None
    return org.legal_rep


def _county_name(org: Organization) -> str:
    return places.county_of_time(org.county.code, 2016)[1]


def _area(org: Organization, rng: random.Random) -> str:
    if org.zone is not None and rng.random() < 0.6:
        return org.zone.short
    name = _county_name(org)
    return org.county.name if name == "晋宁县" and rng.random() < 0.2 else name


def _name(org: Organization, rng: random.Random, department: str, noise: list[str]) -> str:
    text, tags = noisy_name(
        org.name, rng, NAME_NOISE[department], county_name=_county_name(org), township=org.township
    )
    noise += tags
    return text


def _code(
    code: str,
    rng: random.Random,
    department: str,
    tag: str,
    noise: list[str],
    checked_from: int = 0,
) -> str:
    text, tags = noisy_code(code, rng, CODE_NOISE[department], tag, checked_from=checked_from)
    noise += tags
    return text


# ------------------------------------------------------------ 民政

_CIVIL_LABELS = {
    "ST": ("社会团体", "社团"),
    "MF": ("民办非企业单位", "民非", "社会服务机构"),
    "JJ": ("基金会",),
}
_CIVIL_REMARKS = (
    "",
    "",
    "",
    "",
    "已换发统一社会信用代码证书",
    "变更法定代表人",
    "年检逾期",
    "脱钩试点",
)


def civil_rows(org: Organization, rng: random.Random, *, founder: str) -> list[Record]:
    """民政's rows for an organization; `founder` is the 举办单位 they show ("" none)."""
    main = _civil_row(org, rng, name=org.name.full, founder=founder)
    rows = [main]
    if org.renamed_on is not None and org.former_name and rng.random() < REREGISTERED:
        old = _civil_row(org, rng, name=org.former_name, founder=founder, former=False)
        old.cells["status"] = "注销" if rng.random() < 0.6 else "正常"
        old.noise.append("duplicate_old_registration")
        main.cells["established_on"] = org.renamed_on
        rows.append(old)
    if org.registered_by_city and org.status == "正常" and rng.random() < DISTRICT_DUPLICATE:
        authority = f"{_county_name(org)}民政局"
        dup = _civil_row(org, rng, name=org.name.full, founder=founder, authority=authority)
        dup.cells.pop("uscc", None)
        dup.noise.append("duplicate_district_listing")
        rows.append(dup)
    return rows


def _civil_row(
    org: Organization,
    rng: random.Random,
    *,
    name: str,
    founder: str,
    former: bool = True,
    authority: str = "",
) -> Record:
    noise: list[str] = []
    cells: dict[str, Cell] = {}
    if name == org.name.full:
        cells["name"] = _name(org, rng, "民政", noise)
    else:
        cells["name"] = name
    if former and org.former_name:
        if rng.random() < FORMER_NAME_LISTED:
            cells["former_name"] = org.former_name
        else:
            noise.append("former_name_unlisted")
    expected = "accepted"
    roll = rng.random()
    show_uscc = roll < 0.75
    show_code = 0.75 <= roll < 0.95 or (show_uscc and rng.random() < 0.3)
    if "numeric_loss" in org.features and not authority and former:
        cells["uscc"] = codes.excel_number(org.uscc)
        noise.append("uscc_numeric_loss")
        show_uscc = False
        show_code = rng.random() < 0.25
    if show_uscc:
        cells["uscc"] = _code(org.uscc, rng, "民政", "uscc", noise)
    if show_code:
        code = _code(org.org_code, rng, "民政", "org_code", noise)
        if code == org.org_code and code.isdigit() and rng.random() < 0.05:
            cells["org_code"] = int(code)
            noise.append("org_code_number_cell")
        else:
            cells["org_code"] = codes.hyphenated_org_code(code) if rng.random() < 0.5 else code
    if not (show_uscc or show_code or "uscc" in cells):
        noise.append("identifier_missing")
    labels = _CIVIL_LABELS[org.category.key]
    cells["category"] = labels[0] if rng.random() < 0.93 else rng.choice(labels)
    region_name = "昆明市" if org.authority_region == CITY_CODE else _county_name(org)
    cells["registration_authority"] = authority or f"{region_name}民政局"
    cells["supervisor"] = org.supervisor or ("无" if rng.random() < 0.3 else None)
    cells["founder"] = founder or None
    cells["legal_rep"] = _rep(org, rng, 0.03, noise)
    cells["address"] = _address(org, rng)
    cells["phone"] = _phone_cell(org, rng, missing=0.06, numeric=0.2, noise=noise)
    cells["established_on"] = _date_cell(
        org.established_on, rng, cell_share=0.75, dominant="slash", blank=0.03, noise=noise
    )
    cells["status"] = org.status
    cells["inspection"] = org.inspection or None
    roll = rng.random()
    cells["staff_count"] = org.staff if roll < 0.85 else f"{org.staff}人" if roll < 0.9 else None
    cells["scope"] = scope(org.field)
    remark = rng.choice(_CIVIL_REMARKS)
    if org.renamed_on is not None and rng.random() < 0.5:
        remark = f"{org.renamed_on.year}年更名"
    cells["remark"] = remark or None
    return Record("民政", org.org_id, cells, expected, noise)


# ------------------------------------------------------------ 司法

_JUSTICE_LABELS = {"LS": "律师事务所", "JC": "基层法律服务所", "GZ": "公证处", "JD": "司法鉴定机构"}
_JUSTICE_STATUS = {"正常": ("正常", "执业", "正常执业"), "注销": ("注销",)}


def justice_row(org: Organization, rng: random.Random) -> Record:
    noise: list[str] = []
    key = org.category.key
    cells: dict[str, Cell] = {"name": _name(org, rng, "司法", noise)}
    cells["category"] = _JUSTICE_LABELS[key]
    if rng.random() < 0.98:
        cells["license_no"] = _code(org.license_no, rng, "司法", "license_no", noise)
    if rng.random() < (0.4 if key == "LS" else 0.6):
        cells["uscc"] = _code(org.uscc, rng, "司法", "uscc", noise)
    cells["legal_rep"] = _rep(org, rng, 0.02, noise)
    cells["address"] = _address(org, rng)
    cells["area"] = _area(org, rng)
    cells["phone"] = _phone_cell(org, rng, missing=0.05, numeric=0.15, noise=noise)
    cells["established_on"] = _date_cell(
        org.established_on, rng, cell_share=0.6, dominant="iso", blank=0.02, noise=noise
    )
    cells["status"] = rng.choice(_JUSTICE_STATUS.get(org.status, (org.status,)))
    cells["staff_count"] = org.staff if rng.random() < 0.8 else str(org.staff)
    provincial = org.authority_region == "530000"
    local = "昆明市" if org.authority_region == CITY_CODE else _county_name(org)
    cells["registration_authority"] = "云南省司法厅" if provincial else f"{local}司法局"
    form = {"LS": ("合伙", "合伙", "个人", "国资"), "GZ": ("事业单位",)}.get(key, ("",))
    cells["form"] = rng.choice(form) or None
    cells["remark"] = None
    return Record("司法", org.org_id, cells, "accepted", noise)


# ------------------------------------------------------------ 财政


def finance_row(org: Organization, rng: random.Random) -> Record:
    noise: list[str] = []
    cells: dict[str, Cell] = {"name": _name(org, rng, "财政", noise)}
    roll = rng.random()
    if org.established_on >= NEW_CODE_DATE or roll < 0.5:
        cells["uscc"] = _code(org.uscc, rng, "财政", "uscc", noise)
    elif roll < 0.95:
        cells["uscc"] = _code(org.reg_no, rng, "财政", "business_reg_no", noise)
        noise.append("old_registration_number")
    else:
        noise.append("identifier_missing")
    cells["category"] = "会计师事务所" if org.category.key == "KJ" else "资产评估机构"
    cells["license_no"] = org.license_no
    cells["legal_rep"] = _rep(org, rng, 0.03, noise)
    cells["address"] = _address(org, rng)
    cells["phone"] = _phone_cell(org, rng, missing=0.08, numeric=0.0, noise=noise)
    cells["established_on"] = _date_cell(
        org.established_on, rng, cell_share=0.0, dominant="slash", blank=0.02, noise=noise
    )
    cells["registration_authority"] = "云南省财政厅"
    cells["staff_count"] = org.staff
    cells["status"] = org.status
    cells["cpa"] = max(2, org.staff // 3)
    cells["remark"] = None
    return Record("财政", org.org_id, cells, "accepted", noise)


# ------------------------------------------------------------ 税务

_TAX_KINDS = {
    "ST": "社会团体",
    "MF": "民办非企业单位",
    "JJ": "基金会",
    "LS": "普通合伙企业",
    "JC": "其他",
    "JD": "其他",
}


def tax_status(org: Organization, rng: random.Random) -> str:
    """Tax status (正常/非正常/注销): lags the registrar's, and never decides existence."""
    roll = rng.random()
    if org.status in {"正常", "停止活动"}:
        return "正常" if roll < 0.87 else "非正常" if roll < 0.97 else "注销"
    return "注销" if roll < 0.6 else "非正常" if roll < 0.85 else "正常"


def tax_rows(org: Organization, rng: random.Random) -> list[Record]:
    bureaus = ["国税", "地税"] if rng.random() < TAX_TWICE else [rng.choice(("国税", "地税"))]
    return [_tax_row(org, rng, bureau, first=i == 0) for i, bureau in enumerate(bureaus)]


def _tax_row(org: Organization, rng: random.Random, bureau: str, *, first: bool) -> Record:
    noise: list[str] = []
    cells: dict[str, Cell] = {}
    roll = rng.random()
    if roll < TAX_UNRELATED_NUMBER:
        cells["tax_id"] = codes.unrelated_tax_number(org.tax_region, org.k, org.category.key)
        noise.append("tax_id_unrelated")
    elif org.established_on >= NEW_CODE_DATE or roll < 0.35:
        cells["tax_id"] = _code(org.uscc, rng, "税务", "tax_id", noise)
    elif roll < 0.97:
        old = codes.old_tax_number(org.tax_region, org.org_code)
        cells["tax_id"] = _code(old, rng, "税务", "tax_id", noise, checked_from=6)
        noise.append("old_tax_number")
    else:
        noise.append("identifier_missing")
    tax_id = cells.get("tax_id")
    if isinstance(tax_id, str) and tax_id.isdigit() and rng.random() < TAX_ID_SCIENTIFIC:
        cells["tax_id"] = codes.excel_general_text(tax_id)  # a number column saved as CSV
        noise.append("tax_id_scientific")
    if org.former_name and rng.random() < 0.7:
        cells["name"] = org.former_name
        noise.append("name_former")
    elif first and org.name.full in ABBREVIATIONS:  # 昆明市个私协会: the tax office's short form
        cells["name"] = ABBREVIATIONS[org.name.full]
        noise.append("name_abbreviation")
    else:
        cells["name"] = _name(org, rng, "税务", noise)
    if org.former_rep and rng.random() < 0.7:
        cells["legal_rep"] = org.former_rep
        noise.append("legal_rep_outdated")
    else:
        cells["legal_rep"] = _rep(org, rng, 0.08, noise)
    kind = _TAX_KINDS.get(org.category.key) or org.kind
    cells["tax_kind"] = kind
    if rng.random() < TAX_OLD_ADDRESS:
        cells["address"] = places.render_address(
            places.make_address(rng, org.county, None, rng.choice(org.county.townships)), rng
        )
        noise.append("address_outdated")
    else:
        cells["address"] = _address(org, rng)
    if rng.random() < TAX_OLD_PHONE:
        cells["phone"] = people.render_phones(people.phones(rng), rng)
        noise.append("phone_outdated")
    else:
        cells["phone"] = _phone_cell(org, rng, missing=0.12, numeric=0.0, noise=noise)
    opened = org.established_on
    if rng.random() < TAX_REGISTERED_LATER:
        # 开业日期 is when the tax office registered it, often years after 民政 did.
        opened = min(opened + dt.timedelta(days=rng.randint(30, 1800)), TAX.as_of)
        noise.append("date_tax_registration")
    cells["established_on"] = _date_cell(
        opened, rng, cell_share=0.0, dominant="iso", blank=0.04, noise=noise
    )
    cells["status"] = tax_status(org, rng)
    full = "国家" if bureau == "国税" else "地方"
    if org.zone is not None:
        office = f"{org.zone.name}{full}税务局"
    else:
        county = _county_name(org)
        office = f"{county}{full}税务局" if county == "晋宁县" else f"昆明市{county}{full}税务局"
    cells["registration_authority"] = office
    cells["area"] = _county_name(org)
    cells["bureau"] = bureau
    return Record("税务", org.org_id, cells, "accepted", noise)


# ------------------------------------------------------------ 工商

_FIRM_TYPES = {
    "有限责任公司": ("有限责任公司（自然人投资或控股）", "有限责任公司(自然人独资)"),
    "普通合伙企业": ("普通合伙企业",),
    "特殊普通合伙企业": ("特殊普通合伙企业",),
}
_FIRM_SCOPE = {
    "KJ": "审计、验资、会计咨询、代理记账",
    "PG": "资产评估、房地产评估、咨询服务",
    "SW": "税务代理、税务咨询、涉税鉴证",
    "PX": "教育信息咨询、文化艺术培训（不含学历教育）",
}


def industry_row(org: Organization, rng: random.Random) -> Record:
    noise: list[str] = []
    cells: dict[str, Cell] = {"name": _name(org, rng, "工商", noise)}
    expected = "accepted"
    new = org.established_on >= NEW_CODE_DATE
    show_uscc = new or rng.random() < 0.55
    show_reg = not new and (not show_uscc or rng.random() < 0.15)
    if "numeric_loss" in org.features:
        cells["uscc"] = codes.excel_general_text(org.uscc)
        noise.append("uscc_numeric_loss")
        show_uscc, show_reg = False, False
    if show_uscc:
        cells["uscc"] = _code(org.uscc, rng, "工商", "uscc", noise)
    if show_reg and rng.random() < 0.98:
        cells["business_reg_no"] = _code(org.reg_no, rng, "工商", "business_reg_no", noise)
    elif show_reg:
        noise.append("identifier_missing")
    cells["category"] = rng.choice(_FIRM_TYPES[org.kind])
    cells["legal_rep"] = _rep(org, rng, 0.01, noise)
    cells["address"] = _address(org, rng)
    cells["established_on"] = _date_cell(
        org.established_on, rng, cell_share=0.0, dominant="chinese", blank=0.01, noise=noise
    )
    status = {"正常": rng.choice(("存续", "在业")), "注销": "注销", "吊销": "吊销"}
    cells["status"] = status.get(org.status, org.status)
    local = "昆明市" if org.authority_region == CITY_CODE else _county_name(org)
    cells["registration_authority"] = f"{local}工商行政管理局"
    cells["phone"] = _phone_cell(org, rng, missing=0.5, numeric=0.0, noise=noise)
    cells["capital"] = rng.choice((3, 10, 30, 50, 100, 200, 500))
    cells["business_scope"] = _FIRM_SCOPE[org.category.key]
    return Record("工商", org.org_id, cells, expected, noise)


# ------------------------------------------------------------ 备案

_FILED_PLACES = (
    "{c}活动室",
    "{c}居委会",
    "{c}文化活动中心",
    "{t}{c}党群服务中心",
    "{c}老年活动中心",
)


REGISTERED_COMMUNITY_GROUP = 0.1  # filed groups also registered with the county's 民政局
FILED_TWICE = 0.015  # filed groups a street lists twice (two 备案编号, one group)


def filed_rows(org: Organization, rng: random.Random, seed: int) -> list[Record]:
    """The street's row(s) for a community group, and 民政's if it also registered."""
    rows: list[Record] = []
    registered = rng.random() < REGISTERED_COMMUNITY_GROUP
    if registered:
        rows.append(_registered_group_row(org, rng, seed))
    rows.append(filed_row(org, rng, short_name=registered and rng.random() < 0.5))
    if rng.random() < FILED_TWICE:
        again = filed_row(org, rng, short_name=rng.random() < 0.4)
        again.cells["record_id"] = f"{org.record_id}-{rng.randint(2, 9)}"
        if rng.random() < 0.15:
            again.cells["phone"] = None  # the second form left the phone out
        again.noise.append("filed_twice")
        rows.append(again)
    return rows


def _registered_group_row(org: Organization, rng: random.Random, seed: int) -> Record:
    """A community group that registered (社区社会组织登记) with its county's 民政局."""
    noise: list[str] = []
    county = _county_name(org)
    name = f"{county}{org.name.full}" if rng.random() < 0.7 else f"昆明市{county}{org.name.full}"
    code = codes.numeric_org_code("6", org.k, seed)
    cells: dict[str, Cell] = {
        "name": name,
        "uscc": codes.uscc("51", org.county.code, code) if rng.random() < 0.8 else None,
        "category": "社会团体",
        "registration_authority": f"{county}民政局",
        "supervisor": f"{org.township}办事处" if org.township.endswith("街道") else None,
        "legal_rep": _rep(org, rng, 0.03, noise),
        "address": _address(org, rng),
        "phone": _phone_cell(org, rng, missing=0.1, numeric=0.2, noise=noise),
        "established_on": _date_cell(
            min(org.established_on + dt.timedelta(days=rng.randint(90, 900)), CIVIL_AS_OF),
            rng,
            cell_share=0.75,
            dominant="slash",
            blank=0.03,
            noise=noise,
        ),
        "status": "正常",
        "staff_count": org.staff,
    }
    if cells["uscc"] is None:
        noise.append("identifier_missing")
    noise.append("registered_community_group")
    return Record("民政", org.org_id, cells, "accepted", noise)


def filed_row(org: Organization, rng: random.Random, *, short_name: bool = False) -> Record:
    noise: list[str] = []
    if short_name and rng.random() < 0.8:
        # The street knows whose group it is: the community column says it, the name not.
        name = org.name.core
        noise.append("name_short_community")
    elif short_name:
        name = f"{org.name.prefix}　{org.name.core}"  # typed in two goes
        noise.append("name_space")
    else:
        name = _name(org, rng, "备案", noise)
    cells: dict[str, Cell] = {"record_id": org.record_id, "name": name}
    cells["area"] = _area(org, rng)
    township = org.township
    if rng.random() < 0.1 and township.endswith(("街道", "镇", "乡")):
        township = township.removesuffix("街道").removesuffix("镇").removesuffix("乡")
        noise.append("township_short")
    cells["township"] = township
    cells["community"] = org.community
    cells["legal_rep"] = _rep(org, rng, 0.05, noise)
    cells["phone"] = _phone_cell(org, rng, missing=0.1, numeric=0.3, noise=noise)
    if rng.random() < 0.92:
        cells["address"] = rng.choice(_FILED_PLACES).format(c=org.community, t=org.township)
    else:
        cells["address"] = _address(org, rng)
    cells["established_on"] = _date_cell(
        org.established_on, rng, cell_share=0.6, dominant="chinese", blank=0.05, noise=noise
    )
    cells["category"] = org.kind
    cells["staff_count"] = org.staff
    cells["status"] = org.status
    cells["remark"] = None
    return Record("备案", org.org_id, cells, "accepted", noise)
