"""The classification workbook (分类补充信息表): what the register does not know about an
organization's founder (举办单位), supervising unit (业务主管单位) and field (行业类型),
asked of the counties and taken back as facts (补充信息).

`facts_template` writes the workbooks, one per county, listing the organizations whose
classification lacks a field, or a founder where founders decide who answers for it (属资,
谁举办谁负责). `facts_import` reads a returned workbook and stores one `OrganizationFact`
per row the county filled in; the classifier (`classification.classify`) prefers these
facts to the departments' lists.

The template pre-fills what the register already says, so a clerk corrects rather than
retypes. A pre-filled value sent back unchanged is therefore no statement: only a cell
that differs from what the classification says now becomes a fact, and a row with
nothing new is skipped. Otherwise an untouched copy of today's lists would outrank every
later list as "the county said so".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Final

import xlsxwriter
from django.db import IntegrityError, transaction
from django.utils import timezone

from shezu.affiliation import vocabulary as v
from shezu.affiliation.classification import ClassificationResult
from shezu.affiliation.errors import AffiliationError
from shezu.affiliation.models import OrganizationFact
from shezu.affiliation.queries import classifications_current
from shezu.census.api import (
    CITY_CODE,
    Cell,
    IntakeError,
    OrganizationRecord,
    OrganizationRef,
    RegisterError,
    clean_text,
    counties,
    county_by_code,
    file_digest,
    is_blank,
    open_table,
    organization_find,
    organization_get,
    organizations_search,
    same_name,
    townships,
    zones,
)

__all__ = ["HEADERS", "FactsReport", "facts_import", "facts_template"]

ID_COLUMN: Final = "组织编号"
NAME_COLUMN: Final = "名称"
USCC_COLUMN: Final = "统一社会信用代码"
NOTE_COLUMN: Final = "备注"
# Fill-in column → the fact's attribute.
FACT_COLUMNS: Final[Mapping[str, str]] = {
    v.ATTRIBUTE_LABELS["founder"]: "founder",
    v.ATTRIBUTE_LABELS["founder_kind"]: "founder_kind",
    v.ATTRIBUTE_LABELS["supervisor"]: "supervisor",
    v.ATTRIBUTE_LABELS["field"]: "field",
}
HEADERS: Final = (ID_COLUMN, NAME_COLUMN, USCC_COLUMN, *FACT_COLUMNS, NOTE_COLUMN)
FILL_COLUMNS: Final = (*FACT_COLUMNS, NOTE_COLUMN)
# A row is matched by the first of these it has.
IDENTITY_COLUMNS: Final = (ID_COLUMN, USCC_COLUMN, NAME_COLUMN)
HEADER_SEARCH_ROWS: Final = 30
# Registered forms that have a founder, and whose founder may answer for them (属资).
FOUNDED_FORMS: Final = frozenset({v.SOCIAL_GROUP, v.PRIVATE_NON_ENTERPRISE, v.FOUNDATION})
# The units a county may state there is none of (写“无”).
UNIT_ATTRIBUTES: Final = ("founder", "supervisor")
UNIT_MAX_LENGTH: Final = 200  # OrganizationFact.founder / .supervisor

CITY_WORKBOOK: Final = "市级"
UNKNOWN_COUNTY: Final = "区县不明"
SHEET: Final = "分类补充信息"
# Rows below the data that keep the drop-downs, for organizations a county adds.
SPARE_ROWS: Final = 100


# ---------------------------------------------------------------------------
# Template


@dataclass(frozen=True)
class _Area:
    """What `--area` selects: the city-wide organizations, a county's or a township's."""

    code: str
    name: str
    county: str = ""  # the county's code, for a county or a township
    township: str = ""  # the township's (or zone's) name
    zone: bool = False


def facts_template(out: Path, area: str | None = None) -> list[tuple[Path, int]]:
    """Write the classification workbooks (分类补充信息表); (path, rows) per workbook.

    Lists every active organization (in scope or not) whose classification has no field,
    or that is a registered 社会团体, 民办非企业单位 or 基金会 with no known founder. A
    founder or supervising unit a county stated to be none (无) counts as known.

    Without `area`: `<stem>_<区县名>.xlsx` for each county with organizations to list,
    `<stem>_市级.xlsx` for the city-wide (全市性) ones and `<stem>_区县不明.xlsx` for those
    with no county, next to `out`. With `area`: only 530100's (the city-wide ones), a
    county's (6 digits) or a township's or management zone's (9 digits), in `out` itself,
    even when none is listed; the city-wide ones never appear under a county or township.
    Rows sorted by county, township and 组织编号.

    Raises AffiliationError for an area that is none of these.
    """
    wanted = _area(area) if area is not None else None
    groups: dict[str, list[tuple[OrganizationRecord, ClassificationResult]]] = defaultdict(list)
    for record, result in classifications_current():
        group = _group(record, result)
        if _listed(result) and (wanted is None or _in_area(record, group, wanted)):
            groups[group].append((record, result))
    for rows in groups.values():
        rows.sort(key=lambda pair: (pair[0].county_code, pair[0].township, pair[0].org_id))
    today = timezone.localdate()
    out.parent.mkdir(parents=True, exist_ok=True)
    if wanted is not None:
        rows = groups[wanted.county or CITY_CODE]
        _workbook_write(out, wanted.name, rows, today)
        return [(out, len(rows))]
    names = {county.code: county.name for county in counties()}
    written = []
    for group in sorted(groups, key=_group_order):
        name = names.get(group) or (CITY_WORKBOOK if group == CITY_CODE else UNKNOWN_COUNTY)
        path = out.with_name(f"{out.stem}_{name}.xlsx")
        title = "全市性社会组织" if group == CITY_CODE else name
        _workbook_write(path, title, groups[group], today)
        written.append((path, len(groups[group])))
    return written


def _listed(result: ClassificationResult) -> bool:
    if _unknown(result, "field"):
        return True
    return result.legal_form in FOUNDED_FORMS and _unknown(result, "founder")


def _unknown(result: ClassificationResult, attribute: str) -> bool:
    """No value, and nobody said there is none."""
    return result.value(attribute) == "" and attribute not in result.evidence


def _group(record: OrganizationRecord, result: ClassificationResult) -> str:
    """The workbook an organization goes to: 530100, its county's code, or "" (unknown)."""
    if result.level == v.CITY_WIDE:
        return CITY_CODE
    county = county_by_code(record.county_code) if record.county_code else None
    return county.code if county is not None else ""


