"""The census as other contexts see it: other contexts use the census only through this module.

The Party-data imports, responsibility and coverage need one thing from the census: which
organization of the master register (台账) a name or code they were given stands for. They
get an `OrganizationRef` — plain values, no model instance, so nothing outside the census
queries or writes its tables — from these functions:

- `organization_find(uscc=…, org_code=…, name=…)`: the one organization these identify,
  or None when none or several do (a list to match against the register, row by row);
- `organization_candidates(…)`: every organization the same keys could mean (then the
  core name), so that an ambiguous reference is refused naming its candidates;
- `organizations_search(query)`: what `shezu census show` finds for what a person typed;
- `organization_get(org_id)`: by stable id (稳定编号), an absorbed id leading to the
  organization that took it in; `RegisterError` when there is none.

Responsibility and coverage read the whole register: `organization_records()` streams every
active organization's golden record as an `OrganizationRecord`, `in_scope(record, date)`
says whether it counts on a date (domain §8), `organizations_absorbed()` where absorbed ids
went, and the Kunming divisions (`counties`, `townships`, `zones`, `area_name`) name the
areas.
Workbooks other contexts take back are read as the census reads department files
(`open_table`, `file_digest`, `clean_text`, `is_blank`, `parse_date` for every date
notation the intake accepts; `IntakeError` for a bad file);
`same_name` says whether two spellings are one name (region, width, company form).
The web import page previews a department file before importing it (`table_preview`,
`TablePreview`) and turns the clerk's choice per column into a `SourceMapping`
(`mapping_from_choices`); `DEPARTMENTS` are the six lists a file may come from.

Lookups are indexed (credit code, organization code, name keys), and importing this module
loads no linkage engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from shezu.census.errors import IntakeError, RegisterError
from shezu.census.intake.mapping import SourceMapping
from shezu.census.intake.preview import TablePreview, mapping_from_choices, table_preview
from shezu.census.intake.readers import Table, file_digest, open_table
from shezu.census.models import Department, Organization
from shezu.census.normalise.cells import Cell, clean_text, is_blank
from shezu.census.normalise.dates import parse_date
from shezu.census.normalise.divisions import (
    CITY_CODE,
    Division,
    area_name,
    counties,
    county_by_code,
    region_aliases,
    townships,
    zones,
)
from shezu.census.register import queries
from shezu.census.register.golden import same_name
from shezu.census.register.scope import FieldVisit, OrganizationRecord, in_scope

__all__ = [
    "CITY_CODE",
    "DEPARTMENTS",
    "Cell",
    "Division",
    "FieldVisit",
    "IntakeError",
    "OrganizationRecord",
    "OrganizationRef",
    "RegisterError",
    "SourceMapping",
    "Table",
    "TablePreview",
    "area_name",
    "clean_text",
    "counties",
    "county_by_code",
    "file_digest",
    "in_scope",
    "is_blank",
    "mapping_from_choices",
    "open_table",
    "organization_candidates",
    "organization_find",
    "organization_get",
    "organization_ids_in_township",
    "organization_records",
    "organizations_absorbed",
    "organizations_search",
    "parse_date",
    "region_aliases",
    "same_name",
    "table_preview",
    "townships",
    "zones",
]

# The six department lists of the census (民政 司法 财政 税务 工商 备案), in that order.
DEPARTMENTS: tuple[str, ...] = tuple(Department.values)


@dataclass(frozen=True)
class OrganizationRef:
    """An organization of the register as other contexts hold it: its stable id and the
    golden record's identity fields."""

    org_id: str  # 稳定编号, e.g. KM0000123: what other contexts store
    name: str
    uscc: str  # 统一社会信用代码, "" when no source gave a valid one
    org_code: str  # 组织机构代码
    category: str  # 类型, e.g. 社会团体
    level: str  # 层级: 全市性 / 县级 / 城乡社区 / 省级
    county_code: str  # GB/T 2260 code of the county (区县)
    township: str  # 乡镇街道
    status: str  # 登记状态, e.g. 正常, 注销
    active: bool  # False: no source record belongs to it any more


def organization_find(
    *, uscc: str = "", org_code: str = "", name: str = ""
) -> OrganizationRef | None:
    """The one active organization these identify, identifiers first, then the name as
    written, as normalised or as a former name; None when none or several match.

    Codes may come as a department wrote them (lower case, spaces, dashes).
    """
    found = queries.organization_match(uscc=uscc, org_code=org_code, name=name)
    return _ref(found) if found else None


def organization_candidates(
    *, uscc: str = "", org_code: str = "", name: str = "", limit: int = 20
) -> list[OrganizationRef]:
    """Every active organization these could mean, by stable id (at most `limit`): the
    first key of `organization_find` that finds anything, else the core name of a
    compatible region and legal form. One element: the match; several: a reference to
    refuse, naming them; []: none."""
    found = queries.organization_candidates(uscc=uscc, org_code=org_code, name=name, limit=limit)
    return [_ref(organization) for organization in found]


def organizations_search(query: str, *, limit: int = 20) -> list[OrganizationRef]:
    """The organizations a person means by `query` — a stable id, a code, a name or its
    pinyin initials — by stable id, at most `limit`; [] when none (or nothing was typed)."""
    if not query.strip():
        return []
    return [_ref(org) for org in queries.organizations_search(query, limit=limit).organizations]


def organization_get(org_id: str) -> OrganizationRef:
    """The organization with this stable id (any case); an absorbed id gives the
    organization that absorbed it. Raises RegisterError when there is none."""
    return _ref(queries.organization_get(org_id=org_id))


def organization_records(org_ids: Sequence[str] | None = None) -> Iterator[OrganizationRecord]:
    """Every active organization's golden record (or those of `org_ids`), by stable id, in
    flat memory."""
    return queries.organization_records(org_ids)


def organization_ids_in_township(township_code: str) -> list[str]:
    """The stable ids of the active organizations located in a township or management zone
    (its 9-digit statistical code, 统计用区划代码), in order; [] for an unknown code."""
    return list(
        Organization.objects.filter(active=True, township_code=township_code)
        .order_by("org_id")
        .values_list("org_id", flat=True)
    )


def organizations_absorbed() -> dict[str, str]:
    """Absorbed stable id → the active organization's id it ended in."""
    return queries.organizations_absorbed()


def _ref(organization: Organization) -> OrganizationRef:
    return OrganizationRef(
        org_id=organization.org_id,
        name=organization.name,
        uscc=organization.uscc,
        org_code=organization.org_code,
        category=organization.category,
        level=organization.level,
        county_code=organization.county_code,
        township=str((organization.fields or {}).get("township") or ""),
        status=organization.status,
        active=organization.active,
    )
