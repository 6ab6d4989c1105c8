"""Open a department's file, whatever it is, as a stream of rows of cells.

The format is decided by the file's first bytes, not its name: departments rename
`.xls` files to `.xlsx` and send CSV with an Excel extension.
"""

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import openpyxl
import python_calamine
from charset_normalizer import from_bytes

from shezu.census.errors import IntakeError
from shezu.census.normalise.cells import Cell

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAMPLE_BYTES = 1 << 20
# calamine holds a whole sheet in memory (about 1.6 KiB a row of 20 columns); from this
# size on (roughly 300,000 rows) an xlsx is streamed instead, so memory stays flat.
STREAM_XLSX_BYTES = 40 << 20
CSV_DELIMITERS = ",\t;|"

csv.field_size_limit(1 << 24)


@dataclass
class Table:
    """Rows of one sheet; `first_row` is the sheet row number (1-based) of the first row."""

    sheet: str
    encoding: str
    first_row: int
    rows: Iterator[list[Cell]]


def file_require(path: Path) -> None:
    if not path.is_file():
        raise IntakeError("文件不存在 (file not found)", file=path.name)


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size, read in blocks so that any size fits in memory."""
    file_require(path)
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def file_kind(path: Path) -> str:
    file_require(path)
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if not head.strip():
        raise IntakeError("文件为空 (empty file)", file=path.name)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        return "xls"
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IntakeError(
            "不是 Excel 或 CSV 文件，而是其他二进制文件 (not a spreadsheet or CSV)", file=path.name
        )
    return "csv"


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    kind = file_kind(path)
    if kind == "csv":
        return _open_csv(path)
    return _open_workbook(path, kind, sheet)


def _open_workbook(path: Path, kind: str, sheet: str | None) -> Table:
    if kind == "xlsx" and path.stat().st_size >= STREAM_XLSX_BYTES:
        return _stream_xlsx(path, sheet)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises several unrelated types for broken files
        raise IntakeError(
            f"Excel 文件已损坏或不完整，无法打开 (corrupt or truncated {kind}): {error}",
            file=path.name,
        ) from error
    name = sheet if sheet is not None else _first_visible_sheet(workbook, path.name)
    if name not in workbook.sheet_names:
        raise IntakeError(
            f"没有名为「{name}」的工作表；文件中的工作表有：{'、'.join(workbook.sheet_names)}",
            file=path.name,
        )
    try:
        worksheet = workbook.get_sheet_by_name(name)
    except Exception as error:
        raise IntakeError(f"工作表「{name}」无法读取: {error}", file=path.name) from error
    first_row = (worksheet.start or (0, 0))[0] + 1
    rows = cast(Iterator[list[Cell]], worksheet.iter_rows())
    return Table(sheet=name, encoding="", first_row=first_row, rows=rows)


def _stream_xlsx(path: Path, sheet: str | None) -> Table:
    """openpyxl's read-only mode: a tenth of calamine's speed, but memory stays flat."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors alike
        raise IntakeError(
            f"Excel 文件已损坏或不完整，无法打开 (corrupt or truncated xlsx): {error}",
            file=path.name,
        ) from error
    visible = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
    name = sheet if sheet is not None else (visible[0] if visible else "")
    if name not in workbook.sheetnames:
        raise IntakeError(
            f"没有名为「{name}」的工作表；文件中的工作表有：{'、'.join(workbook.sheetnames)}",
            file=path.name,
        )
    rows = (
        ["" if value is None else value for value in row]
        for row in workbook[name].iter_rows(values_only=True)
    )
    return Table(sheet=name, encoding="", first_row=1, rows=rows)


def _first_visible_sheet(workbook: python_calamine.CalamineWorkbook, file_name: str) -> str:
    """Hidden sheets hold lookup lists; the data is on the first visible worksheet with cells."""
    for meta in workbook.sheets_metadata:
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            continue
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        if workbook.get_sheet_by_name(meta.name).height > 0:
            return str(meta.name)
    raise IntakeError("工作簿中没有含数据的可见工作表 (no visible sheet with data)", file=file_name)


def detect_encoding(sample: bytes) -> str:
    """UTF-8 and GB18030 are proven by decoding strictly; only other encodings are guessed."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    best = from_bytes(sample).best()
    if best is None:
        raise IntakeError("无法识别文件编码 (unknown text encoding)")
    return str(best.encoding)


def _open_csv(path: Path) -> Table:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    try:
        encoding = detect_encoding(sample)
    except IntakeError as error:
        raise IntakeError(error.message, file=path.name) from error
    head = sample[:65536].decode(encoding, errors="ignore")
    first_line = head.splitlines()[0] if head else ""
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    rows = _csv_rows(path, encoding, delimiter)
    return Table(sheet="", encoding=encoding, first_row=1, rows=rows)


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[list[Cell]]:
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            yield from reader
        except UnicodeDecodeError as error:
            raise IntakeError(
                f"第{reader.line_num + 1}行附近的字节不是 {encoding} 编码 (bad bytes)",
                file=path.name,
            ) from error
        except csv.Error as error:
            raise IntakeError(
                f"CSV 格式错误 (malformed CSV): {error}", file=path.name, row=reader.line_num
            ) from error
