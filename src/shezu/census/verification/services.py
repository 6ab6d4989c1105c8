"""Field verification (分级、分行业核实): tasks out to the field teams, their findings back in.

`tasks_build` opens a task (核实任务) for every register organization with something to
check (`workbooks.tasks_export` writes them out, one workbook per field team), and
`verify_import` reads a returned workbook and applies the findings (实地核实结果) to the
register in one transaction.

When is an organization checked again? A task is opened when the organization has
reasons (flags) and no open task, unless it was verified since it last changed and has
no reason that its last task did not already list: a verification settles the reasons it
was sent out for, but not a new one, and not a later change by a link run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from shezu.census.errors import EmptyRegisterError
from shezu.census.intake.readers import file_digest, open_table
from shezu.census.labels import FOUNDER_KINDS, status_word
from shezu.census.models import Organization, OrganizationEvent, Verification, VerificationTask
from shezu.census.models.register import EventKind, VerificationResult
from shezu.census.normalise.cells import Cell, cell_text, clean_text, is_blank
from shezu.census.normalise.dates import parse_date
from shezu.census.normalise.phones import normalise_phones
from shezu.census.register.conflicts import value_text
from shezu.census.register.golden import FIELD_CHECK, GOLDEN_FIELDS
from shezu.census.register.queries import organization_survivor
from shezu.census.register.services import organization_name_keys_write
from shezu.census.verification.queries import MISSING_PREFIX, organization_reasons
from shezu.census.verification.workbooks import (
    CORRECTION_COLUMNS,
    DATE_COLUMN,
    FOUNDER_KIND_COLUMN,
    HEADER_SEARCH_ROWS,
    ID_COLUMN,
    NOTE_COLUMN,
    RESULT_COLUMN,
    VERIFIER_COLUMN,
    header_find,
    org_id_text,
    row_unfilled,
    sheet_cell,
)

STATUS_RESULTS = {
    VerificationResult.STOPPED,
    VerificationResult.NOT_FOUND,
    VerificationResult.DEREGISTERED,
}
# Both mean the team found the organization at work.
FOUND_RESULTS = {VerificationResult.ACTIVE, VerificationResult.CORRECTED}


# ---------------------------------------------------------------------------
# Tasks


def _task_values(organization: Organization, reasons: list[str]) -> dict[str, Any]:
    fields = organization.fields or {}
    supervisor = value_text(fields.get("supervisor")).strip()
    # Departments write "无" for no supervising unit (decoupled or never had one).
    industry = supervisor if supervisor not in NO_SUPERVISOR else organization.category
    return {
        "reasons": reasons,
        "county_code": (organization.county_code or value_text(fields.get("county_code")))[:6],
        "level": (organization.level or value_text(fields.get("level")))[:8],
        "industry": industry[:40],
    }


NO_SUPERVISOR = frozenset({"", "无", "暂无", "没有", "-", "—", "/"})


def tasks_build() -> int:
    """Open or refresh a verification task for every organization with reasons to check.

    Active, unmerged organizations with reasons (see `organization_reasons`) get one open
    task, whose reasons, county, level and industry (supervising unit, else category)
    follow the register. Open tasks of organizations with nothing left to check, inactive
    or absorbed ones, are closed. An organization verified since its last change is not
    tasked again unless it has a reason its last task did not list. Idempotent.

    Returns the number of tasks opened. Raises EmptyRegisterError when the register has no
    organization at all.
    """
    if not Organization.objects.exists():
        raise EmptyRegisterError()
    now = timezone.now()
    open_tasks = {t.organization_id: t for t in VerificationTask.objects.filter(open=True)}
    last_reasons: dict[int, list[str]] = {}
    for organization_id, reasons in (
        VerificationTask.objects.filter(open=False)
        .order_by("organization_id", "-id")
        .values_list("organization_id", "reasons")
    ):
        last_reasons.setdefault(organization_id, reasons)
    verified_at = _latest_events(OrganizationEvent.objects.filter(kind=EventKind.VERIFIED))
    changed_at = _latest_events(OrganizationEvent.objects.exclude(kind=EventKind.VERIFIED))

    created: list[VerificationTask] = []
    refreshed: list[VerificationTask] = []
    keep: set[int] = set()
    candidates = Organization.objects.filter(active=True, merged_into__isnull=True).only(
        "id",
        "category",
        "level",
        "county_code",
        "fields",
        "provenance",
        "conflicts",
        "missing",
        "flags",
    )
    for organization in candidates.iterator(chunk_size=2000):
        reasons = organization_reasons(organization)
        if not reasons:
            continue
        values = _task_values(organization, reasons)
        task = open_tasks.get(organization.pk)
        if task is not None:
            keep.add(organization.pk)
            if any(getattr(task, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(task, name, value)
                task.updated_at = now
                refreshed.append(task)
            continue
        verified = verified_at.get(organization.pk)
        if (
            verified is not None
            and verified >= changed_at.get(organization.pk, verified)
            and _reason_keys(reasons) <= _reason_keys(last_reasons.get(organization.pk, ()))
        ):
            continue
        created.append(VerificationTask(organization_id=organization.pk, **values))

    closing = [t.pk for t in open_tasks.values() if t.organization_id not in keep]
    with transaction.atomic():
        VerificationTask.objects.bulk_create(created, batch_size=1000)
        VerificationTask.objects.bulk_update(
            refreshed,
            ["reasons", "county_code", "level", "industry", "updated_at"],
            batch_size=1000,
        )
        VerificationTask.objects.filter(pk__in=closing).update(open=False, updated_at=now)
    return len(created)


def _reason_keys(reasons: Iterable[str]) -> set[str]:
    """Reasons to compare tasks by: one per missing field, so that fewer is not new."""
    keys: set[str] = set()
    for reason in reasons:
        if reason.startswith(MISSING_PREFIX):
            keys.update(MISSING_PREFIX + name for name in reason[len(MISSING_PREFIX) :].split("、"))
        else:
            keys.add(reason)
    return keys


def _latest_events(events: QuerySet[OrganizationEvent]) -> dict[int, dt.datetime]:
    """Organization → when its newest event of these happened."""
    rows = events.values("organization_id").annotate(latest=Max("happened_at"))
    return {row["organization_id"]: row["latest"] for row in rows}


# ---------------------------------------------------------------------------
# Export


# ---------------------------------------------------------------------------
# Import


@dataclass
class VerifyReport:
    """What importing one returned sheet did; `rejected` holds (row, field, message).

    Rows are numbered as the user sees them in Excel (or as CSV lines). `skipped` counts
    rows the team left unfilled (no result, date, correction, founder, founder kind,
    verifier or note).
    """

    file: str
    rows_read: int = 0
    applied: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    duplicate_file: bool = False
    skipped: int = 0

    def as_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class _Finding:
    row: int
    organization: Organization
    result: str
    verified_on: dt.date
    corrections: dict[str, str]
    verifier: str
    note: str


def _organizations_resolve(org_ids: Iterable[str]) -> dict[str, Organization]:
    """org_id → organization, an absorbed one replaced by the one that absorbed it."""
    found = {o.org_id: o for o in Organization.objects.filter(org_id__in=set(org_ids))}
    resolved: dict[str, Organization] = {}
    for org_id, organization in found.items():
        resolved[org_id] = organization_survivor(organization)
    return resolved


def _correction_value(column: str, value: Cell, problems: list[tuple[str, str]]) -> str:
    text = clean_text(value)
    if CORRECTION_COLUMNS[column] != "phones":
        return text
    numbers, fragments = normalise_phones(cell_text(value))
    if fragments or not numbers:
        problems.append((column, f"无法识别的电话号码：{'、'.join(fragments) or text}"))
        return ""
    return ",".join(numbers)


def _row_read(
    number: int,
    row: Sequence[Cell],
    columns: dict[str, int],
    organizations: dict[str, Organization],
    seen: dict[int, int],
    today: dt.date,
) -> tuple[_Finding | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    org_id = org_id_text(sheet_cell(row, columns, ID_COLUMN))
    organization = organizations.get(org_id)
    if not org_id:
        problems.append((ID_COLUMN, "未填写组织编号"))
    elif organization is None:
        problems.append((ID_COLUMN, f"没有编号为 {org_id} 的社会组织"))
    elif organization.pk in seen:
        problems.append((ID_COLUMN, f"此组织已在本文件第{seen[organization.pk]}行核实过"))

    result = clean_text(sheet_cell(row, columns, RESULT_COLUMN)).replace(" ", "")
    if not result:
        problems.append((RESULT_COLUMN, "未填写核实结果"))
    elif result not in VerificationResult.values:
        allowed = "、".join(VerificationResult.values)
        problems.append((RESULT_COLUMN, f"核实结果应为 {allowed} 之一，而不是「{result}」"))

    verified_on, warning = parse_date(sheet_cell(row, columns, DATE_COLUMN))
    if verified_on is None:
        problems.append((DATE_COLUMN, warning or "未填写核实日期"))
    elif verified_on > today:
        problems.append((DATE_COLUMN, f"核实日期 {verified_on.isoformat()} 晚于今天"))

    corrections: dict[str, str] = {}
    for column, name in CORRECTION_COLUMNS.items():
        value = sheet_cell(row, columns, column)
        if not is_blank(value):
            corrected = _correction_value(column, value, problems)
            if corrected:
                corrections[name] = corrected
    founder_kind = "".join(clean_text(sheet_cell(row, columns, FOUNDER_KIND_COLUMN)).split())
    if founder_kind and founder_kind not in FOUNDER_KINDS:
        allowed = "、".join(FOUNDER_KINDS)
        problems.append(
            (FOUNDER_KIND_COLUMN, f"举办单位类型应为 {allowed} 之一，而不是「{founder_kind}」")
        )
    elif founder_kind:
        corrections["founder_kind"] = founder_kind
    if result == VerificationResult.CORRECTED and not corrections and not problems:
        noted = "、".join([*CORRECTION_COLUMNS, FOUNDER_KIND_COLUMN])
        problems.append(("更正", f"信息更正须至少填写一项：{noted}"))

    if problems or organization is None or verified_on is None:
        return None, problems
    seen[organization.pk] = number
    return (
        _Finding(
            row=number,
            organization=organization,
            result=result,
            verified_on=verified_on,
            corrections=corrections,
            verifier=clean_text(sheet_cell(row, columns, VERIFIER_COLUMN))[:100],
            note=cell_text(sheet_cell(row, columns, NOTE_COLUMN)).strip(),
        ),
        [],
    )


def verify_import(path: Path) -> VerifyReport:
    """Apply a field team's returned sheet (xlsx, xls or CSV) to the register.

    Each filled-in row needs a known 组织编号 (an absorbed organization's id stands for
    the one that absorbed it), one of the five 核实结果, a 核实日期 not after today and,
    for 信息更正, at least one 更正 column, 举办单位 or 举办单位类型. A row with only a
    举办单位 or 举办单位类型 still needs its result and date: the visit is what vouches
    for it. 举办单位 corrects the golden record as the 更正 columns do; 举办单位类型 must
    be one of `FOUNDER_KINDS` and is kept in the verification's corrections only.

    Bad rows are reported and skipped; the good ones are written in one transaction: a
    `Verification` each, the organization's status or golden fields with the field team's
    provenance first, a `verified` event, and its open task closed. The same file a second
    time changes nothing (`duplicate_file`).

    Raises IntakeError, with nothing written, for a file that cannot be read.
    """
    report = VerifyReport(file=path.name)
    sha256, _size = file_digest(path)
    if Verification.objects.filter(file_sha256=sha256).exists():
        report.duplicate_file = True
        return report
    # The whole sheet is read before anything is written: a file that breaks halfway
    # leaves the database as it was. Returned sheets are one team's tasks, so this is small.
    rows, columns = _sheet_rows(path)
    report.rows_read = len(rows)
    filled = []
    for number, row in rows:
        if row_unfilled(row, columns):
            report.skipped += 1
        else:
            filled.append((number, row))
    today = timezone.localdate()
    try:
        with transaction.atomic():
            organizations = _organizations_lock(
                org_id_text(sheet_cell(row, columns, ID_COLUMN)) for _, row in filled
            )
            seen: dict[int, int] = {}
            findings = []
            for number, row in filled:
                finding, problems = _row_read(number, row, columns, organizations, seen, today)
                report.rejected.extend((number, name, message) for name, message in problems)
                if finding is not None:
                    findings.append(finding)
            _findings_apply(findings, file_name=path.name, sha256=sha256)
            report.applied = len(findings)
    except IntegrityError:
        # Another process imported the same file meanwhile: its rows stopped ours.
        if not Verification.objects.filter(file_sha256=sha256).exists():
            raise
        return VerifyReport(file=path.name, duplicate_file=True)
    return report


def _sheet_rows(path: Path) -> tuple[list[tuple[int, list[Cell]]], dict[str, int]]:
    """The sheet's non-blank rows below the header, numbered as Excel shows them, and
    the header's columns. Raises IntakeError for a file that cannot be read."""
    table = open_table(path)
    head = list(islice(table.rows, HEADER_SEARCH_ROWS))
    header_index, columns = header_find(head, path.name)
    first = table.first_row + header_index + 1
    rows = [
        (first + offset, row)
        for offset, row in enumerate(chain(head[header_index + 1 :], table.rows))
        if not all(is_blank(cell) for cell in row)
    ]
    return rows, columns


