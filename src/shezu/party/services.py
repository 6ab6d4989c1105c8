"""Party data in from the counties' templates (`party_import`): Party organizations, members,
secretaries, instructors and activities.

The rules the census intake follows hold here too: a file is imported once (by SHA-256;
the same file again writes nothing), the whole file in one transaction, a bad row
rejected with its row as Excel numbers it, its column and why — kept as a
`PartyRejectedRow` for the rejects workbook — and the rest imported. A later file updates
what an earlier one said (a branch dissolved, a member transferred out): each record is
found by what identifies it and changed in place, every changed field kept as a
`PartyChange`, so nothing is duplicated and the history stays.

A date a record holds is never cleared by a blank cell (a file that leaves out a
dissolution or a transfer does not undo it): the row is taken with a warning. A citizen ID
number appears in no message, change or reject cell: stored sealed, found by its hash.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from shezu.affiliation.api import BodyRef, body_unconfirmed_add
from shezu.census.api import (
    CITY_CODE,
    OrganizationRef,
    RegisterError,
    file_digest,
    organization_get,
    parse_date,
)
from shezu.party.models import (
    Activity,
    Instructor,
    Member,
    PartyChange,
    PartyCoverage,
    PartyImportBatch,
    PartyOrganization,
    PartyRejectedRow,
    SecretaryAppointment,
    TemplateKind,
)
from shezu.party.names import party_name_key
from shezu.party.resolve import BodyIndex, Found, PartyOrgIndex, PartyOrgRef, organization_resolve
from shezu.party.sheet import Line, birth_date_read, sheet_read
from shezu.party.templates import COVERAGE_SEPARATORS, ID_COLUMN, NO, YES, kind_of
from shezu.party.vocabulary import (
    ActivityKind,
    EstablishmentMode,
    MemberCategory,
    PartyOrgKind,
    SecretaryChannel,
    SecretaryTitle,
    Sex,
)
from shezu.personal import id_number_check, id_number_masked, lookup_hash, seal

__all__ = ["MEMBER_ID_PURPOSE", "REJECT_ID_PURPOSE", "PartyImportReport", "party_import"]

MEMBER_ID_PURPOSE: Final = "member.id_number"
REJECT_ID_PURPOSE: Final = "party_reject.id_number"
PROGRESS_EVERY: Final = 200
MAX_TERM_YEARS: Final = 10

Message = tuple[int, str, str]  # (row, column, message)


@dataclass
class PartyImportReport:
    """What importing one template file did. Rows are numbered as Excel shows them.

    `accepted` counts rows that wrote something (a new record or a change), `skipped`
    rows that were taken but said nothing new, `rejected` rows refused — each reason in
    `rejections` as (row, column, message); `warnings` likewise, for rows taken."""

    file: str
    kind: str
    batch_id: int | None = None
    duplicate_file: bool = False
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    skipped: int = 0
    rejections: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def party_import(
    path: Path,
    kind: str,
    *,
    by: str = "",
    on_rows: Callable[[int], None] | None = None,
) -> PartyImportReport:
    """Import a filled template of `kind` (orgs, members, secretaries, instructors,
    activities; xlsx, xls or CSV). See the module's docstring for the rules and
    `templates.py` for the columns. `on_rows` hears how many rows have been read, now and
    then. Raises PartyError, with nothing written, for an unknown kind, a file that cannot
    be read or lacks a required header."""
    template = kind_of(kind)
    report = PartyImportReport(file=path.name, kind=template.value)
    sha256, _size = file_digest(path)
    if PartyImportBatch.objects.filter(file_sha256=sha256).exists():
        report.duplicate_file = True
        return report
    # The whole sheet is read before anything is written (a county's file is small).
    lines, columns = sheet_read(path, template)
    report.rows_read = len(lines)
    try:
        with transaction.atomic():
            batch = PartyImportBatch.objects.create(
                kind=template, file_name=path.name[:255], file_sha256=sha256, imported_by=by
            )
            run = _Run(batch=batch, by=by, columns=columns, on_rows=on_rows)
            _IMPORTERS[template](run, lines)
            _report_fill(report, run, lines)
            PartyChange.objects.bulk_create(run.changes)
            batch.rows_read = report.rows_read
            batch.applied = report.accepted
            batch.rejected = report.rejected
            batch.skipped = report.skipped
            batch.warnings = len(report.warnings)
            batch.save()
            report.batch_id = batch.pk
    except IntegrityError:
        # Another process imported the same file meanwhile: its batch stopped ours.
        if not PartyImportBatch.objects.filter(file_sha256=sha256).exists():
            raise
        return PartyImportReport(file=path.name, kind=template.value, duplicate_file=True)
    return report


@dataclass
class _Run:
    """One import under way: the batch, the changes to store, each row's outcome."""

    batch: PartyImportBatch
    by: str
    columns: set[str]
    on_rows: Callable[[int], None] | None
    changes: list[PartyChange] = field(default_factory=list)
    written: set[int] = field(default_factory=set)
    done: int = 0

    def progress(self) -> None:
        self.done += 1
        if self.on_rows is not None and self.done % PROGRESS_EVERY == 0:
            self.on_rows(self.done)

    def has(self, column: str) -> bool:
        return column in self.columns

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
                    old=_shown(old),
                    new=_shown(new),
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


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _report_fill(report: PartyImportReport, run: _Run, lines: list[Line]) -> None:
    """The report and the rejected rows (their ID numbers sealed)."""
    rejects = []
    for line in lines:
        if line.problems:
            report.rejected += 1
            report.rejections.extend((line.number, c, m) for c, m in line.problems)
            cells = line.written()
            if cells.get(ID_COLUMN):
                cells[ID_COLUMN] = seal(cells[ID_COLUMN], REJECT_ID_PURPOSE)
            rejects.append(
                PartyRejectedRow(
                    batch=run.batch,
                    row_number=line.number,
                    cells=cells,
                    reasons=[list(problem) for problem in line.problems],
                )
            )
            continue
        report.warnings.extend((line.number, c, m) for c, m in line.notes)
        if line.number in run.written:
            report.accepted += 1
        else:
            report.skipped += 1
    PartyRejectedRow.objects.bulk_create(rejects)
    if run.on_rows is not None:
        run.on_rows(len(lines))


