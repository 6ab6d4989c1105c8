"""What a template's reference stands for: a social organization of the register, a Party
organization, or an upper Party body.

Each lookup gives a `Found`: the one thing meant, or the reason there is none — nothing
matched, or several did, named (up to five) so that the county can choose. Nothing here
guesses between two candidates.

- Social organizations through the census's public lookup (`census.api`): credit code,
  organization code, or name — as registered, normalised, former, or without the region
  in front when that finds only organizations of a compatible region.
- Party organizations by `party_name_key`, then `without_region` as a second look; the
  file's own rows (an orgs file defines several) before the database's.
- Upper Party bodies among the responsible bodies (affiliation) by the same keys.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

from shezu.affiliation.api import BodyRef, bodies_all
from shezu.census.api import OrganizationRef, organization_candidates
from shezu.party.models import PartyOrganization
from shezu.party.names import party_name_key, without_region

__all__ = [
    "BodyIndex",
    "Found",
    "PartyOrgIndex",
    "PartyOrgRef",
    "organization_resolve",
]

CANDIDATES_SHOWN: Final = 5
T = TypeVar("T")
# A credit code (18) or organization code (9, maybe with its dash) as counties type them.
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\- ]{7,19}")


@dataclass(frozen=True)
class Found(Generic[T]):
    """The thing a reference means, or why there is none (`problem`, for the reject)."""

    value: T | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None


def _several(text: str, what: str, names: list[str]) -> str:
    shown = "、".join(names[:CANDIDATES_SHOWN])
    more = f"等{len(names)}个" if len(names) > CANDIDATES_SHOWN else ""
    return f"「{text}」对应多个{what}：{shown}{more}，请写全称或统一社会信用代码"


def organization_resolve(text: str) -> Found[OrganizationRef]:
    """The register organization a credit code, organization code or name stands for."""
    written = " ".join(text.split())
    if _CODE.fullmatch(written) and any(c.isdigit() for c in written):
        found = organization_candidates(uscc=written, org_code=written)
        if not found:
            return Found(problem=f"名录中没有统一社会信用代码或组织机构代码为 {written} 的社会组织")
    else:
        found = organization_candidates(name=written)
        if not found:
            return Found(
                problem=f"名录中没有名为「{written}」的社会组织，请核对名称或写统一社会信用代码"
            )
    if len(found) > 1:
        names = [f"{ref.name}（{ref.org_id}）" for ref in found]
        return Found(problem=_several(written, "社会组织", names))
    return Found(found[0])


@dataclass(frozen=True)
class PartyOrgRef:
    """A Party organization as a reference finds it: stored (`pk`) or a row of this file
    (`row`), by its name and key."""

    name: str
    key: str
    pk: int | None = None
    row: int | None = None


@dataclass
class _Keys(Generic[T]):
    by_key: dict[str, list[T]] = field(default_factory=lambda: defaultdict(list))
    by_short: dict[str, list[T]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key: str, value: T) -> None:
        self.by_key[key].append(value)
        self.by_short[without_region(key)].append(value)

    def exact(self, key: str) -> list[T]:
        return self.by_key.get(key, [])

    def short(self, key: str) -> list[T]:
        """Those whose key without the region is this one's without the region."""
        return self.by_short.get(without_region(key), [])

    def find(self, key: str) -> list[T]:
        return self.exact(key) or self.short(key)


class PartyOrgIndex:
    """Party organizations by name: this file's rows first, then the stored ones."""

    def __init__(self) -> None:
        self._file: _Keys[PartyOrgRef] = _Keys()
        self._stored: _Keys[PartyOrgRef] = _Keys()
        for pk, name, key in PartyOrganization.objects.values_list("pk", "name", "name_key"):
            self._stored.add(key, PartyOrgRef(name=name, key=key, pk=pk))

    def file_add(self, name: str, row: int) -> None:
        key = party_name_key(name)
        self._file.add(key, PartyOrgRef(name=name, key=key, row=row))

    def stored_add(self, organization: PartyOrganization) -> None:
        ref = PartyOrgRef(name=organization.name, key=organization.name_key, pk=organization.pk)
        if organization.pk not in {r.pk for r in self._stored.by_key.get(ref.key, [])}:
            self._stored.add(ref.key, ref)

    def find(self, name: str, *, file_first: bool = True) -> Found[PartyOrgRef]:
        """The one Party organization `name` means; a stored one with the same key as the
        file's row is the same organization (the row updates it)."""
        key = party_name_key(name)
        sources = (self._file, self._stored) if file_first else (self._stored,)
        for look in ("exact", "short"):
            for source in sources:
                found = _distinct(getattr(source, look)(key))
                if len(found) == 1:
                    return Found(found[0])
                if len(found) > 1:
                    return Found(problem=_several(name, "党组织", [ref.name for ref in found]))
        return Found()


def _distinct(refs: Iterable[PartyOrgRef]) -> list[PartyOrgRef]:
    """One per key: the file's row and the stored record of one organization are one."""
    seen: dict[str, PartyOrgRef] = {}
    for ref in refs:
        seen.setdefault(ref.key, ref)
    return list(seen.values())


class BodyIndex:
    """The responsible bodies an upper Party organization (上级党组织) may name."""

    def __init__(self) -> None:
        self._bodies: _Keys[BodyRef] = _Keys()
        for body in bodies_all():
            self._bodies.add(party_name_key(body.name), body)

    def add(self, body: BodyRef) -> None:
        self._bodies.add(party_name_key(body.name), body)

    def find(self, name: str) -> Found[BodyRef]:
        found = {body.code: body for body in self._bodies.find(party_name_key(name))}
        if len(found) > 1:
            names = [f"{body.name}（{body.code}）" for body in found.values()]
            return Found(problem=_several(name, "上级党组织", names))
        return Found(next(iter(found.values()))) if found else Found()
