"""What the rules see of an organization on a date (`Subject`), from the register's record
and its classification: the township and zone codes its address resolved to, its
registration area and whether it is in scope."""

from __future__ import annotations

import datetime as dt
from functools import cache

from shezu.affiliation.classification import ClassificationResult, registration_area
from shezu.affiliation.rules import Subject
from shezu.census.api import (
    CITY_CODE,
    OrganizationRecord,
    counties,
    in_scope,
    townships,
    zones,
)


def subject_of(record: OrganizationRecord, result: ClassificationResult, on: dt.date) -> Subject:
    """What the rules see of an organization on a date."""
    scope, _ = in_scope(record, on)
    township_code = _township_codes().get((record.county_code, record.township), "")
    zone_code = _zone_codes().get(record.zone, "") if record.zone else ""
    return Subject(
        org_id=record.org_id,
        name=record.name,
        level=result.level,
        origin=result.origin,
        legal_form=result.legal_form,
        field=result.field,
        founder=result.founder,
        founder_kind=result.founder_kind,
        supervisor=result.supervisor,
        county_code=record.county_code,
        township=record.township,
        township_code=township_code,
        zone=record.zone,
        zone_code=zone_code,
        registration_area=registration_area(record),
        filed_only=record.filed_only,
        in_scope=scope,
    )


@cache
def _township_codes() -> dict[tuple[str, str], str]:
    return {
        (county.code, town.name): town.township_code
        for county in counties()
        for town in townships(county.code)
        if town.township_code
    }


@cache
def _zone_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for zone in zones():
        codes[zone.name] = zone.township_code
        codes.setdefault(zone.short, zone.township_code)
    return codes


def area_label(area_code: str) -> str:
    """Where a body answers, as counts are read: 市级, a zone's short name, or the county
    (a township's county)."""
    if area_code == CITY_CODE:
        return "市级"
    return _area_names().get(area_code[:9]) or _area_names().get(area_code[:6], area_code)


@cache
def _area_names() -> dict[str, str]:
    names = {c.code: c.name for c in counties()}
    names.update({z.township_code: z.short or z.name for z in zones()})
    return names
