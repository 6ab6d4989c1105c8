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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone

from shezu.census.api import OrganizationRef, file_digest
from shezu.party.models import (
    Activity,
    Instructor,
    Member,
    PartyChange,
    PartyImportBatch,
    PartyOrganization,
    PartyRejectedRow,
    SecretaryAppointment,
    TemplateKind,
)
from shezu.party.organizations import orgs_import
from shezu.party.resolve import PartyOrgIndex
from shezu.party.run import ImportRun, party_org_named, seen_before
from shezu.party.sheet import Line, birth_date_read, sheet_read
from shezu.party.templates import ID_COLUMN, kind_of
from shezu.party.vocabulary import (
    ActivityKind,
    MemberCategory,
    SecretaryChannel,
    SecretaryTitle,
    Sex,
)
from shezu.personal import id_number_check, id_number_masked, lookup_hash, seal

__all__ = ["MEMBER_ID_PURPOSE", "REJECT_ID_PURPOSE", "PartyImportReport", "party_import"]

MEMBER_ID_PURPOSE: Final = "member.id_number"
REJECT_ID_PURPOSE: Final = "party_reject.id_number"

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
    area_code: str | None = None,
) -> PartyImportReport:
    """Import a filled template of `kind` (orgs, members, secretaries, instructors,
    activities; xlsx, xls or CSV). See the module's docstring for the rules and
    `templates.py` for the columns. `on_rows` hears how many rows have been read, now and
    then. `area_code`, a county's 6 digits, confines the file to that county (the web
    passes the clerk's; None or the city 530100: no restriction): a row about a social
    organization or Party organization of another county is rejected (「…」不在您的辖区内).
    Raises PartyError, with nothing written, for an unknown kind, a file that cannot be
    read or lacks a required header."""
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
            run = ImportRun(
                batch=batch, by=by, columns=columns, on_rows=on_rows, area_code=area_code
            )
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


def _report_fill(report: PartyImportReport, run: ImportRun, lines: list[Line]) -> None:
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


# ---------------------------------------------------------------------------
# Members


def _members_import(run: ImportRun, lines: list[Line]) -> None:
    index = PartyOrgIndex()
    organizations = {o.pk: o for o in PartyOrganization.objects.all()}
    seen: dict[str, int] = {}
    today = timezone.localdate()
    # Who is known already, by hash, in one query: most rows of a first file are new.
    known = set(Member.objects.values_list("id_hash", flat=True))
    new: list[Member] = []  # inserted together at the end, inside the import's transaction
    for line in lines:
        run.progress()
        values = _member_read(run, line, index, organizations, today)
        if values is None or line.problems:
            continue
        id_hash = values.pop("id_hash")
        if seen_before(line, seen, id_hash, ID_COLUMN, "此人"):
            continue
        number = values.pop("number")
        member = (
            Member.objects.select_related("party_org").filter(id_hash=id_hash).first()
            if id_hash in known
            else None
        )
        if member is None:
            new.append(
                Member(
                    id_hash=id_hash,
                    id_sealed=seal(number, MEMBER_ID_PURPOSE),
                    id_masked=id_number_masked(number),
                    batch=run.batch,
                    **values,
                )
            )
            run.written.add(line.number)
            continue
        values["transfer_out_on"] = run.kept(
            line, "转出日期", member.transfer_out_on, values["transfer_out_on"]
        )
        run.update(line, member, "member", values)
    Member.objects.bulk_create(new, batch_size=1000)


def _member_read(
    run: ImportRun,
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
            run.party_org_outside(line, "所在党组织", party_org)
    employer = line.text("工作单位")
    employer_id = ""
    if employer:
        found_org = run.organization(employer)
        if found_org.value is not None:
            employer_id = found_org.value.org_id
            run.organization_outside(line, "工作单位", found_org.value)
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


def _secretaries_import(run: ImportRun, lines: list[Line]) -> None:
    index = PartyOrgIndex()
    organizations = {o.pk: o for o in PartyOrganization.objects.all()}
    seen: dict[tuple[Any, ...], int] = {}
    for line in lines:
        run.progress()
        ref = party_org_named(line, index, "党组织名称")
        name = line.text("姓名")
        if not name:
            line.reject("姓名", "未填写姓名")
        channel = line.choice("来源", SecretaryChannel)
        title = line.choice("职务", SecretaryTitle, required=False) or SecretaryTitle.SECRETARY
        started_on = line.date("任职日期", required=True)
        ended_on = line.date("离任日期")
        if started_on and ended_on and ended_on < started_on:
            line.reject("离任日期", "离任日期早于任职日期")
        if ref is not None and ref.pk is not None:
            run.party_org_outside(line, "党组织名称", organizations[ref.pk])
        if line.problems or ref is None or ref.pk is None or started_on is None:
            continue
        party_org = organizations[ref.pk]
        key = (party_org.pk, name, title, started_on)
        if seen_before(line, seen, key, "姓名", "此任职"):
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


def _instructors_import(run: ImportRun, lines: list[Line]) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for line in lines:
        run.progress()
        text = line.text("社会组织")
        organization: OrganizationRef | None = None
        if not text:
            line.reject("社会组织", "未填写社会组织")
        else:
            found = run.organization(text)
            if found.value is None:
                line.reject("社会组织", found.problem)
            else:
                run.organization_outside(line, "社会组织", found.value)
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
        if seen_before(line, seen, key, "姓名", "此选派"):
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


def _activities_import(run: ImportRun, lines: list[Line]) -> None:
    index = PartyOrgIndex()
    organizations = {o.pk: o for o in PartyOrganization.objects.all()}
    seen: dict[tuple[Any, ...], int] = {}
    # The activities known already, by what identifies one, in one query; new ones are
    # inserted together at the end, inside the import's transaction.
    known = set(Activity.objects.values_list("party_org_id", "kind", "held_on", "topic"))
    new: list[Activity] = []
    for line in lines:
        run.progress()
        ref = party_org_named(line, index, "党组织名称")
        kind = line.choice("活动类型", ActivityKind)
        held_on = line.date("日期", required=True)
        topic = line.text("主题")[:200]
        expected = line.count("应到人数")
        attended = line.count("实到人数")
        if expected is not None and attended is not None and attended > expected:
            line.reject("实到人数", f"实到人数 {attended} 多于应到人数 {expected}")
        if ref is not None and ref.pk is not None:
            run.party_org_outside(line, "党组织名称", organizations[ref.pk])
        if line.problems or ref is None or ref.pk is None or held_on is None:
            continue
        party_org = organizations[ref.pk]
        key = (party_org.pk, kind, held_on, topic)
        if seen_before(line, seen, key, "主题", "此活动"):
            continue
        if key not in known:
            new.append(
                Activity(
                    party_org=party_org,
                    kind=kind,
                    held_on=held_on,
                    topic=topic,
                    expected=expected,
                    attended=attended,
                    batch=run.batch,
                )
            )
            run.written.add(line.number)
            continue
        activity = Activity.objects.get(
            party_org=party_org, kind=kind, held_on=held_on, topic=topic
        )
        run.update(line, activity, "activity", {"expected": expected, "attended": attended})
    Activity.objects.bulk_create(new, batch_size=1000)


_IMPORTERS: Final[dict[str, Callable[[ImportRun, list[Line]], None]]] = {
    TemplateKind.ORGS: orgs_import,
    TemplateKind.MEMBERS: _members_import,
    TemplateKind.SECRETARIES: _secretaries_import,
    TemplateKind.INSTRUCTORS: _instructors_import,
    TemplateKind.ACTIVITIES: _activities_import,
}
