"""Source mappings (字段映射): which header of a department's file holds which canonical field.

The YAML format is fixed because department liaisons and other tools write it:
`department`, `file`, `sheet`, `header_row` (all optional) and `columns`
(canonical field → header). Without one, headers are recognised from synonyms.
"""

from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import yaml

from shezu.census.errors import IntakeError
from shezu.census.intake.headers import CANONICAL_FIELDS, SYNONYM_INDEX, header_key
from shezu.census.intake.readers import open_table
from shezu.census.models import Department
from shezu.census.normalise.cells import Cell, cell_text

MAPPING_KEYS = {"department", "file", "sheet", "header_row", "columns"}
HEADER_SEARCH_ROWS = 30
MIN_RECOGNISED_HEADERS = 2


@dataclass(frozen=True)
class SourceMapping:
    columns: dict[str, str]
    department: str | None = None
    file: str | None = None
    sheet: str | None = None
    header_row: int | None = None


@dataclass(frozen=True)
class ColumnPlan:
    """Where each canonical field sits in a row, and the header of every column."""

    headers: list[str]
    field_index: dict[str, int]
    unmapped: list[str] = field(default_factory=list)

    def as_mapping(self) -> dict[str, str]:
        return {name: self.headers[index] for name, index in self.field_index.items()}


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
    columns = {str(k): str(v) for k, v in data["columns"].items() if v not in (None, "")}
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


def header_position(
    head: list[list[Cell]], mapping: SourceMapping | None, *, first_row: int, file: str
) -> int:
    """Index in `head` of the header row: the mapping's `header_row`, else the row most like one."""
    if mapping is not None and mapping.header_row is not None:
        index = mapping.header_row - first_row
        if not 0 <= index < len(head):
            raise IntakeError(
                f"映射指定的表头行 {mapping.header_row} 不在表中", file=file, field="header_row"
            )
        return index
    if mapping is not None:
        # One known header is enough: a missing one is then reported by name in column_plan.
        wanted, needed = {header_key(header) for header in mapping.columns.values()}, 1
    else:
        wanted, needed = set(SYNONYM_INDEX), MIN_RECOGNISED_HEADERS
    scores = [header_score(row, wanted) for row in head]
    best = max(range(len(scores)), key=scores.__getitem__, default=-1)
    if best < 0 or scores[best] < needed:
        raise IntakeError(
            f"前{HEADER_SEARCH_ROWS}行中找不到表头行 (no header row found)；"
            "请提供字段映射文件，或检查文件是否为数据表",
            file=file,
        )
    return best


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
        by_key: dict[str, int] = {}
        for position, header in enumerate(headers):
            by_key.setdefault(header_key(header), position)
        field_index: dict[str, int] = {}
        for name, header in mapping.columns.items():
            index = by_key.get(header_key(header))
            if index is None:
                raise IntakeError(
                    f"映射中的列「{header}」在文件中不存在；文件的表头有：{'、'.join(headers)}",
                    file=file,
                    field=name,
                )
            field_index[name] = index
    else:
        field_index = {}
        for position, header in enumerate(headers):
            synonym_of = SYNONYM_INDEX.get(header_key(header))
            if synonym_of is not None and synonym_of not in field_index:
                field_index[synonym_of] = position
    if "name" not in field_index:
        raise IntakeError("找不到名称列 (no column maps to `name`)", file=file, field="name")
    used = set(field_index.values())
    unmapped = [header for index, header in enumerate(headers) if index not in used]
    return ColumnPlan(headers=headers, field_index=field_index, unmapped=unmapped)


def mapping_guess(
    path: Path, *, department: str | None = None, sheet: str | None = None
) -> SourceMapping:
    """The mapping the synonym table finds in a file, for the user to check and correct."""
    table = open_table(path, sheet=sheet)
    head = list(islice(table.rows, HEADER_SEARCH_ROWS))
    index = header_position(head, None, first_row=table.first_row, file=path.name)
    plan = column_plan(head[index], None, file=path.name)
    return SourceMapping(
        columns=plan.as_mapping(),
        department=department,
        file=path.name,
        sheet=table.sheet or None,
        header_row=table.first_row + index,
    )
