"""Area codes (辖区) read as people name them."""

from functools import cache

from shezu.census.api import CITY_CODE, counties, townships, zones


def area_name(code: str) -> str:
    """昆明市, 五华区, 华山街道 or 高新区 for a code; the code itself when unknown."""
    return _names().get(code, code)


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
