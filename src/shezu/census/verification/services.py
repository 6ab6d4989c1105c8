"""Field verification (分级、分行业核实): tasks out to the field teams, their findings back in.

`tasks_build` opens a task (核实任务) for every register organization with something to
check, `tasks_export` writes one workbook per field team (one per county for county-level
and community organizations, one per supervising unit or industry for city-wide ones),
and `verify_import` reads a returned workbook and applies the findings (实地核实结果) to
the register in one transaction.

When is an organization checked again? A task is opened when the organization has
reasons (flags) and no open task, unless it was verified since it last changed and has
no reason that its last task did not already list: a verification settles the reasons it
was sent out for, but not a new one, and not a later change by a link run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

import xlsxwriter
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from shezu.census.errors import IntakeError
from shezu.census.intake.readers import file_digest, open_table
from shezu.census.models import Organization, OrganizationEvent, Verification, VerificationTask
from shezu.census.models.register import EventKind, VerificationResult
from shezu.census.normalise.cells import Cell, cell_text, clean_text, is_blank
from shezu.census.normalise.dates import parse_date
from shezu.census.normalise.divisions import county_by_code
from shezu.census.normalise.phones import normalise_phones
from shezu.census.register.golden import FIELD_CHECK
from shezu.census.register.golden import FIELD_LABELS as GOLDEN_LABELS

__all__ = [
    "VerifyReport",
    "organization_reasons",
    "tasks_build",
    "tasks_export",
    "tasks_open",
    "verify_import",
]

CITY_LEVEL = "全市性"
LEVEL_ORDER = {"县级": 0, "城乡社区": 1}
HEADER_SEARCH_ROWS = 30
MISSING_PREFIX = "缺少："

# Golden-record fields as a field team reads them.
FIELD_LABELS: Mapping[str, str] = GOLDEN_LABELS
FLAG_REASONS = {
    "weak_link": "关联证据较弱",
    "no_authority_record": "登记机关名单中没有此组织",
    "vanished": "部门最新名单已不再列出此组织",
}

# The export's columns: what the register says, then what the team fills in.
GIVEN_COLUMNS = [
    "组织编号",
    "名称",
    "统一社会信用代码",
    "层级",
    "类型",
    "业务主管单位",
    "区县",
    "乡镇街道",
    "地址",
    "联系电话",
    "法定代表人",
    "核实原因",
]
RESULT_COLUMN, DATE_COLUMN, ID_COLUMN = "核实结果", "核实日期", "组织编号"
VERIFIER_COLUMN, NOTE_COLUMN = "核实人", "备注"
# 更正 column → golden-record field it corrects.
CORRECTION_COLUMNS = {
    "更正名称": "name",
    "更正地址": "address",
    "更正电话": "phones",
    "更正法定代表人": "legal_rep",
}
FILL_COLUMNS = [RESULT_COLUMN, DATE_COLUMN, *CORRECTION_COLUMNS, VERIFIER_COLUMN, NOTE_COLUMN]
EXPORT_COLUMNS = [*GIVEN_COLUMNS, *FILL_COLUMNS]
REQUIRED_COLUMNS = (ID_COLUMN, RESULT_COLUMN, DATE_COLUMN)
STATUS_RESULTS = {
    VerificationResult.STOPPED,
    VerificationResult.NOT_FOUND,
    VerificationResult.DEREGISTERED,
}
# Both mean the team found the organization at work.
FOUND_RESULTS = {VerificationResult.ACTIVE, VerificationResult.CORRECTED}

_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')


# ---------------------------------------------------------------------------
# Tasks


def _text(value: object) -> str:
    """A golden value as a person reads it: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(_text(item) for item in value if item not in (None, ""))
    return str(value)


def _departments_of(provenance: dict[str, Any], name: str, value: object) -> str:
    """The departments whose records gave this value for the field, as 民政/税务."""
    shown = _text(value)
    departments = [
        str(source.get("department") or "")
        for source in provenance.get(name) or []
        if isinstance(source, dict) and _text(source.get("value")) == shown
    ]
    return "/".join(dict.fromkeys(d for d in departments if d))


def _conflict_departments(item: dict[str, Any]) -> str:
    """Departments of a conflict value: golden.py cites sources as ``民政 民政.xlsx:12``."""
    sources = item.get("sources") or item.get("departments") or item.get("department") or []
    if isinstance(sources, str):
        sources = [sources]
    departments = (str(source).split(" ", 1)[0] for source in sources)
    return "/".join(dict.fromkeys(d for d in departments if d))


