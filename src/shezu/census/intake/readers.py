"""Open a department's file, whatever it is, as a stream of rows of cells.

The format is decided by the file's first bytes, not its name: departments rename
`.xls` files to `.xlsx` and send CSV with an Excel extension.
"""

import codecs
import csv
import hashlib
from collections.abc import Iterable, Iterator
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
# A UTF-8 or GB18030 file may hold one line in a hundred in another encoding (rows pasted
# from another system); more, and the encoding is not taken as proven.
BAD_LINES_PER_LINE = 100

csv.field_size_limit(1 << 24)


@dataclass
class Table:
    """Rows of one sheet or CSV file, from its first row and first column.

    `first_row` is the sheet row (1-based) of the first row; every reader starts at 1.
    """

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


def open_tables(path: Path, *, sheet: str | None = None) -> Iterator[Table]:
    """The tables the data may be on, in the order to look: a CSV's only table; in a
    workbook the named sheet, or else every visible worksheet with cells, first to last
    (a cover note or instructions sheet often comes before the data)."""
    kind = file_kind(path)
    if kind == "csv":
        yield _open_csv(path)
    elif kind == "xlsx" and path.stat().st_size >= STREAM_XLSX_BYTES:
        yield from _stream_xlsx(path, sheet)
    else:
        yield from _open_workbook(path, kind, sheet)


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    """The named sheet, or the first table `open_tables` offers."""
    return next(open_tables(path, sheet=sheet))


def _open_workbook(path: Path, kind: str, sheet: str | None) -> Iterator[Table]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises several unrelated types for broken files
        raise IntakeError(
            f"Excel 文件已损坏或不完整，无法打开 (corrupt or truncated {kind}): {error}",
            file=path.name,
        ) from error
    if sheet is not None:
        _sheet_require(sheet, workbook.sheet_names, path.name)
        names = [sheet]
    else:
        names = [str(meta.name) for meta in workbook.sheets_metadata if _is_visible_sheet(meta)]
    found = False
    for name in names:
        try:
            worksheet = workbook.get_sheet_by_name(name)
        except Exception as error:
            raise IntakeError(f"工作表「{name}」无法读取: {error}", file=path.name) from error
        if worksheet.height == 0 and sheet is None:
            continue
        found = True
        yield Table(sheet=name, encoding="", first_row=1, rows=_calamine_rows(worksheet))
    if not found:
        raise IntakeError(
            "工作簿中没有含数据的可见工作表 (no visible sheet with data)", file=path.name
        )


def _calamine_rows(worksheet: python_calamine.CalamineSheet) -> Iterator[list[Cell]]:
    """Rows from the sheet's row 1 and column A, so that positions are the ones Excel shows.

    python-calamine's iter_rows starts at row 1 (it yields the empty rows above the data)
    but at the first used column; a sheet whose column A is empty is padded back.
    """
    rows = cast(Iterator[list[Cell]], worksheet.iter_rows())
    skipped_columns = (worksheet.start or (0, 0))[1]
    if not skipped_columns:
        return rows
    padding: list[Cell] = [""] * skipped_columns
    return (padding + row for row in rows)


def _is_visible_sheet(meta: python_calamine.SheetMetadata) -> bool:
    """Hidden sheets hold lookup lists, chart sheets no cells."""
    return (
        meta.visible == python_calamine.SheetVisibleEnum.Visible
        and meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    )


def _sheet_require(name: str, names: list[str], file_name: str) -> None:
    if name not in names:
        raise IntakeError(
            f"没有名为「{name}」的工作表；文件中的工作表有：{'、'.join(names)}", file=file_name
        )