def _seen_before(line: Line, seen: dict[Any, int], key: Any, column: str, what: str) -> bool:
    """Reject a row whose record an earlier row of the file already gave."""
    if key in seen:
        line.reject(column, f"{what}已在本文件第{seen[key]}行填写")
        return True
    seen[key] = line.number
    return False


def _party_org(line: Line, index: PartyOrgIndex, column: str) -> PartyOrgRef | None:
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


# ---------------------------------------------------------------------------
# Party organizations


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


def _orgs_import(run: _Run, lines: list[Line]) -> None:
    index = PartyOrgIndex()
    rows: dict[int, _OrgRow] = {}
    seen: dict[str, int] = {}
    for line in lines:
        row = _org_row_read(run, line)
        if row is not None:
            index.file_add(row.name, line.number)
            if not _seen_before(line, seen, row.key, "党组织名称", "此党组织"):
                rows[line.number] = row
        run.progress()
    bodies = BodyIndex()
    added: dict[str, BodyRef] = {}
    for row in rows.values():
        if not row.line.problems:
            _parent_resolve(row, index, bodies, added)
    stored = {o.name_key: o for o in PartyOrganization.objects.select_related("parent")}
    _parents_check(rows, stored)
    written: dict[int, PartyOrganization] = {}
    for row in _parents_first(rows):
        written[row.line.number] = _org_write(run, row, stored, written)


def _org_row_read(run: _Run, line: Line) -> _OrgRow | None:
    name = line.text("党组织名称")
    if not name:
        line.reject("党组织名称", "未填写党组织名称")
        return None
    kind = line.choice("党组织类别", PartyOrgKind)
    founded_on = line.date("成立日期")
    dissolved_on = line.date("撤销日期")
    if founded_on and dissolved_on and dissolved_on < founded_on:
        line.reject("撤销日期", "撤销日期早于成立日期")
    entries = _coverage_read(line, founded_on)
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


def _coverage_read(line: Line, founded_on: dt.date | None) -> list[_Entry]:
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
        found = organization_resolve(reference)
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
    run: _Run,
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
    run: _Run, row: _OrgRow, organization: PartyOrganization, *, existed: bool
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


# ---------------------------------------------------------------------------
# Members


def _members_import(run: _Run, lines: list[Line]) -> None:
    index = PartyOrgIndex()
    organizations = {o.pk: o for o in PartyOrganization.objects.all()}
    seen: dict[str, int] = {}
    today = timezone.localdate()
    for line in lines:
        run.progress()
        values = _member_read(run, line, index, organizations, today)
        if values is None or line.problems:
            continue
        id_hash = values.pop("id_hash")
        if _seen_before(line, seen, id_hash, ID_COLUMN, "此人"):
            continue
        number = values.pop("number")
        member = Member.objects.select_related("party_org").filter(id_hash=id_hash).first()
        if member is None:
            Member.objects.create(
                id_hash=id_hash,
                id_sealed=seal(number, MEMBER_ID_PURPOSE),
                id_masked=id_number_masked(number),
                batch=run.batch,
                **values,
            )
            run.written.add(line.number)
            continue
        values["transfer_out_on"] = run.kept(
            line, "转出日期", member.transfer_out_on, values["transfer_out_on"]
        )
        run.update(line, member, "member", values)


