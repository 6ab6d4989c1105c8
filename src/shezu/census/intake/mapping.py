"""Source mappings (字段映射): which header of a department's file holds which canonical field.

The YAML format is fixed because department liaisons and other tools write it:
`department`, `file`, `sheet`, `header_row` (all optional) and `columns`
(canonical field → header). Without one, headers are recognised from synonyms.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import yaml

from shezu.census.errors import IntakeError
from shezu.census.intake.headers import CANONICAL_FIELDS, SYNONYM_INDEX, header_key
from shezu.census.intake.readers import Table, open_tables
from shezu.census.labels import field_label
from shezu.census.models import Department
from shezu.census.normalise.cells import Cell, cell_text

MAPPING_KEYS = {"department", "file", "sheet", "header_row", "columns"}
HEADER_SEARCH_ROWS = 30
MIN_RECOGNISED_HEADERS = 2


# A mapping's header for a field; the phone may name several columns (办公电话, 手机 …).
Headers = str | list[str]


@dataclass(frozen=True)
class SourceMapping:
    columns: Mapping[str, Headers]
    department: str | None = None
    file: str | None = None
    sheet: str | None = None
    header_row: int | None = None

    def headers(self) -> Iterator[tuple[str, str]]:
        """(field, header) for every column the mapping names."""
        for name, headers in self.columns.items():
            for header in [headers] if isinstance(headers, str) else headers:
                yield name, header


@dataclass(frozen=True)
class ColumnPlan:
    """Where each canonical field sits in a row, and the header of every column.

    `phone_columns` lists every phone column when there are several; their numbers are
    combined (`field_index["phone"]` is the first of them).
    """

    headers: list[str]
    field_index: dict[str, int]
    unmapped: list[str] = field(default_factory=list)
    phone_columns: tuple[int, ...] = ()

    def as_mapping(self) -> dict[str, Headers]:
        mapping: dict[str, Headers] = {
            name: self.headers[index] for name, index in self.field_index.items()
        }
        if self.phone_columns:
            mapping["phone"] = [self.headers[index] for index in self.phone_columns]
        return mapping


@dataclass(frozen=True)
class LocatedTable:
    """A table whose header row has been found: the rows read so far and the rest to come."""

    table: Table
    head: list[list[Cell]]
    header_index: int

    @property
    def header_row(self) -> int:
        """The header's row as Excel shows it (a CSV's line)."""
        return self.table.first_row + self.header_index

    @property
    def header(self) -> list[Cell]:
        return self.head[self.header_index]

    def data_rows(self) -> Iterator[list[Cell]]:
        yield from self.head[self.header_index + 1 :]
        yield from self.table.rows


def department_check(value: str, *, file: str = "") -> str:
    if value not in Department.values:
        raise IntakeError(
            f"未知部门「{value}」，应为 {' | '.join(Department.values)} (unknown department)",
            file=file,
            field="department",
        )
    return value


def mapping_load(path: Path) -> SourceMapping:
    """Read and check a mapping file; every mistake is reported with the mapping's name."""
    if not path.is_file():
        raise IntakeError("映射文件不存在 (mapping file not found)", file=path.name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise IntakeError(
            f"映射文件无法读取 (unreadable mapping): {error}", file=path.name
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise IntakeError(
            "映射文件必须包含 columns: 字段→表头 (mapping needs columns)", file=path.name
        )
    unknown_keys = set(data) - MAPPING_KEYS
    if unknown_keys:
        raise IntakeError(f"映射文件有未知的键：{'、'.join(sorted(unknown_keys))}", file=path.name)
    columns = _columns_load(data["columns"], file=path.name)
    unknown_fields = [name for name in columns if name not in CANONICAL_FIELDS]
    if unknown_fields:
        raise IntakeError(
            f"未知的标准字段：{'、'.join(unknown_fields)}；可用字段：{', '.join(CANONICAL_FIELDS)}",
            file=path.name,
            field="columns",
        )
    department = data.get("department")
    if department is not None:
        department_check(str(department), file=path.name)
    header_row = data.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise IntakeError("header_row 必须是从 1 开始的行号", file=path.name, field="header_row")
    return SourceMapping(
        columns=columns,
        department=str(department) if department is not None else None,
        file=str(data["file"]) if data.get("file") else None,
        sheet=str(data["sheet"]) if data.get("sheet") else None,
        header_row=header_row,
    )


def _columns_load(data: dict[object, object], *, file: str) -> dict[str, Headers]:
    columns: dict[str, Headers] = {}
    for key, value in data.items():
        name = str(key)
        if value in (None, "", []):
            continue
        if not isinstance(value, list):
            columns[name] = str(value)
        elif name == "phone":
            columns[name] = [str(header) for header in value]
        else:
            raise IntakeError(
                "只有 phone（联系电话）可以对应多列 (only phone may name several columns)",
                file=file,
                field=name,
            )
    return columns


def mapping_dump(mapping: SourceMapping) -> str:
    data: dict[str, object] = {}
    for key in ("department", "file", "sheet", "header_row"):
        value = getattr(mapping, key)
        if value is not None:
            data[key] = value
    data["columns"] = dict(mapping.columns)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def header_score(row: list[Cell], wanted: set[str]) -> int:
    return sum(1 for cell in row if header_key(cell_text(cell)) in wanted)


def header_find(
    head: list[list[Cell]], mapping: SourceMapping | None, *, first_row: int
) -> int | None:
    """Index in `head` of the header row, or None.

    The mapping's `header_row` if it holds one of the mapping's headers; else the row with
    most of the mapping's headers (one is enough: a missing one is then reported by name
    in column_plan), or without a mapping the row with most synonyms, at least two.
    """
    if mapping is not None:
        wanted, needed = {header_key(header) for _, header in mapping.headers()}, 1
    else:
        wanted, needed = set(SYNONYM_INDEX), MIN_RECOGNISED_HEADERS
    if mapping is not None and mapping.header_row is not None:
        index = mapping.header_row - first_row
        found = 0 <= index < len(head) and header_score(head[index], wanted) >= needed
        return index if found else None
    scores = [header_score(row, wanted) for row in head]
    best = max(range(len(scores)), key=scores.__getitem__, default=-1)
    return best if best >= 0 and scores[best] >= needed else None


def header_position(
    head: list[list[Cell]], mapping: SourceMapping | None, *, first_row: int, file: str
) -> int:
    """Index in `head` of the header row of a table already chosen; IntakeError if none."""
    index = header_find(head, mapping, first_row=first_row)
    if index is None:
        raise _no_header(file, mapping, [""])
    return index


def table_locate(
    path: Path, mapping: SourceMapping | None, *, sheet: str | None = None
) -> LocatedTable:
    """The table the data is on, with its header row found.

    A workbook's data is on the sheet the mapping (or `sheet`) names, or else on the first
    visible sheet with a recognisable header: a cover note or instructions sheet in front
    of the data is passed over.
    """
    if mapping is not None and mapping.sheet is not None:
        sheet = mapping.sheet
    searched: list[str] = []
    for table in open_tables(path, sheet=sheet):
        head = list(islice(table.rows, HEADER_SEARCH_ROWS))
        index = header_find(head, mapping, first_row=table.first_row)
        if index is not None:
            return LocatedTable(table=table, head=head, header_index=index)
        searched.append(table.sheet)
    raise _no_header(path.name, mapping, searched)


def _no_header(file: str, mapping: SourceMapping | None, sheets: list[str]) -> IntakeError:
    named = [f"「{sheet}」" for sheet in sheets if sheet]
    where = f"工作表{'、'.join(named)}的" if named else ""
    if mapping is not None and mapping.header_row is not None:
        return IntakeError(
            f"{where}第{mapping.header_row}行（映射指定的表头行）不在表中，或没有映射中的任何一列"
            " (header_row holds no mapped header)",
            file=file,
            field="header_row",
        )
    advice = (
        "请检查映射文件的 sheet 和 columns"
        if mapping is not None
        else "请提供字段映射文件，或检查文件是否为数据表"
    )
    return IntakeError(
        f"{where}前{HEADER_SEARCH_ROWS}行中找不到表头行 (no header row found)；{advice}", file=file
    )


def unique_headers(row: list[Cell]) -> list[str]:
    """Header texts; blanks are named by position and repeats numbered, so every column has one."""
    headers: list[str] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(row, start=1):
        text = " ".join(cell_text(cell).split()) or f"第{position}列"
        seen[text] = seen.get(text, 0) + 1
        headers.append(text if seen[text] == 1 else f"{text}({seen[text]})")
    return headers


def column_plan(
    header_cells: list[Cell], mapping: SourceMapping | None, *, file: str
) -> ColumnPlan:
    headers = unique_headers(header_cells)
    if mapping is not None:
        columns = _mapped_columns(headers, mapping, file=file)
    else:
        columns = _recognised_columns(headers, file=file)
    if "name" not in columns:
        raise IntakeError("找不到名称列 (no column maps to `name`)", file=file, field="name")
    used = {index for indexes in columns.values() for index in indexes}
    phones = columns.get("phone", [])
    return ColumnPlan(
        headers=headers,
        field_index={name: indexes[0] for name, indexes in columns.items()},
        unmapped=[header for index, header in enumerate(headers) if index not in used],
        phone_columns=tuple(phones) if len(phones) > 1 else (),
    )


def _mapped_columns(
    headers: list[str], mapping: SourceMapping, *, file: str
) -> dict[str, list[int]]:
    """The columns a mapping names: by exact header first, so that 「信用代码(2)」 names the
    second of two columns headed 信用代码, then by the header's normalised form."""
    exact = {header: index for index, header in enumerate(headers)}
    by_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        by_key.setdefault(header_key(header), index)
    columns: dict[str, list[int]] = {}
    for name, header in mapping.headers():
        found = exact.get(" ".join(header.split()))
        position = by_key.get(header_key(header)) if found is None else found
        if position is None:
            raise IntakeError(
                f"映射中的列「{header}」在文件中不存在；文件的表头有：{'、'.join(headers)}",
                file=file,
                field=name,
            )
        columns.setdefault(name, []).append(position)
    return columns


def _recognised_columns(headers: list[str], *, file: str) -> dict[str, list[int]]:
    """The columns the synonym table recognises; two for one field need a mapping to choose.

    Several phone columns (办公电话, 手机 …) are normal and lose nothing: their numbers
    are combined, in column order.
    """
    columns: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        name = SYNONYM_INDEX.get(header_key(header))
        if name is not None:
            columns.setdefault(name, []).append(index)
    for name, indexes in columns.items():
        if len(indexes) > 1 and name != "phone":
            named = [f"第{index + 1}列「{headers[index]}」" for index in indexes]
            raise IntakeError(
                f"{'、'.join(named[:-1])}和{named[-1]}都对应「{field_label(name)}」；"
                f"请用字段映射文件指定用哪一列，其余列原样保留"
                f" (several columns map to {name}: a mapping file names the one to use)",
                file=file,
                field=name,
            )
    return columns


def mapping_guess(
    path: Path, *, department: str | None = None, sheet: str | None = None
) -> SourceMapping:
    """The mapping the synonym table finds in a file, for the user to check and correct."""
    located = table_locate(path, None, sheet=sheet)
    plan = column_plan(located.header, None, file=path.name)
    return SourceMapping(
        columns=plan.as_mapping(),
        department=department,
        file=path.name,
        sheet=located.table.sheet or None,
        header_row=located.header_row,
    )
