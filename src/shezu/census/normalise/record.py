"""One department row → the normalised fields of a source record, or the reasons to reject it.

A value that cannot be understood is kept as written with a warning; a row is
rejected only when it cannot stand for any organization at all.
"""

import re
from dataclasses import dataclass, field

from shezu.census.labels import FIELD_LABELS, status_word
from shezu.census.normalise.cells import (
    EXCEL_EXACT_LIMIT,
    Cell,
    cell_text,
    clean_text,
    excel_general,
    is_blank,
)
from shezu.census.normalise.dates import parse_date
from shezu.census.normalise.divisions import (
    communities_named_in,
    normalise_address,
    resolve_address,
)
from shezu.census.normalise.identifiers import (
    IdKind,
    looks_like_lost_precision,
    normalise_identifiers,
)
from shezu.census.normalise.names import infer_category, infer_level, normalise_name
from shezu.census.normalise.phones import normalise_phones

IDENTIFIER_FIELDS = ("uscc", "org_code", "tax_id", "business_reg_no", "license_no")
# The sizes of SourceRecord's identifier columns: a longer cell is no code (kept in raw).
IDENTIFIER_MAX_LENGTH = {
    "uscc": 40,
    "org_code": 20,
    "tax_id": 40,
    "business_reg_no": 40,
    "license_no": 64,
}
TOTALS_WORDS = ("合计", "总计", "小计", "共计")

_DIGITS = re.compile(r"\d+")
_SPACES_IN_NAME = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


@dataclass
class RowOutcome:
    values: dict[str, object] = field(default_factory=dict)
    rejections: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def is_totals_row(cells: list[Cell]) -> bool:
    """A totals line at the bottom of a list (合计 42) is not an organization."""
    texts = [cell_text(cell).strip() for cell in cells if not is_blank(cell)]
    return bool(texts) and len(texts) <= 3 and texts[0].replace(" ", "").startswith(TOTALS_WORDS)


def identifier_text(value: Cell) -> str:
    """An identifier cell as text; a long number in a number cell as Excel shows it.

    A number cell keeps 15 significant digits, so an 18-digit code typed into one has
    lost digits for good. It is given as Excel's General format shows it (9.15301E+17,
    whichever reader returned an int or a float), which `looks_like_lost_precision`
    recognises wherever the value goes later: into a warning, a record, the linkage.
    """
    if isinstance(value, float | int) and not isinstance(value, bool):
        if abs(value) >= EXCEL_EXACT_LIMIT:
            return excel_general(value)
        return str(int(value))
    return cell_text(value).strip()


def normalise_row(cells: dict[str, Cell], *, department: str) -> RowOutcome:
    outcome = RowOutcome()
    damaged = _identifiers(cells, department, outcome)
    _name(cells, damaged, outcome)
    if outcome.rejections:
        return outcome
    _address(cells, outcome)
    _contacts_and_dates(cells, outcome)
    _classification(cells, department, outcome)
    _community_group_name(department, outcome)
    outcome.values["warnings"] = outcome.warnings
    return outcome


# Which old 15-digit number a department kept, where one column holds either kind.
LEGACY_KIND = {
    "工商": IdKind.BUSINESS_REG_NO,
    "财政": IdKind.BUSINESS_REG_NO,
    "税务": IdKind.TAX_ID,
}


def _identifiers(cells: dict[str, Cell], department: str, outcome: RowOutcome) -> tuple[str, ...]:
    """Set the identifier fields; return the fields whose value lost digits (kept, unusable)."""
    given = {name: identifier_text(cells.get(name)) for name in IDENTIFIER_FIELDS}
    ids = normalise_identifiers(**given, legacy_kind=LEGACY_KIND.get(department))
    outcome.values.update(
        uscc=ids.uscc,
        uscc_valid=ids.uscc_valid,
        org_code=ids.org_code,
        org_code_valid=ids.org_code_valid,
        org_code_source=ids.org_code_source,
        tax_id=ids.tax_id,
        tax_id_valid=ids.tax_id_valid,
        business_reg_no=ids.business_reg_no,
        business_reg_no_valid=ids.business_reg_no_valid,
        license_no=ids.license_no,
    )
    outcome.warnings.extend(ids.warnings)
    for name, limit in IDENTIFIER_MAX_LENGTH.items():
        length = len(str(outcome.values[name]))
        if length > limit:
            outcome.values[name] = ""
            if name != "license_no":  # the one identifier without a validity flag
                outcome.values[f"{name}_valid"] = None
            if name == "org_code":
                outcome.values["org_code_source"] = ""
            outcome.warnings.append(
                (name, f"{FIELD_LABELS[name]}长达{length}个字符，不是代码，只保留在原始数据中")
            )
    return ids.lost_precision


def _name(cells: dict[str, Cell], damaged: tuple[str, ...], outcome: RowOutcome) -> None:
    """A row is rejected only when nothing identifies it: no name and no usable identifier."""
    raw_name = clean_text(cells.get("name"))
    has_identifier = any(
        (value := str(outcome.values[name])) and not looks_like_lost_precision(value)
        for name in IDENTIFIER_FIELDS
    )
    if not raw_name:
        if has_identifier:
            outcome.warnings.append(("name", "缺少名称 (name missing)"))
        else:
            outcome.rejections.append(
                ("name", "缺少名称，也没有可用的代码，无法识别组织 (no name, no usable identifier)")
            )
            outcome.rejections.extend(w for w in outcome.warnings if w[0] in damaged)
            return
    org_name = normalise_name(raw_name)
    former = (
        normalise_name(clean_text(cells.get("former_name"))) if cells.get("former_name") else None
    )
    outcome.values.update(
        name=org_name.name,
        name_core=org_name.core,
        name_region=org_name.region_code,
        in_preparation=org_name.in_preparation,
        former_name=former.name if former else "",
        record_id=clean_text(cells.get("record_id"))[:64],
    )


