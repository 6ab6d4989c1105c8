"""The responsible bodies as the rule engine looks them up: by code, by unit, by area.

Django-free: a `BodyDirectory` is built from plain `Body` values (from the database by
`queries.body_directory`, or from the seed in a test), so the rules run over frames and
dictionaries without touching the ORM.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from shezu.affiliation.units import unit_key

# The BodyKind values of bodies that answer for an area as such (models.AREA_KINDS),
# spelled out so that this module needs no Django.
AREA_KIND_VALUES: Final = frozenset({"city", "county", "zone", "township"})


@dataclass(frozen=True)
class Body:
    """A responsible body (责任主体) as plain values; `parent_code` "" for the root."""

    code: str
    name: str
    kind: str
    parent_code: str
    area_code: str
    units: tuple[str, ...] = ()
    active: bool = True


class BodyDirectory:
    """Look-ups over one snapshot of the body register.

    Inactive bodies (停用) are kept for `by_code` and `ancestors` — old assignments still
    name them — but never answer for a unit or an area.
    """

    def __init__(self, bodies: Iterable[Body]) -> None:
        self._by_code: dict[str, Body] = {body.code: body for body in bodies}
        self._by_unit: dict[str, Body] = {}
        self._by_area: dict[str, Body] = {}
        for body in sorted(self._by_code.values(), key=lambda b: b.code):
            if not body.active:
                continue
            for unit in body.units:
                key = unit_key(unit)
                if key:
                    # The register allows one body per key (bodies.py); the first by code
                    # wins should a directory be built from values that break that.
                    self._by_unit.setdefault(key, body)
            if body.kind in AREA_KIND_VALUES:
                self._by_area.setdefault(body.area_code, body)
        # A body coded as the area wins over another body that only names it as its area.
        for code, body in self._by_code.items():
            if body.active and body.kind in AREA_KIND_VALUES:
                self._by_area[code] = body

    def __len__(self) -> int:
        return len(self._by_code)

    def by_code(self, code: str) -> Body | None:
        """The body with this code (active or not), None when there is none."""
        return self._by_code.get(code)

    def for_unit(self, name: str) -> Body | None:
        """The active body that answers for the unit a department named (业务主管单位 or
        举办单位), matched through `unit_key`; None for a blank or unknown unit."""
        key = unit_key(name)
        return self._by_unit.get(key) if key else None

    def area_body(self, area_code: str) -> Body | None:
        """The active city, county, zone or township body of this division code
        (530100, a county's 6 digits, a township's or zone's 9), None when there is none."""
        return self._by_area.get(area_code)

    def ancestors(self, code: str) -> list[Body]:
        """The bodies above this one, its parent first and the root last; [] for an
        unknown code. A parent missing from the directory ends the chain."""
        chain: list[Body] = []
        seen = {code}
        body = self._by_code.get(code)
        while body is not None and body.parent_code and body.parent_code not in seen:
            seen.add(body.parent_code)
            body = self._by_code.get(body.parent_code)
            if body is not None:
                chain.append(body)
        return chain
