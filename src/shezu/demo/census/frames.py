"""A manifest's files as engine records, without a database (benchmarks, engine tests).

Reads and normalises exactly as `census import` does, so the engine sees what it would
see after intake; `record_id` numbers the accepted rows 1, 2, … in manifest order and
each file is its own batch; `raw_name`, `raw_address` and `raw_phone` keep the cells
as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from shezu.census.intake.mapping import (
    HEADER_SEARCH_ROWS,
    column_plan,
    header_position,
    mapping_load,
)
from shezu.census.intake.readers import open_table
from shezu.census.intake.services import manifest_read
from shezu.census.normalise.cells import cell_text, is_blank
from shezu.census.normalise.record import is_totals_row, normalise_row

# Cells as the department wrote them, for baselines that skip shezu's normalisation.
RAW_FIELDS = ("name", "address", "phone")


def manifest_records(manifest: Path) -> Iterator[dict[str, Any]]:
    record_id = 0
    for batch, entry in enumerate(manifest_read(manifest), start=1):
        mapping = mapping_load(entry.mapping) if entry.mapping else None
        table = open_table(entry.file, sheet=mapping.sheet if mapping else None)
        head = list(islice(table.rows, HEADER_SEARCH_ROWS))
        header = header_position(head, mapping, first_row=table.first_row, file=entry.file.name)
        plan = column_plan(head[header], mapping, file=entry.file.name)
        rows = [*head[header + 1 :], *table.rows]
        for row_number, cells in enumerate(rows, start=1):
            if all(is_blank(cell) for cell in cells) or is_totals_row(cells):
                continue
            values = {
                name: cells[i] if i < len(cells) else None for name, i in plan.field_index.items()
            }
            outcome = normalise_row(values, department=entry.department)
            if outcome.rejections:
                continue
            record_id += 1
            as_written = {f"raw_{name}": cell_text(values.get(name)) for name in RAW_FIELDS}
            yield (
                outcome.values
                | as_written
                | {
                    "record_id": record_id,
                    "batch": batch,
                    "department": entry.department,
                    "file": entry.file.name,
                    "row": row_number,
                    "as_of": entry.as_of,
                }
            )
