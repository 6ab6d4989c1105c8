"""One template import under way (`ImportRun`): the batch it writes under, the changes it
keeps, which rows wrote something; and the small steps every kind's rows share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from django.db import models

from shezu.affiliation.api import BodyRef
from shezu.census.api import CITY_CODE, OrganizationRef
from shezu.party.models import PartyChange, PartyImportBatch, PartyOrganization
from shezu.party.resolve import Found, PartyOrgIndex, PartyOrgRef, organization_resolve
from shezu.party.sheet import Line
from shezu.party.templates import NO, YES

__all__ = ["PROGRESS_EVERY", "ImportRun", "party_org_named", "seen_before", "shown"]

PROGRESS_EVERY: Final = 200


@dataclass
class ImportRun:
    """One import under way: the batch, the changes to store, each row's outcome;
    `area_code`, a county's 6 digits, confines it to that county (None or the city: no
    restriction)."""

    batch: PartyImportBatch
    by: str
    columns: set[str]
    on_rows: Callable[[int], None] | None
    area_code: str | None = None
    changes: list[PartyChange] = field(default_factory=list)
    written: set[int] = field(default_factory=set)
    done: int = 0
    resolved: dict[str, Found[OrganizationRef]] = field(default_factory=dict)

    def organization(self, text: str) -> Found[OrganizationRef]:
        """`organization_resolve`, once per distinct text: a file names one employer or
        one covered organization on many rows, and the register does not change while
        the file is imported."""
        written = " ".join(text.split())
        if written not in self.resolved:
            self.resolved[written] = organization_resolve(written)
        return self.resolved[written]

    def progress(self) -> None:
        self.done += 1
        if self.on_rows is not None and self.done % PROGRESS_EVERY == 0:
            self.on_rows(self.done)

    def has(self, column: str) -> bool:
        return column in self.columns

    def _county(self) -> str | None:
        """The county the import is confined to, or None."""
        if not self.area_code or self.area_code == CITY_CODE:
            return None
        return self.area_code[:6]

    def organization_outside(self, line: Line, column: str, found: OrganizationRef) -> bool:
        """Reject the row when the social organization lies outside the import's county."""
        county = self._county()
        if county is None or found.county_code[:6] == county:
            return False
        line.reject(column, f"「{found.name}」不在您的辖区内")
        return True

    def party_org_outside(self, line: Line, column: str, found: PartyOrganization) -> bool:
        """Reject the row when the Party organization belongs to another county (one of
        the city's own, area 530100, is not another county's)."""
        county = self._county()
        area = found.area_code[:6]
        if county is None or area in (county, CITY_CODE, ""):
            return False
        line.reject(column, f"「{found.name}」不在您的辖区内")
        return True

    def body_outside(self, line: Line, column: str, body: BodyRef) -> bool:
        """Reject the row when its upper body is another county's (the city's and the
        city's industry committees are no county's)."""
        county = self._county()
        area = body.area_code[:6]
        if county is None or area in (county, CITY_CODE, ""):
            return False
        line.reject(column, f"「{body.name}」不在您的辖区内")
        return True

    def update(
        self, line: Line, record: models.Model, object_type: str, values: dict[str, Any]
    ) -> bool:
        """Set the values that differ, each kept as a PartyChange; True when any did."""
        changed = False
        for name, new in values.items():
            old = getattr(record, name)
            if old == new:
                continue
            self.changes.append(
                PartyChange(
                    batch=self.batch,
                    object_type=object_type,
                    object_id=record.pk,
                    field=name,
                    old=shown(old),
                    new=shown(new),
                    by=self.by,
                )
            )
            setattr(record, name, new)
            changed = True
        if changed:
            if hasattr(record, "batch_id"):  # a coverage has none
                record.batch = self.batch  # type: ignore[attr-defined]  # checked above
            record.save()
            self.written.add(line.number)
        return changed

    def kept(
        self, line: Line, column: str, old: dt.date | None, new: dt.date | None
    ) -> dt.date | None:
        """A blank date never clears one recorded: keep it, and say so."""
        if new is None and old is not None:
            line.note(column, f"已记录{column} {old.isoformat()}，本行未填，仍按已记录的")
            return old
        return new


def shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def seen_before(line: Line, seen: dict[Any, int], key: Any, column: str, what: str) -> bool:
    """Reject a row whose record an earlier row of the file already gave."""
    if key in seen:
        line.reject(column, f"{what}已在本文件第{seen[key]}行填写")
        return True
    seen[key] = line.number
    return False


def party_org_named(line: Line, index: PartyOrgIndex, column: str) -> PartyOrgRef | None:
    """The stored Party organization the row names (members, secretaries, activities)."""
    text = line.text(column)
    if not text:
        line.reject(column, f"未填写{column}")
        return None
    found = index.find(text, file_first=False)
    if found.problem:
        line.reject(column, found.problem)
    elif found.value is None:
        line.reject(column, f"没有名为「{text}」的党组织：请先导入党组织表，或核对名称")
    return found.value
