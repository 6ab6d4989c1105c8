"""The road gazetteer (道路名录): which township (乡镇街道) a road, or a stretch of it, lies in.

Department addresses name county, road and house number (昆明市五华区人民中路123号) and
rarely the street office; this table finds the township from the road. A road that crosses
townships has one row per stretch (门牌号段, optionally odd or even numbers only); a road
inside a management zone (管理区) names the zone, and the township too where it is known.
When the number cannot decide between stretches, the lookup says which townships the road
crosses instead of guessing (`RoadPlace.candidates`).

Pure Python, no Django; the CSV is read once, lookups are memoised. The data and how sure
each row is: ``data/SOURCES.md``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Final

__all__ = [
    "RoadPlace",
    "RoadStretch",
    "gazetteer",
    "locate_road",
    "road_in_address",
    "stretches",
]

_DATA: Final = Path(__file__).resolve().parent / "data" / "kunming_roads.csv"
PARITIES: Final = frozenset({"", "odd", "even"})


@dataclass(frozen=True, slots=True)
class RoadStretch:
    """One row of the gazetteer: a road, or the stretch of it between two house numbers.

    ``township`` is blank where only the zone is known; ``from_no``/``to_no`` are both
    ``None`` for the whole road; ``parity`` is ``odd``, ``even`` or ``""`` (both sides).
    """

    county_code: str
    road: str
    township: str
    zone: str
    from_no: int | None
    to_no: int | None
    parity: str
    source: str

    def holds(self, number: int) -> bool:
        """Does this stretch hold house number ``number``?"""
        if self.from_no is not None and number < self.from_no:
            return False
        if self.to_no is not None and number > self.to_no:
            return False
        return self.parity == "" or (number % 2 == 1) == (self.parity == "odd")


@dataclass(frozen=True, slots=True)
class RoadPlace:
    """Where a road (and house number) lies: a township and/or a zone, or, when the road
    crosses townships and the number cannot tell which, the ``candidates`` it crosses."""

    township: str = ""
    zone: str = ""
    candidates: tuple[str, ...] = ()


_NOWHERE: Final = RoadPlace()


class _Gazetteer:
    def __init__(self, rows: list[RoadStretch]) -> None:
        self.rows = tuple(rows)
        by_road: dict[tuple[str, str], list[RoadStretch]] = {}
        for row in rows:
            by_road.setdefault((row.county_code, row.road), []).append(row)
        self.by_road = {key: tuple(found) for key, found in by_road.items()}
        # Imported here: divisions imports this module. The trie-shaped pattern takes the
        # longest road at a position; 大观街 in 大观街道 is a township, not a road.
        from shezu.census.normalise.divisions import literal_alternation

        names = literal_alternation({row.road for row in rows})
        self.road_rx = re.compile(rf"({names})(?!道)(?:(\d+)(?:[-之]\d+)?号)?")


def _number(text: str, *, file: str, line: int) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise ValueError(f"{file}:{line}: house number {text!r} is not a whole number")
    return int(text)


@cache
def _gazetteer() -> _Gazetteer:
    rows: list[RoadStretch] = []
    with _DATA.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            parity = row["parity"].strip()
            if parity not in PARITIES:
                raise ValueError(f"{_DATA.name}:{line}: parity {parity!r} is not odd or even")
            from_no = _number(row["from_no"], file=_DATA.name, line=line)
            to_no = _number(row["to_no"], file=_DATA.name, line=line)
            if (from_no is None) != (to_no is None) or (from_no or 0) > (to_no or 0):
                raise ValueError(f"{_DATA.name}:{line}: house numbers {from_no}–{to_no}")
            rows.append(
                RoadStretch(
                    county_code=row["county_code"].strip(),
                    road=row["road"].strip(),
                    township=row["township"].strip(),
                    zone=row["zone"].strip(),
                    from_no=from_no,
                    to_no=to_no,
                    parity=parity,
                    source=row["source"].strip(),
                )
            )
    return _Gazetteer(rows)


def gazetteer() -> tuple[RoadStretch, ...]:
    """Every row of the gazetteer, in file order."""
    return _gazetteer().rows


def stretches(county_code: str, road: str) -> tuple[RoadStretch, ...]:
    """The gazetteer rows of a road in a county, in file order; ``()`` for an unknown road."""
    return _gazetteer().by_road.get((county_code, road), ())


@lru_cache(maxsize=65536)
def road_in_address(text: str) -> tuple[str, int | None]:
    """(road, house number) of the first gazetteer road named in normalised text, or
    ``("", None)``; the number is ``None`` when none follows the road.

    Only roads the gazetteer knows are looked for, so a road is found without a number
    too (人民中路金龙大厦) — unlike linkage's ``address_road``, which needs one. A road
    followed by a number wins over one named earlier without (X路与Y路交叉口Y路12号).
    """
    first: tuple[str, int | None] = ("", None)
    for match in _gazetteer().road_rx.finditer(text):
        if match[2] is not None:
            return match[1], int(match[2])
        if not first[0]:
            first = (match[1], None)
    return first


@lru_cache(maxsize=65536)
def locate_road(county_code: str, road: str, number: int | None, *, zone: str = "") -> RoadPlace:
    """The township and zone of a road and house number in a county (门牌定位到乡镇街道).

    One township (or zone) for the whole road → that one, whatever the number. A road
    crossing several → the stretch holding the number; no number, or a number no stretch
    holds → no township, and the townships it crosses as ``candidates``. When the address
    already names a ``zone``, only the road's stretches inside that zone count (if it has
    any there).
    """
    found = stretches(county_code, road)
    if zone and any(s.zone == zone for s in found):
        found = tuple(s for s in found if s.zone == zone)
    places = list(dict.fromkeys((s.township, s.zone) for s in found))
    if len(places) > 1 and number is not None:
        holding = {(s.township, s.zone) for s in found if s.holds(number)}
        places = [place for place in places if place in holding] or places
    if not places:
        return _NOWHERE
    if len(places) == 1:
        return RoadPlace(township=places[0][0], zone=places[0][1])
    return RoadPlace(candidates=tuple(township or zone for township, zone in places))
