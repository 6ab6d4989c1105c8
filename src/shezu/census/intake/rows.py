"""Rows of a file → rows ready to insert, a chunk at a time, with the counts the summary needs.

Django-free: the plan carries the table's column order, so this can run anywhere
(a worker process was tried and measured no faster on two cores; see ADR 0001).
"""

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from shezu.census.intake.readers import UndecodedRow
from shezu.census.normalise.cells import Cell, cell_text, is_blank
from shezu.census.normalise.record import is_totals_row, normalise_row

CHUNK_ROWS = 2000
JSON_COLUMNS = frozenset({"raw", "warnings", "township_candidates"})


@dataclass(frozen=True)
class RowPlan:
    """Everything a worker needs to turn rows into table rows."""

    batch_id: int
    department: str
    headers: list[str]
    field_index: dict[str, int]
    record_columns: list[str]
    phone_columns: tuple[int, ...] = ()  # several phone columns, combined in this order


@dataclass
class ChunkResult:
    records: list[list[object]] = field(default_factory=list)
    rejects: list[list[object]] = field(default_factory=list)
    rows_read: int = 0
    skipped: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    rejections: list[tuple[int, list[tuple[str, str]]]] = field(default_factory=list)


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def raw_cells(headers: list[str], cells: list[Cell]) -> dict[str, str]:
    """The row as sent, by header; a filled cell past the last header is kept as 第N列."""
    raw = {header: cell_text(cell) for header, cell in zip(headers, cells, strict=False)}
    for position in range(len(headers), len(cells)):
        if not is_blank(cells[position]):
            raw[f"第{position + 1}列"] = cell_text(cells[position])
    return raw


def chunk_normalise(plan: RowPlan, numbered_rows: list[tuple[int, list[Cell]]]) -> ChunkResult:
    result = ChunkResult(rows_read=len(numbered_rows))
    headers, field_index, phone_columns = plan.headers, plan.field_index, plan.phone_columns
    for row_number, cells in numbered_rows:
        if isinstance(cells, UndecodedRow):
            reasons = [("encoding", cells.reason)]
            raw = raw_cells(headers, cells)
            result.rejects.append([plan.batch_id, row_number, json_text(raw), json_text(reasons)])
            result.rejections.append((row_number, reasons))
            continue
        if all(is_blank(cell) for cell in cells) or is_totals_row(cells):
            result.skipped += 1
            continue
        width = len(cells)
        raw = raw_cells(headers, cells)
        values = {name: cells[i] if i < width else None for name, i in field_index.items()}
        if phone_columns:
            values["phone"] = ",".join(
                cell_text(cells[i]) for i in phone_columns if i < width and not is_blank(cells[i])
            )
        outcome = normalise_row(values, department=plan.department)
        if outcome.rejections:
            result.rejects.append(
                [plan.batch_id, row_number, json_text(raw), json_text(outcome.rejections)]
            )
            result.rejections.append((row_number, outcome.rejections))
            continue
        result.warnings.update(name for name, _ in outcome.warnings)
        outcome.values.update(batch=plan.batch_id, row_number=row_number, raw=raw)
        result.records.append(
            [
                json_text(outcome.values[name]) if name in JSON_COLUMNS else outcome.values[name]
                for name in plan.record_columns
            ]
        )
    return result


def sheet_row(*, header_row: int, row_number: int) -> int:
    """The row Excel shows (a CSV's line, when no cell spans lines) for a stored data row.

    Records and rejects store the data row, counted from 1 under the header: the register's
    provenance and `links.csv` cite it. People look for a row by the number Excel shows,
    so everything that tells a person a row converts here.
    """
    return header_row + row_number


def chunks_normalise(plan: RowPlan, rows: Iterable[list[Cell]]) -> Iterator[ChunkResult]:
    """Normalise rows chunk by chunk, in file order, holding one chunk at a time."""
    numbered = enumerate(rows, start=1)
    while chunk := list(islice(numbered, CHUNK_ROWS)):
        yield chunk_normalise(plan, chunk)
