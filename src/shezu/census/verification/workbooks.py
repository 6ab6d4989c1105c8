"""The field teams' workbooks: tasks written out per team, and returned sheets read back.

One workbook per county for county-level and community organizations, one per
supervising unit or industry for city-wide ones; the columns a team fills in are
highlighted and read back by header, wherever the team moved them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import xlsxwriter

from shezu.census.errors import IntakeError
from shezu.census.labels import FIELD_LABELS, FOUNDER_KINDS
from shezu.census.models import VerificationTask
from shezu.census.models.register import VerificationResult
from shezu.census.normalise.cells import Cell, clean_text, is_blank
from shezu.census.normalise.divisions import county_by_code
from shezu.census.register.conflicts import county_name, value_text
from shezu.census.verification.queries import tasks_open

CITY_LEVEL = "全市性"


LEVEL_ORDER = {"县级": 0, "城乡社区": 1}


HEADER_SEARCH_ROWS = 30


# The export's columns: what the register says, then what the team fills in.
GIVEN_FIELDS = (
    "org_id",
    "name",
    "uscc",
    "level",
    "category",
    "supervisor",
    "county",
    "township",
    "address",
    "phones",
    "legal_rep",
)


GIVEN_COLUMNS = [*(FIELD_LABELS[name] for name in GIVEN_FIELDS), "核实原因"]


RESULT_COLUMN, DATE_COLUMN, ID_COLUMN = "核实结果", "核实日期", FIELD_LABELS["org_id"]


VERIFIER_COLUMN, NOTE_COLUMN = "核实人", "备注"


# 更正 column → golden-record field it corrects. The register rarely knows the founder
# (举办单位), so the team writes it down as it writes a correction.
CORRECTION_COLUMNS = {
    "更正名称": "name",
    "更正地址": "address",
    "更正电话": "phones",
    "更正法定代表人": "legal_rep",
    FIELD_LABELS["founder"]: "founder",
}


# 举办单位类型 (founder kind) is no golden-record field: it stays in the verification's
# corrections, where responsibility (属资) reads it. One of FOUNDER_KINDS.
FOUNDER_KIND_COLUMN = FIELD_LABELS["founder_kind"]


FILL_COLUMNS = [
    RESULT_COLUMN,
    DATE_COLUMN,
    *CORRECTION_COLUMNS,
    FOUNDER_KIND_COLUMN,
    VERIFIER_COLUMN,
    NOTE_COLUMN,
]


EXPORT_COLUMNS = [*GIVEN_COLUMNS, *FILL_COLUMNS]


REQUIRED_COLUMNS = (ID_COLUMN, RESULT_COLUMN, DATE_COLUMN)


_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')


def _safe_file_part(text: str) -> str:
    """A piece of a file name that is one name on every system: no slashes, no spaces."""
    cleaned = _UNSAFE_IN_FILE_NAME.sub("_", text).strip("._ ")
    return cleaned[:60] or "未分类"


def _workbook_name(task: VerificationTask) -> str:
    if task.level == CITY_LEVEL:
        return f"核实任务_市级_{_safe_file_part(task.industry or '未分行业')}.xlsx"
    county = county_by_code(task.county_code) if task.county_code else None
    return f"核实任务_{_safe_file_part(county.name if county else '区县不明')}.xlsx"


def _row_cells(task: VerificationTask) -> list[str]:
    organization = task.organization
    fields = organization.fields or {}
    return [
        organization.org_id,
        organization.name or value_text(fields.get("name")),
        organization.uscc or value_text(fields.get("uscc")),
        task.level,
        organization.category or value_text(fields.get("category")),
        value_text(fields.get("supervisor")),
        county_name(task.county_code),
        value_text(fields.get("township")) or value_text(fields.get("zone")),
        value_text(fields.get("address")),
        value_text(fields.get("phones")),
        value_text(fields.get("legal_rep")),
        "；".join(task.reasons),
    ]


def _sort_key(task: VerificationTask) -> tuple[int, str, str, str]:
    fields = task.organization.fields or {}
    return (
        LEVEL_ORDER.get(task.level, len(LEVEL_ORDER)),
        task.county_code,
        value_text(fields.get("township")),
        task.organization.org_id,
    )


def tasks_export(outdir: Path) -> list[tuple[Path, int]]:
    """Write the open tasks as one workbook per field team; (path, rows) per workbook.

    County-level and community organizations go to their county's
    `核实任务_<区县名>.xlsx`, sorted by level (层级) and township; city-wide ones to
    `核实任务_市级_<业务主管单位或行业>.xlsx`. Everything is written as text; the columns
    the team fills in are highlighted, 核实结果 offers the five results and 举办单位类型
    the founder kinds as a list.
    """
    groups: dict[str, list[VerificationTask]] = defaultdict(list)
    for task in tasks_open():
        groups[_workbook_name(task)].append(task)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(groups, key=lambda n: ("_市级_" in n, n)):
        path = outdir / name
        written.append((path, tasks_workbook_write(path, groups[name])))
    return written


def tasks_workbook_write(path: Path, tasks: Iterable[VerificationTask]) -> int:
    """Write the given tasks as one workbook, with the export's columns and order;
    returns the number of rows written. Tasks need their organization loaded."""
    ordered = sorted(tasks, key=_sort_key)
    _workbook_write(path, [_row_cells(task) for task in ordered])
    return len(ordered)


def _workbook_write(path: Path, rows: list[list[str]]) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("核实任务")
    given = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    fill_header = workbook.add_format({"bold": True, "bg_color": "#FFD966", "border": 1})
    fill_cell = workbook.add_format({"bg_color": "#FFF2CC", "num_format": "@", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    widths = {"名称": 30, "地址": 34, "核实原因": 44, "统一社会信用代码": 21, "业务主管单位": 20}
    for column, header in enumerate(EXPORT_COLUMNS):
        if header in FILL_COLUMNS:
            wide = header in (NOTE_COLUMN, FIELD_LABELS["founder"])
            sheet.set_column(column, column, 24 if wide else 16, fill_cell)
        else:
            sheet.set_column(column, column, widths.get(header, 12), text)
    for column, header in enumerate(EXPORT_COLUMNS):
        sheet.write_string(0, column, header, fill_header if header in FILL_COLUMNS else given)
    for number, cells in enumerate(rows, start=1):
        for column, value in enumerate(cells):
            sheet.write_string(number, column, value)
    last = max(len(rows), 1)
    result = EXPORT_COLUMNS.index(RESULT_COLUMN)
    sheet.data_validation(
        1,
        result,
        last,
        result,
        {
            "validate": "list",
            "source": [choice.value for choice in VerificationResult],
            "input_title": RESULT_COLUMN,
            "input_message": "从列表中选择；信息更正须填写至少一项更正",
        },
    )
    date = EXPORT_COLUMNS.index(DATE_COLUMN)
    sheet.data_validation(
        1,
        date,
        last,
        date,
        {
            "validate": "any",
            "input_title": DATE_COLUMN,
            "input_message": "例如 2016-05-20，不能晚于今天",
        },
    )
    kind = EXPORT_COLUMNS.index(FOUNDER_KIND_COLUMN)
    sheet.data_validation(
        1,
        kind,
        last,
        kind,
        {
            "validate": "list",
            "source": list(FOUNDER_KINDS),
            "input_title": FOUNDER_KIND_COLUMN,
            "input_message": "举办单位是哪类单位，从列表中选择",
        },
    )
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(rows), len(EXPORT_COLUMNS) - 1)
    workbook.close()


def _header_key(cell: Cell) -> str:
    return re.sub(r"[\s*＊]", "", clean_text(cell))


def header_find(head: list[list[Cell]], file: str) -> tuple[int, dict[str, int]]:
    best: tuple[int, dict[str, int]] = (-1, {})
    wanted = {*EXPORT_COLUMNS}
    for index, row in enumerate(head):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = _header_key(cell)
            if key in wanted and key not in columns:
                columns[key] = position
        if all(name in columns for name in REQUIRED_COLUMNS):
            return index, columns
        if len(columns) > len(best[1]):
            best = (index, columns)
    lacking = [name for name in REQUIRED_COLUMNS if name not in best[1]]
    raise IntakeError(
        f"前{HEADER_SEARCH_ROWS}行中找不到核实表的表头：缺少列「{'」「'.join(lacking)}」"
        "(not a returned verification sheet)",
        file=file,
    )


def sheet_cell(row: Sequence[Cell], columns: dict[str, int], name: str) -> Cell:
    position = columns.get(name)
    if position is None or position >= len(row):
        return None
    return row[position]


def org_id_text(value: Cell) -> str:
    return clean_text(value).upper().replace(" ", "")


def row_unfilled(row: Sequence[Cell], columns: dict[str, int]) -> bool:
    return all(is_blank(sheet_cell(row, columns, name)) for name in FILL_COLUMNS)