FILED_DEPARTMENT = "备案"
COMMUNITY_GROUP = "社区社会组织"
_COMMUNITY_WORDS = ("社区居委会", "居委会", "村委会", "社区", "村")
_PLACE_WORDS = ("社区", "街道", "居委会", "村委会")


def _community_group_name(department: str, outcome: RowOutcome) -> None:
    """A community group's name is read with its community (社区).

    A street files 腰鼓队 in its 仁德社区 list, 民政 registers 五华区仁德社区腰鼓队, a clerk
    writes 华山街道仁德社区腰鼓队: one group. A filed group whose name leaves out its
    community gets the community in front (the list's community column says it); the core
    name of any name that names a community starts at the community, so the street and
    the county before it do not make two names of one.
    """
    name = str(outcome.values["name"])
    community = str(outcome.values["community"])
    if not name:
        return
    filed = department == FILED_DEPARTMENT or outcome.values["category"] == COMMUNITY_GROUP
    if filed and community and not _names_a_place(name, community):
        name = community + name
        outcome.values["name"] = name
        outcome.warnings.append(("name", f"名称未写所在社区，按「{name}」读 (community added)"))
    if community and community in name:
        start = name.find(community)
    elif "社区" in name or "村" in name:  # most names name no place: skip the search
        named = communities_named_in(name)
        start = name.find(named[0]) if named else -1
    else:
        start = -1
    if start >= 0:
        outcome.values["name_core"] = normalise_name(name[start:]).core


def _names_a_place(name: str, community: str) -> bool:
    """Does the name already say where the group is (its community, or a place at all)?"""
    short = community
    for word in _COMMUNITY_WORDS:
        if short.endswith(word) and len(short) > len(word):
            short = short[: -len(word)]
            break
    return short in name or any(word in name for word in _PLACE_WORDS)


def _address(cells: dict[str, Cell], outcome: RowOutcome) -> None:
    address = normalise_address(clean_text(cells.get("address")))
    match = resolve_address(
        address,
        area=clean_text(cells.get("area")),
        township=clean_text(cells.get("township")),
        community=clean_text(cells.get("community")),
    )
    outcome.values.update(
        address=address,
        county_code=match.county_code,
        # A management zone stands for a township in the statistical division codes
        # (530102401 高新区) and is a responsible area of its own (属地): where no
        # street or town is known, the zone is the township-level unit.
        township=match.township or match.zone,
        zone=match.zone,
        community=match.community or clean_text(cells.get("community"))[:60],
        address_confidence=match.confidence,
        township_candidates=list(match.township_candidates),
    )
    if address and not match.county_code:
        outcome.warnings.append(("address", "地址无法定位到区县 (county not found)"))
    if match.township_candidates:
        candidates = "、".join(match.township_candidates)
        outcome.warnings.append(
            (
                "township",
                f"道路跨{candidates}，门牌号无法判定所属乡镇街道 (road crosses townships)",
            )
        )


def _contacts_and_dates(cells: dict[str, Cell], outcome: RowOutcome) -> None:
    phones, fragments = normalise_phones(cells.get("phone"))
    outcome.warnings.extend(("phone", f"无法识别的电话：{text}") for text in fragments)
    for name in ("established_on", "status_date"):
        value, warning = parse_date(cells.get(name))
        outcome.values[name] = value
        if warning:
            outcome.warnings.append((name, warning))
    status_text = clean_text(cells.get("status")).replace(" ", "")
    staff, staff_warning = _staff_count(cells.get("staff_count"))
    if staff_warning:
        outcome.warnings.append(("staff_count", staff_warning))
    outcome.values.update(
        phones=",".join(phones)[:255],
        legal_rep=_SPACES_IN_NAME.sub("", clean_text(cells.get("legal_rep")))[:100],
        status=status_word(status_text)[:20],
        inspection=clean_text(cells.get("inspection"))[:40],
        staff_count=staff,
    )


def _staff_count(value: Cell) -> tuple[int | None, str | None]:
    if is_blank(value):
        return None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (int(value), None) if value >= 0 else (None, f"人数不能为负：{value}")
    digits = _DIGITS.findall(clean_text(value))
    if len(digits) == 1:
        return int(digits[0]), None
    return None, f"无法识别的人数：{cell_text(value)}"


def _classification(cells: dict[str, Cell], department: str, outcome: RowOutcome) -> None:
    raw_category = clean_text(cells.get("category"))
    authority = clean_text(cells.get("registration_authority"))
    uscc = str(outcome.values["uscc"]) if outcome.values["uscc_valid"] else ""
    name = str(outcome.values["name"])
    category = infer_category(
        name=name, uscc=uscc, department=department, raw_category=raw_category
    )
    outcome.values.update(
        category=category,
        category_inferred=not raw_category or category != raw_category,
        level=infer_level(
            uscc=uscc,
            registration_authority=authority,
            name_region=str(outcome.values["name_region"]),
            department=department,
        ),
        registration_authority=authority,
        supervisor=clean_text(cells.get("supervisor")),
        founder=clean_text(cells.get("founder")),
    )