def sheet_organizations(path: Path) -> list[tuple[int, str, Organization | None]]:
    """Who a returned sheet names, read nothing written: (row, 组织编号, organization)
    for every non-blank row, an absorbed organization replaced by the one that absorbed
    it, None for an unknown or missing id. Raises IntakeError for a file that cannot be
    read. Lets a caller check the rows against a user's area before `verify_import`."""
    rows, columns = _sheet_rows(path)
    ids = [(number, org_id_text(sheet_cell(row, columns, ID_COLUMN))) for number, row in rows]
    resolved = _organizations_resolve(org_id for _, org_id in ids if org_id)
    return [(number, org_id, resolved.get(org_id)) for number, org_id in ids]


def _organizations_lock(org_ids: Iterable[str]) -> dict[str, Organization]:
    """org_id → organization (absorbed ones resolved), locked in primary-key order."""
    resolved = _organizations_resolve(org_ids)
    locked = Organization.objects.select_for_update().filter(
        pk__in={o.pk for o in resolved.values()}
    )
    fresh = {o.pk: o for o in locked.order_by("pk")}
    return {org_id: fresh[o.pk] for org_id, o in resolved.items()}


def _findings_apply(findings: list[_Finding], *, file_name: str, sha256: str) -> None:
    now = timezone.now()
    verifications = []
    events = []
    renamed = []
    for finding in findings:
        organization = finding.organization
        before, after = _organization_change(organization, finding, file_name)
        organization.save(update_fields=["name", "status", "fields", "provenance", "updated_at"])
        if "name" in after or "former_names" in after:
            renamed.append(organization)
        verifications.append(
            Verification(
                organization=organization,
                result=finding.result,
                verified_on=finding.verified_on,
                corrections=finding.corrections,
                verifier=finding.verifier,
                note=finding.note,
                file_name=file_name[:255],
                row_number=finding.row,
                file_sha256=sha256,
            )
        )
        events.append(
            OrganizationEvent(
                organization=organization,
                kind=EventKind.VERIFIED,
                happened_at=now,
                as_of=finding.verified_on,
                before=before,
                after=after,
            )
        )
    Verification.objects.bulk_create(verifications)
    OrganizationEvent.objects.bulk_create(events)
    organization_name_keys_write(organizations=renamed)
    VerificationTask.objects.filter(
        organization__in=[f.organization.pk for f in findings], open=True
    ).update(open=False, updated_at=now)


