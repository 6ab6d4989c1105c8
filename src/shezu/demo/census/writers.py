"""Sheet writers that stream: xlsx (xlsxwriter, constant memory), xls (xlwt, rows flushed) and CSV.

Each takes rows in order and never keeps more than the current row (xlwt keeps
its shared strings). Cells are typed: str → text, int/float → number,
date → a real date cell in workbooks.
"""

import csv
import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Protocol

import xlsxwriter
import xlwt

Cell = str | int | float | dt.date | None
CREATED = dt.datetime(
    2016, 4, 1, 1, 0, 0, tzinfo=dt.UTC
)  # fixed document timestamp: byte-identical output
_XLSX_DATE_FORMATS = ("yyyy-mm-dd", "yyyy/m/d", 'yyyy"年"m"月"d"日"')
_XLS_DATE_FORMATS = ("YYYY-MM-DD", "YYYY/M/D")
_XLS_FLUSH_EVERY = 1000


class SheetWriter(Protocol):
    def title(self, text: str, width: int) -> None: ...
    def row(self, cells: Sequence[Cell]) -> None: ...
    def blank(self) -> None: ...
    def close(self) -> None: ...


class XlsxSheetWriter:
    """One data sheet (optionally after a hidden lookup sheet) in a constant-memory workbook."""

    def __init__(
        self,
        path: Path,
        sheet: str,
        *,
        seed: int,
        hidden_sheet: tuple[str, Sequence[Sequence[str]]] | None = None,
    ) -> None:
        self._book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self._book.set_properties({"created": CREATED, "author": "shezu demo"})
        self._rng = random.Random(f"{seed}:xlsx:{path.name}")
        self._dates = [self._book.add_format({"num_format": f}) for f in _XLSX_DATE_FORMATS]
        self._title = self._book.add_format({"bold": True, "align": "center", "font_size": 14})
        hidden = None
        if hidden_sheet is not None:
            hidden = self._book.add_worksheet(hidden_sheet[0])
            for r, values in enumerate(hidden_sheet[1]):
                for c, value in enumerate(values):
                    if value:
                        hidden.write_string(r, c, value)
        self._sheet = self._book.add_worksheet(sheet)
        if hidden is not None:
            self._sheet.activate()
            self._sheet.set_first_sheet()
            hidden.hide()
        self._row = 0

    def title(self, text: str, width: int) -> None:
        self._sheet.merge_range(self._row, 0, self._row, max(width - 1, 1), text, self._title)
        self._row += 1

    def row(self, cells: Sequence[Cell]) -> None:
        sheet, r = self._sheet, self._row
        for c, value in enumerate(cells):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, self._rng.choice(self._dates))
            else:
                sheet.write_number(r, c, value)
        self._row += 1

    def blank(self) -> None:
        self._row += 1

    def drop_down(self, column: int, first: int, last: int, values: Sequence[str]) -> None:
        """A drop-down list (数据验证) on rows first..last (0-based) of a column. It only
        warns, as templates set it, so a clerk's pasted or typed other word stays."""
        options = {"validate": "list", "source": list(values), "error_type": "warning"}
        self._sheet.data_validation(first, column, last, column, options)

    def close(self) -> None:
        self._book.close()


class XlsSheetWriter:
    """A legacy .xls sheet; rows are flushed to xlwt's temporary file as they are written."""

    def __init__(self, path: Path, sheet: str, *, seed: int) -> None:
        self._path = path
        self._book = xlwt.Workbook(encoding="utf-8")
        self._sheet = self._book.add_sheet(sheet)
        self._rng = random.Random(f"{seed}:xls:{path.name}")
        self._dates = [xlwt.easyxf(num_format_str=f) for f in _XLS_DATE_FORMATS]
        self._title = xlwt.easyxf("font: bold on; align: horiz center")
        self._row = 0

    def title(self, text: str, width: int) -> None:
        self._sheet.write_merge(self._row, self._row, 0, max(width - 1, 1), text, self._title)
        self._row += 1

    def row(self, cells: Sequence[Cell]) -> None:
        for c, value in enumerate(cells):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                self._sheet.write(self._row, c, value, self._rng.choice(self._dates))
            else:
                self._sheet.write(self._row, c, value)
        self._row += 1
        if self._row % _XLS_FLUSH_EVERY == 0:
            self._sheet.flush_row_data()

    def blank(self) -> None:
        self._row += 1

    def close(self) -> None:
        self._book.save(str(self._path))


def csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class CsvSheetWriter:
    """CSV as Excel saves it: CRLF line ends, minimal quoting, the department's encoding."""

    def __init__(self, path: Path, *, encoding: str) -> None:
        self._handle: IO[str] = path.open("w", encoding=encoding, newline="")
        self._csv = csv.writer(self._handle)

    def title(self, text: str, width: int) -> None:
        self._csv.writerow([text] + [""] * (width - 1))

    def row(self, cells: Sequence[Cell]) -> None:
        self._csv.writerow([csv_text(v) for v in cells])

    def blank(self) -> None:
        self._csv.writerow([])

    def close(self) -> None:
        self._handle.close()
