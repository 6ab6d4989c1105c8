"""Names of units (单位名称) as departments write them, folded to one key.

A supervising unit or a founder is named in many ways: 昆明市教育局, 市教育局, 云南省昆明市
教育局, 昆明市五华区教育局, 五华区 教育局, 中共昆明市委组织部. `unit_key` folds them so the
body register's `units` and a department's cell meet on one key. It never guesses
between two units: 教育局 alone (no area) stays 教育局 and matches only a body that lists
exactly that.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final

from shezu.census.api import region_aliases

_SPACES: Final = re.compile(r"[\s\u3000\u200b-\u200d\ufeff]+")
_BRACKETS: Final = re.compile(r"[（(][^）)]*[）)]")
_PROVINCE: Final = ("云南省",)
_CITY: Final = "昆明市"
# County-level names that may follow 昆明市 (昆明市五华区教育局 → 五华区教育局).
_COUNTY_SUFFIXES: Final = ("区", "县", "市")
# Renamed organs: the old name still fills old lists.
_RENAMED: Final = (
    ("卫生和计划生育委员会", "卫生健康委员会"),
    ("卫生计生委", "卫生健康委员会"),
    ("卫计委", "卫生健康委员会"),
    ("卫健委", "卫生健康委员会"),
    ("工商行政管理局", "市场监督管理局"),
    ("人社局", "人力资源和社会保障局"),
    ("科协", "科学技术协会"),
    ("文联", "文学艺术界联合会"),
    ("工商联", "工商业联合会"),
    ("妇联", "妇女联合会"),
    ("老龄办", "老龄工作委员会办公室"),
)


def unit_key(name: str) -> str:
    """The key a unit's name is matched by; "" for a blank name.

    Width and spaces folded, a bracketed note and a leading 中共 dropped, 云南省 dropped
    before 昆明市, 昆明市 dropped before a county name, 市 expanded to 昆明市 (市教育局),
    a renamed county's or organ's old name read as the new one.
    """
    text = unicodedata.normalize("NFKC", name)
    text = _SPACES.sub("", _BRACKETS.sub("", text))
    if text.startswith("中共"):
        text = text[2:]
    for province in _PROVINCE:
        if text.startswith(province + _CITY):
            text = text[len(province) :]
    if text.startswith(_CITY):
        rest = text[len(_CITY) :]
        county_end = _county_end(rest)
        if county_end:
            text = rest
    elif text.startswith("市") and not text.startswith("市场"):
        text = _CITY + text[1:]
    for old, new in (*_retired_counties(), *_RENAMED):
        text = text.replace(old, new)
    return text


@cache
def _retired_counties() -> tuple[tuple[str, str], ...]:
    """Counties by another name: renamed since (晋宁县 → 晋宁区, 呈贡县 → 呈贡区) or
    written short (石林县 for 石林彝族自治县). Their organs' names fill the lists so."""
    return tuple(
        (alias, division.name)
        for alias, division in region_aliases().items()
        if division.kind == "county"
        and alias != division.name
        and alias.endswith(_COUNTY_SUFFIXES)
        and len(alias) >= 3
    )


def _county_end(text: str) -> int:
    """Where a county-level name at the start of `text` ends (五华区…), 0 when none."""
    for length in (2, 3, 4, 5, 6, 7, 8):
        head = text[:length]
        if head.endswith(_COUNTY_SUFFIXES) and _looks_like_county(head):
            return length
    return 0


def _looks_like_county(head: str) -> bool:
    division = region_aliases().get(head)
    return division is not None and division.kind in ("county", "zone")
