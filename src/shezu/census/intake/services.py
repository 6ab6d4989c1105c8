"""Writes of the census context. Every import goes through `batch_import`."""

import csv
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from shezu.census.bulk import rows_insert
from shezu.census.errors import IntakeError
from shezu.census.intake.mapping import (
    Headers,
    SourceMapping,
    column_plan,
    department_check,
    mapping_load,
    table_locate,
)
from shezu.census.intake.readers import file_digest
from shezu.census.intake.rows import RowPlan, chunks_normalise
from shezu.census.models import ImportBatch, RejectedRow, SourceRecord
from shezu.census.normalise.cells import Cell

SUMMARY_REJECTIONS = 1000  # the summary lists this many; the database keeps all

RECORD_COLUMNS = [
    f.name
    for f in SourceRecord._meta.concrete_fields
    if f.name not in {"id", "batch", "organization"}
] + ["batch"]
REJECT_COLUMNS = ["batch", "row_number", "raw", "reasons"]


@dataclass
class Rejection:
    row: int
    reasons: list[tuple[str, str]]


@dataclass
class ImportSummary:
    """What one import did; `as_json` is the contract with scripts written around the CLI."""

    file: str
    department: str
    batch_id: int | None = None
    duplicate_file: bool = False
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    skipped: int = 0
    warnings: dict[str, int] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    sheet: str = ""
    encoding: str = ""
    header_row: int = 0
    mapping: dict[str, Headers] = field(default_factory=dict)
    unmapped_headers: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def batch_import(
    *,
    path: Path,
    department: str,
    as_of: dt.date,
    mapping: SourceMapping | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import one department file as one transaction; a second import of the same file is a no-op.

    Raises IntakeError, with nothing written, for a file, mapping or department that
    cannot be used. Bad rows do not raise: they are kept as rejects with their reasons.
    """
    department_check(department, file=path.name)
    if mapping is not None and mapping.department not in (None, department):
        raise IntakeError(
            f"映射文件属于「{mapping.department}」，与导入时指定的部门「{department}」不符",
            file=path.name,
            field="department",
        )
    summary = ImportSummary(file=path.name, department=department)
    sha256, size = file_digest(path)
    if _duplicate_of(summary, sha256):
        return summary
    located = table_locate(path, mapping)
    plan = column_plan(located.header, mapping, file=path.name)
    summary.sheet, summary.encoding = located.table.sheet, located.table.encoding
    summary.header_row = located.header_row
    summary.mapping, summary.unmapped_headers = plan.as_mapping(), plan.unmapped
    with transaction.atomic():
        try:
            with transaction.atomic():
                batch = ImportBatch.objects.create(
                    department=department,
                    file_name=path.name,
                    file_sha256=sha256,
                    file_size=size,
                    sheet=summary.sheet,
                    encoding=summary.encoding,
                    header_row=summary.header_row,
                    as_of=as_of,
                    mapping=summary.mapping,
                    headers=plan.headers,
                )
        except IntegrityError:
            # Another process imported the same file meanwhile; its unique hash stopped us.
            _duplicate_of(summary, sha256)
            return summary
        row_plan = RowPlan(
            batch_id=batch.pk,
            department=department,
            headers=plan.headers,
            field_index=plan.field_index,
            record_columns=RECORD_COLUMNS,
            phone_columns=plan.phone_columns,
        )
        _rows_store(row_plan, located.data_rows(), summary, on_rows)
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows_read=summary.rows_read,
            accepted=summary.accepted,
            rejected=summary.rejected,
            skipped=summary.skipped,
            warnings=summary.warnings,
        )
    summary.batch_id = batch.pk
    return summary


def _duplicate_of(summary: ImportSummary, sha256: str) -> bool:
    existing = ImportBatch.objects.filter(file_sha256=sha256).values_list("pk", flat=True).first()
    if existing is None:
        return False
    summary.batch_id, summary.duplicate_file = existing, True
    return True


def _rows_store(
    plan: RowPlan,
    rows: Iterator[list[Cell]],
    summary: ImportSummary,
    on_rows: Callable[[int], None] | None,
) -> None:
    warnings: Counter[str] = Counter()
    for chunk in chunks_normalise(plan, rows):
        rows_insert(SourceRecord, plan.record_columns, chunk.records)
        rows_insert(RejectedRow, REJECT_COLUMNS, chunk.rejects)
        summary.rows_read += chunk.rows_read
        summary.accepted += len(chunk.records)
        summary.rejected += len(chunk.rejects)
        summary.skipped += chunk.skipped
        warnings.update(chunk.warnings)
        room = SUMMARY_REJECTIONS - len(summary.rejections)
        summary.rejections.extend(Rejection(row, why) for row, why in chunk.rejections[:room])
        if on_rows:
            on_rows(summary.rows_read)
    summary.warnings = dict(warnings.most_common())


@dataclass(frozen=True)
class ManifestEntry:
    file: Path
    department: str
    mapping: Path | None
    as_of: dt.date


def manifest_read(path: Path) -> list[ManifestEntry]:
    """A bundle of files described by `manifest.csv` (file,department,mapping,as_of)."""
    entries = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=1):
            try:
                entries.append(
                    ManifestEntry(
                        file=path.parent / row["file"],
                        department=row["department"],
                        mapping=path.parent / row["mapping"] if row.get("mapping") else None,
                        as_of=dt.date.fromisoformat(row["as_of"]),
                    )
                )
            except (KeyError, ValueError) as error:
                raise IntakeError(f"清单行无法读取: {error}", file=path.name, row=line) from error
    return entries


def manifest_import(*, manifest: Path, with_mappings: bool = True) -> list[ImportSummary]:
    """Import every file a manifest lists, each as its own batch (and its own transaction)."""
    summaries = []
    for entry in manifest_read(manifest):
        mapping = mapping_load(entry.mapping) if with_mappings and entry.mapping else None
        summaries.append(
            batch_import(
                path=entry.file,
                department=entry.department,
                as_of=entry.as_of,
                mapping=mapping,
            )
        )
    return summaries
