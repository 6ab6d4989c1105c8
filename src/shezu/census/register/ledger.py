"""The ledger (台账): the master register as one spreadsheet, a row per organization.

Streamed with xlsxwriter's constant-memory mode, so the whole city fits in flat memory.
Codes and phones are text, so Excel never turns a credit code into 9.1E+17; dates are
real dates, so people can sort and filter them. Pure Python, no Django: the caller passes
golden records, from `golden_record` or from stored `Organization` rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo

import xlsxwriter

from shezu.census.labels import FIELD_LABELS, field_label
from shezu.census.register.conflicts import conflict_text, county_name, value_text

__all__ = ["COLUMNS", "GoldenData", "LedgerRow", "ledger_write"]

LOCAL_TZ: Final = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE; this module is Django-free


class GoldenData(Protocol):
    """What the ledger reads of a golden record: `Golden` and `Organization` both fit."""

    @property
    def fields(self) -> Mapping[str, Any]: ...
    @property
    def provenance(self) -> Mapping[str, Any]: ...
    @property
    def conflicts(self) -> Sequence[Mapping[str, Any]]: ...
    @property
    def missing(self) -> Sequence[str]: ...
    @property
    def flags(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class LedgerRow:
    """One organization of the ledger."""

    org_id: str
    golden: GoldenData
    sources: list[str]  # "部门 文件:行", e.g. "民政 民政2024.xlsx:12"
    departments: list[str]


Cell = str | int | dt.date | None

# (header, width, meaning): the meaning goes to the 说明 sheet.
COLUMNS: Final[tuple[tuple[str, int, str], ...]] = (
    (FIELD_LABELS["org_id"], 12, "台账的稳定编号，历次关联不变"),
    (FIELD_LABELS["name"], 36, "登记管理机关登记的名称"),
    (FIELD_LABELS["former_names"], 30, "各来源中出现过的其他名称"),
    (FIELD_LABELS["uscc"], 22, "18位，仅取校验通过的代码"),
    (FIELD_LABELS["org_code"], 14, "9位，仅取校验通过的代码"),
    (FIELD_LABELS["category"], 14, "法人类型，如社会团体、律师事务所"),
    (FIELD_LABELS["level"], 8, "全市性/县级/城乡社区"),
    (FIELD_LABELS["registration_authority"], 24, "登记该组织的机关"),
    (FIELD_LABELS["supervisor"], 24, "业务主管单位"),
    (FIELD_LABELS["founder"], 24, "举办单位或出资人"),
    (FIELD_LABELS["county"], 10, "住所所在区县"),
    (FIELD_LABELS["township"], 14, "住所所在乡镇街道"),
    (FIELD_LABELS["community"], 14, "住所所在社区（村）"),
    (FIELD_LABELS["address"], 40, "数据日期最新的来源所载地址"),
    (FIELD_LABELS["legal_rep"], 12, "登记管理机关所载法定代表人"),
    (FIELD_LABELS["phones"], 28, "数据日期最新的来源所载电话，多个以逗号分隔"),
    (FIELD_LABELS["established_on"], 12, "成立（登记）日期"),
    (FIELD_LABELS["status"], 10, "登记状态；实地核实结果优先于较早的部门数据"),
    (FIELD_LABELS["status_date"], 12, "状态变化或实地核实的日期"),
    ("来源部门", 16, "列有该组织的部门"),
    ("来源记录数", 10, "关联到该组织的来源记录条数"),
    ("来源记录", 40, "部门 文件:行"),
    ("冲突", 40, "来源之间不一致之处，及各部门所载的值"),
    ("缺项", 24, "必填而各来源均未提供的项目"),
    ("核实提示", 30, "实地核实时请重点核实的内容"),
)


def ledger_write(out: Path, rows: Iterable[LedgerRow], *, today: dt.date | None = None) -> int:
    """Write the ledger to `out`: sheet 台账, one row per organization, and sheet 说明.

    Returns the number of organization rows. `today` is the run date printed on 说明
    (default: today in Kunming).
    """
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("台账")
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    _write_header(sheet, header)
    count = 0
    for count, row in enumerate(rows, start=1):
        _write_row(sheet, count, _cells(row), date)
    sheet.autofilter(0, 0, count, len(COLUMNS) - 1)
    _write_notes(workbook, header, date, today or dt.datetime.now(LOCAL_TZ).date())
    workbook.close()
    return count


def _write_header(sheet: Any, header: Any) -> None:
    sheet.freeze_panes(1, 0)
    for column, (title, width, _) in enumerate(COLUMNS):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, title, header)


def _write_row(sheet: Any, line: int, cells: list[Cell], date: Any) -> None:
    for column, value in enumerate(cells):
        if isinstance(value, dt.date):
            sheet.write_datetime(line, column, value, date)
        elif isinstance(value, int):
            sheet.write_number(line, column, value)
        elif value:
            sheet.write_string(line, column, value)  # codes and phones stay text


def _write_notes(workbook: Any, header: Any, date: Any, today: dt.date) -> None:
    notes = workbook.add_worksheet("说明")
    notes.set_column(0, 0, 16)
    notes.set_column(1, 1, 50)
    notes.write_string(0, 0, "生成日期", header)
    notes.write_datetime(0, 1, today, date)
    notes.write_string(2, 0, "列", header)
    notes.write_string(2, 1, "含义", header)
    for line, (title, _, meaning) in enumerate(COLUMNS, start=3):
        notes.write_string(line, 0, title)
        notes.write_string(line, 1, meaning)


def _cells(row: LedgerRow) -> list[Cell]:
    """The row's cells, in the order of COLUMNS."""
    fields = row.golden.fields

    def text(name: str) -> str:
        value = fields.get(name)
        return "" if value is None else str(value)

    return [
        row.org_id,
        text("name"),
        "；".join(fields.get("former_names") or ()),
        text("uscc"),
        text("org_code"),
        text("category"),
        text("level"),
        text("registration_authority"),
        text("supervisor"),
        text("founder"),
        county_name(text("county_code")),
        text("township"),
        text("community"),
        text("address"),
        text("legal_rep"),
        text("phones"),
        _date(fields.get("established_on")),
        text("status"),
        _date(fields.get("status_date")),
        "、".join(row.departments),
        len(row.sources),
        "；".join(row.sources),
        "；".join(conflict_text(c, row.golden.provenance) for c in row.golden.conflicts),
        "、".join(field_label(name) for name in row.golden.missing),
        _hint(row.golden),
    ]


def _date(value: Any) -> dt.date | str | None:
    """Golden dates are ISO strings (JSON); anything unparsable is shown as written."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)


def _hint(golden: GoldenData) -> str:
    """What a field team should look at, from the flags (the register adds weak_link and
    vanished to the golden record's own)."""
    flags = set(golden.flags)
    department = golden.fields.get("authority_department") or "登记管理机关"
    candidates = value_text(golden.fields.get("township_candidates"))
    hints = {
        "no_authority_record": f"{department}无此组织记录，核实是否存在、是否已登记",
        "vanished": "部门最新名单已不再列出，核实是否仍在活动",
        "weak_link": "关联证据较弱，核实各来源是否同一组织",
        "conflict": "核实冲突项",
        "missing": "补齐缺项",
        "township_unresolved": f"道路跨{candidates or '多个乡镇街道'}，核实所在乡镇街道",
    }
    return "；".join(text for flag, text in hints.items() if flag in flags)