def _stream_xlsx(path: Path, sheet: str | None) -> Iterator[Table]:
    """openpyxl's read-only mode: a tenth of calamine's speed, but memory stays flat."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors alike
        raise IntakeError(
            f"Excel 文件已损坏或不完整，无法打开 (corrupt or truncated xlsx): {error}",
            file=path.name,
        ) from error
    if sheet is not None:
        _sheet_require(sheet, workbook.sheetnames, path.name)
        names = [sheet]
    else:
        names = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
    for name in names:
        rows = (
            ["" if value is None else value for value in row]
            for row in workbook[name].iter_rows(values_only=True)
        )
        yield Table(sheet=name, encoding="", first_row=1, rows=rows)


def detect_encoding(sample: bytes) -> str:
    """UTF-8 and GB18030 are proven by decoding; only other encodings are guessed.

    A file is proven UTF-8 (or GB18030) when the sample decodes strictly, or when all but
    a few of its lines do and some of those hold non-ASCII text (Chinese): a row pasted in
    from a system using the other encoding does not make the file something else; that
    row is rejected on import and the rest kept.
    """
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
    lines = sample.split(b"\n")
    if len(sample) == SAMPLE_BYTES:
        lines.pop()  # may end in the middle of a character
    for encoding in ("utf-8", "gb18030"):
        if _proven_but_for_a_few_lines(lines, encoding):
            return encoding
    best = from_bytes(sample).best()
    if best is None:
        raise IntakeError("无法识别文件编码 (unknown text encoding)")
    return str(best.encoding)


def _proven_but_for_a_few_lines(lines: list[bytes], encoding: str) -> bool:
    bad = non_ascii = 0
    for line in lines:
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            bad += 1
            continue
        non_ascii += not line.isascii()
    return non_ascii > 0 and bad <= max(1, len(lines) // BAD_LINES_PER_LINE)


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
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    if _ascii_compatible(codec) and (b"\n" in sample or b"\r" not in sample):
        rows = _csv_lines_rows(path, encoding, codec, delimiter)
    else:  # UTF-16, or lines ending in a bare CR (old Mac): only text mode splits those
        rows = _csv_text_rows(path, encoding, delimiter)
    return Table(sheet="", encoding=encoding, first_row=1, rows=rows)


class UndecodedRow(list[Cell]):
    """A CSV row holding bytes its file's encoding cannot decode.

    The cells are decoded with U+FFFD (�) for those bytes, so the department can see the
    row; intake rejects it and keeps every other row.
    """

    def __init__(self, cells: list[Cell], *, line: int, encoding: str) -> None:
        super().__init__(cells)
        self.line = line
        self.encoding = encoding

    @property
    def reason(self) -> str:
        return (
            f"文件第{self.line}行含有不是 {self.encoding} 编码的字节（显示为 �），该行无法读取"
            f" (bytes not valid in {self.encoding})"
        )


def _ascii_compatible(codec: str) -> bool:
    """True if the encoding writes a newline as the byte 0x0A and nothing else (not UTF-16)."""
    return '\n,"'.encode(codec) == b'\n,"'


def _csv_lines_rows(path: Path, encoding: str, codec: str, delimiter: str) -> Iterator[list[Cell]]:
    """Rows of a CSV decoded line by line, so that a line in another encoding costs one row.

    csv.reader takes lines one at a time and never reads ahead, so the lines with bad
    bytes since the last row are exactly those of the row it has just returned (a quoted
    cell may span several lines).
    """
    bad_lines: list[int] = []
    with path.open("rb") as handle:
        if encoding == "utf-8-sig":
            handle.seek(len(codecs.BOM_UTF8))
        reader = csv.reader(_decoded_lines(handle, codec, bad_lines), delimiter=delimiter)
        try:
            for row in cast(Iterator[list[Cell]], reader):  # csv gives str cells, a kind of Cell
                if bad_lines:
                    yield UndecodedRow(row, line=bad_lines[0], encoding=encoding)
                    bad_lines.clear()
                else:
                    yield row
        except csv.Error as error:
            raise IntakeError(
                f"CSV 格式错误 (malformed CSV): {error}", file=path.name, row=reader.line_num
            ) from error


def _decoded_lines(lines: Iterable[bytes], codec: str, bad_lines: list[int]) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        try:
            yield line.decode(codec)
        except UnicodeDecodeError:
            bad_lines.append(number)
            yield line.decode(codec, errors="replace")


def _csv_text_rows(path: Path, encoding: str, delimiter: str) -> Iterator[list[Cell]]:
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