def _member_read(
    run: _Run,
    line: Line,
    index: PartyOrgIndex,
    organizations: dict[int, PartyOrganization],
    today: dt.date,
) -> dict[str, Any] | None:
    name = line.text("姓名")
    if not name:
        line.reject("姓名", "未填写姓名")
    written = "".join(line.text(ID_COLUMN).split())
    if not written:
        line.reject(ID_COLUMN, "未填写公民身份号码")
        return None
    if "*" in written:
        line.reject(ID_COLUMN, "公民身份号码是隐去部分数字的，请填写完整号码")
        return None
    try:
        checked = id_number_check(written)
    except ValueError as error:
        line.reject(ID_COLUMN, str(error))
        return None
    birth = dt.date.fromisoformat(checked.birth_date_iso)
    if line.raw.get("出生日期") not in (None, ""):
        given, problem = birth_date_read(line.raw.get("出生日期"))
        if given is None:
            line.reject("出生日期", f"出生日期：{problem or '无法识别'}")
        elif given != birth:
            line.reject("出生日期", f"出生日期 {given.isoformat()} 与公民身份号码中的出生日期不符")
    sex = line.choice("性别", Sex, required=False)
    by_number = Sex.MALE if int(checked.number[16]) % 2 else Sex.FEMALE
    if sex and sex != by_number:
        line.note("性别", "性别与公民身份号码不符，请核对")
    category = line.choice("人员类别", MemberCategory)
    joined_on = line.date("入党日期")
    full_on = line.date("转正日期") if run.has("转正日期") else None
    if full_on and full_on > today:
        line.note("转正日期", "转正日期晚于今天")
    transfer_in_on = line.date("转入日期")
    transfer_out_on = line.date("转出日期")
    if transfer_in_on and transfer_out_on and transfer_out_on < transfer_in_on:
        line.reject("转出日期", "转出日期早于转入日期")
    party_org: PartyOrganization | None = None
    if line.text("所在党组织"):
        text = line.text("所在党组织")
        found = index.find(text, file_first=False)
        if found.problem:
            line.reject("所在党组织", found.problem)
        elif found.value is None or found.value.pk is None:
            line.reject(
                "所在党组织",
                f"没有名为「{text}」的党组织：请先导入党组织表或核对名称；"
                "组织关系不在本系统的党员此栏留空",
            )
        else:
            party_org = organizations[found.value.pk]
    employer = line.text("工作单位")
    employer_id = ""
    if employer:
        found_org = organization_resolve(employer)
        if found_org.value is not None:
            employer_id = found_org.value.org_id
        elif line.text("所在党组织"):
            line.note("工作单位", f"{found_org.problem}；已按所写保存")
        else:
            line.reject("工作单位", found_org.problem)
    elif not line.text("所在党组织"):
        line.reject("工作单位", "组织关系不在本系统的党员须填写工作单位（所在社会组织）")
    values: dict[str, Any] = {
        "id_hash": lookup_hash(checked.number),
        "number": checked.number,
        "name": name,
        "sex": sex or by_number,
        "birth_date": birth,
        "joined_on": joined_on,
        "category": category,
        "party_org": party_org,
        "employer_org_id": employer_id,
        "employer_name": employer,
        "transfer_in_on": transfer_in_on,
        "transfer_out_on": transfer_out_on,
    }
    if run.has("转正日期"):
        values["full_on"] = full_on
    if run.has("组织关系所在单位"):
        values["relationship_elsewhere"] = line.text("组织关系所在单位")
    return values


# ---------------------------------------------------------------------------
# Secretaries, instructors, activities


