"""Files out of the register: the record → organization list and the ledger (台账)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from shezu.census.models import Organization, SourceRecord
from shezu.census.register.ledger import LedgerRow, ledger_write

CHUNK = 5000


def links_export(*, out: Path) -> int:
    """`file,row,org_id` per imported record: file = the source file's base name, row its
    1-based data row. A record no run has linked yet gets an empty org_id."""
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
