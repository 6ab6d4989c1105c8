"""Party data out, in the templates' layout: the rows a county must correct
(`rejects_write`) and the records as they stand (`records_export`). Both can be filled
again and imported: an export of unchanged records imports as no change at all.

A citizen ID number leaves masked (530102********1234) unless `reveal_ids` — an export the
command records in the audit log. A masked number cannot be imported again: the import
refuses it and asks for the whole number.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Final

from django.db.models import Q

from shezu.affiliation.api import body_get
from shezu.census.api import RegisterError, organization_get
from shezu.party.errors import PartyError
from shezu.party.models import (
    Activity,
    Instructor,
    Member,
    PartyCoverage,
    PartyImportBatch,
    PartyOrganization,
    PartyRejectedRow,
    SecretaryAppointment,
    TemplateKind,
)
from shezu.party.services import MEMBER_ID_PURPOSE, REJECT_ID_PURPOSE
from shezu.party.templates import ID_COLUMN, NO, YES, columns_of, kind_of, template_write
from shezu.personal import PersonalDataError, id_number_masked, unseal

__all__ = ["REASONS_COLUMN", "records_export", "rejects_write"]

REASONS_COLUMN: Final = "退回原因"
ROW_COLUMN: Final = "原行号"


def _day(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]  # a date


def _id_shown(sealed: str, purpose: str, *, reveal: bool) -> str:
    try:
        number = unseal(sealed, purpose)
    except PersonalDataError:
        return ""
    return number if reveal else id_number_masked(number)


def rejects_write(batch_id: int, out: Path, *, reveal_ids: bool) -> int:
    """The rows batch `batch_id` rejected, as written, in its template's layout with the
    reasons (退回原因: 列：原因；…) and the row number they had; returns how many. The
    county corrects them and imports the workbook (the two extra columns are not read).
    Raises PartyError for an unknown batch."""
    batch = PartyImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise PartyError(f"没有编号为 {batch_id} 的党建数据导入批次 (no such import batch)")
    headers = columns_of(batch.kind)
    rows = []
    for reject in PartyRejectedRow.objects.filter(batch=batch).order_by("row_number"):
        cells = dict(reject.cells)
        if cells.get(ID_COLUMN):
            cells[ID_COLUMN] = _reject_id(cells[ID_COLUMN], reveal=reveal_ids)
        reasons = "；".join(f"{column}：{message}" for column, message in reject.reasons)
        rows.append([*(str(cells.get(h, "")) for h in headers), reasons, str(reject.row_number)])
    title = (
        f"{batch.file_name} 中被退回的 {len(rows)} 行：请按「{REASONS_COLUMN}」改正后，"
        "将本表作为新文件导入（最后两列不读）"
    )
    template_write(batch.kind, out, rows, title=title, extra=(REASONS_COLUMN, ROW_COLUMN))
    return len(rows)


def _reject_id(sealed: str, *, reveal: bool) -> str:
    try:
        number = unseal(sealed, REJECT_ID_PURPOSE)
    except PersonalDataError:
        return ""
    if reveal:
        return number
    # A rejected number may be malformed: show its shape, never its digits.
    return id_number_masked(number) if len(number) == 18 else "*" * len(number)


def records_export(kind: str, out: Path, *, area: str | None, reveal_ids: bool) -> int:
    """The records of `kind` as they stand, in the template's layout (area: a county's
    code, or 530100 for the city-level ones; None: all); returns how many rows."""
    template = kind_of(kind)
    rows = list(_ROWS[template](area, reveal_ids))
    template_write(template, out, rows, title=f"{template.label}（导出，可修改后重新导入）")
    return len(rows)


def _in_area(area: str | None) -> Q:
    return Q() if area is None else Q(area_code=area)


def _orgs_rows(area: str | None, reveal_ids: bool) -> Iterable[list[str]]:
    del reveal_ids
    organizations = PartyOrganization.objects.filter(_in_area(area)).select_related("parent")
    for organization in organizations.prefetch_related("coverages").order_by("name"):
        parent = organization.parent.name if organization.parent is not None else ""
        if not parent and organization.parent_body_code:
            body = body_get(organization.parent_body_code)
            parent = body.name if body is not None else ""
        covered = []
        for coverage in sorted(organization.coverages.all(), key=_coverage_order):
            try:
                ref = organization_get(coverage.org_id)
            except RegisterError:
                continue
            text = ref.uscc or ref.name
            joined = coverage.joined_on if coverage.joined_on != organization.founded_on else None
            if coverage.left_on is not None:
                text += f"（{_day(joined)}至{_day(coverage.left_on)}）"
            elif joined is not None:
                text += f"（{_day(joined)}起）"
            covered.append(text)
        committee = organization.has_committee
        yield [
            organization.name,
            organization.get_kind_display(),
            organization.get_mode_display(),
            parent,
            "；".join(covered),
            _day(organization.founded_on),
            _day(organization.dissolved_on),
            "" if committee is None else YES if committee else NO,
            _day(organization.elected_on),
            str(organization.term_years or ""),
        ]


def _coverage_order(coverage: PartyCoverage) -> tuple[str, str]:
    return (_day(coverage.joined_on), coverage.org_id)


def _members_rows(area: str | None, reveal_ids: bool) -> Iterable[list[str]]:
    members = Member.objects.select_related("party_org").order_by("name", "id")
    if area is not None:
        members = members.filter(party_org__area_code=area)
    for member in members:
        yield [
            member.name,
            member.get_sex_display(),
            _id_shown(member.id_sealed, MEMBER_ID_PURPOSE, reveal=reveal_ids),
            _day(member.birth_date),
            _day(member.joined_on),
            member.get_category_display(),
            member.party_org.name if member.party_org is not None else "",
            member.employer_name,
            _day(member.transfer_in_on),
            _day(member.transfer_out_on),
            member.relationship_elsewhere,
            _day(member.full_on),
        ]


def _secretaries_rows(area: str | None, reveal_ids: bool) -> Iterable[list[str]]:
    del reveal_ids
    appointments = SecretaryAppointment.objects.select_related("party_org")
    if area is not None:
        appointments = appointments.filter(party_org__area_code=area)
    for appointment in appointments.order_by("party_org__name", "started_on", "name"):
        yield [
            appointment.party_org.name,
            appointment.name,
            appointment.get_channel_display(),
            appointment.get_title_display(),
            _day(appointment.started_on),
            _day(appointment.ended_on),
        ]


def _instructors_rows(area: str | None, reveal_ids: bool) -> Iterable[list[str]]:
    del reveal_ids
    for instructor in Instructor.objects.order_by("org_id", "started_on", "name"):
        try:
            ref = organization_get(instructor.org_id)
        except RegisterError:
            continue
        if area is not None and ref.county_code != area:
            continue
        yield [
            ref.uscc or ref.name,
            instructor.name,
            instructor.get_channel_display(),
            _day(instructor.started_on),
            _day(instructor.ended_on),
        ]


def _activities_rows(area: str | None, reveal_ids: bool) -> Iterable[list[str]]:
    del reveal_ids
    activities = Activity.objects.select_related("party_org")
    if area is not None:
        activities = activities.filter(party_org__area_code=area)
    for activity in activities.order_by("party_org__name", "held_on", "kind", "topic"):
        yield [
            activity.party_org.name,
            activity.get_kind_display(),
            _day(activity.held_on),
            activity.topic,
            "" if activity.expected is None else str(activity.expected),
            "" if activity.attended is None else str(activity.attended),
        ]


_ROWS = {
    TemplateKind.ORGS: _orgs_rows,
    TemplateKind.MEMBERS: _members_rows,
    TemplateKind.SECRETARIES: _secretaries_rows,
    TemplateKind.INSTRUCTORS: _instructors_rows,
    TemplateKind.ACTIVITIES: _activities_rows,
}