def _secretaries_import(run: _Run, lines: list[Line]) -> None:
    index = PartyOrgIndex()
    organizations = {o.pk: o for o in PartyOrganization.objects.all()}
    seen: dict[tuple[Any, ...], int] = {}
    for line in lines:
        run.progress()
        ref = _party_org(line, index, "党组织名称")
        name = line.text("姓名")
        if not name:
            line.reject("姓名", "未填写姓名")
        channel = line.choice("来源", SecretaryChannel)
        title = line.choice("职务", SecretaryTitle, required=False) or SecretaryTitle.SECRETARY
        started_on = line.date("任职日期", required=True)
        ended_on = line.date("离任日期")
        if started_on and ended_on and ended_on < started_on:
            line.reject("离任日期", "离任日期早于任职日期")
        if line.problems or ref is None or ref.pk is None or started_on is None:
            continue
        party_org = organizations[ref.pk]
        key = (party_org.pk, name, title, started_on)
        if _seen_before(line, seen, key, "姓名", "此任职"):
            continue
        named = list(Member.objects.filter(party_org=party_org, name=name)[:2])
        member = named[0] if len(named) == 1 else None
        appointment = SecretaryAppointment.objects.filter(
            party_org=party_org, name=name, title=title, started_on=started_on
        ).first()
        if appointment is None:
            SecretaryAppointment.objects.create(
                party_org=party_org,
                name=name,
                title=title,
                started_on=started_on,
                channel=channel,
                ended_on=ended_on,
                member=member,
                batch=run.batch,
            )
            run.written.add(line.number)
            continue
        ended_on = run.kept(line, "离任日期", appointment.ended_on, ended_on)
        values = {"channel": channel, "ended_on": ended_on, "member": member}
        run.update(line, appointment, "secretary", values)


def _instructors_import(run: _Run, lines: list[Line]) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for line in lines:
        run.progress()
        text = line.text("社会组织")
        organization: OrganizationRef | None = None
        if not text:
            line.reject("社会组织", "未填写社会组织")
        else:
            found = organization_resolve(text)
            if found.value is None:
                line.reject("社会组织", found.problem)
            organization = found.value
        name = line.text("姓名")
        if not name:
            line.reject("姓名", "未填写姓名")
        channel = line.choice("来源", SecretaryChannel, required=False)
        started_on = line.date("选派日期", required=True)
        ended_on = line.date("撤回日期")
        if started_on and ended_on and ended_on < started_on:
            line.reject("撤回日期", "撤回日期早于选派日期")
        if line.problems or organization is None or started_on is None:
            continue
        key = (organization.org_id, name, started_on)
        if _seen_before(line, seen, key, "姓名", "此选派"):
            continue
        instructor = Instructor.objects.filter(
            org_id=organization.org_id, name=name, started_on=started_on
        ).first()
        if instructor is None:
            Instructor.objects.create(
                org_id=organization.org_id,
                name=name,
                channel=channel,
                started_on=started_on,
                ended_on=ended_on,
                batch=run.batch,
            )
            run.written.add(line.number)
            continue
        ended_on = run.kept(line, "撤回日期", instructor.ended_on, ended_on)
        run.update(line, instructor, "instructor", {"channel": channel, "ended_on": ended_on})


def _activities_import(run: _Run, lines: list[Line]) -> None:
    index = PartyOrgIndex()
    organizations = {o.pk: o for o in PartyOrganization.objects.all()}
    seen: dict[tuple[Any, ...], int] = {}
    for line in lines:
        run.progress()
        ref = _party_org(line, index, "党组织名称")
        kind = line.choice("活动类型", ActivityKind)
        held_on = line.date("日期", required=True)
        topic = line.text("主题")[:200]
        expected = line.count("应到人数")
        attended = line.count("实到人数")
        if expected is not None and attended is not None and attended > expected:
            line.reject("实到人数", f"实到人数 {attended} 多于应到人数 {expected}")
        if line.problems or ref is None or ref.pk is None or held_on is None:
            continue
        party_org = organizations[ref.pk]
        key = (party_org.pk, kind, held_on, topic)
        if _seen_before(line, seen, key, "主题", "此活动"):
            continue
        activity = Activity.objects.filter(
            party_org=party_org, kind=kind, held_on=held_on, topic=topic
        ).first()
        if activity is None:
            Activity.objects.create(
                party_org=party_org,
                kind=kind,
                held_on=held_on,
                topic=topic,
                expected=expected,
                attended=attended,
                batch=run.batch,
            )
            run.written.add(line.number)
            continue
        run.update(line, activity, "activity", {"expected": expected, "attended": attended})


_IMPORTERS: Final[dict[str, Callable[[_Run, list[Line]], None]]] = {
    TemplateKind.ORGS: _orgs_import,
    TemplateKind.MEMBERS: _members_import,
    TemplateKind.SECRETARIES: _secretaries_import,
    TemplateKind.INSTRUCTORS: _instructors_import,
    TemplateKind.ACTIVITIES: _activities_import,
}
