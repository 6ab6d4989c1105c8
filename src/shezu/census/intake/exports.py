"""Spreadsheets that go back to departments and field teams."""

from pathlib import Path

import xlsxwriter

from shezu.census.intake.queries import batch_rejects
from shezu.census.intake.reporting import reasons_text
from shezu.census.intake.rows import sheet_row
from shezu.census.models import ImportBatch


def rejects_export(*, batch: ImportBatch, out: Path) -> int:
    """Write a batch's rejected rows, as sent plus the reason, for the department to correct.

    Column 原文件行号 is the row as Excel shows it in the department's file.

    Returns the number of rows written. Every cell is written as text so that codes keep
    their digits when the department edits and sends the file back.
    """
    headers = list(batch.headers)
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("退回行")
    bold = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    columns = ["原文件行号", "退回原因", *headers]
    sheet.write_row(0, 0, columns, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, len(columns), 18)
    count = 0
    for count, reject in enumerate(batch_rejects(batch=batch).iterator(), start=1):
        cells = [str(reject.raw.get(header, "")) for header in headers]
        sheet.write_number(
            count, 0, sheet_row(header_row=batch.header_row, row_number=reject.row_number)
        )
        sheet.write_string(count, 1, reasons_text(reject.reasons))
        for column, text in enumerate(cells, start=2):
            sheet.write_string(count, column, text)
    sheet.autofilter(0, 0, count, len(columns) - 1)
    workbook.close()
    return count
