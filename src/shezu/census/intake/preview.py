"""A department file's preview (预览) before it is imported, and the mapping a person chose.

The web import page shows the located table — each column's header, the field the
synonym table guesses for it, the first rows — and lets the clerk correct the guess, one
choice per column. `mapping_from_choices` turns those choices back into the
`SourceMapping` that `batch_import` takes, so the page and the CLI share one mapping format.
"""

from dataclasses import dataclass
from pathlib import Path

from shezu.census.errors import IntakeError
from shezu.census.intake.headers import CANONICAL_FIELDS, SYNONYM_INDEX, header_key
from shezu.census.intake.mapping import Headers, SourceMapping, table_locate, unique_headers
from shezu.census.labels import field_label
from shezu.census.normalise.cells import cell_text

PREVIEW_ROWS = 10
# Fields that may be chosen for several columns: the phone numbers are combined.
MULTI_COLUMN_FIELDS = frozenset({"phone"})


@dataclass(frozen=True)
class TablePreview:
    """What the clerk checks before importing: the located table's header and first rows.

    `guessed[i]` is the canonical field the synonym table finds for column i, or None; a
    field recognised in two columns is guessed for the first only (the clerk chooses).
    `rows_total` counts every data row after the header, blank ones included: the import
    reads as many, so it is the progress bar's end.
    """

    file: str
    sheet: str
    header_row: int
    headers: list[str]
    guessed: list[str | None]
    rows: list[list[str]]
    rows_total: int


def table_preview(path: Path, *, rows: int = PREVIEW_ROWS) -> TablePreview:
    """Locate the table in a department file and read its header, guesses and first rows.

    Raises IntakeError for a file that cannot be read or has no recognisable header.
    """
    located = table_locate(path, None)
    headers = unique_headers(located.header)
    guessed: list[str | None] = []
    taken: set[str] = set()
    for header in headers:
        name = SYNONYM_INDEX.get(header_key(header))
        if name is not None and name in taken and name not in MULTI_COLUMN_FIELDS:
            name = None
        if name is not None:
            taken.add(name)
        guessed.append(name)
    shown: list[list[str]] = []
    total = 0
    # Read to the end: the row count is the progress bar's end, and reading proves the file.
    for row in located.data_rows():
        total += 1
        if len(shown) < rows:
            texts = [cell_text(cell) for cell in row[: len(headers)]]
            shown.append(texts + [""] * (len(headers) - len(texts)))
    return TablePreview(
        file=path.name,
        sheet=located.table.sheet,
        header_row=located.header_row,
        headers=headers,
        guessed=guessed,
        rows=shown,
        rows_total=total,
    )


def mapping_from_choices(
    preview: TablePreview, choices: list[str | None], *, department: str
) -> SourceMapping:
    """The mapping for the field chosen per column (None: the column is kept but not
    imported as a field). IntakeError when no column is the name, a field is chosen for two
    columns (phone excepted) or a choice is not a canonical field."""
    if len(choices) != len(preview.headers):
        raise IntakeError("字段选择与表头列数不符，请重新上传文件", file=preview.file)
    columns: dict[str, list[str]] = {}
    for header, name in zip(preview.headers, choices, strict=True):
        if name is None:
            continue
        if name not in CANONICAL_FIELDS:
            raise IntakeError(f"未知字段「{name}」", file=preview.file, field=name)
        if name in columns and name not in MULTI_COLUMN_FIELDS:
            raise IntakeError(
                f"「{columns[name][0]}」和「{header}」都选为「{field_label(name)}」；每个字段只能选一列",
                file=preview.file,
                field=name,
            )
        columns.setdefault(name, []).append(header)
    if "name" not in columns:
        raise IntakeError("没有选择名称列 (no column maps to `name`)", file=preview.file)
    mapped: dict[str, Headers] = {
        name: headers if name in MULTI_COLUMN_FIELDS else headers[0]
        for name, headers in columns.items()
    }
    return SourceMapping(
        columns=mapped,
        department=department,
        file=preview.file,
        sheet=preview.sheet or None,
        header_row=preview.header_row,
    )
