"""Files of responsibility: the register-wide export (CSV) and a body's responsibility list
(责任清单, xlsx)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import xlsxwriter

from shezu.affiliation import vocabulary as v
from shezu.affiliation.errors import AffiliationError
from shezu.affiliation.models import ResponsibleBody
from shezu.affiliation.queries import (
    body_descendants,
    export_rows,
    ledger_rows,
    unassigned_count,
)
from shezu.census.api import county_by_code, in_scope

EXPORT_COLUMNS = (
    "org_id",
    "in_scope",
    "mode",
    "body_code",
    "body_name",
    "body_area",
    "rule",
    "since",
)


def assignments_export(out: Path, *, on: dt.date, allow_unassigned: bool = False) -> int:
    """One row per organization of the register (UTF-8 with BOM, so Excel reads it): whether
    it is in scope on `on` and the stretch in force then. Refused while organizations of
    the register have no assignment — the register changed since the last run — unless
    `allow_unassigned` (their body columns stay empty). Returns the rows written."""
    missing = unassigned_count()
    if missing and not allow_unassigned:
        raise AffiliationError(
            f"台账中有 {missing:,} 个组织尚未分配责任主体（台账在上次分配后有变化）："
            "先运行 shezu assign run"
        )
    written = 0
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for record, scope, held in export_rows(on):
            if held is None:
                writer.writerow([record.org_id, int(scope), "", "", "", "", "", ""])
            else:
                writer.writerow(
                    [
                        record.org_id,
                        int(scope),
                        v.MODE_LABELS[held.mode],
                        held.body.code,
                        held.body.name,
                        held.body.area_code,
                        held.rule,
                        held.valid_from.isoformat(),
                    ]
                )
            written += 1
    return written


LEDGER_COLUMNS = (
    ("组织编号", 12),
    ("名称", 36),
    ("统一社会信用代码", 21),
    ("组织形式", 14),
    ("行业类型", 14),
    ("层级", 8),
    ("来源", 6),
    ("所在区县", 10),
    ("乡镇街道", 14),
    ("地址", 36),
    ("法定代表人", 10),
    ("联系电话", 16),
    ("责任方式", 8),
    ("责任主体", 24),
    ("依据规则", 14),
    ("起始日期", 11),
    ("是否在册", 8),
    ("党组织", 12),
    ("待跟进", 40),
)


def ledger_write(body: ResponsibleBody, out: Path, *, below: bool = False, on: dt.date) -> int:
    """A body's responsibility list (责任清单): the organizations it answers for now (with
    `below`, also those of every body under it), one row each, and a cover sheet with
    its counts. Returns the organizations listed."""
    bodies = body_descendants(body) if below else [body]
    rows = ledger_rows(bodies)
    workbook = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False})
    try:
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        text = workbook.add_format({"num_format": "@"})
        cover = workbook.add_worksheet("说明")
        sheet = workbook.add_worksheet("责任清单")
        cover.write(0, 0, f"{body.name} 责任清单", bold)
        cover.write(1, 0, f"责任主体编号：{body.code}；辖区：{body.area_code}")
        cover.write(2, 0, f"截至 {on.isoformat()}，共 {len(rows):,} 个社会组织")
        cover.write(3, 0, "党组织：党组织数据导入后显示；此前为空。")
        cover.set_column(0, 0, 70)
        for column, (title, width) in enumerate(LEDGER_COLUMNS):
            sheet.write(0, column, title, header)
            sheet.set_column(column, column, width, text)
        sheet.freeze_panes(1, 2)
        in_scope_count = 0
        for row, (record, held, stored) in enumerate(rows, start=1):
            scope, _ = in_scope(record, on)
            in_scope_count += scope
            county = county_by_code(record.county_code) if record.county_code else None
            values = [
                record.org_id,
                record.name,
                record.uscc,
                stored.legal_form if stored else "",
                (stored.field if stored else "") or "未判定",
                stored.level if stored else "",
                stored.origin if stored else "",
                county.name if county else "",
                record.zone or record.township,
                record.address,
                record.legal_rep,
                record.phones,
                v.MODE_LABELS[held.mode],
                held.body.name,
                held.rule,
                held.valid_from.isoformat(),
                "是" if scope else "否",
                "",
                "；".join(held.follow_up),
            ]
            for column, value in enumerate(values):
                sheet.write_string(row, column, value)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(LEDGER_COLUMNS) - 1)
        cover.write(4, 0, f"其中在册 {in_scope_count:,} 个")
        if below:
            cover.write(5, 0, f"含下级责任主体 {len(bodies) - 1:,} 个")
    finally:
        workbook.close()
    return len(rows)
