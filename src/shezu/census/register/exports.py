"""Files out of the register: the record → organization list, the ledger (台账) and the
changes (变动).

An empty register is refused (EmptyRegisterError) rather than written as an empty file:
it nearly always means the wrong database, and an empty ledger looks like a finished one.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import xlsxwriter

from shezu.census.errors import EmptyRegisterError
from shezu.census.labels import FIELD_LABELS
from shezu.census.models import Organization, SourceRecord
from shezu.census.models.register import EventKind
from shezu.census.normalise.divisions import county_by_code
from shezu.census.register.ledger import LedgerRow, ledger_write
from shezu.census.register.queries import Changes
from shezu.census.register.reporting import change_text

CHUNK = 5000


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
    organizations = Organization.objects.filter(active=True).order_by("org_id")
    for start in range(0, organizations.count(), CHUNK):
        chunk = list(organizations[start : start + CHUNK])
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