def _conflict_value(name: str, value: object) -> str:
    if name == "county_code" and isinstance(value, str):
        return _county_name(value)
    return _text(value).replace(",", "、") or "（空）"


def _conflict_reason(conflict: dict[str, Any], provenance: dict[str, Any]) -> str:
    """``电话不一致（民政 0871-65123456；税务 13888888888）``."""
    name = str(conflict.get("field", ""))
    parts = []
    for item in conflict.get("values") or []:
        if isinstance(item, dict):
            value = item.get("value")
            department = _conflict_departments(item) or _departments_of(provenance, name, value)
        else:
            value, department = item, _departments_of(provenance, name, item)
        shown = _conflict_value(name, value)
        parts.append(f"{department} {shown}" if department else shown)
    reason = str(conflict.get("reason") or "").strip() or f"{FIELD_LABELS.get(name, name)}不一致"
    return f"{reason}（{'；'.join(parts)}）" if parts else reason


def organization_reasons(organization: Organization) -> list[str]:
    """Why a field team should check this organization, in Chinese; empty: nothing to check.

    From the linkage's flags: each conflict with the departments' values, the missing
    fields (those the golden record still lacks), a weak link, no registering department.
    """
    flags = list(organization.flags or [])
    conflicts = [c for c in organization.conflicts or [] if isinstance(c, dict)]
    fields = organization.fields or {}
    reasons = [_conflict_reason(c, organization.provenance or {}) for c in conflicts]
    if "conflict" in flags and not conflicts:
        reasons.append("各部门登记信息不一致")
    missing = [name for name in organization.missing or [] if _text(fields.get(name)) == ""]
    if missing:
        reasons.append(MISSING_PREFIX + "、".join(FIELD_LABELS.get(name, name) for name in missing))
    elif "missing" in flags and not organization.missing:
        reasons.append("缺少必填信息")
    for flag in flags:
        if flag in FLAG_REASONS:
            reasons.append(FLAG_REASONS[flag])
        elif flag not in {"conflict", "missing"}:
            reasons.append(f"需核实：{flag}")
    return list(dict.fromkeys(reasons))