def _group_order(group: str) -> tuple[int, str]:
    """The city's workbook first, then the counties by code, the unknown one last."""
    return (0 if group == CITY_CODE else 2 if not group else 1, group)


def _area(code: str) -> _Area:
    code = code.strip()
    if code == CITY_CODE:
        return _Area(code, "全市性社会组织")
    county = county_by_code(code[:6]) if code.isdigit() and len(code) in (6, 9) else None
    zone_codes = {zone.code for zone in zones() if zone.code}
    if county is not None and len(code) == 6 and code not in zone_codes:
        return _Area(code, county.name, county=county.code)
    if county is not None and len(code) == 9:
        for township in townships(county.code):
            if township.township_code == code:
                return _Area(code, township.name, county=county.code, township=township.name)
        for zone in zones():
            if zone.township_code == code:
                return _Area(code, zone.name, county=county.code, township=zone.name, zone=True)
    raise AffiliationError(
        f"区划代码「{code}」不是昆明市（530100）、区县（6位）或乡镇街道（9位）的代码 "
        "(not a Kunming area code)"
    )


def _in_area(record: OrganizationRecord, group: str, area: _Area) -> bool:
    if area.code == CITY_CODE:
        return group == CITY_CODE
    if group != area.county:
        return False
    if not area.township:
        return True
    return (record.zone if area.zone else record.township) == area.township


def _known(result: ClassificationResult | None, attribute: str) -> str:
    """What the workbook pre-fills for an attribute: the value, 无 for a unit a county
    said is none, "" when unknown."""
    if result is None:
        return ""
    value = result.value(attribute)
    if not value and attribute in UNIT_ATTRIBUTES and attribute in result.evidence:
        return v.NONE_STATED
    return value


def _row_cells(record: OrganizationRecord, result: ClassificationResult) -> list[str]:
    return [
        record.org_id,
        record.name,
        record.uscc,
        *(_known(result, attribute) for attribute in FACT_COLUMNS.values()),
        "",
    ]


