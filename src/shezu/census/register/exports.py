"""Files out of the register: the record → organization list, the ledger (台账) for people,
the register as CSV for other systems, and the changes (变动).

An empty register is refused (EmptyRegisterError) rather than written as an empty file:
it nearly always means the wrong database, and an empty ledger looks like a finished one.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import xlsxwriter

from shezu.census.errors import EmptyRegisterError, RegisterError
from shezu.census.labels import FIELD_LABELS, STATUS_ENDED
from shezu.census.models import Department, Organization, SourceRecord
from shezu.census.models.register import EventKind
from shezu.census.normalise.divisions import county_by_code, township_code, townships
from shezu.census.register.ledger import LedgerRow, ledger_write
from shezu.census.register.queries import Changes
from shezu.census.register.reporting import change_text

CHUNK = 5000
REGISTER_COLUMNS: Final = (
    "org_id", "name", "former_names", "uscc", "org_code", "category", "level",
    "county_code", "county", "township_code", "township", "status", "established_on",
    "deregistered_on", "supervisor", "legal_rep", "sources",
)  # fmt: skip
_DEPARTMENT_ORDER: Final = {department: n for n, department in enumerate(Department.values)}


def links_export(*, out: Path) -> int:
    """`file,row,org_id` per imported record: file = the source file's base name, row its
    1-based data row. A record no run has linked yet gets an empty org_id."""
    if not Organization.objects.exists():
        raise EmptyRegisterError()
    rows = (
        SourceRecord.objects.order_by("batch_id", "row_number")
        .values_list("batch__file_name", "row_number", "organization__org_id")
        .iterator(chunk_size=CHUNK)
    )
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "row", "org_id"])
        for file_name, row, org_id in rows:
            writer.writerow([Path(file_name).name, row, org_id or ""])
            count += 1
    return count


def ledger_export(*, out: Path) -> int:
    """Write the ledger of the active organizations to `out`; return how many."""
    if not Organization.objects.filter(active=True).exists():
        raise EmptyRegisterError()
    return ledger_write(out, _ledger_rows())


def _ledger_rows() -> Iterator[LedgerRow]:
    """CHUNK organizations at a time after the last org_id (an OFFSET rescans the register
    for every chunk: minutes at a province's size)."""
    organizations = Organization.objects.filter(active=True).order_by("org_id")
    last = ""
    while chunk := list(organizations.filter(org_id__gt=last)[:CHUNK]):
        last = chunk[-1].org_id
        sources = _sources({org.pk for org in chunk})
        for org in chunk:
            labels = sources.get(org.pk, [])
            yield LedgerRow(
                org_id=org.org_id,
                golden=org,
                sources=[label for _, label in labels],
                departments=sorted({department for department, _ in labels}),
            )


def _sources(organizations: set[int]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = (
        SourceRecord.objects.filter(organization_id__in=organizations)
        .order_by("batch_id", "row_number")
        .values_list("organization_id", "batch__department", "batch__file_name", "row_number")
    )
    for org, department, file_name, row in rows:
        found[org].append((department, f"{department} {file_name}:{row}"))
    return found


CHANGE_COLUMNS = (
    ("变动类型", 10),
    (FIELD_LABELS["org_id"], 12),
    (FIELD_LABELS["name"], 36),
    ("变化", 60),
    (FIELD_LABELS["as_of"], 12),
    (FIELD_LABELS["county"], 10),
    (FIELD_LABELS["township"], 14),
)


def changes_export(*, changes: Changes, out: Path) -> int:
    """Write every change in the window to one sheet (变动), kind by kind; return the count.

    Text cells are written as text, so an id or a code never turns into a number; the
    data date is a real date, so it sorts and filters.
    """
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("变动")
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.freeze_panes(1, 0)
    for column, (title, width) in enumerate(CHANGE_COLUMNS):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, title, header)
    count = 0
    for count, event in enumerate(changes.each(), start=1):
        organization = event.organization
        county = county_by_code(organization.county_code)
        cells = (
            EventKind(event.kind).label,
            organization.org_id,
            organization.name,
            change_text(event.before, event.after),
        )
        for column, text in enumerate(cells):
            sheet.write_string(count, column, text)
        if event.as_of:
            sheet.write_datetime(count, 4, event.as_of, date)
        sheet.write_string(count, 5, county.name if county else organization.county_code)
        sheet.write_string(count, 6, str((organization.fields or {}).get("township") or ""))
    sheet.autofilter(0, 0, count, len(CHANGE_COLUMNS) - 1)
    workbook.close()
    return count


def register_export(*, out: Path) -> int:
    """The register as CSV for other systems: one row per active organization, by org_id.

    UTF-8 with a BOM, so Excel reads the Chinese; codes exactly as the register holds
    them (a program reads them back unchanged — Excel, opening a CSV, shows an all-digit
    credit code as 9.15E+17, which is what the xlsx ledger is for). Dates ISO; a list is
    joined with ';'. Streamed in chunks by org_id; written to OUT.part first and renamed,
    so a failed export leaves no half file. Returns the number of organizations.
    """
    organizations = Organization.objects.filter(active=True)
    if not organizations.exists():
        raise EmptyRegisterError()
    partial = out.with_name(out.name + ".part")
    count = 0
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(REGISTER_COLUMNS)
            for row in _register_rows():
                writer.writerow(row)
                count += 1
        partial.replace(out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise RegisterError(
            f"{out}：无法写入（{error.strerror or error}）(cannot write the file)"
        ) from error
    return count


def _register_rows() -> Iterator[list[str]]:
    """Rows in the order of REGISTER_COLUMNS, read CHUNK organizations at a time after the
    last org_id (an OFFSET would rescan the register for every chunk)."""
    columns = ("pk", "org_id", "name", "uscc", "org_code", "category", "level", "county_code")
    active = Organization.objects.filter(active=True).order_by("org_id")
    last = ""
    while True:
        chunk = list(
            active.filter(org_id__gt=last).values_list(*columns, "status", "fields")[:CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1][1]
        departments = _departments({row[0] for row in chunk})
        for pk, org_id, name, uscc, org_code, category, level, county, status, fields in chunk:
            yield [
                org_id, name, _joined(fields.get("former_names")), uscc, org_code, category,
                level, county, _county_name(county), _township_code(county, fields.get("township")),
                _text(fields.get("township")), status, _text(fields.get("established_on")),
                _text(fields.get("status_date")) if status in STATUS_ENDED else "",
                _text(fields.get("supervisor")), _text(fields.get("legal_rep")),
                ";".join(departments.get(pk, ())),
            ]  # fmt: skip


def _departments(organizations: set[int]) -> dict[int, list[str]]:
    """Organization → the departments that list it, in the census's order (民政 … 备案)."""
    pairs = (
        SourceRecord.objects.filter(organization_id__in=organizations)
        .values_list("organization_id", "batch__department")
        .order_by()
        .distinct()
    )
    found: dict[int, list[str]] = defaultdict(list)
    for org, department in sorted(pairs, key=lambda pair: _DEPARTMENT_ORDER.get(pair[1], 99)):
        found[org].append(department)
    return found


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _joined(values: Any) -> str:
    return ";".join(str(value) for value in values or ())


def _county_name(code: str) -> str:
    county = county_by_code(code) if code else None
    return county.name if county else ""


def _township_code(county_code: str, township: Any) -> str:
    """The township's 9-digit statistical code (乡镇街道代码; a zone standing for a township
    has one too), looked up in its county, where names are unique; "" when unknown."""
    if not county_code or not township:
        return ""
    in_county = (t.township_code for t in townships(county_code) if t.name == township)
    return next(in_county, "") or township_code(str(township))