def _task_values(organization: Organization, reasons: list[str]) -> dict[str, Any]:
    fields = organization.fields or {}
    supervisor = _text(fields.get("supervisor")).strip()
    # Departments write "无" for no supervising unit (decoupled or never had one).
    industry = supervisor if supervisor not in NO_SUPERVISOR else organization.category
    return {
        "reasons": reasons,
        "county_code": (organization.county_code or _text(fields.get("county_code")))[:6],
        "level": (organization.level or _text(fields.get("level")))[:8],
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

    Returns the number of tasks opened.
    """
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


def tasks_open() -> Iterator[VerificationTask]:
    """Open tasks with their organizations, in the register's order."""
    return (
        VerificationTask.objects.filter(open=True)
        .select_related("organization")
        .order_by("county_code", "organization__org_id")
        .iterator(chunk_size=2000)
    )


# ---------------------------------------------------------------------------
# Export


def _safe_file_part(text: str) -> str:
    """A piece of a file name that is one name on every system: no slashes, no spaces."""
    cleaned = _UNSAFE_IN_FILE_NAME.sub("_", text).strip("._ ")
    return cleaned[:60] or "未分类"


def _workbook_name(task: VerificationTask) -> str:
    if task.level == CITY_LEVEL:
        return f"核实任务_市级_{_safe_file_part(task.industry or '未分行业')}.xlsx"
    county = county_by_code(task.county_code) if task.county_code else None
    return f"核实任务_{_safe_file_part(county.name if county else '区县不明')}.xlsx"


def _county_name(code: str) -> str:
    county = county_by_code(code) if code else None
    return county.name if county else code


def _row_cells(task: VerificationTask) -> list[str]:
    organization = task.organization
    fields = organization.fields or {}
    return [
        organization.org_id,
        organization.name or _text(fields.get("name")),
        organization.uscc or _text(fields.get("uscc")),
        task.level,
        organization.category or _text(fields.get("category")),
        _text(fields.get("supervisor")),
        _county_name(task.county_code),
        _text(fields.get("township")) or _text(fields.get("zone")),
        _text(fields.get("address")),
        _text(fields.get("phones")),
        _text(fields.get("legal_rep")),
        "；".join(task.reasons),
    ]


def _sort_key(task: VerificationTask) -> tuple[int, str, str, str]:
    fields = task.organization.fields or {}
    return (
        LEVEL_ORDER.get(task.level, len(LEVEL_ORDER)),
        task.county_code,
        _text(fields.get("township")),
        task.organization.org_id,
    )


def tasks_export(outdir: Path) -> list[tuple[Path, int]]:
    """Write the open tasks as one workbook per field team; (path, rows) per workbook.

    County-level and community organizations go to their county's
    `核实任务_<区县名>.xlsx`, sorted by level (层级) and township; city-wide ones to
    `核实任务_市级_<业务主管单位或行业>.xlsx`. Everything is written as text; the columns
    the team fills in are highlighted and 核实结果 offers the five results as a list.
    """
    groups: dict[str, list[VerificationTask]] = defaultdict(list)
    for task in tasks_open():
        groups[_workbook_name(task)].append(task)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(groups, key=lambda n: ("_市级_" in n, n)):
        tasks = sorted(groups[name], key=_sort_key)
        path = outdir / name
        _workbook_write(path, [_row_cells(task) for task in tasks])
        written.append((path, len(tasks)))
    return written


def _workbook_write(path: Path, rows: list[list[str]]) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("核实任务")
    given = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    fill_header = workbook.add_format({"bold": True, "bg_color": "#FFD966", "border": 1})
    fill_cell = workbook.add_format({"bg_color": "#FFF2CC", "num_format": "@", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    widths = {"名称": 30, "地址": 34, "核实原因": 44, "统一社会信用代码": 21, "业务主管单位": 20}
    for column, header in enumerate(EXPORT_COLUMNS):
        if header in FILL_COLUMNS:
            sheet.set_column(column, column, 16 if header != NOTE_COLUMN else 24, fill_cell)
        else:
            sheet.set_column(column, column, widths.get(header, 12), text)
    for column, header in enumerate(EXPORT_COLUMNS):
        sheet.write_string(0, column, header, fill_header if header in FILL_COLUMNS else given)
    for number, cells in enumerate(rows, start=1):
        for column, value in enumerate(cells):
            sheet.write_string(number, column, value)
    last = max(len(rows), 1)
    result = EXPORT_COLUMNS.index(RESULT_COLUMN)
    sheet.data_validation(
        1,
        result,
        last,
        result,
        {
            "validate": "list",
            "source": [choice.value for choice in VerificationResult],
            "input_title": RESULT_COLUMN,
            "input_message": "从列表中选择；信息更正须填写至少一项更正",
        },
    )
    date = EXPORT_COLUMNS.index(DATE_COLUMN)
    sheet.data_validation(
        1,
        date,
        last,
        date,
        {
            "validate": "any",
            "input_title": DATE_COLUMN,
            "input_message": "例如 2016-05-20，不能晚于今天",
        },
    )
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(rows), len(EXPORT_COLUMNS) - 1)
    workbook.close()


# ---------------------------------------------------------------------------
# Import


@dataclass
class VerifyReport:
    """What importing one returned sheet did; `rejected` holds (row, field, message).

    Rows are numbered as the user sees them in Excel (or as CSV lines). `skipped` counts
    rows the team left unfilled (no result, date, correction, verifier or note).
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


def _header_key(cell: Cell) -> str:
    return re.sub(r"[\s*＊]", "", clean_text(cell))


def _header_find(head: list[list[Cell]], file: str) -> tuple[int, dict[str, int]]:
    best: tuple[int, dict[str, int]] = (-1, {})
    wanted = {*EXPORT_COLUMNS}
    for index, row in enumerate(head):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = _header_key(cell)
            if key in wanted and key not in columns:
                columns[key] = position
        if all(name in columns for name in REQUIRED_COLUMNS):
            return index, columns
        if len(columns) > len(best[1]):
            best = (index, columns)
    lacking = [name for name in REQUIRED_COLUMNS if name not in best[1]]
    raise IntakeError(
        f"前{HEADER_SEARCH_ROWS}行中找不到核实表的表头：缺少列「{'」「'.join(lacking)}」"
        "(not a returned verification sheet)",
        file=file,
    )


def _cell(row: Sequence[Cell], columns: dict[str, int], name: str) -> Cell:
    position = columns.get(name)
    if position is None or position >= len(row):
        return None
    return row[position]


def _org_id(value: Cell) -> str:
    return clean_text(value).upper().replace(" ", "")


def _organizations_resolve(org_ids: Iterable[str]) -> dict[str, Organization]:
    """org_id → organization, an absorbed one replaced by the one that absorbed it."""
    found = {o.org_id: o for o in Organization.objects.filter(org_id__in=set(org_ids))}
    resolved: dict[str, Organization] = {}
    for org_id, organization in found.items():
        seen = {organization.pk}
        while organization.merged_into_id is not None:
            organization = Organization.objects.get(pk=organization.merged_into_id)
            if organization.pk in seen:  # a cycle would be a linkage bug; stop at it
                break
            seen.add(organization.pk)
        resolved[org_id] = organization
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
    org_id = _org_id(_cell(row, columns, ID_COLUMN))
    organization = organizations.get(org_id)
    if not org_id:
        problems.append((ID_COLUMN, "未填写组织编号"))
    elif organization is None:
        problems.append((ID_COLUMN, f"没有编号为 {org_id} 的社会组织"))
    elif organization.pk in seen:
        problems.append((ID_COLUMN, f"此组织已在本文件第{seen[organization.pk]}行核实过"))

    result = clean_text(_cell(row, columns, RESULT_COLUMN)).replace(" ", "")
    if not result:
        problems.append((RESULT_COLUMN, "未填写核实结果"))
    elif result not in VerificationResult.values:
        allowed = "、".join(VerificationResult.values)
        problems.append((RESULT_COLUMN, f"核实结果应为 {allowed} 之一，而不是「{result}」"))

    verified_on, warning = parse_date(_cell(row, columns, DATE_COLUMN))
    if verified_on is None:
        problems.append((DATE_COLUMN, warning or "未填写核实日期"))
    elif verified_on > today:
        problems.append((DATE_COLUMN, f"核实日期 {verified_on.isoformat()} 晚于今天"))

    corrections: dict[str, str] = {}
    for column, name in CORRECTION_COLUMNS.items():
        value = _cell(row, columns, column)
        if not is_blank(value):
            corrected = _correction_value(column, value, problems)
            if corrected:
                corrections[name] = corrected
    if result == VerificationResult.CORRECTED and not corrections and not problems:
        problems.append(("更正", "信息更正须至少填写一项：" + "、".join(CORRECTION_COLUMNS)))

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
            verifier=clean_text(_cell(row, columns, VERIFIER_COLUMN))[:100],
            note=cell_text(_cell(row, columns, NOTE_COLUMN)).strip(),
        ),
        [],
    )


def _is_unfilled(row: Sequence[Cell], columns: dict[str, int]) -> bool:
    return all(is_blank(_cell(row, columns, name)) for name in FILL_COLUMNS)


def verify_import(path: Path) -> VerifyReport:
    """Apply a field team's returned sheet (xlsx, xls or CSV) to the register.

    Each filled-in row needs a known 组织编号 (an absorbed organization's id stands for
    the one that absorbed it), one of the five 核实结果, a 核实日期 not after today and,
    for 信息更正, at least one 更正 column. Bad rows are reported and skipped; the good
    ones are written in one transaction: a `Verification` each, the organization's status
    or golden fields with the field team's provenance first, a `verified` event, and its
    open task closed. The same file a second time changes nothing (`duplicate_file`).

    Raises IntakeError, with nothing written, for a file that cannot be read.
    """
    report = VerifyReport(file=path.name)
    sha256, _size = file_digest(path)
    if Verification.objects.filter(file_sha256=sha256).exists():
        report.duplicate_file = True
        return report
    table = open_table(path)
    head = list(islice(table.rows, HEADER_SEARCH_ROWS))
    header_index, columns = _header_find(head, path.name)
    # The whole sheet is read before anything is written: a file that breaks halfway
    # leaves the database as it was. Returned sheets are one team's tasks, so this is small.
    first = table.first_row + header_index + 1
    rows = [
        (first + offset, row)
        for offset, row in enumerate(chain(head[header_index + 1 :], table.rows))
        if not all(is_blank(cell) for cell in row)
    ]
    report.rows_read = len(rows)
    filled = []
    for number, row in rows:
        if _is_unfilled(row, columns):
            report.skipped += 1
        else:
            filled.append((number, row))
    today = timezone.localdate()
    try:
        with transaction.atomic():
            organizations = _organizations_lock(
                _org_id(_cell(row, columns, ID_COLUMN)) for _, row in filled
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
    for finding in findings:
        organization = finding.organization
        before, after = _organization_change(organization, finding, file_name)
        organization.save(update_fields=["name", "status", "fields", "provenance", "updated_at"])
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
                before=before,
                after=after,
            )
        )
    Verification.objects.bulk_create(verifications)
    OrganizationEvent.objects.bulk_create(events)
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
        wanted["status"] = finding.result
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
    wanted.update(finding.corrections)

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
