"""Areas (辖区) an account may be given, checked against Kunming's divisions.

An area is a division code as the jurisdiction rules read it (web/jurisdiction.py):
530100 the city, a county's 6 digits, a township's or management zone's 9 digits, or a
community's 12 digits whose first 9 are a township. A zone's 6-digit local code
(530140–530144) is not an area: organizations carry a county code, so it would match none.
"""

from __future__ import annotations

from functools import cache

from shezu.census.api import CITY_CODE, counties, townships, zones


def area_known(code: str) -> bool:
    """Whether an account may be given this area code."""
    names = _names()
    if len(code) == 12 and code.isdigit():
        return code[:9] in _township_codes()
    return code in names


def area_name(code: str) -> str:
    """昆明市, 五华区, 五华区华山街道 or 高新区; a community as its township and code."""
    names = _names()
    if len(code) == 12 and code[:9] in names:
        return f"{names[code[:9]]} {code[9:]}"
    return names.get(code, "")


@cache
def _names() -> dict[str, str]:
    names = {CITY_CODE: "昆明市"}
    for county in counties():
        names[county.code] = county.name
        for town in townships(county.code):
            names[town.township_code] = f"{county.name}{town.name}"
    for zone in zones():
        names[zone.township_code] = zone.short or zone.name
    return names


@cache
def _township_codes() -> frozenset[str]:
    return frozenset(town.township_code for c in counties() for town in townships(c.code))