_WIDTHS: Final[Mapping[str, int]] = {
    ID_COLUMN: 12,
    NAME_COLUMN: 34,
    USCC_COLUMN: 21,
    v.ATTRIBUTE_LABELS["founder"]: 28,
    v.ATTRIBUTE_LABELS["founder_kind"]: 14,
    v.ATTRIBUTE_LABELS["supervisor"]: 26,
    v.ATTRIBUTE_LABELS["field"]: 16,
    NOTE_COLUMN: 30,
}
_LISTS: Final[Mapping[str, tuple[str, ...]]] = {
    v.ATTRIBUTE_LABELS["founder_kind"]: v.FOUNDER_KINDS,
    v.ATTRIBUTE_LABELS["field"]: v.FIELDS,
}


def _title(area_name: str, today: dt.date) -> str:
    return (
        f"分类补充信息表（{area_name}，{today.isoformat()} 导出）：请核对黄色各列——举办单位、"
        "举办单位类型、业务主管单位、行业类型；已填的是名录现有信息，不对的直接改，空着的请补上；"
        "没有举办单位或业务主管单位的写“无”；组织编号、名称、统一社会信用代码请勿改动。"
    )


def _workbook_write(
    path: Path,
    area_name: str,
    rows: Sequence[tuple[OrganizationRecord, ClassificationResult]],
    today: dt.date,
) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet(SHEET)
    title = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    given_header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    fill_header = workbook.add_format({"bold": True, "bg_color": "#FFD966", "border": 1})
    fill_cell = workbook.add_format({"bg_color": "#FFF2CC", "num_format": "@", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for column, header in enumerate(HEADERS):
        fill = header in FILL_COLUMNS
        sheet.set_column(column, column, _WIDTHS[header], fill_cell if fill else text)
    sheet.merge_range(0, 0, 0, len(HEADERS) - 1, _title(area_name, today), title)
    sheet.set_row(0, 48)
    for column, header in enumerate(HEADERS):
        sheet.write_string(
            1, column, header, fill_header if header in FILL_COLUMNS else given_header
        )
    for number, (record, result) in enumerate(rows, start=2):
        for column, value in enumerate(_row_cells(record, result)):
            if value:  # an unknown stays an empty cell, not an empty string
                sheet.write_string(number, column, value)
    last = len(rows) + 1 + SPARE_ROWS
    for header, choices in _LISTS.items():
        column = HEADERS.index(header)
        sheet.data_validation(
            2,
            column,
            last,
            column,
            {
                "validate": "list",
                "source": list(choices),
                "input_title": header,
                "input_message": "从列表中选择",
                # A synonym typed by hand (民非, 国企 …) is still read: warn, do not refuse.
                "error_type": "warning",
            },
        )
    sheet.freeze_panes(2, 2)
    sheet.autofilter(1, 0, len(rows) + 1, len(HEADERS) - 1)
    workbook.close()


# ---------------------------------------------------------------------------
# Import


@dataclass
class FactsReport:
    """What importing one returned workbook did; `rejected` and `warnings` hold (row,
    column, message).

    Rows are numbered as Excel shows them (or as CSV lines). `skipped` counts rows with
    nothing new: no fill-in column filled, or only with what the register already says.
    """

    file: str
    rows_read: int = 0
    applied: int = 0
    skipped: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)
    duplicate_file: bool = False

    def as_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class _Row:
    number: int
    organization: OrganizationRef
    found_by: str  # the column that identified it
    values: dict[str, str]  # attribute → value as stored
    note: str


def facts_import(path: Path) -> FactsReport:
    """Store what a county wrote in a returned classification workbook (xlsx, xls or CSV).

    The header is found among the first 30 rows by its column names, wherever the county
    moved them; it needs one of 组织编号, 统一社会信用代码 and 名称. Each row is matched by
    组织编号 (an absorbed id stands for the organization that absorbed it), else by its
    credit code, else by its name; a row that matches no organization or several is
    rejected naming that column. 举办单位类型 and 行业类型 must be on their lists
    (synonyms such as 民非 or 国企 are folded); a value off the list rejects the row.

    A 举办单位 or 业务主管单位 written as 无 (or 没有, 暂无, / …) is stored as the literal
    无: the county states there is none, which the classifier sets against the
    departments' lists (a decoupled trade association still listed under its old organ),
    while a blank cell says nothing. Only what differs from the classification as it
    stands is stored (see the module's docstring); a row with nothing new, or none of
    举办单位, 举办单位类型, 业务主管单位, 行业类型 and 备注 filled, is skipped. A 名称 that
    differs from the register's for a row matched by a code is a warning, not a
    rejection; an organization given twice in the file takes its later row, with a warning.

    The accepted rows are written in one transaction, one `OrganizationFact` each. The
    same file a second time writes nothing (`duplicate_file`). Raises IntakeError, with
    nothing written, for a file that cannot be read or has no such header.
    """
    report = FactsReport(file=path.name)
    sha256, _size = file_digest(path)
    if OrganizationFact.objects.filter(file_sha256=sha256).exists():
        report.duplicate_file = True
        return report
    table = open_table(path)
    head = list(islice(table.rows, HEADER_SEARCH_ROWS))
    header_index, columns = _header_find(head, path.name)
    # The whole sheet is read before anything is written: a file that breaks halfway
    # leaves the database as it was. A county's workbook is a few thousand rows at most.
    first = table.first_row + header_index + 1
    rows = [
        (first + offset, row)
        for offset, row in enumerate(chain(head[header_index + 1 :], table.rows))
        if not all(is_blank(cell) for cell in row)
    ]
    report.rows_read = len(rows)
    try:
        with transaction.atomic():
            accepted = _rows_read(rows, columns, report)
            facts = _facts_new(accepted, report, file_name=path.name, sha256=sha256)
            OrganizationFact.objects.bulk_create(facts)
            report.applied = len(facts)
    except IntegrityError:
        # Another process imported the same file meanwhile: its rows stopped ours.
        if not OrganizationFact.objects.filter(file_sha256=sha256).exists():
            raise
        return FactsReport(file=path.name, duplicate_file=True)
    return report


def _header_key(cell: Cell) -> str:
    return re.sub(r"[\s*＊]", "", clean_text(cell))


def _header_find(head: list[list[Cell]], file: str) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(head):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = _header_key(cell)
            if key in HEADERS and key not in columns:
                columns[key] = position
        if set(IDENTITY_COLUMNS) & set(columns) and set(FILL_COLUMNS) & set(columns):
            return index, columns
    raise IntakeError(
        f"前{HEADER_SEARCH_ROWS}行中找不到分类补充信息表的表头：需有「组织编号」「统一社会信用代码」"
        "或「名称」之一，以及「举办单位」「举办单位类型」「业务主管单位」「行业类型」「备注」之一 "
        "(not a classification workbook)",
        file=file,
    )


def _cell(row: Sequence[Cell], columns: Mapping[str, int], name: str) -> str:
    position = columns.get(name)
    if position is None or position >= len(row):
        return ""
    return clean_text(row[position])


_NOTE_IN_BRACKETS = re.compile(r"[（(][^（()）]*[)）]$")


def _rows_read(
    rows: Iterable[tuple[int, Sequence[Cell]]], columns: Mapping[str, int], report: FactsReport
) -> list[_Row]:
    """The rows that name an organization and give valid values; the others reported."""
    accepted = []
    for number, row in rows:
        cells = {name: _cell(row, columns, name) for name in HEADERS}
        if not any(cells[name] for name in FILL_COLUMNS):
            report.skipped += 1
            continue
        problems: list[tuple[str, str]] = []
        notes: list[tuple[str, str]] = []
        found = _organization_find(cells, problems, notes)
        values: dict[str, str] = {}
        for column, attribute in FACT_COLUMNS.items():
            value = _value(column, attribute, cells[column], problems)
            if value:
                values[attribute] = value
        report.rejected.extend((number, column, message) for column, message in problems)
        if found is None or problems:
            continue
        organization, found_by = found
        accepted.append(_Row(number, organization, found_by, values, cells[NOTE_COLUMN]))
        report.warnings.extend((number, column, message) for column, message in notes)
        # A clerk's note in brackets (社会服务机构, 原…) is not part of the name.
        typed = _NOTE_IN_BRACKETS.sub("", "".join(cells[NAME_COLUMN].split()))
        if found_by != NAME_COLUMN and typed and not same_name(typed, organization.name):
            report.warnings.append(
                (
                    number,
                    NAME_COLUMN,
                    f"名称「{cells[NAME_COLUMN]}」与名录中的「{organization.name}」不同，"
                    f"已按{found_by}记录",
                )
            )
        if not organization.active:
            report.warnings.append(
                (number, found_by, f"{organization.org_id} 已不在名录中（各部门名单都已不再列出）")
            )
    return accepted


def _organization_find(
    cells: Mapping[str, str], problems: list[tuple[str, str]], notes: list[tuple[str, str]]
) -> tuple[OrganizationRef, str] | None:
    """The organization the row names, and the column that found it.

    组织编号 decides when given. A credit code the register does not hold may be the
    register's mistake as well as the clerk's (a department mistyped it, or listed none),
    so the name is tried next, and a match by name is kept with a note saying the codes
    differ. A name is taken as written, as normalised or as a former name; failing those,
    by its core name when that finds exactly one organization of a compatible region
    (昆明市五华区东诚体育俱乐部 for 东诚体育俱乐部), again with a note.
    """
    if org_id := cells[ID_COLUMN]:
        try:
            return organization_get(org_id), ID_COLUMN
        except RegisterError:
            problems.append((ID_COLUMN, f"没有编号为 {org_id} 的社会组织"))
            return None
    uscc, name = cells[USCC_COLUMN], cells[NAME_COLUMN]
    if uscc:
        found = organization_find(uscc=uscc)
        if found is not None:
            return found, USCC_COLUMN
    if name:
        found, by_core = _by_name(name)
        if found is not None:
            if uscc:
                held = found.uscc or "（无）"
                said = f"名录中没有统一社会信用代码 {uscc}；按名称找到 {found.org_id}"
                notes.append((USCC_COLUMN, f"{said}，其代码为 {held}，请核对"))
            elif by_core:
                notes.append(
                    (NAME_COLUMN, f"按核心名称找到 {found.org_id}「{found.name}」，请核对")
                )
            return found, NAME_COLUMN
    if uscc:
        problems.append((USCC_COLUMN, f"名录中没有唯一一个统一社会信用代码为 {uscc} 的社会组织"))
    elif name:
        problems.append(
            (NAME_COLUMN, f"名录中没有唯一一个名为「{name}」的社会组织，请填写组织编号")
        )
    else:
        problems.append((ID_COLUMN, "未填写组织编号、统一社会信用代码或名称"))
    return None


def _by_name(name: str) -> tuple[OrganizationRef | None, bool]:
    """(the one organization the name finds, whether only its core name did)."""
    found = organization_find(name=name)
    if found is not None:
        return found, False
    searched = organizations_search(name, limit=2)
    return (searched[0], True) if len(searched) == 1 else (None, False)


def _value(column: str, attribute: str, text: str, problems: list[tuple[str, str]]) -> str:
    """The value to store for a cell; "" for a blank one (problems noted)."""
    if not text:
        return ""
    if attribute in UNIT_ATTRIBUTES:
        if "".join(text.split()) in v.NO_UNIT:
            return v.NONE_STATED
        if len(text) > UNIT_MAX_LENGTH:
            problems.append((column, f"{column}过长（超过{UNIT_MAX_LENGTH}字）"))
            return ""
        return v.attribute_value(attribute, text) or ""
    value = v.attribute_value(attribute, text)
    if value is None:
        allowed = "、".join(v.ATTRIBUTE_VALUES[attribute])
        problems.append((column, f"{column}应为 {allowed} 之一，而不是「{text}」"))
        return ""
    return value


def _facts_new(
    rows: list[_Row], report: FactsReport, *, file_name: str, sha256: str
) -> list[OrganizationFact]:
    """One fact per organization with something new: its last row in the file, the
    values the classification does not already hold."""
    org_ids = sorted({row.organization.org_id for row in rows})
    by_id = {record.org_id: result for record, result in classifications_current(org_ids)}
    latest: dict[str, _Row] = {}
    for row in rows:
        result = by_id.get(row.organization.org_id)
        row.values = {
            attribute: value
            for attribute, value in row.values.items()
            if value != _known(result, attribute)
        }
        if not row.values and not row.note:
            report.skipped += 1
            continue
        earlier = latest.pop(row.organization.org_id, None)
        if earlier is not None:
            report.warnings.append(
                (row.number, row.found_by, f"此组织已在本文件第{earlier.number}行填写，以本行为准")
            )
        latest[row.organization.org_id] = row
    now = timezone.now()
    return [
        OrganizationFact(
            org_id=row.organization.org_id,
            founder=row.values.get("founder", ""),
            founder_kind=row.values.get("founder_kind", ""),
            supervisor=row.values.get("supervisor", ""),
            field=row.values.get("field", ""),
            note=row.note,
            file_name=file_name[:255],
            row_number=row.number,
            file_sha256=sha256,
            recorded_at=now,
        )
        for row in sorted(latest.values(), key=lambda row: row.number)
    ]