def _organization_change(
    organization: Organization, finding: _Finding, file_name: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Apply one finding to the organization in memory; (before, after) of changed fields."""
    fields = dict(organization.fields or {})
    when = finding.verified_on.isoformat()
    wanted: dict[str, Any] = {}
    if finding.result in STATUS_RESULTS:
        wanted["status"] = status_word(finding.result)
        wanted["status_date"] = when
    if finding.result in FOUND_RESULTS:
        wanted["verified_on"] = when
    corrected_name = finding.corrections.get("name")
    old_name = fields.get("name") or organization.name
    if corrected_name and old_name and corrected_name != old_name:
        # The name departments still use is kept, so later files under it still link.
        former = fields.get("former_names") or []
        former = [former] if isinstance(former, str) else list(former)
        if old_name not in former:
            wanted["former_names"] = [old_name, *former]
    # 举办单位类型 stays in the verification's corrections: no golden field holds it.
    wanted.update((k, v) for k, v in finding.corrections.items() if k in GOLDEN_FIELDS)

    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    provenance = dict(organization.provenance or {})
    for name, value in wanted.items():
        if fields.get(name) == value:
            continue
        before[name], after[name] = fields.get(name), value
        fields[name] = value
        source = {
            "value": value,
            "department": FIELD_CHECK,
            "file": file_name,
            "row": finding.row,
            "as_of": when,
            "record_id": None,
        }
        provenance[name] = [source, *(provenance.get(name) or [])]
    organization.fields = fields
    organization.provenance = provenance
    if "status" in after:
        organization.status = after["status"]
    if "name" in after:
        organization.name = after["name"]
    return before, after
