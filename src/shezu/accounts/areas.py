"""Areas (辖区) an account may be given, checked against Kunming's divisions.

An area is a division code as the jurisdiction rules read it (web/jurisdiction.py):
530100 the city, a county's 6 digits, a township's or management zone's 9 digits, or a
community's 12 digits whose first 9 are a township. A zone's 6-digit local code
(530140–530144) is not an area: organizations carry a county code, so it would match none.
"""

from __future__ import annotations

from functools import cache

from shezu.census.api import area_name as division_name
from shezu.census.api import counties, townships


def area_known(code: str) -> bool:
    """Whether an account may be given this area code."""
    if len(code) == 12 and code.isdigit():
        return code[:9] in _township_codes()
    return division_name(code) is not None


def area_name(code: str) -> str:
    """昆明市, 五华区, 五华区华山街道 or 高新区; a community as its township and code."""
    if len(code) == 12 and (township := division_name(code[:9])) is not None:
        return f"{township} {code[9:]}"
    return division_name(code) or ""


@cache
def _township_codes() -> frozenset[str]:
    return frozenset(town.township_code for c in counties() for town in townships(c.code))
