"""The Party-organization template (党组织) imported: names, kinds, parents and the
organizations each covers, with dates.

Rows are read first, then parents resolved — a Party organization of this file (even one
defined further down) or stored, else an upper body; a body nobody knows is added to the
bodies register flagged for confirmation, never a reason to reject — then cycles and
rows whose parent was rejected refused, and the rest written parents first. A row updates
the stored organization of its name key in place, each changed field a `PartyChange`.

Coverage (覆盖社会组织) lists organizations of the register, each maybe with dates in
brackets: `名称（2016-09-01起）`, `名称（至2016-08-31）`, `名称（2016-03-01至2016-08-31）`;
without, from the founding date. An organization an earlier file listed and this one
leaves out is not closed: it is still counted, with a warning that a leaving date must be
written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

from shezu.affiliation.api import BodyRef, body_unconfirmed_add
from shezu.census.api import (
    CITY_CODE,
    OrganizationRef,
    RegisterError,
    organization_get,
    parse_date,
)
from shezu.party.models import PartyChange, PartyCoverage, PartyOrganization
from shezu.party.names import party_name_key
from shezu.party.resolve import BodyIndex, Found, PartyOrgIndex, PartyOrgRef
from shezu.party.run import ImportRun, seen_before
from shezu.party.sheet import Line
from shezu.party.templates import COVERAGE_SEPARATORS, NO, YES
from shezu.party.vocabulary import EstablishmentMode, PartyOrgKind

__all__ = ["orgs_import"]

MAX_TERM_YEARS: Final = 10


@dataclass
class _Entry:
    """One organization of 覆盖社会组织, with the dates its parentheses gave."""

    organization: OrganizationRef
    joined_on: dt.date | None
    left_on: dt.date | None
    joined_given: bool


@dataclass
class _OrgRow:
    line: Line
    name: str
    key: str
    kind: str
    mode: str
    founded_on: dt.date | None
    dissolved_on: dt.date | None
    entries: list[_Entry]
    optional: dict[str, Any]
    parent: PartyOrgRef | None = None
    body: BodyRef | None = None


_COVER_COLUMN = "覆盖社会组织"
_PARENT_COLUMN = "上级党组织"


def orgs_import(run: ImportRun, lines: list[Line]) -> None:
    index = PartyOrgIndex()
    rows: dict[int, _OrgRow] = {}
    seen: dict[str, int] = {}
    for line in lines:
        row = _org_row_read(run, line)
        if row is not None:
            index.file_add(row.name, line.number)
            if not seen_before(line, seen, row.key, "党组织名称", "此党组织"):
                rows[line.number] = row
        run.progress()
    bodies = BodyIndex()
    added: dict[str, BodyRef] = {}
    for row in rows.values():
        if not row.line.problems:
            _parent_resolve(row, index, bodies, added)
    stored = {o.name_key: o for o in PartyOrganization.objects.select_related("parent")}
    for row in rows.values():
        if row.key in stored:  # a row updating another county's Party organization
            run.party_org_outside(row.line, "党组织名称", stored[row.key])
        # Nor may a county hang a new one under another county's Party body.
        if row.parent is not None and row.parent.row is None and row.parent.key in stored:
            run.party_org_outside(row.line, "上级党组织", stored[row.parent.key])
        if row.body is not None:
            run.body_outside(row.line, "上级党组织", row.body)
    _parents_check(rows, stored)
    written: dict[int, PartyOrganization] = {}
    for row in _parents_first(rows):
        written[row.line.number] = _org_write(run, row, stored, written)


def _org_row_read(run: ImportRun, line: Line) -> _OrgRow | None:
    name = line.text("党组织名称")
    if not name:
        line.reject("党组织名称", "未填写党组织名称")
        return None
    kind = line.choice("党组织类别", PartyOrgKind)
    founded_on = line.date("成立日期")
    dissolved_on = line.date("撤销日期")
    if founded_on and dissolved_on and dissolved_on < founded_on:
        line.reject("撤销日期", "撤销日期早于成立日期")
    entries = _coverage_read(run, line, founded_on)
    for entry in entries:
        run.organization_outside(line, _COVER_COLUMN, entry.organization)
    mode = line.choice("组建方式", EstablishmentMode, required=False)
    if not mode:
        joint = kind == PartyOrgKind.JOINT_BRANCH or len(entries) > 1
        mode = EstablishmentMode.JOINT if joint else EstablishmentMode.SINGLE
    optional: dict[str, Any] = {}
    if run.has("是否设委员会"):
        said = line.text("是否设委员会")
        if said in ("", YES, NO, "有", "无"):
            optional["has_committee"] = None if not said else said in (YES, "有")
        else:
            line.reject("是否设委员会", f"是否设委员会应为 是 或 否，而不是「{said}」")
    if run.has("本届选举日期"):
        optional["elected_on"] = line.date("本届选举日期")
    if run.has("任期年限"):
        years = line.count("任期年限")
        if years is not None and not 1 <= years <= MAX_TERM_YEARS:
            line.reject("任期年限", f"任期年限应在 1 至 {MAX_TERM_YEARS} 年之间")
        optional["term_years"] = years
    return _OrgRow(
        line, name, party_name_key(name), kind, mode, founded_on, dissolved_on, entries, optional
    )


def _coverage_read(run: ImportRun, line: Line, founded_on: dt.date | None) -> list[_Entry]:
    text = line.raw.get(_COVER_COLUMN)
    written = text if isinstance(text, str) else line.text(_COVER_COLUMN)
    for separator in COVERAGE_SEPARATORS[1:]:
        written = written.replace(separator, COVERAGE_SEPARATORS[0])
    entries: list[_Entry] = []
    seen: set[str] = set()
    for part in written.split(COVERAGE_SEPARATORS[0]):
        part = " ".join(part.split())
        if not part:
            continue
        reference, joined, left, problem = _dated(part)
        if problem:
            line.reject(_COVER_COLUMN, f"「{part}」{problem}")
            continue
        found = run.organization(reference)
        if found.value is None:
            line.reject(_COVER_COLUMN, found.problem)
            continue
        if found.value.org_id in seen:
            line.reject(_COVER_COLUMN, f"「{part}」重复列出")
            continue
        seen.add(found.value.org_id)
        joined_on = joined or founded_on
        if joined_on and left and left <= joined_on:
            line.reject(_COVER_COLUMN, f"「{part}」离开日期不晚于加入日期")
            continue
        entries.append(_Entry(found.value, joined_on, left, joined is not None))
    return entries


_DATED_FORMS: Final = (
    "括号中的日期无法识别，应写作（2016-09-01起）、（至2016-08-31）或（2016-03-01至2016-08-31）"
)


def _dated(part: str) -> tuple[str, dt.date | None, dt.date | None, str]:
    """(reference, joined, left, problem) of `名称（2016-09-01起）`, `名称（至2016-08-31）`,
    `名称（2016-03-01至2016-08-31）`; brackets holding no such dates are part of the name."""
    normal = part.replace("(", "（").replace(")", "）")
    if not normal.endswith("）") or "（" not in normal:
        return part, None, None, ""
    reference, _, inside = normal[:-1].rpartition("（")
    inside = "".join(inside.split())
    if inside.endswith("起"):
        start, end = inside[:-1], ""
    elif "至" in inside:
        start, _, end = inside.partition("至")
    else:
        return part, None, None, ""
    joined, left = _parse_day(start), _parse_day(end)
    if (start and joined is None) or (end and left is None) or not (start or end):
        return (
            part,
            None,
            None,
            "括号中的日期无法识别，应写作（2016-09-01起）、（至2016-08-31）或（2016-03-01至2016-08-31）",
        )
    return reference.strip(), joined, left, ""


def _parse_day(text: str) -> dt.date | None:
    if not text:
        return None
    value, note = parse_date(text)
    return value if note is None else None


def _parent_resolve(
    row: _OrgRow, index: PartyOrgIndex, bodies: BodyIndex, added: dict[str, BodyRef]
) -> None:
    line = row.line
    text = line.text(_PARENT_COLUMN)
    if not text:
        line.note(_PARENT_COLUMN, "未填写上级党组织")
        return
    party: Found[PartyOrgRef] = index.find(text)
    if party.problem:
        line.reject(_PARENT_COLUMN, party.problem)
        return
    if party.value is not None:
        if party.value.key == row.key:
            line.reject(_PARENT_COLUMN, "上级党组织不能是本党组织")
        row.parent = party.value
        return
    body = bodies.find(text)
    if body.problem:
        line.reject(_PARENT_COLUMN, body.problem)
        return
    if body.value is None:
        key = party_name_key(text)
        if key not in added:
            area = row.entries[0].organization.county_code if row.entries else CITY_CODE
            added[key] = body_unconfirmed_add(text, area_code=area or CITY_CODE)
            bodies.add(added[key])
        line.note(
            _PARENT_COLUMN,
            f"系统中没有上级党组织「{text}」，已登记为待确认的上级党组织（编号 {added[key].code}）",
        )
        row.body = added[key]
        return
    row.body = body.value


def _parents_check(rows: dict[int, _OrgRow], stored: dict[str, PartyOrganization]) -> None:
    """Reject rows whose parents form a cycle, and rows whose parent is a rejected row of
    the file that nothing stored stands for."""
    by_key = {row.key: row for row in rows.values()}
    for row in rows.values():
        if row.line.problems or row.parent is None:
            continue
        path, key = [row.name], row.parent.key
        while key and key != row.key and len(path) < len(rows) + len(stored) + 1:
            name, key = _parent_of(key, by_key, stored)
            path.append(name)
        if key == row.key:
            row.line.reject(_PARENT_COLUMN, f"上级党组织形成循环：{' → '.join([*path, row.name])}")
    changed = True
    while changed:
        changed = False
        for row in rows.values():
            if row.line.problems or row.parent is None or row.parent.row is None:
                continue
            parent = rows.get(row.parent.row)
            if parent is not None and parent.line.problems:
                if row.parent.key in stored:
                    continue  # the stored record stays the parent
                row.line.reject(
                    _PARENT_COLUMN,
                    f"上级党组织「{parent.name}」在本文件第{parent.line.number}行，该行被退回",
                )
                changed = True


def _parent_of(
    key: str, by_key: dict[str, _OrgRow], stored: dict[str, PartyOrganization]
) -> tuple[str, str]:
    """(name, parent's key) of the organization with `key`: the file's row decides."""
    row = by_key.get(key)
    if row is not None:
        return row.name, row.parent.key if row.parent is not None else ""
    organization = stored.get(key)
    if organization is None:
        return key, ""
    parent = organization.parent
    return organization.name, parent.name_key if parent is not None else ""


def _parents_first(rows: dict[int, _OrgRow]) -> list[_OrgRow]:
    """The accepted rows, each after the row of its parent."""
    accepted = {n: row for n, row in rows.items() if not row.line.problems}

    def depth(row: _OrgRow) -> int:
        steps = 0
        while row.parent is not None and row.parent.row in accepted and steps <= len(accepted):
            row = accepted[row.parent.row]
            steps += 1
        return steps

    return sorted(accepted.values(), key=lambda row: (depth(row), row.line.number))


def _org_write(
    run: ImportRun,
    row: _OrgRow,
    stored: dict[str, PartyOrganization],
    written: dict[int, PartyOrganization],
) -> PartyOrganization:
    parent: PartyOrganization | None = None
    if row.parent is not None:
        if row.parent.row is not None and row.parent.row in written:
            parent = written[row.parent.row]
        else:
            parent = stored.get(row.parent.key)
    organization = stored.get(row.key)
    values: dict[str, Any] = {
        "name": row.name,
        "kind": row.kind,
        "mode": row.mode,
        "parent": parent,
        "parent_body_code": row.body.code if row.body is not None else "",
        "founded_on": row.founded_on,
        **row.optional,
    }
    existed = organization is not None
    if organization is None:
        organization = PartyOrganization.objects.create(
            name_key=row.key, dissolved_on=row.dissolved_on, batch=run.batch, **values
        )
        stored[row.key] = organization
        run.written.add(row.line.number)
    else:
        values["dissolved_on"] = run.kept(
            row.line, "撤销日期", organization.dissolved_on, row.dissolved_on
        )
        run.update(row.line, organization, "party_org", values)
    counties = _coverage_apply(run, row, organization, existed=existed)
    area = _area(counties, organization.area_code, row.body, parent)
    if existed:
        run.update(row.line, organization, "party_org", {"area_code": area})
    else:
        organization.area_code = area
        organization.save(update_fields=["area_code"])
    return organization


def _area(
    counties: Counter[str],
    current: str,
    body: BodyRef | None,
    parent: PartyOrganization | None,
) -> str:
    """The county most of the organizations it covers now lie in (on a tie, the one it
    had, else the lowest code); else its upper body's area, its parent's, or the city."""
    counties.pop("", None)
    if counties:
        most = max(counties.values())
        tied = sorted(code for code, count in counties.items() if count == most)
        return current if current in tied else tied[0]
    if body is not None:
        return body.area_code[:6] or CITY_CODE
    if parent is not None:
        return parent.area_code
    return CITY_CODE


def _coverage_apply(
    run: ImportRun, row: _OrgRow, organization: PartyOrganization, *, existed: bool
) -> Counter[str]:
    """Apply the row's coverage to the stored one; the counties of the organizations it
    covers now (open coverages), one count each."""
    county = {e.organization.org_id: e.organization.county_code for e in row.entries}
    coverages = list(organization.coverages.all())
    listed = set()
    for entry in row.entries:
        org_id = entry.organization.org_id
        listed.add(org_id)
        mine = [c for c in coverages if c.org_id == org_id]
        same = next((c for c in mine if c.joined_on == entry.joined_on), None)
        current = next((c for c in mine if c.left_on is None), None)
        if same is not None:
            if entry.left_on is not None:
                run.update(row.line, same, "coverage", {"left_on": entry.left_on})
            elif same.left_on is not None:
                row.line.note(
                    _COVER_COLUMN,
                    f"「{entry.organization.name}」已记录于 {same.left_on.isoformat()} 离开，"
                    "本行未写离开日期，仍按已记录的",
                )
        elif current is not None and (entry.left_on is not None or entry.joined_given):
            values: dict[str, Any] = {"left_on": entry.left_on} if entry.left_on else {}
            if entry.joined_given:
                values["joined_on"] = entry.joined_on
            run.update(row.line, current, "coverage", values)
        elif current is None:
            coverage = PartyCoverage.objects.create(
                party_org=organization,
                org_id=org_id,
                joined_on=entry.joined_on,
                left_on=entry.left_on,
            )
            coverages.append(coverage)
            run.written.add(row.line.number)
            if existed:
                run.changes.append(
                    PartyChange(
                        batch=run.batch,
                        object_type="coverage",
                        object_id=coverage.pk,
                        field="org_id",
                        new=org_id,
                        by=run.by,
                    )
                )
    counties: Counter[str] = Counter()
    for coverage in coverages:
        if coverage.left_on is not None:
            continue
        if coverage.org_id not in listed:
            try:
                ref = organization_get(coverage.org_id)
            except RegisterError:
                continue
            county[coverage.org_id] = ref.county_code
            row.line.note(
                _COVER_COLUMN,
                f"「{ref.name}」（{ref.org_id}）此前由本党组织覆盖，本文件未列出：仍计为覆盖；"
                "如已离开，请写明离开日期，如「名称（至2016-08-31）」",
            )
        counties[county.get(coverage.org_id, "")] += 1
    return counties
